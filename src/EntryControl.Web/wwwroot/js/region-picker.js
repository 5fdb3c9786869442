// Cascading province → prefecture → county picker over the six-digit code input of [data-region-picker].
// Without JavaScript the code input itself is the field; with it, three selects fill it in and the designated
// areas of the chosen county (from the public registry) appear as checkboxes.
(function () {
  "use strict";
  const lang = document.documentElement.lang;
  const text = lang === "en"
    ? { province: "Province", prefecture: "City", county: "County", designated: "Designated areas of this county:" }
    : { province: "省份", prefecture: "城市", county: "区县", designated: "该区县的风险区域：" };

  async function children(parent) {
    const response = await fetch("/api/v1/regions" + (parent ? "?parent=" + encodeURIComponent(parent) : ""));
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
    const row = document.createElement("div");
    row.className = "row g-1 region-selects";
    const cells = [0, 1, 2].map(() => { const c = document.createElement("div"); c.className = "col-12 col-sm-4"; row.append(c); return c; });
    input.insertAdjacentElement("beforebegin", row);
    input.type = "hidden";

    const current = input.value && /^\d{6}$/.test(input.value) ? await region(input.value) : null;
    const provinceCode = current ? input.value.slice(0, 2) + "0000" : "";
    const prefectureCode = current ? (current.level === "county" ? current.parent : input.value) : "";

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
      element.addEventListener("change", async () => {
        const code = element.value;
        if (level < 2) {
          input.value = "";
          await showAreas(picker, "");
          await fill(level + 1, code, "");
          // A prefecture-level city without counties is itself the county.
          const counties = cells[2].querySelector("select");
          if (code && level === 1 && counties && counties.options.length === 1) {
            input.value = code;
            await showAreas(picker, code);
          }
        } else {
          input.value = code;
          await showAreas(picker, code);
        }
      });
    }

    await fill(0, null, provinceCode);
    if (provinceCode) await fill(1, provinceCode, prefectureCode);
    if (prefectureCode && current && current.level === "county") await fill(2, prefectureCode, input.value);
  }

  document.querySelectorAll("[data-region-picker]").forEach(enhance);
})();
