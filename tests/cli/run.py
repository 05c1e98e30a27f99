#!/usr/bin/env python3
"""Data-driven CLI tests (in the spirit of curl's tests/data).

A case file holds sections, each introduced by a line `== name ==`:

  args             the command line after `chainwarden`, split like a shell
                   would (shlex); {shared} is the shared data folder, {tmp}
                   a fresh temporary folder, {src} the source tree.
  stdin            text fed to standard input
  exit             the expected exit code (default 0)
  stdout           the exact expected standard output
  stdout-json      standard output must be JSON equal to this
  stdout-contains  each non-empty line must appear in standard output
  stderr-contains  each non-empty line must appear in standard error
  stdout-lines     standard output must have exactly this many lines
  env              NAME=VALUE lines added to the environment

Lines starting with '#' before the first section are comments.
"""
import argparse
import json
import os
import shlex
import subprocess
import sys
import tempfile


def parse_case(path):
    sections, name, lines = {}, None, []
    with open(path, encoding="utf-8") as f:
        for line in f:
            s = line.rstrip("\n")
            if s.startswith("== ") and s.endswith(" =="):
                if name is not None:
                    sections[name] = "".join(lines)
                name, lines = s[3:-3].strip(), []
            elif name is not None:
                lines.append(line)
            elif s and not s.startswith("#"):
                raise SystemExit(f"{path}: text before the first section: {s!r}")
    if name is not None:
        sections[name] = "".join(lines)
    if "args" not in sections:
        raise SystemExit(f"{path}: no == args == section")
    return sections


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", required=True)
    ap.add_argument("--shared", required=True)
    ap.add_argument("cases", nargs="+")
    opts = ap.parse_args()
    src = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    failures = 0
    for case in opts.cases:
        sec = parse_case(case)
        with tempfile.TemporaryDirectory() as tmp:
            subst = lambda t: t.replace("{shared}", opts.shared).replace("{tmp}", tmp).replace("{src}", src)
            args = [subst(a) for a in shlex.split(sec["args"].strip())]
            env = dict(os.environ)
            for line in subst(sec.get("env", "")).splitlines():
                if "=" in line:
                    k, v = line.split("=", 1)
                    env[k.strip()] = v.strip()
            proc = subprocess.run([opts.binary] + args, input=sec.get("stdin", "").encode(),
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  timeout=300, cwd=tmp, env=env)
            out = proc.stdout.decode("utf-8", "replace")
            err = proc.stderr.decode("utf-8", "replace")
            problems = []
            want_exit = int(sec.get("exit", "0").strip() or 0)
            if proc.returncode != want_exit:
                problems.append(f"exit code {proc.returncode}, expected {want_exit}")
            if "stdout" in sec and out != subst(sec["stdout"]):
                problems.append(f"stdout differs:\n--- expected\n{subst(sec['stdout'])}--- got\n{out}")
            if "stdout-json" in sec:
                try:
                    if json.loads(out) != json.loads(subst(sec["stdout-json"])):
                        problems.append(f"stdout JSON differs:\n{out}")
                except ValueError as e:
                    problems.append(f"stdout is not JSON ({e}):\n{out}")
            for key, text in (("stdout-contains", out), ("stderr-contains", err)):
                for want in subst(sec.get(key, "")).splitlines():
                    if want.strip() and want not in text:
                        problems.append(f"{key.split('-')[0]} lacks {want!r}:\n{text}")
            if "stdout-lines" in sec and len(out.splitlines()) != int(sec["stdout-lines"]):
                problems.append(f"stdout has {len(out.splitlines())} lines, expected {sec['stdout-lines'].strip()}")
            if err and proc.returncode != 0 and "error" not in err and "chainwarden" not in err:
                problems.append("a failure must explain itself on stderr")
        name = os.path.basename(case)
        if problems:
            failures += 1
            print(f"FAIL {name}: chainwarden {' '.join(args)}")
            for p in problems:
                print("  " + p)
            if err:
                print("  stderr: " + err)
        else:
            print(f"ok   {name}")
    print(f"{len(opts.cases) - failures} of {len(opts.cases)} CLI cases passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
