#!/usr/bin/env bash
# Lighthouse, mobile form factor (simulated slow 4G and a 4x slower CPU), performance only, on the pages a traveler
# opens first. Against a running portal on loopback:
#   dotnet run --project src/EntryControl.Web -c Release -- --urls http://127.0.0.1:5300   (another terminal)
#   bench/lighthouse/run.sh http://127.0.0.1:5300 [pages…]
# Prints one line per page (score, FCP, LCP, speed index, TBT, CLS) and keeps the reports in bench/lighthouse/out/.
# Uses the system Chromium (Debian `chromium`), never a downloaded one.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
base="${1:?usage: run.sh BASE_URL [path ...]}"
shift
case "$base" in
  http://127.0.0.1:*|http://localhost:*|http://\[::1\]:*) ;;
  *) echo "run.sh measures a portal on loopback only" >&2; exit 2 ;;
esac
pages=("$@")
[ ${#pages[@]} -gt 0 ] || pages=(/ /declare /lookup)
[ -x "$here/node_modules/.bin/lighthouse" ] || (cd "$here" && npm ci --no-audit --no-fund >/dev/null)
mkdir -p "$here/out"
export CHROME_PATH="${CHROME_PATH:-$(command -v chromium)}"
for page in "${pages[@]}"; do
  name="$(echo "$page" | tr -c 'A-Za-z0-9\n' '_' | sed 's/^_*//')"; name="${name:-home}"
  "$here/node_modules/.bin/lighthouse" "$base$page" --only-categories=performance --form-factor=mobile \
    --chrome-flags="--headless=new --no-sandbox" --output=json --output=html --output-path="$here/out/$name" --quiet
  node -e '
    const r = require(process.argv[1]); const a = r.audits;
    const v = k => a[k].displayValue.replace(/\u00a0/g, " ");
    console.log([process.argv[2], Math.round(r.categories.performance.score * 100), "FCP " + v("first-contentful-paint"),
      "LCP " + v("largest-contentful-paint"), "SI " + v("speed-index"), "TBT " + v("total-blocking-time"),
      "CLS " + v("cumulative-layout-shift")].join("  "));' "$here/out/$name.report.json" "$page"
done
