// Camera scanning for the checkpoint console: where the browser has the BarcodeDetector API (Chromium on Android
// and ChromeOS tablets), the camera button reads the traveler's QR code into the code field and submits.
(function () {
  "use strict";
  const button = document.getElementById("camera");
  const video = document.getElementById("preview");
  const input = document.getElementById("Code");
  if (!button || !video || !input || !("BarcodeDetector" in window) || !navigator.mediaDevices) return;
  button.hidden = false;
  button.addEventListener("click", async () => {
    const detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } });
    video.srcObject = stream;
    video.hidden = false;
    await video.play();
    const stop = () => { stream.getTracks().forEach(t => t.stop()); video.hidden = true; };
    const tick = async () => {
      const codes = await detector.detect(video).catch(() => []);
      if (codes.length > 0) {
        stop();
        input.value = codes[0].rawValue;
        input.form.requestSubmit(input.form.querySelector("[data-testid=scan]"));
        return;
      }
      requestAnimationFrame(tick);
    };
    tick();
  });
})();
