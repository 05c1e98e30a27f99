#!/usr/bin/env python3
"""The SPDX license list carried by the KB, through the CLI.

`db build --licenses` from the shared npm spdx-license-list files and from
SPDX's license-list-data layout (json/licenses.json, json/exceptions.json,
text/<id>.txt -- written here from the same shared data, with the FSF flags
SPDX publishes for a few ids); then `license info|identify|expr --kb` and
$CHAINWARDEN_KB use the KB's list instead of the compiled one.  Expected
values are read from the input files by this script.
"""
import json
import os
import subprocess
import sys
import tempfile

cw = os.environ["CW_BINARY"]
shared = os.environ["CW_SHARED_DIR"]
data = os.path.join(shared, "data/licenses")
full = json.load(open(os.path.join(data, "spdx-license-list.full.json")))
failures = 0


def fail(msg):
    global failures
    failures += 1
    print("FAIL:", msg)


def run(args, want_exit=0, env=None):
    e = dict(os.environ, CHAINWARDEN_LICENSES="", CHAINWARDEN_KB="", CHAINWARDEN_SPDX_LIST="")
    e.update(env or {})
    p = subprocess.run([cw] + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=e)
    if p.returncode != want_exit:
        sys.exit(f"chainwarden {' '.join(args)}: exit {p.returncode}, expected {want_exit}\n"
                 f"{p.stderr.decode()[-2000:]}")
    return p.stdout.decode(), p.stderr.decode()


with tempfile.TemporaryDirectory() as tmp:
    # --- the npm files ---------------------------------------------------------
    kb = os.path.join(tmp, "npm.kb")
    _, err = run(["db", "build", "--licenses", data, "-o", kb])
    if f"{len(full)} SPDX licenses" not in err:
        fail(f"db build reports: {err.strip()}")
    for lid in ("MIT", "Apache-2.0", "GPL-3.0-only", "0BSD"):
        out, _ = run(["license", "info", "--kb", kb, lid])
        info = json.loads(out)[0]
        if info["name"] != full[lid]["name"] or info["osi_approved"] != full[lid]["osiApproved"]:
            fail(f"{lid}: {info}, the list says {full[lid]['name']!r} osi={full[lid]['osiApproved']}")
    # identification from the KB's texts alone
    with tempfile.NamedTemporaryFile("w", suffix=".txt", dir=tmp, delete=False) as f:
        f.write("Copyright (c) 2021 Somebody\n\n" + full["BSD-2-Clause"]["licenseText"])
    out, _ = run(["license", "identify", "--kb", kb, "--json", f.name])
    if [m["id"] for m in json.loads(out)["licenses"]] != ["BSD-2-Clause"]:
        fail(f"identify --kb: {out}")
    # $CHAINWARDEN_KB is used when it has a list ...
    out, _ = run(["license", "identify", "--json", f.name], env={"CHAINWARDEN_KB": kb})
    if [m["id"] for m in json.loads(out)["licenses"]] != ["BSD-2-Clause"]:
        fail(f"identify with $CHAINWARDEN_KB: {out}")
    # ... and quietly not when it has none (a vulnerability-only KB)
    vuln_kb = os.path.join(tmp, "vuln.kb")
    run(["db", "build", "--kev", os.path.join(shared, "data/kev/known_exploited_vulnerabilities.json"),
         "-o", vuln_kb])
    out, _ = run(["license", "info", "MIT"], env={"CHAINWARDEN_KB": vuln_kb})
    if json.loads(out)[0]["id"] != "MIT":
        fail(f"info with a KB without licenses: {out}")
    _, err = run(["license", "info", "--kb", vuln_kb, "MIT"], want_exit=2)
    if "no license list" not in err:
        fail(f"explicit --kb without a list: {err}")
    print(f"npm files: {len(full)} licenses, info/identify through --kb and $CHAINWARDEN_KB")

    # --- SPDX license-list-data layout -------------------------------------------
    lld = os.path.join(tmp, "license-list-data")
    os.makedirs(os.path.join(lld, "json"))
    os.makedirs(os.path.join(lld, "text"))
    ids = ["MIT", "Apache-2.0", "GPL-3.0-only", "BSD-4-Clause", "CC-BY-NC-4.0"]
    # FSF's free-license list as SPDX records it for these ids
    fsf = {"MIT": True, "Apache-2.0": True, "GPL-3.0-only": True, "BSD-4-Clause": True}
    licenses = []
    for lid in ids:
        e = {"reference": f"https://spdx.org/licenses/{lid}.html", "isDeprecatedLicenseId": False,
             "name": full[lid]["name"], "licenseId": lid, "seeAlso": [],
             "isOsiApproved": full[lid]["osiApproved"]}
        if lid in fsf:
            e["isFsfLibre"] = fsf[lid]
        licenses.append(e)
        with open(os.path.join(lld, "text", lid + ".txt"), "w") as f:
            f.write(full[lid]["licenseText"])
    json.dump({"licenseListVersion": "3.27", "licenses": licenses},
              open(os.path.join(lld, "json/licenses.json"), "w"))
    json.dump({"licenseListVersion": "3.27", "exceptions": [
        {"licenseExceptionId": "Classpath-exception-2.0", "name": "Classpath exception 2.0",
         "isDeprecatedLicenseId": False}]}, open(os.path.join(lld, "json/exceptions.json"), "w"))
    kb2 = os.path.join(tmp, "lld.kb")
    run(["db", "build", "--licenses", "file://" + lld, "-o", kb2])
    out, _ = run(["license", "info", "--kb", kb2] + ids)
    got = {i["id"]: i["fsf_libre"] for i in json.loads(out)}
    want = {lid: fsf.get(lid) for lid in ids}
    if got != want:
        fail(f"fsf_libre {got}, expected {want}")
    # only the KB's ids are known now; its exception is
    run(["license", "info", "--kb", kb2, "0BSD"], want_exit=2)
    out, _ = run(["license", "expr", "--kb", kb2, "gpl-3.0-only WITH classpath-exception-2.0"])
    if out.strip() != "GPL-3.0-only WITH Classpath-exception-2.0":
        fail(f"expr --kb: {out!r}")
    run(["license", "expr", "--kb", kb2, "GPL-3.0-only WITH LLVM-exception"], want_exit=2)
    print(f"license-list-data layout: {len(ids)} licenses with FSF flags, 1 exception")

    # --- over HTTP (a local server), exceptions.json fetched from beside it -----
    import functools
    import http.server
    import threading
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass
    handler = functools.partial(Quiet, directory=lld)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/json/licenses.json"
        kb3 = os.path.join(tmp, "http.kb")
        run(["db", "build", "--licenses", url, "-o", kb3])
        out, _ = run(["license", "info", "--kb", kb3, "GPL-3.0-only"])
        if json.loads(out)[0]["fsf_libre"] is not True:
            fail(f"over HTTP: {out}")
        out, _ = run(["license", "expr", "--kb", kb3, "MIT WITH Classpath-exception-2.0"])
        if out.strip() != "MIT WITH Classpath-exception-2.0":
            fail(f"over HTTP, exceptions: {out!r}")
        _, err = run(["db", "build", "--licenses", url.replace("licenses.json", "nope.json"),
                      "-o", os.path.join(tmp, "x.kb")], want_exit=2)
        if "404" not in err:
            fail(f"a missing URL: {err}")
    finally:
        server.shutdown()
    print("over HTTP: licenses.json and exceptions.json fetched")

    # --- added to an existing KB: its other data stays ----------------------------
    kb4 = os.path.join(tmp, "both.kb")
    run(["db", "build", "--base", vuln_kb, "--licenses", data, "-o", kb4])
    out, _ = run(["db", "info", "--json", "--kb", kb4])
    info = json.loads(out)
    kev_count = len(json.load(open(os.path.join(shared, "data/kev/known_exploited_vulnerabilities.json")))
                    ["vulnerabilities"])
    if info["counts"]["kev"] != kev_count:
        fail(f"the base KB's KEV data: {info['counts']['kev']}, expected {kev_count}")
    if not any(src["kind"] == "licenses" for src in info["sources"]):
        fail(f"no licenses source recorded: {info['sources']}")
    out, _ = run(["license", "info", "--kb", kb4, "0BSD"])
    if json.loads(out)[0]["name"] != full["0BSD"]["name"]:
        fail(f"licenses added to a base KB: {out}")
    print("licenses added to a KB with KEV data")

if failures:
    sys.exit(f"{failures} failures")
print("ok")
