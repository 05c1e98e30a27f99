#!/usr/bin/env python3
"""Java archives: components read by chainwarden equal an independent
reading with Python's zipfile.

- every real jar under /usr/share/java (Debian's maven jars): each
  META-INF/maven/**/pom.properties is one maven component and the jar's
  own component carries the jar's SHA-1;
- a Spring Boot style fat jar built here holding real jars in BOOT-INF/lib,
  a WAR with WEB-INF/lib, a MANIFEST-only jar, a bare jar (file name only,
  low confidence) and over-deep nesting (an error);
- a jar inside a root filesystem directory.
"""
import glob
import hashlib
import io
import json
import os
import subprocess
import sys
import tempfile
import zipfile

cw = os.environ["CW_BINARY"]
failures = 0


def check(cond, msg):
    global failures
    print(("ok: " if cond else "FAIL: ") + msg)
    failures += 0 if cond else 1


def sbom(path, want_exit=0, *opts):
    p = subprocess.run([cw, "sbom", "--compact", *opts, path], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if p.returncode != want_exit:
        sys.exit(f"sbom {path}: exit {p.returncode}: {p.stderr.decode()}")
    return (json.loads(p.stdout) if p.stdout else None), p.stderr.decode()


def maven(doc):
    out = {}
    for c in doc["components"]:
        props = {p["name"]: p["value"] for p in c.get("properties", [])}
        sha1 = [h["content"] for h in c.get("hashes", []) if h["alg"] == "SHA-1"]
        out[c["purl"]] = (props.get("chainwarden:evidence"), sha1[0] if sha1 else None)
    return out


def props_of(data):
    d = {}
    for line in data.decode("latin-1").splitlines():
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            k, v = line.split("=", 1)
            d[k.strip()] = v.strip()
    return d


def poms(data):
    z = zipfile.ZipFile(io.BytesIO(data))
    out = set()
    for n in z.namelist():
        if n.startswith("META-INF/maven/") and n.endswith("/pom.properties"):
            p = props_of(z.read(n))
            if p.get("artifactId") and p.get("version"):
                out.add(f"pkg:maven/{p['groupId']}/{p['artifactId']}@{p['version']}")
    return out


# ---- Debian's jars ---------------------------------------------------------------
jars = sorted({os.path.realpath(j) for j in glob.glob("/usr/share/java/*.jar")})
with_pom = matched = sha_ok = 0
for j in jars:
    data = open(j, "rb").read()
    want = poms(data)
    doc, _ = sbom(j)
    got = maven(doc)
    if want:
        with_pom += 1
        if want == {p for p, (ev, _) in got.items() if ev == "pom.properties"}:
            matched += 1
        else:
            print(f"  {j}: {sorted(want)} != {sorted(got)}")
    if [s for _, s in got.values() if s] == [hashlib.sha1(data).hexdigest()]:
        sha_ok += 1
    else:
        print(f"  {j}: SHA-1 {[s for _, s in got.values()]} != {hashlib.sha1(data).hexdigest()}")
print(f"/usr/share/java: {len(jars)} jars, {with_pom} with pom.properties, matched {matched}/{with_pom}, "
      f"SHA-1 right on {sha_ok}/{len(jars)}")
check(len(jars) >= 20 and matched == with_pom and with_pom >= 10, "pom.properties components = zipfile's")
check(sha_ok == len(jars), "the jar's own component has the jar's SHA-1")


# ---- built archives ------------------------------------------------------------------
def make_zip(entries):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for n, d in entries:
            z.writestr(n, d)
    return buf.getvalue()


libs = [j for j in jars if poms(open(j, "rb").read())][:5]
with tempfile.TemporaryDirectory() as tmp:
    app_pom = b"groupId=com.example\nartifactId=demo-app\nversion=1.0.0\n"
    fat = make_zip([("META-INF/MANIFEST.MF", b"Manifest-Version: 1.0\r\nMain-Class: x\r\n"),
                    ("META-INF/maven/com.example/demo-app/pom.properties", app_pom)]
                   + [(f"BOOT-INF/lib/{os.path.basename(j)}", open(j, "rb").read()) for j in libs])
    path = os.path.join(tmp, "demo-app-1.0.0.jar")
    open(path, "wb").write(fat)
    doc, _ = sbom(path)
    got = maven(doc)
    want = {"pkg:maven/com.example/demo-app@1.0.0"}
    for j in libs:
        want |= poms(open(j, "rb").read())
    check(set(got) == want, f"fat jar: {len(got)} components = app + {len(libs)} nested jars' poms")
    check(got["pkg:maven/com.example/demo-app@1.0.0"][1] == hashlib.sha1(fat).hexdigest(), "fat jar SHA-1")
    app = [c for c in doc["components"] if c["name"] == "demo-app"]
    deps = {d["ref"]: d["dependsOn"] for d in doc["dependencies"]}
    check(app and len(deps.get(app[0]["bom-ref"], [])) == len(libs), "the fat jar depends on its nested jars")

    war = make_zip([("WEB-INF/lib/inner.jar", make_zip([("META-INF/MANIFEST.MF",
        b"Manifest-Version: 1.0\r\nImplementation-Title: inner-lib\r\nImplementation-Version: 2.5\r\n"
        b"Implementation-Vendor-Id: org.example\r\n")])),
                    ("WEB-INF/lib/bare-tool-3.1.4.jar", make_zip([("a.class", b"x")]))])
    path = os.path.join(tmp, "site.war")
    open(path, "wb").write(war)
    got = maven(sbom(path)[0])
    check(got.get("pkg:maven/org.example/inner-lib@2.5", (None,))[0] == "MANIFEST.MF", "MANIFEST.MF identity")
    check(got.get("pkg:maven/bare-tool/bare-tool@3.1.4", (None,))[0] == "file name",
          f"file-name identity, low confidence ({sorted(got)})")

    deep = make_zip([("a.class", b"x")])
    for i in range(6):
        deep = make_zip([(f"lib/level{i}.jar", deep)])
    path = os.path.join(tmp, "deep.jar")
    open(path, "wb").write(deep)
    _, err = sbom(path, want_exit=2)
    check("nested more than" in err, "over-deep nesting is an error: " + err.strip())

    root = os.path.join(tmp, "rootfs")
    os.makedirs(os.path.join(root, "etc"))
    os.makedirs(os.path.join(root, "opt/app/lib"))
    open(os.path.join(root, "etc/os-release"), "w").write("ID=debian\nVERSION_ID=12\n")
    open(os.path.join(root, "opt/app/lib/demo-app-1.0.0.jar"), "wb").write(fat)
    got = maven(sbom(root)[0])
    check(set(got) == want, "the fat jar inside a root filesystem gives the same components")
    doc, _ = sbom(root, 0, "--hash")
    hashes = {h["alg"]: h["content"] for c in doc["components"] if c["name"] == "demo-app" for h in c["hashes"]}
    check(hashes == {"SHA-1": hashlib.sha1(fat).hexdigest(), "SHA-256": hashlib.sha256(fat).hexdigest()},
          "--hash adds the SHA-256 next to the SHA-1")

sys.exit(1 if failures else 0)
