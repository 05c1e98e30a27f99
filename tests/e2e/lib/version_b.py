"""Shared helpers for the differential version tests (tests/e2e/version_b_*.py).

The batch driver is bench/bench_version_b (built next to the chainwarden
binary, see its header comment); the reference implementations are run by
each test script.  Random choices use a fixed seed, so a failure reproduces.
"""
import os
import random
import subprocess
import sys
import zipfile
import json

SHARED = os.environ.get("CW_SHARED_DIR") or os.path.join(
    os.path.dirname(__file__), "..", "..", "..", "..", "shared")
SOURCE = os.environ.get("CW_SOURCE_DIR") or os.path.join(os.path.dirname(__file__), "..", "..", "..")
MIN_PAIRS = 10000


def driver():
    """Path of the batch driver built with the tree under test."""
    path = os.environ.get("CW_VERSION_B_DRIVER")
    if not path:
        binary = os.environ.get("CW_BINARY")
        if not binary:
            sys.exit("CW_BINARY is not set (run through ctest)")
        path = os.path.join(os.path.dirname(binary), "bench", "bench_version_b")
    if not os.access(path, os.X_OK):
        sys.exit(f"{path}: batch driver not built (configure with CW_BENCH=ON)")
    return path


def run_batch(requests):
    """Send (kind, scheme, *args) tuples; return the answer lines."""
    lines = []
    for req in requests:
        for field in req:
            if "\t" in field or "\n" in field:
                raise ValueError(f"tab or newline in request field {field!r}")
        lines.append("\t".join(req))
    out = subprocess.run([driver(), "--batch"], input="\n".join(lines) + "\n",
                         capture_output=True, text=True, check=True).stdout
    answers = out.split("\n")[:-1]
    if len(answers) != len(requests):
        sys.exit(f"driver answered {len(answers)} of {len(requests)} requests")
    return answers


def compare_ours(scheme, pairs):
    """Our -1/0/1 (or 'E ...') for each (a, b)."""
    return run_batch([("c", scheme, a, b) for a, b in pairs])


def pairs_from(versions, count, rng, groups=None):
    """About `count` pairs: all pairs inside each group (package) first,
    then neighbours in the given order, then random pairs."""
    seen = set()
    out = []

    def add(a, b):
        if (a, b) not in seen:
            seen.add((a, b))
            out.append((a, b))

    for group in groups or []:
        g = list(group)
        for i in range(len(g)):
            for j in range(len(g)):
                if len(out) >= count // 2:
                    break
                add(g[i], g[j])
    versions = list(versions)
    for i in range(len(versions) - 1):
        add(versions[i], versions[i + 1])
        add(versions[i], versions[i])
    while len(out) < count and versions:
        add(rng.choice(versions), rng.choice(versions))
    return out


def osv_versions(zip_name):
    """Versions from an OSV zip: affected[].versions and range events,
    grouped per package: {package: [versions...]}."""
    groups = {}
    with zipfile.ZipFile(os.path.join(SHARED, "data", "osv", zip_name)) as z:
        for name in z.namelist():
            rec = json.loads(z.read(name))
            for aff in rec.get("affected", []):
                pkg = aff.get("package", {}).get("name", "")
                vs = groups.setdefault(pkg, [])
                vs.extend(aff.get("versions", []))
                for r in aff.get("ranges", []):
                    if r.get("type") == "GIT":
                        continue
                    for ev in r.get("events", []):
                        for k, v in ev.items():
                            if k in ("introduced", "fixed", "last_affected") and v != "0":
                                vs.append(v)
    return {k: list(dict.fromkeys(v)) for k, v in groups.items() if v}


def report(label, pairs, disagreements, limit=20):
    """Print the summary line and the first disagreements; exit 1 if any."""
    print(f"{label}: {pairs} pairs, {len(disagreements)} disagreements")
    for d in disagreements[:limit]:
        print("  DISAGREE", d)
    return 1 if disagreements else 0
