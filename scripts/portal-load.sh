#!/usr/bin/env bash
# Portal load test: the statement page of a signed-in client with 1,000 invoices, next to an
# axum hello-world in the same process and run, under `wrk -t2 -c64 -d10s` on loopback; then
# the statement's parts alone (probe routes), and the time to first byte of a 100-invoice ZIP
# download (5 runs).
#
#   scripts/portal-load.sh            # builds the example in release mode first
#
# Needs wrk and curl. Goals (issue 7): statement >= 5,000 req/s with p99 <= 25 ms; ZIP first
# byte <= 50 ms.
set -euo pipefail
cd "$(dirname "$0")/.."
target="${CARGO_TARGET_DIR:-target}"
cargo build --release -q -p crm-web-axum --example portal_load
out="$(mktemp)"
"$target/release/examples/portal_load" >"$out" &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -f "$out"' EXIT
for _ in $(seq 1 600); do grep -q '^READY' "$out" && break; sleep 0.2; done
read -r _ port cookie csrf ids < <(grep '^READY' "$out")
base="http://127.0.0.1:$port"
echo "== seeded; serving on $base"
curl -sf -o /dev/null -H "Cookie: $cookie" "$base/portal" || { echo "statement page failed"; exit 1; }

echo "== hello world (ceiling)"
wrk -t2 -c64 -d10s --latency "$base/hello" | grep -E 'Requests/sec|Latency|99%|50%'
echo "== statement page (session lookup, totals, open invoices, aging, recently paid, full HTML)"
wrk -t2 -c64 -d10s --latency -H "Cookie: $cookie" "$base/portal" | grep -E 'Requests/sec|Latency|99%|50%|Non-2xx'

echo "== where a statement request goes (req/s of its parts alone: session lookup; session + statement data without HTML)"
for part in session data; do
  printf '%-8s ' "$part"
  wrk -t2 -c64 -d5s -H "Cookie: $cookie" "$base/probe/$part" | grep -E 'Requests/sec'
done

echo "== 100-invoice ZIP: time to first byte / total (s)"
form="csrf=$csrf"
IFS=',' read -ra list <<<"$ids"
for id in "${list[@]}"; do form="$form&ids=$id"; done
for _ in 1 2 3 4 5; do
  curl -s -o /tmp/portal-load.zip -H "Cookie: $cookie" -H "Origin: $base" \
    --data "$form" -w 'ttfb %{time_starttransfer}  total %{time_total}  bytes %{size_download}\n' \
    "$base/portal/invoices/download"
done
