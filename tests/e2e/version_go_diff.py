#!/usr/bin/env python3
"""Differential test: the Go scheme against golang.org/x/mod/semver.

The reference is tests/oracles/gosemver/main.go, built here offline against
Debian's golang-golang-x-mod-dev (/usr/share/gocode) in GOPATH mode.  The
pairs: >= 10,000 drawn from every version in the OSV Go advisories
($CW_SHARED_DIR/data/osv/Go.zip, written there without the "v" that Go
needs, so it is added) and in a real go.sum, plus generated pseudo-versions of the three forms,
+incompatible, shorthands (v1, v1.2) and invalid strings, and 6,000
random strings over the version alphabet.  Zero disagreements are
required, including on which strings are valid.

Not generated (documented in golang.c): versions without "v" (accepted by
chainwarden because OSV omits it, rejected by x/mod) and MAJOR/MINOR/PATCH
numbers above 2^64-1.
"""
import os
import random
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "oracles"))
import version_cases as vc  # noqa: E402

GOPATH = "/usr/share/gocode"


def build_oracle(tmp):
    src = os.path.join(vc.source_dir(), "tests", "oracles", "gosemver", "main.go")
    out = os.path.join(tmp, "gosemver")
    env = dict(os.environ, GO111MODULE="off", GOPATH=GOPATH, GOFLAGS="",
               GOCACHE=os.path.join(tmp, "gocache"), CGO_ENABLED="0")
    proc = subprocess.run(["go", "build", "-o", out, src], env=env, cwd=tmp,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if proc.returncode != 0:
        sys.exit("building the Go oracle failed:\n" + proc.stdout.decode(errors="replace"))
    return out


def pseudo_versions(rng):
    out = set()
    for _ in range(400):
        ts = "20%02d%02d%02d%02d%02d%02d" % (rng.randint(10, 25), rng.randint(1, 12),
                                            rng.randint(1, 28), rng.randint(0, 23),
                                            rng.randint(0, 59), rng.randint(0, 59))
        h = "%012x" % rng.getrandbits(48)
        M, m, p = rng.choice([0, 1, 2]), rng.choice([0, 1, 4]), rng.choice([0, 1, 3])
        out.add(f"v0.0.0-{ts}-{h}")
        out.add(f"v{M}.{m}.{p + 1}-0.{ts}-{h}")
        out.add(f"v{M}.{m}.{p}-{rng.choice(['pre', 'rc.1', 'beta.2'])}.0.{ts}-{h}")
        out.add(f"v{M}.{m}.{p}")
        out.add(f"v{M}.{m}.{p + 1}")
    return sorted(out)


GO_EDGE = ["v1", "v1.2", "v0", "v2.0.0+incompatible", "v2.0.0", "v2.0.1+incompatible",
           "v1.2-pre", "v1.2+build", "v1.2.3.4", "v01.2.3", "v1.02.3", "v1.2.3-01",
           "v1.2.3-", "v1.2.3+", "V1.2.3", "v", "", "v1.2.3-a..b", "v1.2.3-0",
           "v1.2.3-00", "v1.2.3-alpha.00a", "v1.0.0-alpha", "v1.0.0-alpha.1",
           "v1.0.0-alpha.beta", "v1.0.0-beta", "v1.0.0-beta.2", "v1.0.0-beta.11",
           "v1.0.0-rc.1", "v1.0.0", "v1.0.0+meta", "v1.0.0-rc.1+meta",
           "v1.0.0-123456789012345678901234567890", "v1.0.0-123456789012345678901234567891",
           "v1.0.0-99999999999999999999", "v18446744073709551615.0.0", "v1.2.3 ", " v1.2.3"]


def main():
    if not shutil.which("go") or not os.path.isdir(os.path.join(GOPATH, "src/golang.org/x/mod/semver")):
        print("SKIP: go or golang.org/x/mod in /usr/share/gocode missing (run scripts/setup)")
        return 77
    rng = random.Random(vc.SEED)
    real = ["v" + v for v in vc.osv_versions("Go")]
    # and every version in a real go.sum (prometheus), pseudo-versions included
    with open(vc.shared("fixtures/other-ecosystems/go/go.sum")) as f:
        gosum = {line.split()[1].removesuffix("/go.mod") for line in f if line.strip()}
    real = sorted(set(real) | gosum)
    pool = sorted(set(real) | set(pseudo_versions(rng)) | set(GO_EDGE) |
                  set(vc.semver_edge_versions(rng, prefix_v=True)))
    pairs = vc.sample_pairs(rng, pool, 15000)
    # Each real version against its neighbours in sorted order too.
    pairs = sorted(set(pairs) | set(zip(real, real[1:])))
    # Random strings over the version alphabet, "v" first: which are valid.
    noise = sorted({"v" + "".join(rng.choice("0120.-+aZ.") for _ in range(rng.randint(0, 14)))
                    for _ in range(6000)})
    pairs += [(n, rng.choice(real)) for n in noise]
    with tempfile.TemporaryDirectory() as tmp:
        exe = build_oracle(tmp)
        theirs = vc.run([exe], [f"{a}\t{b}" for a, b in pairs])
    ours, raw = vc.chainwarden_batch("compare", "Go", pairs)
    return 1 if vc.report("Go compare", pairs, ours, raw, theirs) else 0


if __name__ == "__main__":
    sys.exit(main())
