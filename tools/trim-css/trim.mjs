// Writes wwwroot/lib/bootstrap/dist/css/bootstrap.trimmed.min.css: Bootstrap's own minified CSS without the rules
// whose selectors name a class, id or element that no page, script or C# file of the portal mentions.
// Run after adding a Bootstrap class to a page: `npm ci && node trim.mjs` (the web test
// TrimmedStylesheetTests fails until you do).
import { PurgeCSS } from "purgecss";
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";

const here = path.dirname(fileURLToPath(import.meta.url));
const web = path.resolve(here, "../../src/EntryControl.Web");
const css = path.join(web, "wwwroot/lib/bootstrap/dist/css");

const [result] = await new PurgeCSS().purge({
  css: [path.join(css, "bootstrap.min.css")],
  // Every token of these files counts as used (PurgeCSS's default extractor: runs of [A-Za-z0-9_-]), as the test reads them.
  content: [
    path.join(web, "Pages/**/*.cshtml"),
    path.join(web, "**/*.cs"),
    path.join(web, "wwwroot/js/**/*.js"),
    // The classes Bootstrap's own scripts toggle (show, collapsing, dropdown placement…).
    path.join(web, "wwwroot/lib/bootstrap/dist/js/bootstrap.bundle.min.js"),
  ],
  // Classes pages build from a value: text-bg-@(…). Attributes Bootstrap's scripts set under a computed name: the
  // dropdown marks a menu it does not position with Popper (the navbar's) data-bs-popper="static".
  safelist: { standard: [/^text-bg-/], greedy: [/data-bs-popper/] },
  // Keep every custom property and keyframes: rules that survive may use them.
  variables: false,
  keyframes: false,
  fontFace: false,
});

// Bootstrap's licence comment stays in; the source map would describe the whole file, so its reference goes.
const body = result.css.replace(/\/\*# sourceMappingURL=.*?\*\//, "").trim() + "\n";
writeFileSync(path.join(css, "bootstrap.trimmed.min.css"), body);
console.log(`bootstrap.trimmed.min.css: ${Buffer.byteLength(body)} bytes (from ${readFileSync(path.join(css, "bootstrap.min.css")).length})`);
