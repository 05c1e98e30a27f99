/*
 * health_internal.h - what the files of the health module share.
 *
 *   repo.c        open or clone the repository, list the HEAD tree, read blobs
 *   history.c     walk commits and tags: activity, authors, review and
 *                 signature signals
 *   workflow.c    analyse one GitHub Actions workflow (YAML) into findings
 *   checks_*.c    one file per group of checks, each filling cw_health_check
 *   score.c       the check table (names, risks, weights) and the overall score
 *   report.c      one report as table, JSON, Markdown or HTML
 *   compare.c     several reports side by side
 *   health.c      cw_health_analyze(): runs the above in order
 */
#ifndef CW_HEALTH_INTERNAL_H
#define CW_HEALTH_INTERNAL_H

#include <stdarg.h>

#include "util/lib_git2.h"

#include "chainwarden/health.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/json.h"
#include "util/vec.h"

/* The checks, in report order (data/health-checks.tsv has a row for each). */
typedef enum {
	CW_HC_MAINTAINED = 0,
	CW_HC_CONTRIBUTORS,
	CW_HC_CODE_REVIEW,
	CW_HC_SIGNED_RELEASES,
	CW_HC_SECURITY_POLICY,
	CW_HC_LICENSE,
	CW_HC_CI_TESTS,
	CW_HC_FUZZING,
	CW_HC_SAST,
	CW_HC_DEPENDENCY_UPDATE_TOOL,
	CW_HC_PINNED_DEPENDENCIES,
	CW_HC_DANGEROUS_WORKFLOW,
	CW_HC_TOKEN_PERMISSIONS,
	CW_HC_BINARY_ARTIFACTS,
	CW_HC_PACKAGING,
	CW_HC_COUNT
} cw__hc_id;

/* At most this many evidence items are kept per check (all are counted). */
#define CW_HEALTH_MAX_EVIDENCE 40

#define CW_DAY 86400

/* ---- repository (repo.c) ---------------------------------------------- */

typedef struct {
	const char *path;     /* arena */
	git_oid oid;
	uint32_t mode;        /* git_filemode_t */
} cw__hfile;

typedef CW_VEC(cw__hfile) cw__hfile_vec;

/* Whether `spec` is a URL to clone (scheme://... or git@host:path). */
bool cw__health_is_url(const char *spec);

/* Open `spec` (a path, or a URL cloned into the cache); *path_out is the
 * repository opened (in the arena). */
int cw__health_repo_open(git_repository **out, const char **path_out, const char *spec,
                         const char *cache_dir, cw_arena *arena);

/* Every blob of the HEAD tree (empty for an empty repository), sorted by path. */
int cw__health_repo_files(cw__hfile_vec *out, git_repository *repo, cw_arena *arena);

/* Read a blob, at most `max` bytes (a longer one is cut: *truncated). */
int cw__health_blob_read(cw_buf *out, git_repository *repo, const cw__hfile *file, size_t max);

/* Set the last error from libgit2's and return `code`. */
int cw__health_git_error(int code, const char *what);

/* ---- history (history.c) ---------------------------------------------- */

/* A first-parent commit of HEAD, newest first, with its review signals. */
typedef struct {
	git_oid oid;
	int64_t time;
	bool merge;
	bool bot;
	bool signed_;
	const char *signal;   /* "merge commit", "Reviewed-by: ...", or NULL (arena) */
} cw__hchange;

typedef struct {
	const char *name;     /* arena */
	git_oid oid;          /* the tag object (annotated) or the commit */
	int64_t time;
	bool annotated;
	bool release;         /* looks like a version: v1.2, 1.0.0, release-3 */
	const char *signature; /* "PGP", "SSH", "X.509" or NULL */
} cw__htag;

typedef struct {
	const char *email;
	const char *name;
	size_t commits;       /* in the last 365 days */
} cw__hauthor;

typedef struct {
	CW_VEC(cw__hchange) changes;   /* last first-parent changesets (up to 30) */
	CW_VEC(cw__htag) tags;         /* newest first */
	CW_VEC(cw__hauthor) authors;   /* humans of the last year, most commits first */
	CW_VEC(const char *) domains;  /* organisational domains, most commits first */
	size_t signed_commits_recent;  /* of `changes` */
	size_t bot_commits_90d;
	const char *last_bot;          /* a bot author seen recently */
} cw__hhistory;

int cw__health_history(cw__hhistory *out, cw_health_stats *stats, git_repository *repo,
                       int64_t now, size_t max_commits, cw_arena *arena);
void cw__health_history_free(cw__hhistory *h);

/* Whether an author name/email is a bot account. */
bool cw__health_is_bot(const char *name, const char *email);

/* ---- workflows (workflow.c) ------------------------------------------- */

typedef enum {
	CW_WF_PARSE_ERROR,      /* the YAML did not parse: detail says why */
	CW_WF_USES_PINNED,      /* detail: the uses: value */
	CW_WF_USES_UNPINNED,
	CW_WF_DOWNLOAD_PIPE,    /* curl ... | sh in a run: step */
	CW_WF_DANGEROUS_CHECKOUT,
	CW_WF_SCRIPT_INJECTION,
	CW_WF_PERM_TOP_NONE,    /* no top-level permissions */
	CW_WF_PERM_TOP_READ,    /* top-level permissions read-only */
	CW_WF_PERM_TOP_WRITE,   /* top-level permissions with a write scope */
	CW_WF_PERM_JOB_WRITE,   /* a job with write-all */
	CW_WF_PUBLISH,          /* a packaging/publishing step */
	CW_WF_SAST,             /* a static analysis tool */
	CW_WF_FUZZ,             /* CIFuzz / ClusterFuzzLite */
	CW_WF_TESTS,            /* a step that runs tests */
	CW_WF_DEP_UPDATE        /* renovate run from a workflow */
} cw__wf_kind;

typedef struct {
	cw__wf_kind kind;
	size_t line;
	const char *detail;   /* arena */
} cw__wf_finding;

typedef CW_VEC(cw__wf_finding) cw__wf_findings;

/*
 * Analyse one workflow file.  Findings are appended to `out` (strings in
 * `arena`); a YAML error is a CW_WF_PARSE_ERROR finding, not a failure.
 * Returns 0 or CW_ENOMEM / CW_ELIMIT.
 */
int cw__health_workflow_scan(cw__wf_findings *out, cw_arena *arena, const char *path,
                             const char *data, size_t len);

/* ---- checks ------------------------------------------------------------ */

typedef struct {
	const char *path;
	cw__wf_findings findings;
} cw__hworkflow;

typedef struct {
	git_repository *repo;
	cw_arena *arena;
	cw__hfile_vec files;
	cw__hhistory hist;
	CW_VEC(cw__hworkflow) workflows;
	const cw_license_db *licenses;
	int64_t now;
	cw_health_stats *stats;
	cw_health_check *checks;                    /* CW_HC_COUNT */
	CW_VEC(cw_health_evidence) evidence[CW_HC_COUNT];
} cw__hctx;

/* vprintf into `arena`, cut to `cap` - 1 bytes (cap <= 600); NULL when out of memory. */
char *cw__health_vformat(cw_arena *arena, size_t cap, const char *fmt, va_list ap) CW_PRINTF(3, 0);

/* The first place `needle` occurs in `s`, ignoring ASCII case (strcasestr is GNU only). */
const char *cw__health_find_nocase(const char *s, const char *needle);

/* Run `count` checks in order; the first error stops them. */
typedef int (*cw__hc_fn)(cw__hctx *ctx);
int cw__hc_run(cw__hctx *ctx, const cw__hc_fn *checks, size_t count);

/* Record evidence for a check (kept up to CW_HEALTH_MAX_EVIDENCE). */
int cw__hc_evidence(cw__hctx *ctx, cw__hc_id id, const char *kind, const char *ref,
                    size_t line, const char *fmt, ...) CW_PRINTF(6, 7);

/* Set a check's score and reason. */
int cw__hc_result(cw__hctx *ctx, cw__hc_id id, int score, const char *fmt, ...) CW_PRINTF(4, 5);

/* The file at exactly `path`, or NULL. */
const cw__hfile *cw__hc_file(const cw__hctx *ctx, const char *path);

/* Read a file of the tree into `buf` (capped at 1 MiB). */
int cw__hc_read(cw__hctx *ctx, cw_buf *buf, const cw__hfile *file);

/* Short (12 hex digit) id of a commit, in the arena. */
const char *cw__hc_short_id(cw__hctx *ctx, const git_oid *oid);

int cw__health_checks_history(cw__hctx *ctx);   /* Maintained, Contributors, Code-Review, Signed-Releases */
int cw__health_checks_files(cw__hctx *ctx);     /* Security-Policy, License, Dependency-Update-Tool, Binary-Artifacts */
int cw__health_checks_build(cw__hctx *ctx);     /* CI-Tests, Fuzzing, SAST, Packaging */
int cw__health_checks_workflow(cw__hctx *ctx);  /* Pinned-Dependencies, Dangerous-Workflow, Token-Permissions */

/* ---- scoring (score.c) -------------------------------------------------- */

typedef struct {
	const char *name;
	const char *risk;
	double weight;
} cw__hc_def;

/* Generated from data/health-checks.tsv by cmake/gen_health.cmake. */
extern const cw__hc_def cw__hc_defs[CW_HC_COUNT];

/* Weighted mean of the conclusive checks, one decimal; -1 when none. */
double cw__health_overall(const cw_health_check *checks, size_t count);

/* ---- the report ---------------------------------------------------------- */

struct cw_health_report {
	cw_arena arena;
	cw_health_stats stats;
	cw_health_check checks[CW_HC_COUNT];
	double score;
};

/* A report's text in each format: JSON through the writer, the others into a buffer. */
typedef struct {
	void (*json)(cw_jw *jw, const void *report);
	int (*markdown)(cw_buf *out, const void *report);
	int (*html)(cw_buf *out, const void *report);
	int (*table)(cw_buf *out, const void *report);
} cw__health_formats;

/* *out gets `report` in `format` (malloc'd, "\n"-terminated for JSON). */
int cw__health_format(char **out, const void *report, cw_health_format format, const cw__health_formats *f);

/* Write one report as a JSON object (report.c; compare.c reuses it). */
void cw__health_json(cw_jw *jw, const cw_health_report *r);

/* Append `s` HTML-escaped. */
int cw__health_html_escape(cw_buf *out, const char *s);

/* The page's <head> with the shared style sheet. */
int cw__health_html_head(cw_buf *out, const char *title);

/* A check's score as text: the number, or "?" when inconclusive (< 0). */
int cw__health_score_text(char *buf, size_t size, int score);

/* Format a Unix time as YYYY-MM-DD into `buf` (>= 11 bytes). */
void cw__health_date(char *buf, size_t size, int64_t t);

#endif
