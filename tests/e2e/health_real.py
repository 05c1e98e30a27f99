#!/usr/bin/env python3
"""`chainwarden health` on real clones available on the machine.

The project's own repository (CW_SOURCE_DIR, a clone or a worktree) and,
when present, /work/main: the report's structure and invariants are
checked, not hard-coded numbers.  Figures that git can give independently
(commit count, HEAD, commits in the last 90 days, contributors) are
compared with `git` output.
"""
import json
import os
import subprocess
import sys

cw = os.environ["CW_BINARY"]
src = os.environ["CW_SOURCE_DIR"]
NAMES = ["Maintained", "Contributors", "Code-Review", "Signed-Releases", "Security-Policy",
         "License", "CI-Tests", "Fuzzing", "SAST", "Dependency-Update-Tool",
         "Pinned-Dependencies", "Dangerous-Workflow", "Token-Permissions", "Binary-Artifacts",
         "Packaging"]
WEIGHTS = {"Critical": 10.0, "High": 7.5, "Medium": 5.0, "Low": 2.5}
BOTS = ("[bot]", "dependabot", "renovate", "github-actions")
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)


def git(repo, *args):
    return subprocess.run(["git", "-C", repo] + list(args), check=True,
                          stdout=subprocess.PIPE).stdout.decode()


def one(repo):
    now = int(git(repo, "log", "-1", "--format=%ct")) + 86400
    p = subprocess.run([cw, "health", "--json", "--now", f"@{now}", repo],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if p.returncode != 0:
        sys.exit(f"health {repo}: exit {p.returncode}: {p.stderr.decode()}")
    r = json.loads(p.stdout)
    st = r["stats"]
    check(r["schema"] == "chainwarden-health/1", "schema")
    check([c["name"] for c in r["checks"]] == NAMES, "the 15 checks in order")
    check(r["repository"]["head"] == git(repo, "rev-parse", "HEAD").strip(), "HEAD")
    check(st["commits"] == int(git(repo, "rev-list", "--count", "HEAD")), "commit count")
    log = git(repo, "log", "--format=%ct\t%at\t%an\t%ae").splitlines()
    c90 = sum(1 for l in log if now - 90 * 86400 < int(l.split("\t")[0]) <= now)
    check(st["commits_90d"] == c90, f"commits_90d {st['commits_90d']} vs {c90}")
    people = {l.split("\t")[3].lower() for l in log
              if now - 365 * 86400 < int(l.split("\t")[1]) <= now
              and not any(b in (l.split("\t")[2] + l.split("\t")[3]).lower() for b in BOTS)}
    check(st["contributors_12m"] == len(people), f"contributors {st['contributors_12m']} vs {len(people)}")
    check(1 <= st["bus_factor"] <= st["contributors_12m"], "bus factor within contributors")
    blobs = sum(1 for l in git(repo, "ls-tree", "-r", "HEAD").splitlines() if " blob " in l)
    check(st["files"] == blobs, f"file count {st['files']} vs {blobs}")
    for c in r["checks"]:
        check(-1 <= c["score"] <= 10, f"{c['name']} score range")
        check(c["reason"] and c["reason"] != "not evaluated", f"{c['name']} has a reason")
        check(len(c["evidence"]) <= c["evidence_total"], f"{c['name']} evidence count")
        check(c["weight"] == WEIGHTS[c["risk"]], f"{c['name']} weight")
        for e in c["evidence"]:
            if e["kind"] == "file":
                path = e["path"]
                ok = subprocess.run(["git", "-C", repo, "cat-file", "-e", f"HEAD:{path.rstrip('/')}"],
                                    stderr=subprocess.DEVNULL).returncode == 0
                check(ok, f"{c['name']}: evidence path {path} exists at HEAD")
            if e["kind"] == "commit":
                ok = subprocess.run(["git", "-C", repo, "cat-file", "-e", e["commit"]],
                                    stderr=subprocess.DEVNULL).returncode == 0
                check(ok, f"{c['name']}: evidence commit {e['commit']} exists")
    num = sum(WEIGHTS[c["risk"]] * c["score"] for c in r["checks"] if c["score"] >= 0)
    den = sum(WEIGHTS[c["risk"]] for c in r["checks"] if c["score"] >= 0)
    check(r["score"] == round(num / den + 1e-9, 1), "overall is the weighted mean")
    # what this repository has for sure: fuzz harnesses and no binaries
    byname = {c["name"]: c for c in r["checks"]}
    if os.path.isdir(os.path.join(repo, "fuzz")):
        check(byname["Fuzzing"]["score"] == 10, "the project's fuzz harnesses are found")
    print(f"{repo}: score {r['score']}, {st['commits']} commits, " +
          ", ".join(f"{c['name']}={c['score']}" for c in r["checks"]))


repos = [src]
if os.path.isdir("/work/main/.git") and os.path.realpath("/work/main") != os.path.realpath(src):
    repos.append("/work/main")
for repo in repos:
    one(repo)
if failures:
    sys.exit(f"{len(failures)} failure(s)")
print("ok")
