#!/usr/bin/env bash
# The committed src/cvss/cvss4_tables.c must be exactly what
# scripts/gen_cvss4_tables.py makes from the shared CVSS v4.0 data tables.
set -euo pipefail
src=${CW_SOURCE_DIR:?}
shared=${CW_SHARED_DIR:?}
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
python3 "$src/scripts/gen_cvss4_tables.py" "$shared/data/cvss" > "$tmp"
if ! diff -u "$src/src/cvss/cvss4_tables.c" "$tmp"; then
	echo "cvss4_tables.c is stale: run scripts/gen_cvss4_tables.py > src/cvss/cvss4_tables.c" >&2
	exit 1
fi
echo "cvss4_tables.c matches $(grep -c . "$shared/data/cvss/cvss4-macrovector-lookup.json") lines of lookup JSON"
