#!/usr/bin/env python3
"""Differential test: our gem scheme against RubyGems itself (ruby from apt:
Gem::Version#<=> and Gem::Requirement#satisfied_by?).

Versions: those of ../shared/fixtures/other-ecosystems/bundler/Gemfile.lock
(specs and dependency requirements) plus generated edge cases: prerelease
letters in every position, "-" forms, trailing zeros, leading zeros, huge
numbers, case, whitespace, invalid strings.  Requirements: those of the
Gemfile.lock plus generated ones with every operator (=, !=, >, <, >=, <=,
~>) and comma lists (split as separate requirements, as a gemspec lists
them).
"""
import os
import random
import re
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
import version_b as vb  # noqa: E402

rng = random.Random(4405)

ORACLE = r'''
$stdout.sync = false
STDIN.each_line do |line|
  f = line.chomp("\n").split("\t", -1)
  begin
    if f[0] == "c"
      puts(Gem::Version.new(f[1]) <=> Gem::Version.new(f[2]))
    else
      # "" is one empty requirement (an error), not an empty list
      r = Gem::Requirement.new(*(f[1].empty? ? [""] : f[1].split(",", -1)))
      puts(r.satisfied_by?(Gem::Version.new(f[2])) ? "1" : "0")
    end
  rescue ArgumentError, Gem::Requirement::BadRequirementError
    puts "E"
  end
end
'''


def oracle(lines):
    out = subprocess.run(["ruby", "-e", ORACLE], input="\n".join("\t".join(l) for l in lines) + "\n",
                         capture_output=True, text=True, check=True).stdout.split("\n")[:-1]
    if len(out) != len(lines):
        sys.exit(f"ruby answered {len(out)} of {len(lines)}")
    return out


def lockfile():
    text = open(os.path.join(vb.SHARED, "fixtures", "other-ecosystems", "bundler", "Gemfile.lock"),
                encoding="utf-8").read()
    versions = re.findall(r"^    \S+ \(([^)]+)\)$", text, re.M)
    versions = [v.split("-")[0] if re.search(r"-(x86|arm|aarch|java|universal|x64)", v) else v
                for v in versions]
    reqs = re.findall(r"^      \S+ \(([^)]+)\)$", text, re.M)
    return list(dict.fromkeys(versions)), list(dict.fromkeys(reqs))


def gen_version():
    s = rng.choice(["", "", "", " ", "\t"])
    s += rng.choice(["0", "1", "2", "01", "10", "00", "123456789012345678901234567890"])
    for _ in range(rng.randrange(0, 5)):
        s += "." + rng.choice(["0", "1", "2", "00", "9", "10", "a", "b", "pre", "rc1", "beta2", "A",
                               "alpha", "Z", "0a", "1b2", "z9"])
    if rng.random() < 0.2:
        s += "-" + rng.choice(["1", "a", "rc.1", "beta-2", "x.y", "-", "0", "pre"])
    if rng.random() < 0.05:
        s += rng.choice([".", "-", "..1", " x", "_1", "+1"])
    return s + rng.choice(["", "", " "])


OPS = ["=", "!=", ">", "<", ">=", "<=", "~>", ""]

EDGE = ["1", "1.0", "1.0.0", "1.a", "1.0.a", "1.0.a.1", "1.0.b", "1.0.0.a", "1.a.0", "1.a.0.0",
        "1.0-a", "1.0-1", "1-a", "1.0.pre", "1.0.pre.1", "1.0.rc1", "1.0.RC1", "1.0.0.rc.1",
        "1.01", "1.001", "0", "0.0", "", " ", " 1.0 ", "1.0a", "1.0a1", "1a", "2", "2.0.a",
        "1.9", "1.9.9", "1.10", "a", "1.", "1..0", "1.0-", "1.0--", "1.0-a-b", "1.0-a.b",
        "99999999999999999999999", "99999999999999999999999.1", "1.0.0.0.0.1", "1.0.z", "1.0.Z"]


def main():
    versions, reqs = lockfile()
    gen = list(dict.fromkeys(gen_version() for _ in range(5000)))
    pairs = vb.pairs_from(versions, 3000, rng)
    pairs += vb.pairs_from(gen, 8000, rng)
    pairs += [(a, b) for a in EDGE for b in EDGE]
    pairs = [p for p in dict.fromkeys(pairs) if not any(c in p[0] + p[1] for c in "\t\n")]

    pool = versions + [e for e in EDGE if e.strip()] + gen[:800]
    sats = [(r, v) for r in reqs for v in versions]
    for _ in range(8000):
        n = rng.choice([1, 1, 1, 2, 2, 3])
        r = ",".join(rng.choice(["", " "]) + rng.choice(OPS) + rng.choice(["", " "]) +
                     rng.choice(pool).strip() for _ in range(n))
        sats.append((r, rng.choice(pool)))
    sats += [("~> 2.1", v) for v in ["2.1", "2.2", "2.9.9", "3", "3.0.a", "2.1.a", "2.0"]]
    sats += [("~> 2.1.3", v) for v in ["2.1.3", "2.1.9", "2.2", "2.2.a", "2.1.3.a", "2.1.4.a"]]
    sats += [("~> 1.0.a", v) for v in ["1.0.a", "1.0", "1.1", "2.0", "1.0.b"]]
    sats += [("", "1"), (",", "1"), (">= 1,", "1"), ("~> 9.9", "10.0"), ("~> 1", "1.9")]
    sats = [s for s in dict.fromkeys(sats) if not any(c in s[0] + s[1] for c in "\t\n")]

    ref = oracle([("c", a, b) for a, b in pairs] + [("s", r, v) for r, v in sats])
    ours = vb.compare_ours("gem", pairs)
    bad = []
    for (a, b), o, r in zip(pairs, ours, ref):
        o = "E" if o.startswith("E") else o
        if o != r:
            bad.append((a, b, "ours", o, "ruby", r))
    rc = vb.report("rubygems", len(pairs), bad)

    ours = vb.run_batch([("s", "gem", r, v) for r, v in sats])
    bad = []
    for (r, v), o, x in zip(sats, ours, ref[len(pairs):]):
        o = "E" if o.startswith("E") else o
        if o != x:
            bad.append((r, v, "ours", o, "ruby", x))
    rc |= vb.report("rubygems requirements", len(sats), bad)
    return rc


if __name__ == "__main__":
    sys.exit(main())
