#!/usr/bin/env python3
"""`chainwarden cvss -` on hostile bytes: CRLF line ends, NUL bytes, non-ASCII
and over-long lines.  Every output line must be valid JSON, one per
non-blank input line, in order, and the exit code 2 when any line is bad.
(The .test case format reads stdin as text, which would hide these bytes.)"""
import json
import os
import subprocess
import sys

binary = os.environ["CW_BINARY"]
lines = [
    (b"CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H\r", 7.5),
    (b"AV:\xff\xfe/AC:L", None),
    (b"a\x00b", None),
    (b"A" * 5000, None),
    (b"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", 9.3),
    (b"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/\x1b[31m", None),
]
data = b"\n".join(l for l, _ in lines) + b"\n\n"
proc = subprocess.run([binary, "cvss", "-"], input=data, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
out = proc.stdout.decode("ascii").splitlines()   # ASCII only, or this raises
problems = []
if proc.returncode != 2:
    problems.append(f"exit code {proc.returncode}, expected 2")
if len(out) != len(lines):
    problems.append(f"{len(out)} output lines for {len(lines)} input lines")
for (raw, score), text in zip(lines, out):
    obj = json.loads(text)
    if score is None:
        if "error" not in obj or not obj["error"]:
            problems.append(f"{raw[:40]!r}: no error in {text}")
        if "\x1b" in obj.get("vector", ""):
            problems.append(f"control character echoed: {text}")
    elif obj.get("score") != score:
        problems.append(f"{raw[:40]!r}: {text}, expected score {score}")
if problems:
    sys.exit("cvss_cli_bytes:\n  " + "\n  ".join(problems))
print(f"cvss_cli_bytes: {len(lines)} hostile lines handled")
