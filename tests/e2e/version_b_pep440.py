#!/usr/bin/env python3
"""Differential test: our pep440 scheme against python3-packaging from apt
(/usr/bin/python3: packaging.version.Version and
packaging.specifiers.SpecifierSet.contains with default pre-release
handling).

Versions: every version of ../shared/data/osv/PyPI.zip (affected versions
lists and range events), grouped per package, plus generated edge cases
in all the spellings packaging accepts (epochs, a/b/rc/alpha/beta/c/pre/
preview, post/rev/r/implicit post, dev, local, separators, case, "v",
whitespace, huge numbers) and invalid strings.  Both sides must agree on
validity and on the order of every pair.

Specifier sets: the OSV ranges of PyPI.zip written as ">=introduced,<fixed"
(and "<=last_affected") tested against the package's versions, plus
generated specifiers with every operator, wildcards, "~=", "===", and
pre/post/local/dev operands.
"""
import json
import os
import random
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
import version_b as vb  # noqa: E402

rng = random.Random(4403)

REFERENCE = r'''
import json, sys
from packaging.version import Version, InvalidVersion
from packaging.specifiers import SpecifierSet, InvalidSpecifier
req = json.load(sys.stdin)
out = {"cmp": [], "sat": []}
cache = {}
def ver(s):
    if s not in cache:
        try:
            cache[s] = Version(s)
        except InvalidVersion:
            cache[s] = None
    return cache[s]
for a, b in req["cmp"]:
    va, vb = ver(a), ver(b)
    if va is None or vb is None:
        out["cmp"].append("E")
    else:
        out["cmp"].append(str((va > vb) - (va < vb)))
for spec, v in req["sat"]:
    try:
        s = SpecifierSet(spec)
    except InvalidSpecifier:
        out["sat"].append("E")
        continue
    vv = ver(v)
    if vv is None:
        out["sat"].append("E")
        continue
    try:
        out["sat"].append("1" if s.contains(vv) else "0")
    except InvalidVersion:
        out["sat"].append("X")   # packaging raises: "===" with a non-PEP 440 operand
json.dump(out, sys.stdout)
'''


def reference(cmp_pairs, sat_pairs):
    r = subprocess.run(["/usr/bin/python3", "-c", REFERENCE],
                       input=json.dumps({"cmp": cmp_pairs, "sat": sat_pairs}),
                       capture_output=True, text=True, check=True)
    return json.loads(r.stdout)


def gen_version():
    r = rng.random
    s = rng.choice(["", "", "", "v", "V", " ", "\t"])
    if r() < 0.15:
        s += rng.choice(["0", "1", "2", "00", "10"]) + "!"
    s += ".".join(rng.choice(["0", "1", "2", "01", "00", "10", "9", "99999999999999999999999"])
                  for _ in range(rng.randrange(1, 5)))
    sep = lambda: rng.choice(["", "", ".", "-", "_"])  # noqa: E731
    num = lambda: rng.choice(["", "0", "1", "2", "01", "10"])  # noqa: E731
    if r() < 0.4:
        s += sep() + rng.choice(["a", "b", "c", "rc", "alpha", "beta", "pre", "preview", "A", "RC",
                                 "Alpha"]) + sep() + num()
    if r() < 0.35:
        if r() < 0.3:
            s += "-" + rng.choice(["0", "1", "2", "10"])
        else:
            s += sep() + rng.choice(["post", "rev", "r", "POST", "Post"]) + sep() + num()
    if r() < 0.35:
        s += sep() + rng.choice(["dev", "DEV", "Dev"]) + sep() + num()
    if r() < 0.2:
        s += "+" + rng.choice([".", "-", "_"]).join(
            rng.choice(["abc", "1", "01", "0", "ubuntu", "Z", "x1", "2"]) for _ in range(rng.randrange(1, 4)))
    if r() < 0.1:
        s += rng.choice([" ", "\n", "  "])
    if r() < 0.05:  # make it invalid or odd
        s += rng.choice([".", "-", "+", "!", "x", ".*", "..1", "a.b", "post.post"])
    return s


SPEC_OPS = ["~=", "==", "!=", "<=", ">=", "<", ">", "==="]


def gen_specifier(versions):
    parts = []
    for _ in range(rng.randrange(0, 4)):
        op = rng.choice(SPEC_OPS)
        v = rng.choice(versions).strip()
        if op in ("==", "!=") and rng.random() < 0.3:
            v = ".".join(v.split("+")[0].split(".")[:rng.randrange(1, 3)])
            v = "".join(ch for ch in v if ch.isdigit() or ch in ".!") + ".*"
        if op == "~=" and rng.random() < 0.5:
            v = rng.choice(["1.0", "1.4.5", "2.2.post3", "1.4.5a4", "1!1.2", "1.4.RC1", "1.4.c1",
                            "1.0.r1", "0.9", "v1.2", "1.0.c.2"])
        parts.append(op + rng.choice(["", " "]) + v)
    return rng.choice([",", ", ", " ,"]).join(parts)


EDGE = ["1.0", "1.0.0", "1", "1.0a", "1.0a0", "1.0alpha", "1.0.alpha.1", "1.0-alpha-1",
        "1.0_alpha_1", "1.0c1", "1.0pre1", "1.0preview1", "1.0rc1", "1.0RC1", "1.0.post",
        "1.0-1", "1.0-r1", "1.0.rev1", "1.0post1", "1.0.dev", "1.0dev1", "1.0-dev-1", "v1.0",
        " 1.0 ", "1.0+abc", "1.0+ABC.1", "1.0+1", "1.0+01", "1.0+abc.1.2", "1.0+1.abc",
        "1!1.0", "0!1.0", "1.0a1.post1.dev1", "1.0.dev1+local", "1.0a.", "1.0.post.", "1.0_1",
        "1.0-", "1.0.", ".1", "1..0", "1.0+", "1.0+a..b", "1.0.*", "a1.0", "1.0 1", "",
        "1.0a1-1", "1.0a-1", "1.0-1-1", "1.0.post1.post2", "99999999999999999999999.0",
        "1.0\n", "\t1.0", "1.0\x0b", "1.0.0.0.0.0.0.0.1", "0", "0.0", "0.0.0a1"]


def main():
    groups = vb.osv_versions("PyPI.zip")
    real = [v for g in groups.values() for v in g]
    real_u = list(dict.fromkeys(real))
    gen = list(dict.fromkeys(gen_version() for _ in range(5000)))
    pairs = vb.pairs_from(real_u, 9000, rng, groups=list(groups.values()))
    pairs += vb.pairs_from(gen, 6000, rng)
    pairs += [(a, b) for a in EDGE for b in EDGE if "\t" not in a + b and "\n" not in a + b]
    pairs += [(rng.choice(EDGE), rng.choice(real_u)) for _ in range(500)]
    pairs = [p for p in dict.fromkeys(pairs) if not any(c in p[0] + p[1] for c in "\t\n")]

    # specifier sets: real OSV ranges against the package's versions
    sats = []
    with __import__("zipfile").ZipFile(os.path.join(vb.SHARED, "data", "osv", "PyPI.zip")) as z:
        for name in sorted(z.namelist()):
            rec = json.loads(z.read(name))
            for aff in rec.get("affected", []):
                vs = groups.get(aff.get("package", {}).get("name", ""), [])
                for r in aff.get("ranges", []):
                    if r.get("type") != "ECOSYSTEM":
                        continue
                    spec, intro = [], None
                    for ev in r.get("events", []):
                        if "introduced" in ev:
                            intro = ev["introduced"]
                        elif "fixed" in ev or "last_affected" in ev:
                            op = "<" if "fixed" in ev else "<="
                            bound = ev.get("fixed", ev.get("last_affected"))
                            spec.append((">=" + intro + "," if intro and intro != "0" else "") + op + bound)
                            intro = None
                    for s in spec:
                        for v in rng.sample(vs, min(len(vs), 6)):
                            sats.append((s, v))
    sats = sats[:6000]
    pool = real_u[:2000] + gen[:1500] + [e for e in EDGE if e.strip()]
    for _ in range(9000):
        sats.append((gen_specifier(pool), rng.choice(pool)))
    sats = [s for s in dict.fromkeys(sats) if not any(c in s[0] + s[1] for c in "\t\n")]

    ref = reference(pairs, sats)
    ours = vb.compare_ours("pep440", pairs)
    bad = []
    for (a, b), o, r in zip(pairs, ours, ref["cmp"]):
        o = "E" if o.startswith("E") else o
        if o != r:
            bad.append((a, b, "ours", o, "packaging", r))
    rc = vb.report("pypi", len(pairs), bad)

    ours = vb.run_batch([("s", "pep440", s, v) for s, v in sats])
    bad = []
    skipped = 0
    for (s, v), o, r in zip(sats, ours, ref["sat"]):
        if r == "X":
            skipped += 1
            continue
        o = "E" if o.startswith("E") else o
        if o != r:
            bad.append((s, v, "ours", o, "packaging", r))
    print(f"pypi specifiers: {skipped} skipped where packaging raises (=== with a non-PEP 440 operand)")
    rc |= vb.report("pypi specifiers", len(sats) - skipped, bad)
    return rc


if __name__ == "__main__":
    sys.exit(main())
