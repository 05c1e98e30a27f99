#!/usr/bin/env python3
"""Real lock files as the reference: every resolved version satisfies the
requirements written on it.

A package manager only writes a lock file whose resolved versions meet the
declared requirements, so each (resolved version, requirement) pair found
in the real lock files and manifests of $CW_SHARED_DIR/fixtures must be
"satisfied" by `chainwarden version satisfies`, and every resolved version
must parse.  The requirements are real ones in each ecosystem's own syntax:
  NuGet     packages.lock.json: "requested" intervals and transitive minimums
  Hex       mix.lock: every dependency requirement ("~> 1.0 or ~> 2.0")
  Pub       pubspec.yaml constraints against pubspec.lock (overrides excluded)
  Packagist composer.json and every locked package's "require"
  crates.io ripgrep's Cargo.toml requirements against its Cargo.lock
  npm       package-lock.json dependency ranges, resolved the way node does
Requirements that are not version ranges (git/path/alias specs, platform
packages such as php or ext-*, dependencies absent from the lock) are
skipped and counted.
"""
import json
import os
import re
import sys
import tomllib

import yaml

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "oracles"))
import version_cases as vc  # noqa: E402

FIX = "fixtures/other-ecosystems"


def nuget():
    lock = json.load(open(vc.shared(f"{FIX}/nuget/packages.lock.json")))
    pairs, skipped = [], 0
    for packages in lock["dependencies"].values():
        resolved = {n.lower(): p["resolved"] for n, p in packages.items() if "resolved" in p}
        for name, p in packages.items():
            if "requested" in p and "resolved" in p:
                pairs.append((p["resolved"], p["requested"]))
            for dep, rng in (p.get("dependencies") or {}).items():
                if dep.lower() in resolved:
                    pairs.append((resolved[dep.lower()], rng))
                else:
                    skipped += 1
    return pairs, skipped


def hex_():
    text = open(vc.shared(f"{FIX}/mix/mix.lock")).read()
    versions = dict(re.findall(r'\{:hex, :(\w+), "([^"]+)"', text))
    pairs, skipped = [], 0
    for atom, req, pkg in re.findall(r'\{:(\w+), "([^"]+)", \[hex: :(\w+)', text):
        if pkg in versions:
            pairs.append((versions[pkg], req))
        else:
            skipped += 1
    return pairs, skipped


def pub():
    spec = yaml.safe_load(open(vc.shared(f"{FIX}/pub/pubspec.yaml")))
    lock = yaml.safe_load(open(vc.shared(f"{FIX}/pub/pubspec.lock")))
    versions = {n: str(p["version"]) for n, p in lock["packages"].items()}
    overridden = set((spec.get("dependency_overrides") or {}).keys())
    pairs, skipped = [], 0
    for section in ("dependencies", "dev_dependencies"):
        for name, c in (spec.get(section) or {}).items():
            if isinstance(c, dict):
                c = c.get("version")
            if not isinstance(c, str) or name in overridden or name not in versions:
                skipped += 1
                continue
            pairs.append((versions[name], c))
    return pairs, skipped


PLATFORM = re.compile(r"^(php(-64bit)?|hhvm|ext-.*|lib-.*|composer(-plugin-api|-runtime-api)?)$")


def composer():
    spec = json.load(open(vc.shared(f"{FIX}/composer/composer.json")))
    lock = json.load(open(vc.shared(f"{FIX}/composer/composer.lock")))
    locked = lock["packages"] + lock.get("packages-dev", [])
    versions = {p["name"]: p["version"] for p in locked}
    requires = [spec.get("require", {}), spec.get("require-dev", {})]
    requires += [p.get("require", {}) for p in locked]
    pairs, skipped = [], 0
    for req in requires:
        for name, c in req.items():
            if PLATFORM.match(name) or name not in versions or c == "self.version":
                skipped += 1
                continue
            pairs.append((versions[name], c))
    return pairs, skipped


def cargo():
    manifest = tomllib.load(open(vc.shared(f"{FIX}/cargo/ripgrep/Cargo.toml"), "rb"))
    lock = tomllib.load(open(vc.shared(f"{FIX}/cargo/ripgrep/Cargo.lock"), "rb"))
    versions = {}
    for p in lock["package"]:
        versions.setdefault(p["name"], []).append(p["version"])
    tables = [manifest.get(k, {}) for k in ("dependencies", "dev-dependencies", "build-dependencies")]
    for target in manifest.get("target", {}).values():
        tables += [target.get(k, {}) for k in ("dependencies", "dev-dependencies")]
    pairs, skipped = [], 0
    for table in tables:
        for name, dep in table.items():
            req = dep if isinstance(dep, str) else dep.get("version")
            name = name if isinstance(dep, str) else dep.get("package", name)
            if not req or name not in versions or len(versions[name]) != 1:
                skipped += 1
                continue
            pairs.append((versions[name][0], req))
    return pairs, skipped


NOT_A_RANGE = re.compile(r"[:/]|^[a-z][a-z-]*$|^$")  # git, file:, npm: aliases, dist-tags


def npm():
    pairs, skipped = [], 0
    for size in ("small", "medium", "large"):
        lock = json.load(open(vc.shared(f"fixtures/npm/{size}/package-lock.json")))
        packages = lock.get("packages", {})
        for path, p in packages.items():
            deps = dict(p.get("dependencies") or {})
            deps.update(p.get("optionalDependencies") or {})
            if path == "":
                deps.update(p.get("devDependencies") or {})
            for dep, rng in deps.items():
                # node's lookup: the nearest node_modules/<dep> up the tree
                base, found = path, None
                while True:
                    cand = (base + "/" if base else "") + "node_modules/" + dep
                    if cand in packages:
                        found = packages[cand]
                        break
                    if not base:
                        break
                    cut = base.rfind("/node_modules/")
                    base = base[:cut] if cut >= 0 else ""
                if NOT_A_RANGE.search(rng) or not found or "version" not in found or found.get("link"):
                    skipped += 1
                    continue
                pairs.append((found["version"], rng))
    return pairs, skipped


def main():
    failures = 0
    for eco, fn in (("NuGet", nuget), ("Hex", hex_), ("Pub", pub), ("Packagist", composer),
                    ("crates.io", cargo), ("npm", npm)):
        pairs, skipped = fn()
        pairs = sorted(set(pairs))
        if len(pairs) < 10:
            print(f"{eco}: only {len(pairs)} pairs found; the fixture reader is broken")
            failures += 1
            continue
        ours, raw = vc.chainwarden_batch("satisfies", eco, pairs)
        bad = [(p, r) for p, o, r in zip(pairs, ours, raw) if o != "1"]
        for (v, rng), r in bad[:15]:
            print(f"  {eco}: {v!r} in {rng!r}? chainwarden says {r!r}, the lock file says yes")
        print(f"{eco}: {len(pairs)} resolved-version/requirement pairs, {len(bad)} disagreements "
              f"({skipped} non-version requirements skipped)")
        failures += len(bad)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
