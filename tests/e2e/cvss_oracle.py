#!/usr/bin/env python3
"""Differential test of `chainwarden cvss` against reference implementations.

tests/oracles/cvss_oracle.js generates random valid vectors (v2.0, v3.0,
v3.1, v4.0; fixed seed) and scores them with ae-cvss-calculator and the
cvss4 package (pinned in tests/oracles/package.json; scripts/setup installs
them).  Every score chainwarden prints must equal theirs to the decimal:

  v2.0        base, temporal vs ae-cvss-calculator; base, temporal and
              environmental vs @pandatix/js-cvss (for vectors with complete
              groups, the only ones it accepts).  pandatix's environmental
              score is compared only when no security requirement is H:
              0.4.4 weighs CR/IR/AR:H 0.51 where the guide (3.3.3) says
              1.51.  ae's v2.0 environmental
              score is not compared: it skips the rounding of the adjusted
              base and adjusted temporal scores that the v2.0 guide
              (section 3.2.3) prescribes, and rounds exploitability.
  v3.0        base, temporal, environmental  vs ae-cvss-calculator
  v3.1        base, temporal, environmental  vs ae-cvss-calculator and cvss4
  v4.0        score vs ae-cvss-calculator and vs cvss4 (a port of the FIRST
              calculator's cvss_score.js) with the FIRST rounding fix of
              2024-11 applied; CVSS-B score vs ae's "baseMetricsOnly".

cvss4 1.0.7 steps from EQ3/EQ6 level 11 to the non-existent 22 instead of
21 (the FIRST code and its comment say 11 -> 21), so it is not compared on
MacroVectors with EQ3 = 1 and EQ6 = 1.
cvss4 as published also predates the rounding fix (it rounds x.x4999.. down where the
current FIRST calculator rounds up); those disagreements are counted and
must all be such ties, i.e. vanish once the fix is applied.

Besides the random vectors, every base-only vector of every version is
compared with ae-cvss-calculator (v2.0 729, v3.0 and v3.1 2,592 each, v4.0
104,976: the whole CVSS-B space).

Env: CW_BINARY, CW_SOURCE_DIR; CW_CVSS_ORACLE_COUNT (vectors per version,
default 3000), CW_CVSS_ORACLE_SEED (default 20240601).
"""
import json
import os
import subprocess
import sys

src = os.environ.get("CW_SOURCE_DIR") or os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
binary = os.environ["CW_BINARY"]
count = os.environ.get("CW_CVSS_ORACLE_COUNT", "3000")
seed = os.environ.get("CW_CVSS_ORACLE_SEED", "20240601")
oracles = os.path.join(src, "tests", "oracles")

for mod in ("ae-cvss-calculator", "cvss4", "@pandatix/js-cvss"):
    if not os.path.isdir(os.path.join(oracles, "node_modules", mod)):
        sys.exit(f"cvss_oracle: {mod} is not installed in tests/oracles/node_modules; run scripts/setup")

gen = subprocess.run(["node", os.path.join(oracles, "cvss_oracle.js"), count, seed, "exhaustive"],
                     stdout=subprocess.PIPE, check=True, cwd=oracles)
records = [json.loads(line) for line in gen.stdout.decode().splitlines() if line]
vectors = "\n".join(r["vector"] for r in records) + "\n"
run = subprocess.run([binary, "cvss", "-"], input=vectors.encode(), stdout=subprocess.PIPE,
                     stderr=subprocess.PIPE)
ours = [json.loads(line) for line in run.stdout.decode().splitlines() if line]
if run.returncode != 0 or len(ours) != len(records):
    sys.exit(f"chainwarden cvss - failed (exit {run.returncode}, {len(ours)} of {len(records)} "
             f"results):\n{run.stderr.decode()[:2000]}")

compared = {}
failed = {}
mismatches = []
ties = 0
oracle_errors = {}


def check(label, rec, ours_value, oracle_value):
    compared[label] = compared.get(label, 0) + 1
    if round(ours_value * 10) != round(oracle_value * 10):
        failed[label] = failed.get(label, 0) + 1
        mismatches.append(f"{label}: {rec['vector']}: chainwarden {ours_value}, oracle {oracle_value}")


for rec, res in zip(records, ours):
    v = rec["vector"]
    if res.get("vector") != v or "error" in res:
        mismatches.append(f"rejected valid vector {v}: {res.get('error')}")
        continue
    version = res["version"]
    a = rec["ae"]
    if "error" in a:
        oracle_errors["ae"] = oracle_errors.get("ae", 0) + 1
        continue
    if version == "4.0":
        check("v4.0 score vs ae", rec, res["score"], a["overall"])
        check("v4.0 CVSS-B vs ae", rec, res["base_score"], a["baseMetricsOnly"])
        c = rec.get("cvss4")
        if c is None:
            continue
        if "error" in c:
            oracle_errors["cvss4"] = oracle_errors.get("cvss4", 0) + 1
            continue
        if res["macrovector"][2] == "1" and res["macrovector"][5] == "1":
            continue
        check("v4.0 score vs cvss4 (FIRST rounding fix applied)", rec, res["score"], c["v4_fixed"])
        if round(res["score"] * 10) != round(c["v4"] * 10):
            if round(c["v4"] * 10) + 1 == round(c["v4_fixed"] * 10):
                ties += 1
            else:
                mismatches.append(f"cvss4 unfixed differs by more than a tie: {v}")
    else:
        check(f"v{version} base vs ae", rec, res["base_score"], a["base"])
        if "temporal" in a:
            check(f"v{version} temporal vs ae", rec, res["temporal_score"], a["temporal"])
        if "environmental" in a and version != "2.0":
            check(f"v{version} environmental vs ae", rec, res["environmental_score"], a["environmental"])
        if version == "2.0" and "pandatix" in rec:
            p = rec["pandatix"]
            if "error" in p:
                oracle_errors["pandatix"] = oracle_errors.get("pandatix", 0) + 1
                continue
            keys = ["base", "temporal"]
            if not any(f"{r}:H" in v.split("/") for r in ("CR", "IR", "AR")):
                keys.append("environmental")
            for k in keys:
                check(f"v2.0 {k} vs pandatix", rec, res[k + "_score"], p[k])
        if version == "3.1" and "cvss4" in rec:
            c = rec["cvss4"]
            if "error" in c:
                oracle_errors["cvss4"] = oracle_errors.get("cvss4", 0) + 1
                continue
            for k in ("base", "temporal", "environmental"):
                check(f"v3.1 {k} vs cvss4", rec, res[k + "_score"], c[k])

print(f"cvss_oracle: {len(records)} vectors ({count} random per version, seed {seed}; "
      f"then every base-only vector)")
for label in sorted(compared):
    print(f"  {compared[label]:6d} compared, {failed.get(label, 0)} differ: {label}")
print(f"  {ties:6d} x.x5 ties where published cvss4 (pre-fix FIRST rounding) rounds down")
if oracle_errors:
    print(f"  oracle exceptions: {oracle_errors}")
if mismatches or oracle_errors:
    print(f"{len(mismatches)} mismatches:")
    for m in mismatches[:50]:
        print("  " + m)
    sys.exit(1)
print("cvss_oracle: 0 mismatches")
