#!/usr/bin/env python3
"""Go binaries: the build information chainwarden reads from an executable
equals what `go version -m` prints for it.

Two tiny programs are built here with the installed Go toolchain, offline:
one with golang.org/x/mod vendored (a plain dependency, VCS stamps from a
git checkout), one with the dependency replaced by a local directory.  Each
binary is then inventoried on its own, inside a root filesystem directory
and inside a docker-archive image (with its layer).
"""
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile

cw = os.environ["CW_BINARY"]
failures = 0
XMOD = "/usr/share/gocode/src/golang.org/x/mod"

MAIN = """package main

import (
\t"fmt"
\t"golang.org/x/mod/semver"
)

func main() { fmt.Println(semver.IsValid("v1.0.0")) }
"""


def check(cond, msg):
    global failures
    print(("ok: " if cond else "FAIL: ") + msg)
    failures += 0 if cond else 1


if not shutil.which("go") or not os.path.isdir(XMOD):
    sys.exit("go and golang-golang-x-mod-dev are needed (scripts/setup)")


def go_version_m(path):
    """(main path, {dep path: version}, go version, vcs settings) from `go version -m`."""
    out = subprocess.run(["go", "version", "-m", path], stdout=subprocess.PIPE, check=True, text=True).stdout
    lines = out.splitlines()
    gover = lines[0].split(": ", 1)[1].strip()
    main, deps, vcs, last = None, {}, {}, None
    for line in lines[1:]:
        f = line.strip("\t").split("\t")
        if f[0] == "mod":
            main = f[1]
        elif f[0] == "dep":
            deps[f[1]] = f[2]
            last = f[1]
        elif f[0] == "=>" and not f[1].startswith((".", "/")):
            del deps[last]
            deps[f[1]] = f[2]
        elif f[0] == "build" and f[1].startswith("vcs."):
            k, v = f[1].split("=", 1)
            vcs[k] = v
    return main, deps, gover, vcs


def sbom(path, *opts):
    p = subprocess.run([cw, "sbom", "--compact", *opts, path], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if p.returncode != 0:
        sys.exit(f"sbom {path}: exit {p.returncode}: {p.stderr.decode()}")
    return json.loads(p.stdout)


def golang(doc):
    out = {}
    for c in doc["components"]:
        if c["purl"].startswith("pkg:golang/"):
            props = {p["name"]: p["value"] for p in c.get("properties", [])}
            out[c["name"]] = (c.get("version"), props.get("chainwarden:layer"))
    return out


with tempfile.TemporaryDirectory() as tmp:
    env = dict(os.environ, GOPROXY="off", GOFLAGS="-mod=mod", GOPATH=f"{tmp}/gopath",
               GOCACHE=os.path.join(os.path.dirname(os.path.abspath(cw)), "go-build-cache"),
               GOTOOLCHAIN="local", GIT_CONFIG_GLOBAL="/dev/null")
    bins = []
    # 1. vendored dependency, in a git checkout (vcs stamps).
    d = f"{tmp}/vendored"
    os.makedirs(f"{d}/vendor/golang.org/x")
    open(f"{d}/main.go", "w").write(MAIN)
    open(f"{d}/go.mod", "w").write("module example.com/cw/vendored\n\ngo 1.19\n\nrequire golang.org/x/mod v0.8.0\n")
    shutil.copytree(XMOD, f"{d}/vendor/golang.org/x/mod")
    open(f"{d}/vendor/modules.txt", "w").write("# golang.org/x/mod v0.8.0\n## explicit; go 1.17\ngolang.org/x/mod/semver\n")
    git = ["git", "-c", "user.email=t@example.com", "-c", "user.name=t"]
    subprocess.run(git + ["init", "-q"], cwd=d, check=True)
    subprocess.run(git + ["add", "main.go", "go.mod"], cwd=d, check=True)
    subprocess.run(git + ["commit", "-qm", "init"], cwd=d, check=True)
    subprocess.run(["go", "build", "-mod=vendor", "-o", "app", "."], cwd=d, env=env, check=True)
    bins.append(f"{d}/app")
    # 2. dependency replaced by a local directory.
    d = f"{tmp}/replaced"
    os.makedirs(d)
    open(f"{d}/main.go", "w").write(MAIN)
    open(f"{d}/go.mod", "w").write("module example.com/cw/replaced\n\ngo 1.19\n\nrequire golang.org/x/mod v0.8.0\n\n"
                                   f"replace golang.org/x/mod => {XMOD}\n")
    subprocess.run(["go", "build", "-buildvcs=false", "-o", "app", "."], cwd=d, env=env, check=True)
    bins.append(f"{d}/app")

    for b in bins:
        main, deps, gover, vcs = go_version_m(b)
        doc = sbom(b)
        root = doc["metadata"]["component"]
        got = golang(doc)
        want = {p: (v, None) for p, v in deps.items()}
        want["stdlib"] = (gover[2:], None)
        check(root["name"] == main, f"{b}: main module {root['name']} = {main}")
        check(got == want, f"{b}: dependencies {got} = go version -m {want}")
        resolved = {p["name"]: p["value"] for p in root.get("properties", [])}.get("chainwarden:resolved", "")
        check(all(f"{k}={v}" in resolved for k, v in vcs.items()), f"{b}: VCS stamps {vcs} in '{resolved}'")

    # In a root filesystem and in an image (layer 2), at usr/local/bin/app.
    root = f"{tmp}/rootfs"
    os.makedirs(f"{root}/etc")
    os.makedirs(f"{root}/usr/local/bin")
    open(f"{root}/etc/os-release", "w").write("ID=debian\nVERSION_ID=12\n")
    shutil.copy(bins[0], f"{root}/usr/local/bin/app")
    shutil.copy("/bin/true", f"{root}/usr/local/bin/not-go")
    main, deps, gover, _ = go_version_m(bins[0])
    want = {p: v for p, v in deps.items()}
    want["stdlib"] = gover[2:]
    want[main] = None          # the main module, built from a checkout: "(devel)", no version
    got = {k: v[0] for k, v in golang(sbom(root)).items()}
    check(got == want, f"rootfs: Go modules {got} = {want}")

    def tar_bytes(entries):
        buf = io.BytesIO()
        with tarfile.open(fileobj=buf, mode="w") as t:
            for name, data, mode in entries:
                ti = tarfile.TarInfo(name)
                ti.size, ti.mode = len(data), mode
                t.addfile(ti, io.BytesIO(data))
        return buf.getvalue()

    app = open(bins[0], "rb").read()
    l1 = tar_bytes([("etc/os-release", b"ID=debian\nVERSION_ID=12\n", 0o644),
                    ("bin/true", open("/bin/true", "rb").read(), 0o755)])
    l2 = tar_bytes([("usr/local/bin/app", app, 0o755), ("usr/local/share/app.bin", app, 0o644)])
    ids = ["sha256:" + hashlib.sha256(x).hexdigest() for x in (l1, l2)]
    cfg = json.dumps({"os": "linux", "architecture": "amd64", "rootfs": {"type": "layers", "diff_ids": ids}}).encode()
    man = json.dumps([{"Config": "c.json", "RepoTags": ["go:1"], "Layers": ["1/layer.tar", "2/layer.tar"]}]).encode()
    img = f"{tmp}/image.tar"
    with open(img, "wb") as f:
        f.write(tar_bytes([("c.json", cfg, 0o644), ("1/layer.tar", l1, 0o644), ("2/layer.tar", l2, 0o644),
                           ("manifest.json", man, 0o644)]))
    got = golang(sbom(img))
    check({k: v[0] for k, v in got.items()} == want and all(v[1] == ids[1] for v in got.values()),
          f"image: Go modules from the executable only, in layer 2: {got}")

    # --hash: the SHA-256 of the binary on its main module, in every setting.
    digest = hashlib.sha256(app).hexdigest()

    def main_hashes(doc):
        cands = [doc["metadata"]["component"]] + doc["components"]
        return [h["content"] for c in cands if c.get("name") == main for h in c.get("hashes", [])]
    check(main_hashes(sbom(bins[0], "--hash")) == [digest], "--hash: binary named directly")
    check(main_hashes(sbom(root, "--hash")) == [digest], "--hash: binary in a root filesystem")
    check(main_hashes(sbom(img, "--hash")) == [digest], "--hash: binary in an image layer")
    check(main_hashes(sbom(img)) == [], "no hash without --hash")

sys.exit(1 if failures else 0)
