// Behaviour pages ask for with data attributes, on every page: the Content-Security-Policy allows no inline script
// (no onclick/onsubmit) and no inline style.
//   <form data-confirm="…">   asks before the form is sent
//   <button data-print>       prints the page
//   <div data-width="42">     a progress bar's width in percent
//   <form data-focus-field="id"> the field that takes the focus when the page loads
// and, without being asked: a table that scrolls sideways (.table-responsive on a phone) can be reached with Tab and
// scrolled with the arrow keys, named after its table's caption, label or the heading before it (WCAG 2.1.1).
(() => {
  "use strict";

  document.addEventListener("submit", event => {
    const message = event.target instanceof HTMLFormElement ? event.target.dataset.confirm : undefined;
    if (message && !window.confirm(message)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  document.addEventListener("click", event => {
    if (event.target instanceof Element && event.target.closest("[data-print]")) {
      window.print();
    }
  });

  for (const bar of document.querySelectorAll("[data-width]")) {
    bar.style.width = `${Number(bar.dataset.width) || 0}%`;
  }

  const scrollers = [...document.querySelectorAll(".table-responsive")];
  const nameOf = scroller => {
    const table = scroller.querySelector("table");
    const caption = table?.caption?.textContent || table?.getAttribute("aria-label");
    if (caption) {
      return caption.trim();
    }
    for (let element = scroller; element && element !== document.body; element = element.parentElement) {
      for (let before = element.previousElementSibling; before; before = before.previousElementSibling) {
        const heading = before.matches("h1, h2, h3, h4, h5, h6") ? before : before.querySelector("h1, h2, h3, h4, h5, h6");
        if (heading) {
          // The heading may already name the section around the table; the scroll region says it is the table.
          const table = document.documentElement.lang.startsWith("zh") ? "（表格）" : " (table)";
          return heading.textContent.trim() + table;
        }
      }
    }
    return document.title;
  };
  const markScrollers = () => {
    for (const scroller of scrollers) {
      if (scroller.scrollWidth > scroller.clientWidth + 1) {
        scroller.tabIndex = 0;
        scroller.setAttribute("role", "region");
        scroller.setAttribute("aria-label", nameOf(scroller));
      } else if (scroller.hasAttribute("tabindex")) {
        scroller.removeAttribute("tabindex");
        scroller.removeAttribute("role");
        scroller.removeAttribute("aria-label");
      }
    }
  };
  if (scrollers.length > 0) {
    markScrollers();
    window.addEventListener("resize", markScrollers);
  }

  // Errors are announced (<error-summary />, Infrastructure/Html/FormErrorTagHelpers.cs): the summary takes the focus
  // when the page loads, its links take the focus to their field, and a field's aria-describedby names only messages
  // that are on the page.
  const fieldOf = link => {
    const field = document.getElementById(link.hash.slice(1))
      ?? document.querySelector(`[name="${CSS.escape(link.dataset.field)}"]`);
    if (!field) return null;
    // A field a script has replaced (the region code behind its picker) hands over to the control that replaced it.
    const visible = field.getClientRects().length > 0 && field.type !== "hidden";
    return visible ? field : field.closest("[data-region-picker]")?.querySelector("input:not([type=hidden]), select") ?? null;
  };
  const summary = document.querySelector("[data-error-summary]");
  for (const link of summary?.querySelectorAll("a[data-field]") ?? []) {
    if (!document.getElementById(link.hash.slice(1)) && !document.querySelector(`[name="${CSS.escape(link.dataset.field)}"]`)) {
      link.replaceWith(...link.childNodes);
    }
  }
  summary?.addEventListener("click", event => {
    const link = event.target instanceof Element ? event.target.closest("a[data-field]") : null;
    const field = link ? fieldOf(link) : null;
    if (field) {
      event.preventDefault();
      field.focus();
      field.scrollIntoView({ block: "center" });
    }
  });
  for (const field of document.querySelectorAll("[aria-invalid=true][aria-describedby]")) {
    const ids = field.getAttribute("aria-describedby").split(/\s+/).filter(id => document.getElementById(id));
    if (ids.length > 0) field.setAttribute("aria-describedby", ids.join(" "));
    else field.removeAttribute("aria-describedby");
  }

  // Focus not obscured (WCAG 2.2, 2.4.11): on phones the wizard's action bar sticks to the bottom of the screen, and a
  // browser scrolls a field Tab reaches only until it is on screen, which can be under the bar. Such a field is
  // scrolled up above the bar (scroll-padding-bottom in site.css does the same for scrollIntoView and links).
  document.addEventListener("focusin", event => {
    const bar = document.querySelector(".sticky-actions");
    const field = event.target;
    if (!bar || !(field instanceof Element) || bar.contains(field) || getComputedStyle(bar).position !== "sticky") return;
    // After the browser's own scroll to the field, which follows the focus event and may be smooth (Bootstrap).
    const check = () => {
      if (document.activeElement !== field) return;
      const box = field.getBoundingClientRect();
      const barBox = bar.getBoundingClientRect();
      if (box.bottom > barBox.top && box.top < barBox.bottom) {
        window.scrollBy({ top: box.bottom - barBox.top + 8, behavior: "instant" });
      }
    };
    requestAnimationFrame(check);
    window.addEventListener("scrollend", check, { once: true });
  });

  // Where the focus goes when the page loads: the error summary, else a field the page names (data-focus-field), else
  // the element marked autofocus (browsers that ignore autofocus on a heading). Never away from where the user already is.
  const focusTarget = summary
    ?? document.getElementById(document.querySelector("[data-focus-field]")?.dataset.focusField ?? "")
    ?? document.querySelector("[autofocus]");
  if (focusTarget && (document.activeElement === document.body || document.activeElement === null || focusTarget === summary)) {
    focusTarget.focus();
  }
})();
