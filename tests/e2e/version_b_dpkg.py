#!/usr/bin/env python3
"""Differential test: our dpkg scheme against `dpkg --compare-versions`.

Pairs: the versions of ../shared/fixtures/debian/status (installed versions
paired with the versions their dependants require, plus all other pairs up
to the count) and generated edge cases (epochs, '~', '+', letters, leading
zeros, revisions).  Ranges: every versioned dependency relation of the
status file checked against the installed version of its target, and
generated relations with all of dpkg's operators.  dpkg is run once per
question; an invalid version must be an error on both sides.
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
        "-1:1.0", "x:1.0", "1.0 2", "99999999999:1", "", "~", "0", "0~", "0-0~"]


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
    bad = []
    for (a, b), o in zip(pairs, ours):
        ref = dpkg_cmp(a, b)
        if (o[0] == "E") != (ref == "E") or (ref != "E" and o != ref):
            bad.append((a, b, "ours", o, "dpkg", ref))
    rc = vb.report("debian", len(pairs), bad)

    # ranges: real dependency relations, then generated ones
    checks = [(op + " " + ver, installed[name], op, ver)
              for name, op, ver in relations if name in installed]
    ops = ["<<", "<=", "=", ">=", ">>", "<", ">"]
    for _ in range(1500):
        a, b = rng.choice(pairs)
        op = rng.choice(ops)
        checks.append((op + " " + b, a, op, b))
    checks = [c for c in checks if dpkg_true(c[1], "eq", c[1]) is not None
              and dpkg_true(c[3], "eq", c[3]) is not None]
    ours = vb.run_batch([("s", "dpkg", r, v) for r, v, _, _ in checks])
    bad = []
    for (r, v, op, ver), o in zip(checks, ours):
        ref = dpkg_true(v, op, ver)
        if o != ("1" if ref else "0"):
            bad.append((v, r, "ours", o, "dpkg", ref))
    rc |= vb.report("debian ranges", len(checks), bad)
    return rc


if __name__ == "__main__":
    sys.exit(main())
