#!/usr/bin/env python3
"""Differential test: the npm scheme against node-semver (tests/oracles).

Compare: >= 10,000 version pairs drawn from the versions of the OSV npm
advisories ($CW_SHARED_DIR/data/osv/npm.zip) and generated SemVer edge cases
(prerelease ordering, build metadata, 'v' prefixes, invalid strings).
Satisfies: every vulnerable_versions / patched_versions range of those
advisories plus generated ranges in node-semver's whole grammar (^ ~ x-ranges
hyphens || partial versions), each against versions next to its bounds.
node-semver decides every expected answer; zero disagreements are required.

Known, documented differences are not generated (docs/versions.md):
malformed ranges that node-semver's regex rewriting accepts (">=1.2.3*"),
and numeric prerelease identifiers above 2^53 (node compares them as
rounded doubles).
"""
import os
import random
import re
import shutil
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "oracles"))
import version_cases as vc  # noqa: E402

ORACLE_DIR = os.path.join(vc.source_dir(), "tests", "oracles")


def node_available():
    if not shutil.which("node"):
        return False
    return os.path.isfile(os.path.join(ORACLE_DIR, "node_modules", "semver", "package.json"))


def oracle(lines):
    return vc.run(["node", os.path.join(ORACLE_DIR, "semver_oracle.js")], lines)


def gen_partial(rng):
    M, m, p = rng.choice([0, 1, 2, 3, 10]), rng.choice([0, 1, 2, 5]), rng.choice([0, 1, 3, 9])
    x = rng.choice(["x", "X", "*"])
    forms = [f"{M}", f"{M}.{m}", f"{M}.{m}.{p}", f"{M}.{x}", f"{M}.{m}.{x}", f"{M}.{x}.{x}",
             x, f"{M}.{m}.{p}-{rng.choice(vc.PRERELEASES)}", f"{M}.{m}.{p}+build",
             f"v{M}.{m}.{p}", f"={M}.{m}", f"v{M}.{m}", f"{M}.{m}.{p}-beta.{p}"]
    return rng.choice(forms)


def gen_comparator(rng):
    op = rng.choice(["", "", "=", "<", "<=", ">", ">=", "~", "^", "~>", "^", "~"])
    v = gen_partial(rng)
    if v.startswith("=") and op in ("=", "<", "<=", ">", ">="):
        v = v[1:]
    space = " " if op and rng.random() < 0.15 else ""
    return op + space + v


def gen_range(rng):
    alts = []
    for _ in range(rng.choice([1, 1, 1, 2, 3])):
        if rng.random() < 0.15:
            alts.append(f"{gen_partial(rng).lstrip('=')} - {gen_partial(rng).lstrip('=')}")
        else:
            alts.append(" ".join(gen_comparator(rng) for _ in range(rng.choice([1, 1, 2, 2, 3]))))
    r = rng.choice([" || ", "||", " ||  "]).join(alts)
    if rng.random() < 0.03:
        r = rng.choice(["", "*", "x", ">=0.0.0", "* || 1.2.3-beta", ">=1.0.0-rc.1 || *",
                        "<0.0.0-0 || >=1.0.0-alpha", "1.2.3 ||", "^0.0", "~0", "<*", ">*"])
    return r


# Edge cases, valid and invalid, where the answer is easy to get wrong.
EDGE_RANGES = [
    ">=01.2", "1.2.3.4", "^1.2.3-01", ">=a", "~1.2.3-", "1 - ", ">>1", "1.2.3 - 2.3.4 - 5",
    "=v=1.2.3", ">=vv1.2.3", "^vv1.2.3", "^9007199254740991", "~9007199254740991.1",
    ">9007199254740991.1.x", "9007199254740991.0.0", "^1.2.3 <", "||", " || ", "* ||",
    "^1.x-beta", "1.2.x-beta", ">=1.2.3-beta <1.2.3", "<1.2.3-0", ">1.2.3-0 <1.2.4",
    "1.2.3-beta - 1.2.3-rc", "1.2 - 1.2.3-beta", "~>1", "~> 1.2", "~ > 1.2", "^ v1.2",
    ">= 1.2.3 < 2", "< = 1.2", "v1.2.3", "=1.2.3", "==1.2.3", "1.2.3+build.1", ">=1.0.0+b",
    "x.x.x", "*.1.2", "1.*.2", "<=1.x", ">1.x", ">=1.x", "<1.x", "=1.x", "<=*", ">=*", "=*",
    "^0.0.0", "^0.0.0-beta", "~0.0.0-beta", "0.0.0 - 0.0.0-beta", "0 - 0", "0.x - 1.x",
    ">=0.0.0-0", "<0.0.0", ">=0.0.0 >=1.0.0-beta || <0.0.0-0", "1.2.3 - x", "x - 1.2.3",
    "1.2.3-a.b.c.d.e.f.g.h", "1.2.3-1.2.3.4.5.6 - 1.2.4", "^1.2.3+build", "~1.2.3+build",
    "1.0.0 - 2.0.0 || ^3.0.0-beta.1", "^1.2.3-alpha.1 || ~1.2.4-beta",
    # the 256-character limit of a version inside a range
    "^1.2.3-" + "a" * 250, "^1.2.3-" + "a" * 251, ">=1.2.3-" + "b" * 250,
    ">=1.2.3-" + "b" * 251, "v1.2.3-" + "c" * 250, "1.2.3 - 1.2.4-" + "d" * 251,
]


def versions_for(rng, rng_text, pool):
    """Versions next to every number triple in the range, plus a few others."""
    out = set()
    nums = re.findall(r"(\d+)(?:\.(\d+))?(?:\.(\d+))?", rng_text)
    for M, m, p in nums:
        out |= vc.neighbours((int(M), int(m or 0), int(p or 0)))
    for pre in re.findall(r"\d+\.\d+\.\d+-[0-9A-Za-z.-]+", rng_text):
        out.add(pre)
    out |= set(rng.sample(pool, 6))
    return sorted(out)


def main():
    if not node_available():
        print("SKIP: node or tests/oracles/node_modules/semver missing (run scripts/setup)")
        return 77
    rng = random.Random(vc.SEED)
    real = vc.osv_versions("npm")
    edge = vc.semver_edge_versions(rng) + vc.semver_edge_versions(rng, prefix_v=True)[:200]
    pool = sorted(set(real) | set(edge) | set(vc.invalid_semver_versions()) |
                  {" 1.2.3 ", "v1.2.3", "1.2.3-beta+exp.sha.5114f85", "9007199254740991.0.0",
                   "9007199254740992.0.0", "1.0.0-" + "a" * 260})
    pairs = vc.sample_pairs(rng, pool, 12000)
    # Every real version against every other: the orders advisories depend on.
    pairs = sorted(set(pairs) | {(a, b) for a in real for b in real if a <= b})
    ours, raw = vc.chainwarden_batch("compare", "npm", pairs)
    theirs = oracle([f"cmp\t{a}\t{b}" for a, b in pairs])
    failures = vc.report("npm compare", pairs, ours, raw, theirs)

    ranges = vc.osv_npm_ranges()
    real_count = len(ranges)
    ranges = ranges + sorted({gen_range(rng) for _ in range(2500)} | set(EDGE_RANGES))
    sat = []
    for r in ranges:
        for v in versions_for(rng, r, pool):
            sat.append((v, r))
    ours, raw = vc.chainwarden_batch("satisfies", "npm", sat)
    theirs = oracle([f"sat\t{v}\t{r}" for v, r in sat])
    failures += vc.report(f"npm satisfies ({real_count} real + {len(ranges) - real_count} "
                          "generated ranges)", sat, ours, raw, theirs)

    # Random strings over the range alphabet, most of them invalid: whether
    # a range is accepted at all, and what the odd spellings node-semver's
    # regex rewriting accepts mean.  (Not containing "*" after a version,
    # the documented replaceStars difference.)
    noise = set()
    for alphabet in ("0112 .xX*^~<>=-|v", "01 2.3.-+a-.b|x*v^~<>= ", "1 .2<>=v~^*-|+ab"):
        for _ in range(6000):
            s = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 20)))
            if not re.search(r"[0-9a-zA-Z.+-]\*", s):
                noise.add(s)
    probes = ["1.2.3", "0.0.0", "1.0.0-0", "2.0.0", "0.1.2", "1.2.3-beta"]
    sat = [(v, r) for r in sorted(noise) for v in probes]
    ours, raw = vc.chainwarden_batch("satisfies", "npm", sat)
    theirs = oracle([f"sat\t{v}\t{r}" for v, r in sat])
    failures += vc.report(f"npm satisfies ({len(noise)} random range strings)", sat, ours,
                          raw, theirs, limit=10)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
