"""Shared bits of the e2e scripts: run the chainwarden binary, count failures.

fail(msg) records a failed check (the first 30 are printed); run(args)
returns stdout and stops the script when the exit status is not the one
expected; finish() exits non-zero when a check failed.
"""
import os
import subprocess
import sys

failures = 0


def fail(msg):
    global failures
    failures += 1
    if failures <= 30:
        print("FAIL:", msg)


def run(args, want_exit=0):
    p = subprocess.run([os.environ["CW_BINARY"]] + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if p.returncode != want_exit:
        sys.exit(f"chainwarden {' '.join(args)}: exit {p.returncode}, expected {want_exit}\n"
                 f"{p.stderr.decode()[-2000:]}")
    return p.stdout.decode()


def finish():
    if failures:
        sys.exit(f"{failures} failures")
