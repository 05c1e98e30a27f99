#!/usr/bin/env python3
"""Alpine apk versions: there is no apk-tools here to compare against, so
this checks our apk scheme on the real versions of
../shared/data/alpine-secdb/*.yaml against apk's documented rules:

- a secdb version is valid exactly when it matches apk's documented grammar
  digit{.digit}...{letter}{_suf{#}}...{~hash}{-r#} (written below as a
  regular expression; the secdb has a few typos such as "4.10-1-r1" that
  apk rejects too);
- rule-derived expectations for each version V = B[-rN] (B without the
  revision): B_rc1 < B (a pre-release suffix sorts before the end),
  B_p1 > B (a post-release suffix after it), B-r1 > B when B has none,
  B_alpha < B_beta < B_pre < B_rc < B < B_cvs < B_svn < B_git < B_hg < B_p;
- on 10,000+ pairs of secdb versions the order is consistent: antisymmetric,
  and the order of a sorted list agrees with every pair taken from it.
The facts of apk-tools' own test/version.data are unit tests
(tests/unit/test_version_distro.c).
"""
import functools
import os
import random
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
import version_b as vb  # noqa: E402

rng = random.Random(4406)
GRAMMAR = re.compile(r"^[0-9]+(\.[0-9]+)*[a-z]?(_(alpha|beta|pre|rc|cvs|svn|git|hg|p)[0-9]*)*"
                     r"(~[0-9a-f]+)?(-r[0-9]+)?$")


def secdb_versions():
    out = []
    base = os.path.join(vb.SHARED, "data", "alpine-secdb")
    for rel in sorted(os.listdir(base)):
        for name in sorted(os.listdir(os.path.join(base, rel))):
            text = open(os.path.join(base, rel, name), encoding="utf-8").read()
            out += re.findall(r"^        ([^\s:#][^:\s]*):\s*$", text, re.M)
    return list(dict.fromkeys(out))


def main():
    versions = secdb_versions()
    bad = []
    answers = vb.run_batch([("p", "apk", v) for v in versions])
    for v, a in zip(versions, answers):
        if (a == "ok") != bool(GRAMMAR.match(v)):
            bad.append(("validity", v, "ours", a))
    pieces = ["1", "0", "01", "23", ".", ".1", "a", "z", "A", "_", "_rc", "_p", "_alpha", "_pre1",
              "_foo", "~", "~abc1", "~G", "-r", "-r1", "-r01", "-", "-x", "1_", "b2"]
    gen = list(dict.fromkeys("".join(rng.choice(pieces) for _ in range(rng.randrange(1, 7)))
                             for _ in range(6000)))
    for v, a in zip(gen, vb.run_batch([("p", "apk", v) for v in gen])):
        if (a == "ok") != bool(GRAMMAR.match(v)):
            bad.append(("validity", v, "ours", a))
    print(f"alpine: {len(gen)} generated strings checked for validity against the grammar")
    invalid = [v for v, a in zip(versions, answers) if a != "ok"]
    print(f"alpine: {len(invalid)} secdb versions invalid by apk's grammar: {invalid}")
    versions = [v for v, a in zip(versions, answers) if a == "ok"]

    checks = []  # (a, b, expected sign)
    suffixes = ["_alpha", "_beta", "_pre", "_rc", "", "_cvs", "_svn", "_git", "_hg", "_p"]
    for v in versions:
        b = re.sub(r"-r[0-9]+$", "", v)
        checks.append((b + "_rc1", b, "-1"))
        checks.append((b + "_p1", b, "1"))
        if b == v:
            checks.append((b + "-r1", b, "1"))
        chain = [b + s for s in suffixes]
        checks += [(chain[i], chain[i + 1], "-1") for i in range(len(chain) - 1)]
    got = vb.compare_ours("apk", [(a, b) for a, b, _ in checks])
    bad += [(a, b, "want", e, "ours", g) for (a, b, e), g in zip(checks, got) if g != e]

    pairs = vb.pairs_from(versions, 12000, rng)
    fwd = vb.compare_ours("apk", pairs)
    back = vb.compare_ours("apk", [(b, a) for a, b in pairs])
    bad += [(a, b, "not antisymmetric", f, r) for (a, b), f, r in zip(pairs, fwd, back)
            if int(f) != -int(r)]
    table = {p: int(c) for p, c in zip(pairs, fwd)}
    sample = rng.sample(versions, 400)
    sq = [(a, b) for a in sample for b in sample]
    res = vb.compare_ours("apk", sq)
    table.update({p: int(c) for p, c in zip(sq, res)})
    ordered = sorted(sample, key=functools.cmp_to_key(lambda a, b: table[(a, b)]))
    for i in range(len(ordered)):
        for j in range(i + 1, len(ordered)):
            if table[(ordered[i], ordered[j])] > 0:
                bad.append(("sorted order broken", ordered[i], ordered[j]))
    total = len(versions) + len(gen) + len(checks) + 2 * len(pairs) + len(sq)
    print(f"alpine: {len(versions)} secdb versions, {len(checks)} rule checks, "
          f"{len(pairs)} pairs both ways, {len(sq)} sorted-order pairs (no reference implementation here)")
    return vb.report("alpine", total, bad)


if __name__ == "__main__":
    sys.exit(main())
