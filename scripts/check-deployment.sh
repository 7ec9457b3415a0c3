#!/usr/bin/env bash
# Deployment checks run by CI after `make test` (as root, on a throwaway machine):
# install for real, check the unit with systemd-analyze, and the Prometheus export with promtool.
set -euo pipefail
cd "$(dirname "$0")/.."
fail() { echo "check-deployment: $*" >&2; exit 1; }

make install PREFIX=/usr
unit=/usr/lib/systemd/system/okrd.service

echo "== systemd-analyze verify $unit"
verify=$(systemd-analyze verify "$unit" 2>&1 || true)
[ -z "$verify" ] || fail "systemd-analyze verify is not clean: $verify"

echo "== systemd-analyze security --offline=yes $unit"
exposure=$(systemd-analyze security --offline=yes "$unit" 2>/dev/null | sed -n 's/.*Overall exposure level for okrd.service: \([0-9.]*\).*/\1/p')
echo "exposure: $exposure"
[ -n "$exposure" ] || fail "no exposure level reported"
awk -v e="$exposure" 'BEGIN { exit !(e <= 2.0) }' || fail "exposure $exposure is above 2.0"

echo "== promtool check metrics on a real export"
work=$(mktemp -d)
/usr/bin/okrd --data "$work/data" --socket "$work/okrd.sock" 2>"$work/okrd.log" &
daemon=$!
trap 'kill $daemon 2>/dev/null || true; wait $daemon 2>/dev/null || true; rm -rf "$work"' EXIT
export OKR_SOCKET="$work/okrd.sock"
for _ in $(seq 100); do /usr/bin/okrctl ping >/dev/null 2>&1 && break; sleep 0.1; done
/usr/bin/okrctl apply -f docs/okrs.example.toml >/dev/null
/usr/bin/okrctl observe onboarding.completion 70 --at 2026-02-01
/usr/bin/okrctl checkin onboarding-completion --confidence 7 --at 2026-02-02
/usr/bin/okrctl export --format prometheus --cycle 2026-Q1 > "$work/okr.prom"
promtool check metrics < "$work/okr.prom" || fail "promtool rejected the export"
grep -q '^okr_kr_score{' "$work/okr.prom" || fail "no KR samples in the export"
echo "deployment checks passed"
