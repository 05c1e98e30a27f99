#!/usr/bin/env python3
"""License identification end to end, on real files read at test time.

1. Every SPDX list text, re-wrapped at 50 columns and with a real copyright
   line, is written to a temporary folder and `chainwarden license identify
   --json` must name it (or an id with the same text) first.
2. The Debian copyright files of the container fixture (bookworm minbase +
   jq) are extracted and identified; known ones must give the licenses their
   DEP-5 "License:" fields name.
"""
import gzip
import io
import json
import os
import subprocess
import sys
import tarfile
import tempfile
import textwrap

cw = os.environ["CW_BINARY"]
shared = os.environ["CW_SHARED_DIR"]
spdx = os.path.join(shared, "data/licenses/spdx-license-list.full.json")
image = os.path.join(shared, "fixtures/container/docker-archive/image.docker-archive.tar.gz")


def identify(paths):
    out = subprocess.run([cw, "license", "identify", "--json", "--licenses", spdx] + paths,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False)
    if out.returncode not in (0, 1):
        sys.exit(f"identify failed ({out.returncode}): {out.stderr.decode()}")
    return [json.loads(line) for line in out.stdout.decode().splitlines()]


failures = 0
licenses = json.load(open(spdx, encoding="utf-8"))
deprecated = set(json.load(open(os.path.join(shared, "data/licenses/spdx-license-ids.deprecated.json"))))
current = set(json.load(open(os.path.join(shared, "data/licenses/spdx-license-ids.json"))))
by_text = {}
for lid, info in licenses.items():
    by_text.setdefault(" ".join(info["licenseText"].lower().split()), set()).add(lid)

with tempfile.TemporaryDirectory() as tmp:
    paths, ids = [], []
    for lid, info in licenses.items():
        if lid in deprecated or lid not in current:
            continue
        text = "Copyright (c) 2016-2024 Example Maintainers <dev@example.org>\n\n"
        text += "\n\n".join(textwrap.fill(p, 50, break_long_words=False, break_on_hyphens=False) for p in info["licenseText"].split("\n\n"))
        path = os.path.join(tmp, lid + ".txt")
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        paths.append(path)
        ids.append(lid)
    results = identify(paths)
    ok = 0
    for lid, res in zip(ids, results):
        same = by_text[" ".join(licenses[lid]["licenseText"].lower().split())]
        got = res["licenses"][0]["id"] if res["licenses"] else None
        if got == lid or got in same:
            ok += 1
        else:
            print(f"re-wrapped {lid}: identified as {got}")
    print(f"re-wrapped SPDX texts identified: {ok}/{len(ids)}")
    # Re-wrapping merges a list's items into paragraphs; allow a handful of
    # texts whose structure is lost, but no more.
    failures += ok < len(ids) * 0.98

    # Debian copyright files from the image's two layers.
    with tarfile.open(image, "r:gz") as outer:
        manifest = json.load(outer.extractfile("manifest.json"))
        for layer in manifest[0]["Layers"]:
            with tarfile.open(fileobj=io.BytesIO(outer.extractfile(layer).read())) as lt:
                for m in lt.getmembers():
                    if m.isfile() and m.name.startswith("usr/share/doc/") and m.name.endswith("/copyright"):
                        dest = os.path.join(tmp, "doc", m.name.split("/")[3])
                        os.makedirs(os.path.dirname(dest), exist_ok=True)
                        with open(dest, "wb") as f:
                            f.write(lt.extractfile(m).read())
    expected = {
        "zlib1g": {"Zlib"},
        "jq": {"MIT", "CC-BY-3.0"},
        "tar": {"GPL-3.0-or-later"},
        "libc6": {"LGPL-2.1-or-later", "GPL-2.0-or-later"},
        "bash": {"GPL-3.0-or-later"},
        "libonig5": {"BSD-2-Clause"},
        "libzstd1": {"BSD-3-Clause"},
    }
    docs = sorted(os.listdir(os.path.join(tmp, "doc")))
    results = identify([os.path.join(tmp, "doc", d) for d in docs])
    found_any = 0
    for d, res in zip(docs, results):
        got = {m["id"] for m in res["licenses"]}
        found_any += bool(got)
        if d in expected and not expected[d] <= got:
            print(f"{d}: expected {sorted(expected[d])} among {sorted(got)}")
            failures += 1
    print(f"Debian copyright files with a license identified: {found_any}/{len(docs)}")
    failures += found_any < len(docs) * 0.8

sys.exit(1 if failures else 0)
