#!/usr/bin/env python3
"""Write a synthetic package-lock.json (lockfileVersion 3) of about
TARGET_MB megabytes, shaped like npm's: nested node_modules paths,
integrity, resolved URLs, licenses and dependency maps that resolve with
node's lookup rules.  For the memory benchmark (bench/bench_sbom.sh).
usage: gen_big_lock.py OUT [TARGET_MB]"""
import base64
import hashlib
import json
import sys

out = sys.argv[1]
target = int(float(sys.argv[2]) * 1024 * 1024) if len(sys.argv) > 2 else 50 * 1024 * 1024


def entry(name, version, deps):
    digest = base64.b64encode(hashlib.sha512(f"{name}@{version}".encode()).digest()).decode()
    base = name.split("/")[-1]
    e = {
        "version": version,
        "resolved": f"https://registry.example/{name}/-/{base}-{version}.tgz",
        "integrity": "sha512-" + digest,
        "license": "MIT",
    }
    if deps:
        e["dependencies"] = {d: "^" + v for d, v in deps}
    return e


packages = {"": {"name": "synthetic", "version": "1.0.0", "dependencies": {}}}
size = 0
i = 0
while size < target:
    name = f"@scope{i % 97}/pkg-{i}" if i % 5 == 0 else f"pkg-{i}"
    version = f"{i % 13}.{i % 7}.{i % 11}"
    deps = [(f"pkg-{j}", f"{j % 13}.{j % 7}.{j % 11}") for j in range(max(1, i - 6), i) if j % 5]
    path = f"node_modules/{name}"
    packages[path] = entry(name, version, deps)
    if i % 10 == 0:
        # A nested copy at another version, as npm writes when versions conflict.
        nested = f"node_modules/{name}/node_modules/pkg-{i + 1}"
        packages[nested] = entry(f"pkg-{i + 1}", f"{(i + 1) % 13}.0.0", [])
    if i < 50:
        packages[""]["dependencies"][name] = "^" + version
    size += len(json.dumps(packages[path], indent=2)) + len(path) + 12
    i += 1

doc = {"name": "synthetic", "version": "1.0.0", "lockfileVersion": 3, "requires": True, "packages": packages}
with open(out, "w") as f:
    json.dump(doc, f, indent=2)
    f.write("\n")
