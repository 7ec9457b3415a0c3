#!/usr/bin/env bash
# Deployment checks run by CI after `make test` (as root, on a throwaway machine):
# install for real, check the unit with systemd-analyze, and the Prometheus export with promtool.
set -euo pipefail
cd "$(dirname "$0")/.."
fail() { echo "check-deployment: $*" >&2; exit 1; }

make install PREFIX=/usr

# okrd's unit, and the dashboard's (which must listen on TCP, so may not deny every address).
for unit in okrd okr-dashboard; do
  path=/usr/lib/systemd/system/$unit.service
  echo "== systemd-analyze verify $path"
  verify=$(systemd-analyze verify "$path" 2>&1 || true)
  [ -z "$verify" ] || fail "systemd-analyze verify is not clean: $verify"

  echo "== systemd-analyze security --offline=yes $path"
  exposure=$(systemd-analyze security --offline=yes "$path" 2>/dev/null | sed -n "s/.*Overall exposure level for $unit.service: \\([0-9.]*\\).*/\\1/p")
  echo "exposure: $exposure"
  [ -n "$exposure" ] || fail "no exposure level reported for $unit"
  awk -v e="$exposure" 'BEGIN { exit !(e <= 2.0) }' || fail "$unit: exposure $exposure is above 2.0"
done

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
