#!/usr/bin/env bash
# Runs the README's walk-through against a fresh okrd and writes the transcript to docs/WALKTHROUGH.md.
# Usage: scripts/walkthrough.sh   (after `swift build`)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=.build/debug
work=$(mktemp -d)
trap 'kill "$daemon" 2>/dev/null || true; wait "$daemon" 2>/dev/null || true; rm -rf "$work"' EXIT
"$bin/okrd" --data "$work/data" --socket "$work/okrd.sock" 2>"$work/okrd.log" &
daemon=$!
export OKR_SOCKET="$work/okrd.sock" NO_COLOR=1
for _ in $(seq 100); do "$bin/okrctl" ping >/dev/null 2>&1 && break; sleep 0.1; done

out=docs/WALKTHROUGH.md
{
  echo "# Walk-through transcript"
  echo
  echo "A real run of the README's walk-through: \`scripts/walkthrough.sh\` started a fresh okrd and ran"
  echo "these commands (with \`OKR_SOCKET\` pointing at it; without it okrctl finds the default socket)."
  echo "Regenerate with \`swift build && scripts/walkthrough.sh\`. Recorded $(date -u +%Y-%m-%d)."
  echo
} > "$out"

run() {
  local shown=("$@")
  {
    echo '```console'
    printf '$ okrctl'
    for word in "${shown[@]}"; do
      if [[ "$word" =~ [[:space:]\'\"%] ]]; then printf " '%s'" "$word"; else printf ' %s' "$word"; fi
    done
    echo
    "$bin/okrctl" "$@" 2>&1 || echo "[exit $?]"
    echo '```'
    echo
  } >> "$out"
}

note() { printf '%s\n\n' "$*" >> "$out"; }

note "## Set up the quarter: the sandwich from North Star to key results"
run cycle add 2026-Q1 --start 2026-01-01 --end 2026-03-31 --name "Q1 2026"
run northstar add activation --name "Weekly activated teams" --metric teams.activated.weekly
run strategy add self-serve --northstar activation "Win new customers through self-serve onboarding"
run objective add "Dramatically improve our product's ease of use for new customers" --cycle 2026-Q1 --team growth --strategy self-serve
run kr add "Increase new users who complete onboarding from 60% to 85%" --objective O-1 --metric onboarding.completion --baseline 60 --target 85 --unit %
run kr add "Reduce average time to first value from 2 days to 2 hours" --objective O-1 --metric ttfv.hours --baseline 48 --target 2 --unit h

note "## Feed observations the way a cron job does (quiet on success)"
run observe onboarding.completion 60 --at 2026-01-01 --source cron:warehouse
run observe onboarding.completion 70 --at 2026-02-01 --source cron:warehouse
run observe onboarding.completion 72.5 --at 2026-02-15 --source cron:warehouse --key onboarding-2026-02-15
note "A retry with the same idempotency key appends nothing (\`--json\` shows it was a duplicate):"
run observe onboarding.completion 72.5 --at 2026-02-15 --source cron:warehouse --key onboarding-2026-02-15 --json
printf 'metric,value,at,source\nttfv.hours,36,2026-01-15,warehouse\nttfv.hours,25,2026-02-10,warehouse\n' > "$work/ttfv.csv"
note "A CSV file (\`ttfv.csv\`: \`metric,value,at,source\` then two rows):"
run observe --file "$work/ttfv.csv"

note "## Weekly check-ins and a discovery insight"
run checkin KR-1 --confidence 7 --note "guided setup shipped" --at 2026-02-06
run checkin KR-1 --confidence 8 --note "completion climbing" --at 2026-02-13
run checkin KR-2 --confidence 5 --note "sample data import still slow" --at 2026-02-13
run insight add "New users stall at workspace setup" --on KR-1 --expires 2036-06-30 --evidence "12 onboarding interviews"

note "## Status as of mid-quarter (15 February is 45 of 90 days: expected 50%)"
run status --as-of 2026-02-15
note "KR-1: (72.5 − 60) / (85 − 60) = 0.5, on track; KR-2: (25 − 48) / (2 − 48) = 0.5; the objective is their mean."
run kr show KR-1 --as-of 2026-02-15
run status --as-of 2026-02-15 --json
note "## As of an earlier day, and what was known then"
run status --as-of 2026-01-20
run status --as-of 2026-02-15 --known-at 2026-03-01

note "## Mistakes are refused, precisely, and nothing is appended"
run checkin KR-1 --confidence 11
run kr add "Same again" --objective O-1 --metric m --baseline 5 --target 5
run observe onboarding.completion nan

note "## The log"
run log --limit 5
run verify
echo "wrote $out"
