#!/usr/bin/env python3
"""Installed Ruby gems: the gem specifications of this machine's Ruby
(RubyGems' own specifications/ and specifications/default/ directories and
Debian's rubygems-integration ones), copied into a root filesystem
directory, must give exactly the gems RubyGems itself loads from them
(name, version, licenses), as listed by `ruby -e Gem::Specification.each`.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

cw = os.environ["CW_BINARY"]
if not shutil.which("ruby"):
    sys.exit("ruby is needed (scripts/setup)")
out = subprocess.run(["ruby", "-e", 'Gem::Specification.each { |s| puts [s.loaded_from, s.name, s.version.to_s, '
                      's.licenses.join(" OR ")].join("\\t") }'], stdout=subprocess.PIPE, check=True, text=True).stdout
want, dirs = set(), set()
for line in out.splitlines():
    path, name, version, lic = line.split("\t")
    if "/specifications/" not in path:
        continue
    want.add((name, version, lic or None))
    dirs.add(os.path.dirname(path))
failures = 0
with tempfile.TemporaryDirectory() as tmp:
    root = os.path.join(tmp, "rootfs")
    os.makedirs(os.path.join(root, "etc"))
    open(os.path.join(root, "etc/os-release"), "w").write("ID=debian\nVERSION_ID=12\n")
    for d in dirs:
        shutil.copytree(d, root + d, dirs_exist_ok=True)
    # A gemspec outside a specifications directory is not an installed gem.
    shutil.copy(next(iter(dirs)) + "/" + os.listdir(next(iter(dirs)))[0], os.path.join(root, "etc/x.gemspec"))
    p = subprocess.run([cw, "sbom", "--compact", root], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if p.returncode != 0:
        sys.exit(f"sbom: exit {p.returncode}: {p.stderr.decode()}")
    doc = json.loads(p.stdout)
    got = set()
    for c in doc["components"]:
        lic = c.get("licenses", [{}])[0]
        got.add((c["name"], c["version"], lic.get("expression") or lic.get("license", {}).get("name")))
    print(f"gems: matched {len(got & want)}/{len(want)} from {len(dirs)} directories")
    if got != want:
        failures += 1
        print("FAIL: missing", sorted(want - got)[:5], "extra", sorted(got - want)[:5])
    else:
        print("ok: installed gems = RubyGems' own list")
    if not all(c["purl"].startswith("pkg:gem/") for c in doc["components"]):
        failures += 1
        print("FAIL: purls")
sys.exit(1 if failures else 0)
