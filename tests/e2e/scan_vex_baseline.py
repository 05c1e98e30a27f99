#!/usr/bin/env python3
"""End-to-end: `chainwarden scan --vex` / `--baseline` and SARIF locations
through the CLI, on a KB built from the shared npm OSV zip.

The expected findings are computed independently of chainwarden: an npm
lockfile with lodash and bassmaster at versions inside advisories' ranges,
and the advisories for those packages read from the zip and evaluated with
node's `semver` (tests/oracles/node_modules), as scan_npm.py does.  The VEX
documents and the baseline are written here; what each statement does
follows from the specs (docs/scan.md).  Checked: exit status with
--fail-on (1 while a finding remains, 0 once VEX or the baseline covers
them all, 2 with file:line:col for a malformed VEX document), the JSON
`vex` and `baseline` members, and SARIF locations relative to %SRCROOT%.
"""
import json
import os
import subprocess
import sys
import tempfile
import zipfile

BIN = os.environ["CW_BINARY"]
SHARED = os.environ["CW_SHARED_DIR"]
SRC = os.environ.get("CW_SOURCE_DIR", os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
failures = []


def check(cond, msg):
    if not cond:
        failures.append(msg)
        print("FAIL:", msg, file=sys.stderr)


def oracle(pkgs):
    """{(name, id)} of the npm advisories affecting `pkgs` ({name: version}), by node semver."""
    z = zipfile.ZipFile(os.path.join(SHARED, "data/osv/npm.zip"))
    cases = []
    for n in z.namelist():
        rec = json.loads(z.read(n))
        if rec.get("withdrawn"):
            continue
        for a in rec.get("affected", []):
            name = a.get("package", {}).get("name")
            if name in pkgs:
                cases.append((rec["id"], name, a))
    script = """
const semver = require('semver');
const cases = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const out = [];
for (const [id, name, version, a] of cases) {
  let hit = (a.versions || []).includes(version);
  for (const r of a.ranges || []) {
    if (r.type !== 'SEMVER' && r.type !== 'ECOSYSTEM') continue;
    let intro = null, state = false;
    const evs = r.events.slice().sort((x, y) => {
      const vx = Object.values(x)[0], vy = Object.values(y)[0];
      if (vx === '0') return -1; if (vy === '0') return 1;
      return semver.compare(vx, vy);
    });
    for (const e of evs) {
      const [k, v] = Object.entries(e)[0];
      if (k === 'introduced' && (v === '0' || semver.gte(version, v))) state = true;
      if (k === 'fixed' && semver.gte(version, v)) state = false;
      if (k === 'last_affected' && semver.gt(version, v)) state = false;
    }
    hit = hit || state;
  }
  if (hit) out.push([name, id]);
}
console.log(JSON.stringify(out));
"""
    data = json.dumps([[i, n, pkgs[n], a] for i, n, a in cases])
    p = subprocess.run(["node", "-e", script], input=data, capture_output=True, text=True,
                       env=dict(os.environ, NODE_PATH=os.path.join(SRC, "tests/oracles/node_modules")))
    if p.returncode:
        raise SystemExit("node oracle failed: " + p.stderr)
    return {tuple(x) for x in json.loads(p.stdout)}


def lockfile(pkgs):
    deps = {n: v for n, v in pkgs.items()}
    packages = {"": {"name": "app", "version": "1.0.0", "dependencies": deps}}
    for n, v in pkgs.items():
        packages["node_modules/" + n] = {"version": v}
    return json.dumps({"name": "app", "version": "1.0.0", "lockfileVersion": 3, "requires": True, "packages": packages})


def scan(kb, target, *opts):
    p = subprocess.run([BIN, "scan", "--kb", kb] + list(opts) + [target], capture_output=True, text=True, timeout=300)
    return p.returncode, p.stdout, p.stderr


def main():
    with tempfile.TemporaryDirectory() as tmp:
        kb = os.path.join(tmp, "kb.sqlite")
        p = subprocess.run([BIN, "db", "build", "--osv", os.path.join(SHARED, "data/osv/npm.zip"), "-o", kb],
                           capture_output=True, text=True)
        if p.returncode:
            raise SystemExit(p.stderr)
        old = {"lodash": "4.17.4"}
        new = {"lodash": "4.17.10", "bassmaster": "1.5.1"}
        old_dir, new_dir = os.path.join(tmp, "old"), os.path.join(tmp, "new")
        for d, pk in ((old_dir, old), (new_dir, new)):
            os.mkdir(d)
            open(os.path.join(d, "package-lock.json"), "w").write(lockfile(pk))
        want_old, want_new = oracle(old), oracle(new)
        check(len(want_old) >= 2 and any(n == "bassmaster" for n, _ in want_new), f"oracle {want_old} {want_new}")

        # plain scan: the oracle's set, exit 1 with --fail-on any
        rc, out, err = scan(kb, old_dir, "--format", "json", "--fail-on", "any")
        doc = json.loads(out)
        check(rc == 1, f"old scan exit {rc}: {err}")
        check({(f["package"]["name"], f["id"]) for f in doc["findings"]} == want_old, f"old {doc['findings']}")
        check(doc["baseline"] is None and all(f["vex"] is None for f in doc["findings"]), "no vex/baseline members")
        report = os.path.join(tmp, "old.json")
        open(report, "w").write(out)

        # OpenVEX: every lodash finding not_affected by its ids, through a versionless purl
        statements = [{"vulnerability": {"name": i}, "products": [{"@id": "pkg:npm/lodash"}],
                       "status": "not_affected", "justification": "vulnerable_code_not_present"}
                      for _, i in sorted(want_old)]
        vex = os.path.join(tmp, "app.openvex.json")
        json.dump({"@context": "https://openvex.dev/ns/v0.2.0", "@id": "https://example.com/vex", "author": "t",
                   "timestamp": "2026-01-01T00:00:00Z", "version": 1, "statements": statements}, open(vex, "w"), indent=1)
        rc, out, err = scan(kb, old_dir, "--format", "json", "--fail-on", "any", "--no-upstream", "--vex", vex)
        doc = json.loads(out)
        check(rc == 0, f"vex scan exit {rc}: {err}")
        check(doc["finding_count"] == 0 and doc["ignored_count"] == len(want_old), f"vex counts {doc['finding_count']}")
        for f in doc["findings"]:
            check(f["ignored"] and f["ignore_reason"].startswith("VEX not_affected") and
                  f["vex"]["justification"] == "vulnerable_code_not_present", f"vex finding {f}")
        # a CycloneDX VEX after it says one is exploitable: the later file wins
        first = sorted(want_old)[0][1]
        cdx = os.path.join(tmp, "app.cdx-vex.json")
        json.dump({"bomFormat": "CycloneDX", "specVersion": "1.5", "version": 1,
                   "vulnerabilities": [{"id": first, "analysis": {"state": "exploitable"},
                                        "affects": [{"ref": "pkg:npm/lodash@4.17.4"}]}]}, open(cdx, "w"))
        rc, out, err = scan(kb, old_dir, "--format", "json", "--fail-on", "any", "--vex", vex, "--vex", cdx)
        doc = json.loads(out)
        check(rc == 1 and doc["finding_count"] == 1, f"vex override exit {rc} count {doc['finding_count']}")
        check([f["id"] for f in doc["findings"] if not f["ignored"]] == [first], "the exploitable one is reported")
        # --format openvex of that scan, read back with --vex: the same statuses
        rc, out, err = scan(kb, old_dir, "--format", "openvex", "--vex", vex, "--vex", cdx)
        ovx = os.path.join(tmp, "out.openvex.json")
        open(ovx, "w").write(out)
        rc2, out2, err2 = scan(kb, old_dir, "--format", "json", "--vex", ovx)
        back = {f["id"]: f["ignored"] for f in json.loads(out2)["findings"]}
        check(rc == 0 and rc2 == 0 and back == {f["id"]: f["ignored"] for f in doc["findings"]},
              f"openvex round trip {back}: {err} {err2}")
        # malformed: exit 2, file:line:col
        statements[0]["status"] = "nope"
        text = json.dumps({"@context": "https://openvex.dev/ns/v0.2.0", "statements": statements}, indent=1)
        bad = os.path.join(tmp, "bad.json")
        open(bad, "w").write(text)
        before = text[: text.index('"nope"')]
        line, col = before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1
        rc, out, err = scan(kb, old_dir, "--vex", bad)
        check(rc == 2 and f"bad.json:{line}:{col}: unknown status 'nope'" in err, f"malformed exit {rc}: {err}")

        # baseline: only what the new lockfile adds; fixed ones counted
        rc, out, err = scan(kb, new_dir, "--format", "json", "--fail-on", "any", "--baseline", report)
        doc = json.loads(out)
        pkg_of = lambda s: {(n, i) for n, i in s}
        new_only = {(n, i) for n, i in want_new if n != "lodash" or (n, i) not in pkg_of(want_old)}
        check({(f["package"]["name"], f["id"]) for f in doc["findings"]} == new_only, f"baseline new {doc['findings']}")
        check(rc == (1 if new_only else 0), f"baseline exit {rc}")
        gone = {i for n, i in want_old} - {i for n, i in want_new if n == "lodash"}
        check(doc["baseline"]["fixed"] == len(gone) and
              set(doc["baseline"]["fixed_findings"]) == {f"{i}|pkg:npm/lodash" for i in gone}, f"fixed {doc['baseline']}")
        check(doc["baseline"]["unchanged"] == len(want_new) - len(new_only), f"unchanged {doc['baseline']}")
        # the old tree as the baseline SBOM: the same answer
        sbom = os.path.join(tmp, "old.cdx.json")
        subprocess.run([BIN, "sbom", "-o", sbom, old_dir], check=True, capture_output=True)
        rc2, out2, _ = scan(kb, new_dir, "--format", "json", "--baseline", sbom)
        check(rc2 == 0 and json.loads(out2)["findings"] == doc["findings"], "SBOM baseline == report baseline")
        # a baseline that covers everything: exit 0 with --fail-on any
        rc, out, err = scan(kb, old_dir, "--format", "json", "--fail-on", "any", "--baseline", report)
        check(rc == 0 and json.loads(out)["finding_count"] == 0, f"self baseline exit {rc}")
        # its upstream findings (no integrity hashes in these lockfiles) are old too
        old_up = json.load(open(report))["upstream"]
        check(old_up and json.loads(out)["upstream"] == [] and
              json.loads(out)["baseline"]["upstream_unchanged"] == len(old_up), "upstream findings baselined")

        # SARIF: an absolute target gives %SRCROOT%-relative locations
        rc, out, err = scan(kb, os.path.abspath(old_dir), "--format", "sarif")
        run = json.loads(out)["runs"][0]
        locs = [r["locations"][0]["physicalLocation"]["artifactLocation"] for r in run["results"]]
        check(locs and all(l == {"uri": "package-lock.json", "uriBaseId": "%SRCROOT%"} for l in locs), f"sarif {locs}")
        check(run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == "file://" + os.path.realpath(old_dir) + "/",
              f"srcroot {run.get('originalUriBaseIds')}")
        print(f"old {sorted(want_old)}, new {sorted(want_new)}, new since baseline {sorted(new_only)}")
    if failures:
        sys.exit(1)
    print("ok")


main()
