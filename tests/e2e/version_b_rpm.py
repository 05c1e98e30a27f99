#!/usr/bin/env python3
"""Differential test: our rpm scheme against rpm 4.18's own comparison
(rpm.vercmp() of rpm's embedded Lua, which parses epoch:version-release
with rpmverParse() and compares with rpmverCmp()).

There is no RPM advisory data in ../shared, so the versions are real
version strings of other distributions (Debian status, Alpine secdb, PyPI
advisories; rpmvercmp accepts any string) plus generated RPM edge cases:
epochs, '~' and '^', separators, letters vs digits, leading zeros,
releases like "1.el9_2".  All pairs go to one rpm process.
"""
import os
import random
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
import version_b as vb  # noqa: E402

rng = random.Random(4402)

LUA = r'''%{lua:
local out = io.open(os.getenv("CW_RPM_OUT"), "w")
for l in io.lines(os.getenv("CW_RPM_IN")) do
  local a, b = l:match("^([^\t]*)\t([^\t]*)$")
  out:write(tostring(rpm.vercmp(a, b)), "\n")
end
out:close()
}'''


def rpm_compare(pairs):
    with tempfile.TemporaryDirectory() as tmp:
        src, dst = os.path.join(tmp, "in"), os.path.join(tmp, "out")
        with open(src, "w") as f:
            for a, b in pairs:
                f.write(f"{a}\t{b}\n")
        env = dict(os.environ, CW_RPM_IN=src, CW_RPM_OUT=dst)
        subprocess.run(["rpm", "--eval", LUA], env=env, check=True, capture_output=True)
        res = open(dst).read().split()
    if len(res) != len(pairs):
        sys.exit(f"rpm answered {len(res)} of {len(pairs)}")
    return [str((int(r) > 0) - (int(r) < 0)) for r in res]


def real_versions():
    out = []
    status = open(os.path.join(vb.SHARED, "fixtures", "debian", "status"), encoding="utf-8").read()
    out += re.findall(r"^Version: (\S+)$", status, re.M)
    secdb = os.path.join(vb.SHARED, "data", "alpine-secdb")
    for rel in sorted(os.listdir(secdb)):
        for name in sorted(os.listdir(os.path.join(secdb, rel))):
            text = open(os.path.join(secdb, rel, name), encoding="utf-8").read()
            out += re.findall(r"^        ([0-9][^:\s]*):\s*$", text, re.M)
    groups = vb.osv_versions("PyPI.zip")
    for k in sorted(groups)[:300]:
        out += groups[k]
    return [v for v in dict.fromkeys(out) if v and not any(c.isspace() for c in v)]


def generated(n):
    def seg():
        return rng.choice(["0", "1", "2", "10", "01", "001", "a", "b", "rc", "Z", "el9", "fc38",
                           "git", "99999999999999999999", "1a", "a1"])

    def part():
        s = seg()
        for _ in range(rng.randrange(0, 5)):
            s += rng.choice([".", ".", "_", "+", "~", "^", "", "~~", "^^", "%", "..", "~^"]) + seg()
        if rng.random() < 0.2:
            s += rng.choice(["~", "^", ".", "_", "~~"])
        return s

    out = []
    for _ in range(n):
        v = part()
        if rng.random() < 0.3:
            v = rng.choice(["0", "1", "2", "00", "10", ""]) + ":" + v
        if rng.random() < 0.6:
            v += "-" + part()
        if rng.random() < 0.05:
            v += "-" + part()
        out.append(v)
    return out


EDGE = ["1.0", "1.0-1", "1.0-", "1:1.0", "0:1.0", ":1.0", "1.0~rc1", "1.0^git1", "1.0^",
        "1.0~", "1.0.0", "1.0a", "1.0.a", "a", "1", "01", "1.01", "1.001", "1.0-1.el9",
        "1.0-1.el9_2", "2~", "2^", "2^1", "2~1", "1.0_1", "1.0+1", "1.0..1", "1-2:3", "1:2:3",
        "x:1", "1.0-1-2", "~", "^", "-", "1.0^~", "1.0~^"]


def main():
    real = real_versions()
    gen = generated(4000)
    pairs = vb.pairs_from(real, 6000, rng)
    pairs += vb.pairs_from(gen, 5000, rng)
    pairs += [(a, b) for a in EDGE for b in EDGE]
    pairs = list(dict.fromkeys(pairs))
    ours = vb.compare_ours("rpm", pairs)
    ref = rpm_compare(pairs)
    bad = [(a, b, "ours", o, "rpm", r) for (a, b), o, r in zip(pairs, ours, ref) if o != r]
    return vb.report("rpm", len(pairs), bad)


if __name__ == "__main__":
    sys.exit(main())
