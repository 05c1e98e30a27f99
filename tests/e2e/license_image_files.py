#!/usr/bin/env python3
"""Copyright notices and license files on the real container fixture.

1. `license notice` of the image lists, for every Debian package whose
   copyright file is machine-readable (DEP-5), the notices of its
   "Copyright:" fields -- compared with this script's own reading of the
   copyright files taken out of the image layers with tarfile.
2. The image's /app tree (a real node_modules with the packages' own
   license files), unpacked here: `license scan` finds each license file,
   names its package from the package.json beside it, identifies the
   license that package.json declares and lists the file's copyright
   lines; `license check` finds no mismatch.
3. `license scan` and `license check` of the image itself (docker-archive
   and OCI layout) read the same license files inside the image.
"""
import json
import os
import re
import sys
import tarfile
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import cw_check  # noqa: E402
from cw_check import fail, run  # noqa: E402

shared = os.environ["CW_SHARED_DIR"]
image = os.path.join(shared, "fixtures/container/docker-archive/image.docker-archive.tar.gz")
spdx = os.path.join(shared, "data/licenses/spdx-license-list.full.json")


def layer_files(pattern):
    """Regular files whose path matches `pattern` in the image's final
    filesystem: layers applied in order, with OCI whiteouts (.wh.NAME
    removes NAME, .wh..wh..opq empties its folder's lower layers)."""
    out = {}
    with tarfile.open(image) as outer:
        manifest = json.load(outer.extractfile("manifest.json"))
        for layer in manifest[0]["Layers"]:
            with tarfile.open(fileobj=outer.extractfile(layer)) as t:
                members = t.getmembers()
                for m in members:
                    name = m.name.lstrip("./")
                    d, base = os.path.split(name)
                    if base == ".wh..wh..opq":
                        gone = d + "/"
                    elif base.startswith(".wh."):
                        gone = os.path.join(d, base[4:])
                    else:
                        continue
                    for k in [k for k in out if k == gone or k.startswith(gone.rstrip("/") + "/")]:
                        del out[k]
                for m in members:
                    name = m.name.lstrip("./")
                    if m.isfile() and "/.wh." not in "/" + name and re.fullmatch(pattern, name):
                        out[name] = t.extractfile(m).read()
    return out


def dep5_notices(text):
    """Copyright field lines of the header and Files paragraphs (copyright-format 1.0)."""
    notices = []
    for para in re.split(r"\n[ \t]*\n", text):
        lines = para.split("\n")
        lines = [l for l in lines if l.strip()]
        if not lines or lines[0].lower().startswith("license:"):
            continue
        in_field = False
        for l in lines:
            if l[:1] in (" ", "\t"):
                values = [l] if in_field else []
            else:
                in_field = l.lower().startswith("copyright:")
                values = [l[10:]] if in_field else []
            for v in values:
                v = v.strip()
                if v == ".":
                    # a blank line in a list of notices: what follows is prose
                    # (hostname's copyright file carries its license there)
                    in_field = False
                    break
                if not v or v.lower() in ("none", "unknown"):
                    continue
                if not re.match(r"(?i)(copyright|\(c\)|\u00a9)", v):
                    v = "Copyright " + v
                if v not in notices:
                    notices.append(v)
    return notices[:256]


# --- 1. Debian copyright notices in the image's notice -------------------------
copyrights = layer_files(r"usr/share/doc/[^/]+/copyright")
out = run(["license", "notice", "--format", "markdown", "-o", "-", image])
listed, current = {}, None
for line in out.split("\n"):
    m = re.match(r"- (\S+) (\S*)$", line)
    if m:
        current = m.group(1)
        listed.setdefault(current, [])
    elif line.startswith("  - ") and current:
        listed[current].append(line[4:])
    elif not line.startswith("  "):
        current = None
checked = 0
for path, data in sorted(copyrights.items()):
    pkg = path.split("/")[3]
    text = data.decode("utf-8", "replace")
    if not text.startswith("Format:") or pkg not in listed:
        continue
    want = dep5_notices(text.replace("\r\n", "\n"))
    if listed[pkg] != want:
        fail(f"{pkg}: notice lists {listed[pkg][:3]}..., copyright file says {want[:3]}...")
    checked += 1
if checked < 50:
    fail(f"only {checked} Debian packages with DEP-5 copyright files compared")
print(f"image notice: copyright lines of {checked} Debian packages match their DEP-5 files")

# --- 2. the image's node_modules ---------------------------------------------
app = layer_files(r"app/.*")
with tempfile.TemporaryDirectory() as tmp:
    for name, data in app.items():
        os.makedirs(os.path.dirname(os.path.join(tmp, name)), exist_ok=True)
        with open(os.path.join(tmp, name), "wb") as f:
            f.write(data)
    root = os.path.join(tmp, "app")
    scan = json.loads(run(["license", "scan", "--format", "json", "--licenses", spdx, root]))
    found = {os.path.relpath(f["path"], tmp): f for f in scan["files"]}
    want = {n for n in app if re.search(r"/(?i:licen[cs]e[^/]*|copying[^/]*)$", n)}
    if set(found) != want:
        fail(f"license files {sorted(found)}, the image has {sorted(want)}")
    for name, f in found.items():
        manifest = json.loads(app[os.path.join(os.path.dirname(name), "package.json")])
        pkg = f["package"] or {}
        if (pkg.get("name"), pkg.get("version")) != (manifest["name"], manifest["version"]):
            fail(f"{name}: package {pkg}, package.json says {manifest['name']}@{manifest['version']}")
        if f["expression"] != manifest["license"]:
            fail(f"{name}: identified {f['expression']}, package.json declares {manifest['license']}")
        lines = [l.strip() for l in app[name].decode().split("\n")
                 if re.match(r"\s*copyright\b", l, re.I)]
        if f["copyrights"] != lines:
            fail(f"{name}: copyrights {f['copyrights']}, the file has {lines}")
    check = json.loads(run(["license", "check", "--format", "json", "--licenses", spdx, root]))
    for c in check["components"]:
        if c["mismatch"] or not c.get("found") or c["found"] != c["expression"]:
            fail(f"{c['name']}: declared {c['expression']}, found {c.get('found')}")
    print(f"image /app: {len(found)} license files, {len(check['components'])} components checked")

    # --- 3. the same license files read from the image itself ------------------
    for img in (image, os.path.join(shared, "fixtures/container/oci/image.oci-layout.tar")):
        in_image = json.loads(run(["license", "scan", "--format", "json", "--licenses", spdx, img]))
        got = {f["path"].lstrip("/"): f for f in in_image["files"]}
        if set(got) != set(found):
            fail(f"{img}: license files {sorted(got)}, unpacked {sorted(found)}")
        for name, f in got.items():
            u = found.get(name, {})
            for key in ("expression", "copyrights"):
                if f[key] != u.get(key):
                    fail(f"{img}: {name}: {key} {f[key]!r}, unpacked {u.get(key)!r}")
            if (f["package"] or {}).get("name") != (u.get("package") or {}).get("name"):
                fail(f"{img}: {name}: package {f['package']}, unpacked {u.get('package')}")
        check = json.loads(run(["license", "check", "--format", "json", "--licenses", spdx, img]))
        npm = [c for c in check["components"] if c["purl"].startswith("pkg:npm/")]
        for c in npm:
            if c.get("found") != c["expression"] or c["mismatch"]:
                fail(f"{img}: {c['name']}: declared {c['expression']}, found {c.get('found')}")
        if len(npm) != len(found):
            fail(f"{img}: {len(npm)} npm components, {len(found)} license files")
        print(f"{os.path.basename(img)}: {len(got)} license files read inside the image, "
              f"{len(npm)} npm components with license evidence")

cw_check.finish()
print("ok")
