#!/usr/bin/env python3
"""Differential test: our dpkg scheme against `dpkg --compare-versions` and
apt's implementation of the same rules (python3-apt's
apt_pkg.version_compare, run in one /usr/bin/python3 process).

Pairs: the versions of ../shared/fixtures/debian/status (installed versions
paired with the versions their dependants require, plus all other pairs up
to the count) and generated edge cases (epochs, '~', '+', letters, leading
zeros, revisions).  Ranges: every versioned dependency relation of the
status file checked against the installed version of its target, and
generated relations with all of dpkg's operators.

dpkg is run once per question, which is slow, so every pair is checked
against apt_pkg and a fixed sample (all edge cases, which include invalid
versions that must be errors on both sides, plus 1,500 others, and 400
relations including the obsolete "<" and ">") against dpkg itself.
"""
import os
import random
import re
import functools
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
import version_b as vb  # noqa: E402

rng = random.Random(4401)


def status_data():
    text = open(os.path.join(vb.SHARED, "fixtures", "debian", "status"), encoding="utf-8").read()
    installed = {}
    relations = []
    versions = []
    for stanza in text.split("\n\n"):
        fields = dict(re.findall(r"^([A-Za-z-]+): ?(.*)$", stanza, re.M))
        if "Package" in fields and "Version" in fields:
            installed[fields["Package"]] = fields["Version"]
            versions.append(fields["Version"])
        for key in ("Depends", "Pre-Depends", "Recommends", "Suggests", "Breaks",
                    "Conflicts", "Replaces", "Provides", "Source"):
            for name, op, ver in re.findall(r"([a-z0-9][a-z0-9+.-]*)(?::\w+)? \((<<|<=|=|>=|>>|<|>)? ?([^)\s]+)\)",
                                            fields.get(key, "")):
                versions.append(ver)
                if op:
                    relations.append((name, op, ver))
    return installed, relations, list(dict.fromkeys(versions))


def generated(n):
    def num():
        return rng.choice(["0", "1", "2", "9", "10", "01", "00", "007", "100", "12345678901234567890"])

    def word():
        return rng.choice(["a", "b", "z", "A", "Z", "rc", "beta", "dfsg", "git", "ubuntu", "deb", "bpo"])

    def part(first_digit):
        s = num() if first_digit else rng.choice([num(), word()])
        for _ in range(rng.randrange(0, 5)):
            s += rng.choice([".", "+", "~", "", "", "~~", "."]) + rng.choice([num(), word()])
        if rng.random() < 0.15:
            s += rng.choice(["~", ".", "+", "~~"])
        return s

    out = []
    for _ in range(n):
        v = part(True)
        if rng.random() < 0.3:
            v = rng.choice(["0", "1", "2", "10", "00"]) + ":" + v
        if rng.random() < 0.5:
            v += "-" + part(rng.random() < 0.8)
        if rng.random() < 0.05:
            v += "-" + part(True)  # hyphen in upstream
        out.append(v)
    return out


EDGE = ["1.0", "1.0-0", "1.0-1", "1.0~rc1", "1.0~~", "1.0~", "1.0~~a", "1.0+b1", "1.0a",
        "1.0A", "1.0.", "1.0.0", "1:1.0", "0:1.0", "00:1.0", "1.0-1~bpo1", "2:0.1",
        "1.00", "1.01", "01.1", "1.0-1ubuntu0.1", "1.0-1+deb12u1", "1:2:3", "1:2-3-4",
        "1.0--1", "a1.0", "1.0-a", "+1:1.0", "1.0_1", "1.0 ", " 1.0", "1:", ":1.0", "1.0-",
        "-1:1.0", "x:1.0", "1.0 2", "99999999999:1", "", "~", "0", "0~", "0-0~",
        "1.0é", "1.0ü-1", "1.0+é"]


@functools.lru_cache(maxsize=None)
def dpkg_true(a, op, b):
    r = subprocess.run(["dpkg", "--compare-versions", a, op, b], capture_output=True)
    if r.returncode not in (0, 1):
        return None
    return r.returncode == 0


def dpkg_cmp(a, b):
    lt = dpkg_true(a, "lt", b)
    if lt is None:
        return "E"
    if lt:
        return "-1"
    return "0" if dpkg_true(a, "eq", b) else "1"


APT = r'''
import json, sys, apt_pkg
apt_pkg.init_system()
pairs = json.load(sys.stdin)
print(json.dumps([apt_pkg.version_compare(a, b) for a, b in pairs]))
'''


def apt_compare(pairs):
    r = subprocess.run(["/usr/bin/python3", "-c", APT], input=__import__("json").dumps(pairs),
                       capture_output=True, text=True, check=True)
    return [str((c > 0) - (c < 0)) for c in __import__("json").loads(r.stdout)]


OPS = {"<<": (-1,), "<=": (-1, 0), "=": (0,), ">=": (0, 1), ">>": (1,)}


def main():
    installed, relations, versions = status_data()
    gen = generated(4000)
    # dpkg treats "" as a special blank version and ignores "<unknown>";
    # our API has no such value, so the empty string is left out.
    edge = [e for e in EDGE if e]
    pairs = vb.pairs_from(versions, 7000, rng)
    pairs += vb.pairs_from(gen, 4000, rng)
    pairs += [(a, b) for a in edge for b in edge]
    pairs += [(rng.choice(edge), rng.choice(versions)) for _ in range(300)]
    pairs = list(dict.fromkeys(pairs))
    ours = vb.compare_ours("dpkg", pairs)
    # apt_pkg reads odd strings (spaces, "+1:" epochs) differently from dpkg,
    # so it only judges pairs of ordinary versions; edge cases go to dpkg
    valid = [(a, b) for (a, b), o in zip(pairs, ours)
             if o[0] != "E" and a not in edge and b not in edge]
    ours_valid = vb.compare_ours("dpkg", valid)
    bad = [(a, b, "ours", o, "apt_pkg", r)
           for (a, b), o, r in zip(valid, ours_valid, apt_compare(valid)) if o != r]
    sample = [p for p in pairs if p[0] in edge or p[1] in edge]
    sample = rng.sample(sample, min(len(sample), 2000)) + rng.sample(pairs, 1500)
    for (a, b), o in zip(sample, vb.compare_ours("dpkg", sample)):
        ref = dpkg_cmp(a, b)
        if (o[0] == "E") != (ref == "E") or (ref != "E" and o != ref):
            bad.append((a, b, "ours", o, "dpkg", ref))
    rc = vb.report("debian", len(valid) + len(sample), bad)
    print(f"  ({len(valid)} pairs against apt_pkg, {len(sample)} against dpkg --compare-versions)")

    # ranges: real dependency relations, then generated ones
    checks = [(op + " " + ver, installed[name], op, ver)
              for name, op, ver in relations if name in installed]
    valid_pairs = valid
    for _ in range(3000):
        a, b = rng.choice(valid_pairs)
        checks.append((rng.choice(list(OPS)) + " " + b, a, None, b))
    for _ in range(400):
        a, b = rng.choice(valid_pairs)
        op = rng.choice(["<<", "<=", "=", ">=", ">>", "<", ">"])
        checks.append((op + " " + b, a, op, b))
    apt = apt_compare([(v, ver) for _, v, _, ver in checks])
    ours = vb.run_batch([("s", "dpkg", r, v) for r, v, _, _ in checks])
    bad = []
    for (r, v, op, ver), o, c in zip(checks, ours, apt):
        if op is None:  # generated, checked with apt's order
            ref = int(c) in OPS[r.split(" ")[0]]
        else:
            ref = dpkg_true(v, op, ver)
        if o != ("1" if ref else "0"):
            bad.append((v, r, "ours", o, "reference", ref))
    rc |= vb.report("debian ranges", len(checks), bad)
    return rc


if __name__ == "__main__":
    sys.exit(main())
