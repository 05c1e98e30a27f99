#!/usr/bin/env python3
"""Rust binaries with cargo-auditable data: a real ELF executable (/bin/true)
given a ".dep-v0" section by binutils' objcopy, holding zlib-compressed JSON
in cargo-auditable's format v0 (as `cargo auditable build` embeds it; cargo
itself is not installed here).  The components and edges chainwarden reads
must be exactly the JSON's; a corrupt section is a clear error; the binary
is also found inside a root filesystem directory.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zlib

cw = os.environ["CW_BINARY"]
failures = 0


def check(cond, msg):
    global failures
    print(("ok: " if cond else "FAIL: ") + msg)
    failures += 0 if cond else 1


DEPS = {"packages": [
    {"name": "demo-cli", "version": "0.3.1", "source": "local", "root": True, "dependencies": [1, 2, 4]},
    {"name": "serde", "version": "1.0.193", "source": "crates.io", "dependencies": [3]},
    {"name": "cc", "version": "1.0.83", "source": "crates.io", "kind": "build"},
    {"name": "serde_derive", "version": "1.0.193", "source": "crates.io", "kind": "build"},
    {"name": "regex", "version": "1.10.2", "source": "git", "dependencies": [5]},
    {"name": "memchr", "version": "2.6.4", "source": "crates.io"},
]}


def embed(tmp, name, section):
    sec = os.path.join(tmp, name + ".z")
    open(sec, "wb").write(section)
    out = os.path.join(tmp, name)
    subprocess.run(["objcopy", "--add-section", f".dep-v0={sec}", "--set-section-flags", ".dep-v0=noload,readonly",
                    "/bin/true", out], check=True)
    return out


def run(path, want_exit=0):
    p = subprocess.run([cw, "sbom", "--compact", path], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if p.returncode != want_exit:
        sys.exit(f"sbom {path}: exit {p.returncode}: {p.stderr.decode()}")
    return (json.loads(p.stdout) if want_exit == 0 else None), p.stderr.decode()


if not shutil.which("objcopy"):
    sys.exit("objcopy (binutils) is needed")
pk = DEPS["packages"]
want_comps = {(p["name"], p["version"], "excluded" if p.get("kind") == "build" else "required")
              for p in pk if not p.get("root")}
want_edges = {(pk[i]["name"], pk[j]["name"]) for i, p in enumerate(pk) for j in p.get("dependencies", [])}
with tempfile.TemporaryDirectory() as tmp:
    app = embed(tmp, "app", zlib.compress(json.dumps(DEPS).encode()))
    doc, _ = run(app)
    comps = {c["bom-ref"]: c for c in doc["components"]}
    root = doc["metadata"]["component"]
    comps[root["bom-ref"]] = root
    got = {(c["name"], c["version"], c.get("scope")) for c in doc["components"]}
    edges = {(comps[d["ref"]]["name"], comps[t]["name"]) for d in doc["dependencies"] for t in d["dependsOn"]}
    check(root["purl"] == "pkg:cargo/demo-cli@0.3.1", "root crate " + root["purl"])
    check(got == want_comps, f"crates {sorted(got)} = {sorted(want_comps)}")
    check(edges == want_edges, "dependency edges = the JSON's indexes")
    p = subprocess.run([cw, "sbom", "--compact", "--hash", app], stdout=subprocess.PIPE, check=True)
    import hashlib
    got_h = json.loads(p.stdout)["metadata"]["component"].get("hashes")
    check(got_h == [{"alg": "SHA-256", "content": hashlib.sha256(open(app, "rb").read()).hexdigest()}],
          "--hash: SHA-256 of the binary on the root crate")

    bad = embed(tmp, "bad", b"\x78\x9cnot zlib at all")
    _, err = run(bad, want_exit=2)
    check(".dep-v0: zlib" in err, "a corrupt section is reported: " + err.strip())
    _, err = run("/bin/true", want_exit=2)
    check("no Go build information" in err and "cargo-auditable" in err, "a plain binary: " + err.strip())

    root_dir = os.path.join(tmp, "rootfs")
    os.makedirs(os.path.join(root_dir, "etc"))
    os.makedirs(os.path.join(root_dir, "usr/bin"))
    open(os.path.join(root_dir, "etc/os-release"), "w").write("ID=debian\nVERSION_ID=12\n")
    shutil.copy(app, os.path.join(root_dir, "usr/bin/demo-cli"))
    doc, _ = run(root_dir)
    got = {(c["name"], c["version"]) for c in doc["components"]}
    check(got == {(n, v) for n, v, _ in want_comps} | {("demo-cli", "0.3.1")}, "found in a root filesystem")

sys.exit(1 if failures else 0)
