#!/usr/bin/env python3
"""`chainwarden sbom` on container images, root filesystems and rpm databases.

Inputs are either the shared fixtures (container/, checked against their
expected.json and expected-layer1-deb.txt) or built here at test time with
independent tools: Python's tarfile/gzip for images (whiteouts, opaque
directories, zstd layers via the zstd CLI, a decompression bomb, hostile
entry names) and Debian's rpm/rpmbuild for an rpmdb.sqlite, whose
`rpm -qa` listing is the expected answer.
"""
import gzip
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
shared = os.environ["CW_SHARED_DIR"]
fix = os.path.join(shared, "fixtures/container")
failures = 0


def check(cond, msg):
    global failures
    if not cond:
        failures += 1
        print("FAIL:", msg)
    else:
        print("ok:", msg)


def sbom(path, want_exit=0):
    p = subprocess.run([cw, "sbom", "--compact", path], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if p.returncode != want_exit:
        sys.exit(f"chainwarden sbom {path}: exit {p.returncode}, expected {want_exit}\n{p.stderr.decode()}")
    return (json.loads(p.stdout) if want_exit == 0 else None), p.stderr.decode()


def props(c):
    return {p["name"]: p["value"] for p in c.get("properties", [])}


def comps(doc):
    """(purl, layer) of every component."""
    return {(c["purl"], props(c).get("chainwarden:layer")) for c in doc["components"]}


# ---- the fixtures: OCI directory and root filesystem -----------------------
with tempfile.TemporaryDirectory() as tmp:
    oci_tar = os.path.join(fix, "oci/image.oci-layout.tar")
    oci_dir = os.path.join(tmp, "oci")
    os.mkdir(oci_dir)
    with tarfile.open(oci_tar) as t:
        t.extractall(oci_dir)
    a, _ = sbom(oci_tar)
    b, _ = sbom(oci_dir)
    d, _ = sbom(os.path.join(fix, "docker-archive/image.docker-archive.tar.gz"))
    check(len(a["components"]) == 93, f"OCI tar: {len(a['components'])} components, 93 expected")
    check(comps(a) == comps(b), "OCI layout as directory = as tar (purls and layers)")
    check(comps(a) == comps(d), "docker-archive = OCI layout (purls and layers)")
    docker_dir = os.path.join(tmp, "docker")
    os.mkdir(docker_dir)
    with tarfile.open(os.path.join(fix, "docker-archive/image.docker-archive.tar.gz")) as t:
        t.extractall(docker_dir)
    dd, _ = sbom(docker_dir)
    check(comps(dd) == comps(d), "unpacked docker-archive directory = docker-archive")
    shutil.rmtree(docker_dir)
    # A project whose manifest.json is an object (web app) stays a project.
    proj = os.path.join(tmp, "webapp")
    os.mkdir(proj)
    open(os.path.join(proj, "manifest.json"), "w").write('{"name": "app"}')
    shutil.copy(os.path.join(shared, "fixtures/npm/small/package-lock.json"), proj)
    w, _ = sbom(proj)
    check(len(w["components"]) > 60 and w["metadata"]["component"]["type"] == "application",
          "a project with a web manifest.json is walked as a project")
    # The image SBOMs validate against the CycloneDX 1.6 and SPDX 2.3 schemas.
    validator = os.path.join(os.environ.get("CW_SOURCE_DIR", "."), "tests/e2e/validate_sbom.js")
    if shutil.which("node") and os.path.exists(validator):
        cdx = os.path.join(tmp, "image.cdx.json")
        spdx = os.path.join(tmp, "image.spdx.json")
        subprocess.run([cw, "sbom", "-o", cdx, oci_tar], check=True)
        subprocess.run([cw, "sbom", "--format", "spdx-json", "-o", spdx, oci_tar], check=True)
        schemas = os.path.join(shared, "data/schemas")
        v1 = subprocess.run(["node", validator, schemas, "cyclonedx", cdx], capture_output=True, text=True)
        v2 = subprocess.run(["node", validator, schemas, "spdx", spdx], capture_output=True, text=True)
        check(v1.returncode == 0 and v2.returncode == 0, "image SBOMs are schema-valid " + v1.stdout + v2.stdout)
    meta = {p["name"]: p["value"] for p in a["metadata"]["component"]["properties"]}
    info = json.load(open(os.path.join(fix, "image-info.json")))
    check(meta.get("chainwarden:image:manifest-digest") == info["manifest_digest"], "manifest digest in metadata")
    check(a["metadata"]["component"]["version"] == info["config_digest"], "config digest as metadata version")

    # Layer 1 alone, unpacked by GNU tar, is a root filesystem.
    root = os.path.join(tmp, "rootfs")
    os.mkdir(root)
    index = json.load(open(os.path.join(oci_dir, "index.json")))
    man = json.load(open(os.path.join(oci_dir, "blobs/sha256", index["manifests"][0]["digest"][7:])))
    layer1 = os.path.join(oci_dir, "blobs/sha256", man["layers"][0]["digest"][7:])
    subprocess.run(["tar", "-xzf", layer1, "-C", root, "--exclude=dev/*"], check=True,
                   stderr=subprocess.DEVNULL)
    r, _ = sbom(root)
    got = {(c["name"], c["version"]) for c in r["components"]}
    want = {tuple(l.split()[:2]) for l in open(os.path.join(fix, "expected-layer1-deb.txt")) if l.strip()}
    print(f"rootfs: matched {len(got & want)}/{len(want)}")
    check(got == want, "root filesystem directory = expected-layer1-deb.txt")
    check(all("distro=debian-12" in c["purl"] for c in r["components"]), "rootfs purls carry distro=debian-12")


# ---- synthetic images ----------------------------------------------------------
def tar_bytes(entries):
    """entries: (name, bytes | None for a directory)."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as t:
        for name, data in entries:
            ti = tarfile.TarInfo(name)
            if data is None:
                ti.type = tarfile.DIRTYPE
                t.addfile(ti)
            else:
                ti.size = len(data)
                t.addfile(ti, io.BytesIO(data))
    return buf.getvalue()


def pkg(name, version):
    return json.dumps({"name": name, "version": version, "license": "MIT"}).encode()


APK1 = b"P:musl\nV:1.2.4-r2\nA:x86_64\nL:MIT\no:musl\n\nP:busybox\nV:1.36.1-r15\nA:x86_64\nL:GPL-2.0-only\no:busybox\n\n"
APK2 = APK1 + b"P:libcrypto3\nV:3.1.4-r5\nA:x86_64\nL:Apache-2.0\no:openssl\n\n"
LAYER1 = tar_bytes([
    ("etc", None), ("etc/os-release", b'NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.19.1\n'),
    ("lib/apk/db/installed", APK1),
    ("app/node_modules/a/package.json", pkg("a", "1.0.0")),
    ("app/node_modules/b/package.json", pkg("b", "2.0.0")),
    ("opt/x/node_modules/c/package.json", pkg("c", "3.0.0")),
    ("usr/lib/python3.11/site-packages/six-1.16.0.dist-info/METADATA",
     b"Metadata-Version: 2.1\nName: six\nVersion: 1.16.0\nLicense: MIT\n\nsix\n"),
    ("../../escape/node_modules/evil/package.json", pkg("evil", "6.6.6")),
])
LAYER2 = tar_bytes([
    ("app/node_modules/.wh.a", b""),
    ("opt/x/node_modules/d/package.json", pkg("d", "4.0.0")),
    ("opt/x/.wh..wh..opq", b""),
    ("lib/apk/db/installed", APK2),
])
EXPECTED = {
    ("pkg:npm/b@2.0.0", 1), ("pkg:npm/d@4.0.0", 2), ("pkg:pypi/six@1.16.0", 1),
    ("pkg:apk/alpine/musl@1.2.4-r2?arch=x86_64&distro=alpine-3.19", 1),
    ("pkg:apk/alpine/busybox@1.36.1-r15?arch=x86_64&distro=alpine-3.19", 1),
    ("pkg:apk/alpine/libcrypto3@3.1.4-r5?arch=x86_64&distro=alpine-3.19", 2),
}


def sha(b):
    return "sha256:" + hashlib.sha256(b).hexdigest()


def config_for(layers):
    return json.dumps({"architecture": "amd64", "os": "linux",
                       "rootfs": {"type": "layers", "diff_ids": [sha(l) for l in layers]}}).encode()


def docker_archive(path, layers, gz=False):
    cfg = config_for(layers)
    entries = [(f"{sha(cfg)[7:]}.json", cfg)]
    names = []
    for i, l in enumerate(layers):
        names.append(f"l{i}/layer.tar")
        entries.append((names[-1], l))
    # docker save writes manifest.json last: the reader must not need it first.
    entries.append(("manifest.json", json.dumps([{"Config": entries[0][0], "RepoTags": ["t:1"],
                                                   "Layers": names}]).encode()))
    data = tar_bytes(entries)
    with open(path, "wb") as f:
        f.write(gzip.compress(data) if gz else data)


def oci_layout(path, layers, compress):
    cfg = config_for(layers)
    blobs = {sha(cfg): cfg}
    descs = []
    for l in layers:
        c = compress(l)
        blobs[sha(c)] = c
        descs.append({"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": sha(c),
                      "size": len(c)})
    man = json.dumps({"schemaVersion": 2, "config": {"digest": sha(cfg), "size": len(cfg),
                                                     "mediaType": "application/vnd.oci.image.config.v1+json"},
                      "layers": descs}).encode()
    blobs[sha(man)] = man
    index = json.dumps({"schemaVersion": 2, "manifests": [
        {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": sha(man), "size": len(man),
         "annotations": {"org.opencontainers.image.ref.name": "v1"}}]}).encode()
    entries = [("oci-layout", b'{"imageLayoutVersion":"1.0.0"}'), ("index.json", index)]
    entries += [(f"blobs/sha256/{d[7:]}", b) for d, b in blobs.items()]
    with open(path, "wb") as f:
        f.write(tar_bytes(entries))


def zstd(data):
    return subprocess.run(["zstd", "-q", "-c"], input=data, stdout=subprocess.PIPE, check=True).stdout


with tempfile.TemporaryDirectory() as tmp:
    ids = [sha(LAYER1), sha(LAYER2)]
    for name, make in [
        ("docker.tar", lambda p: docker_archive(p, [LAYER1, LAYER2])),
        ("docker.tar.gz", lambda p: docker_archive(p, [LAYER1, LAYER2], gz=True)),
        ("oci-gzip.tar", lambda p: oci_layout(p, [LAYER1, LAYER2], gzip.compress)),
        ("oci-zstd.tar", lambda p: oci_layout(p, [LAYER1, LAYER2], zstd)),
    ]:
        path = os.path.join(tmp, name)
        make(path)
        doc, err = sbom(path)
        got = {(p, ids.index(l) + 1 if l in ids else l) for p, l in comps(doc)}
        check(got == EXPECTED, f"{name}: whiteouts, opaque dir, layers: got {sorted(got ^ EXPECTED)} off")
    check(not os.path.exists(os.path.join(tmp, "..", "escape")), "nothing written for a '..' entry")

    # Digest mismatch in an OCI layout is an error.
    bad = os.path.join(tmp, "oci-bad.tar")
    oci_layout(bad, [LAYER1], gzip.compress)
    with tarfile.open(bad) as t:
        members = [(m.name, t.extractfile(m).read() if m.isfile() else None) for m in t.getmembers()]
    members = [(n, d.replace(b'"amd64"', b'"arm64"') if d and b'"diff_ids"' in d else d) for n, d in members]
    with open(bad, "wb") as f:
        f.write(tar_bytes(members))
    _, err = sbom(bad, want_exit=2)
    check("does not match its digest" in err, "OCI config digest mismatch is reported: " + err.strip())

    # A decompression bomb: 200 MiB of zeros in a gzip layer of ~200 KiB.
    bomb_layer = tar_bytes([("zeros", b"\0" * (200 << 20))])
    bomb = os.path.join(tmp, "bomb.tar")
    oci_layout(bomb, [bomb_layer], lambda b: gzip.compress(b, 9))
    del bomb_layer
    p = subprocess.run([cw, "sbom", bomb], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    check(p.returncode != 0 and b"compression ratio" in p.stderr,
          f"gzip bomb rejected (exit {p.returncode}): {p.stderr.decode().strip()}")

    # Not an image.
    plain = os.path.join(tmp, "plain.tar")
    with open(plain, "wb") as f:
        f.write(tar_bytes([("hello.txt", b"hi")]))
    p = subprocess.run([cw, "sbom", plain], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    check(p.returncode == 2 and b"not a supported" in p.stderr, "a plain tar is not an image: "
          + p.stderr.decode().strip())


# ---- a distroless root filesystem: dpkg status.d, one file per package ------
with tempfile.TemporaryDirectory() as tmp:
    sd = os.path.join(tmp, "var/lib/dpkg/status.d")
    os.makedirs(sd)
    os.makedirs(os.path.join(tmp, "etc"))
    open(os.path.join(tmp, "etc/os-release"), "w").write('ID=debian\nVERSION_ID="12"\n')
    # Paragraphs as dpkg writes them (taken from the Debian fixture), without Status.
    stanzas = {p.split("\n", 1)[0][9:]: p for p in
               open(os.path.join(shared, "fixtures/debian/status")).read().split("\n\n")}
    for name in ("base-files", "libc6", "tzdata"):
        text = "\n".join(l for l in stanzas[name].splitlines() if not l.startswith("Status:"))
        open(os.path.join(sd, name), "w").write(text + "\n")
    open(os.path.join(sd, "libc6.md5sums"), "w").write("d41d8cd98f00b204e9800998ecf8427e  usr/lib/x\n")
    doc, _ = sbom(tmp)
    got = sorted(c["purl"].split("?")[0] for c in doc["components"])
    want = sorted("pkg:deb/debian/%s@%s" % (n, next(l[9:] for l in stanzas[n].splitlines()
                                                    if l.startswith("Version: ")).replace("+", "%2B"))
                  for n in ("base-files", "libc6", "tzdata"))
    check(got == want, f"distroless status.d: {got} (md5sums skipped)")


# ---- rpmdb.sqlite built by rpm itself --------------------------------------------
SPEC = """Name: {name}
Version: {version}
Release: {release}
{epoch}Summary: test package
License: {license}
BuildArch: noarch
%description
test
%files
"""
if shutil.which("rpmbuild") and shutil.which("rpm"):
    with tempfile.TemporaryDirectory() as tmp:
        rpms = []
        for name, version, release, epoch, lic in [
            ("cw-alpha", "1.2.3", "4.fc39", "Epoch: 2\n", "MIT AND (Apache-2.0 OR BSD-3-Clause)"),
            ("cw-beta", "0.9", "1.el9", "", "GPL-2.0-or-later"),
            ("cw-gamma", "2024.1", "7", "Epoch: 0\n", "LGPL-2.1-only"),
        ]:
            spec = os.path.join(tmp, name + ".spec")
            open(spec, "w").write(SPEC.format(name=name, version=version, release=release, epoch=epoch,
                                              license=lic))
            subprocess.run(["rpmbuild", "--define", f"_topdir {tmp}/top", "-bb", spec], check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            rpms.append(f"{tmp}/top/RPMS/noarch/{name}-{version}-{release}.noarch.rpm")
        db = os.path.join(tmp, "db")
        subprocess.run(["rpm", "--dbpath", db, "--initdb"], check=True)
        subprocess.run(["rpm", "--dbpath", db, "-i", "--nodeps", "--justdb"] + rpms, check=True,
                       stderr=subprocess.DEVNULL)
        qa = subprocess.run(["rpm", "--dbpath", db, "-qa", "--qf",
                             "%{NAME}|%{EPOCH}|%{VERSION}-%{RELEASE}|%{ARCH}|%{SOURCERPM}|%{LICENSE}\n"],
                            stdout=subprocess.PIPE, check=True, text=True).stdout.split()
        want = set()
        for line in subprocess.run(["rpm", "--dbpath", db, "-qa", "--qf",
                                    "%{NAME}\t%{EPOCH}\t%{VERSION}-%{RELEASE}\t%{ARCH}\t%{SOURCERPM}\t%{LICENSE}\n"],
                                   stdout=subprocess.PIPE, check=True, text=True).stdout.splitlines():
            n, e, v, a, s, lic = line.split("\t")
            want.add((n, "" if e == "(none)" else e, v, a, s, lic))
        doc, _ = sbom(os.path.join(db, "rpmdb.sqlite"))
        got = set()
        for c in doc["components"]:
            q = dict(x.split("=", 1) for x in c["purl"].split("?", 1)[1].split("&"))
            lic = c["licenses"][0].get("expression") or c["licenses"][0]["license"]["name"]
            got.add((c["name"], q.get("epoch", ""), c["version"], q["arch"],
                     q["upstream"].replace("%2B", "+"), lic))
        print(f"rpmdb.sqlite: matched {len(got & want)}/{len(want)}")
        check(got == want and len(want) == 3, f"rpmdb.sqlite = rpm -qa ({sorted(got ^ want)} differ)")
else:
    check(False, "rpm and rpmbuild are needed for the rpmdb test")

sys.exit(1 if failures else 0)
