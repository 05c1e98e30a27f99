/*
 * match/match.h - internal parts of the scan module shared by its files.
 */
#ifndef CW_MATCH_INTERNAL_H
#define CW_MATCH_INTERNAL_H

#include "chainwarden/scan.h"
#include "chainwarden/version.h"
#include "kb/kb_match.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/json.h"
#include "util/map.h"
#include "util/vec.h"

/* A finding under construction, with the affected entries it matched. */
typedef struct {
	cw_finding pub;
	const cw__kb_affected **matched;
	size_t matched_count;
	const char *group;               /* canonical group id (first of the sorted ids) */
	size_t fix;                      /* index of its component's entry in fixes */
	int sort_kev;
} cw__finding;

struct cw_scan_result {
	cw_arena arena;
	const cw_inventory *inv;
	CW_VEC(cw__finding *) findings;
	CW_VEC(cw_scan_fix) fixes;
	CW_VEC(const char *) warnings;
	CW_VEC(size_t) fix_first;        /* per fix: its component's first finding (match order) */
	cw_map vulns;                    /* advisory rowid -> cw__kb_vuln*, asked once per scan */
	unsigned char *cpe_candidate;    /* per component: no OSV ecosystem to match it in (cpe.c) */
	cw_arena kb_arena;               /* the cached KB entries, freed once fixes are computed (match.c) */
	cw_map lookups;                  /* "eco_base\nnorm_name" -> cached KB entries (match.c) */
	cw_map prepared;                 /* cw__kb_affected* -> cw__osv_prepared* (range.c) */
	struct cw__comp_lookup **comp_lookups; /* per component: its KB lookups, when vulnerable (match.c) */
	bool baseline;                   /* a baseline was applied (baseline.c) */
	size_t baseline_unchanged;       /* findings left out: already in the baseline */
	CW_VEC(const char *) baseline_fixed; /* "id|package" of baseline findings gone */
	size_t baseline_upstream_unchanged; /* upstream findings left out: already in the baseline */
	cw_map baseline_upstream;        /* "signal|package" of a report baseline's upstream findings */
	CW_VEC(cw_upstream_finding) upstream; /* upstream.c */
	bool upstream_done;              /* cw_scan_upstream() ran */
};

/* range.c: whether `version` (parsed with `scheme`) is affected by `a`,
 * through the scan's cache of prepared (parsed, sorted) ranges: `a` must
 * stay at its address for the scan (match.c's lookup cache).  *bad is set
 * when an event or listed version could not be parsed. */
typedef struct cw__osv_prepared cw__osv_prepared;
bool cw__scan_affects(cw_scan_result *r, const cw__kb_affected *a, const cw_version_scheme *scheme,
                      const char *version_str, const cw_version *version, bool *bad);
void cw__osv_prepared_free(cw__osv_prepared *p);

/* match.c: fix candidate `cand` of component `ci` (findings [first, last))
 * is affected by an entry none of its findings matched. */
typedef struct cw__comp_lookup cw__comp_lookup;
bool cw__scan_candidate_blocked(cw_scan_result *r, size_t ci, size_t first, size_t last, const cw_version *cand);

/* The scheme of an OSV range type for an ecosystem. */
const cw_version_scheme *cw__osv_range_scheme(const char *range_type, const char *ecosystem);

/* details.c: ids, severity, EPSS, KEV of the advisory `adv` (rowid), or of `id` when not NULL,
 * into f, whose public part is zero but for component, package and match. */
int cw__scan_details(cw_scan_result *r, cw__kb_lookup *lk, cw__finding *f, int64_t adv, const char *id);

/* cpe.c: NVD CPE matching of the components no ecosystem advisory covers. */
int cw__scan_cpe(cw_scan_result *r, cw__kb_lookup *lk);

/* graph.c: paths and fix recommendations. */
int cw__scan_paths(cw_scan_result *r);
int cw__scan_fixes(cw_scan_result *r);

/* ignore.c */
int cw__scan_apply_ignore(cw_scan_result *r, const char *path, const char *today);
/* The same on the file's text; `path` names it in messages. */
int cw__scan_apply_ignore_data(cw_scan_result *r, const char *path, const char *text, size_t len,
                               const char *today);

/* vex.c: annotate findings with the VEX statements of a file (last wins)... */
int cw__scan_apply_vex(cw_scan_result *r, const char *path);
int cw__scan_apply_vex_data(cw_scan_result *r, const char *path, const char *text, size_t len);
/* ...then mark those whose status suppresses them as ignored. */
int cw__scan_vex_finish(cw_scan_result *r);

/* baseline.c: leave out the findings already in the baseline FILE. */
int cw__scan_apply_baseline(cw_scan_result *r, const char *path, cw_kb *kb, const cw_scan_options *opts);
/* baseline.c: leave out the upstream findings a report baseline already had. */
int cw__scan_baseline_upstream(cw_scan_result *r);

/* The fix entry of finding i (in the sorted order). */
static inline const cw_scan_fix *cw__scan_fix_of(const cw_scan_result *r, size_t i)
{
	size_t k = r->findings.items[i]->fix;
	return k < r->fixes.len ? &r->fixes.items[k] : NULL;
}

int cw__scan_warn(cw_scan_result *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Where a report goes: reports write into a buffer that is handed to the
 * sink whenever it passes a threshold, so a big report is not held whole. */
typedef struct {
	cw_sbom_write_fn write;
	void *payload;
} cw__sink;

/* Hand `out` to the sink when it holds more than `threshold` bytes (0: always). */
int cw__sink_flush(cw__sink *sink, cw_buf *out, size_t threshold);

/* report_*.c: each writes the report into `out`, flushing through `sink` on the way. */
int cw__report_json(cw_buf *out, const cw_scan_result *r, const cw_report_options *o, cw__sink *sink);
int cw__report_table(cw_buf *out, const cw_scan_result *r, const cw_report_options *o, cw__sink *sink);
int cw__report_sarif(cw_buf *out, const cw_scan_result *r, const cw_report_options *o, cw__sink *sink);
int cw__report_markdown(cw_buf *out, const cw_scan_result *r, const cw_report_options *o, cw__sink *sink);
int cw__report_html(cw_buf *out, const cw_scan_result *r, const cw_report_options *o, cw__sink *sink);
int cw__report_cyclonedx(cw_buf *out, const cw_scan_result *r, const cw_report_options *o, cw__sink *sink);
int cw__report_openvex(cw_buf *out, const cw_scan_result *r, const cw_report_options *o, cw__sink *sink);

/* report_upstream.c: the upstream findings' part of each report. */
void cw__report_upstream_json(cw_jw *jw, const cw_scan_result *r);
void cw__report_upstream_sarif_rules(cw_jw *jw, const cw_scan_result *r);
int cw__report_upstream_sarif_results(cw_jw *jw, const cw_scan_result *r, const char *root, cw_buf *tmp);
/* report_json.c: a SARIF result's "locations" member: `file` (relative to
 * %SRCROOT% when under `root`, see sarif_uri) at `line` (1 when unknown). */
int cw__report_sarif_locations(cw_jw *jw, const char *file, size_t line, const char *root, cw_buf *tmp);
int cw__report_upstream_table(cw_buf *out, const cw_scan_result *r, const cw_report_options *o);
int cw__report_upstream_markdown(cw_buf *out, const cw_scan_result *r);
int cw__report_upstream_html(cw_buf *out, const cw_scan_result *r);

#endif
