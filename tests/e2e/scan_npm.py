#!/usr/bin/env python3
"""End-to-end: `chainwarden scan` on npm lockfiles against a KB built from
the shared npm OSV zip (+ KEV catalog + NVD sample).

- a package-lock.json written here with versions inside and just outside
  the ranges of real advisories (direct and transitive): the JSON report's
  finding set must equal the one computed by tests/e2e/lib/osv_oracle.py,
  an OSV evaluator written independently from the specification;
- the real npm fixtures (small, medium, large; lockfile v1/v2/v3): the
  finding set equals the oracle's over every (name, version) of the lockfile;
- paths (app -> direct -> ... -> vulnerable), fixed versions and the
  recommended upgrade; SARIF 2.1.0 results point at the lockfile line of
  the package's entry; markdown / html / cyclonedx / table are produced;
- an SBOM of the project (CycloneDX, SPDX) as TARGET gives the same findings;
- exit codes: --fail-on levels (1 / 0), usage and input errors (2);
- the .chainwarden.yaml ignore file in the target directory.
"""
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import osv_oracle  # noqa: E402

BIN = os.environ["CW_BINARY"]
SHARED = os.environ["CW_SHARED_DIR"]
failures = []


def check(cond, msg):
    if not cond:
        failures.append(msg)
        print("FAIL:", msg, file=sys.stderr)


def run(*args):
    return subprocess.run([BIN, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=600)


# name -> (version, dependencies) of the hand-written project; nested
# node_modules paths make transitive packages.
PACKAGES = {
    "node_modules/express": ("4.4.9", {"lodash": "^4.17.0"}),         # x_NSWG-ECO-8 [4.0.0-0, 4.5.0-0)
    "node_modules/express/node_modules/lodash": ("4.17.4", {}),     # 368 (<4.17.5), 493 (<4.17.11)
    "node_modules/web-app": ("2.0.0", {"bassmaster": "1.5.1", "lodash": "4.17.11"}),
    "node_modules/bassmaster": ("1.5.1", {}),                       # x_NSWG-ECO-1 last_affected 1.5.1
    "node_modules/lodash": ("4.17.11", {}),                         # just at 493's fix: none
    "node_modules/qs": ("6.0.4", {}),
    # x_NSWG-ECO-495 has five ranges "<2.0.18 || <3.0.16 || ... || <5.0.0-beta.5": their union
    # holds 2.0.18 (npm audit's vulnerable_versions says the same); its CVE is in KEV
    "node_modules/electron": ("2.0.18", {}),
    "node_modules/minimist": ("0.0.8", {}),
}


def write_project(d):
    lock = {"name": "scan-e2e", "version": "1.0.0", "lockfileVersion": 3, "requires": True,
            "packages": {"": {"name": "scan-e2e", "version": "1.0.0",
                              "dependencies": {"express": "4.4.9", "web-app": "2.0.0", "qs": "6.0.4",
                                               "electron": "2.0.18", "minimist": "0.0.8"}}}}
    for path, (version, deps) in PACKAGES.items():
        entry = {"version": version}
        if deps:
            entry["dependencies"] = deps
        lock["packages"][path] = entry
    text = json.dumps(lock, indent=2) + "\n"
    with open(os.path.join(d, "package-lock.json"), "w") as f:
        f.write(text)
    lines = {}
    for i, line in enumerate(text.splitlines(), 1):
        s = line.strip()
        if s.startswith('"node_modules/') and s.endswith("{"):
            lines[s.split('"')[1]] = i
    return lines


def oracle_set(index, pairs):
    out = set()
    for name, version in pairs:
        for (adv, _aliases, entry) in index.get(("npm", name.lower()), []):
            if osv_oracle.affected(entry, version, "npm"):
                out.add((name, version, adv))
    return out


def report_set(doc):
    out = set()
    for f in doc["findings"]:
        for adv in f["advisories"]:
            out.add((f["package"]["name"], f["package"]["version"], adv))
    return out


def main():
    index = osv_oracle.load(os.path.join(SHARED, "data/osv/npm.zip"))
    with tempfile.TemporaryDirectory() as tmp:
        kb = os.path.join(tmp, "kb.sqlite")
        p = run("db", "build", "--osv", os.path.join(SHARED, "data/osv/npm.zip"),
                "--kev", os.path.join(SHARED, "data/kev/known_exploited_vulnerabilities.json"),
                "--nvd", os.path.join(SHARED, "data/nvd/nvdcve-2.0-sample.json"), "-o", kb)
        if p.returncode != 0:
            raise SystemExit("db build failed: " + p.stderr.decode())

        proj = os.path.join(tmp, "proj")
        os.mkdir(proj)
        lines = write_project(proj)
        p = run("scan", "--kb", kb, "--format", "json", proj)
        check(p.returncode == 0, f"scan exit {p.returncode} without --fail-on: {p.stderr.decode()}")
        doc = json.loads(p.stdout)
        check(doc["schema"] == "chainwarden-scan/1", "schema name")
        pairs = {(path.split("node_modules/")[-1], v) for path, (v, _) in PACKAGES.items()}
        want = oracle_set(index, pairs)
        got = report_set(doc)
        check(got == want, f"finding set differs: only scan {sorted(got - want)}, only oracle {sorted(want - got)}")
        # the expected set, by hand from the advisories, so the oracle is checked too
        by_hand = {("express", "4.4.9", "x_NSWG-ECO-8"), ("electron", "2.0.18", "x_NSWG-ECO-495"), ("lodash", "4.17.4", "x_NSWG-ECO-368"),
                   ("lodash", "4.17.4", "x_NSWG-ECO-493"), ("bassmaster", "1.5.1", "x_NSWG-ECO-1")}
        check(by_hand == want, f"oracle and hand differ: {sorted(by_hand ^ want)}")
        for f in doc["findings"]:
            for key in ("id", "aliases", "severity", "cvss", "epss", "kev", "fixed_versions", "paths"):
                check(key in f, f"finding lacks {key}")
            check(f["package"]["purl"].startswith("pkg:npm/"), "purl")
            if f["package"]["name"] == "lodash" and f["id"] == "x_NSWG-ECO-368":
                check(f["paths"] == [["scan-e2e@1.0.0", "express@4.4.9", "lodash@4.17.4"]], f"lodash path {f['paths']}")
                check(f["fixed_versions"] == ["4.17.5"], f"fixed {f['fixed_versions']}")
                check(f["recommended_version"] == "4.17.11", f"recommended {f['recommended_version']}")
                check(f["upgrade_direct"] == ["express"], f"upgrade_direct {f['upgrade_direct']}")
                check("CVE-2018-3721" in f["aliases"], "alias CVE-2018-3721")
                check(f["package"]["line"] == lines["node_modules/express/node_modules/lodash"], "line")
        # priority order: ranks 1..n, scores not increasing
        ranks = [f["priority"] for f in doc["findings"]]
        check(ranks == list(range(1, len(ranks) + 1)), f"ranks {ranks}")
        scores = [f["priority_score"] for f in doc["findings"]]
        check(scores == sorted(scores, reverse=True), "sorted by priority")

        # SARIF: one result per finding, at the lockfile line of the entry
        p = run("scan", "--kb", kb, "--format", "sarif", proj)
        sarif = json.loads(p.stdout)
        check(sarif["version"] == "2.1.0", "sarif version")
        results = [r for r in sarif["runs"][0]["results"]
                   if not r["ruleId"].startswith("chainwarden/upstream/")]  # scan_upstream.py checks those
        check(len(results) == len(doc["findings"]), "sarif result count")
        for r in results:
            loc = r["locations"][0]["physicalLocation"]
            check(loc["artifactLocation"]["uri"].endswith("package-lock.json"), "sarif uri")
            msg = r["message"]["text"]
            name = msg.split(" ")[1].rsplit("@", 1)[0]
            want_line = lines["node_modules/express/node_modules/lodash"] if "4.17.4" in msg else lines["node_modules/" + name]
            check(loc["region"]["startLine"] == want_line, f"sarif line for {msg}")

        for fmt, marker in (("markdown", "| x_NSWG-ECO-8 |"), ("html", "<table>"), ("table", "x_NSWG-ECO-1"),
                            ("cyclonedx", '"vulnerabilities"')):
            p = run("scan", "--kb", kb, "--format", fmt, proj)
            check(p.returncode == 0 and marker in p.stdout.decode(), f"format {fmt}")
        cdx_path = os.path.join(tmp, "scan.cdx.json")
        run("scan", "--kb", kb, "--format", "cyclonedx", "-o", cdx_path, proj)
        cdx = json.load(open(cdx_path))
        check(len(cdx["vulnerabilities"]) == len(doc["findings"]), "cyclonedx vulnerabilities")
        refs = {c["bom-ref"] for c in cdx["components"]}
        check(all(v["affects"][0]["ref"] in refs for v in cdx["vulnerabilities"]), "cyclonedx affects refs")
        # valid against the official CycloneDX 1.6 schema (ajv from tests/oracles, scripts/setup)
        here = os.path.dirname(os.path.abspath(__file__))
        p = subprocess.run(["node", os.path.join(here, "validate_sbom.js"), os.path.join(SHARED, "data/schemas"),
                            "cyclonedx", cdx_path], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=300)
        check(p.returncode == 0, "cyclonedx report valid against bom-1.6: " + p.stdout.decode()[-2000:])

        # an SBOM of the project as TARGET (CycloneDX and SPDX, read back by the inventory)
        for fmt, name in (("cyclonedx-json", "p.cdx.json"), ("spdx-json", "p.spdx.json")):
            sbom = os.path.join(tmp, name)
            run("sbom", "--format", fmt, "-o", sbom, proj)
            p = run("scan", "--kb", kb, "--format", "json", sbom)
            check(p.returncode == 0, f"scan of {fmt} SBOM: exit {p.returncode} {p.stderr.decode()}")
            if p.returncode == 0:
                d3 = json.loads(p.stdout)
                check(report_set(d3) == report_set(doc), f"{fmt} SBOM: same findings as the lockfile")
                lp = [f["paths"] for f in d3["findings"] if f["id"] == "x_NSWG-ECO-368"]
                check(lp == [[["scan-e2e@1.0.0", "express@4.4.9", "lodash@4.17.4"]]], f"{fmt} SBOM: paths {lp}")

        # exit codes
        sev = {f["severity"] for f in doc["findings"]}
        check(run("scan", "--kb", kb, "--fail-on", "any", proj).returncode == 1, "fail-on any")
        check(run("scan", "--kb", kb, "--fail-on", "kev", proj).returncode == 1, "fail-on kev")
        first = doc["findings"][0]
        check(first["id"] == "x_NSWG-ECO-495" and first["kev"] and first["kev"]["due_date"] == "2022-06-13"
              and first["priority"] == 1, f"KEV finding first: {first['id']} {first['kev']}")
        want_high = 1 if sev & {"high", "critical"} else 0
        check(run("scan", "--kb", kb, "--fail-on", "high", proj).returncode == want_high, "fail-on high")
        check(run("scan", "--kb", kb, "--fail-on", "bogus", proj).returncode == 2, "bad level is 2")
        check(run("scan", "--kb", kb, "--format", "xml", proj).returncode == 2, "bad format is 2")
        check(run("scan", "--kb", kb, os.path.join(tmp, "nope")).returncode == 2, "missing target is 2")
        check(run("scan", "--kb", os.path.join(tmp, "nokb"), proj).returncode == 2, "missing KB is 2")
        check(run("scan", "--kb", kb).returncode == 2, "no target is 2")
        check(run("scan", "--help").returncode == 0, "--help")

        # ignore file in the target directory: everything ignored by id or alias
        with open(os.path.join(proj, ".chainwarden.yaml"), "w") as f:
            f.write("ignore:\n")
            for fd in doc["findings"]:
                alias = fd["aliases"][0] if fd["aliases"] else fd["id"]
                f.write(f"  - id: {alias}\n    package: {fd['package']['name']}\n    reason: accepted\n"
                        f"    expires: 2999-01-01\n")
        # (--no-upstream: the hand-written lockfile has no integrity hashes, which --fail-on any counts)
        p = run("scan", "--kb", kb, "--fail-on", "any", "--no-upstream", "--format", "json", proj)
        check(p.returncode == 0, f"all ignored: exit {p.returncode}")
        d2 = json.loads(p.stdout)
        check(d2["finding_count"] == 0 and d2["ignored_count"] == len(doc["findings"]), "ignored counts")
        with open(os.path.join(proj, ".chainwarden.yaml"), "w") as f:
            f.write("ignore:\n  - id: x_NSWG-ECO-1\n")
        p = run("scan", "--kb", kb, proj)
        check(p.returncode == 2 and b".chainwarden.yaml:2" in p.stderr, f"ignore without reason: {p.stderr}")
        os.unlink(os.path.join(proj, ".chainwarden.yaml"))

        # the real fixtures: the scan equals the oracle on every (name, version) of each lockfile
        for proj_name in ("small", "medium", "large"):
            for sub in ("", "lockfile-v2", "lockfile-v1"):
                lock = os.path.join(SHARED, "fixtures/npm", proj_name, sub, "package-lock.json")
                if not os.path.exists(lock):
                    continue
                data = json.load(open(lock))
                pairs = set()
                for path, e in data.get("packages", {}).items():
                    if path and "version" in e:
                        pairs.add((e.get("name") or path.split("node_modules/")[-1], e["version"]))

                def walk(deps):
                    for n, e in (deps or {}).items():
                        if "version" in e and not e["version"].startswith(("file:", "npm:")):
                            pairs.add((n, e["version"]))
                        walk(e.get("dependencies"))
                if not data.get("packages"):
                    walk(data.get("dependencies"))
                p = run("scan", "--kb", kb, "--format", "json", lock)
                check(p.returncode == 0, f"{lock}: exit {p.returncode}")
                got = report_set(json.loads(p.stdout))
                want = oracle_set(index, pairs)
                check(got == want, f"{lock}: scan {sorted(got)} oracle {sorted(want)}")
                print(f"{proj_name}/{sub or 'v3'}: {len(pairs)} packages, {len(got)} findings")
    if failures:
        print(f"{len(failures)} failure(s)", file=sys.stderr)
        sys.exit(1)
    print("ok")


main()
