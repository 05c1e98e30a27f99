/*
 * chainwarden/license.h - SPDX license identifiers, expressions and facts.
 *
 * Expressions follow SPDX 2.3 Annex D: license ids (with '+'), LicenseRef-
 * and DocumentRef-...:LicenseRef- references, WITH exceptions (including
 * AdditionRef-), AND, OR and parentheses; WITH binds tighter than AND, AND
 * tighter than OR.  Ids are matched without regard to case and written back
 * in the list's case.  The default license list is compiled in (generated
 * from data/spdx/); a newer list can be loaded at start-up from SPDX's
 * JSON files (cw_license_list_load, cw_license_exceptions_load) or from a
 * KB (cw_kb_licenses_use in chainwarden/kb.h).
 *
 * Ownership: a cw_license_expr is owned by the caller and released with
 * cw_license_expr_free(); strings returned through `char **out` are freed
 * with free(); cw_license_info pointers are static.
 */
#ifndef CHAINWARDEN_LICENSE_H
#define CHAINWARDEN_LICENSE_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** License categories, from most to least permissive obligations. */
typedef enum {
	CW_LICENSE_UNKNOWN = 0,
	CW_LICENSE_PUBLIC_DOMAIN,
	CW_LICENSE_PERMISSIVE,
	CW_LICENSE_WEAK_COPYLEFT,
	CW_LICENSE_STRONG_COPYLEFT,
	CW_LICENSE_NETWORK_COPYLEFT,
	CW_LICENSE_SOURCE_AVAILABLE,
	CW_LICENSE_PROPRIETARY
} cw_license_category;

/** Facts about one SPDX license id. */
typedef struct {
	const char *id;            /**< canonical case */
	const char *name;
	const char *url;           /**< the SPDX list's reference URL, or "" */
	bool osi_approved;
	bool deprecated;
	cw_license_category category;
	signed char fsf_libre;     /**< 1 yes, 0 no, -1 not known (the compiled
	                                list does not carry it; a loaded
	                                licenses.json does) */
} cw_license_info;

/**
 * Use a newer SPDX license list instead of the compiled one: SPDX's
 * license-list-data `licenses.json` ({"licenses": [{"licenseId", "name",
 * "isOsiApproved", "isFsfLibre", "isDeprecatedLicenseId", "seeAlso"}]}) or
 * the npm spdx-license-list format ({id: {name, osiApproved, url}}).
 * Call it at start-up, before any other license function: lookups and the
 * name tables of cw_license_normalize() use the list active at first use.
 */
CW_EXTERN int cw_license_list_load(const char *json, size_t len, const char *path);

/**
 * Use a newer SPDX exception list: SPDX's license-list-data
 * `exceptions.json` ({"exceptions": [{"licenseExceptionId", "name",
 * "isDeprecatedLicenseId"}]}) or a JSON array of ids (npm spdx-exceptions).
 * Same rules as cw_license_list_load().
 */
CW_EXTERN int cw_license_exceptions_load(const char *json, size_t len, const char *path);

/** Number of exceptions on the active list. */
CW_EXTERN size_t cw_license_exception_count(void);

/** Number of licenses on the active list. */
CW_EXTERN size_t cw_license_list_count(void);

/** The SPDX license `id` (any case), or NULL.  Static storage. */
CW_EXTERN const cw_license_info *cw_license_lookup(const char *id, size_t len);

/** Canonical case of an SPDX exception id (any case), or NULL. */
CW_EXTERN const char *cw_license_exception_lookup(const char *id, size_t len);

/** "permissive", "weak-copyleft", ... */
CW_EXTERN const char *cw_license_category_name(cw_license_category category);

/** The category of a license id per the default table (and overrides). */
CW_EXTERN cw_license_category cw_license_category_of(const char *id);

/**
 * Replace the category table: `text` in data/license-categories.tsv format
 * is consulted before the compiled default.  `path` names it in errors.
 * Not thread-safe: call before using the module from several threads.
 */
CW_EXTERN int cw_license_categories_load(const char *text, size_t len, const char *path);

typedef struct cw_license_expr cw_license_expr;

/** Parse flags. */
enum {
	/** Keep ids that are not on the SPDX list (reported by
	 *  cw_license_expr_has_unknown) instead of failing. */
	CW_LICENSE_PARSE_ALLOW_UNKNOWN = 1 << 0,
	/** Accept lowercase operators ("mit or apache-2.0"); SPDX says they
	 *  are case-sensitive, but real package metadata is not. */
	CW_LICENSE_PARSE_LAX_OPERATORS = 1 << 1
};

/**
 * Parse an SPDX license expression.
 * @return 0; CW_EINVALID with the offset and what was expected.
 */
CW_EXTERN int cw_license_expr_parse(cw_license_expr **out, const char *str, size_t len,
                                    unsigned flags);

/** The expression in canonical form: list case, single spaces, minimal parentheses. */
CW_EXTERN int cw_license_expr_to_string(char **out, const cw_license_expr *expr);

/**
 * Simplify in place: deprecated ids become their current equivalents
 * (GPL-2.0+ -> GPL-2.0-or-later, GPL-2.0-with-GCC-exception -> GPL-2.0-only
 * WITH GCC-exception-2.0), nested AND/OR are flattened, duplicate operands
 * dropped, and absorbed terms removed (A AND (A OR B) -> A).
 */
CW_EXTERN int cw_license_expr_simplify(cw_license_expr *expr);

/** Whether the expression holds an id not on the SPDX list. */
CW_EXTERN bool cw_license_expr_has_unknown(const cw_license_expr *expr);

CW_EXTERN void cw_license_expr_free(cw_license_expr *expr);

/** How a declared license string was mapped (see cw_license_normalize). */
typedef struct {
	char *expression;     /**< SPDX expression, or "NOASSERTION" (malloc'd) */
	double confidence;    /**< 1.0 valid SPDX ... 0.5 guessed family ... 0 none */
	const char *method;   /**< "spdx", "alias", "name", "url", "family", "none" (static) */
} cw_license_normalized;

/**
 * Map a declared license string as packages write them ("Apache 2.0",
 * "GPLv2+", "MIT/X11", "BSD", "dual MIT/GPL", license URLs, Python
 * classifiers "License :: OSI Approved :: MIT License", Debian DEP-5 short
 * names "GPL-2+ with Bison exception", Maven and NuGet names and URLs) to an
 * SPDX expression with a confidence.  What cannot be mapped gives
 * "NOASSERTION" with confidence 0; the caller keeps the original string.
 * Release with cw_license_normalized_free().
 */
CW_EXTERN int cw_license_normalize(cw_license_normalized *out, const char *declared, size_t len);

CW_EXTERN void cw_license_normalized_free(cw_license_normalized *n);

/*
 * License policy: a verdict per license expression.
 *
 * A policy names licenses to allow, to review and to deny (ids or '*'
 * globs), a verdict per category, and the project's distribution model,
 * which changes what copyleft means: GPL obliges when a binary is
 * distributed, AGPL already when users reach the software over a network.
 * Explicit lists win over categories; deny wins over review over allow.
 * For an expression, OR takes the best alternative (the licensee chooses),
 * AND the worst part; "WITH" a linking exception (Classpath, GCC runtime,
 * LLVM, ...) counts a strong copyleft license as weak copyleft.
 */
typedef enum {
	CW_VERDICT_ALLOW = 0,
	CW_VERDICT_REVIEW = 1,
	CW_VERDICT_DENY = 2
} cw_license_verdict;

typedef enum {
	CW_DISTRIBUTION_INTERNAL = 0,   /**< used inside the organisation only */
	CW_DISTRIBUTION_NETWORK = 1,    /**< offered to others as a network service */
	CW_DISTRIBUTION_BINARY = 2      /**< shipped to others (binaries, images, apps) */
} cw_distribution;

typedef struct cw_license_policy cw_license_policy;

/** The default policy for a distribution model (documented in docs/licenses.md). */
CW_EXTERN int cw_license_policy_default(cw_license_policy **out, cw_distribution model);

/**
 * Load a policy from YAML (format in docs/licenses.md); `path` names it in
 * errors ("policy.yaml:7:3: unknown category 'copyleft'").
 */
CW_EXTERN int cw_license_policy_load(cw_license_policy **out, const char *yaml, size_t len,
                                     const char *path);

CW_EXTERN cw_distribution cw_license_policy_distribution(const cw_license_policy *policy);

/** Change the distribution model (e.g. from a command-line flag). */
CW_EXTERN void cw_license_policy_set_distribution(cw_license_policy *policy,
                                                  cw_distribution model);

CW_EXTERN void cw_license_policy_free(cw_license_policy *policy);

/**
 * The verdict for an SPDX expression ("NOASSERTION" and unparsable text are
 * judged as category unknown).  `reason` (may be NULL) receives why, e.g.
 * "AGPL-3.0-only: network-copyleft, denied for a network service".
 */
CW_EXTERN cw_license_verdict cw_license_policy_evaluate(const cw_license_policy *policy,
                                                        const char *expression,
                                                        char *reason, size_t reason_size);

CW_EXTERN const char *cw_license_verdict_name(cw_license_verdict verdict);
CW_EXTERN const char *cw_distribution_name(cw_distribution model);

/** Parse "internal", "network-service", "distributed" (and short forms). */
CW_EXTERN int cw_distribution_parse(cw_distribution *out, const char *name);

/*
 * License text identification.  The SPDX license texts are not compiled in:
 * they are loaded from the SPDX list (the JSON of the npm spdx-license-list
 * "full" file, {id: {name, licenseText, ...}}) or from a directory of
 * <id>.txt files (the SPDX license-list-data text/ folder).  Texts are
 * normalised per the SPDX matching guidelines (case, whitespace,
 * punctuation, bullets, copyright lines, equivalent words) and compared as
 * sets of word 4-grams; coverage is the share of a license's 4-grams found.
 */
typedef struct cw_license_db cw_license_db;

/** Load license texts from a JSON file or a directory of <id>.txt files. */
CW_EXTERN int cw_license_db_load(cw_license_db **out, const char *path);

/**
 * Index `count` license texts held in memory (ids[i] with texts[i] of
 * lens[i] bytes, copied), e.g. those stored in a KB.
 */
CW_EXTERN int cw_license_db_from_texts(cw_license_db **out, size_t count,
                                       const char *const *ids, const char *const *texts,
                                       const size_t *lens);

/** Number of licenses indexed (deprecated ids are left out). */
CW_EXTERN size_t cw_license_db_count(const cw_license_db *db);

CW_EXTERN void cw_license_db_free(cw_license_db *db);

/** The text of license `id` as loaded (borrowed), or NULL. */
CW_EXTERN const char *cw_license_db_text(const cw_license_db *db, const char *id);

/** One license found in a text. */
typedef struct {
	char id[128];            /**< SPDX id (an expression for "spdx-id") */
	const char *method;      /**< "text" (full text), "notice" (a standard
	                              header such as the GPL's "either version 2
	                              ... or any later version"), "spdx-id" (an
	                              SPDX-License-Identifier line); static */
	double coverage;         /**< percent of the license's text present
	                              (100 for notices and identifiers) */
	size_t start_line;       /**< 1-based lines of the text that matched */
	size_t end_line;
} cw_license_match;

/**
 * Identify the licenses in `text`: every license whose coverage reaches
 * `min_coverage` percent, best first; the text matched by one is not
 * counted again for the next (so BSD-3-Clause is not also BSD-2-Clause).
 * Where several ids share one text (GPL-2.0-only and GPL-2.0-or-later), a
 * notice saying "or (at your option) any later version" picks -or-later.
 * *out is malloc'd (free()); *count may be 0.
 */
CW_EXTERN int cw_license_identify(cw_license_match **out, size_t *count,
                                  const cw_license_db *db, const char *text, size_t len,
                                  double min_coverage);

/**
 * The copyright notices in a text ("Copyright (c) 2019 Jane Doe", "© ACME"),
 * one per line as written, comment markers and surrounding space removed,
 * without repeats and without license templates' placeholders
 * ("<year> <owner>").  *out is an array of malloc'd strings; release it with
 * cw_license_copyrights_free().
 */
CW_EXTERN int cw_license_copyrights(char ***out, size_t *count, const char *text, size_t len);

CW_EXTERN void cw_license_copyrights_free(char **lines, size_t count);

/*
 * License files in a tree.
 *
 * A walk of a directory (entering node_modules, vendor, site-packages and
 * every other folder; never following directory symlinks) finds the
 * license files -- names starting with LICENSE, LICENCE, COPYING, NOTICE
 * or UNLICENSE in any case, plus "*-LICENSE" (MIT-LICENSE), but not source
 * files such as license.js -- identifies each with the license texts, and
 * names the package that ships it from the package metadata beside it
 * (package.json, *.dist-info/METADATA, *.egg-info/PKG-INFO, Cargo.toml,
 * composer.json, gems/<name>-<version>/, vendor/modules.txt for Go).
 */
struct cw_inventory;

/** One license file found by cw_license_files_scan().  Strings borrowed. */
typedef struct {
	const char *path;           /**< the scan root joined with the file's relative path */
	const char *package_dir;    /**< the package's directory (the file's, or its parent for
	                                 licenses/ folders), as `path` */
	const char *ecosystem;      /**< purl type of the package shipping it ("npm", "pypi",
	                                 "cargo", "golang", "gem", "composer"), NULL if none */
	const char *name;           /**< package name (NULL if none) */
	const char *version;        /**< package version (NULL if unknown) */
	const char *expression;     /**< the licenses found joined with AND, or "NOASSERTION" */
	double confidence;          /**< 0..1: the lowest coverage among them (0 for none) */
	const cw_license_match *matches;
	size_t match_count;
	const char *const *copyrights; /**< copyright notices in the file */
	size_t copyright_count;
	const char *skipped;        /**< why it was not read ("larger than ..."), else NULL */
	size_t component;           /**< the inventory component it was found with
	                                 (cw_license_files_from_inventory), else SIZE_MAX */
} cw_license_file;

typedef struct cw_license_files cw_license_files;

#define CW_LICENSE_SCAN_OPTIONS_VERSION 1

typedef struct {
	unsigned version;           /**< CW_LICENSE_SCAN_OPTIONS_VERSION */
	size_t max_file_size;       /**< larger license files are listed as skipped; 0: 1 MiB */
	size_t max_files;           /**< stop after this many license files; 0: 200000 */
	double min_coverage;        /**< percent, as cw_license_identify(); 0: 75 */
} cw_license_scan_options;

#define CW_LICENSE_SCAN_OPTIONS_INIT { CW_LICENSE_SCAN_OPTIONS_VERSION, 0, 0, 0 }

/** Whether a file name is one of a license file (LICENSE*, COPYING*, MIT-LICENSE; not license.js). */
CW_EXTERN bool cw_license_file_name_is_license(const char *name);

/**
 * Find and identify the license files under `path` (a directory, or one
 * file).  `db` (may be NULL) gives the license texts; without it only
 * SPDX-License-Identifier lines are recognised.  Files are listed in path
 * order.  Identical files (byte for byte) are identified once.
 * @return 0; CW_ENOTFOUND / CW_EIO when `path` cannot be read.
 */
CW_EXTERN int cw_license_files_scan(cw_license_files **out, const char *path,
                                    const cw_license_db *db,
                                    const cw_license_scan_options *opts);

/**
 * The license files an image scan kept with the installed packages it
 * found (cw_inventory_license_file_get()), identified as
 * cw_license_files_scan() does; each names its component.
 */
CW_EXTERN int cw_license_files_from_inventory(cw_license_files **out,
                                              const struct cw_inventory *inv,
                                              const cw_license_db *db,
                                              const cw_license_scan_options *opts);

CW_EXTERN size_t cw_license_files_count(const cw_license_files *files);

/** File `i` (< count), borrowed. */
CW_EXTERN const cw_license_file *cw_license_files_get(const cw_license_files *files, size_t i);

CW_EXTERN void cw_license_files_free(cw_license_files *files);

/**
 * Attach the licenses and copyright notices of the files to the components
 * of `inv` that ship them (cw_component.found_licenses, .copyrights): by
 * the component's own directory (installed packages), else by ecosystem,
 * name and version (lockfile entries).  Files outside any package go to
 * the root component of a lockfile or manifest in the same directory; a
 * file from cw_license_files_from_inventory() to its own component.
 * @param attached  receives the number of files attached (may be NULL)
 */
CW_EXTERN int cw_license_files_attach(struct cw_inventory *inv, const cw_license_files *files,
                                      size_t *attached);

/**
 * The copyright notices of a Debian copyright file: DEP-5 "Copyright:"
 * fields (continuation lines included, one notice per line, "Copyright"
 * prefixed when the field omits it), or for a file that is not DEP-5 its
 * "Copyright ..." lines.  Release with cw_license_copyrights_free().
 */
CW_EXTERN int cw_license_dep5_copyrights(char ***out, size_t *count, const char *text,
                                         size_t len);

/*
 * Licenses of an inventory's components.
 */

/** The license verdict for one component. */
typedef struct {
	size_t component;          /**< index in the inventory */
	const char *name;          /**< the component's name and version (borrowed) */
	const char *version;
	const char *declared;      /**< as the package declares it, or NULL (borrowed) */
	char expression[256];      /**< normalised SPDX expression or NOASSERTION */
	double confidence;         /**< of the normalisation */
	cw_license_verdict verdict;
	char reason[256];
	/* Licenses found in the component's license files (cw_license_files_attach). */
	char found[256];           /**< their ids joined with AND, or "" when none */
	const char *evidence;      /**< the first license file behind `found` (borrowed), or NULL */
	double found_confidence;   /**< the lowest coverage among them, 0..1 */
	const char *source;        /**< where `expression` comes from: "declared", "file"
	                                (nothing declared), or "none" (static) */
	bool mismatch;             /**< the files name a license the declaration does not
	                                (declared MIT, LICENSE says GPL-3.0): at least review */
} cw_license_finding;

/**
 * Judge every library component of `inv` (roots and workspaces are the
 * project itself and are skipped) under `policy`.  *out (free()) is sorted
 * deny first, then review, then allow, then by name.
 *
 * The declared license decides.  Licenses found in the component's files
 * (cw_component.found_licenses, coverage of at least 75%) stand in when
 * nothing is declared, and never override a declaration: when they name a
 * license the declaration does not (versions "-only"/"-or-later" aside),
 * the finding is a mismatch, at least "review", and "deny" when the
 * policy denies what the files say.
 */
CW_EXTERN int cw_license_check(cw_license_finding **out, size_t *count,
                               const struct cw_inventory *inv,
                               const cw_license_policy *policy);

typedef enum {
	CW_NOTICE_TEXT = 0,
	CW_NOTICE_MARKDOWN = 1,
	CW_NOTICE_HTML = 2
} cw_notice_format;

/**
 * An attribution report: components grouped by license, each license with
 * its full text when `db` (may be NULL) has it.  *out is malloc'd (free()).
 */
CW_EXTERN int cw_license_notice(char **out, const struct cw_inventory *inv,
                                const cw_license_db *db, cw_notice_format format);

#ifdef __cplusplus
}
#endif
#endif
