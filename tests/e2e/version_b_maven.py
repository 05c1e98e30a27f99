#!/usr/bin/env python3
"""Differential test: our maven scheme against Maven's own ComparableVersion
and VersionRange (maven-artifact 3.8, /usr/share/java/maven-artifact-3.x.jar),
through a small Java program compiled here with javac.

Versions: those of ../shared/fixtures/other-ecosystems/gradle/gradle.lockfile
and maven/pom.xml, plus generated edge cases: qualifiers and their aliases
(a1/b1/m1, cr, ga, final, release, sp, snapshot, unknown words), case,
'.'/'-' separators, empty items, leading zeros, int/long/BigInteger sized
numbers, digit/letter transitions, trailing nulls.

Ranges: generated "[a,b)", "(,a]", "[a]", unions and invalid forms, checked
with VersionRange.createFromVersionSpec().containsVersion().  A bare version
is a "soft" requirement that Maven satisfies with anything; we define it as
equality (docs/versions.md), so for those the oracle answers with
ComparableVersion equality.
"""
import os
import random
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
import version_b as vb  # noqa: E402

rng = random.Random(4404)
JAR = "/usr/share/java/maven-artifact-3.x.jar"
LANG3 = "/usr/share/java/commons-lang3.jar"  # DefaultArtifactVersion needs it

ORACLE = r'''
import java.io.*;
import org.apache.maven.artifact.versioning.*;
public class Oracle {
  public static void main(String[] a) throws Exception {
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, "UTF-8"));
    PrintStream out = new PrintStream(new BufferedOutputStream(System.out), false, "UTF-8");
    String line;
    while ((line = in.readLine()) != null) {
      String[] f = line.split("\t", -1);
      if (f[0].equals("c")) {
        int c = new ComparableVersion(f[1]).compareTo(new ComparableVersion(f[2]));
        out.println(Integer.signum(c));
      } else {
        try {
          VersionRange r = VersionRange.createFromVersionSpec(f[1]);
          DefaultArtifactVersion v = new DefaultArtifactVersion(f[2]);
          if (r.getRecommendedVersion() != null)
            out.println(new ComparableVersion(r.getRecommendedVersion().toString())
                        .compareTo(new ComparableVersion(f[2])) == 0 ? "1" : "0");
          else
            out.println(r.containsVersion(v) ? "1" : "0");
        } catch (InvalidVersionSpecificationException e) {
          out.println("E");
        }
      }
    }
    out.flush();
  }
}
'''


def oracle(lines):
    with tempfile.TemporaryDirectory() as tmp:
        with open(os.path.join(tmp, "Oracle.java"), "w") as f:
            f.write(ORACLE)
        subprocess.run(["javac", "-cp", JAR, "-d", tmp, os.path.join(tmp, "Oracle.java")], check=True)
        out = subprocess.run(["java", "-cp", ":".join([JAR, LANG3, tmp]), "Oracle"],
                             input="\n".join("\t".join(l) for l in lines) + "\n",
                             capture_output=True, text=True, check=True).stdout.split("\n")[:-1]
    if len(out) != len(lines):
        sys.exit(f"oracle answered {len(out)} of {len(lines)}")
    return out


def real_versions():
    out = []
    base = os.path.join(vb.SHARED, "fixtures", "other-ecosystems")
    for line in open(os.path.join(base, "gradle", "gradle.lockfile"), encoding="utf-8"):
        parts = line.strip().split("=")[0].split(":")
        if len(parts) == 3:
            out.append(parts[2])
    import re
    out += [v for v in re.findall(r"<version>([^<$]+)</version>",
                                  open(os.path.join(base, "maven", "pom.xml"), encoding="utf-8").read())]
    return list(dict.fromkeys(out))


WORDS = ["alpha", "beta", "milestone", "rc", "cr", "snapshot", "ga", "final", "release", "sp",
         "a", "b", "m", "c", "foo", "abc", "ALPHA", "RC", "Final", "SNAPSHOT", "GA", "SP", "x",
         "jre", "android", "RELEASE", "M", "redhat", "incubating", "dev", "pre", "z"]
NUMS = ["0", "1", "2", "9", "10", "00", "01", "007", "123456789", "1234567890",
        "123456789012345678", "1234567890123456789", "99999999999999999999999",
        "0000000000", "0000000000000000000", "000", "2147483647", "2147483648"]


def gen_version():
    s = ""
    for i in range(rng.randrange(1, 7)):
        if i:
            s += rng.choice([".", ".", "-", "-", "", "..", "--", ".-", "-."])
        s += rng.choice(NUMS) if rng.random() < 0.55 else rng.choice(WORDS)
    if rng.random() < 0.05:
        s = rng.choice([".", "-"]) + s
    if rng.random() < 0.05:
        s += rng.choice([".", "-", ".0", "-0", "-ga", ".final"])
    return s


EDGE = ["1", "1.0", "1.0.0", "1-0", "1-ga", "1-final", "1-release", "1.ga", "1-sp", "1-sp1",
        "1-rc", "1-cr", "1-rc1", "1-cr1", "1-alpha", "1-a1", "1a1", "1-a", "1-b1", "1-m1",
        "1-milestone-1", "1-snapshot", "1-SNAPSHOT", "1.0-SNAPSHOT", "1-foo", "1-abc", "1.1",
        "1-1", "1.0.1", "1-0.1", "1.0-1", "1..1", "1--1", "1.-1", "1-.1", "1.0a", "1.0-a",
        "1.0.a", "1.0alpha1", "1.0-alpha-1", "2.0.0.RELEASE", "2.0.0.Final", "1.0.0.GA",
        "1.0-jre", "1.0-android", "0", "0.0", "00", "a", "alpha", "1-1-1", "1-1.1", "1.1-1",
        "1.0.0-0.0.0", "1-0-0-1", "1-ga-1", "1-final-1", "1.2.3-sp-1", "1-m", "1-mm1",
        "1-0000000000", "1.1234567890", "1.99999999999999999999", "5-0000000000",
        "1.0-20230101.123456-1", "1.0.0.v20230101", "1.0-b", "1.0-b2", "1.0-beta2"]


def gen_range(versions):
    def v():
        return rng.choice(versions)
    forms = [
        lambda: f"[{v()},{v()})", lambda: f"[{v()},{v()}]", lambda: f"({v()},{v()})",
        lambda: f"({v()},{v()}]", lambda: f"(,{v()}]", lambda: f"(,{v()})", lambda: f"[{v()},)",
        lambda: f"({v()},)", lambda: f"[{v()}]", lambda: v(), lambda: f"({v()})",
        lambda: f"[{v()},{v()}),[{v()},{v()})", lambda: f"(,{v()}],[{v()},)",
        lambda: f"[ {v()} , {v()} )", lambda: f"[{v()}", lambda: "[,]", lambda: "[1,1]",
        lambda: f"[{v()},{v()}),{v()}", lambda: f"[{v()},),[{v()},{v()}]",
    ]
    return rng.choice(forms)()


def main():
    real = real_versions()
    gen = list(dict.fromkeys(gen_version() for _ in range(5000)))
    pairs = vb.pairs_from(real, 3000, rng)
    pairs += vb.pairs_from(gen, 7000, rng)
    pairs += [(a, b) for a in EDGE for b in EDGE]
    pairs += [(rng.choice(EDGE), rng.choice(gen)) for _ in range(1000)]
    pairs = [p for p in dict.fromkeys(pairs) if p[0] and p[1]]

    pool = real + EDGE + gen[:500]
    sats = [(gen_range(pool), rng.choice(pool)) for _ in range(6000)]
    sats = list(dict.fromkeys(sats))

    ref = oracle([("c", a, b) for a, b in pairs] + [("s", r, v) for r, v in sats])
    ours = vb.compare_ours("maven", pairs)
    bad = [(a, b, "ours", o, "maven", r) for (a, b), o, r in zip(pairs, ours, ref) if o != r]
    rc = vb.report("maven", len(pairs), bad)

    ours = vb.run_batch([("s", "maven", r, v) for r, v in sats])
    bad = []
    for (r, v), o, x in zip(sats, ours, ref[len(pairs):]):
        o = "E" if o.startswith("E") else o
        if o != x:
            bad.append((r, v, "ours", o, "maven", x))
    rc |= vb.report("maven ranges", len(sats), bad)
    return rc


if __name__ == "__main__":
    sys.exit(main())
