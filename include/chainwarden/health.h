/*
 * chainwarden/health.h - open-source project health from a git clone.
 *
 * A health report scores a project on the checks of the OpenSSF Scorecard
 * (https://github.com/ossf/scorecard/blob/main/docs/checks.md) that a git
 * clone can answer without a forge API: activity and contributors from the
 * history, review and signature signals from commits and tags, and the
 * repository's files at HEAD (policies, CI and workflow files, binaries).
 * Each check scores 0 to 10, or -1 when it cannot conclude (no workflows,
 * no releases); the overall score is the weighted mean of the conclusive
 * checks, weights as documented in docs/health.md.
 *
 * The repository is read with libgit2; a URL is cloned (bare) into a cache
 * directory first.  Nothing else touches the network.
 *
 * Ownership: a cw_health_report is owned by the caller and released with
 * cw_health_report_free(); every pointer read from it (checks, evidence,
 * stats strings) is borrowed and lives as long as the report.  Strings
 * returned through `char **out` are freed with free().
 */
#ifndef CHAINWARDEN_HEALTH_H
#define CHAINWARDEN_HEALTH_H

#include <stdint.h>

#include "common.h"
#include "license.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Options of cw_health_analyze(); initialise with CW_HEALTH_OPTIONS_INIT. */
typedef struct {
	unsigned version;
	/** "Today" as Unix seconds; 0 means the current time.  Fix it to make
	 *  reports reproducible (tests, audits of a past state). */
	int64_t now;
	/** License texts for identifying the license file (may be NULL: the
	 *  file is then judged by its SPDX-License-Identifier or heading). */
	const cw_license_db *licenses;
	/** Where URLs are cloned; NULL: $XDG_CACHE_HOME/chainwarden/repos
	 *  (or ~/.cache/chainwarden/repos). */
	const char *cache_dir;
	/** Cap on commits read from history; 0: 1,000,000. */
	size_t max_commits;
} cw_health_options;

#define CW_HEALTH_OPTIONS_VERSION 1
#define CW_HEALTH_OPTIONS_INIT { CW_HEALTH_OPTIONS_VERSION, 0, NULL, NULL, 0 }

/** One piece of evidence for a check. */
typedef struct {
	const char *kind;     /**< "file", "commit", "tag" or "info" */
	const char *ref;      /**< path, commit id or tag name ("" for info) */
	size_t line;          /**< 1-based line in a file, or 0 */
	const char *detail;   /**< what was seen */
} cw_health_evidence;

/** The result of one check. */
typedef struct {
	const char *name;      /**< Scorecard name: "Maintained", "Code-Review", ... */
	const char *risk;      /**< "Critical", "High", "Medium", "Low" */
	double weight;         /**< weight in the overall score */
	int score;             /**< 0..10, or -1: inconclusive (left out of the overall score) */
	const char *reason;    /**< one line saying why */
	const cw_health_evidence *evidence;
	size_t evidence_count; /**< items in `evidence` (capped) */
	size_t evidence_total; /**< items found (may exceed evidence_count) */
} cw_health_check;

/** Figures read from the history (times are Unix seconds, 0 when unknown). */
typedef struct {
	const char *path;            /**< the repository opened (the cache path for a URL) */
	const char *url;             /**< the URL given, or NULL */
	const char *head;            /**< HEAD commit id (hex), or "" for an empty repository */
	const char *branch;          /**< HEAD branch name, or "" when detached */
	int64_t now;
	size_t commits;              /**< commits reachable from HEAD (up to the cap) */
	bool truncated;              /**< the history was longer than max_commits */
	size_t commits_90d;          /**< committed in the last 90 days */
	int64_t first_commit;
	int64_t last_commit;
	const char *last_release;    /**< newest release tag, or NULL */
	int64_t last_release_time;
	size_t releases;             /**< release tags */
	size_t releases_365d;        /**< release tags in the last 365 days */
	double release_interval_days;/**< median days between the last releases, or -1 */
	size_t contributors_12m;     /**< distinct human authors in the last 365 days */
	size_t bot_commits_12m;      /**< commits by bots (dependabot, renovate, "[bot]") */
	size_t human_commits_12m;
	size_t bus_factor;           /**< fewest authors covering half the human commits of the year */
	size_t organizations;        /**< distinct organisational email domains among them */
	const char *const *organization_domains; /**< `organizations` domains, most commits first */
	size_t files;                /**< files in the HEAD tree */
} cw_health_stats;

typedef struct cw_health_report cw_health_report;

/**
 * Analyse the repository at `repo`: a path inside a work tree, a bare
 * repository, or a URL (scheme://..., cloned into the cache first, or
 * fetched when already cached).
 * @return 0; CW_ENOTFOUND when `repo` is not a git repository; CW_EIO when
 *         cloning fails; the message says which.
 */
CW_EXTERN int cw_health_analyze(cw_health_report **out, const char *repo,
                                const cw_health_options *opts);

CW_EXTERN void cw_health_report_free(cw_health_report *report);

/** The overall weighted score, 0..10 (one decimal), or -1 when no check concluded. */
CW_EXTERN double cw_health_report_score(const cw_health_report *report);

CW_EXTERN const cw_health_stats *cw_health_report_stats(const cw_health_report *report);

/** Number of checks (the same for every report, in a fixed order). */
CW_EXTERN size_t cw_health_check_count(const cw_health_report *report);

/** Check `i` (< cw_health_check_count), or NULL. */
CW_EXTERN const cw_health_check *cw_health_check_at(const cw_health_report *report, size_t i);

/** The check named `name` (case-insensitive), or NULL. */
CW_EXTERN const cw_health_check *cw_health_check_find(const cw_health_report *report,
                                                      const char *name);

typedef enum {
	CW_HEALTH_FORMAT_TABLE = 0,    /**< plain text for a terminal */
	CW_HEALTH_FORMAT_JSON = 1,     /**< schema in docs/health.md */
	CW_HEALTH_FORMAT_MARKDOWN = 2,
	CW_HEALTH_FORMAT_HTML = 3      /**< one self-contained page */
} cw_health_format;

/** Parse "table", "json", "markdown"/"md", "html". */
CW_EXTERN int cw_health_format_parse(cw_health_format *out, const char *name);

/** Render one report.  *out is malloc'd. */
CW_EXTERN int cw_health_report_format(char **out, const cw_health_report *report,
                                      cw_health_format format);

/**
 * Rank reports side by side: best overall score first, one column (or
 * row) per project and one row per check; the HTML page draws a bar per
 * check and project.  `reports` is borrowed; *out is malloc'd.
 */
CW_EXTERN int cw_health_compare(char **out, const cw_health_report *const *reports,
                                size_t count, cw_health_format format);

/**
 * Parse a date for cw_health_options.now: "YYYY-MM-DD", "YYYY-MM-DDTHH:MM:SSZ"
 * or "@SECONDS" (UTC).  CW_EINVALID with what was expected otherwise.
 */
CW_EXTERN int cw_health_parse_time(int64_t *out, const char *text);

/*
 * Registry metadata: the quality and provenance signals of a published
 * package, from its registry document (an npm packument: the JSON the
 * registry serves for a package name, with "versions", "time",
 * "dist-tags", "maintainers").  No network: the document is given.
 */

/** One signal; `warn` marks what deserves a look before adopting the package. */
typedef struct {
	const char *name;     /**< "maintainers", "deprecated", "last-publish", "releases",
	                           "install-scripts", "repository" */
	bool warn;
	const char *detail;   /**< what was seen */
} cw_health_signal;

typedef struct {
	const char *package;          /**< name */
	const char *latest;           /**< dist-tags.latest, or NULL */
	size_t maintainers;
	const char *deprecated;       /**< the latest version's deprecation message, or NULL */
	int64_t last_publish;         /**< time of the latest version (or "modified"), 0 unknown */
	size_t releases;              /**< versions that are not prereleases */
	size_t releases_365d;
	const char *install_scripts;  /**< "preinstall, postinstall"... of the latest version, or NULL */
	const char *repository;       /**< declared repository, normalised "host/owner/repo", or NULL */
	const char *expected;         /**< the repository it was compared with (normalised), or NULL */
	int repository_match;         /**< 1 same, 0 different, -1 not compared */
	const cw_health_signal *signals;
	size_t signal_count;
} cw_health_registry;

/**
 * Read an npm packument.  `expected_repo` (may be NULL) is the repository
 * the package should come from: a URL, or a path to a clone whose
 * "origin" remote is taken.  `now` as in cw_health_options (0: the clock).
 * `path` names the document in errors.  Release with cw_health_registry_free().
 */
CW_EXTERN int cw_health_npm_read(cw_health_registry **out, const char *json, size_t len,
                                 const char *path, const char *expected_repo, int64_t now);

/** Render registry signals (table, JSON, Markdown or HTML).  *out is malloc'd. */
CW_EXTERN int cw_health_registry_format(char **out, const cw_health_registry *reg,
                                        cw_health_format format);

CW_EXTERN void cw_health_registry_free(cw_health_registry *reg);

/**
 * A repository URL in the form used to compare them: "host/owner/repo",
 * lowercased, without scheme, "git+", user, ".git" or trailing slash;
 * npm shorthands ("owner/repo", "github:owner/repo", "gitlab:...") are
 * expanded.  *out is malloc'd; CW_EINVALID for what is not a repository URL.
 */
CW_EXTERN int cw_health_repo_normalize(char **out, const char *url);

#ifdef __cplusplus
}
#endif
#endif
