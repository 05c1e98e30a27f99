/*
 * kb/kb_match.h - the read queries the matcher (src/match/) needs, kept in
 * the KB module so that the SQL and the table layout stay here
 * (internal; docs/kb.md describes the tables).
 *
 * Everything returned is allocated in the caller's arena.
 */
#ifndef CW_KB_MATCH_H
#define CW_KB_MATCH_H

#include "chainwarden/kb.h"
#include "util/arena.h"
#include "util/map.h"

#include <stdint.h>

/** One range event: kind 'i' introduced, 'f' fixed, 'l' last_affected, 'x' limit. */
typedef struct {
	char kind;
	const char *value;
} cw__kb_event;

typedef struct {
	const char *type;         /* "SEMVER", "ECOSYSTEM", "GIT", ... */
	cw__kb_event *events;     /* in record order */
	size_t event_count;
} cw__kb_range;

/** One `affected` entry of a non-withdrawn advisory. */
typedef struct {
	int64_t adv;              /* advisory rowid */
	const char *id;           /* advisory id (OSV `id`) */
	const char *ecosystem;    /* full ecosystem string, e.g. "Debian:12" */
	const char *name;         /* package name as in the record */
	const char **versions;    /* explicit `versions` */
	size_t version_count;
	cw__kb_range *ranges;
	size_t range_count;
} cw__kb_affected;

/** A prepared lookup; reuse it for every component of a scan. */
typedef struct cw__kb_lookup cw__kb_lookup;

int cw__kb_lookup_new(cw__kb_lookup **out, cw_kb *kb);
void cw__kb_lookup_free(cw__kb_lookup *lk);

/**
 * The affected entries for (`eco_base`, `norm_name`) (ecosystem without
 * release suffix, name normalized by cw_kb_normalize_name), withdrawn
 * advisories left out.  *out may be NULL with *count 0.
 */
int cw__kb_lookup_affected(cw__kb_lookup *lk, cw_arena *arena, const char *eco_base,
                           const char *norm_name, cw__kb_affected **out, size_t *count);

/**
 * Every (eco_base, norm_name) that has an affected entry, as keys
 * "eco_base\nnorm_name" of `set` (values unused; keys in `arena`): one
 * scan of the covering index, which a big scan uses to skip the
 * components no advisory names without a query each.
 */
int cw__kb_lookup_names(cw__kb_lookup *lk, cw_arena *arena, cw_map *set);

/** One CVSS (or other) severity statement from some source. */
typedef struct {
	const char *type;         /* "CVSS_V3", "CVSS_V4", "CVSS_V2" (OSV) or "3.1", "4.0", "2.0" (NVD) */
	const char *vector;
	double score;             /* NVD base score; -1 for OSV (compute from the vector) */
	const char *source;       /* "osv:<id>" or the NVD source ("nvd@nist.gov") */
	bool primary;             /* NVD "Primary" */
} cw__kb_severity;

/** What the KB knows about one vulnerability group. */
typedef struct {
	const char **ids;          /* every id of the alias group (sorted), the advisory's own included */
	size_t id_count;
	const char *summary;       /* of the advisory asked for */
	cw__kb_severity *severities;
	size_t severity_count;
	const char *db_severity;   /* database_specific.severity of an OSV record (GHSA: "HIGH"), or NULL */
	bool malicious;            /* an affected entry's database_specific.categories has "malicious" (RustSec) */
	bool kev;
	const char *kev_cve, *kev_date_added, *kev_due_date, *kev_ransomware;
	bool epss;
	const char *epss_cve;
	double epss_score, epss_percentile;
} cw__kb_vuln;

/** Details of advisory `adv` (rowid) and its alias group. */
int cw__kb_lookup_vuln(cw__kb_lookup *lk, cw_arena *arena, int64_t adv, cw__kb_vuln *out);

/** The same for any id (a CVE found through NVD CPE data); summary: NVD's description. */
int cw__kb_lookup_vuln_id(cw__kb_lookup *lk, cw_arena *arena, const char *id, cw__kb_vuln *out);

/** One NVD CPE match criterion that may name a component (see cw__kb_lookup_cpe). */
typedef struct {
	const char *cve;
	const char *vendor, *version;   /* version: exact, or "*" with bounds */
	const char *start_including, *start_excluding, *end_including, *end_excluding;
} cw__kb_cpe;

/**
 * The vulnerable application CPE criteria whose product is `product` and
 * whose vendor is `product` or `vendor` (may be NULL), from configurations
 * of a single node (no "running on" platform condition).  Strings
 * (backslash escapes removed) in `arena`.
 */
int cw__kb_lookup_cpe(cw__kb_lookup *lk, cw_arena *arena, const char *product, const char *vendor,
                      cw__kb_cpe **out, size_t *count);

#endif
