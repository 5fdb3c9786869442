// Behaviour pages ask for with data attributes, on every page: the Content-Security-Policy allows no inline script
// (no onclick/onsubmit) and no inline style.
//   <form data-confirm="…">   asks before the form is sent
//   <button data-print>       prints the page
//   <div data-width="42">     a progress bar's width in percent
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
          return heading.textContent.trim();
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
})();
