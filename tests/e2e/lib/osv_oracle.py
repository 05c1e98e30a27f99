"""osv_oracle.py - an independent OSV range evaluator for the scan tests.

Written from the OSV specification (https://ossf.github.io/osv-schema/#evaluation),
sharing no code with src/match: SemVer 2.0 precedence for npm / crates.io / Go
(Go ranges without the "v"), PEP 440 through python3-packaging for PyPI.
"""
import json
import re
import zipfile

_SEMVER = re.compile(r"^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$")


def semver_key(v):
    m = _SEMVER.match(v)
    if not m:
        raise ValueError("not semver: " + v)
    major, minor, patch, pre = m.groups()
    if pre is None:
        pre_key = (1,)
    else:
        parts = []
        for p in pre.split("."):
            parts.append((0, int(p), "") if p.isdigit() else (1, 0, p))
        pre_key = (0, tuple(parts))
    return (int(major), int(minor), int(patch), pre_key)


def _cmp_semver(a, b):
    ka, kb = semver_key(a), semver_key(b)
    # (1,) vs (0, parts): a release sorts after its prereleases
    return (ka > kb) - (ka < kb)


def _cmp_pep440(a, b):
    from packaging.version import Version
    va, vb = Version(a), Version(b)
    return (va > vb) - (va < vb)


def comparer(ecosystem):
    return _cmp_pep440 if ecosystem == "PyPI" else _cmp_semver


def affected(entry, version, ecosystem):
    cmp = comparer(ecosystem)
    if version in entry.get("versions", []):
        return True
    for rng in entry.get("ranges", []):
        if rng["type"] not in ("SEMVER", "ECOSYSTEM"):
            continue
        vulnerable = False
        limits = []
        events = []
        for ev in rng["events"]:
            (kind, val), = ev.items()
            events.append((kind, val))
        # walk: the last event at or below the version decides
        state = False
        best = None
        for kind, val in events:
            if kind == "limit":
                limits.append(val)
                continue
            if kind == "introduced" and val == "0":
                c = 1
            else:
                c = cmp(version, val)
            hits = (kind == "introduced" and c >= 0) or (kind == "fixed" and c >= 0) or \
                   (kind == "last_affected" and c > 0)
            if not hits:
                continue
            # events applying to the version: the highest bound wins
            if best is None or (val != "0" and (best[1] == "0" or cmp(val, best[1]) >= 0)):
                best = (kind, val)
        if best is not None:
            state = best[0] == "introduced"
        vulnerable = state and (not limits or any(cmp(version, lim) < 0 for lim in limits))
        if vulnerable:
            return True
    return False


def load(zip_path):
    """{(ecosystem, lowercase name): [(id, aliases, affected entry)]} of non-withdrawn records."""
    index = {}
    with zipfile.ZipFile(zip_path) as z:
        for n in z.namelist():
            rec = json.loads(z.read(n))
            if rec.get("withdrawn"):
                continue
            for a in rec.get("affected", []):
                pkg = a.get("package", {})
                key = (pkg.get("ecosystem", "").split(":")[0], pkg.get("name", "").lower())
                index.setdefault(key, []).append((rec["id"], rec.get("aliases", []), a))
    return index
