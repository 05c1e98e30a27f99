#!/usr/bin/env python3
"""End-to-end: `chainwarden scan` of an RPM root filesystem against a KB of
hand-written AlmaLinux advisories.

The shared data has no RPM-based fixture and no RPM distribution
advisories, so the test builds both: two small noarch packages with
`rpmbuild` (cwssl with Epoch 1 and a subpackage libcwssl; cwzlib without an
epoch), installed with `rpm --justdb` into a fresh rpmdb.sqlite under a
root filesystem whose etc/os-release says AlmaLinux 9.3, and OSV records
for "AlmaLinux:9" (plus other releases and distributions that must never
match).  The expected findings come from the database itself, read back
with `rpm -qa --queryformat` (name, epoch, version, release, source rpm),
and from rpm's own version comparison (`rpm.vercmp` in rpm's Lua) as the
oracle: a package is affected by a record naming its binary or source
package when its epoch:version-release is below the fixed version.
Boundaries: just below the fix, equal to it, an epoch-less fix that the
package epoch puts below the installed version, another release.
"""
import functools
import json
import os
import shutil
import subprocess
import sys
import tempfile

BIN = os.environ["CW_BINARY"]
failures = []

SPECS = {
    "cwssl": ("3.0.7", "24.el9", "1", ["libcwssl"]),
    "cwzlib": ("1.2.11", "40.el9", None, []),
}


def check(cond, msg):
    if not cond:
        failures.append(msg)
        print("FAIL:", msg, file=sys.stderr)


def run(args, **kw):
    p = subprocess.run(args, capture_output=True, text=True, **kw)
    if p.returncode:
        raise SystemExit(f"{args[0]} failed ({p.returncode}): {p.stderr[-800:]}")
    return p.stdout


def vercmp(a, b):
    return int(run(["rpm", "--eval", '%%{lua: print(rpm.vercmp("%s", "%s"))}' % (a, b)]).strip())


def spec(name, version, release, epoch, subs):
    text = [f"Name: {name}", f"Version: {version}", f"Release: {release}"]
    if epoch:
        text.append(f"Epoch: {epoch}")
    text += ["Summary: test", "License: MIT", "BuildArch: noarch", "%description", "test"]
    for s in subs:
        text += [f"%package -n {s}", "Summary: sub", f"%description -n {s}", "sub"]
    text.append("%files")
    for s in subs:
        text.append(f"%files -n {s}")
    return "\n".join(text) + "\n"


def record(id_, eco, name, fixed):
    return {"id": id_, "modified": "2026-01-01T00:00:00Z",
            "affected": [{"package": {"ecosystem": eco, "name": name},
                          "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": fixed}]}]}]}


def main():
    for tool in ("rpm", "rpmbuild"):
        if not shutil.which(tool):
            print(f"{tool} is required", file=sys.stderr)
            sys.exit(1)
    with tempfile.TemporaryDirectory() as tmp:
        top, root = os.path.join(tmp, "top"), os.path.join(tmp, "root")
        os.makedirs(os.path.join(root, "etc"))
        for name, (v, r, e, subs) in SPECS.items():
            path = os.path.join(tmp, name + ".spec")
            open(path, "w").write(spec(name, v, r, e, subs))
            run(["rpmbuild", "-bb", "--quiet", "--define", f"_topdir {top}", path])
        rpms = [os.path.join(dp, f) for dp, _, fs in os.walk(os.path.join(top, "RPMS")) for f in fs if f.endswith(".rpm")]
        check(len(rpms) == 3, f"built {rpms}")
        open(os.path.join(root, "etc/os-release"), "w").write('ID="almalinux"\nVERSION_ID="9.3"\nPRETTY_NAME="AlmaLinux 9.3"\n')
        db = ["--root", root, "--dbpath", "/usr/lib/sysimage/rpm"]
        run(["rpm"] + db + ["--initdb"])
        run(["rpm"] + db + ["-i", "--justdb", "--nodeps", "--noscripts", "--nosignature",
                            "--ignorearch", "--ignoreos"] + rpms)
        installed = []
        for line in run(["rpm"] + db + ["-qa", "--queryformat", "%{NAME} %{EPOCH} %{VERSION} %{RELEASE} %{SOURCERPM}\n"]).splitlines():
            n, e, v, r, srpm = line.split()
            evr = (f"{e}:" if e != "(none)" else "") + f"{v}-{r}"
            installed.append((n, evr, srpm[: -len(f"-{v}-{r}.src.rpm")]))
        check(len(installed) == 3, f"rpmdb {installed}")

        ssl_evr = "1:3.0.7-24.el9"
        records = [
            record("TEST-ALMA-LIB", "AlmaLinux:9", "libcwssl", "1:3.0.7-25.el9"),   # binary name, just above
            record("TEST-ALMA-SSL", "AlmaLinux:9", "cwssl", "3.0.7-30.el9"),        # epoch 0: below the installed 1:
            record("TEST-ALMA-ZEQ", "AlmaLinux:9", "cwzlib", "1.2.11-40.el9"),      # equal: fixed
            record("TEST-ALMA-ZUP", "AlmaLinux:9", "cwzlib", "1.2.11-40.el9_1"),    # just above
            record("TEST-ALMA8", "AlmaLinux:8", "cwzlib", "99:0"),                  # other release
            record("TEST-ROCKY", "Rocky Linux:9", "cwzlib", "99:0"),                # other distribution
            record("TEST-ALMA-SRC", "AlmaLinux:9", "cwssl", "1:3.0.7-24.el9_2"),   # source name: every subpackage
        ]
        osv = os.path.join(tmp, "osv")
        os.mkdir(osv)
        for r in records:
            json.dump(r, open(os.path.join(osv, r["id"] + ".json"), "w"))
        kb = os.path.join(tmp, "kb.sqlite")
        run([BIN, "db", "build", "--osv", osv, "-o", kb])
        p = subprocess.run([BIN, "scan", "--kb", kb, "--format", "json", root], capture_output=True, timeout=300)
        check(p.returncode == 0, f"scan exit {p.returncode}: {p.stderr.decode()[-500:]}")
        doc = json.loads(p.stdout)
        got = {(f["package"]["name"], f["id"]) for f in doc["findings"]}
        want = set()
        for name, evr, src in installed:
            for r in records:
                a = r["affected"][0]
                if a["package"]["ecosystem"] != "AlmaLinux:9" or a["package"]["name"] not in (name, src):
                    continue
                if vercmp(evr, a["ranges"][0]["events"][1]["fixed"]) < 0:
                    want.add((name, r["id"]))
        check(("libcwssl", "TEST-ALMA-LIB") in want and ("cwzlib", "TEST-ALMA-ZUP") in want, f"oracle {want}")
        check(got == want, f"scan {sorted(got)} oracle {sorted(want)}")
        for f in doc["findings"]:
            check(f["match"] == "distro" and "distro=almalinux-9.3" in f["package"]["purl"], f"distro finding {f['id']}")
            if f["package"]["name"] == "libcwssl":
                # the smallest fix of both libcwssl findings, with the epoch
                want_fix = max((r["affected"][0]["ranges"][0]["events"][1]["fixed"] for r in records
                                if (f["package"]["name"], r["id"]) in want),
                               key=functools.cmp_to_key(vercmp))
                check(f["recommended_version"] == want_fix, f"libcwssl fix {f['recommended_version']} != {want_fix}")
        check(vercmp(ssl_evr, "3.0.7-30.el9") > 0, "rpm: the epoch outranks the version")
        print(f"{len(installed)} rpm packages, {len(got)} findings: {sorted(got)}")
    if failures:
        sys.exit(1)
    print("ok")


main()
