#!/usr/bin/env bash
# cmake/tsv.cmake (cw_tsv_rows), which reads the data tables compiled into
# the library (data/health-checks.tsv, data/policy/fields.tsv): it reads
# every row of the real files and stops on a malformed row with FILE:LINE.
set -euo pipefail
src=${CW_SOURCE_DIR:?}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# rows FILE COLUMNS: print the number of rows cw_tsv_rows returns, or fail
# with its message on stderr.
rows() {
	cat > "$tmp/run.cmake" <<CMAKE
cmake_policy(VERSION 3.25)
set(CMAKE_SOURCE_DIR "$tmp")
include("$src/cmake/tsv.cmake")
cw_tsv_rows("$1" $2 rows)
list(LENGTH rows n)
message(STATUS "rows=\${n}")
CMAKE
	cmake -P "$tmp/run.cmake" 2>&1 | sed -n 's/^-- rows=//p'
}

# The real tables: as many rows as non-comment, non-blank lines.
for spec in data/health-checks.tsv:3 data/policy/fields.tsv:5; do
	file=${spec%:*} cols=${spec#*:}
	want=$(grep -cv '^#\|^[[:space:]]*$' "$src/$file")
	got=$(rows "$src/$file" "$cols")
	[[ "$got" == "$want" ]] || { echo "$file: $got rows read, $want in the file" >&2; exit 1; }
	echo "$file: $got rows"
done

# Malformed rows: each must stop with "bad.tsv:3: <what>".
fail=0
check() {
	local row=$1 what=$2 out
	printf '# a comment; [with] "specials" \\ allowed\n\n%b\nx\ty\tz\n' "$row" > "$tmp/bad.tsv"
	printf 'cmake_policy(VERSION 3.25)\nset(CMAKE_SOURCE_DIR "%s")\ninclude("%s/cmake/tsv.cmake")\ncw_tsv_rows("%s/bad.tsv" 3 rows)\n' \
		"$tmp" "$src" "$tmp" > "$tmp/run.cmake"
	if out=$(cmake -P "$tmp/run.cmake" 2>&1); then
		echo "accepted: $row" >&2; fail=1
	elif ! grep -qF "bad.tsv:3: $what" <<<"$out"; then
		echo "for '$row' expected 'bad.tsv:3: $what', got: $out" >&2; fail=1
	fi
}
check 'a\tb' 'expected 3 tab-separated columns, found 2'
check 'a\tb\tc\td' 'expected 3 tab-separated columns, found 4'
check 'a\t\tc' 'a column is empty'
check 'a\tb \tc' 'a column is empty or has leading or trailing spaces'
check 'a;b\tc\td' 'a character ; [ ] \ or " is not allowed in a row'
check 'a\t[b\tc' 'a character ; [ ] \ or " is not allowed in a row'
check 'a\t"b"\tc' 'a character ; [ ] \ or " is not allowed in a row'
[[ $fail == 0 ]] || exit 1
echo "7 malformed rows rejected with file:line"
