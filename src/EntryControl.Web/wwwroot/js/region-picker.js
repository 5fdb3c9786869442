// Region picker over the six-digit code input of [data-region-picker]. Without JavaScript the code input itself is the
// field; with it, a search box (ARIA 1.2 combobox with a listbox: a few characters of a county's name or the start of
// its code, arrows through the matches, Enter picks) and three cascading selects (province → prefecture → county) fill
// it in, and the designated areas of the chosen county (from the public registry) appear as checkboxes. A select loads
// the next level when a choice is committed (a pick with the mouse, Enter, or leaving the select), not on every arrow
// press through a closed select. With data-region-level="any" (the policy editor's key regions) a province or a city
// is a choice too: the search offers them, and the last level chosen in the selects is the code sent.
(function () {
  "use strict";
  const lang = document.documentElement.lang;
  const text = lang === "en"
    ? {
      province: "Province", prefecture: "City", county: "County", designated: "Designated areas of this county:", search: " · search",
      hint: "Type part of a county's name or the start of its code and choose with the arrow keys and Enter, or pick level by level below.",
      hintAny: "Type part of a province's, city's or county's name or the start of its code and choose with the arrow keys and Enter, or pick below: the last level chosen counts.",
      results: n => n === 0 ? "No matching county" : n === 1 ? "1 county found" : `${n} counties found`,
      resultsAny: n => n === 0 ? "No matching region" : n === 1 ? "1 region found" : `${n} regions found`,
    }
    : {
      province: "省份", prefecture: "城市", county: "区县", designated: "该区县的风险区域：", search: " · 搜索",
      hint: "输入区县名称的两三个字或代码开头，用方向键选择、回车确认；也可在下方逐级选择。",
      hintAny: "输入省、市或区县名称的两三个字或代码开头，用方向键选择、回车确认；也可在下方逐级选择，选到哪一级即为哪一级。",
      results: n => n === 0 ? "没有匹配的区县" : `找到 ${n} 个区县`,
      resultsAny: n => n === 0 ? "没有匹配的地区" : `找到 ${n} 个地区`,
    };
  let pickers = 0;

  async function children(parent) {
    const response = await fetch("/api/v1/regions" + (parent ? "?parent=" + encodeURIComponent(parent) : ""));
    return response.ok ? response.json() : [];
  }

  async function search(text, anyLevel) {
    const response = await fetch("/api/v1/regions?q=" + encodeURIComponent(text) + (anyLevel ? "&level=any" : ""));
    return response.ok ? response.json() : [];
  }

  async function region(code) {
    const response = await fetch("/api/v1/regions/" + encodeURIComponent(code));
    return response.ok ? response.json() : null;
  }

  function select(label, items, selected) {
    const element = document.createElement("select");
    element.className = "form-select";
    element.setAttribute("aria-label", label);
    element.append(new Option("— " + label + " —", ""));
    for (const item of items) {
      element.append(new Option(item.name, item.code, false, item.code === selected));
    }
    return element;
  }

  async function showAreas(picker, county) {
    // Only the stays of a trip list the designated areas; the admin forms have no target.
    const selector = picker.dataset.areasTarget;
    const target = selector ? document.querySelector(selector) : null;
    if (!target) return;
    const ticked = new Set(Array.from(target.querySelectorAll("input:checked")).map(i => i.value));
    target.replaceChildren();
    if (!county) return;
    // The list is paged (api.md, Conventions); one county's designations fit in the largest page.
    const response = await fetch("/api/v1/risk-areas?pageSize=500&region=" + encodeURIComponent(county));
    if (!response.ok) return;
    const names = [...new Set((await response.json()).items.map(a => a.area).filter(Boolean))];
    if (names.length === 0) return;
    const heading = document.createElement("div");
    heading.className = "small fw-semibold";
    heading.textContent = text.designated;
    target.append(heading);
    names.forEach((name, index) => {
      const wrapper = document.createElement("div");
      wrapper.className = "form-check form-check-inline";
      const input = document.createElement("input");
      input.type = "checkbox";
      input.className = "form-check-input";
      input.name = picker.dataset.areasName;
      input.value = name;
      input.id = picker.dataset.areasName + "-" + index;
      input.checked = ticked.has(name);
      const label = document.createElement("label");
      label.className = "form-check-label";
      label.htmlFor = input.id;
      label.textContent = name;
      wrapper.append(input, label);
      target.append(wrapper);
    });
  }

  async function enhance(picker) {
    const input = picker.querySelector("input.region-code");
    if (!input) return;
    const id = "region-picker-" + ++pickers;
    const anyLevel = picker.dataset.regionLevel === "any";
    const label = picker.querySelector("label[for='" + CSS.escape(input.id) + "']");

    // The search box takes over the code input's label, and its error state, as the field the user fills in.
    const box = document.createElement("div");
    box.className = "region-search position-relative mb-1";
    const combo = document.createElement("input");
    combo.type = "text";
    combo.id = id + "-search";
    combo.className = "form-control";
    combo.autocomplete = "off";
    combo.setAttribute("role", "combobox");
    combo.setAttribute("aria-autocomplete", "list");
    combo.setAttribute("aria-expanded", "false");
    combo.setAttribute("aria-controls", id + "-listbox");
    const hint = document.createElement("div");
    hint.id = id + "-hint";
    hint.className = "form-text";
    hint.textContent = anyLevel ? text.hintAny : text.hint;
    const described = [input.getAttribute("aria-describedby"), hint.id].filter(Boolean).join(" ");
    combo.setAttribute("aria-describedby", described);
    if (input.getAttribute("aria-invalid") === "true") combo.setAttribute("aria-invalid", "true");
    const list = document.createElement("ul");
    list.id = id + "-listbox";
    list.className = "region-options list-group shadow-sm";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    // Named apart from the county select below, which a form may label the same ("区县").
    if (label) {
      combo.setAttribute("aria-label", label.textContent.trim() + text.search);
      list.setAttribute("aria-label", label.textContent.trim());
    }
    const status = document.createElement("div");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    box.append(combo, list, status);
    if (label) label.htmlFor = combo.id;

    const row = document.createElement("div");
    row.className = "row g-1 region-selects";
    const cells = [0, 1, 2].map(() => { const c = document.createElement("div"); c.className = "col-12 col-sm-4"; row.append(c); return c; });
    input.insertAdjacentElement("beforebegin", box);
    input.insertAdjacentElement("beforebegin", hint);
    input.insertAdjacentElement("beforebegin", row);
    input.type = "hidden";

    const current = input.value && /^\d{6}$/.test(input.value) ? await region(input.value) : null;
    const provinceCode = current ? input.value.slice(0, 2) + "0000" : "";
    const prefectureCode = !current || current.level === "province" ? "" : current.level === "county" ? current.parent : input.value;
    if (current) combo.value = current.fullName;

    // Each change bumps the generation, so an answer that arrives after a newer choice is dropped
    // instead of putting back the cities or counties of the province chosen before.
    let generation = 0;

    async function fill(level, parent, selected) {
      const mine = ++generation;
      for (let i = level; i < 3; i++) cells[i].replaceChildren();
      if (level > 0 && !parent) return;
      const items = await children(parent);
      if (mine !== generation) return;
      const labels = [text.province, text.prefecture, text.county];
      const element = select(labels[level], items, selected);
      cells[level].append(element);
      let committed = element.value;
      let browsing = false;
      async function commit() {
        browsing = false;
        if (element.value === committed) return;
        committed = element.value;
        const code = element.value;
        const chosen = items.find(item => item.code === code);
        if (level < 2) {
          input.value = "";
          await showAreas(picker, "");
          await fill(level + 1, code, "");
          if (anyLevel) {
            // The level chosen last is the region; "—" at the city level falls back to the province.
            const province = cells[0].querySelector("select");
            const fallback = level === 1 && province ? province.value : "";
            input.value = code || fallback;
            combo.value = chosen ? chosen.fullName : fallback ? (await region(fallback))?.fullName ?? "" : "";
          }
          // A prefecture-level city without counties is itself the county.
          const counties = cells[2].querySelector("select");
          if (code && level === 1 && counties && counties.options.length === 1) {
            input.value = code;
            combo.value = chosen ? chosen.fullName : "";
            await showAreas(picker, code);
          }
        } else {
          input.value = code;
          combo.value = chosen ? chosen.fullName : "";
          await showAreas(picker, code);
        }
      }
      // An arrow key (or a letter) on a closed select changes its value at once: that is browsing, not choosing.
      element.addEventListener("keydown", event => {
        if (event.key === "Enter" && element.value !== committed) {
          event.preventDefault();
          commit();
        } else if (!event.altKey && (event.key.startsWith("Arrow") || ["Home", "End", "PageUp", "PageDown"].includes(event.key) || event.key.length === 1)) {
          browsing = true;
        }
      });
      element.addEventListener("change", () => { if (!browsing) commit(); });
      element.addEventListener("blur", () => commit());
    }

    // The search box.
    let matches = [];
    let active = -1;
    let searching = 0;
    let timer = 0;

    function close() {
      list.hidden = true;
      list.replaceChildren();
      combo.setAttribute("aria-expanded", "false");
      combo.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      active = index;
      list.querySelectorAll("[role=option]").forEach((option, i) => {
        option.setAttribute("aria-selected", i === index ? "true" : "false");
        option.classList.toggle("active", i === index);
        if (i === index) option.scrollIntoView({ block: "nearest" });
      });
      if (index >= 0) combo.setAttribute("aria-activedescendant", id + "-option-" + index);
      else combo.removeAttribute("aria-activedescendant");
    }

    function show(items) {
      matches = items;
      list.replaceChildren(...items.map((item, i) => {
        const option = document.createElement("li");
        option.id = id + "-option-" + i;
        option.className = "list-group-item list-group-item-action";
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.dataset.code = item.code;
        option.textContent = item.fullName + " · " + item.code;
        // Keep the focus in the search box while the mouse picks.
        option.addEventListener("mousedown", event => event.preventDefault());
        option.addEventListener("click", () => pick(item));
        return option;
      }));
      list.hidden = items.length === 0;
      combo.setAttribute("aria-expanded", items.length > 0 ? "true" : "false");
      status.textContent = (anyLevel ? text.resultsAny : text.results)(items.length);
      highlight(items.length > 0 ? 0 : -1);
    }

    async function pick(item) {
      close();
      combo.value = item.fullName;
      input.value = item.code;
      combo.removeAttribute("aria-invalid");
      const province = item.code.slice(0, 2) + "0000";
      const prefecture = item.level === "county" ? item.parent : item.level === "prefecture" ? item.code : "";
      await fill(0, null, province);
      await fill(1, province, prefecture);
      if (item.level === "county") await fill(2, prefecture, item.code);
      // A city picked where any level counts still offers its counties, to narrow down to one.
      else if (anyLevel && prefecture) await fill(2, prefecture, "");
      await showAreas(picker, item.code);
    }

    combo.addEventListener("input", () => {
      clearTimeout(timer);
      const typed = combo.value.trim();
      // Digits narrow slowly: two of them before asking; one character of a name is already a useful start.
      if (typed.length === 0 || (/^\d+$/.test(typed) && typed.length < 2)) {
        searching++;
        close();
        return;
      }
      timer = setTimeout(async () => {
        const mine = ++searching;
        const items = await search(typed, anyLevel);
        if (mine === searching && document.activeElement === combo) show(items);
      }, 150);
    });

    combo.addEventListener("keydown", event => {
      const open = !list.hidden;
      if (event.key === "ArrowDown" && open) {
        event.preventDefault();
        highlight(Math.min(active + 1, matches.length - 1));
      } else if (event.key === "ArrowUp" && open) {
        event.preventDefault();
        highlight(Math.max(active - 1, 0));
      } else if (event.key === "Enter" && open && active >= 0) {
        // Enter picks; with the list closed it is the form's Enter (the next step).
        event.preventDefault();
        pick(matches[active]);
      } else if (event.key === "Escape" && open) {
        event.preventDefault();
        close();
      }
    });
    combo.addEventListener("blur", () => {
      close();
      // What was typed and not picked does not stay in the box: it shows the region the form will send.
      if (combo.value.trim() === "" && input.value) {
        // An emptied box clears the region.
        input.value = "";
        fill(0, null, "");
        showAreas(picker, "");
        return;
      }
      const chosen = input.value;
      if (!chosen) return;
      region(chosen).then(found => { if (found && document.activeElement !== combo) combo.value = found.fullName; });
    });

    await fill(0, null, provinceCode);
    if (provinceCode) await fill(1, provinceCode, prefectureCode);
    if (prefectureCode && current && current.level === "county") await fill(2, prefectureCode, input.value);
  }

  document.querySelectorAll("[data-region-picker]").forEach(enhance);
})();
