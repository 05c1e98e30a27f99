#!/usr/bin/env python3
"""End-to-end: `db update` from a mirror (a local HTTP server on loopback,
started here, and file://) and signed offline bundles.

Mirror layout (docs/kb.md): osv/<eco>/all.zip, nvd/nvdcve-2.0-modified.json.gz,
kev/known_exploited_vulnerabilities.json, epss/epss_scores-current.csv.gz.
"""
import gzip
import http.server
import threading
import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import zipfile

BIN = os.environ["CW_BINARY"]
SHARED = os.environ["CW_SHARED_DIR"]
SRC = os.environ["CW_SOURCE_DIR"]
failures = []


def check(cond, msg):
    if not cond:
        failures.append(msg)
        print("FAIL:", msg, file=sys.stderr)


def run(*args, ok=True, env=None):
    e = dict(os.environ)
    e.pop("CHAINWARDEN_MIRROR", None)
    e.pop("CHAINWARDEN_KB", None)
    e.update(env or {})
    p = subprocess.run([BIN, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=600, env=e)
    if ok and p.returncode != 0:
        raise SystemExit(f"{args} failed ({p.returncode}): {p.stderr.decode()}")
    return p


def zip_count(path):
    with zipfile.ZipFile(path) as z:
        return len([n for n in z.namelist() if n.endswith(".json")])


def make_mirror(root):
    for eco in ("PyPI", "crates.io"):
        os.makedirs(os.path.join(root, "osv", eco))
        shutil.copy(os.path.join(SHARED, f"data/osv/{eco}.zip"), os.path.join(root, "osv", eco, "all.zip"))
    os.makedirs(os.path.join(root, "kev"))
    shutil.copy(os.path.join(SHARED, "data/kev/known_exploited_vulnerabilities.json"), os.path.join(root, "kev"))
    os.makedirs(os.path.join(root, "nvd"))
    with open(os.path.join(SRC, "tests/data/kb/nvd-page.json"), "rb") as f, \
            gzip.open(os.path.join(root, "nvd/nvdcve-2.0-modified.json.gz"), "wb") as g:
        g.write(f.read())
    os.makedirs(os.path.join(root, "epss"))
    with open(os.path.join(SRC, "tests/data/kb/epss.csv"), "rb") as f, \
            gzip.open(os.path.join(root, "epss/epss_scores-current.csv.gz"), "wb") as g:
        g.write(f.read())


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def start_server(root):
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "http.server", "--bind", "127.0.0.1", str(port)],
                            cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return proc, port
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("http.server did not start")


def info(kb):
    return json.loads(run("db", "info", "--json", "--kb", kb).stdout)


def test_update(tmp):
    mirror = os.path.join(tmp, "mirror")
    make_mirror(mirror)
    n_pypi = zip_count(os.path.join(mirror, "osv/PyPI/all.zip"))
    n_crates = zip_count(os.path.join(mirror, "osv/crates.io/all.zip"))
    proc, port = start_server(mirror)
    try:
        url = f"http://127.0.0.1:{port}"
        kb = os.path.join(tmp, "http", "kb.sqlite")
        run("db", "update", "--kb", kb, "--mirror", url, "--ecosystem", "PyPI", "--ecosystem", "crates.io")
        i = info(kb)
        check(i["counts"]["advisories"] + i["counts"]["malformed"] - 1 - 2 == n_pypi + n_crates,
              f"update: {i['counts']} vs {n_pypi}+{n_crates}")
        check(i["counts"]["kev"] == 1404 and i["counts"]["nvd"] == 3 and i["counts"]["epss"] == 5,
              f"update: kev/nvd/epss counts {i['counts']}")
        check(i.get("epss_model_version") == "v2023.03.01", "EPSS model version from the .gz header")
        con = sqlite3.connect(kb)
        fetched = con.execute("SELECT COUNT(*) FROM fetches WHERE last_modified IS NOT NULL").fetchone()[0]
        con.close()
        check(fetched == 5, f"validators stored for {fetched} of 5 feeds")

        # second run: every feed answers 304, the KB is left as it is
        st = os.stat(kb)
        p = run("-v", "db", "update", "--kb", kb, "--mirror", url)
        check("up to date" in p.stderr.decode(), f"no-change update: {p.stderr.decode()}")
        check(os.stat(kb).st_ino == st.st_ino and os.stat(kb).st_mtime == st.st_mtime,
              "KB rewritten although no feed changed")

        # one record modified upstream: only it is rewritten
        zpath = os.path.join(mirror, "osv/crates.io/all.zip")
        with zipfile.ZipFile(zpath) as z:
            members = {n: z.read(n) for n in z.namelist()}
        victim = sorted(members)[7]
        rec = json.loads(members[victim])
        rec["modified"] = "2099-01-01T00:00:00Z"
        members[victim] = json.dumps(rec).encode()
        with zipfile.ZipFile(zpath, "w", zipfile.ZIP_DEFLATED) as z:
            for n, data in members.items():
                z.writestr(n, data)
        later = time.time() + 5
        os.utime(zpath, (later, later))
        p = run("db", "update", "--kb", kb, "--mirror", url)
        err = p.stderr.decode()
        check(f"0 added, 1 updated, {n_crates - 1} unchanged" in err, f"incremental update: {err}")
        con = sqlite3.connect(kb)
        gen = int(con.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()[0])
        rows = con.execute("SELECT name FROM advisories WHERE generation = ?", (gen,)).fetchall()
        con.close()
        check(gen == 2 and rows == [(victim[:-5],)], f"generation {gen} rewrote {rows}, expected {victim}")

        # a missing ecosystem on the mirror is skipped with a warning
        p = run("db", "update", "--kb", kb, "--mirror", url, "--ecosystem", "NoSuchEco", "--no-nvd",
                "--no-kev", "--no-epss")
        check("not found" in p.stderr.decode(), "404 feed not reported")
        # an unreachable server fails without touching the KB
        st = os.stat(kb)
        p = run("db", "update", "--kb", kb, "--mirror", f"http://127.0.0.1:{free_port()}", "--retries", "0",
                ok=False)
        check(p.returncode == 3 and os.stat(kb).st_ino == st.st_ino, f"unreachable mirror: {p.returncode}")
    finally:
        proc.terminate()
        proc.wait()

    # file:// mirror, default from CHAINWARDEN_MIRROR
    kb2 = os.path.join(tmp, "file", "kb.sqlite")
    run("db", "update", "--kb", kb2, "--ecosystem", "PyPI", env={"CHAINWARDEN_MIRROR": "file://" + mirror})
    i = info(kb2)
    check(i["counts"]["advisories"] + sum(s["malformed"] for s in i["sources"] if s["name"].startswith("osv:")) == n_pypi,
          f"file:// update: {i['counts']}")
    check(i["counts"]["kev"] == 1404, "file:// KEV")


def test_etag(tmp):
    """A server that sends an ETag gets it back in If-None-Match and answers 304."""
    kev = open(os.path.join(SHARED, "data/kev/known_exploited_vulnerabilities.json"), "rb").read()
    seen = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *a):
            pass

        def do_GET(self):
            seen.append((self.path, self.headers.get("If-None-Match")))
            if self.path != "/kev.json":
                self.send_error(404)
                return
            if self.headers.get("If-None-Match") == '"kev-v1"':
                self.send_response(304)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("ETag", '"kev-v1"')
            self.send_header("Content-Length", str(len(kev)))
            self.end_headers()
            self.wfile.write(kev)

    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    try:
        base = f"http://127.0.0.1:{srv.server_address[1]}"
        kb = os.path.join(tmp, "etag", "kb.sqlite")
        args = ["db", "update", "--kb", kb, "--osv-url", base + "/osv/{eco}.zip", "--ecosystem", "npm",
                "--kev-url", base + "/kev.json", "--no-nvd", "--no-epss"]
        run(*args)
        check(info(kb)["counts"]["kev"] == 1404, "ETag server: KEV not loaded")
        check(("/kev.json", None) in seen, f"first request: {seen}")
        st = os.stat(kb)
        p = run("-v", *args)
        check(("/kev.json", '"kev-v1"') in seen, f"If-None-Match not sent: {seen}")
        check("up to date" in p.stderr.decode() and os.stat(kb).st_ino == st.st_ino,
              "304 on the ETag did not keep the KB")
    finally:
        srv.shutdown()


def test_bundle(tmp):
    kb = os.path.join(tmp, "b", "kb.sqlite")
    run("db", "build", "-o", kb, "--osv", os.path.join(SHARED, "data/osv/npm.zip"),
        "--kev", os.path.join(SHARED, "data/kev/known_exploited_vulnerabilities.json"))
    key = os.path.join(tmp, "signer")
    run("db", "keygen", "-o", key)
    check(oct(os.stat(key + ".key").st_mode & 0o777) == "0o600", "secret key not 0600")
    bundle = os.path.join(tmp, "kb.bundle")
    run("db", "export", "--kb", kb, "-o", bundle, "--key", key + ".key")
    check(os.path.exists(bundle + ".sig"), "no signature written")
    check(run("db", "verify", bundle, "--pubkey", key + ".pub").returncode == 0, "verify failed")
    dest = os.path.join(tmp, "site", "kb.sqlite")
    run("db", "import", bundle, "--pubkey", key + ".pub", "--kb", dest)
    a, b = info(kb), info(dest)
    check(a["counts"] == b["counts"] and a["ecosystems"] == b["ecosystems"], "imported KB differs")
    with open(kb, "rb") as f1, open(dest, "rb") as f2:
        check(f1.read() == f2.read(), "imported KB is not byte-identical")
    # another key
    run("db", "keygen", "-o", os.path.join(tmp, "other"))
    p = run("db", "import", bundle, "--pubkey", os.path.join(tmp, "other.pub"), "--kb", dest, ok=False)
    check(p.returncode == 2 and "another key" in p.stderr.decode(), "foreign key accepted")
    # tampered: one byte changed
    bad = os.path.join(tmp, "bad.bundle")
    data = bytearray(open(bundle, "rb").read())
    data[len(data) // 2] ^= 0x01
    open(bad, "wb").write(data)
    shutil.copy(bundle + ".sig", bad + ".sig")
    before = os.stat(dest)
    p = run("db", "verify", bad, "--pubkey", key + ".pub", ok=False)
    check(p.returncode == 2 and "BAD SIGNATURE" in p.stderr.decode(), "tampered bundle verified")
    p = run("db", "import", bad, "--pubkey", key + ".pub", "--kb", dest, ok=False)
    check(p.returncode == 2, "tampered bundle imported")
    check(os.stat(dest).st_ino == before.st_ino, "KB replaced by a refused import")
    # unsigned
    unsigned = os.path.join(tmp, "unsigned.bundle")
    run("db", "export", "--kb", kb, "-o", unsigned)
    p = run("db", "import", unsigned, "--pubkey", key + ".pub", "--kb", dest, ok=False)
    check(p.returncode == 2 and "not signed" in p.stderr.decode(), "unsigned bundle imported")
    p = run("db", "import", unsigned, "--kb", dest, ok=False)
    check(p.returncode == 2, "import without a key accepted")
    run("db", "import", unsigned, "--insecure", "--kb", dest)
    # --insecure still refuses a corrupted bundle (zstd checksum)
    p = run("db", "import", bad, "--insecure", "--kb", dest, ok=False)
    check(p.returncode != 0, "corrupt bundle imported with --insecure")


def main():
    tmp = tempfile.mkdtemp(prefix="cw_e2e_kbu_")
    try:
        test_update(tmp)
        test_etag(tmp)
        test_bundle(tmp)
    finally:
        shutil.rmtree(tmp)
    if failures:
        print(f"{len(failures)} failures", file=sys.stderr)
        sys.exit(1)
    print("ok")


if __name__ == "__main__":
    main()
