#!/usr/bin/env python3
"""docs/policy.schema.json agrees with the policy loader.

The shipped default policy, the example policies of docs/examples and the
valid policies of the fuzz corpus are converted from YAML to JSON (PyYAML)
and must validate against the schema (ajv 8, JSON Schema 2020-12); a set
of broken policies written here must be rejected by both the schema and
`chainwarden policy lint` (the loader also checks what a schema cannot:
version ranges, references, empty intervals).
"""
import datetime
import glob
import json
import os
import subprocess
import sys
import tempfile

import yaml

BIN = os.environ["CW_BINARY"]
SRC = os.environ.get("CW_SOURCE_DIR", os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
SCHEMA = os.path.join(SRC, "docs/policy.schema.json")
failures = []

HDR = "apiVersion: chainwarden.dev/v1\nkind: Policy\n"
RULE = HDR + "rules:\n  - id: r\n    action: deny\n    message: m\n    when: %s\n"
BROKEN = {
    "bad-action": HDR + "rules:\n  - id: r\n    action: block\n    message: m\n    when: {package: {name: x}}\n",
    "no-message": HDR + "rules:\n  - id: r\n    action: deny\n    when: {package: {name: x}}\n",
    "no-when": HDR + "rules:\n  - id: r\n    action: deny\n    message: m\n",
    "unknown-field": RULE % "{vulnerability: {severty: high}}",
    "unknown-section": RULE % "{licence: {id: MIT}}",
    "bad-severity": RULE % "{vulnerability: {severity: urgent}}",
    "bad-bool": RULE % "{vulnerability: {kev: maybe}}",
    "bad-comparison": RULE % "{vulnerability: {cvss_score: {above: 9}}}",
    "empty-all": RULE % "{all: []}",
    "bad-signal": RULE % "{attack: {signal: [typosqat]}}",
    "version-without-ecosystem": RULE % "{package: {version: \"<2\"}}",
    "bad-category": RULE % "{license: {category: copyleft}}",
    "check-without-name": RULE % "{health: {check: {lt: 3}}}",
    "other-version": "apiVersion: chainwarden.dev/v2\nkind: Policy\nrules: []\n",
    "other-kind": "apiVersion: chainwarden.dev/v1\nkind: LicensePolicy\nrules: []\n",
    "no-rules": HDR,
    "extra-key": HDR + "rules: []\nextras: 1\n",
    "waiver-no-expiry": HDR + "rules: []\nwaivers:\n  - package: x\n    reason: r\n    approver: a\n",
    "waiver-bad-date": HDR + "rules: []\nwaivers:\n  - package: x\n    reason: r\n    approver: a\n    expires: 2025-02-30x\n",
    "waiver-no-selector": HDR + "rules: []\nwaivers:\n  - reason: r\n    approver: a\n    expires: 2030-01-01\n",
    "scope-no-selector": HDR + "rules: []\nscopes:\n  - name: s\n    disable: []\n",
    "scope-global-name": HDR + "rules: []\nscopes:\n  - name: global\n    lifecycle: prod\n",
}


def check(cond, msg):
    if not cond:
        failures.append(msg)
        print("FAIL:", msg, file=sys.stderr)


def to_json(text, out):
    doc = yaml.safe_load(text)

    def plain(o):
        if isinstance(o, (datetime.date, datetime.datetime)):
            return o.isoformat()
        raise TypeError(type(o))
    with open(out, "w") as f:
        json.dump(doc, f, default=plain)


def validate(files):
    p = subprocess.run(["node", os.path.join(SRC, "tests/e2e/validate_policy.js"), SCHEMA, *files],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
    if p.returncode != 0:
        raise SystemExit("validator failed: " + p.stderr.decode())
    return {line.split(": ", 1)[0]: line.split(": ", 1)[1] for line in p.stdout.decode().splitlines()}


def lint(path):
    return subprocess.run([BIN, "policy", "lint", path], stdout=subprocess.PIPE, stderr=subprocess.PIPE).returncode


def main():
    good = [os.path.join(SRC, "data/policy/default.yaml")] + sorted(glob.glob(os.path.join(SRC, "docs/examples/*.yaml")))
    good += [p for p in sorted(glob.glob(os.path.join(SRC, "fuzz/corpus/policy/*.yaml"))) if lint(p) == 0]
    check(len(good) >= 6, f"policies to validate: {good}")
    with tempfile.TemporaryDirectory() as tmp:
        jsons = {}
        for p in good:
            check(lint(p) == 0, f"{p}: the loader refuses it")
            j = os.path.join(tmp, os.path.basename(p) + ".json")
            with open(p) as f:
                to_json(f.read(), j)
            jsons[j] = p
        for name, text in BROKEN.items():
            y = os.path.join(tmp, name + ".yaml")
            with open(y, "w") as f:
                f.write(text)
            check(lint(y) == 2, f"{name}: the loader accepts it")
            j = os.path.join(tmp, name + ".json")
            to_json(text, j)
            jsons[j] = None
        verdict = validate(list(jsons))
        for j, src in jsons.items():
            if src:
                check(verdict[j] == "valid", f"{src}: {verdict[j]}")
            else:
                check(verdict[j].startswith("invalid"), f"{os.path.basename(j)}: the schema accepts it")
    if failures:
        return 1
    print(f"policy schema: {len(good)} policies valid, {len(BROKEN)} broken ones rejected by schema and loader")
    return 0


if __name__ == "__main__":
    sys.exit(main())
