#!/usr/bin/env python3
"""End-to-end: build the KB from every shared OSV zip, the KEV catalog and
the NVD sample, then check it against the inputs, read independently here
with Python's zipfile/json:

- advisories in the KB + malformed reported = records in the zips, per zip;
- per-ecosystem advisory counts and the withdrawn count match the inputs;
- `db show --json` gives back each sampled advisory's `affected` exactly
  (ranges, events, versions, ecosystem_specific, database_specific);
- a query by an alias finds the advisory; `db search` finds by normalized name;
- KEV and NVD counts match; an incremental build with one modified record
  rewrites only that record.
"""
import glob
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import zipfile

BIN = os.environ["CW_BINARY"]
SHARED = os.environ["CW_SHARED_DIR"]
SRC = os.environ.get("CW_SOURCE_DIR", os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
failures = []


def check(cond, msg):
    if not cond:
        failures.append(msg)
        print("FAIL:", msg, file=sys.stderr)


def run(*args, ok=True):
    p = subprocess.run([BIN, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=600)
    if ok and p.returncode != 0:
        raise SystemExit(f"{args} failed ({p.returncode}): {p.stderr.decode()}")
    return p


def load_zips():
    recs = {}
    per_zip = {}
    for z in sorted(glob.glob(os.path.join(SHARED, "data/osv/*.zip"))):
        with zipfile.ZipFile(z) as zf:
            names = [n for n in zf.namelist() if n.endswith(".json")]
            per_zip[os.path.basename(z)] = len(names)
            for n in names:
                recs[n[:-5]] = json.loads(zf.read(n))
    return recs, per_zip


def main():
    recs, per_zip = load_zips()
    kev = json.load(open(os.path.join(SHARED, "data/kev/known_exploited_vulnerabilities.json")))
    nvd_path = os.path.join(SHARED, "data/nvd/nvdcve-2.0-sample.json")
    nvd = json.load(open(nvd_path))
    tmp = tempfile.mkdtemp(prefix="cw_e2e_kb_")
    try:
        kb = os.path.join(tmp, "kb.sqlite")
        args = ["db", "build", "-o", kb]
        for z in sorted(glob.glob(os.path.join(SHARED, "data/osv/*.zip"))):
            args += ["--osv", z]
        args += ["--kev", os.path.join(SHARED, "data/kev/known_exploited_vulnerabilities.json"),
                 "--nvd", nvd_path]
        run(*args)
        info = json.loads(run("db", "info", "--json", "--kb", kb).stdout)
        sources = {s["name"]: s for s in info["sources"]}
        total_malformed = 0
        for name, n in per_zip.items():
            s = sources.get("osv:" + name)
            check(s is not None, f"source osv:{name} missing from db info")
            if s:
                check(s["records"] == n, f"{name}: {s['records']} records read, zip has {n}")
                total_malformed += s["malformed"]
        check(info["counts"]["advisories"] == len(recs) - total_malformed,
              f"advisories {info['counts']['advisories']} != {len(recs)} - {total_malformed}")
        check(info["counts"]["malformed"] == total_malformed + sources["kev:known_exploited_vulnerabilities.json"]["malformed"]
              + sources["nvd:nvdcve-2.0-sample.json"]["malformed"], "malformed total in db info")
        withdrawn = sum(1 for r in recs.values() if r.get("withdrawn"))
        check(info["counts"]["withdrawn"] == withdrawn, f"withdrawn {info['counts']['withdrawn']} != {withdrawn}")
        per_eco = {}
        for r in recs.values():
            for eco in {a["package"]["ecosystem"].split(":")[0] for a in r.get("affected", []) if "package" in a}:
                per_eco[eco] = per_eco.get(eco, 0) + 1
        got_eco = {k: v["advisories"] for k, v in info["ecosystems"].items()}
        check(got_eco == per_eco, f"per-ecosystem counts {got_eco} != {per_eco}")
        check(info["counts"]["kev"] == len(kev["vulnerabilities"]) == kev["count"], "KEV count")
        check(info["counts"]["nvd"] == len(nvd["vulnerabilities"]), "NVD count")

        # db show round-trips affected exactly, for a sample of every kind of record
        ids = sorted(recs)
        sample = ids[::40]
        sample += [i for i in ids if any(rg["type"] == "GIT" for a in recs[i].get("affected", [])
                                         for rg in a.get("ranges", []))][:20]
        sample += [i for i in ids if recs[i].get("withdrawn")][:5]
        sample += [i for i in ids if any(e.get("last_affected") for a in recs[i].get("affected", [])
                                         for rg in a.get("ranges", []) for e in rg["events"])][:20]
        for i in sample:
            doc = json.loads(run("db", "show", "--json", "--kb", kb, i).stdout)
            mine = [o for o in doc["osv"] if o["id"] == i]
            check(len(mine) == 1, f"{i}: db show has {len(mine)} OSV records with that id")
            if not mine:
                continue
            o = mine[0]
            check(o.get("affected", []) == recs[i].get("affected", []), f"{i}: affected differs")
            for key in ("modified", "published", "withdrawn", "summary", "details", "aliases",
                        "severity", "references", "credits", "database_specific", "related"):
                # an empty list and an absent member mean the same in OSV
                want = recs[i].get(key)
                check(o.get(key) == (None if want == [] else want), f"{i}: {key} differs")
            if len(sample) % 3 == 0 or i == sample[0]:
                raw = run("db", "show", "--raw", "--kb", kb, i).stdout
                check(json.loads(raw) == recs[i], f"{i}: --raw differs from the zip")
        print(f"round-tripped {len(sample)} advisories")

        # query by alias finds the group
        with_alias = [i for i in ids if recs[i].get("aliases")][:30]
        for i in with_alias:
            alias = recs[i]["aliases"][0]
            doc = json.loads(run("db", "show", "--json", "--kb", kb, alias).stdout)
            check(i in [o["id"] for o in doc["osv"]], f"show {alias} does not list {i}")
            check(alias in doc["ids"] and i in doc["ids"], f"group of {alias} lacks ids")
        # search by a differently spelled name
        pypi = [i for i in ids if recs[i].get("affected") and recs[i]["affected"][0]["package"]["ecosystem"] == "PyPI"
                and not recs[i].get("withdrawn")]
        name = recs[pypi[0]]["affected"][0]["package"]["name"]
        out = json.loads(run("db", "search", "--json", "--kb", kb, name.upper().replace("-", "_"),
                             "--ecosystem", "PyPI").stdout)
        want = sorted({i for i in pypi if any(a["package"]["name"].lower().replace("_", "-") == name.lower().replace("_", "-")
                                             for a in recs[i]["affected"])})
        got = sorted({r["id"] for r in out["results"]})
        check(got == want, f"search {name}: {got} != {want}")

        # incremental: one modified record is the only one rewritten
        some = ids[100]
        z = [z for z in glob.glob(os.path.join(SHARED, "data/osv/*.zip"))
             if some + ".json" in zipfile.ZipFile(z).namelist()][0]
        d = os.path.join(tmp, "changed")
        os.mkdir(d)
        rec = dict(recs[some])
        rec["modified"] = "2099-01-01T00:00:00Z"
        rec["summary"] = "changed summary"
        with open(os.path.join(d, some + ".json"), "w") as f:
            json.dump(rec, f)
        kb2 = os.path.join(tmp, "kb2.sqlite")
        p = run("db", "build", "--base", kb, "--osv", z, "--osv", d, "-o", kb2)
        err = p.stderr.decode()
        n_zip = per_zip[os.path.basename(z)]
        check(f"0 added, 1 updated, {n_zip} unchanged" in err, f"incremental stats: {err}")
        con = sqlite3.connect(kb2)
        gens = con.execute("SELECT generation, COUNT(*) FROM advisories GROUP BY generation").fetchall()
        check(dict(gens) == {1: len(recs) - total_malformed - 1, 2: 1}, f"generations {gens}")
        check(con.execute("SELECT name FROM advisories WHERE generation = 2").fetchone()[0] == some,
              "the rewritten record is not the modified one")
        con.close()
        doc = json.loads(run("db", "show", "--json", "--kb", kb2, some).stdout)
        check([o for o in doc["osv"] if o["id"] == some][0]["summary"] == "changed summary", "update not visible")

        # size: KB vs uncompressed JSON
        json_bytes = sum(i.file_size for z in glob.glob(os.path.join(SHARED, "data/osv/*.zip"))
                         for i in zipfile.ZipFile(z).infolist())
        ratio = os.path.getsize(kb) / json_bytes
        print(f"KB {os.path.getsize(kb)} bytes, OSV JSON {json_bytes} bytes: {ratio:.2f}x")
        check(ratio <= 1.5, f"KB is {ratio:.2f}x the JSON (target <= 1.5x)")
    finally:
        shutil.rmtree(tmp)
    if failures:
        print(f"{len(failures)} failures", file=sys.stderr)
        sys.exit(1)
    print("ok")


if __name__ == "__main__":
    main()
