// Declaration wizard, step 2: warns while the traveler chooses, when the arrival is closer than the advance period of
// the chosen community's policy (the server renders the same warning when the step is shown again or posted).
(function () {
  "use strict";
  const warning = document.querySelector("[data-testid=late-warning]");
  const community = document.getElementById("Declaration_Community");
  const date = document.getElementById("Input_ArrivalDate");
  const time = document.getElementById("Input_ArrivalTime");
  if (!warning || !community || !date || !time) return;
  // Measured from the server's clock when the page was made plus the time spent on the page since.
  const serverNow = Number(warning.dataset.now);
  const loadedAt = Date.now();

  function update() {
    const option = community.selectedOptions[0];
    const days = option ? Number(option.dataset.advanceDays) : NaN;
    if (!option || !option.dataset.advanceRule || !days || !/^\d{4}-\d{2}-\d{2}$/.test(date.value)) {
      warning.hidden = true;
      return;
    }
    // The form's date and time are China time (UTC+8).
    const arrival = Date.parse(date.value + "T" + (time.value || "00:00") + ":00+08:00");
    const now = serverNow + (Date.now() - loadedAt);
    if (Number.isNaN(arrival) || arrival - now >= days * 86400000) {
      warning.hidden = true;
      return;
    }
    warning.textContent = option.dataset.advanceRule + warning.dataset.lateTemplate.replace("{0}", String(days));
    warning.hidden = false;
  }

  [community, date, time].forEach(element => element.addEventListener("change", update));
  [date, time].forEach(element => element.addEventListener("input", update));
})();
