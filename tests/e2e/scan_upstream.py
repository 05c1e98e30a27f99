#!/usr/bin/env python3
"""End-to-end: known malicious packages and upstream-attack findings in
`chainwarden scan`.

- a KB built with `chainwarden db build` from hand-written OpenSSF
  malicious-packages records (tests/data/mal/osv: every version, an explicit
  versions list, a PyPI record, a withdrawn one, an introduced/last_affected
  range) and one ordinary advisory; the scan of tests/data/mal/project must
  give exactly the findings an independent OSV evaluator
  (tests/e2e/lib/osv_oracle.py) computes (the records validate against the
  official OSV schema), every MAL- one of kind "malicious"
  and severity critical, in the JSON, SARIF, Markdown, HTML and table
  reports;
- the upstream findings: the dependency-confusion lockfile (flags and the
  same settings in .chainwarden.yaml), drift between package.json /
  Cargo.toml and their lockfiles, install scripts with their text (expected
  text read here from the packages' own files), and the fresh-version
  quarantine from packuments in a directory and served over HTTP by a local
  server (expected verdicts computed here with datetime);
- real RustSec records of crates removed for malicious code (their
  affected entries' category "malicious", or a MAL- alias) give malicious
  findings, their other advisories ordinary ones;
- the real npm fixtures (lockfile v1, v2, v3 with their package.json): no
  drift and nothing malicious;
- drift checked against reference implementations: npm against
  node-semver, Pipfile against python3-packaging;
- exit codes: --fail-on critical fails on a malicious finding, --fail-on high
  does not fail on suspicious ones; bad --fresh-days / --now are usage errors.
"""
import datetime
import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import osv_oracle  # noqa: E402

BIN = os.environ["CW_BINARY"]
SHARED = os.environ["CW_SHARED_DIR"]
SRC = os.environ.get("CW_SOURCE_DIR", os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
DATA = os.path.join(SRC, "tests", "data")
failures = []


def check(cond, msg):
    if not cond:
        failures.append(msg)
        print("FAIL:", msg, file=sys.stderr)


def run(*args, cwd=None):
    return subprocess.run([BIN, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=600, cwd=cwd)


def load_dir(d):
    index = {}
    for n in sorted(os.listdir(d)):
        with open(os.path.join(d, n)) as f:
            rec = json.load(f)
        if rec.get("withdrawn"):
            continue
        for a in rec.get("affected", []):
            pkg = a["package"]
            index.setdefault((pkg["ecosystem"], pkg["name"].lower()), []).append((rec["id"], a))
    return index


def lock_pairs(path):
    with open(path) as f:
        lock = json.load(f)
    return [(k.split("node_modules/")[-1], v["version"]) for k, v in lock["packages"].items() if k]


OSV_VALIDATE = r"""
const path = require('path'), fs = require('fs');
const oracles = path.join(process.argv[1], 'tests', 'oracles', 'node_modules');
const Ajv2020 = require(path.join(oracles, 'ajv', 'dist', '2020'));
const ajv = new Ajv2020({ strict: false, allErrors: true });
require(path.join(oracles, 'ajv-formats'))(ajv);
const validate = ajv.compile(JSON.parse(fs.readFileSync(process.argv[2])));
let bad = 0;
for (const f of process.argv.slice(3))
  if (!validate(JSON.parse(fs.readFileSync(f)))) { bad++; console.log(f, JSON.stringify(validate.errors)); }
process.exit(bad ? 1 : 0);
"""


def mal_checks(tmp):
    # the hand-written records are valid OSV (the official schema, with ajv)
    d = os.path.join(DATA, "mal", "osv")
    o = subprocess.run(["node", "-e", OSV_VALIDATE, SRC, os.path.join(SHARED, "data", "schemas", "osv", "schema.json"),
                        *[os.path.join(d, n) for n in sorted(os.listdir(d))]],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    check(o.returncode == 0, f"MAL records against the OSV schema: {o.stdout[-500:]!r} {o.stderr[-300:]!r}")
    kb = os.path.join(tmp, "mal.kb")
    p = run("db", "build", "--osv", os.path.join(DATA, "mal", "osv"), "-o", kb)
    check(p.returncode == 0 and b"6 added" in p.stderr + p.stdout and b"0 malformed" in p.stderr + p.stdout,
          f"db build: {p.returncode} {p.stderr!r}")
    proj = os.path.join(DATA, "mal", "project")
    index = load_dir(os.path.join(DATA, "mal", "osv"))
    pairs = [("npm", n, v) for n, v in lock_pairs(os.path.join(proj, "package-lock.json"))]
    pairs.append(("PyPI", "cw-test-pyevil", "0.0.1"))  # requirements.txt
    want = set()
    for eco, name, version in pairs:
        for adv, entry in index.get((eco, name.lower()), []):
            try:
                hit = osv_oracle.affected(entry, version, eco)
            except ValueError:  # a version the ecosystem cannot order: only all-version ranges hold it
                hit = all(list(ev.items()) == [("introduced", "0")] for r in entry.get("ranges", [])
                          for ev in r["events"]) and bool(entry.get("ranges"))
            if hit:
                want.add((name, version, adv))
    check(len(want) == 6, f"oracle found {len(want)} findings")

    p = run("scan", "--kb", kb, "--no-upstream", "--format", "json", proj)
    check(p.returncode == 0, f"scan exit {p.returncode}: {p.stderr!r}")
    doc = json.loads(p.stdout)
    got = {(f["package"]["name"], f["package"]["version"], a) for f in doc["findings"] for a in f["advisories"]}
    check(got == want, f"findings {sorted(got ^ want)}")
    check(doc["upstream"] == [] and doc["upstream_count"] == 0, "--no-upstream: no upstream findings")
    for f in doc["findings"]:
        mal = any(i.startswith("MAL-") for i in [f["id"], *f["aliases"], *f["advisories"]])
        check(f["kind"] == ("malicious" if mal else "vulnerability"), f"kind of {f['id']}: {f['kind']}")
        if mal:
            check(f["severity"] == "critical", f"severity of {f['id']}: {f['severity']}")
    kinds = [f["kind"] for f in doc["findings"]]
    check(kinds == sorted(kinds, key=lambda k: k != "malicious"), "malicious findings first")
    col = [f for f in doc["findings"] if f["id"] == "MAL-2000-102"]
    check(len(col) == 1 and col[0]["aliases"] == ["GHSA-cwcw-0000-0102"], "MAL alias kept")

    p = run("scan", "--kb", kb, "--no-upstream", "--fail-on", "critical", "--format", "json", proj)
    check(p.returncode == 1, f"--fail-on critical with malicious packages: {p.returncode}")
    p = run("scan", "--kb", kb, "--no-upstream", "--format", "sarif", proj)
    sarif = json.loads(p.stdout)
    mal_results = [r for r in sarif["runs"][0]["results"] if r["ruleId"].startswith("MAL-")]
    check(len(mal_results) == 5 and all("known malicious package" in r["message"]["text"] and
                                        r["level"] == "error" for r in mal_results), "sarif MAL results")
    tags = {r["id"]: r["properties"]["tags"] for r in sarif["runs"][0]["tool"]["driver"]["rules"]}
    check(tags.get("MAL-2000-101") == ["security", "malicious"], f"sarif tags {tags.get('MAL-2000-101')}")
    p = run("scan", "--kb", kb, "--no-upstream", "--format", "markdown", proj)
    check(p.stdout.count(b"(malicious)") == 5, "markdown marks 5 malicious findings")
    p = run("scan", "--kb", kb, "--no-upstream", "--format", "table", proj)
    check(p.stdout.count(b"MALICIOUS PACKAGE") == 5 and b"5 known malicious package findings: remove them" in p.stdout,
          "table marks malicious findings")
    p = run("scan", "--kb", kb, "--no-upstream", "--format", "html", proj)
    check(p.stdout.count(b"(malicious)") == 5, "html marks malicious findings")
    return kb


def rustsec_checks(tmp):
    # real RustSec records: crates removed for malicious code (affected[].database_specific
    # .categories has "malicious", sometimes a MAL- alias) are malicious findings; others are not
    import zipfile
    zpath = os.path.join(SHARED, "data", "osv", "crates.io.zip")
    recs = []
    with zipfile.ZipFile(zpath) as z:
        for n in z.namelist():
            rec = json.loads(z.read(n))
            if not rec.get("withdrawn"):
                recs.append(rec)
    mal_names = sorted({a["package"]["name"] for r in recs for a in r["affected"]
                        if "malicious" in ((a.get("database_specific") or {}).get("categories") or [])})
    check(len(mal_names) > 30, f"only {len(mal_names)} malicious crates in the data")
    pairs = [(n, "1.0.0") for n in mal_names] + [("onering", "1.4.1"), ("time", "0.3.20"), ("smallvec", "0.6.9")]
    want = set()
    for name, version in pairs:
        for r in recs:
            for a in r["affected"]:
                if a["package"]["name"] != name or not osv_oracle.affected(a, version, "crates.io"):
                    continue
                mal = any(i.startswith("MAL-") for i in r.get("aliases", [])) or any(
                    "malicious" in ((b.get("database_specific") or {}).get("categories") or [])
                    for b in r["affected"])
                want.add((name, version, r["id"], mal))
    proj = os.path.join(tmp, "rust")
    os.makedirs(proj)
    with open(os.path.join(proj, "Cargo.lock"), "w") as f:
        f.write("version = 3\n")
        for i, (name, version) in enumerate(pairs):
            f.write(f'\n[[package]]\nname = "{name}"\nversion = "{version}"\n'
                    f'source = "registry+https://github.com/rust-lang/crates.io-index"\nchecksum = "{i:064x}"\n')
    kb = os.path.join(tmp, "crates.kb")
    p = run("db", "build", "--osv", zpath, "-o", kb)
    check(p.returncode == 0, f"crates.io KB: {p.stderr!r}")
    p = run("scan", "--kb", kb, "--no-upstream", "--format", "json", proj)
    doc = json.loads(p.stdout)
    got = {(f["package"]["name"], f["package"]["version"], a, f["kind"] == "malicious")
           for f in doc["findings"] for a in f["advisories"]}
    check(got == want, f"rustsec: {sorted(got ^ want)[:6]}")
    check(sum(1 for w in want if w[3]) >= 30 and sum(1 for w in want if not w[3]) >= 2,
          "both malicious and ordinary findings expected")
    check(all(f["severity"] == "critical" for f in doc["findings"] if f["kind"] == "malicious"),
          "malicious crates are critical")


def upstream_set(doc):
    return {(u["kind"], u["signal"], u["package"]["name"]) for u in doc["upstream"]}


CONFUSION = {
    ("malicious", "dependency-confusion", "@acme/auth-client"),
    ("suspicious", "typosquat", "lodahs"),
    ("suspicious", "install-script", "lodahs"),
    ("suspicious", "non-registry-source", "left-pad"),
    ("suspicious", "no-integrity", "left-pad"),
    ("suspicious", "unlisted-host", "tiny-util"),
    ("suspicious", "no-integrity", "tiny-util"),
}


def confusion_checks(tmp, kb):
    popular = os.path.join(SHARED, "data", "popular", "npm-high-impact.txt")
    src = os.path.join(DATA, "attack", "confusion")
    flags = ["--popular", popular, "--allow-host", "npm-registry.example", "--internal", "@acme/*",
             "--internal-host", "npm.acme.internal"]
    p = run("scan", "--kb", kb, "--format", "json", *flags, src)
    doc = json.loads(p.stdout)
    check(upstream_set(doc) == CONFUSION, f"confusion: {sorted(upstream_set(doc) ^ CONFUSION)}")
    check(doc["upstream"][0]["kind"] == "malicious", "malicious upstream finding first")
    check(doc["upstream_malicious_count"] == 1 and doc["upstream_count"] == 7, "upstream counts")
    conf = [u for u in doc["upstream"] if u["signal"] == "dependency-confusion"][0]
    check(conf["line"] == 19 and conf["file"].endswith("confusion/package-lock.json"), "confusion location")
    check(p.returncode == 0, "no --fail-on: exit 0")
    p = run("scan", "--kb", kb, "--format", "json", "--fail-on", "critical", *flags, src)
    check(p.returncode == 1, f"--fail-on critical with dependency confusion: {p.returncode}")
    p = run("scan", "--kb", kb, "--format", "json", "--fail-on", "high", "--popular", popular, src)
    check(p.returncode == 0, f"--fail-on high with only suspicious findings: {p.returncode}")

    # the same settings from the target's .chainwarden.yaml, with an ignore entry
    proj = os.path.join(tmp, "confusion")
    shutil.copytree(src, proj)
    with open(os.path.join(proj, ".chainwarden.yaml"), "w") as f:
        f.write(f"upstream:\n  popular: [{popular}]\n  allowed_hosts: [npm-registry.example]\n"
                "  internal: ['@acme/*']\n  internal_hosts: [npm.acme.internal]\n"
                "ignore:\n  - id: no-integrity\n    package: left-pad\n    reason: vendored tarball\n")
    p = run("scan", "--kb", kb, "--format", "json", proj)
    doc = json.loads(p.stdout)
    check(upstream_set(doc) == CONFUSION, "config file gives the same findings")
    ign = [(u["signal"], u["package"]["name"]) for u in doc["upstream"] if u["ignored"]]
    check(ign == [("no-integrity", "left-pad")] and doc["upstream_count"] == 6, f"ignored: {ign}")

    # SARIF: every upstream result has its rule
    p = run("scan", "--kb", kb, "--format", "sarif", *flags, src)
    run0 = json.loads(p.stdout)["runs"][0]
    rules = {r["id"] for r in run0["tool"]["driver"]["rules"]}
    ups = [r for r in run0["results"] if r["ruleId"].startswith("chainwarden/upstream/")]
    check(len(ups) == 7 and all(r["ruleId"] in rules for r in ups), "sarif upstream results and rules")
    check(any(r["level"] == "error" and r["ruleId"].endswith("dependency-confusion") for r in ups),
          "sarif: confusion is an error")
    p = run("scan", "--kb", kb, "--format", "markdown", *flags, src)
    check(b"## Upstream findings" in p.stdout and p.stdout.count(b"| suspicious |") == 6, "markdown section")
    p = run("scan", "--kb", kb, "--format", "html", *flags, src)
    check(b"<h2>Upstream findings</h2>" in p.stdout, "html section")


def drift_checks(kb):
    for d, want in (
        ("drift-npm", {("version-mismatch", "lodash"), ("version-mismatch", "chalk"),
                       ("version-mismatch", "semver-thing"), ("not-declared", "event-stream"),
                       ("not-locked", "left-pad")}),
        ("drift-cargo", {("version-mismatch", "libc"), ("version-mismatch", "serde"),
                         ("version-mismatch", "tempfile"), ("not-declared", "once_cell"),
                         ("not-locked", "rand")}),
    ):
        path = os.path.join(DATA, "attack", d)
        p = run("scan", "--kb", kb, "--format", "json", path)
        doc = json.loads(p.stdout)
        drift = [u for u in doc["upstream"] if u["signal"] == "lockfile-drift"]
        got = {(u["evidence"].split(":")[0], u["package"]["name"]) for u in drift}
        check(got == want, f"{d}: {sorted(got ^ want)}")
        manifest, lock = ("package.json", "package-lock.json") if d == "drift-npm" else ("Cargo.toml", "Cargo.lock")
        check(all(manifest in u["evidence"] and lock in u["evidence"] and u["kind"] == "suspicious"
                  for u in drift), f"{d}: evidence names both files")
        p = run("scan", "--kb", kb, "--format", "json", "--no-drift", path)
        check(not [u for u in json.loads(p.stdout)["upstream"] if u["signal"] == "lockfile-drift"],
              f"{d}: --no-drift")


PIPENV_ORACLE = r"""
import json, sys, tomllib
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name
d = sys.argv[1]
with open(d + "/Pipfile", "rb") as f:
    pipfile = tomllib.load(f)
with open(d + "/Pipfile.lock") as f:
    lock = json.load(f)
locked = {}
for section in ("default", "develop"):
    for name, e in lock[section].items():
        locked[canonicalize_name(name)] = e.get("version", "").lstrip("=")
out = []
for section in ("packages", "dev-packages"):
    for name, spec in pipfile.get(section, {}).items():
        spec = spec if isinstance(spec, str) else spec.get("version")
        if canonicalize_name(name) not in locked:
            out.append(["not-locked", name])
        elif spec and spec != "*" and locked[canonicalize_name(name)] and \
                locked[canonicalize_name(name)] not in SpecifierSet(spec):
            out.append(["version-mismatch", name])
print(json.dumps(out))
"""


NPM_ORACLE = r"""
const semver = require(process.argv[2] + '/tests/oracles/node_modules/semver');
const fs = require('fs');
const d = process.argv[1];
const pj = JSON.parse(fs.readFileSync(d + '/package.json'));
const lock = JSON.parse(fs.readFileSync(d + '/package-lock.json'));
const sections = ['dependencies', 'devDependencies', 'optionalDependencies'];
const out = [];
for (const s of sections)
  for (const [name, spec] of Object.entries(pj[s] || {})) {
    const e = lock.packages['node_modules/' + name];
    if (!e) { out.push(['not-locked', name]); continue; }
    const range = spec.startsWith('npm:') ? spec.slice(spec.lastIndexOf('@') + 1) : spec;
    if (semver.validRange(range) !== null && !semver.satisfies(e.version, range))
      out.push(['version-mismatch', name]);
  }
for (const s of sections)
  for (const name of Object.keys(lock.packages[''][s] || {}))
    if (![...sections, 'peerDependencies'].some(k => (pj[k] || {})[name] !== undefined))
      out.push(['not-declared', name]);
console.log(JSON.stringify(out));
"""


def npm_oracle_checks(kb):
    # npm drift against node-semver (tests/oracles, installed by scripts/setup)
    d = os.path.join(DATA, "attack", "drift-npm")
    o = subprocess.run(["node", "-e", NPM_ORACLE, d, SRC], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    check(o.returncode == 0, f"node-semver oracle (run scripts/setup): {o.stderr[-300:]!r}")
    if o.returncode:
        return
    want = {tuple(x) for x in json.loads(o.stdout)}
    p = run("scan", "--kb", kb, "--format", "json", d)
    got = {(u["evidence"].split(":")[0], u["package"]["name"]) for u in json.loads(p.stdout)["upstream"]
           if u["signal"] == "lockfile-drift"}
    check(got == want and len(want) == 5, f"npm drift vs node-semver: {sorted(got ^ want)}")


def pipenv_checks(kb):
    # Pipfile drift against python3-packaging (apt's, under /usr/bin/python3)
    d = os.path.join(DATA, "attack", "drift-pipenv")
    o = subprocess.run(["/usr/bin/python3", "-c", PIPENV_ORACLE, d], stdout=subprocess.PIPE, check=True)
    want = {tuple(x) for x in json.loads(o.stdout)}
    check(len(want) == 4, f"pipenv oracle: {sorted(want)}")
    p = run("scan", "--kb", kb, "--format", "json", d)
    drift = [u for u in json.loads(p.stdout)["upstream"] if u["signal"] == "lockfile-drift"]
    got = {(u["evidence"].split(":")[0], u["evidence"].split(" declares ")[1].split(" ")[0]) for u in drift}
    check(got == want, f"pipenv drift: {sorted(got ^ want)}")
    check(all("Pipfile.lock" in u["evidence"] for u in drift), "pipenv evidence names the lock")


def script_checks(kb):
    base = os.path.join(DATA, "attack", "scripts")
    p = run("scan", "--kb", kb, "--format", "json", "--package-dir", os.path.join(base, "sdists"), base)
    doc = json.loads(p.stdout)
    scripts = {u["package"]["name"]: u for u in doc["upstream"] if u["signal"] == "install-script"}
    check(set(scripts) == {"cw-test-ua-style", "cw-test-native", "cw-test-gone", "cw-test-pysetup"},
          f"install-script set {sorted(scripts)}")
    with open(os.path.join(base, "node_modules", "cw-test-ua-style", "package.json")) as f:
        pj = json.load(f)
    want = "".join(f"{h}: {pj['scripts'][h]}\n" for h in ("preinstall", "install", "postinstall") if h in pj["scripts"])
    check(scripts["cw-test-ua-style"]["script"] == want, "ua-style script text")
    check(scripts["cw-test-native"]["script"] == "install: node-gyp rebuild (implicit: binding.gyp)\n",
          "implicit node-gyp")
    check(scripts["cw-test-gone"]["script"] is None, "no contents, no text")
    with open(os.path.join(base, "sdists", "cw_test_pysetup-1.0.0", "setup.py")) as f:
        check(scripts["cw-test-pysetup"]["script"] == "setup.py:\n" + f.read(), "setup.py text")
    p = run("scan", "--kb", kb, "--format", "table", "--package-dir", os.path.join(base, "sdists"), base)
    check(b"| preinstall: node setup-helper.js" in p.stdout, "table shows the script")


def hostile_script_checks(tmp, kb):
    # script text is the attacker's: no terminal escape in the table, no HTML in Markdown
    proj = os.path.join(tmp, "hostile")
    os.makedirs(os.path.join(proj, "node_modules", "evil"))
    with open(os.path.join(proj, "package-lock.json"), "w") as f:
        json.dump({"name": "h", "version": "1.0.0", "lockfileVersion": 3, "packages": {
            "": {"name": "h", "version": "1.0.0", "dependencies": {"evil": "1.0.0"}},
            "node_modules/evil": {"version": "1.0.0", "hasInstallScript": True,
                                  "integrity": "sha512-" + "A" * 86 + "=="}}}, f)
    with open(os.path.join(proj, "node_modules", "evil", "package.json"), "w") as f:
        json.dump({"name": "evil", "version": "1.0.0",
                   "scripts": {"postinstall": "echo \u001b]0;owned\u0007 <img src=x onerror=alert(1)> | `id`"}}, f)
    p = run("scan", "--kb", kb, "--format", "table", proj)
    check(b"echo ?]0;owned? <img" in p.stdout and b"\x1b" not in p.stdout and b"\x07" not in p.stdout,
          f"table escapes control characters: {p.stdout[:300]!r}")
    p = run("scan", "--kb", kb, "--format", "markdown", proj)
    check(b"&lt;img src=x onerror=alert(1)&gt; \\| &#96;id&#96;" in p.stdout and b"<img" not in p.stdout,
          f"markdown escapes HTML: {p.stdout[-300:]!r}")
    p = run("scan", "--kb", kb, "--format", "html", proj)
    check(b"<img" not in p.stdout and b"&lt;img" in p.stdout, "html escapes the script")
    p = run("scan", "--kb", kb, "--format", "json", proj)
    s = [u["script"] for u in json.loads(p.stdout)["upstream"] if u["signal"] == "install-script"]
    check(s == ["postinstall: echo \x1b]0;owned\x07 <img src=x onerror=alert(1)> | `id`\n"], f"json keeps the text: {s!r}")


def fresh_expected(pk_dir, lock, now, days):
    out = set()
    for name, version in lock_pairs(lock):
        path = os.path.join(pk_dir, name + ".json")
        if not os.path.exists(path):
            continue
        with open(path) as f:
            times = json.load(f)["time"]
        if version not in times:
            out.add(("unpublished-version", name))
            continue
        t = datetime.datetime.fromisoformat(times[version].replace("Z", "+00:00"))
        if now - t < datetime.timedelta(days=days):
            out.add(("fresh-version", name))
    return out


class Handler(http.server.BaseHTTPRequestHandler):
    root = None
    requests = []

    def do_GET(self):
        import urllib.parse
        name = urllib.parse.unquote(self.path.lstrip("/"))
        Handler.requests.append(self.path)
        path = os.path.join(Handler.root, name + ".json")
        if not os.path.isfile(path):
            self.send_error(404)
            return
        with open(path, "rb") as f:
            body = f.read()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def fresh_checks(kb):
    base = os.path.join(DATA, "attack", "fresh")
    pk = os.path.join(base, "packuments")
    lock = os.path.join(base, "package-lock.json")
    now = datetime.datetime(2026, 11, 26, tzinfo=datetime.timezone.utc)
    for days in (7, 8, 30):
        want = fresh_expected(pk, lock, now, days)
        p = run("scan", "--kb", kb, "--format", "json", "--registry-metadata", pk,
                "--now", "2026-11-26T00:00:00Z", "--fresh-days", str(days), base)
        doc = json.loads(p.stdout)
        got = {(u["signal"], u["package"]["name"]) for u in doc["upstream"]
               if u["signal"] in ("fresh-version", "unpublished-version")}
        check(got == want, f"fresh {days} days: {sorted(got ^ want)}")
        check(any("no packument for 1 package (first: cw-fresh-e)" in w for w in doc["warnings"]),
              "missing packument warning")
    check(len(fresh_expected(pk, lock, now, 7)) == 4, "expected set has 4 entries at 7 days")
    # the environment variable, and --fresh-days 0 turns the check off
    env = dict(os.environ, CHAINWARDEN_REGISTRY_METADATA=pk)
    p = subprocess.run([BIN, "scan", "--kb", kb, "--format", "json", "--now", "2026-11-26T00:00:00Z", base],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, timeout=600)
    got = {(u["signal"], u["package"]["name"]) for u in json.loads(p.stdout)["upstream"]
           if u["signal"] in ("fresh-version", "unpublished-version")}
    check(got == fresh_expected(pk, lock, now, 7), "CHAINWARDEN_REGISTRY_METADATA")
    p = run("scan", "--kb", kb, "--format", "json", "--registry-metadata", pk, "--fresh-days", "0", base)
    check(not [u for u in json.loads(p.stdout)["upstream"] if u["signal"] == "fresh-version"], "--fresh-days 0")

    # over HTTP from a local server (libcurl)
    Handler.root = pk
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    th = threading.Thread(target=srv.serve_forever, daemon=True)
    th.start()
    try:
        url = f"http://127.0.0.1:{srv.server_address[1]}/"
        p = run("scan", "--kb", kb, "--format", "json", "--registry-url", url, "--now", "2026-11-26T00:00:00Z", base)
        doc = json.loads(p.stdout)
        got = {(u["signal"], u["package"]["name"]) for u in doc["upstream"]
               if u["signal"] in ("fresh-version", "unpublished-version")}
        check(got == fresh_expected(pk, lock, now, 7), f"registry URL: {sorted(got)}")
        check("/@cw-scope%2ffresh-c" in Handler.requests, f"scoped name escaped: {Handler.requests}")
    finally:
        srv.shutdown()

    for bad in (("--fresh-days", "-1"), ("--fresh-days", "x"), ("--now", "yesterday")):
        p = run("scan", "--kb", kb, *bad, base)
        check(p.returncode == 2, f"{bad}: exit {p.returncode}")


def real_fixture_checks(kb):
    # real npm projects (lockfile v1, v2, v3 with their package.json): in step, nothing malicious
    base = os.path.join(SHARED, "fixtures", "npm")
    for d in ("small", "small/lockfile-v2", "medium", "medium/lockfile-v1", "large"):
        p = run("scan", "--kb", kb, "--format", "json", os.path.join(base, d))
        doc = json.loads(p.stdout)
        bad = [(u["signal"], u["package"]["name"]) for u in doc["upstream"]
               if u["signal"] == "lockfile-drift" or u["kind"] == "malicious"]
        check(p.returncode == 0 and not bad, f"{d}: {bad[:5]}")
        check(not [f for f in doc["findings"] if f["kind"] == "malicious"], f"{d}: malicious findings")


def main():
    with tempfile.TemporaryDirectory() as tmp:
        kb = mal_checks(tmp)
        rustsec_checks(tmp)
        real_fixture_checks(kb)
        confusion_checks(tmp, kb)
        drift_checks(kb)
        pipenv_checks(kb)
        npm_oracle_checks(kb)
        script_checks(kb)
        hostile_script_checks(tmp, kb)
        fresh_checks(kb)
    if failures:
        print(f"{len(failures)} failure(s)")
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
