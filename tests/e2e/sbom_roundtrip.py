#!/usr/bin/env python3
"""`chainwarden sbom --from` round trip: for lockfiles of every npm-family
format and a directory of several projects, SBOM -> model -> SBOM gives
byte-identical documents (--deterministic) in CycloneDX 1.6 and SPDX 2.3,
and CycloneDX read back then written as SPDX equals the SPDX written from
the lockfile directly.  Also: an unsupported document version is refused
with exit status 2."""
import os
import subprocess
import sys
import tempfile

BIN = os.environ["CW_BINARY"]
SHARED = os.environ["CW_SHARED_DIR"]
INPUTS = [
    "fixtures/npm/large/package-lock.json",
    "fixtures/npm/medium/lockfile-v1/package-lock.json",
    "fixtures/yarn/classic-v1/yarn.lock",
    "fixtures/yarn/berry-v4/yarn.lock",
    "fixtures/pnpm/pnpm-lock.yaml",
    "fixtures/npm",
]
failures = 0


def check(cond, msg):
    global failures
    print(("ok   " if cond else "FAIL ") + msg)
    failures += 0 if cond else 1


def sbom(*args):
    p = subprocess.run([BIN, "sbom", "--deterministic", *args], capture_output=True)
    if p.returncode != 0:
        print(p.stderr.decode())
    return p.returncode, p.stdout


with tempfile.TemporaryDirectory() as tmp:
    for rel in INPUTS:
        path = os.path.join(SHARED, rel)
        for fmt in ("cyclonedx-json", "spdx-json"):
            rc, first = sbom("--format", fmt, path)
            doc = os.path.join(tmp, "first.json")
            open(doc, "wb").write(first)
            rc2, second = sbom("--format", fmt, "--from", doc)
            check(rc == 0 and rc2 == 0 and first == second and len(first) > 1000,
                  f"{rel}: {fmt} -> model -> {fmt} is identical ({len(first)} bytes)")
        _, cdx = sbom(path)
        doc = os.path.join(tmp, "cdx.json")
        open(doc, "wb").write(cdx)
        _, direct = sbom("--format", "spdx-json", path)
        _, converted = sbom("--format", "spdx-json", "--from", doc)
        check(direct == converted, f"{rel}: CycloneDX read back and written as SPDX = SPDX written directly")

    bad = os.path.join(tmp, "old.json")
    open(bad, "w").write('{"bomFormat": "CycloneDX", "specVersion": "1.2", "components": []}')
    p = subprocess.run([BIN, "sbom", "--from", bad], capture_output=True, text=True)
    check(p.returncode == 2 and "specVersion 1.2 not supported" in p.stderr,
          f"CycloneDX 1.2 refused (exit {p.returncode}: {p.stderr.strip()})")

print("sbom_roundtrip:", "FAILED" if failures else "passed", f"({failures} failures)")
sys.exit(1 if failures else 0)
