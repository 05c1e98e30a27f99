#!/usr/bin/env python3
"""End-to-end: `chainwarden scan` of a real container image (the shared
docker-archive fixture, Debian 12) against a KB of hand-written Debian
advisories (the shared data has no distribution advisories; ids TEST-*).

Debian advisories name source packages with source versions, so a binary
package is affected when its source package (from the fixture's
expected.json, made from the image's dpkg database independently of
chainwarden) is named and its source version is below the fix, compared
with `dpkg --compare-versions` (the reference implementation).  Cases: a
fix just above the installed source version (affected), a fix equal to it
(not affected), the same package in another release (never), a fix below.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

BIN = os.environ["CW_BINARY"]
SHARED = os.environ["CW_SHARED_DIR"]
IMAGE = os.path.join(SHARED, "fixtures/container/docker-archive/image.docker-archive.tar.gz")
failures = []


def check(cond, msg):
    if not cond:
        failures.append(msg)
        print("FAIL:", msg, file=sys.stderr)


def dpkg_lt(a, b):
    return subprocess.run(["dpkg", "--compare-versions", a, "lt", b]).returncode == 0


def record(id_, eco, name, fixed):
    return {"id": id_, "modified": "2026-01-01T00:00:00Z",
            "affected": [{"package": {"ecosystem": eco, "name": name},
                          "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": fixed}]}]}]}


def main():
    if not shutil.which("dpkg"):
        print("dpkg is required", file=sys.stderr)
        sys.exit(1)
    expected = json.load(open(os.path.join(SHARED, "fixtures/container/expected.json")))
    debs = [p for p in expected["packages"] if p["ecosystem"] == "deb"]
    src = {p["source_name"]: p["source_version"] for p in debs}
    check("util-linux" in src and "bash" in src and "apt" in src, "fixture packages")
    ul, bash, apt = src["util-linux"], src["bash"], src["apt"]
    records = [
        record("TEST-DEB-UL", "Debian:12", "util-linux", ul + "+test1"),   # just above: affected
        record("TEST-DEB-BASH", "Debian:12", "bash", bash),                # equal: fixed
        record("TEST-DEB-APT11", "Debian:11", "apt", "99:0"),              # other release
        record("TEST-DEB-APT", "Debian:12", "apt", "0.1"),                 # fix below: not affected
    ]
    with tempfile.TemporaryDirectory() as tmp:
        osv = os.path.join(tmp, "osv")
        os.mkdir(osv)
        for r in records:
            json.dump(r, open(os.path.join(osv, r["id"] + ".json"), "w"))
        kb = os.path.join(tmp, "kb.sqlite")
        p = subprocess.run([BIN, "db", "build", "--osv", osv, "-o", kb], capture_output=True)
        if p.returncode:
            raise SystemExit(p.stderr.decode())
        p = subprocess.run([BIN, "scan", "--kb", kb, "--format", "json", IMAGE], capture_output=True, timeout=600)
        check(p.returncode == 0, f"scan exit {p.returncode}: {p.stderr.decode()[-500:]}")
        doc = json.loads(p.stdout)
        got = {(f["package"]["name"], f["id"]) for f in doc["findings"]}
        want = set()
        for pkg in debs:
            for r in records:
                a = r["affected"][0]
                if a["package"]["ecosystem"] != "Debian:12" or a["package"]["name"] != pkg["source_name"]:
                    continue
                if dpkg_lt(pkg["source_version"], a["ranges"][0]["events"][1]["fixed"]):
                    want.add((pkg["name"], r["id"]))
        check(len(want) >= 1, "the oracle expects findings")
        check(got == want, f"scan {sorted(got)} oracle {sorted(want)}")
        for f in doc["findings"]:
            check(f["match"] == "distro" and "distro=debian-12" in f["package"]["purl"], f"distro finding {f['id']}")
        print(f"{len(debs)} deb packages, {len(got)} findings: {sorted(got)}")
    if failures:
        sys.exit(1)
    print("ok")


main()
