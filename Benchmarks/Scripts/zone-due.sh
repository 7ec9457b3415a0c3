#!/bin/bash
# Run from the repository root after `swift build -c release` (or with BIN=.build/debug).
# Times `okrctl due --json` over 300 key results in a UTC and an America/Los_Angeles okrd.
set -e
BIN=${BIN:-.build/release}
doc=/tmp/zm-doc.toml
{
  echo '[[cycle]]'; echo 'id = "Q"'; echo 'start = 2026-10-01'; echo 'end = 2026-12-31'
  for o in $(seq 1 60); do
    echo "[[objective]]"; echo "id = \"O-$o\""; echo 'cycle = "Q"'; echo 'team = "growth"'; echo "title = \"Objective $o\""
    for k in 1 2 3 4 5; do
      echo "  [[objective.kr]]"; echo "  id = \"KR-$o-$k\""; echo "  title = \"KR $o $k\""; echo "  metric = \"m$o.$k\""; echo "  baseline = 0"; echo "  target = 100"
    done
  done
} > $doc
for zone in UTC America/Los_Angeles; do
  d=$(mktemp -d); printf '[organisation]\ntime_zone = "%s"\n' "$zone" > $d/okrd.toml
  $BIN/okrd --config $d/okrd.toml --data $d/data --socket $d/s.sock 2>/dev/null & pid=$!
  for i in $(seq 50); do [ -S $d/s.sock ] && break; sleep 0.1; done
  OKR_SOCKET=$d/s.sock $BIN/okrctl apply -f $doc >/dev/null
  OKR_SOCKET=$d/s.sock $BIN/okrctl due --json >/dev/null 2>&1 || true
  start=$(date +%s.%N)
  for i in $(seq 20); do OKR_SOCKET=$d/s.sock $BIN/okrctl due --json >/dev/null 2>&1 || true; done
  end=$(date +%s.%N)
  echo "$zone: $(echo "($end - $start) / 20 * 1000" | bc -l | cut -c1-6) ms per due"
  kill $pid; wait $pid 2>/dev/null 2>&1 || true; rm -rf $d
done
