#!/usr/bin/env python3
"""`license check` and `license notice` on the real npm fixtures.

The verdicts are checked against an independent reading of the lockfile:
every installed package with its declared license, as npm wrote it.
"""
import json
import os
import subprocess
import sys
import tempfile

cw = os.environ["CW_BINARY"]
shared = os.environ["CW_SHARED_DIR"]
lock = os.path.join(shared, "fixtures/npm/large/package-lock.json")
spdx = os.path.join(shared, "data/licenses/spdx-license-list.full.json")
failures = 0


def run(args, want_exit):
    p = subprocess.run([cw] + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if p.returncode != want_exit:
        sys.exit(f"chainwarden {' '.join(args)}: exit {p.returncode}, expected {want_exit}\n"
                 f"{p.stderr.decode()}")
    return p.stdout.decode()


# Independent view: name@version -> declared license, from the lockfile.
packages = {}
for path, entry in json.load(open(lock))["packages"].items():
    if not path or entry.get("link"):
        continue
    name = entry.get("name") or path.rsplit("node_modules/", 1)[-1]
    packages[(name, entry["version"])] = entry.get("license")

for model, fail_exit in (("internal", 0), ("distributed", 0)):
    report = json.loads(run(["license", "check", "--format", "json", "--distribution", model,
                             lock], fail_exit))
    comps = report["components"]
    seen = {(c["name"], c["version"]): c for c in comps}
    if set(seen) != set(packages):
        print(f"{model}: components differ: {len(set(seen) ^ set(packages))}")
        failures += 1
    for key, declared in packages.items():
        c = seen.get(key)
        if not c:
            continue
        if c["declared"] != declared:
            print(f"{key}: declared {c['declared']!r}, lockfile says {declared!r}")
            failures += 1
        if declared is None and (c["verdict"] != "review" or c["reason"] != "no license declared"):
            print(f"{key}: no license but verdict {c['verdict']} ({c['reason']})")
            failures += 1
        if declared == "BSD" and (c["verdict"] != "review" or "guess" not in c["reason"]):
            print(f"{key}: 'BSD' is a guess and needs review, got {c['verdict']}")
            failures += 1
        if declared in ("MIT", "ISC", "Apache-2.0", "BSD-3-Clause") and c["verdict"] != "allow":
            print(f"{key}: {declared} should be allowed, got {c['verdict']}")
            failures += 1
    print(f"{model}: {len(comps)} components, "
          f"{sum(c['verdict'] == 'review' for c in comps)} to review, "
          f"{sum(packages[k] is None for k in packages)} without a license in the lockfile")

# A policy that denies what the lockfile has: exit 1, and the denied come first.
with tempfile.TemporaryDirectory() as tmp:
    policy = os.path.join(tmp, "policy.yaml")
    with open(policy, "w") as f:
        f.write("apiVersion: chainwarden/v1\nkind: LicensePolicy\ndeny: [BlueOak-1.0.0]\n")
    out = run(["license", "check", "--policy", policy, lock], 1)
    lines = out.splitlines()
    denied = sum(1 for v in packages.values() if v == "BlueOak-1.0.0")
    if not lines[1].startswith("deny") or f"{denied} denied" not in lines[-1]:
        print(f"policy deny: expected {denied} denied first:\n{lines[1]}\n{lines[-1]}")
        failures += 1
    with open(policy, "w") as f:
        f.write("apiVersion: chainwarden/v1\ncategories:\n  permissive: maybe\n")
    p = subprocess.run([cw, "license", "check", "--policy", policy, lock],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if p.returncode != 2 or "policy.yaml:3:15:" not in p.stderr.decode():
        print(f"bad policy: exit {p.returncode}: {p.stderr.decode()}")
        failures += 1

    # Attribution report: one group per license, texts included.
    notice = os.path.join(tmp, "NOTICE.md")
    run(["license", "notice", "--format", "markdown", "--licenses", spdx, "-o", notice, lock], 0)
    text = open(notice, encoding="utf-8").read()
    licenses = {v for v in packages.values() if v}
    for lic in ("MIT", "ISC", "BlueOak-1.0.0"):
        if f"## {lic} (" not in text or f"### {lic} —" not in text:
            print(f"notice lacks the {lic} group or its text")
            failures += 1
    if "Permission is hereby granted, free of charge" not in text:
        print("notice lacks the MIT license text")
        failures += 1
    html = os.path.join(tmp, "NOTICE.html")
    run(["license", "notice", "--format", "html", "-o", html, lock], 0)
    if not open(html).read().startswith("<!DOCTYPE html>"):
        print("HTML notice is not a page")
        failures += 1
    print(f"notice: {len(licenses)} declared licenses, {len(text)} bytes of Markdown")

# Debian packages in a container image: the declared license is the
# License: fields of /usr/share/doc/<package>/copyright (DEP-5), read here
# independently from the image's layers.
import io
import tarfile
image = os.path.join(shared, "fixtures/container/docker-archive/image.docker-archive.tar.gz")
fields = {}
with tarfile.open(image, "r:gz") as outer:
    manifest = json.load(outer.extractfile("manifest.json"))
    for layer in manifest[0]["Layers"]:
        with tarfile.open(fileobj=io.BytesIO(outer.extractfile(layer).read())) as lt:
            for m in lt.getmembers():
                parts = m.name.split("/")
                # A whiteout in an upper layer deletes the package's doc folder.
                if len(parts) == 4 and parts[:3] == ["usr", "share", "doc"] and parts[3].startswith(".wh."):
                    fields[parts[3][4:]] = None
                if m.isfile() and len(parts) == 5 and parts[:3] == ["usr", "share", "doc"] and parts[4] == "copyright":
                    text = lt.extractfile(m).read().decode("utf-8", "replace")
                    if not text.startswith("Format:"):
                        fields[parts[3]] = None
                        continue
                    seen = []
                    for line in text.splitlines():
                        if line.startswith("License:") and line[8:].strip() and line[8:].strip() not in seen:
                            seen.append(line[8:].strip())
                    fields[parts[3]] = ", and ".join(seen) or None
report = json.loads(run(["license", "check", "--format", "json", image], 0))
debs = {c["name"]: c for c in report["components"] if c["purl"].startswith("pkg:deb/")}
checked = 0
for name, c in debs.items():
    if name in fields:
        checked += 1
        if c["declared"] != fields[name]:
            print(f"deb {name}: declared {c['declared']!r}, copyright file says {fields[name]!r}")
            failures += 1
for name, want in (("zlib1g", "Zlib"),):
    if name in debs and want and debs[name]["expression"] != want:
        print(f"deb {name}: expression {debs[name]['expression']}, expected {want}")
        failures += 1
print(f"image: {len(debs)} Debian packages, {checked} with a copyright file, "
      f"{sum(1 for c in debs.values() if c['expression'] != 'NOASSERTION')} mapped to SPDX")
if checked < 80:
    print("too few Debian packages had their copyright file read")
    failures += 1

sys.exit(1 if failures else 0)
