#!/usr/bin/env bash
# bench_sbom.sh - `chainwarden sbom` speed and memory, both sides measured
# in the same run (issue 4 targets):
#   1. SBOM of ../shared/fixtures/npm/large vs `jq . package-lock.json`
#      (target: at most 3x jq's time) and, when CYCLONEDX_NPM names the
#      @cyclonedx/cyclonedx-npm binary, vs that tool (target: 50x faster);
#   2. a synthetic ~50 MB package-lock.json (scripts/gen_big_lock.py):
#      peak RSS from /usr/bin/time -v (target: under 3x the file size).
# usage: scripts/bench_sbom.sh [path/to/chainwarden]   (a Release build)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(realpath "${1:-build-rel/chainwarden}")
shared=$(realpath "${CW_SHARED_DIR:-../shared}")
lock="$shared/fixtures/npm/large/package-lock.json"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
command -v hyperfine >/dev/null || { echo "hyperfine missing (scripts/setup)"; exit 2; }

mean() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['results'][int(sys.argv[2])]['mean'])" "$@"; }

echo "== 1. npm/large ($(wc -c <"$lock") bytes, lockfileVersion 3)"
hyperfine -N -w 3 -r 30 --export-json "$tmp/a.json" \
  "jq . $lock" "$bin sbom -o /dev/null $lock" >/dev/null
jq_t=$(mean "$tmp/a.json" 0); cw_t=$(mean "$tmp/a.json" 1)
python3 -c "import sys; j,c=map(float,sys.argv[1:]); print(f'jq: {j*1e3:.1f} ms  chainwarden sbom: {c*1e3:.1f} ms  ratio {c/j:.2f}x jq (target <= 3x)')" "$jq_t" "$cw_t"

if [[ -n "${CYCLONEDX_NPM:-}" ]]; then
  proj="$tmp/large"; mkdir -p "$proj"; cp "$shared"/fixtures/npm/large/package*.json "$proj"/
  hyperfine -w 1 -r 5 --export-json "$tmp/b.json" \
    "cd $proj && $CYCLONEDX_NPM --package-lock-only --output-file $tmp/peer.json" \
    "$bin sbom -o $tmp/cw.json $proj/package-lock.json" >/dev/null
  peer=$(mean "$tmp/b.json" 0); cw2=$(mean "$tmp/b.json" 1)
  python3 -c "import sys; p,c=map(float,sys.argv[1:]); print(f'cyclonedx-npm: {p*1e3:.0f} ms  chainwarden sbom: {c*1e3:.1f} ms  chainwarden is {p/c:.0f}x faster (target >= 50x)')" "$peer" "$cw2"
else
  echo "(set CYCLONEDX_NPM=/path/to/cyclonedx-npm to compare with @cyclonedx/cyclonedx-npm)"
fi

echo "== 2. synthetic lockfile, peak RSS"
mkdir -p "$tmp/big"
python3 scripts/gen_big_lock.py "$tmp/big/package-lock.json" "${BIG_MB:-40.5}"
size=$(wc -c <"$tmp/big/package-lock.json")
/usr/bin/time -v "$bin" sbom -o "$tmp/big.cdx.json" "$tmp/big/package-lock.json" 2>"$tmp/time.txt"
rss=$(awk -F: '/Maximum resident/ {gsub(/ /,"",$2); print $2}' "$tmp/time.txt")
wall=$(awk -F': ' '/Elapsed/ {print $2}' "$tmp/time.txt")
comps=$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))['components']))" "$tmp/big.cdx.json")
python3 -c "import sys; s,r=int(sys.argv[1]),int(sys.argv[2])*1024; print(f'file {s/1e6:.1f} MB, {sys.argv[4]} components, peak RSS {r/1e6:.1f} MB = {r/s:.2f}x the file (target < 3x), wall {sys.argv[3]}')" "$size" "$rss" "$wall" "$comps"
