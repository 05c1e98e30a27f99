/*
 * chainwarden/scan.h - match an inventory against the knowledge base:
 * findings (one per vulnerability and component, aliases merged), their
 * severity, EPSS, KEV and priority, dependency paths, fix recommendations,
 * the ignore file, and the reports (table, JSON, SARIF, Markdown, HTML,
 * CycloneDX).  The algorithms and the JSON schema are in docs/scan.md.
 *
 * Ownership: a cw_scan_result owns its findings (one arena) and borrows
 * the inventory it was made from: free the result before the inventory.
 * Every string reached through a result is borrowed.
 */
#ifndef CHAINWARDEN_SCAN_H
#define CHAINWARDEN_SCAN_H

#include "common.h"
#include "inventory.h"
#include "kb.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Severity of a finding, ordered. */
typedef enum {
	CW_SEVERITY_UNKNOWN = 0,
	CW_SEVERITY_LOW = 1,
	CW_SEVERITY_MEDIUM = 2,
	CW_SEVERITY_HIGH = 3,
	CW_SEVERITY_CRITICAL = 4
} cw_severity;

/** How a finding was matched. */
typedef enum {
	CW_MATCH_ECOSYSTEM = 0, /**< OSV advisory of the package's ecosystem */
	CW_MATCH_DISTRO = 1,    /**< OSV advisory of the distribution release, via the source package */
	CW_MATCH_CPE = 2        /**< NVD CPE configuration (lower confidence) */
} cw_match_kind;

/** What a finding says about its package. */
typedef enum {
	CW_FINDING_VULNERABILITY = 0, /**< a known vulnerability */
	CW_FINDING_MALICIOUS = 1,     /**< a known malicious package (an OSV MAL- record), or a
	                                   malicious upstream signal */
	CW_FINDING_SUSPICIOUS = 2     /**< an upstream signal that needs a look (cw_upstream_finding) */
} cw_finding_kind;

/** "vulnerability", "malicious", "suspicious". */
CW_EXTERN const char *cw_finding_kind_name(cw_finding_kind kind);

/** A dependency path: component indexes from a root to the vulnerable component. */
typedef struct {
	const size_t *nodes;
	size_t len;
} cw_scan_path;

/**
 * The VEX statement that applies to a finding (the last one read, see
 * docs/scan.md "VEX").  Terms are the document's own: OpenVEX status
 * not_affected / affected / fixed / under_investigation, CycloneDX
 * analysis.state not_affected / false_positive / resolved /
 * resolved_with_pedigree / exploitable / in_triage.
 */
typedef struct {
	const char *format;             /**< "openvex" or "cyclonedx"; NULL when no statement applies */
	const char *status;             /**< status / analysis.state */
	const char *justification;      /**< may be NULL */
	const char *detail;             /**< impact/action statement or analysis detail, may be NULL */
	const char *source;             /**< "file:line" of the statement */
	bool suppresses;                /**< the status says the finding does not apply (then `ignored`) */
} cw_finding_vex;

/** One vulnerability in one component. */
typedef struct {
	const char *id;                 /**< display id (see docs/scan.md) */
	const char *const *aliases;     /**< every other id of the alias group, sorted */
	size_t alias_count;
	const char *const *advisories;  /**< OSV advisories that matched, sorted */
	size_t advisory_count;
	const char *summary;            /**< may be NULL */
	size_t component;               /**< index in the inventory */
	const cw_component *package;    /**< the component (borrowed from the inventory) */
	cw_match_kind match;
	cw_severity severity;
	double cvss_score;              /**< -1 when no CVSS vector is known */
	const char *cvss_vector;        /**< NULL when none */
	const char *cvss_version;       /**< "4.0", "3.1", "3.0", "2.0" */
	const char *cvss_source;        /**< "nvd@nist.gov", "osv:GHSA-...", ... */
	bool epss;                      /**< EPSS data known */
	double epss_score, epss_percentile;
	bool kev;
	const char *kev_date_added, *kev_due_date;
	bool kev_ransomware;            /**< knownRansomwareCampaignUse "Known" */
	const char *const *fixed_versions; /**< `fixed` events of the matched ranges, ascending */
	size_t fixed_count;
	const cw_scan_path *paths;      /**< shortest paths first, at most CW_SCAN_MAX_PATHS */
	size_t path_count;
	double priority_score;          /**< docs/scan.md: KEV, then EPSS, then severity */
	size_t priority;                /**< rank, 1 = fix first */
	bool ignored;                   /**< suppressed by the ignore file or a VEX statement */
	const char *ignore_reason;
	cw_finding_vex vex;             /**< the VEX statement that applies (format NULL: none) */
	/** CW_FINDING_MALICIOUS when an id of the alias group is an OSV MAL- id (the
	 *  OpenSSF malicious-packages database): severity critical, sorted first. */
	cw_finding_kind kind;
	const char *published;          /**< when the advisory was published (RFC 3339 or a date), or NULL */
} cw_finding;

#define CW_SCAN_MAX_PATHS 5

/** Fix recommendation for one vulnerable component. */
typedef struct {
	size_t component;
	const char *version;            /**< smallest version fixing all its findings, NULL if none */
	const size_t *direct;           /**< direct dependencies that lead to it (empty if it is direct) */
	size_t direct_count;
	size_t finding_count;           /**< its findings (not ignored) */
} cw_scan_fix;

typedef struct cw_scan_result cw_scan_result;

#define CW_SCAN_OPTIONS_VERSION 1

typedef struct {
	unsigned version;               /**< CW_SCAN_OPTIONS_VERSION */
	const char *ignore_file;        /**< YAML ignore file, or NULL */
	const char *today;              /**< "YYYY-MM-DD" for ignore expiry; NULL: the current UTC date */
	bool cpe;                       /**< also match NVD CPE configurations (default true) */
	const char *const *vex_files;   /**< OpenVEX / CycloneDX VEX documents, later ones win */
	size_t vex_file_count;
	const char *baseline_file;      /**< a previous JSON report: keep only new findings (NULL: all) */
} cw_scan_options;

#define CW_SCAN_OPTIONS_INIT { CW_SCAN_OPTIONS_VERSION, NULL, NULL, true, NULL, 0, NULL }

/**
 * Match every component of `inv` against `kb`.  Components without a
 * resolved version are skipped.  `opts` may be NULL.
 */
CW_EXTERN int cw_scan_run(cw_scan_result **out, const cw_inventory *inv, cw_kb *kb,
                          const cw_scan_options *opts);

CW_EXTERN void cw_scan_result_free(cw_scan_result *result);

/** Findings in priority order (ignored ones included, flagged). */
CW_EXTERN size_t cw_scan_finding_count(const cw_scan_result *result);
CW_EXTERN const cw_finding *cw_scan_finding(const cw_scan_result *result, size_t i);

/** Fix recommendations, one per vulnerable component, in inventory order. */
CW_EXTERN size_t cw_scan_fix_count(const cw_scan_result *result);
CW_EXTERN const cw_scan_fix *cw_scan_fix_at(const cw_scan_result *result, size_t i);

/** The inventory the result was made from (borrowed). */
CW_EXTERN const cw_inventory *cw_scan_inventory(const cw_scan_result *result);

/**
 * With a baseline (cw_scan_options.baseline_file): findings of the
 * baseline still present (left out of the result) and baseline findings no
 * longer present (fixed).  Both 0 without a baseline.
 */
CW_EXTERN size_t cw_scan_baseline_unchanged(const cw_scan_result *result);
CW_EXTERN size_t cw_scan_baseline_fixed_count(const cw_scan_result *result);
/** The key ("id|purl-without-version", docs/scan.md) of the i-th fixed baseline finding, borrowed. */
CW_EXTERN const char *cw_scan_baseline_fixed(const cw_scan_result *result, size_t i);

/** Warnings of the scan (unparseable versions, ignore entries...), borrowed. */
CW_EXTERN size_t cw_scan_warning_count(const cw_scan_result *result);
CW_EXTERN const char *cw_scan_warning(const cw_scan_result *result, size_t i);

CW_EXTERN const char *cw_severity_name(cw_severity severity);

/** --fail-on levels. */
typedef enum {
	CW_FAIL_NONE = 0, CW_FAIL_ANY, CW_FAIL_LOW, CW_FAIL_MEDIUM, CW_FAIL_HIGH,
	CW_FAIL_CRITICAL, CW_FAIL_KEV
} cw_fail_level;

/** Parse "critical", "high", "medium", "low", "kev", "any" (CW_EINVALID otherwise). */
CW_EXTERN int cw_fail_level_parse(cw_fail_level *out, const char *name);

/** True when a finding that is not ignored reaches `level`. */
CW_EXTERN bool cw_scan_fails(const cw_scan_result *result, cw_fail_level level);

/*
 * Upstream-attack findings (docs/scan.md, "Upstream findings"): signs that
 * a dependency was tampered with upstream rather than known vulnerable.
 * They are kept apart from the vulnerability findings (a result lists
 * both) and come from the lockfile signals of chainwarden/attack.h, the
 * lockfile / manifest drift, the install-time code of unpacked packages,
 * and the fresh-version quarantine.
 */

/** One upstream finding; strings borrowed from the result. */
typedef struct {
	cw_finding_kind kind;         /**< CW_FINDING_MALICIOUS or CW_FINDING_SUSPICIOUS */
	const char *signal;           /**< "typosquat", "no-integrity", "unlisted-host",
	                                   "non-registry-source", "dependency-confusion",
	                                   "install-script", "lockfile-drift", "fresh-version",
	                                   "unpublished-version" */
	size_t component;             /**< index in the inventory; SIZE_MAX when none (a
	                                   declared package that is not locked) */
	const cw_component *package;  /**< NULL when none */
	const char *ecosystem, *name; /**< the package (also without a component) */
	const char *version;          /**< may be NULL */
	const char *file;             /**< where to look: the lockfile entry or manifest line */
	size_t line;                  /**< 1-based, 0 unknown */
	const char *evidence;         /**< one line of text */
	const char *script;           /**< install-time code read from the package, or NULL */
	const char *script_file;      /**< the file it was read from, or NULL */
	bool ignored;                 /**< an ignore entry names its signal (and package) */
	const char *ignore_reason;
} cw_upstream_finding;

#define CW_UPSTREAM_OPTIONS_VERSION 1

/** Options of cw_scan_upstream(); lists may be NULL when empty. */
typedef struct {
	unsigned version;                  /**< CW_UPSTREAM_OPTIONS_VERSION */
	const char *config_file;           /**< YAML file with an `upstream:` section (the
	                                        ignore file), merged with the fields below; or NULL */
	const char *const *allowed_hosts;  /**< registry hosts packages may come from */
	size_t allowed_host_count;
	const char *const *internal_patterns; /**< internal package name globs ("@acme/\*") */
	size_t internal_pattern_count;
	const char *const *internal_hosts; /**< hosts of the internal registry */
	size_t internal_host_count;
	const char *const *popular_files;  /**< ranked npm popular-name lists (typosquats) */
	size_t popular_file_count;
	const char *const *package_dirs;   /**< where unpacked packages are (DIR/node_modules/NAME,
	                                        DIR/NAME, DIR/NAME-VERSION); the lockfile's own
	                                        node_modules is always looked at */
	size_t package_dir_count;
	bool drift;                        /**< compare lockfiles with their manifests (default true) */
	int fresh_days;                    /**< quarantine: versions younger than this many days;
	                                        0: the default (7); negative: off */
	const char *registry_metadata;     /**< directory of packuments (DIR/NAME.json), or NULL */
	const char *registry_url;          /**< npm registry to fetch packuments from, or NULL */
	int64_t now;                       /**< seconds since the epoch; 0: the current time */
} cw_upstream_options;

#define CW_UPSTREAM_OPTIONS_INIT { CW_UPSTREAM_OPTIONS_VERSION, NULL, NULL, 0, NULL, 0, NULL, 0, \
                                   NULL, 0, NULL, 0, true, 0, NULL, NULL, 0 }

/**
 * Add the upstream findings of the result's inventory to `result`
 * (malicious first, then by signal, then by file and line).  Without a
 * registry metadata source (`registry_metadata`, `registry_url`, or the
 * config file) no fresh-version check is made.
 * @return 0, CW_EINVALID (bad config or popular list: "file:line: reason"),
 *         CW_ENOTFOUND / CW_EIO (a file named in the options).
 */
CW_EXTERN int cw_scan_upstream(cw_scan_result *result, const cw_upstream_options *opts);

/** Whether cw_scan_upstream() ran on `result` (a policy then takes the
 *  upstream findings, ignore entries applied, as its attack signals). */
CW_EXTERN bool cw_scan_upstream_done(const cw_scan_result *result);

CW_EXTERN size_t cw_scan_upstream_count(const cw_scan_result *result);
CW_EXTERN const cw_upstream_finding *cw_scan_upstream_at(const cw_scan_result *result, size_t i);

/** --fail-on for upstream findings that are not ignored: a malicious one counts as
 *  critical, a suspicious one as low. */
CW_EXTERN bool cw_scan_upstream_fails(const cw_scan_result *result, cw_fail_level level);

/** Report formats. */
typedef enum {
	CW_REPORT_TABLE = 0, CW_REPORT_JSON, CW_REPORT_SARIF, CW_REPORT_MARKDOWN,
	CW_REPORT_HTML, CW_REPORT_CYCLONEDX,
	CW_REPORT_OPENVEX               /**< OpenVEX 0.2.0: one statement per finding */
} cw_report_format;

CW_EXTERN int cw_report_format_parse(cw_report_format *out, const char *name);

#define CW_REPORT_OPTIONS_VERSION 2 /* 2: `policy` */

typedef struct {
	unsigned version;               /**< CW_REPORT_OPTIONS_VERSION */
	cw_report_format format;
	bool color;                     /**< ANSI colours (table) */
	bool deterministic;             /**< no timestamps (tests) */
	bool show_ignored;              /**< list ignored findings too (table/markdown/html) */
	const char *source_root;        /**< the scanned directory (SARIF: absolute file paths under it
	                                     become relative to %SRCROOT%); NULL: none */
	/** A policy report of this scan (chainwarden/policy.h), or NULL: the
	 *  JSON report then carries it under "policy". */
	const struct cw_policy_report *policy;
} cw_report_options;

#define CW_REPORT_OPTIONS_INIT { CW_REPORT_OPTIONS_VERSION, CW_REPORT_TABLE, false, false, false, NULL, NULL }

/** Write the report through `write` (same sink type as cw_sbom_write). */
CW_EXTERN int cw_scan_report(const cw_scan_result *result, const cw_report_options *opts,
                             cw_sbom_write_fn write, void *payload);

#ifdef __cplusplus
}
#endif
#endif
