#!/usr/bin/env bash
# Sign-in timing (issue item 4): does POST /api/v1/auth/login answer an unknown email as slowly as a known email with a
# wrong password? Alternates the two, N times each, over loopback, and prints the median and p90 of each and the
# median difference (target: < 5 ms).
#
# The portal must run on loopback with the production password hasher (PBKDF2, 100,000 rounds: any build, the test
# host's 1-round override is not involved) and with the sign-in limits raised, or the limits answer 429 after a few
# attempts and nothing is measured. For example, in Development with the demo accounts:
#
#   Auth__SignInPermitPerMinute=1000000 Auth__MaxFailedAccessAttempts=1000000 Auth__AccountMaxFailedAttempts=1000000 \
#     dotnet run --project src/EntryControl.Web --no-build -- --urls http://127.0.0.1:5391
# (--urls, not ASPNETCORE_URLS: dotnet run's launch profile would override the variable.)
#   bench/signin-timing.sh http://127.0.0.1:5391 admin@demo.entrycontrol.cn 200
set -euo pipefail
base=${1:-http://127.0.0.1:5391}
known=${2:-admin@demo.entrycontrol.cn}
n=${3:-200}
case "$base" in http://127.0.0.1:*|http://localhost:*|http://\[::1\]:*) ;; *) echo "loopback only: $base" >&2; exit 2;; esac
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

attempt() { # email -> seconds
  curl -s -o /dev/null -w '%{time_total}\n' -H 'Content-Type: application/json' \
    --data "{\"email\":\"$1\",\"password\":\"not-the-password-$RANDOM\"}" "$base/api/v1/auth/login"
}
status() {
  curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
    --data "{\"email\":\"$1\",\"password\":\"not-the-password\"}" "$base/api/v1/auth/login"
}

# Warm-up (JIT, connection pool), and a check that the limits do not answer instead of the sign-in.
for _ in $(seq 1 10); do attempt "$known" >/dev/null; attempt "nobody-warmup@example.invalid" >/dev/null; done
for email in "$known" "nobody@example.invalid"; do
  code=$(status "$email"); [ "$code" = 401 ] || { echo "expected 401 for $email, got $code (limits not raised?)" >&2; exit 1; }
done

for i in $(seq 1 "$n"); do
  attempt "$known" >>"$work/known"
  attempt "nobody-$i@example.invalid" >>"$work/unknown"
done

stats() { # file -> "median p90" in ms
  sort -g "$1" | awk '{ v[NR] = $1 * 1000 } END { printf "%.2f %.2f", v[int((NR + 1) / 2)], v[int(NR * 0.9)] }'
}
read -r km kp <<<"$(stats "$work/known")"
read -r um up <<<"$(stats "$work/unknown")"
echo "attempts each: $n"
echo "known email, wrong password: median ${km} ms, p90 ${kp} ms"
echo "unknown email:               median ${um} ms, p90 ${up} ms"
# Each known attempt is followed by an unknown one: the median of the pairs' differences is less disturbed by a
# machine whose load changes during the run than the difference of the two medians.
paired=$(paste "$work/known" "$work/unknown" | awk '{ print ($1 - $2) * 1000 }' | sort -g | awk '{ v[NR] = $1 } END { printf "%.2f", v[int((NR + 1) / 2)] }')
echo "median of paired differences (known - unknown): ${paired} ms"
awk -v a="$km" -v b="$um" 'BEGIN { d = a - b; if (d < 0) d = -d; printf "difference of the medians: %.2f ms (target < 5 ms): %s\n", d, (d < 5 ? "PASS" : "FAIL"); exit (d < 5 ? 0 : 1) }'
