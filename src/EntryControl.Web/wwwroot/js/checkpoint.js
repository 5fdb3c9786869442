// Camera scanning for the checkpoint console: the camera button reads the traveler's QR code into the code field and
// submits. Where the browser has no BarcodeDetector API (it exists on Android, ChromeOS and macOS, not on desktop
// Linux or Windows), the vendored polyfill (ZXing compiled to WebAssembly) is loaded from this server, .wasm included.
(function () {
  "use strict";
  const button = document.getElementById("camera");
  const video = document.getElementById("preview");
  const input = document.getElementById("Code");
  const status = document.getElementById("camera-status");
  // What the officer needs to know when the camera does not come up: why, and that typing still works.
  const say = key => {
    if (!status) return;
    status.textContent = key ? status.dataset[key] : "";
    status.hidden = !key;
    status.classList.toggle("text-danger", key !== "starting");
  };
  if (!button || !video || !input) return;
  if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
    // No camera API at all (an insecure origin or an old browser): the button stays away and the console says why.
    say("unavailable");
    return;
  }

  function loadPolyfill() {
    return new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = button.dataset.polyfill;
      script.onload = () => {
        const wasm = new URL(button.dataset.wasm, document.baseURI).href;
        // Before any detector is made: by default the polyfill fetches its .wasm from a CDN.
        window.BarcodeDetectionAPI.prepareZXingModule({
          overrides: { locateFile: (path, prefix) => path.endsWith(".wasm") ? wasm : prefix + path },
        });
        resolve();
      };
      script.onerror = reject;
      document.head.appendChild(script);
    });
  }

  const ready = "BarcodeDetector" in window ? Promise.resolve() : loadPolyfill();
  ready.then(() => { button.hidden = false; }, () => { /* no camera scanning; typing the code still works */ });

  button.addEventListener("click", async () => {
    const detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    let stream;
    say("starting");
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } });
    } catch (error) {
      // Permission refused, or no camera at all: say which; the code can still be typed.
      say(error && (error.name === "NotAllowedError" || error.name === "SecurityError") ? "denied" : "missing");
      input.focus();
      return;
    }
    say(null);
    video.srcObject = stream;
    video.hidden = false;
    await video.play();
    const stop = () => { stream.getTracks().forEach(t => t.stop()); video.hidden = true; };
    const tick = async () => {
      const codes = await detector.detect(video).catch(() => []);
      if (codes.length > 0) {
        stop();
        input.value = codes[0].rawValue;
        // Every traveler's temperature is taken: without one (or a reason it was not) the officer is asked for it first.
        const temperature = document.getElementById("Temperature");
        const notMeasured = document.getElementById("NotMeasured");
        const exit = document.getElementById("direction-exit");
        if (temperature && !temperature.value && !(notMeasured && notMeasured.checked) && !(exit && exit.checked)) {
          temperature.focus();
          return;
        }
        input.form.requestSubmit(input.form.querySelector("[data-testid=scan]"));
        return;
      }
      requestAnimationFrame(tick);
    };
    tick();
  });
})();

// Offline queue: when the network is down, a scan is kept in this browser (with the time it was taken and an
// Idempotency-Key) and sent to POST /api/v1/scans when the network returns; the banner shows how many wait.
(function () {
  "use strict";
  const banner = document.getElementById("queue");
  const form = document.querySelector("[data-testid=scan-form]");
  if (!banner || !form) return;
  const storageKey = "entrycontrol.scanQueue." + banner.dataset.checkpoint;
  const load = () => JSON.parse(localStorage.getItem(storageKey) || "[]");
  const save = queue => localStorage.setItem(storageKey, JSON.stringify(queue));
  // Queued scans the portal refused (an unknown code, say): kept until the officer has dealt with them.
  const rejectedKey = storageKey + ".rejected";
  const rejectedBox = document.getElementById("rejected");
  const loadRejected = () => JSON.parse(localStorage.getItem(rejectedKey) || "[]");

  function showRejected() {
    if (!rejectedBox) return;
    const rejected = loadRejected();
    rejectedBox.hidden = rejected.length === 0;
    rejectedBox.querySelector("ul").replaceChildren(...rejected.map(item => {
      const line = document.createElement("li");
      const time = new Date(item.at).toLocaleTimeString("zh-CN", { hour: "2-digit", minute: "2-digit", timeZone: "Asia/Shanghai" });
      line.textContent = time + " · " + item.what + " · " + item.reason;
      return line;
    }));
  }

  rejectedBox?.querySelector("[data-testid=rejected-dismiss]").addEventListener("click", () => {
    localStorage.removeItem(rejectedKey);
    showRejected();
  });

  function show() {
    const waiting = load().length;
    banner.hidden = waiting === 0 && navigator.onLine;
    banner.textContent = (navigator.onLine ? "" : banner.dataset.offline + " ") + banner.dataset.text.replace("{0}", waiting);
  }

  // The day's list is drawn by the server: after queued scans are sent, fetch the page again and swap the list in.
  async function refreshToday() {
    const today = document.querySelector("[data-testid=today]");
    try {
      const page = new DOMParser().parseFromString(await (await fetch(location.pathname)).text(), "text/html");
      const fresh = page.querySelector("[data-testid=today]");
      if (today && fresh) today.replaceWith(fresh);
    } catch {
      // offline again: the list catches up on the next page load
    }
  }

  async function flush() {
    let queue = load();
    let sent = 0;
    while (queue.length > 0 && navigator.onLine) {
      const scan = queue[0];
      let response;
      try {
        response = await fetch("/api/v1/scans", {
          method: "POST",
          headers: { "Content-Type": "application/json", "Idempotency-Key": scan.key },
          body: JSON.stringify(scan.body),
        });
      } catch {
        break; // still offline
      }
      if (response.status === 401 || response.status >= 500) break; // sign in again / try later
      if (!response.ok) {
        let reason = String(response.status);
        try {
          const problem = await response.json();
          reason = problem.detail || Object.values(problem.errors || {}).flat().join(" ") || problem.title || reason;
        } catch {
          // not a problem document: the status says enough
        }
        const rejected = loadRejected();
        rejected.push({ what: scan.body.code || scan.body.idNumber, at: scan.body.scannedAt, reason });
        localStorage.setItem(rejectedKey, JSON.stringify(rejected));
      }
      queue = load().slice(1);
      save(queue);
      sent++;
    }
    show();
    showRejected();
    if (sent > 0) await refreshToday();
  }

  form.addEventListener("submit", event => {
    if (navigator.onLine) return;
    event.preventDefault();
    const data = new FormData(form);
    const text = (data.get("Code") || "").trim();
    const byId = /^\d{17}[\dXx]$/.test(text);
    const temperature = parseFloat(data.get("Temperature"));
    const sampledAt = data.get("SampledAt");
    const healthCode = data.get("HealthCode") || null;
    const star = data.getAll("ItineraryStar").includes("true");
    const queue = load();
    queue.push({
      key: crypto.randomUUID(),
      body: {
        code: byId ? null : text,
        idNumber: byId ? text : null,
        checkpoint: banner.dataset.checkpoint,
        temperatureCelsius: Number.isNaN(temperature) ? null : temperature,
        nucleicAcidTest: data.getAll("CertificateShown").includes("true") && sampledAt ? { sampledAt: sampledAt + ":00+08:00", result: data.get("CertificateResult") } : null,
        scannedAt: new Date().toISOString(),
        // As the console posts it: the star counts as looked at only when a colour was recorded with it.
        healthCode,
        itineraryStar: star ? true : healthCode ? false : null,
        temperatureNotMeasured: Number.isNaN(temperature) && data.getAll("NotMeasured").includes("true") ? (data.get("NotMeasuredReason") || "").trim() || null : null,
        direction: data.get("Direction") || "entry",
      },
    });
    save(queue);
    const direction = data.get("Direction");
    form.reset();
    // The switch stays where the officer put it: an exit lane scans exit after exit.
    if (direction) form.querySelector(`input[name="Direction"][value="${direction}"]`).checked = true;
    show();
  });

  window.addEventListener("online", flush);
  window.addEventListener("offline", show);
  show();
  showRejected();
  flush();
})();

// The certificate's fields only when the officer says one is shown (without script they are always there).
(function () {
  "use strict";
  const toggle = document.getElementById("CertificateShown");
  const fields = document.getElementById("certificate");
  if (!toggle || !fields) return;
  const sync = () => { fields.hidden = !toggle.checked; };
  toggle.addEventListener("change", sync);
  sync();
})();

// The reason for a temperature not taken only when the officer ticks "未能测温" (without script it is always there).
(function () {
  "use strict";
  const toggle = document.getElementById("NotMeasured");
  const fields = document.getElementById("not-measured");
  if (!toggle || !fields) return;
  const sync = () => { fields.hidden = !toggle.checked; };
  toggle.addEventListener("change", sync);
  sync();
})();
