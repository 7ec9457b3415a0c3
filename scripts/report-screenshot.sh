#!/usr/bin/env bash
# Renders `okrctl report` for the walk-through data in headless Chromium and saves a screenshot,
# so a person (or a test) can check the page looks right in a real browser.
# Usage: scripts/report-screenshot.sh [OUT.png]   (after `swift build`; needs chromium: apt-get install chromium)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-report.png}
bin=.build/debug
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
[ -n "$browser" ] || { echo "report-screenshot: no chromium on PATH (apt-get install chromium)" >&2; exit 3; }
work=$(mktemp -d)
trap 'kill "$daemon" 2>/dev/null || true; wait "$daemon" 2>/dev/null || true; rm -rf "$work"' EXIT
"$bin/okrd" --data "$work/data" --socket "$work/okrd.sock" 2>"$work/okrd.log" &
daemon=$!
export OKR_SOCKET="$work/okrd.sock"
for _ in $(seq 100); do "$bin/okrctl" ping >/dev/null 2>&1 && break; sleep 0.1; done
c() { "$bin/okrctl" "$@" >/dev/null; }
c apply -f docs/okrs.example.toml
for row in "onboarding.completion 60 2026-01-01" "onboarding.completion 64 2026-01-15" "onboarding.completion 70 2026-02-01" \
           "onboarding.completion 72.5 2026-02-15" "onboarding.completion 74 2026-03-01" "ttfv.hours 44 2026-01-05" \
           "ttfv.hours 36 2026-01-20" "ttfv.hours 25 2026-02-10" "ttfv.hours 18 2026-03-01" "setup.completion 40 2026-01-03" \
           "setup.completion 48 2026-02-01" "setup.completion 52 2026-03-01" "guided_setup.shipped 0 2026-01-02" "guided_setup.shipped 1 2026-02-20"; do
  set -- $row; c observe "$1" "$2" --at "$3"
done
for row in "onboarding-completion 6 2026-01-09" "onboarding-completion 7 2026-01-23" "onboarding-completion 8 2026-02-06" \
           "onboarding-completion 7 2026-02-27" "time-to-value 4 2026-01-09" "time-to-value 6 2026-02-06" "setup-completion 5 2026-02-06"; do
  set -- $row; c checkin "$1" --confidence "$2" --at "$3"
done
c insight add "New users stall at workspace setup" --on onboarding-completion --expires 2026-02-20 --evidence "12 interviews"
c link onboarding-completion JIRA-123 --title "Guided workspace setup"
"$bin/okrctl" report --cycle 2026-Q1 --as-of 2026-03-05 --out "$work/report.html"
"$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1280,2400 \
  --screenshot="$work/shot.png" "file://$work/report.html" >/dev/null 2>&1
cp "$work/shot.png" "$out"
cp "$work/report.html" "${out%.png}.html"
echo "wrote $out and ${out%.png}.html"
