#!/usr/bin/env python3
"""`chainwarden health` on git repositories scripted with the git CLI.

Two projects are built in a temporary folder with fixed dates (the report
is taken with --now): "rich" (five people from three organisations, a bot,
merges and review trailers, signed and unsigned tags, workflows with pinned
and unpinned actions, a dangerous pull_request_target workflow with script
injection, write permissions, a Dockerfile, a committed ELF and a jar,
SECURITY.md, dependabot, a fuzz harness) and "lone" (one person, old
commits, nothing else).  Every check's score and evidence is asserted.
Expectations of the history checks are computed independently from
`git log` output here, not taken from chainwarden; the file checks'
expectations follow from what the script wrote.  Also: an empty
repository, a file:// URL (clone into the cache, then a cached re-run),
compare in table/JSON/HTML, and errors.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile

cw = os.environ["CW_BINARY"]
shared = os.environ["CW_SHARED_DIR"]
spdx = os.path.join(shared, "data/licenses/spdx-license-list.full.json")
NOW = 1780272000            # 2026-06-01T00:00:00Z
DAY = 86400
WEIGHTS = {"Critical": 10.0, "High": 7.5, "Medium": 5.0, "Low": 2.5}
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)


def git(repo, *args, env=None, stdin=None):
    e = dict(os.environ)
    e.update({"GIT_CONFIG_NOSYSTEM": "1", "HOME": repo + "/..", "GIT_TERMINAL_PROMPT": "0"})
    if env:
        e.update(env)
    p = subprocess.run(["git", "-C", repo] + list(args), env=e, input=stdin,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if p.returncode != 0:
        sys.exit(f"git {' '.join(args)} failed: {p.stderr.decode()}")
    return p.stdout.decode()


def who(name, email, days, committer=None):
    t = f"@{NOW - int(days * DAY)} +0000"
    cn, ce = committer or (name, email)
    return {"GIT_AUTHOR_NAME": name, "GIT_AUTHOR_EMAIL": email, "GIT_AUTHOR_DATE": t,
            "GIT_COMMITTER_NAME": cn, "GIT_COMMITTER_EMAIL": ce, "GIT_COMMITTER_DATE": t}


def write(repo, path, data):
    full = os.path.join(repo, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "wb") as f:
        f.write(data.encode() if isinstance(data, str) else data)


def commit(repo, author, days, msg, files=None, committer=None, extra=()):
    for path, data in (files or {}).items():
        write(repo, path, data)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--allow-empty", "-m", msg, *extra,
        env=who(author[0], author[1], days, committer))


def run(args, want=0, env=None):
    e = dict(os.environ)
    e.pop("CHAINWARDEN_LICENSES", None)
    e.pop("CHAINWARDEN_NOW", None)
    # libgit2 1.5.1 leaks pcre2 match data in clone/fetch (see the file)
    here = os.path.dirname(os.path.abspath(__file__))
    e["LSAN_OPTIONS"] = "suppressions=" + os.path.join(here, "lsan-libgit2.supp")
    if env:
        e.update(env)
    p = subprocess.run([cw] + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=e)
    if p.returncode != want:
        sys.exit(f"chainwarden {' '.join(args)}: exit {p.returncode}, expected {want}\n"
                 f"{p.stderr.decode()}")
    return p.stdout.decode(), p.stderr.decode()


def report(repo, *extra):
    out, _ = run(["health", "--json", "--now", "2026-06-01", *extra, repo])
    return json.loads(out)


def checks_of(r):
    return {c["name"]: c for c in r["checks"]}


def has_evidence(c, path=None, line=None, text=None):
    for e in c["evidence"]:
        if path is not None and e.get("path", e.get("commit", e.get("tag"))) != path:
            continue
        if line is not None and e.get("line") != line:
            continue
        if text is not None and text not in e["detail"]:
            continue
        return True
    return False


# ---- independent expectations from git log --------------------------------
BOTS = ("[bot]", "dependabot", "renovate", "github-actions")
FREE = ("gmail.com", "users.noreply.github.com")


def is_bot(name, email):
    return any(b in name.lower() or b in email.lower() for b in BOTS)


def expected_history(repo):
    log = git(repo, "log", "--format=%H%x09%at%x09%ct%x09%an%x09%ae").splitlines()
    c90 = sum(1 for l in log if NOW - 90 * DAY < int(l.split("\t")[2]) <= NOW)
    counts = {}
    for l in log:
        _, at, _, an, ae = l.split("\t")
        if NOW - 365 * DAY < int(at) <= NOW and not is_bot(an, ae):
            counts[ae.lower()] = counts.get(ae.lower(), 0) + 1
    total = sum(counts.values())
    bus, covered = 0, 0
    for n in sorted(counts.values(), reverse=True):
        if covered * 2 >= total:
            break
        covered += n
        bus += 1
    orgs = {e.split("@")[1] for e in counts if e.split("@")[1] not in FREE}
    # first-parent changesets with a review signal
    fp = git(repo, "log", "--first-parent", "-n", "30",
             "--format=%H%x09%P%x09%an%x09%ae%x09%ce%x1f%B%x1e").split("\x1e")
    changes, reviewed = 0, 0
    for rec in fp:
        rec = rec.strip("\n")
        if not rec:
            continue
        head, body = rec.split("\x1f", 1)
        h, parents, an, ae, ce = head.split("\t")
        if is_bot(an, ae):
            continue
        changes += 1
        trailer = any(line.lower().startswith(t) for line in body.splitlines()
                      for t in ("reviewed-by:", "co-authored-by:", "acked-by:"))
        if len(parents.split()) > 1 or trailer or ae.lower() != ce.lower():
            reviewed += 1
    return {"commits": len(log), "c90": c90, "contributors": len(counts), "bus": bus,
            "orgs": len(orgs), "changes": changes, "reviewed": reviewed}


def contributors_score(h):
    s = 4 if h["bus"] >= 3 else 2 if h["bus"] == 2 else 0
    s += 3 if h["contributors"] >= 10 else 2 if h["contributors"] >= 5 else 1 if h["contributors"] >= 2 else 0
    return s + min(h["orgs"], 3)


def overall(checks):
    num = sum(WEIGHTS[c["risk"]] * c["score"] for c in checks if c["score"] >= 0)
    den = sum(WEIGHTS[c["risk"]] for c in checks if c["score"] >= 0)
    return round(num / den + 1e-9, 1) if den else -1


# ---- the "rich" project -----------------------------------------------------
PIN = "8f4b7f84864484a7bf31766abe9204da3cbe65b3"
DIGEST = "sha256:" + "ab" * 32
CI = f"""name: ci
on: [push, pull_request]
permissions: read-all
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@{PIN}
      - uses: actions/setup-python@v5
      - run: make test
      - uses: github/codeql-action/analyze@v3
      - run: curl -sSL https://get.example.invalid/install.sh | sh
"""
PR = """name: pr
on:
  pull_request_target:
    types: [opened]
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          ref: ${{ github.event.pull_request.head.sha }}
      - run: |
          echo "title: ${{ github.event.pull_request.title }}"
          echo "number: ${{ github.event.pull_request.number }}"
"""
RELEASE = f"""name: release
on:
  push:
    tags: ['v*']
permissions:
  contents: write
jobs:
  publish:
    runs-on: ubuntu-latest
    permissions: write-all
    steps:
      - uses: docker://alpine@{DIGEST}
      - run: npm publish
"""
DOCKERFILE = f"""FROM debian:12 AS build
RUN make
FROM build
FROM gcr.io/distroless/static@{DIGEST}
"""
SECURITY = """# Security policy

Please report a vulnerability privately to security@acme.example; we
coordinate disclosure within 90 days.
"""
FUZZER = """#include <stddef.h>
#include <stdint.h>
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) { (void)data; (void)size; return 0; }
"""


def jar_bytes():
    import io
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w") as z:
        z.writestr("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\n")
    return b.getvalue()


def gpg_setup(tmp):
    """A throwaway signing key, or None when gpg cannot make one."""
    if not shutil.which("gpg"):
        return None
    home = os.path.join(tmp, "gnupg")
    os.makedirs(home, mode=0o700)
    env = dict(os.environ, GNUPGHOME=home)
    p = subprocess.run(["gpg", "--batch", "--passphrase", "", "--quick-gen-key",
                        "Test Signer <signer@acme.example>", "ed25519", "sign", "never"],
                       env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if p.returncode != 0:
        print("note: gpg key generation failed, using signature-shaped tags:", p.stderr.decode()[:200])
        return None
    return home


FAKE_SIG = ("-----BEGIN PGP SIGNATURE-----\n\niHUEABYKAB0WIQQfakefakefakefakefakefakefakefakeAAoJEF\n"
            "-----END PGP SIGNATURE-----\n")


def build_rich(root, gnupg):
    repo = os.path.join(root, "rich")
    os.makedirs(repo)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.name", "Alice")
    git(repo, "config", "user.email", "alice@acme.com")
    if gnupg:
        git(repo, "config", "user.signingkey", "signer@acme.example")
    people = [("Alice", "alice@acme.com"), ("Bob", "bob@globex.com"), ("Carol", "carol@initech.com"),
              ("Dave", "dave@gmail.com"), ("Erin", "erin@acme.com")]
    license_text = json.load(open(spdx))["MIT"]["licenseText"]
    commit(repo, people[0], 700, "initial", {"README.md": "rich\n", "LICENSE": license_text})
    # a year of work: 24 commits, 16 of them in the last 90 days
    schedule = [340, 300, 260, 220, 180, 150, 120, 100] + [85 - 5 * i for i in range(16)]
    weights = [0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2, 2, 3, 4, 0, 0, 1, 2, 0, 0, 1, 3]
    for i, days in enumerate(schedule):
        commit(repo, people[weights[i]], days, f"change {i}", {f"src/f{i}.c": f"int f{i};\n"})
        if i == 3:
            git(repo, "tag", "v0.1.0")                         # lightweight
        if i == 6:
            git(repo, "tag", "-a", "v0.2.0", "-m", "release 0.2.0", env=who("Alice", "alice@acme.com", days))
        if i == 9:
            if gnupg:
                git(repo, "tag", "-s", "v1.0.0", "-m", "release 1.0.0",
                    env=dict(who("Alice", "alice@acme.com", days), GNUPGHOME=gnupg))
            else:
                git(repo, "tag", "-a", "v1.0.0", "-m", "release 1.0.0\n\n" + FAKE_SIG,
                    env=who("Alice", "alice@acme.com", days))
        if i == 12:
            # a signature-shaped block in an annotated tag (what `git tag -s` stores)
            git(repo, "tag", "-a", "v1.1.0", "--cleanup=verbatim", "-m", "release 1.1.0\n" + FAKE_SIG,
                env=who("Bob", "bob@globex.com", days))
    # files with the patterns the checks look for
    commit(repo, people[1], 9, "ci and policies", {
        ".github/workflows/ci.yml": CI, ".github/workflows/pr.yml": PR,
        ".github/workflows/release.yml": RELEASE, ".github/workflows/broken.yml": "jobs: [\n",
        ".github/workflows/notes/readme.yml": "not a workflow: GitHub reads the folder only\n",
        ".github/SECURITY.md": SECURITY, ".github/dependabot.yml": "version: 2\nupdates: []\n",
        "Dockerfile": DOCKERFILE, "fuzz/parser_fuzzer.c": FUZZER,
        "docs/notes.o": "a text file with an object's extension\n",
        "docs/mz.txt": "MZ is where this line starts, but it is text\n"},
        extra=("-m", "Reviewed-by: Carol <carol@initech.com>"))
    with open("/bin/true", "rb") as f:
        elf = f.read()
    commit(repo, people[2], 8, "vendor tools", {"tools/helper": elf, "lib/vendor.jar": jar_bytes()},
           extra=("-m", "Co-authored-by: Dave <dave@gmail.com>"))
    # a patch applied by another person
    commit(repo, people[3], 7, "fix typo", {"README.md": "rich project\n"},
           committer=("Alice", "alice@acme.com"))
    # a bot
    commit(repo, ("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com"), 6,
           "Bump lib from 1 to 2", {"deps.txt": "lib 2\n"})
    # a merged branch
    git(repo, "checkout", "-q", "-b", "feature")
    commit(repo, people[4], 5, "feature work", {"src/feature.c": "int feature;\n"})
    git(repo, "checkout", "-q", "main")
    commit(repo, people[0], 4, "main work", {"src/main.c": "int main_;\n"})
    git(repo, "merge", "-q", "--no-ff", "feature", "-m", "Merge branch 'feature'",
        env=who("Alice", "alice@acme.com", 3))
    # a signed commit when gpg works
    sign = ("-S",) if gnupg else ()
    commit(repo, people[0], 2, "last change", {"src/last.c": "int last;\n"}, extra=sign,
           committer=None)
    if gnupg:
        git(repo, "config", "user.signingkey", "signer@acme.example")
        git(repo, "tag", "-s", "v1.2.0", "-m", "release 1.2.0",
            env=dict(who("Alice", "alice@acme.com", 1), GNUPGHOME=gnupg))
    else:
        git(repo, "tag", "-a", "v1.2.0", "--cleanup=verbatim", "-m", "release 1.2.0\n" + FAKE_SIG,
            env=who("Alice", "alice@acme.com", 1))
    git(repo, "tag", "-a", "nightly", "-m", "not a release", env=who("Alice", "alice@acme.com", 0.5))
    return repo


def build_lone(root):
    repo = os.path.join(root, "lone")
    os.makedirs(repo)
    git(repo, "init", "-q", "-b", "main")
    me = ("Lone", "lone@gmail.com")
    license_text = json.load(open(spdx))["MIT"]["licenseText"]
    commit(repo, me, 500, "start", {"README": "lone\n", "LICENSES/MIT.txt": license_text})
    for i, d in enumerate((400, 300, 250, 200)):
        commit(repo, me, d, f"work {i}", {f"a{i}.py": "print(1)\n"})
    return repo


def main():
    tmp = tempfile.mkdtemp(prefix="cw-health-")
    try:
        gnupg = gpg_setup(tmp)
        if gnupg:
            # git signs with the key of the committer email unless told otherwise
            os.environ["GNUPGHOME"] = gnupg
        rich = build_rich(tmp, gnupg)
        if gnupg:
            git(rich, "config", "user.signingkey", "signer@acme.example")
        lone = build_lone(tmp)
        test_rich(rich, gnupg)
        test_lone(lone)
        test_empty(tmp)
        test_url(tmp, rich)
        test_compare(rich, lone)
        test_errors(tmp)
        test_package(tmp, rich)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if failures:
        sys.exit(f"{len(failures)} failure(s)")
    print("ok")


def test_rich(repo, gnupg):
    r = report(repo)
    c = checks_of(r)
    h = expected_history(repo)
    st = r["stats"]
    check(r["schema"] == "chainwarden-health/1", "schema")
    check(r["repository"]["head"] == git(repo, "rev-parse", "HEAD").strip(), "head id")
    check(r["repository"]["branch"] == "main", "branch")
    check(st["commits"] == h["commits"], f"commits {st['commits']} vs {h['commits']}")
    check(st["commits_90d"] == h["c90"], f"commits_90d {st['commits_90d']} vs {h['c90']}")
    check(st["contributors_12m"] == h["contributors"], f"contributors {st['contributors_12m']} vs {h}")
    check(st["bus_factor"] == h["bus"], f"bus factor {st['bus_factor']} vs {h['bus']}")
    check(sorted(st["organizations"]) == ["acme.com", "globex.com", "initech.com"], f"orgs {st['organizations']}")
    check(st["bot_commits_12m"] == 1, "one bot commit")
    check(st["last_release"] == "v1.2.0", f"last release {st['last_release']}")
    check(st["releases"] == 5, f"releases {st['releases']} (nightly is not one)")
    # Maintained: Scorecard's 13 commits in 90 days for 10
    check(c["Maintained"]["score"] == min(10, h["c90"] * 10 // 13), f"Maintained {c['Maintained']}")
    check("last release v1.2.0 1 days ago" in c["Maintained"]["reason"], c["Maintained"]["reason"])
    check(c["Contributors"]["score"] == contributors_score(h), f"Contributors {c['Contributors']} vs {h}")
    check(c["Code-Review"]["score"] == h["reviewed"] * 10 // h["changes"],
          f"Code-Review {c['Code-Review']['score']} vs {h['reviewed']}/{h['changes']}")
    cr = c["Code-Review"]
    check(any("merge commit" in e["detail"] for e in cr["evidence"]), "merge evidence")
    check(any(e["detail"].startswith("Reviewed-by: Carol") for e in cr["evidence"]), "Reviewed-by evidence")
    check(any(e["detail"].startswith("Co-authored-by: Dave") for e in cr["evidence"]), "Co-authored-by evidence")
    check(any("committed by Alice, authored by Dave" in e["detail"] for e in cr["evidence"]), "committer evidence")
    # Signed-Releases: v1.2.0, v1.1.0, v1.0.0 signed; v0.2.0 annotated; v0.1.0 lightweight
    sr = c["Signed-Releases"]
    check(sr["score"] == 6, f"Signed-Releases {sr}")
    for tag, text in (("v1.2.0", "PGP signature"), ("v1.1.0", "PGP signature"), ("v1.0.0", "PGP signature"),
                      ("v0.2.0", "annotated, not signed"), ("v0.1.0", "lightweight tag, not signed")):
        check(has_evidence(sr, tag, text=text), f"Signed-Releases evidence {tag}: {text}")
    check(not has_evidence(sr, "nightly"), "nightly is not a release")
    if gnupg:
        check(has_evidence(sr, text="1 of the last"), f"signed commit counted: {sr['evidence']}")
    check(c["Security-Policy"]["score"] == 10 and has_evidence(c["Security-Policy"], ".github/SECURITY.md"),
          f"Security-Policy {c['Security-Policy']}")
    lic = c["License"]
    check(lic["score"] == 10 and "MIT" in lic["reason"], f"License by heading {lic}")
    lic_db = checks_of(report(repo, "--licenses", spdx))["License"]
    check(lic_db["score"] == 10 and has_evidence(lic_db, "LICENSE", text="identified as MIT (text)"),
          f"License with texts {lic_db}")
    ci = c["CI-Tests"]
    check(ci["score"] == 10 and has_evidence(ci, ".github/workflows/ci.yml", 10), f"CI-Tests {ci}")
    check(not has_evidence(ci, ".github/workflows/notes/readme.yml"), "nested yml is not a workflow")
    fz = c["Fuzzing"]
    check(fz["score"] == 10 and has_evidence(fz, "fuzz/parser_fuzzer.c", text="LLVMFuzzerTestOneInput"), f"Fuzzing {fz}")
    check(c["SAST"]["score"] == 10 and has_evidence(c["SAST"], ".github/workflows/ci.yml", 11), f"SAST {c['SAST']}")
    du = c["Dependency-Update-Tool"]
    check(du["score"] == 10 and has_evidence(du, ".github/dependabot.yml"), f"Dependency-Update-Tool {du}")
    # Pinned: pinned ci:8, release:12, Dockerfile:4; unpinned ci:9, ci:11, ci:12 (curl|sh), pr:9, Dockerfile:1
    pd = c["Pinned-Dependencies"]
    check(pd["score"] == 3 * 10 // 8, f"Pinned-Dependencies {pd['score']}: {pd['reason']}")
    for path, line, text in ((".github/workflows/ci.yml", 8, "pinned by commit id"),
                             (".github/workflows/ci.yml", 9, "not pinned"),
                             (".github/workflows/ci.yml", 11, "not pinned"),
                             (".github/workflows/ci.yml", 12, "unpinned download"),
                             (".github/workflows/pr.yml", 9, "not pinned"),
                             (".github/workflows/release.yml", 12, "pinned by commit id"),
                             ("Dockerfile", 1, "unpinned image debian:12"),
                             ("Dockerfile", 4, "pinned image gcr.io")):
        check(has_evidence(pd, path, line, text), f"Pinned evidence {path}:{line} {text}")
    check(not has_evidence(pd, "Dockerfile", 3), "FROM <stage> is not a dependency")
    dw = c["Dangerous-Workflow"]
    check(dw["score"] == 0, f"Dangerous-Workflow {dw}")
    check(has_evidence(dw, ".github/workflows/pr.yml", 11, "untrusted code checkout"), f"checkout evidence {dw['evidence']}")
    check(has_evidence(dw, ".github/workflows/pr.yml", 13, "github.event.pull_request.title"), "injection evidence")
    check(not any("pull_request.number" in e["detail"] for e in dw["evidence"]), "a number is not injectable")
    check(has_evidence(dw, ".github/workflows/broken.yml", text="not analysed"), "broken workflow reported")
    tp = c["Token-Permissions"]
    check(tp["score"] == 3, f"Token-Permissions {tp}")
    check(has_evidence(tp, ".github/workflows/pr.yml", 1, "no top-level permissions"), "pr.yml no permissions")
    check(has_evidence(tp, ".github/workflows/release.yml", 5, "contents: write"), "release.yml write scope")
    check(has_evidence(tp, ".github/workflows/release.yml", 10, "write-all"), "release.yml job write-all")
    ba = c["Binary-Artifacts"]
    check(ba["score"] == 8, f"Binary-Artifacts {ba}")
    check(has_evidence(ba, "tools/helper", text="ELF"), "ELF evidence")
    check(has_evidence(ba, "lib/vendor.jar", text="Java archive"), "jar evidence")
    check(not has_evidence(ba, "docs/notes.o") and not has_evidence(ba, "docs/mz.txt"), "text files are not binaries")
    pk = c["Packaging"]
    check(pk["score"] == 10 and has_evidence(pk, ".github/workflows/release.yml", 13, "npm publish"), f"Packaging {pk}")
    check(r["score"] == overall(r["checks"]), f"overall {r['score']} vs {overall(r['checks'])}")
    # determinism: same input, same output
    check(report(repo) == r, "two runs give the same report")
    # table, markdown, html
    out, _ = run(["health", "--now", "2026-06-01", repo])
    check("Dangerous-Workflow" in out and f"{r['score']:.1f} / 10" in out, "table output")
    out, _ = run(["health", "--format", "markdown", "--now", "2026-06-01", repo])
    check("| Dangerous-Workflow | 0 | Critical |" in out, "markdown output")
    out, _ = run(["health", "--format", "html", "--now", "2026-06-01", repo])
    check(out.startswith("<!DOCTYPE html>") and "class=\"bar\"" in out and "<script" not in out, "html output")
    # --max-commits caps the walk, most recent history first
    capped = report(repo, "--max-commits", "5")
    check(capped["stats"]["commits"] == 5 and capped["stats"]["truncated"], "--max-commits 5")
    check(capped["stats"]["last_commit"] == r["stats"]["last_commit"], "a capped walk starts at HEAD")
    # --min-score
    run(["health", "--now", "2026-06-01", "--min-score", "9.5", repo], want=1)
    run(["health", "--now", "2026-06-01", "--min-score", "0", repo], want=0)
    # CHAINWARDEN_NOW is the same as --now
    out, _ = run(["health", "--json", repo], env={"CHAINWARDEN_NOW": "2026-06-01"})
    check(json.loads(out) == r, "CHAINWARDEN_NOW")


def test_lone(repo):
    r = report(repo)
    c = checks_of(r)
    want = {"Maintained": 0, "Contributors": 0, "Code-Review": 0, "Signed-Releases": -1,
            "Security-Policy": 0, "License": 7, "CI-Tests": 0, "Fuzzing": 0, "SAST": 0,
            "Dependency-Update-Tool": 0, "Pinned-Dependencies": -1, "Dangerous-Workflow": -1,
            "Token-Permissions": -1, "Binary-Artifacts": 10, "Packaging": -1}
    for name, score in want.items():
        check(c[name]["score"] == score, f"lone {name}: {c[name]['score']} != {score} ({c[name]['reason']})")
    check(r["stats"]["bus_factor"] == 1 and r["stats"]["contributors_12m"] == 1, "lone bus factor")
    check(r["stats"]["organizations"] == [], "gmail is not an organisation")
    check(has_evidence(c["License"], "LICENSES/MIT.txt", text="identified as MIT (file name (REUSE))"),
          f"REUSE license {c['License']}")
    check(r["score"] == overall(r["checks"]), "lone overall")
    # 200 days after the last commit, a year later there is no activity at all
    later = checks_of(json.loads(run(["health", "--json", "--now", "2027-06-01", repo])[0]))
    check(later["Contributors"]["reason"].startswith("no commits by people"), "no activity a year later")


def test_empty(tmp):
    repo = os.path.join(tmp, "empty")
    os.makedirs(repo)
    git(repo, "init", "-q")
    r = report(repo)
    c = checks_of(r)
    check(r["stats"]["commits"] == 0 and r["repository"]["head"] == "", "empty repo stats")
    check(c["Maintained"]["score"] == 0 and c["Maintained"]["reason"] == "no commits", "empty Maintained")
    check(len(r["checks"]) == 15, "15 checks")


def test_url(tmp, rich):
    bare = os.path.join(tmp, "rich.git")
    subprocess.run(["git", "clone", "-q", "--bare", rich, bare], check=True)
    cache = os.path.join(tmp, "cache")
    url = "file://" + bare
    local = report(rich)
    for attempt in ("clone", "cached"):
        r = report(url, "--cache-dir", cache)
        check(r["repository"]["url"] == url and r["repository"]["path"].startswith(cache),
              f"{attempt}: url and cache path {r['repository']}")
        check([x["score"] for x in r["checks"]] == [x["score"] for x in local["checks"]],
              f"{attempt}: the URL gives the local clone's scores")
    check(len(os.listdir(cache)) == 1, "one cached clone")
    # XDG_CACHE_HOME is the default cache
    out, _ = run(["health", "--json", "--now", "2026-06-01", url], env={"XDG_CACHE_HOME": os.path.join(tmp, "xdg")})
    check(os.path.isdir(os.path.join(tmp, "xdg", "chainwarden", "repos")), "XDG cache dir used")


def test_compare(rich, lone):
    out, _ = run(["health", "compare", "--format", "json", "--now", "2026-06-01", lone, rich])
    cmp = json.loads(out)
    check(cmp["schema"] == "chainwarden-health-compare/1", "compare schema")
    check([x["rank"] for x in cmp["ranking"]] == [1, 2], "ranks")
    check(cmp["ranking"][0]["repository"].rstrip("/") == rich, f"rich ranks first: {cmp['ranking']}")
    check(cmp["ranking"][0]["score"] >= cmp["ranking"][1]["score"], "sorted by score")
    check(cmp["reports"][0]["score"] == cmp["ranking"][0]["score"], "reports in rank order")
    out, _ = run(["health", "compare", "--now", "2026-06-01", lone, rich])
    check(out.splitlines()[1].startswith("1 ") and rich in out.splitlines()[1], "table ranking")
    check(all(name in out for name in WEIGHTS_NAMES), "table has every check")
    out, _ = run(["health", "compare", "--format", "html", "--now", "2026-06-01", lone, rich])
    bars = out.count('class="bar"')
    check(bars == 2 + 2 * 15, f"one bar per check and project ({bars})")
    check("<script" not in out and "http" not in out.split("<body>")[1], "self-contained html")


WEIGHTS_NAMES = ["Maintained", "Contributors", "Code-Review", "Signed-Releases", "Security-Policy",
                 "License", "CI-Tests", "Fuzzing", "SAST", "Dependency-Update-Tool",
                 "Pinned-Dependencies", "Dangerous-Workflow", "Token-Permissions",
                 "Binary-Artifacts", "Packaging"]


def test_errors(tmp):
    plain = os.path.join(tmp, "plain")
    os.makedirs(plain)
    _, err = run(["health", plain], want=2)
    check("not a git repository" in err, f"not a repository: {err}")
    _, err = run(["health", "--now", "yesterday", plain], want=2)
    check("expected a date" in err, f"bad --now: {err}")
    _, err = run(["health", "compare", plain], want=2)
    check("two or more" in err, "compare needs two")
    _, err = run(["health", "--format", "xml", plain], want=2)
    check("unknown format" in err, "bad format")
    _, err = run(["health", "--cache-dir", os.path.join(tmp, "c2"), "file://" + os.path.join(tmp, "nowhere.git")], want=3)
    check("nowhere.git" in err, f"clone failure names the URL: {err}")


def test_package(tmp, rich):
    doc = {
        "name": "left-padder", "dist-tags": {"latest": "2.0.0"},
        "maintainers": [{"name": "solo", "email": "solo@acme.example"}],
        "time": {"created": "2023-01-01T00:00:00.000Z", "modified": "2026-03-02T00:00:00.000Z",
                 "1.0.0": "2023-01-01T00:00:00.000Z", "2.0.0": "2026-03-01T12:00:00.000Z",
                 "2.1.0-beta.1": "2026-04-01T00:00:00.000Z"},
        "versions": {
            "1.0.0": {"name": "left-padder", "version": "1.0.0"},
            "2.0.0": {"name": "left-padder", "version": "2.0.0",
                      "scripts": {"postinstall": "node setup.js", "test": "jest"},
                      "repository": {"type": "git", "url": "git+https://github.com/Acme/left-padder.git"},
                      "deprecated": "use right-padder"},
            "2.1.0-beta.1": {"name": "left-padder", "version": "2.1.0-beta.1"}},
    }
    path = os.path.join(tmp, "packument.json")
    with open(path, "w") as f:
        json.dump(doc, f)
    out, _ = run(["health", "package", "--json", "--now", "2026-06-01",
                  "--repo", "https://github.com/acme/left-padder", path])
    r = json.loads(out)
    sig = {x["name"]: x for x in r["signals"]}
    check(r["schema"] == "chainwarden-registry-health/1" and r["package"] == "left-padder", "package")
    check(r["maintainers"] == 1 and sig["maintainers"]["warn"], "one maintainer warns")
    check(r["deprecated"] == "use right-padder" and sig["deprecated"]["warn"], "deprecated")
    check(r["last_publish"] == "2026-03-01" and not sig["last-publish"]["warn"]
          and "91 days ago" in sig["last-publish"]["detail"], f"last publish {sig['last-publish']}")
    check(r["releases"] == 2 and r["releases_365d"] == 1, "releases without prereleases")
    check(r["install_scripts"] == "postinstall" and sig["install-scripts"]["warn"], "install scripts")
    check(r["repository"] == "github.com/acme/left-padder" and r["repository_match"] is True
          and not sig["repository"]["warn"], f"repository match {r['repository']}")
    # a clone whose origin is another repository: the declared repository does not match
    git(rich, "remote", "add", "origin", "git@github.com:other/thing.git")
    out, _ = run(["health", "package", "--json", "--repo", rich, path])
    r = json.loads(out)
    check(r["expected_repository"] == "github.com/other/thing" and r["repository_match"] is False,
          f"origin of the clone: {r['expected_repository']}")
    check({x["name"]: x for x in r["signals"]}["repository"]["warn"], "mismatch warns")
    out, _ = run(["health", "package", "--now", "2026-06-01", path])
    check("install-scripts  warn  runs on install: postinstall" in out, f"table: {out}")
    with open(path, "w") as f:
        f.write('{"name": "x"}')
    _, err = run(["health", "package", path], want=2)
    check("no \"versions\" object" in err and "packument.json" in err, f"not a packument: {err}")


if __name__ == "__main__":
    main()
