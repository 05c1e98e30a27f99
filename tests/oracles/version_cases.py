"""Inputs for the version differential tests (tests/e2e/version_*_diff.py).

Versions and ranges are taken from the real OSV advisories in
$CW_SHARED_DIR/data/osv/*.zip and extended with generated edge cases; pairs
are drawn with a fixed seed so that a failure reproduces.  Nothing here
decides an expected result: the reference implementation does.
"""
import json
import os
import random
import subprocess
import sys
import zipfile

SEED = 20261126


def shared(rel):
    base = os.environ.get("CW_SHARED_DIR") or os.path.join(source_dir(), "..", "shared")
    return os.path.join(base, rel)


def source_dir():
    return os.environ.get("CW_SOURCE_DIR") or os.path.dirname(
        os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def binary():
    b = os.environ.get("CW_BINARY")
    if not b:
        sys.exit("CW_BINARY is not set (run through ctest)")
    return b


def osv_records(ecosystem):
    with zipfile.ZipFile(shared(f"data/osv/{ecosystem}.zip")) as z:
        for name in z.namelist():
            if name.endswith(".json"):
                yield json.loads(z.read(name))


def osv_versions(ecosystem):
    """Every version named in SEMVER/ECOSYSTEM events and versions lists."""
    out = set()
    for rec in osv_records(ecosystem):
        for aff in rec.get("affected", []):
            for rng in aff.get("ranges", []):
                if rng.get("type") == "GIT":
                    continue
                for ev in rng.get("events", []):
                    for key, value in ev.items():
                        if key in ("introduced", "fixed", "last_affected") and value != "0":
                            out.add(value)
            out.update(aff.get("versions", []))
    return sorted(out)


def osv_npm_ranges():
    """vulnerable_versions and patched_versions as node-semver ranges."""
    out = set()
    for rec in osv_records("npm"):
        for aff in rec.get("affected", []):
            ds = aff.get("database_specific") or {}
            for key in ("vulnerable_versions", "patched_versions"):
                if isinstance(ds.get(key), str):
                    out.add(ds[key])
    return sorted(out)


PRERELEASES = ["alpha", "alpha.1", "alpha.beta", "beta", "beta.2", "beta.11", "rc.1", "rc.10",
               "0", "1", "2", "10", "0.0", "1.0", "01a", "-", "--", "a-b", "x.7.z.92", "A", "Z",
               "alpha.0", "alpha.00a", "1a", "beta-1", "rc-1", "pre.20", "dev", "SNAPSHOT"]
BUILDS = ["build", "001", "20130313144700", "exp.sha.5114f85", "21AF26D3--117B344092BD", "x-y"]


def semver_edge_versions(rng, prefix_v=False):
    """Valid SemVer 2.0.0 versions around the interesting boundaries."""
    out = set()
    nums = [0, 1, 2, 9, 10, 11, 99, 100, 1000]
    for _ in range(1500):
        M, m, p = (rng.choice(nums) for _ in range(3))
        v = f"{M}.{m}.{p}"
        r = rng.random()
        if r < 0.5:
            v += "-" + rng.choice(PRERELEASES)
            if rng.random() < 0.3:
                v += "." + rng.choice(PRERELEASES)
        if rng.random() < 0.15:
            v += "+" + rng.choice(BUILDS)
        out.add(("v" if prefix_v else "") + v)
    return sorted(out)


def invalid_semver_versions():
    """Strings SemVer 2.0.0 rejects (every scheme here must reject them too)."""
    return ["1", "1.2", "1.2.3.4", "01.2.3", "1.02.3", "1.2.03", "1.2.3-01", "1.2.3-",
            "1.2.3+", "1.2.3-a..b", "1.2.3+a..b", "1.2.3-a_b", "1.2.3 -beta", "a.b.c",
            "1.2.3-beta!", "", "1.2.-3", "-1.2.3", "1.2.3beta", "1..3", "1.2.3-+",
            "99999999999999999999.0.0"]


def neighbours(version_tuple):
    """Versions next to a release tuple (M, m, p) where ranges change."""
    M, m, p = version_tuple
    out = {f"{M}.{m}.{p}", f"{M}.{m}.{p}-0", f"{M}.{m}.{p}-alpha", f"{M}.{m}.{p}-rc.1",
           f"{M}.{m}.{p + 1}", f"{M}.{m}.{p + 1}-beta", f"{M}.{m + 1}.0", f"{M}.{m + 1}.0-0",
           f"{M + 1}.0.0", f"{M + 1}.0.0-0", f"{M + 1}.0.0-beta", f"{M}.{m}.{p}+build"}
    if p:
        out.add(f"{M}.{m}.{p - 1}")
    if m:
        out.add(f"{M}.{m - 1}.9")
    if M:
        out.add(f"{M - 1}.99.99")
    return out


def sample_pairs(rng, versions, count):
    """`count` distinct pairs (a, b), including every version against itself."""
    pairs = set((v, v) for v in versions)
    while len(pairs) < count:
        pairs.add((rng.choice(versions), rng.choice(versions)))
    return sorted(pairs)


def run(cmd, lines, env=None):
    data = "".join(line + "\n" for line in lines)
    proc = subprocess.run(cmd, input=data.encode(), stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, env=env, timeout=1100)
    if proc.returncode != 0:
        sys.exit(f"{cmd[0]} failed ({proc.returncode}): {proc.stderr.decode(errors='replace')}")
    out = proc.stdout.decode().split("\n")
    if out and out[-1] == "":
        out.pop()
    if len(out) != len(lines):
        sys.exit(f"{cmd}: {len(out)} answers for {len(lines)} questions")
    return out


def chainwarden_batch(subcommand, ecosystem, pairs):
    """Answers of `chainwarden version <subcommand> --batch`; errors become 'error'."""
    out = run([binary(), "version", subcommand, "--batch", ecosystem],
              [f"{a}\t{b}" for a, b in pairs])
    return ["error" if o.startswith("error:") else o for o in out], out


def report(label, questions, ours, raw, theirs, limit=25):
    """Print disagreements and the count line; return the number of disagreements."""
    bad = [(q, o, r, t) for q, o, r, t in zip(questions, ours, raw, theirs) if o != t]
    for q, o, r, t in bad[:limit]:
        print(f"  DISAGREE {q!r}: chainwarden {r!r}, reference {t!r}")
    print(f"{label}: {len(questions)} pairs, {len(bad)} disagreements")
    return len(bad)
