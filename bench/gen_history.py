#!/usr/bin/env python3
"""Generate a git repository with N commits for bench_health.

Usage: gen_history.py DIR [COMMITS] (default 100000)

Written with `git fast-import` (seconds, not hours): 40 authors from 8
domains plus a bot, commits spread evenly over the three years before
2026-06-01, each changing one of 200 files; a merge every 50 commits (a
side branch of one commit), an annotated release tag every 2000 commits, a
few workflow files.  Deterministic: the same N gives the same repository.
"""
import os
import subprocess
import sys

NOW = 1780272000
SPAN = 3 * 365 * 86400


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    path = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 100000
    subprocess.run(["git", "init", "-q", "-b", "main", path], check=True)
    fi = subprocess.Popen(["git", "-C", path, "fast-import", "--quiet"], stdin=subprocess.PIPE)
    out = fi.stdin
    authors = [(f"Dev {i}", f"dev{i}@org{i % 8}.example") for i in range(40)]
    authors.append(("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com"))
    workflow = (b"on: [push]\npermissions: read-all\njobs:\n  t:\n    runs-on: x\n    steps:\n"
                b"      - uses: actions/checkout@v4\n      - run: make test\n")
    mark = 0
    last = None
    for i in range(n):
        t = NOW - SPAN + SPAN * i // n
        name, email = authors[(i * 7 + i // 13) % len(authors)]
        body = f"line {i}\n".encode()
        msg = f"change {i}\n".encode()
        if i % 50 == 25:
            # a one-commit side branch, merged below
            mark += 1
            side = mark
            out.write(b"commit refs/heads/side\n")
            out.write(f"mark :{side}\n".encode())
            out.write(f"author {name} <{email}> {t} +0000\ncommitter {name} <{email}> {t} +0000\n".encode())
            out.write(f"data {len(msg)}\n".encode() + msg)
            if last:
                out.write(f"from :{last}\n".encode())
            out.write(f"M 644 inline side/f{i % 20}.txt\ndata {len(body)}\n".encode() + body)
        mark += 1
        out.write(b"commit refs/heads/main\n")
        out.write(f"mark :{mark}\n".encode())
        out.write(f"author {name} <{email}> {t} +0000\ncommitter {name} <{email}> {t} +0000\n".encode())
        out.write(f"data {len(msg)}\n".encode() + msg)
        if last:
            out.write(f"from :{last}\n".encode())
        if i % 50 == 25:
            out.write(f"merge :{side}\n".encode())
        out.write(f"M 644 inline src/f{i % 200}.c\ndata {len(body)}\n".encode() + body)
        if i == 0:
            out.write(f"M 644 inline .github/workflows/ci.yml\ndata {len(workflow)}\n".encode() + workflow)
        last = mark
        if i % 2000 == 1999:
            tmsg = f"release {i // 2000}\n".encode()
            out.write(f"tag v{i // 2000}.0.0\nfrom :{mark}\n".encode())
            out.write(f"tagger {name} <{email}> {t} +0000\ndata {len(tmsg)}\n".encode() + tmsg)
    out.close()
    if fi.wait() != 0:
        sys.exit("git fast-import failed")
    subprocess.run(["git", "-C", path, "checkout", "-q", "main"], check=True)
    subprocess.run(["git", "-C", path, "gc", "-q"], check=True)


if __name__ == "__main__":
    main()
