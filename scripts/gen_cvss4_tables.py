#!/usr/bin/env python3
"""Generate src/cvss/cvss4_tables.c from the CVSS v4.0 reference data tables.

Input: the three JSON tables of the FIRST CVSS v4.0 reference calculator
(cvss4-macrovector-lookup.json, cvss4-max-composed.json,
cvss4-max-severity.json; BSD-2-Clause, FIRST.ORG, Red Hat and contributors),
as shipped in the shared test data (data/cvss/, see its README for the
upstream commit).  The output holds only the numbers and metric values of
those tables, so the library never needs the JSON at build or run time.

Usage: scripts/gen_cvss4_tables.py [DATA_DIR] > src/cvss/cvss4_tables.c
DATA_DIR defaults to ../shared/data/cvss next to the source tree.
"""
import hashlib
import itertools
import json
import os
import sys

EQ_METRICS = {
    "eq1": ["AV", "PR", "UI"],
    "eq2": ["AC", "AT"],
    "eq3": ["VC", "VI", "VA", "CR", "IR", "AR"],
    "eq4": ["SC", "SI", "SA"],
    "eq5": ["E"],
}
MAX_ALTERNATIVES = 6


def letters(vector, metrics):
    parts = dict(p.split(":") for p in vector.strip("/").split("/"))
    if sorted(parts) != sorted(metrics):
        raise SystemExit(f"unexpected metrics in max vector {vector!r}")
    values = [parts[m] for m in metrics]
    if any(len(v) != 1 for v in values):
        raise SystemExit(f"multi-letter value in {vector!r}")
    return "".join(values)


def maxes(lst, metrics):
    if len(lst) > MAX_ALTERNATIVES:
        raise SystemExit("too many alternatives")
    return "{ { " + ", ".join(f'"{letters(v, metrics)}"' for v in lst) + " } }"


def num(x):
    return repr(float(x))


def tenths(x):
    t = round(float(x) * 10)
    if t / 10 != float(x) or not 0 <= t <= 100:
        raise SystemExit(f"lookup score {x!r} is not tenths from 0 to 10")
    return str(t)


def main():
    src = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    data = sys.argv[1] if len(sys.argv) > 1 else os.path.join(src, "..", "shared", "data", "cvss")
    files = ["cvss4-macrovector-lookup.json", "cvss4-max-composed.json", "cvss4-max-severity.json"]
    raw = {f: open(os.path.join(data, f), "rb").read() for f in files}
    lookup, composed, severity = (json.loads(raw[f]) for f in files)

    out = []
    w = out.append
    w("/*")
    w(" * cvss4_tables.c - the CVSS v4.0 scoring tables. GENERATED, do not edit:")
    w(" * regenerate with scripts/gen_cvss4_tables.py.")
    w(" *")
    w(" * Source: the data tables of the FIRST CVSS v4.0 reference calculator")
    w(" * (cvss_lookup.js, max_composed.js, max_severity.js), converted to JSON in")
    w(" * the shared test data (data/cvss/, see its README for the upstream commit).")
    w(" * Copyright (c) 2023 FIRST.ORG, Inc., Red Hat, and contributors;")
    w(" * BSD-2-Clause.  Input files (sha256):")
    for f in files:
        w(f" *   {f} {hashlib.sha256(raw[f]).hexdigest()}")
    w(" */")
    w('#include "cvss/cvss_internal.h"')
    w("")
    w("/*")
    w(" * MacroVector -> score in tenths (the reference scores have one decimal),")
    w(" * -1 where the MacroVector does not exist.  Index: the MacroVector's six")
    w(" * digits eq1..eq6 read as one number of radices 3,2,3,3,3,2 (CW__CVSS4_INDEX);")
    w(" * one line per eq1,eq2.")
    w(" */")
    w("const signed char cw__cvss4_lookup[CW__CVSS4_MACROVECTORS] = {")
    count = 0
    for e1 in range(3):
        for e2 in range(2):
            row = []
            for e3, e4, e5, e6 in itertools.product(range(3), range(3), range(3), range(2)):
                key = f"{e1}{e2}{e3}{e4}{e5}{e6}"
                if key in lookup:
                    count += 1
                    row.append(tenths(lookup[key]))
                else:
                    row.append("-1")
            w("\t" + ", ".join(row) + ",")
    w("};")
    if count != len(lookup):
        raise SystemExit(f"lookup keys outside the index space: {len(lookup) - count}")
    w(f"/* {count} MacroVectors */")
    w("")
    for eq, n in (("eq1", 3), ("eq2", 2), ("eq4", 3), ("eq5", 3)):
        w(f"/* {'/'.join(EQ_METRICS[eq])} */")
        w(f"const cw__cvss4_maxes cw__cvss4_max_{eq}[{n}] = {{")
        for lvl in range(n):
            w("\t" + maxes(composed[eq][str(lvl)], EQ_METRICS[eq]) + ",")
        w("};")
    w(f"/* {'/'.join(EQ_METRICS['eq3'])}, indexed [eq3][eq6] */")
    w("const cw__cvss4_maxes cw__cvss4_max_eq3eq6[3][2] = {")
    for e3 in range(3):
        cells = []
        for e6 in range(2):
            lst = composed["eq3"].get(str(e3), {}).get(str(e6))
            cells.append(maxes(lst, EQ_METRICS["eq3"]) if lst else "{ { 0 } }")
        w("\t{ " + ", ".join(cells) + " },")
    w("};")
    w("")
    for eq, n in (("eq1", 3), ("eq2", 2), ("eq4", 3), ("eq5", 3)):
        w(f"const double cw__cvss4_maxsev_{eq}[{n}] = {{ "
          + ", ".join(num(severity[eq][str(i)]) for i in range(n)) + " };")
    w("const double cw__cvss4_maxsev_eq3eq6[3][2] = {")
    for e3 in range(3):
        row = severity["eq3eq6"].get(str(e3), {})
        w("\t{ " + ", ".join(num(row[str(e6)]) if str(e6) in row else "-1" for e6 in range(2)) + " },")
    w("};")
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
