"""Build a node_modules tree with license files, at test time.

The tree mirrors a real package-lock.json (the npm fixtures): one folder
per installed package path with a package.json (name, version, license)
and, for a license that is an SPDX id with a text in the SPDX list, a
LICENSE file made from that text with a copyright line naming the package
("Copyright (c) 2019 <name> authors").  License texts are read from
../shared/data at test time and never stored in the repository.

`overrides` maps a package path to the SPDX id whose text its LICENSE file
gets instead (to plant a mismatch), or None for no license file;
`drop_declared` lists package paths whose package.json (and lockfile
entry, in the copy written to the tree) lose their "license" field (their
LICENSE file stays).

Returns {package path: {"name", "version", "declared", "file_license",
"license_file", "copyright"}}.
"""
import json
import os

NAMES = ["LICENSE", "LICENSE.md", "license", "LICENSE.txt", "LICENCE", "COPYING"]


def load_texts(spdx_full):
    return {k: v["licenseText"] for k, v in json.load(open(spdx_full)).items()}


def make_tree(root, lock_path, spdx_full, overrides=None, drop_declared=(), texts=None):
    overrides = overrides or {}
    texts = texts if texts is not None else load_texts(spdx_full)
    lock = json.load(open(lock_path))
    expected = {}
    os.makedirs(root, exist_ok=True)
    for i, (path, entry) in enumerate(sorted(lock["packages"].items())):
        if not path or entry.get("link") or "node_modules/" not in path:
            continue
        name = entry.get("name") or path.rsplit("node_modules/", 1)[-1]
        version = entry["version"]
        declared = entry.get("license")
        file_license = overrides.get(path, declared if isinstance(declared, str) else None)
        if path in drop_declared:
            declared = None
            entry.pop("license", None)
        if path in overrides and overrides[path] is None:
            file_license = None
        d = os.path.join(root, path)
        os.makedirs(d, exist_ok=True)
        manifest = {"name": name, "version": version}
        if declared is not None:
            manifest["license"] = declared
        with open(os.path.join(d, "package.json"), "w") as f:
            json.dump(manifest, f)
        info = {"name": name, "version": version, "declared": declared,
                "file_license": None, "license_file": None, "copyright": None}
        if file_license in texts:
            fname = NAMES[i % len(NAMES)]
            holder = f"Copyright (c) {2000 + i % 25} {name} authors"
            body = texts[file_license]
            # a text whose own first line is a template notice keeps its
            # body; ours goes on top, as packages write it
            with open(os.path.join(d, fname), "w") as f:
                f.write(f"{holder}\n\n{body}\n")
            info.update(file_license=file_license, license_file=os.path.join(d, fname),
                        copyright=holder)
        expected[path] = info
    with open(os.path.join(root, "package-lock.json"), "w") as f:
        json.dump(lock, f, indent=2)
    top = lock["packages"].get("", {})
    with open(os.path.join(root, "package.json"), "w") as f:
        json.dump({"name": top.get("name", "app"), "version": top.get("version", "1.0.0"),
                   "dependencies": top.get("dependencies", {})}, f)
    return expected


if __name__ == "__main__":
    # python3 tests/e2e/lib/license_tree.py OUT [COPIES]: a tree for bench_license_files
    # from the shared large npm fixture (COPIES side-by-side copies of it).
    import sys
    here = os.path.dirname(os.path.abspath(__file__))
    shared = os.environ.get("CW_SHARED_DIR", os.path.join(here, "../../../../shared"))
    lock = os.path.join(shared, "fixtures/npm/large/package-lock.json")
    spdx = os.path.join(shared, "data/licenses/spdx-license-list.full.json")
    out = sys.argv[1]
    copies = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    texts = load_texts(spdx)
    n = 0
    for c in range(copies):
        n += len(make_tree(os.path.join(out, f"app{c}"), lock, spdx, texts=texts))
    print(f"{out}: {copies} project(s), {n} package folders")
