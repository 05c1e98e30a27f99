#!/usr/bin/env python3
"""End-to-end: `chainwarden policy check` (and `scan --policy`, `policy
explain`) with a KB built from the shared OSV data (npm + PyPI zips, the KEV
catalog, the NVD sample) plus one malicious-package record written here.

Projects: an npm lockfile written here (a KEV-listed and critical
vulnerability with a fix, low/medium ones, a malicious package with an
install script, GPL and AGPL packages, a dev dependency, an entry without
integrity hash, a package without license), and the real fixtures
npm/large and pipenv.  Policies: the built-in default one and the two
examples of docs/examples (scopes, partial overrides, disabled rules,
waivers with expiry).

The expected results are computed here, independently of the policy
engine, from the rules' meaning: the vulnerability facts come from
`scan --format json` (the scan module, tested on its own), licenses from
the lockfiles normalised by `license normalize` and categorised with
data/license-categories.tsv, integrity and install scripts from the
lockfiles, advisory dates from the OSV zips.  The whole set of
(rule, package, finding, status) results, the verdict and the exit code
must match exactly.
"""
import fnmatch
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from datetime import date

BIN = os.environ["CW_BINARY"]
SHARED = os.environ["CW_SHARED_DIR"]
SRC = os.environ.get("CW_SOURCE_DIR", os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
failures = []
TODAY = "2025-11-26"


def check(cond, msg):
    if not cond:
        failures.append(msg)
        print("FAIL:", msg, file=sys.stderr)


def run(*args, stdin=None):
    return subprocess.run([BIN, *args], input=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=900)


SHA = "sha512-" + "A" * 86 + "=="

# path -> (version, extra fields); every npm fact the rules look at is here
PACKAGES = {
    "node_modules/electron": ("2.0.18", {"integrity": SHA, "license": "MIT"}),     # x_NSWG-ECO-495: KEV CVE
    "node_modules/lodash": ("4.17.4", {"integrity": SHA, "license": "MIT"}),       # 368 (low), 493
    "node_modules/bassmaster": ("1.5.1", {"license": "BSD-3-Clause"}),             # ECO-1; no integrity
    "node_modules/evil-pkg": ("1.0.0", {"integrity": SHA, "license": "ISC", "hasInstallScript": True}),  # MAL-
    "node_modules/gpl-lib": ("1.0.0", {"integrity": SHA, "license": "GPL-3.0-or-later"}),
    "node_modules/lgpl-lib": ("3.1.0", {"integrity": SHA, "license": "LGPL-2.1-only", "dev": True}),
    "node_modules/agpl-lib": ("2.0.0", {"integrity": SHA, "license": "AGPL-3.0-only"}),
    "node_modules/mystery": ("0.3.0", {"integrity": SHA}),
    "node_modules/dual": ("1.2.0", {"integrity": SHA, "license": "(MIT OR GPL-2.0-only)"}),
}

MAL = {
    "schema_version": "1.6.0", "id": "MAL-2025-0001", "modified": "2025-03-01T00:00:00Z",
    "published": "2025-03-01T00:00:00Z", "summary": "Malicious code in evil-pkg (npm)",
    "details": "The package runs a credential stealer from its install script.",
    "affected": [{"package": {"ecosystem": "npm", "name": "evil-pkg", "purl": "pkg:npm/evil-pkg"},
                  "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}]}]}],
}


def write_project(d):
    deps = {p.split("node_modules/")[-1]: v for p, (v, _) in PACKAGES.items()}
    lock = {"name": "policy-e2e", "version": "1.0.0", "lockfileVersion": 3, "requires": True,
            "packages": {"": {"name": "policy-e2e", "version": "1.0.0", "dependencies": deps}}}
    for path, (version, extra) in PACKAGES.items():
        lock["packages"][path] = dict(version=version, **extra)
    with open(os.path.join(d, "package-lock.json"), "w") as f:
        json.dump(lock, f, indent=2)


# ---- independent facts --------------------------------------------------------

def load_categories():
    rules = []
    with open(os.path.join(SRC, "data/license-categories.tsv"), encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            pat, cat = line.split("\t")[:2]
            rules.append((pat.lower(), cat))
    return rules


CATS = load_categories()
SPDX_IDS = set()
for _f in ("spdx-license-ids.json", "spdx-license-ids.deprecated.json"):
    with open(os.path.join(SHARED, "data/licenses", _f)) as _fp:
        SPDX_IDS.update(i.lower() for i in json.load(_fp))
RANK = ["public-domain", "permissive", "weak-copyleft", "strong-copyleft", "network-copyleft",
        "source-available", "proprietary", "unknown"]
NORMALIZED = {}


def category_of_id(i):
    for pat, cat in CATS:
        if fnmatch.fnmatchcase(i.lower(), pat):
            return cat
    return "unknown"


def license_facts(declared):
    """(ids, category, unknown) of a declared license, per docs/licenses.md:
    OR takes the least restrictive alternative, AND the most restrictive part."""
    if not declared:
        return [], "unknown", True
    if declared not in NORMALIZED:
        p = run("license", "normalize", declared)
        NORMALIZED[declared] = json.loads(p.stdout.decode().splitlines()[0])["expression"]
    expr = NORMALIZED[declared]
    if expr in ("NOASSERTION", "NONE"):
        return [], "unknown", True
    flat = expr.replace("(", " ").replace(")", " ").split()
    ids = [t for t in flat if t not in ("AND", "OR", "WITH")]
    if "WITH" in flat or ("AND" in flat and "OR" in flat):
        raise SystemExit(f"oracle does not handle {expr!r}")
    cats = [category_of_id(i) if i.rstrip("+").lower() in SPDX_IDS else "unknown" for i in ids]
    pick = min if "OR" in flat else max
    cat = pick(cats, key=RANK.index)
    return ids, cat, any(i.rstrip("+").lower() not in SPDX_IDS for i in ids)


def npm_components(lock_path):
    """Library components of a package-lock v2/v3, deduplicated by name@version."""
    with open(lock_path) as f:
        d = json.load(f)
    out = {}
    for path, e in d["packages"].items():
        if not path or e.get("link"):
            continue
        name = e.get("name") or path.split("node_modules/")[-1]
        key = (name, e["version"])
        c = out.setdefault(key, {"name": name, "version": e["version"], "license": e.get("license"),
                                 "integrity": False, "install": False, "dev": True})
        c["integrity"] = c["integrity"] or "integrity" in e
        c["install"] = c["install"] or bool(e.get("hasInstallScript"))
        c["dev"] = c["dev"] and bool(e.get("dev"))
    return list(out.values())


def osv_published():
    pub = {}
    for z in ("npm.zip", "PyPI.zip"):
        with zipfile.ZipFile(os.path.join(SHARED, "data/osv", z)) as zf:
            for n in zf.namelist():
                rec = json.loads(zf.read(n))
                pub[rec["id"]] = rec.get("published")
    pub[MAL["id"]] = MAL["published"]
    return pub


PUBLISHED = {}


def age_days(fid, today):
    p = PUBLISHED.get(fid)
    if not p:
        return None
    return (date.fromisoformat(today) - date.fromisoformat(p[:10])).days


def vuln_findings(doc):
    out = {}
    for f in doc["findings"]:
        out.setdefault(f["package"]["name"], []).append(f)
    return out


def is_mal(f):
    return any(i.upper().startswith("MAL-") for i in [f["id"]] + f["aliases"])


# ---- the rules, as their documentation states them -----------------------------

def oracle_default(comps, findings, ctx):
    res = set()
    for c in comps:
        n, fs = c["name"], findings.get(c["name"], [])
        for f in fs:
            st = "waived" if f.get("ignored") else None
            if f["kev"]:
                res.add(("known-exploited", n, f["id"], st or "deny"))
            if f["severity"] == "critical" and f["fixed_versions"]:
                res.add(("critical-with-fix", n, f["id"], st or "deny"))
        if any(is_mal(f) and not f.get("ignored") for f in fs):
            res.add(("malicious-package", n, None, "deny"))
        _, cat, _ = license_facts(c["license"])
        if cat == "strong-copyleft" and ctx.get("distribution") == "distributed":
            res.add(("strong-copyleft-distributed", n, None, "review"))
        if cat == "network-copyleft" and ctx.get("distribution") in ("network-service", "distributed"):
            res.add(("network-copyleft-service", n, None, "review"))
        if ctx.get("health", {}).get(n) == "unmaintained":
            res.add(("unmaintained-project", n, None, "warn"))
        if not c["integrity"]:
            res.add(("integrity-missing", n, None, "warn"))
    return res


def oracle_strict(comps, findings, ctx, today):
    payments = ctx.get("business_system") == "payments"
    development = ctx.get("lifecycle") == "development"
    waivers = [  # (rule, package, finding, expires) from docs/examples/policy-strict.yaml
        ("old-lodash", "lodash", None, "2026-03-31"),
        (None, None, "CVE-2018-3721", "2025-12-31"),
    ]

    def status(rule, c, f, action):
        if f is not None and f.get("ignored"):
            return "waived"
        for wr, wp, wf, exp in waivers:
            if wr and wr != rule:
                continue
            if wp and wp != c["name"]:
                continue
            if wf and (f is None or wf not in [f["id"]] + f["aliases"]):
                continue
            if exp >= today:
                return "waived"
        return action

    res = set()
    for c in comps:
        n, fs = c["name"], findings.get(c["name"], [])
        for f in fs:
            if f["kev"]:
                res.add(("known-exploited", n, f["id"], status("known-exploited", c, f, "deny")))
            if f["severity"] in ("high", "critical") and not development:
                res.add(("high-severity", n, f["id"], status("high-severity", c, f, "deny" if payments else "review")))
        if any(is_mal(f) and not f.get("ignored") for f in fs):
            res.add(("malicious", n, None, status("malicious", c, None, "deny")))
        if n == "lodash" and tuple(map(int, c["version"].split("."))) < (4, 17, 12):
            res.add(("old-lodash", n, None, status("old-lodash", c, None, "deny")))
        if c["install"]:
            res.add(("install-scripts", n, None, status("install-scripts", c, None, "deny" if payments else "warn")))
        if (not c["integrity"] or not c["version"]) and not development:
            res.add(("unpinned-or-unverified", n, None, status("unpinned-or-unverified", c, None, "warn")))
    return res


def oracle_licenses(comps, findings, ctx, today):
    res = set()
    for c in comps:
        n = c["name"]
        ids, cat, unknown = license_facts(c["license"])
        if cat == "network-copyleft":
            res.add(("no-agpl", n, None, "deny"))
        if cat in ("strong-copyleft", "weak-copyleft") and ctx.get("distribution") == "distributed" and not c["dev"] \
                and ctx.get("project") not in ("tooling", "scripts"):
            res.add(("copyleft-distributed", n, None, "review"))
        if unknown:
            res.add(("unknown-license", n, None, "review"))
        if any(fnmatch.fnmatchcase(i.upper(), p.upper()) for i in ids for p in ("GPL-*", "LGPL-*")):
            res.add(("gpl-by-id", n, None, "info"))
        h = ctx.get("health_scores", {}).get(n)
        if h is not None and (h[0] < 4 or h[1] < 3):
            res.add(("weak-project", n, None, "warn"))
        for f in findings.get(n, []):
            a = age_days(f["id"], today)
            if a is not None and a > 365 and f["fixed_versions"]:
                res.add(("old-advisory-unfixed", n, f["id"], "waived" if f.get("ignored") else "warn"))
    return res


def got_set(doc):
    return {(r["rule"], r["package"]["name"], r["finding"]["id"] if r["finding"] else None, r["status"])
            for r in doc["results"]}


def verdict_of(res):
    live = {s for (_, _, _, s) in res if s != "waived"}
    for v, name in (("deny", "fail"), ("review", "review"), ("warn", "warn")):
        if v in live:
            return name
    return "pass"


def policy_check(kb, target, *extra):
    p = run("policy", "check", "--kb", kb, "--format", "json", "--today", TODAY, *extra, target)
    if p.returncode not in (0, 1):
        raise SystemExit(f"policy check {extra} {target}: exit {p.returncode}: {p.stderr.decode()}")
    return p.returncode, json.loads(p.stdout)


def compare(label, kb, target, want, *extra):
    rc, doc = policy_check(kb, target, *extra)
    got = got_set(doc)
    check(got == want, f"{label}: results differ:\n  only engine {sorted(got - want, key=str)}\n"
                       f"  only oracle {sorted(want - got, key=str)}")
    v = verdict_of(want)
    print(f"{label}: {len(want)} results, verdict {v}")
    check(doc["verdict"] == v, f"{label}: verdict {doc['verdict']}, expected {v}")
    check(rc == (1 if v == "fail" else 0), f"{label}: exit {rc} for verdict {v}")
    return doc


def main():
    PUBLISHED.update(osv_published())
    strict = os.path.join(SRC, "docs/examples/policy-strict.yaml")
    licenses = os.path.join(SRC, "docs/examples/policy-licenses.yaml")
    with tempfile.TemporaryDirectory() as tmp:
        mal = os.path.join(tmp, "MAL-2025-0001.json")
        with open(mal, "w") as f:
            json.dump(MAL, f)
        kb = os.path.join(tmp, "kb.sqlite")
        p = run("db", "build", "--osv", os.path.join(SHARED, "data/osv/npm.zip"),
                "--osv", os.path.join(SHARED, "data/osv/PyPI.zip"), "--osv", mal,
                "--kev", os.path.join(SHARED, "data/kev/known_exploited_vulnerabilities.json"),
                "--nvd", os.path.join(SHARED, "data/nvd/nvdcve-2.0-sample.json"), "-o", kb)
        if p.returncode != 0:
            raise SystemExit("db build failed: " + p.stderr.decode())

        proj = os.path.join(tmp, "proj")
        os.mkdir(proj)
        write_project(proj)
        # an ignore file (the scan's own mechanism, as VEX would set it): electron's KEV finding
        with open(os.path.join(proj, ".chainwarden.yaml"), "w") as f:
            f.write("ignore:\n  - id: x_NSWG-ECO-495\n    reason: the app never opens remote content\n")
        scan = json.loads(run("scan", "--kb", kb, "--format", "json", "--today", TODAY, proj).stdout)
        findings = vuln_findings(scan)
        comps = npm_components(os.path.join(proj, "package-lock.json"))
        # the data this test relies on is really there (else the oracle proves little)
        check(any(f["kev"] for f in findings.get("electron", [])), "electron's KEV finding")
        check(any(is_mal(f) for f in findings.get("evil-pkg", [])), "the MAL- finding")
        check(any(f["ignored"] for f in findings.get("electron", [])), "an ignored electron finding")

        # default policy, three distribution models
        for dist in (None, "network-service", "distributed"):
            ctx = {"distribution": dist} if dist else {}
            extra = ("--distribution", dist) if dist else ()
            doc = compare(f"default/{dist}", kb, proj, oracle_default(comps, findings, ctx), *extra)
        # waived results carry the scan's reason
        waived = [r for r in doc["results"] if r["status"] == "waived"]
        check(len(waived) == 2, f"two waived results (electron's KEV finding): {waived}")
        for r in waived:
            check(r["waiver"]["source"] == "scan" and r["waiver"]["reason"] == "the app never opens remote content",
                  f"scan waiver {r['waiver']}")

        # health data: lodash unmaintained
        health = os.path.join(tmp, "health.json")
        with open(health, "w") as f:
            json.dump({"pkg:npm/lodash": {"score": 2.1, "checks": [{"name": "Maintained", "score": 0}]},
                       "gpl-lib": {"score": 7.5, "checks": [{"name": "Maintained", "score": 2}]}}, f)
        compare("default/health", kb, proj,
                oracle_default(comps, findings, {"health": {"lodash": "unmaintained"}}), "--health", health)

        # the strict example: global, payments (overrides), development (disabled rules), waiver expiry
        for ctx, today in (({}, TODAY), ({"business_system": "payments"}, TODAY),
                           ({"lifecycle": "development"}, TODAY), ({"business_system": "payments"}, "2026-01-15"),
                           ({"business_system": "payments"}, "2026-04-01")):
            extra = []
            for k, v in ctx.items():
                extra += ["--" + k.replace("_", "-"), v]
            global_today = today
            rc, doc = policy_check(kb, proj, "--policy", strict, "--today", global_today, *extra)
            want = oracle_strict(comps, vuln_findings(json.loads(
                run("scan", "--kb", kb, "--format", "json", "--today", global_today, proj).stdout)), ctx, global_today)
            got = got_set(doc)
            check(got == want, f"strict {ctx} {today}: only engine {sorted(got - want, key=str)}, "
                               f"only oracle {sorted(want - got, key=str)}")
            check(doc["verdict"] == verdict_of(want) and rc == (verdict_of(want) == "fail"),
                  f"strict {ctx} {today}: verdict {doc['verdict']} rc {rc}")
        # after 2025-12-31 the CVE-2018-3721 waiver has expired: the result says so
        rc, doc = policy_check(kb, proj, "--policy", strict, "--today", "2026-01-15")
        exp = [r for r in doc["results"] if r["finding"] and "CVE-2018-3721" in r["finding"]["aliases"]]
        check(all(r["expired_waiver"] == "2025-12-31" and r["status"] != "waived" for r in exp),
              f"expired waiver reported: {exp}")

        # the licenses example, with a context file and health scores
        ctx_file = os.path.join(tmp, "context.yaml")
        with open(ctx_file, "w") as f:
            f.write("context:\n  lifecycle: production\n  distribution: distributed\n  criticality: high\n")
        compare("licenses/distributed", kb, proj,
                oracle_licenses(comps, findings, {"distribution": "distributed"}, TODAY),
                "--policy", licenses, "--context", ctx_file)
        compare("licenses/tooling", kb, proj,
                oracle_licenses(comps, findings, {"distribution": "distributed", "project": "tooling"}, TODAY),
                "--policy", licenses, "--context", ctx_file, "--project", "tooling")
        compare("licenses/health", kb, proj,
                oracle_licenses(comps, findings, {"distribution": "internal",
                                                  "health_scores": {"lodash": (2.1, 0), "gpl-lib": (7.5, 2)}},
                                TODAY),
                "--policy", licenses, "--distribution", "internal", "--health", health)

        # real fixtures: npm/large (1,500+ packages) with all three policies, pipenv with the default
        large = os.path.join(tmp, "large")
        os.mkdir(large)
        shutil.copy(os.path.join(SHARED, "fixtures/npm/large/package-lock.json"), large)
        lscan = json.loads(run("scan", "--kb", kb, "--format", "json", large).stdout)
        lcomps = npm_components(os.path.join(large, "package-lock.json"))
        check(len(lcomps) == lscan["components"] - 1, f"npm/large: {len(lcomps)} packages, scan saw {lscan['components']}")
        lf = vuln_findings(lscan)
        compare("large/default", kb, large, oracle_default(lcomps, lf, {"distribution": "distributed"}),
                "--distribution", "distributed")
        compare("large/strict", kb, large, oracle_strict(lcomps, lf, {"business_system": "payments"}, TODAY),
                "--policy", strict, "--business-system", "payments")
        compare("large/licenses", kb, large, oracle_licenses(lcomps, lf, {"distribution": "distributed"}, TODAY),
                "--policy", licenses, "--distribution", "distributed")
        rc, doc = policy_check(kb, os.path.join(SHARED, "fixtures/other-ecosystems/pipenv/Pipfile.lock"))
        check(rc == 0 and doc["verdict"] == "pass" and doc["summary"]["components"] > 100,
              f"pipenv default: rc {rc} verdict {doc['verdict']} components {doc['summary']['components']}")

        # scan --policy: the same results inside the scan report, exit status from the verdict
        p = run("scan", "--kb", kb, "--format", "json", "--today", TODAY, "--policy", "default", proj)
        sdoc = json.loads(p.stdout)
        _, pdoc = policy_check(kb, proj)
        check(p.returncode == 1 and got_set(sdoc["policy"]) == got_set(pdoc),
              f"scan --policy: exit {p.returncode}, same results {got_set(sdoc.get('policy', {'results': []})) == got_set(pdoc)}")
        p = run("scan", "--kb", kb, "--format", "json", "--policy", licenses, "--context", ctx_file, large)
        check(p.returncode == (1 if verdict_of(oracle_licenses(lcomps, lf, {"distribution": "distributed"}, TODAY)) == "fail" else 0),
              f"scan --policy licenses on large: exit {p.returncode}")

        # SARIF and Markdown carry the same results
        p = run("policy", "check", "--kb", kb, "--format", "sarif", "--today", TODAY, proj)
        sarif = json.loads(p.stdout)
        results = sarif["runs"][0]["results"]
        check(len(results) == len(pdoc["results"]), "sarif result count")
        check(sum(1 for r in results if r.get("suppressions")) == sum(1 for r in pdoc["results"] if r["status"] == "waived"),
              "sarif suppressions = waived results")
        for r in results:
            loc = r["locations"][0]["physicalLocation"]
            check(loc["artifactLocation"]["uri"].endswith("package-lock.json") and loc["region"]["startLine"] > 0,
                  f"sarif location {loc}")
        p = run("policy", "check", "--kb", kb, "--format", "markdown", "--today", TODAY, proj)
        md = p.stdout.decode()
        check(md.count("\n| ") == len(pdoc["results"]) + 1, "markdown rows")

        # explain: per component, why and why not
        p = run("policy", "explain", "--kb", kb, "--today", TODAY, "--format", "json", proj)
        ex = json.loads(p.stdout)
        byname = {c["name"]: c for c in ex["components"]}
        check(set(byname) == {c["name"] for c in comps}, "explain lists every component")
        um = [r for r in byname["lodash"]["rules"] if r["rule"] == "unmaintained-project"]
        check(um and um[0]["outcome"] == "unknown" and "no health data" in um[0]["why"], f"explain health {um}")
        kev = [r for r in byname["electron"]["rules"] if r["rule"] == "known-exploited" and r["outcome"] == "matched"]
        check(len(kev) == 1 and "is in KEV" in kev[0]["why"], f"explain kev {kev}")
        cl = [r for r in byname["gpl-lib"]["rules"] if r["rule"] == "strong-copyleft-distributed"]
        check(cl and cl[0]["outcome"] == "unknown" and "context.distribution: not set" in cl[0]["why"], f"explain ctx {cl}")

        # lockfile signal options: internal names resolved from anywhere else are dependency confusion
        confusion = os.path.join(tmp, "confusion.yaml")
        with open(confusion, "w") as f:
            f.write("apiVersion: chainwarden.dev/v1\nkind: Policy\nrules:\n"
                    "  - id: confusion\n    action: deny\n    message: m\n    when: {attack: {dependency_confusion: true}}\n"
                    "  - id: mal\n    action: review\n    message: m\n    when: {attack: {malicious: true}}\n")
        rc, doc = policy_check(kb, proj, "--policy", confusion, "--internal", "*gpl-*", "--internal-host", "npm.acme.example")
        want = {("confusion", c["name"], None, "deny") for c in comps if fnmatch.fnmatchcase(c["name"], "*gpl-*")}
        want |= {("mal", n, None, "review") for (_, n, _, _) in want}
        want |= {("mal", "evil-pkg", None, "review")}
        check(got_set(doc) == want and rc == 1, f"dependency confusion: {sorted(got_set(doc), key=str)} rc {rc}")

        # a broken policy fails the gate with 2, also through scan
        bad = os.path.join(tmp, "bad.yaml")
        with open(bad, "w") as f:
            f.write("apiVersion: chainwarden.dev/v1\nkind: Policy\nrules:\n  - id: x\n    action: deny\n"
                    "    message: m\n    when: {vulnerability: {kev: maybe}}\n")
        for args in (("policy", "check", "--kb", kb, "--policy", bad, proj), ("scan", "--kb", kb, "--policy", bad, proj)):
            p = run(*args)
            check(p.returncode == 2 and b"bad.yaml:7:33: rule 'x': vulnerability.kev takes true or false" in p.stderr,
                  f"{args[0]}: broken policy exit {p.returncode}: {p.stderr.decode()}")
    if failures:
        print(f"{len(failures)} failure(s)", file=sys.stderr)
        return 1
    print("policy e2e: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
