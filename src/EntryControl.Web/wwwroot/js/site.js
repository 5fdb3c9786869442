// Behaviour pages ask for with data attributes, on every page: the Content-Security-Policy allows no inline script
// (no onclick/onsubmit) and no inline style.
//   <form data-confirm="…">   asks before the form is sent
//   <button data-print>       prints the page
//   <div data-width="42">     a progress bar's width in percent
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
})();
