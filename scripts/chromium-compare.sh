#!/usr/bin/env bash
# Renders the one-page invoice of crm's `render` bench with headless Chromium, side by side
# with crm's PdfRenderer, and prints the medians and ratios (for BENCHMARKS.md):
#
#   (a) cold: a fresh `chromium --headless --print-to-pdf` process (and profile) per PDF;
#   (b) warm: one browser via playwright-core, `page.setContent` + `page.pdf()` per PDF;
#   (c) crm: `cargo run --release -p crm-core --example pdf_timing` (median of 200 renders).
#
# Usage: scripts/chromium-compare.sh            (COLD_RUNS=20 WARM_RUNS=100 OURS_RUNS=200)
# Needs: node + npm, cargo; installs Debian's chromium (apt) and playwright-core (npm, into
# a temporary directory, without any browser download) when missing. Run it on an otherwise
# idle machine: all three measurements are CPU-bound.
set -euo pipefail

COLD_RUNS=${COLD_RUNS:-20}
WARM_RUNS=${WARM_RUNS:-100}
OURS_RUNS=${OURS_RUNS:-200}
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)

if [ ! -x "$CHROMIUM" ]; then
    echo "== installing chromium (apt)" >&2
    SUDO=$([ "$(id -u)" -eq 0 ] && echo "" || echo "sudo")
    $SUDO apt-get update >&2
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends chromium >&2
fi
command -v node >/dev/null || { echo "node is required" >&2; exit 1; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/crm-chromium-compare.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
cp "$HERE/chromium-compare/invoice.html" "$HERE/chromium-compare/compare.mjs" "$WORK/"

echo "== installing playwright-core into $WORK (no browser download)" >&2
(
    cd "$WORK"
    printf '{"name":"crm-chromium-compare","private":true,"type":"module"}\n' > package.json
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --no-save --no-audit --no-fund \
        --loglevel=error playwright-core@1 >&2
)

echo "== crm: $OURS_RUNS renders (release build)" >&2
OURS=$(cd "$ROOT" && cargo run --quiet --release -p crm-core --example pdf_timing -- \
    "$OURS_RUNS" "$WORK/crm.pdf")
echo "$OURS" >&2
OURS_MS=$(echo "$OURS" | sed -n 's/.*median_ms=\([0-9.]*\).*/\1/p')
[ -n "$OURS_MS" ] || { echo "could not read crm's median" >&2; exit 1; }

echo "== chromium: $COLD_RUNS cold, $WARM_RUNS warm" >&2
node "$WORK/compare.mjs" "$CHROMIUM" "$WORK/invoice.html" "$COLD_RUNS" "$WARM_RUNS" \
    "$OURS_MS" "$WORK"
if command -v pdfinfo >/dev/null; then
    # Both must be one A4 page, or the comparison is off.
    for f in "$WORK/cold-0.pdf" "$WORK/crm.pdf"; do
        echo "$(basename "$f"): $(pdfinfo "$f" | grep -E '^Pages' | tr -s ' ')" >&2
    done
fi
if [ -n "${KEEP_PDFS:-}" ]; then
    mkdir -p "$KEEP_PDFS" && cp "$WORK"/cold-0.pdf "$WORK"/crm.pdf "$KEEP_PDFS"/
fi
