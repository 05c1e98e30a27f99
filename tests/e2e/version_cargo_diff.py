#!/usr/bin/env python3
"""Differential test: the crates.io scheme's order against SemVer 2.0.0
precedence as node-semver implements it.

There is no Rust `semver` crate on this machine (no network for crates), so
the reference for the *order* is node-semver: both implement SemVer 2.0.0
section 11 precedence and both ignore build metadata when comparing for
precedence.  Validity differs on purpose and is checked separately: Cargo
rejects a leading "v" and surrounding spaces, which node-semver accepts, so
only strings without them go to the oracle.

Pairs: >= 10,000 from every version in the OSV crates.io advisories
($CW_SHARED_DIR/data/osv/crates.io.zip) and two real Cargo.lock files, plus generated SemVer edge cases,
invalid strings and 6,000 random strings over the version alphabet.  Zero disagreements are required.
"""
import os
import random
import re
import shutil
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "oracles"))
import version_cases as vc  # noqa: E402

ORACLE_DIR = os.path.join(vc.source_dir(), "tests", "oracles")


def main():
    if not shutil.which("node") or not os.path.isfile(
            os.path.join(ORACLE_DIR, "node_modules", "semver", "package.json")):
        print("SKIP: node or tests/oracles/node_modules/semver missing (run scripts/setup)")
        return 77
    rng = random.Random(vc.SEED + 1)
    real = vc.osv_versions("crates.io")
    # and every version in two real Cargo.lock files (cargo, ripgrep)
    for lock in ("cargo/cargo", "cargo/ripgrep"):
        with open(vc.shared(f"fixtures/other-ecosystems/{lock}/Cargo.lock")) as f:
            real += re.findall(r'^version = "([^"]+)"', f.read(), re.M)
    real = sorted(set(real))
    pool = sorted(set(real) | set(vc.semver_edge_versions(rng)) | set(vc.invalid_semver_versions()))
    pairs = vc.sample_pairs(rng, pool, 12000)
    pairs = sorted(set(pairs) | set(zip(real, real[1:])))
    # Random strings over the version alphabet (no "v", no spaces): which are valid.
    noise = sorted({"".join(rng.choice("0120.-+aZ.") for _ in range(rng.randint(1, 14)))
                    for _ in range(6000)})
    pairs += [(n, rng.choice(real)) for n in noise]
    theirs = vc.run(["node", os.path.join(ORACLE_DIR, "semver_oracle.js")],
                    [f"cmp\t{a}\t{b}" for a, b in pairs])
    ours, raw = vc.chainwarden_batch("compare", "crates.io", pairs)
    failures = vc.report("crates.io compare", pairs, ours, raw, theirs)
    # What node-semver's lenience accepts and Cargo must not.
    lenient = [("v1.2.3", "1.2.3"), (" 1.2.3", "1.2.3"), ("1.2.3 ", "1.2.3")]
    ours, raw = vc.chainwarden_batch("compare", "crates.io", lenient)
    bad = [p for p, o in zip(lenient, ours) if o != "error"]
    for p in bad:
        print(f"  ACCEPTED {p[0]!r}, which Cargo rejects")
    print(f"crates.io strictness: {len(lenient)} strings, {len(bad)} disagreements")
    return 1 if failures or bad else 0


if __name__ == "__main__":
    sys.exit(main())
