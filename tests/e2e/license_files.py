#!/usr/bin/env python3
"""License files of a source tree: `license scan`, `license check` and
`license notice` on a node_modules tree built at test time from the real
large npm fixture (one folder per installed package of its lockfile, a
LICENSE file from the SPDX text of the license the lockfile declares,
with a copyright line naming the package).

Planted: three packages whose license file contradicts their declaration
(the mismatches `license check` must report, and no others), three whose
declaration is removed (their license file must stand in), one without a
license file.  The expected results come from the generator's own record
of what it wrote, not from chainwarden.  The same scan through a KB built
with `db build --licenses` must give the same answer.
"""
import collections
import json
import os
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import license_tree  # noqa: E402
import cw_check  # noqa: E402
from cw_check import fail, run  # noqa: E402

shared = os.environ["CW_SHARED_DIR"]
lock = os.path.join(shared, "fixtures/npm/large/package-lock.json")
spdx = os.path.join(shared, "data/licenses/spdx-license-list.full.json")


# Packages that are installed at exactly one path, so that one file is the
# whole story of their component (the inventory merges a name@version
# installed at several paths into one component).
entries = json.load(open(lock))["packages"]
count = collections.Counter((e.get("name") or p.rsplit("node_modules/", 1)[-1], e.get("version"))
                            for p, e in entries.items() if p and not e.get("link"))
unique = sorted(p for p, e in entries.items()
                if p.startswith("node_modules/") and "node_modules/" not in p[13:]
                and not e.get("link") and e.get("license") in ("MIT", "ISC")
                and count[(p[13:], e.get("version"))] == 1)
mismatch = {unique[3]: "GPL-3.0-only", unique[40]: "Apache-2.0", unique[80]: "BSD-3-Clause"}
dropped = [unique[10], unique[50], unique[90]]
no_file = unique[120]
overrides = dict(mismatch)
overrides[no_file] = None

with tempfile.TemporaryDirectory() as tmp:
    tree = os.path.join(tmp, "app")
    expected = license_tree.make_tree(tree, lock, spdx, overrides=overrides, drop_declared=dropped)
    files = {e["license_file"]: e for e in expected.values() if e["license_file"]}

    # --- license scan ---------------------------------------------------------
    scan = json.loads(run(["license", "scan", "--format", "json", "--licenses", spdx, tree]))
    found = {f["path"]: f for f in scan["files"]}
    if set(found) != set(files):
        fail(f"scan found {len(found)} files, {len(files)} written; "
             f"extra {sorted(set(found) - set(files))[:3]}, "
             f"missing {sorted(set(files) - set(found))[:3]}")
    for path, e in files.items():
        f = found.get(path)
        if not f:
            continue
        if f["expression"] != e["file_license"]:
            fail(f"{path}: {f['expression']}, written from {e['file_license']}")
        pkg = f["package"] or {}
        if (pkg.get("name"), pkg.get("version")) != (e["name"], e["version"]):
            fail(f"{path}: package {pkg}, expected {e['name']}@{e['version']}")
        if e["copyright"] not in f["copyrights"]:
            fail(f"{path}: copyrights {f['copyrights']}, expected {e['copyright']!r}")
        if f["confidence"] < 0.99:
            fail(f"{path}: confidence {f['confidence']} for an unchanged SPDX text")
    print(f"scan: {len(found)} license files, {len(files)} written")

    # --- the same through a KB ------------------------------------------------
    kb = os.path.join(tmp, "kb.sqlite")
    run(["db", "build", "--licenses", os.path.join(shared, "data/licenses"), "-o", kb])
    via_kb = json.loads(run(["license", "scan", "--format", "json", "--kb", kb, tree]))
    if via_kb != scan:
        fail("license scan --kb differs from --licenses")
    print("scan --kb: same result as --licenses")

    # --- license check ---------------------------------------------------------
    report = json.loads(run(["license", "check", "--format", "json", "--licenses", spdx,
                             "--distribution", "distributed", tree], 1))
    comps = {(c["name"], c["version"]): c for c in report["components"]}
    want_mismatch = {(expected[p]["name"], expected[p]["version"]): lic
                     for p, lic in mismatch.items()}
    got_mismatch = {k for k, c in comps.items() if c["mismatch"]}
    if got_mismatch != set(want_mismatch):
        fail(f"mismatches {sorted(got_mismatch)}, planted {sorted(want_mismatch)}")
    for key, lic in want_mismatch.items():
        c = comps.get(key, {})
        if lic not in c.get("reason", ""):
            fail(f"{key}: reason {c.get('reason')!r} does not name {lic}")
        want = "deny" if lic.startswith("GPL") else "review"
        if c.get("verdict") != want:
            fail(f"{key}: verdict {c.get('verdict')}, expected {want} ({lic} in a distributed binary)")
    for p in dropped:
        key = (expected[p]["name"], expected[p]["version"])
        c = comps.get(key, {})
        if c.get("source") != "file" or c.get("expression") != expected[p]["file_license"] \
                or c.get("verdict") != "allow":
            fail(f"{key}: nothing declared, its {expected[p]['file_license']} file should stand in: {c}")
    key = (expected[no_file]["name"], expected[no_file]["version"])
    if comps.get(key, {}).get("found"):
        fail(f"{key}: no license file was written, found {comps[key].get('found')}")
    print(f"check: {len(comps)} components, {len(got_mismatch)} mismatches, "
          f"{sum(c['source'] == 'file' for c in comps.values())} licensed from their files")

    # --- license notice ---------------------------------------------------------
    out = os.path.join(tmp, "NOTICE.txt")
    run(["license", "notice", "--licenses", spdx, "-o", out, tree])
    holders = collections.defaultdict(set)
    current = None
    for line in open(out):
        if line.startswith("      "):
            if current:
                holders[current].add(line.strip())
        elif line.startswith("  ") and not line.startswith("   "):
            current = tuple(line.strip().split(" ", 1))
        else:
            current = None
    missing = [(e["name"], e["version"], e["copyright"]) for e in files.values()
               if e["copyright"] not in holders.get((e["name"], e["version"]), ())]
    if missing:
        fail(f"{len(missing)} copyright lines missing from the notice, e.g. {missing[:3]}")
    print(f"notice: {sum(len(v) for v in holders.values())} copyright lines "
          f"for {len(holders)} components")

cw_check.finish()
print("ok")
