#!/usr/bin/env python3
"""`chainwarden inspect` on real and hand-written packages: precision and recall.

Benign corpus: the popular npm packages of tests/oracles/benign-corpus.txt,
fetched with `npm pack` by scripts/fetch-benign-corpus into
tests/oracles/benign/ (run here if missing).  Not one may get a `malicious`
finding; `suspicious` ones are counted and reported.

Attack corpus: tests/data/inspect/<sample>/ (hand-written, defanged
reproductions of published attacks), each inspected as a directory AND
packed as the archive its ecosystem uses (npm .tgz with a package/ prefix,
sdist .tar.gz, wheel .whl): every one must get the malicious rule ids listed
in tests/data/inspect/expected.txt.

Exit 77 (skipped) only when fewer than 50 benign tarballs could be fetched.
"""
import io
import json
import os
import subprocess
import sys
import tarfile
import tempfile
import zipfile

SRC = os.environ.get("CW_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
BIN = os.environ["CW_BINARY"]
CORPUS = os.path.join(SRC, "tests", "oracles", "benign")
SAMPLES = os.path.join(SRC, "tests", "data", "inspect")


def inspect(path):
    p = subprocess.run([BIN, "inspect", "--json", "--fail-on", "none", path],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=600)
    if p.returncode != 0:
        raise SystemExit(f"inspect {path}: exit {p.returncode}: {p.stderr.decode()}")
    return json.loads(p.stdout)


def pack(sample, how, dest):
    root = os.path.join(SAMPLES, sample)
    files = sorted(os.path.relpath(os.path.join(d, f), root)
                   for d, _, fs in os.walk(root) for f in fs)
    if how == "wheel":
        out = os.path.join(dest, sample + "-1.0-py3-none-any.whl")
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
            for f in files:
                z.write(os.path.join(root, f), f)
        return out
    out = os.path.join(dest, sample + (".tgz" if how == "npm" else ".tar.gz"))
    with tarfile.open(out, "w:gz") as t:
        for f in files:
            t.add(os.path.join(root, f), ("package/" + f) if how == "npm" else f)
    return out


def tarballs():
    return sorted(f for f in os.listdir(CORPUS) if f.endswith(".tgz")) if os.path.isdir(CORPUS) else []


def main():
    if len(tarballs()) < 50:
        subprocess.run([os.path.join(SRC, "scripts", "fetch-benign-corpus")], check=False)
    benign = tarballs()
    failures = []

    # attack samples first: they need no network
    expected = []
    with open(os.path.join(SAMPLES, "expected.txt")) as f:
        for line in f:
            if line.strip() and not line.startswith("#"):
                name, how, *rules = line.split()
                expected.append((name, how, rules))
    listed = {e[0] for e in expected}
    on_disk = {d for d in os.listdir(SAMPLES) if os.path.isdir(os.path.join(SAMPLES, d))}
    if listed != on_disk:
        failures.append(f"expected.txt and the sample folders differ: {sorted(listed ^ on_disk)}")
    tp = fn = 0
    with tempfile.TemporaryDirectory() as tmp:
        for name, how, rules in expected:
            for label, path in (("dir", os.path.join(SAMPLES, name)), (how, pack(name, how, tmp))):
                rep = inspect(path)
                got = {f["rule"] for f in rep["findings"] if f["kind"] == "malicious"}
                missing = [r for r in rules if r not in got]
                if rep["malicious"] == 0 or missing:
                    fn += 1
                    failures.append(f"attack sample {name} ({label}): missing {missing or 'any malicious finding'}")
                else:
                    tp += 1
                print(f"attack {name:24} {label:5} malicious={rep['malicious']} "
                      f"suspicious={rep['suspicious']} rules={','.join(sorted(got))}")

    if len(benign) < 50:
        print(f"inspect_corpus: SKIP benign corpus: only {len(benign)} tarballs in {CORPUS} "
              "(npm registry unreachable?); attack samples checked", file=sys.stderr)
        if failures:
            print("\n".join(failures), file=sys.stderr)
            return 1
        return 77
    fp = tn = suspicious = 0
    total_bytes = 0
    for tgz in benign:
        rep = inspect(os.path.join(CORPUS, tgz))
        total_bytes += rep["stats"]["bytes"]
        suspicious += rep["suspicious"]
        if rep["malicious"]:
            fp += 1
            bad = [f"{f['rule']} {f['file']}:{f['line']}" for f in rep["findings"] if f["kind"] == "malicious"]
            failures.append(f"benign package {tgz}: malicious findings {bad}")
        else:
            tn += 1
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    print(f"benign: {len(benign)} packages, {total_bytes} bytes, {fp} with malicious findings, "
          f"{suspicious} suspicious findings")
    print(f"attack: {tp + fn} inspections ({len(expected)} samples x dir/archive), {tp} detected")
    print(f"precision {precision:.3f} recall {recall:.3f}")
    if failures:
        print("\n".join(failures), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
