/*
 * chainwarden/kb.h - the vulnerability knowledge base (KB).
 *
 * The KB is one SQLite file holding OSV advisories, NVD CVE records, the
 * CISA KEV catalog and FIRST EPSS scores, linked through aliases so that a
 * query by any id (CVE, GHSA, PYSEC, GO, RUSTSEC, ...) finds the whole group.
 * The layout is documented in docs/kb.md.
 *
 * A KB file is immutable once built: a builder writes a temporary file in
 * the target's directory, fsyncs it and renames it over the target, so
 * readers never see a half-written KB.  An update is a build that starts
 * from the previous KB and rewrites only records whose `modified` changed.
 *
 * Ownership: see common.h.  Strings returned through `char **out` are
 * malloc'd and released with free().
 */
#ifndef CHAINWARDEN_KB_H
#define CHAINWARDEN_KB_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Schema version written into every KB (meta key `schema_version`). */
#define CW_KB_SCHEMA_VERSION 3

typedef struct cw_kb cw_kb;
typedef struct cw_kb_builder cw_kb_builder;

/** Output format of the query functions. */
typedef enum {
	CW_KB_FORMAT_TEXT = 0,  /**< readable text for a terminal */
	CW_KB_FORMAT_JSON = 1   /**< pretty-printed JSON */
} cw_kb_format;

/** Options of cw_kb_builder_new(). */
typedef struct {
	unsigned version;      /**< CW_KB_BUILD_OPTIONS_VERSION */
	const char *base;      /**< existing KB to update incrementally, or NULL */
	bool progress;         /**< draw a progress bar on a TTY */
} cw_kb_build_options;

#define CW_KB_BUILD_OPTIONS_VERSION 1
#define CW_KB_BUILD_OPTIONS_INIT { CW_KB_BUILD_OPTIONS_VERSION, NULL, false }

/** What a build (or update) did; filled by cw_kb_builder_finish(). */
typedef struct {
	uint64_t added;       /**< advisories/CVE records new in this KB */
	uint64_t updated;     /**< records rewritten because `modified` changed */
	uint64_t unchanged;   /**< records seen with the same `modified` (kept) */
	uint64_t malformed;   /**< records skipped with a warning */
	uint64_t kev;         /**< KEV entries loaded */
	uint64_t epss;        /**< EPSS rows loaded */
	uint64_t licenses;    /**< SPDX licenses loaded (cw_kb_builder_add_licenses) */
} cw_kb_build_stats;

/**
 * Start building the KB at `path`.  Nothing is visible at `path` until
 * cw_kb_builder_finish() succeeds.  `path` NULL builds in memory (for tests
 * and fuzzing; finish then only checks).  `opts` may be NULL.
 */
CW_EXTERN int cw_kb_builder_new(cw_kb_builder **out, const char *path,
                                const cw_kb_build_options *opts);

/**
 * Add OSV records from `path`: a zip of JSON records (the per-ecosystem
 * all.zip export), a directory searched recursively for *.json, or one
 * JSON file.  Malformed records are skipped with a warning and counted.
 */
CW_EXTERN int cw_kb_builder_add_osv(cw_kb_builder *b, const char *path);

/** Add one OSV record held in memory; `label` names it in warnings. */
CW_EXTERN int cw_kb_builder_add_osv_record(cw_kb_builder *b, const char *data, size_t len,
                                           const char *label);

/** Add NVD CVE API 2.0 JSON (an API page or yearly file, plain or .gz, or a directory). */
CW_EXTERN int cw_kb_builder_add_nvd(cw_kb_builder *b, const char *path);

/** Add an NVD CVE API 2.0 document held in memory. */
CW_EXTERN int cw_kb_builder_add_nvd_data(cw_kb_builder *b, const char *data, size_t len,
                                         const char *label);

/** Load the CISA KEV catalog JSON (replaces any KEV data of the base KB). */
CW_EXTERN int cw_kb_builder_add_kev(cw_kb_builder *b, const char *path);

/** Load a FIRST EPSS CSV, plain or gzip (replaces any EPSS data of the base KB). */
CW_EXTERN int cw_kb_builder_add_epss(cw_kb_builder *b, const char *path);

/**
 * Store the SPDX license list (ids, names, OSI and FSF flags, deprecation,
 * exceptions, and the license texts when the input has them), replacing
 * any the base KB had.  `location`: a license-list-data checkout (json/,
 * text/), a folder holding licenses.json and exceptions.json (texts from
 * details/ or text/) or the npm spdx-license-list files, one licenses
 * file, a file:// URL of these, or an http(s) URL of a licenses file.
 */
CW_EXTERN int cw_kb_builder_add_licenses(cw_kb_builder *b, const char *location);

/**
 * One license list document held in memory: SPDX licenses.json or
 * exceptions.json, npm spdx-license-list {id: {...}}, or an array of
 * exception ids.  `label` names it in messages.
 */
CW_EXTERN int cw_kb_builder_add_license_data(cw_kb_builder *b, const char *data, size_t len,
                                             const char *label);

/**
 * Record HTTP validators for a fetched source (used by cw_kb_update()), so
 * the next update can send If-None-Match / If-Modified-Since.
 */
CW_EXTERN int cw_kb_builder_set_source_validators(cw_kb_builder *b, const char *url,
                                                  const char *etag,
                                                  const char *last_modified);

/**
 * Link alias groups, create indexes, write metadata, fsync and atomically
 * rename the KB into place.  `stats` may be NULL.  The builder must still
 * be freed.
 */
CW_EXTERN int cw_kb_builder_finish(cw_kb_builder *b, cw_kb_build_stats *stats);

/** Free a builder; an unfinished build's temporary file is removed. */
CW_EXTERN void cw_kb_builder_free(cw_kb_builder *b);

/**
 * The KB path to use: `explicit_path` if not NULL, else $CHAINWARDEN_KB,
 * else $XDG_DATA_HOME/chainwarden/kb.sqlite, else
 * ~/.local/share/chainwarden/kb.sqlite.  *out is malloc'd.
 */
CW_EXTERN int cw_kb_default_path(char **out, const char *explicit_path);

/** Open a KB read-only; fails with CW_ENOTFOUND or CW_EINVALID (not a KB / wrong schema). */
CW_EXTERN int cw_kb_open(cw_kb **out, const char *path);

CW_EXTERN void cw_kb_free(cw_kb *kb);

/**
 * Describe the KB: sources, counts per ecosystem, build time, schema
 * version, age, malformed record counts.  A warning line is included when
 * the KB is older than `max_age_days` (0: never warn).
 */
CW_EXTERN int cw_kb_info(char **out, cw_kb *kb, cw_kb_format format, unsigned max_age_days);

/** Age of the KB in days (from its build time); -1 if unknown. */
CW_EXTERN double cw_kb_age_days(cw_kb *kb);

/**
 * Everything known about `id` and its aliases: OSV advisories (rebuilt
 * from the KB tables), NVD records, KEV and EPSS.  CW_ENOTFOUND if no
 * source knows the id.
 */
CW_EXTERN int cw_kb_show(char **out, cw_kb *kb, const char *id, cw_kb_format format);

/**
 * The original bytes of the OSV record `id` (exactly as ingested), for
 * `db show --raw`.  *out is malloc'd and NUL-terminated; *len its length.
 */
CW_EXTERN int cw_kb_raw(char **out, size_t *len, cw_kb *kb, const char *id);

/** Advisories affecting `package` (normalized per ecosystem); `ecosystem` may be NULL. */
CW_EXTERN int cw_kb_search(char **out, cw_kb *kb, const char *package,
                           const char *ecosystem, bool include_withdrawn,
                           cw_kb_format format);

/**
 * The normalized form of a package name in an OSV ecosystem, as stored in
 * the KB index and used by the matcher: PyPI per PEP 503 (lowercase, runs
 * of -_. become -), npm/NuGet/Packagist/Pub/Hex/crates.io lowercase
 * (crates.io also maps _ to -), Maven `group:artifact` and Go module paths
 * kept as they are (trimmed), other ecosystems kept as they are.
 * `ecosystem` may carry a release suffix ("Debian:12").  *out is malloc'd.
 */
CW_EXTERN int cw_kb_normalize_name(char **out, const char *ecosystem,
                                   const char *name, size_t len);

struct cw_license_db;

/**
 * Make the license module (chainwarden/license.h) use the KB's SPDX list
 * -- licenses with OSI and FSF flags and deprecation, and exceptions --
 * instead of the compiled one; call it before any other license function.
 * When `texts` is not NULL it receives the KB's license texts indexed for
 * identification (NULL when the KB holds none; free with
 * cw_license_db_free()).
 * @return 0; CW_ENOTFOUND when the KB holds no license list.
 */
CW_EXTERN int cw_kb_licenses_use(cw_kb *kb, struct cw_license_db **texts);

/* ---- signed offline bundles (bundle.c) ------------------------------- */

/** Generate an ed25519 key pair: `<prefix>.key` (secret, mode 0600) and `<prefix>.pub`. */
CW_EXTERN int cw_kb_keygen(const char *prefix);

/**
 * Write the KB at `kb_path` as a bundle at `bundle_path`; when `secret_key`
 * (a .key file) is given, also write the signature `<bundle_path>.sig`.
 */
CW_EXTERN int cw_kb_export(const char *kb_path, const char *bundle_path,
                           const char *secret_key);

/** Sign an existing bundle (writes `<bundle_path>.sig`). */
CW_EXTERN int cw_kb_bundle_sign(const char *bundle_path, const char *secret_key);

/**
 * Check `<bundle_path>.sig` against the public key file `public_key`.
 * CW_EINVALID when the signature is missing, made by another key, or the
 * bundle was changed.
 */
CW_EXTERN int cw_kb_bundle_verify(const char *bundle_path, const char *public_key);

/**
 * Verify (unless `insecure`) and install the bundle as the KB at `kb_path`
 * (temporary file, fsync, atomic rename).  `public_key` is required unless
 * `insecure`.
 */
CW_EXTERN int cw_kb_import(const char *bundle_path, const char *kb_path,
                           const char *public_key, bool insecure);

/* ---- fetching feeds (update.c) ----------------------------------------- */

/** Options of cw_kb_update(). */
typedef struct {
	unsigned version;            /**< CW_KB_UPDATE_OPTIONS_VERSION */
	const char *mirror;          /**< base URL of a mirror (http(s):// or file://), or NULL */
	const char *const *osv_ecosystems; /**< OSV ecosystems to fetch (NULL: those in the KB, else a default list) */
	size_t osv_ecosystem_count;
	const char *osv_url;         /**< per-source overrides: `{eco}` is replaced in osv_url */
	const char *nvd_url;
	const char *kev_url;
	const char *epss_url;
	bool skip_nvd, skip_kev, skip_epss;
	long timeout_seconds;        /**< per transfer (0: 300) */
	unsigned retries;            /**< extra attempts on transient failures (default 3) */
	bool progress;
} cw_kb_update_options;

#define CW_KB_UPDATE_OPTIONS_VERSION 1
#define CW_KB_UPDATE_OPTIONS_INIT { CW_KB_UPDATE_OPTIONS_VERSION, NULL, NULL, 0, NULL, NULL, \
                                    NULL, NULL, false, false, false, 0, 3, false }

/** Fetch the feeds and update (or create) the KB at `kb_path` incrementally. */
CW_EXTERN int cw_kb_update(const char *kb_path, const cw_kb_update_options *opts,
                           cw_kb_build_stats *stats);

#ifdef __cplusplus
}
#endif
#endif
