#!/usr/bin/env python3
"""SBOMs written by `chainwarden sbom` for the npm-family, Python, Go and
Rust fixtures validate
against the official CycloneDX 1.6 and SPDX 2.3 JSON schemas (ajv, see
validate_sbom.js); --deterministic output is byte-identical across runs;
the graph in both formats has the same edges; a directory with a broken
lockfile still yields an SBOM of the rest, exit status 2 and a file:line
message."""
import json
import os
import subprocess
import sys
import tempfile

BIN = os.environ["CW_BINARY"]
SHARED = os.environ["CW_SHARED_DIR"]
SRC = os.environ["CW_SOURCE_DIR"]
SCHEMAS = os.path.join(SHARED, "data", "schemas")
VALIDATOR = os.path.join(SRC, "tests", "e2e", "validate_sbom.js")

INPUTS = [
    "fixtures/npm/small/package-lock.json",
    "fixtures/npm/small/lockfile-v1/package-lock.json",
    "fixtures/npm/medium/lockfile-v2/package-lock.json",
    "fixtures/npm/large/package-lock.json",
    "fixtures/yarn/classic-v1/yarn.lock",
    "fixtures/yarn/berry-v4/yarn.lock",
    "fixtures/pnpm/pnpm-lock.yaml",
    "fixtures/npm",  # a directory: several roots
    "fixtures/other-ecosystems/cargo/ripgrep/Cargo.lock",
    "fixtures/other-ecosystems/cargo/cargo/Cargo.lock",
    "fixtures/other-ecosystems/go/go.sum",
    "fixtures/other-ecosystems/go/go.mod",
    "fixtures/other-ecosystems/poetry/poetry.lock",
    "fixtures/other-ecosystems/uv/uv.lock",
    "fixtures/other-ecosystems/pipenv/Pipfile.lock",
    "fixtures/other-ecosystems/pip-hashes/requirements.txt",
    "fixtures/other-ecosystems/gradle/gradle.lockfile",
    "fixtures/other-ecosystems/maven/pom.xml",
    "fixtures/other-ecosystems/bundler/Gemfile.lock",
    "fixtures/other-ecosystems/composer/composer.lock",
    "fixtures/other-ecosystems/nuget/packages.lock.json",
    "fixtures/other-ecosystems/pub/pubspec.lock",
    "fixtures/other-ecosystems/mix/mix.lock",
    "fixtures/other-ecosystems/conan/conan.lock",
]

failures = 0


def check(cond, msg):
    global failures
    print(("ok   " if cond else "FAIL ") + msg)
    if not cond:
        failures += 1


def run(args):
    return subprocess.run([BIN, "sbom"] + args, capture_output=True)


with tempfile.TemporaryDirectory() as tmp:
    files = {"cyclonedx": [], "spdx": []}
    for i, rel in enumerate(INPUTS):
        path = os.path.join(SHARED, rel)
        for fmt, kind in (("cyclonedx-json", "cyclonedx"), ("spdx-json", "spdx")):
            out = os.path.join(tmp, f"{i}.{kind}.json")
            p = run(["--deterministic", "--format", fmt, "-o", out, path])
            check(p.returncode == 0, f"{rel} {fmt}: exit {p.returncode} {p.stderr.decode()[:300]}")
            files[kind].append(out)
            again = run(["--deterministic", "--format", fmt, path])
            check(again.stdout == open(out, "rb").read(), f"{rel} {fmt}: deterministic output is stable")
        cdx = json.load(open(files["cyclonedx"][-1]))
        spdx = json.load(open(files["spdx"][-1]))
        cdx_edges = sum(len(d.get("dependsOn", [])) for d in cdx["dependencies"])
        spdx_edges = sum(1 for r in spdx["relationships"] if r["relationshipType"] == "DEPENDS_ON")
        # The CycloneDX document of a directory adds the top -> roots edges.
        roots = sum(1 for r in spdx["relationships"] if r["relationshipType"] == "DESCRIBES")
        extra = roots if roots > 1 else 0
        check(cdx_edges == spdx_edges + extra and spdx_edges > 0,
              f"{rel}: same graph in both formats ({cdx_edges} / {spdx_edges} edges)")
        check(len(cdx["components"]) + (1 if roots == 1 else 0) == len(spdx["packages"]),
              f"{rel}: same components in both formats ({len(spdx['packages'])})")
    for kind, paths in files.items():
        p = subprocess.run(["node", VALIDATOR, SCHEMAS, kind] + paths, capture_output=True, text=True)
        print(p.stdout, end="")
        check(p.returncode == 0, f"{len(paths)} {kind} documents valid against the schema ({p.stderr[:500]})")

    # A broken lockfile next to a good one: the rest is still emitted, exit 2.
    proj = os.path.join(tmp, "proj")
    os.makedirs(os.path.join(proj, "good"))
    os.makedirs(os.path.join(proj, "bad"))
    with open(os.path.join(SHARED, "fixtures/npm/small/package-lock.json"), "rb") as f:
        open(os.path.join(proj, "good", "package-lock.json"), "wb").write(f.read())
    open(os.path.join(proj, "bad", "package-lock.json"), "w").write('{\n  "lockfileVersion": 3,\n  "packages": {\n    "x": [\n')
    p = run(["--deterministic", proj])
    check(p.returncode == 2, f"broken input: exit status 2 (got {p.returncode})")
    err = p.stderr.decode()
    check("bad/package-lock.json:4:" in err, f"broken input: file:line reported ({err.strip()})")
    doc = json.loads(p.stdout)
    check(len(doc["components"]) == 69, f"broken input: the good lockfile's 69 packages still emitted ({len(doc['components'])})")

print("sbom_schema:", "FAILED" if failures else "passed", f"({failures} failures)")
sys.exit(1 if failures else 0)
