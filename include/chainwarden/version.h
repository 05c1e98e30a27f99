/*
 * chainwarden/version.h - exact version semantics per ecosystem.
 *
 * Each ecosystem orders versions by its own rules (node-semver, PEP 440,
 * Maven ComparableVersion, dpkg, rpmvercmp, apk, ...).  A version is parsed
 * once into a compact comparable form; comparisons on parsed versions do no
 * allocation and no re-parsing.  A range is parsed once in the ecosystem's
 * own syntax (npm "^1.2 || >=3", PEP 440 "~=1.4,!=1.4.2", Maven "[1.0,2.0)",
 * RubyGems "~> 2.1", ...).
 *
 * Ecosystem names are the OSV ecosystem names ("npm", "PyPI", "Maven", "Go",
 * "crates.io", "RubyGems", "Packagist", "NuGet", "Hex", "Pub", "Debian",
 * "Ubuntu", "Alpine", "Red Hat", "Rocky Linux", ...), matched without regard
 * to case and to a ":release" suffix ("Debian:12"); purl types ("npm",
 * "pypi", "maven", "golang", "cargo", "gem", "composer", "nuget", "hex",
 * "pub", "deb", "rpm", "apk") are accepted too.  Anything else uses the
 * documented generic fallback scheme (docs/versions.md).
 *
 * Ownership: cw_version and cw_version_range are owned by the caller and
 * released with cw_version_free() / cw_version_range_free().
 */
#ifndef CHAINWARDEN_VERSION_H
#define CHAINWARDEN_VERSION_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct cw_version_scheme cw_version_scheme;
typedef struct cw_version cw_version;
typedef struct cw_version_range cw_version_range;

/** The scheme for an ecosystem or purl type; never NULL (generic fallback). */
CW_EXTERN const cw_version_scheme *cw_version_scheme_for(const char *ecosystem);

/** The scheme's short name ("semver-npm", "pep440", "maven", "dpkg", ...). */
CW_EXTERN const char *cw_version_scheme_name(const cw_version_scheme *scheme);

/** Parse a version; CW_EINVALID with the reason when it is not valid. */
CW_EXTERN int cw_version_parse(cw_version **out, const cw_version_scheme *scheme,
                               const char *str, size_t len);

/** <0, 0, >0 as a sorts before, equal to, or after b.  Versions of two
 *  different schemes are not comparable: they get an arbitrary fixed order. */
CW_EXTERN int cw_version_compare(const cw_version *a, const cw_version *b);

/** The text the version was parsed from (borrowed). */
CW_EXTERN const char *cw_version_string_of(const cw_version *version);

CW_EXTERN void cw_version_free(cw_version *version);

/** Parse and compare two strings in one call: *out is -1, 0 or 1. */
CW_EXTERN int cw_version_compare_strings(int *out, const cw_version_scheme *scheme,
                                         const char *a, const char *b);

/** Parse a range (requirement, specifier set) in the ecosystem's syntax. */
CW_EXTERN int cw_version_range_parse(cw_version_range **out,
                                     const cw_version_scheme *scheme,
                                     const char *str, size_t len);

/** Whether `version` satisfies `range` (same scheme). */
CW_EXTERN bool cw_version_satisfies(const cw_version_range *range,
                                    const cw_version *version);

CW_EXTERN void cw_version_range_free(cw_version_range *range);

#ifdef __cplusplus
}
#endif
#endif
