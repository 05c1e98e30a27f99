/*
 * chainwarden/policy.h - one set of rules for every gate: what an
 * organisation accepts in its dependencies, evaluated the same way by the
 * CLI (`policy check`, `scan --policy`), and later by the server and the
 * registry proxy.
 *
 * A policy is a YAML document (`apiVersion: chainwarden.dev/v1`,
 * `kind: Policy`; format, semantics and JSON Schema in docs/policy.md and
 * docs/policy.schema.json) of rules.  A rule has an id, an action (deny,
 * review, warn, info), a message, remediation text and a `when` condition:
 * a tree of all/any/not over vulnerability, license, package, upstream-
 * attack, health and project-context conditions.  Scopes (business system,
 * project, lifecycle stage) redefine or disable rules; the most specific
 * scope that applies wins.  Waivers (by rule, package and/or finding, with
 * reason, approver and expiry) turn matching results into `waived` until
 * they expire; findings the scan ignored (ignore file, VEX) come out
 * waived with the scan's reason.
 *
 * Conditions are three-valued: a condition on data that is absent (no
 * health data for a component, an unset context field, an unknown EPSS
 * score) is "unknown", which never makes a rule match, not even under
 * `not`.
 *
 * Ownership: a cw_policy, cw_policy_context and cw_policy_report belong to
 * the caller (one _free each).  A report borrows the policy and the
 * input's inventory, scan result, context and health data: free it first.
 * Strings read from a report are borrowed from it (or from what it
 * borrows).  Threads: a policy may be evaluated from several threads at
 * once; a report is read by one thread at a time (a result's `why` is
 * built on its first read).
 */
#ifndef CHAINWARDEN_POLICY_H
#define CHAINWARDEN_POLICY_H

#include "common.h"
#include "attack.h"
#include "inventory.h"
#include "scan.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The policy format this version reads. */
#define CW_POLICY_API_VERSION "chainwarden.dev/v1"

/** What a matching rule does; ordered by weight. */
typedef enum {
	CW_POLICY_INFO = 0,    /**< reported only */
	CW_POLICY_WARN = 1,    /**< reported as a warning */
	CW_POLICY_REVIEW = 2,  /**< needs a human approval (does not fail the gate) */
	CW_POLICY_DENY = 3     /**< fails the gate unless waived */
} cw_policy_action;

CW_EXTERN const char *cw_policy_action_name(cw_policy_action action);

typedef struct cw_policy cw_policy;

/**
 * Load a policy from YAML.  `path` names it in errors, which say
 * "path:line:col: rule 'id': what is wrong".  Every rule, scope and waiver
 * is checked on load (unknown keys, bad values, version ranges that do not
 * parse, duplicate ids): a policy that loads has no part the engine would
 * ignore.
 * @return 0; CW_EINVALID (with the location); CW_EUNSUPPORTED for another
 *         apiVersion or kind; CW_ELIMIT for a policy past the caps.
 */
CW_EXTERN int cw_policy_load(cw_policy **out, const char *yaml, size_t len, const char *path);

/** cw_policy_load() on a file. */
CW_EXTERN int cw_policy_load_file(cw_policy **out, const char *path);

/** The policy shipped with chainwarden (data/policy/default.yaml, compiled in). */
CW_EXTERN int cw_policy_load_default(cw_policy **out);

/** The YAML text of the default policy (static). */
CW_EXTERN const char *cw_policy_default_text(void);

CW_EXTERN void cw_policy_free(cw_policy *policy);

/** metadata.name, or "" (borrowed). */
CW_EXTERN const char *cw_policy_name(const cw_policy *policy);

/** Counts for `policy lint`: global rules, scopes, waivers (all scopes). */
CW_EXTERN void cw_policy_counts(const cw_policy *policy, size_t *rules, size_t *scopes,
                                size_t *waivers);

/* ---- project context --------------------------------------------------- */

/**
 * The project a policy is applied to.  Keys (values are case-insensitive
 * words): business_system, project, lifecycle (development, test,
 * staging, production, ...), criticality (low, medium, high, critical),
 * environment, distribution (internal, network-service, distributed),
 * supplier_status (approved, pending, unapproved, ...).
 */
typedef struct cw_policy_context cw_policy_context;

CW_EXTERN int cw_policy_context_new(cw_policy_context **out);

/**
 * Set one key (an empty value unsets it).  CW_EINVALID for an unknown key
 * or a value outside a key's fixed set (criticality, distribution).
 */
CW_EXTERN int cw_policy_context_set(cw_policy_context *ctx, const char *key, const char *value);

/** The value of `key`, or NULL when unset (borrowed). */
CW_EXTERN const char *cw_policy_context_get(const cw_policy_context *ctx, const char *key);

/**
 * Read a context file (YAML mapping of the keys above, optionally under
 * `context:`) into `ctx`; keys already set are overwritten.
 */
CW_EXTERN int cw_policy_context_load(cw_policy_context *ctx, const char *yaml, size_t len,
                                     const char *path);

CW_EXTERN void cw_policy_context_free(cw_policy_context *ctx);

/* ---- health data -------------------------------------------------------- */

/** Health of one component's upstream project (see chainwarden/health.h). */
typedef struct {
	double score;                    /**< overall 0..10, or -1 unknown */
	const char *const *check_names;  /**< Scorecard check names ("Maintained") */
	const int *check_scores;         /**< 0..10, -1 inconclusive */
	size_t check_count;
	int unmaintained;                /**< 1 yes, 0 no, -1 unknown */
} cw_policy_health;

/**
 * Health data for the components of an inventory, keyed by package (a
 * purl without version, or a name).  Loaded from a JSON object whose keys
 * are purls or names and whose values are chainwarden health reports
 * (`chainwarden health --json`, schema chainwarden-health/1).
 */
typedef struct cw_policy_health_set cw_policy_health_set;

CW_EXTERN int cw_policy_health_load(cw_policy_health_set **out, const char *json, size_t len,
                                    const char *path);

/** Add (or replace) one package's health; strings are copied. */
CW_EXTERN int cw_policy_health_add(cw_policy_health_set *set, const char *package,
                                   const cw_policy_health *health);

CW_EXTERN int cw_policy_health_new(cw_policy_health_set **out);

CW_EXTERN void cw_policy_health_free(cw_policy_health_set *set);

/* ---- evaluation ------------------------------------------------------------ */

#define CW_POLICY_INPUT_VERSION 1

/**
 * A signal given by name: an upstream-attack finding of the scan
 * ("fresh-version", "lockfile-drift", "unpublished-version", ...), or a
 * check of the caller's own.  Names are cw_signal_kind_name()'s spelling;
 * a name no rule tests is ignored.
 */
typedef struct {
	size_t component;          /**< index in the inventory */
	const char *name;
	bool malicious;            /**< counts for attack.malicious too */
} cw_policy_signal;

/** What a policy is evaluated on.  Only `inventory` is required. */
typedef struct {
	unsigned version;                    /**< CW_POLICY_INPUT_VERSION */
	const cw_inventory *inventory;       /**< the components (library ones are judged) */
	const cw_scan_result *scan;          /**< vulnerability findings, or NULL: vulnerability conditions are unknown */
	/** Upstream-attack signals; with `signals_given` false the engine asks
	 *  cw_attack_signals() with default options itself.  Kinds are matched
	 *  by name (cw_signal_kind_name), so kinds added later work unchanged. */
	const cw_signal *signals;
	size_t signal_count;
	bool signals_given;
	const cw_policy_health_set *health;  /**< or NULL: health conditions are unknown */
	const cw_policy_context *context;    /**< or NULL: context conditions are unknown */
	int64_t now;                         /**< "today" as Unix seconds; 0: the clock */
	/** More signals by name, in addition to `signals` (leave out the ones
	 *  the scan ignored: they do not count). */
	const cw_policy_signal *named_signals;
	size_t named_signal_count;
} cw_policy_input;

#define CW_POLICY_INPUT_INIT { CW_POLICY_INPUT_VERSION, NULL, NULL, NULL, 0, false, NULL, NULL, 0, \
                               NULL, 0 }

/** One rule that matched one component (and one finding, for vulnerability rules). */
typedef struct {
	const char *rule;              /**< rule id */
	cw_policy_action action;
	const char *message;
	const char *remediation;       /**< may be "" */
	const char *scope;             /**< name of the scope that defined the rule, "global" */
	size_t component;              /**< index in the inventory */
	const cw_component *package;
	const cw_finding *finding;     /**< the finding the rule matched, or NULL */
	const char *why;               /**< the conditions that held, e.g. "vulnerability.kev: CVE-... is in KEV" */
	bool waived;
	const char *waiver_source;     /**< "policy" or "scan" (ignore file / VEX), NULL if not waived */
	const char *waiver_reason;
	const char *waiver_approver;   /**< may be NULL (scan) */
	const char *waiver_expires;    /**< YYYY-MM-DD or NULL */
	const char *expired_waiver;    /**< a matching waiver that expired on this date, or NULL */
} cw_policy_result;

/** The gate's answer, ordered. */
typedef enum {
	CW_POLICY_PASS = 0,            /**< nothing but info (or waived results) */
	CW_POLICY_PASS_WARN = 1,       /**< warnings */
	CW_POLICY_NEEDS_REVIEW = 2,    /**< review results not waived */
	CW_POLICY_FAIL = 3             /**< deny results not waived */
} cw_policy_verdict;

CW_EXTERN const char *cw_policy_verdict_name(cw_policy_verdict verdict);

typedef struct cw_policy_report cw_policy_report;

/**
 * Evaluate `policy` on `input`: resolve the scopes for the input's
 * context, run every effective rule on every library component, apply
 * waivers and the scan's ignored findings.
 */
CW_EXTERN int cw_policy_evaluate(cw_policy_report **out, const cw_policy *policy,
                                 const cw_policy_input *input);

CW_EXTERN void cw_policy_report_free(cw_policy_report *report);

/** Results, deny first, then review, warn, info; then by component and rule. */
CW_EXTERN size_t cw_policy_result_count(const cw_policy_report *report);
CW_EXTERN const cw_policy_result *cw_policy_result_at(const cw_policy_report *report, size_t i);

CW_EXTERN cw_policy_verdict cw_policy_report_verdict(const cw_policy_report *report);

/** True when a `deny` result is not waived (the gate fails: exit 1). */
CW_EXTERN bool cw_policy_report_fails(const cw_policy_report *report);

/** Warnings of the evaluation (a scope override with nothing to override...). */
CW_EXTERN size_t cw_policy_warning_count(const cw_policy_report *report);
CW_EXTERN const char *cw_policy_warning(const cw_policy_report *report, size_t i);

/** The effective rules after scope resolution, as "id (scope)" strings. */
CW_EXTERN size_t cw_policy_effective_rule_count(const cw_policy_report *report);
CW_EXTERN const char *cw_policy_effective_rule(const cw_policy_report *report, size_t i);

/** Report formats (the same names as `scan`). */
typedef enum {
	CW_POLICY_FORMAT_TABLE = 0, CW_POLICY_FORMAT_JSON, CW_POLICY_FORMAT_SARIF,
	CW_POLICY_FORMAT_MARKDOWN
} cw_policy_format;

/** Parse "table", "json", "sarif", "markdown"/"md". */
CW_EXTERN int cw_policy_format_parse(cw_policy_format *out, const char *name);

/** Write the report (schema chainwarden-policy/1 for JSON, docs/policy.md). */
CW_EXTERN int cw_policy_report_write(const cw_policy_report *report, cw_policy_format format,
                                     cw_sbom_write_fn write, void *payload);

/**
 * Why each rule did or did not apply to each library component: per
 * component, the matched rules with the conditions that held, and the
 * rules that did not apply with the first condition that failed or was
 * unknown ("no health data", "context lifecycle not set").  Text, or JSON
 * with `format` CW_POLICY_FORMAT_JSON.  *out is malloc'd.
 */
CW_EXTERN int cw_policy_explain(char **out, const cw_policy *policy, const cw_policy_input *input,
                                cw_policy_format format);

#ifdef __cplusplus
}
#endif
#endif
