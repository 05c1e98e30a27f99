/*
 * policy/policy_internal.h - the compiled form of a policy, shared by the
 * files of the policy module (internal).
 *
 * A policy compiles into rules whose `when` is a tree of cw__pcond nodes:
 * combinators (all, any, not) over leaves.  A leaf is one field of one
 * subject ("vulnerability.kev", "license.category", ...) with a matcher
 * prepared at load time (a bit set of allowed severities, a numeric
 * interval, a list of patterns, a parsed version range), so evaluation
 * does no parsing and no allocation.
 */
#ifndef CW_POLICY_INTERNAL_H
#define CW_POLICY_INTERNAL_H

#include "chainwarden/policy.h"
#include "chainwarden/version.h"
#include "chainwarden/license.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/json.h"
#include "util/map.h"
#include "util/vec.h"

/* Caps on what one policy may hold (hostile or runaway input). */
#define CW_POLICY_MAX_RULES 10000
#define CW_POLICY_MAX_SCOPES 1000
#define CW_POLICY_MAX_WAIVERS 100000
#define CW_POLICY_MAX_DEPTH 32
#define CW_POLICY_MAX_PATTERNS 4096
#define CW_POLICY_MAX_SIGNALS 32 /* signal names a policy tests (bits of a mask) */

/* Three-valued truth: a condition on absent data is unknown. */
typedef enum { CW_T_FALSE = 0, CW_T_TRUE = 1, CW_T_UNKNOWN = 2 } cw__tri;

typedef enum { CW_PC_ALL, CW_PC_ANY, CW_PC_NOT, CW_PC_LEAF } cw__pc_kind;

/* The leaf fields.  The order of the sections matters only for names. */
typedef enum {
	CW_PF_VULN_SEVERITY, CW_PF_VULN_CVSS_SCORE, CW_PF_VULN_CVSS_VERSION, CW_PF_VULN_EPSS_SCORE,
	CW_PF_VULN_EPSS_PERCENTILE, CW_PF_VULN_KEV, CW_PF_VULN_FIX_AVAILABLE, CW_PF_VULN_AGE_DAYS,
	CW_PF_VULN_ID, CW_PF_VULN_ANY,
	CW_PF_LIC_ID, CW_PF_LIC_CATEGORY, CW_PF_LIC_UNKNOWN,
	CW_PF_PKG_ECOSYSTEM, CW_PF_PKG_NAME, CW_PF_PKG_VERSION, CW_PF_PKG_PURL, CW_PF_PKG_SCOPE,
	CW_PF_PKG_DIRECT,
	CW_PF_ATT_MALICIOUS, CW_PF_ATT_SIGNAL, CW_PF_ATT_UNPINNED,
	CW_PF_HEALTH_SCORE, CW_PF_HEALTH_CHECK, CW_PF_HEALTH_UNMAINTAINED,
	CW_PF_CTX_BUSINESS_SYSTEM, CW_PF_CTX_PROJECT, CW_PF_CTX_LIFECYCLE, CW_PF_CTX_CRITICALITY,
	CW_PF_CTX_ENVIRONMENT, CW_PF_CTX_DISTRIBUTION, CW_PF_CTX_SUPPLIER_STATUS,
	CW_PF__COUNT
} cw__pfield;

/* The syntax of a condition field's value (docs/policy.md, "Fields"). */
typedef enum {
	CW_PV_BOOL, CW_PV_NUM, CW_PV_SEVERITY, CW_PV_CRITICALITY, CW_PV_CATEGORY, CW_PV_SCOPE,
	CW_PV_WORDS, CW_PV_GLOBS, CW_PV_IDS, CW_PV_VERSION, CW_PV_SIGNALS, CW_PV_CHECK,
	CW_PV_DISTRIBUTION
} cw__pvkind;

/* A condition field as a policy writes it: `SECTION: {NAME: value}`. */
typedef struct {
	const char *section;
	const char *name;
	cw__pfield field;
	cw__pvkind type;
	const char *signal;     /* attack booleans: the signal name they test */
} cw__pfield_def;

/* The fields, generated from data/policy/fields.tsv by cmake/gen_policy.cmake. */
extern const cw__pfield_def cw__policy_fields[];
extern const size_t cw__policy_field_count;

/* Whether a field is judged per vulnerability finding. */
static inline bool cw__pfield_is_vuln(cw__pfield f)
{
	return f <= CW_PF_VULN_ANY;
}

/* A numeric interval: lo/hi with inclusiveness; NaN bounds are open. */
typedef struct {
	double lo, hi;
	bool has_lo, has_hi, lo_incl, hi_incl;
} cw__pnum;

typedef struct cw__pcond cw__pcond;
struct cw__pcond {
	cw__pc_kind kind;
	size_t line, col;
	/* combinators */
	cw__pcond **kids;
	size_t nkids;
	/* leaf */
	cw__pfield field;
	const char *text;            /* the leaf as written, "vulnerability.kev: true" */
	bool want;                   /* booleans */
	cw__pnum num;                /* numbers; for health.check the check's score */
	unsigned mask;               /* ordered enums (severity, criticality, category, scope) */
	const char **patterns;       /* ids, globs, words (lowercased where compared so) */
	size_t npatterns;
	const char *check;           /* health.check: the check's name */
	unsigned signal_mask;        /* attack.signal / booleans: bits into cw_policy.signal_names */
	const cw_version_scheme *scheme; /* package.version */
	cw_version_range *range;
	const char *ecosystem;       /* package.version: the one ecosystem it is written for */
};

typedef struct {
	const char *id;
	cw_policy_action action;
	const char *message;
	const char *remediation;
	cw__pcond *when;             /* NULL: a scope's partial override */
	bool has_action, has_message, has_remediation;
	bool uses_vuln;              /* some leaf is judged per finding */
	const char *scope;           /* "global" or the scope's name */
	size_t line, col;
	size_t order;                /* position among all rules of the file */
} cw__prule;

typedef struct {
	const char *rule;            /* NULL: any */
	const char *package;         /* glob on name, or on purl when it starts "pkg:" */
	const char *finding;         /* id or alias (glob, case-insensitive) */
	const char *reason, *approver, *expires;
	size_t line, col;
} cw__pwaiver;

/* Scope selectors, in rising specificity (weight bits). */
enum { CW_SEL_BUSINESS_SYSTEM, CW_SEL_PROJECT, CW_SEL_LIFECYCLE, CW_SEL__COUNT };

typedef struct {
	const char *name;
	const char **values[CW_SEL__COUNT];  /* NULL: not selected on; else lowercased words */
	size_t nvalues[CW_SEL__COUNT];
	unsigned weight;                     /* 1 business system, 2 project, 4 lifecycle: summed */
	CW_VEC(cw__prule *) rules;
	CW_VEC(const char *) disable;
	CW_VEC(cw__pwaiver *) waivers;
	size_t line, col;
} cw__pscope;

struct cw_policy {
	cw_arena arena;
	const char *path;
	const char *name;
	CW_VEC(cw__prule *) rules;
	CW_VEC(cw__pscope *) scopes;
	CW_VEC(cw__pwaiver *) waivers;
	/* attack signal names the rules test, bit i = signal_names[i] */
	const char *signal_names[CW_POLICY_MAX_SIGNALS];
	size_t signal_count;
	bool uses_license, uses_signals, uses_health;
	CW_VEC(cw_version_range *) ranges;   /* freed with the policy */
};

/* condition.c: compile `node` (a YAML mapping) into a condition tree. */
struct cw_ynode;
int cw__pcond_compile(cw__pcond **out, cw_policy *p, const struct cw_ynode *node,
                      const char *rule_id, int depth);

/* Whether any leaf of the tree is a per-finding field. */
bool cw__pcond_uses_vuln(const cw__pcond *c);

/* Location error for a node: "path:line:col: rule 'id': message". */
int cw__policy_error(const cw_policy *p, size_t line, size_t col, const char *rule_id,
                     const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* The license facts of a component (license.c, cached per declared string). */
typedef struct {
	const char *expr;             /* normalised expression or NOASSERTION */
	const char **ids;
	size_t id_count;
	cw_license_category category;
	bool unknown;
} cw__plicense;

/* What a component looks like to the rules, prepared once per evaluation. */
typedef struct {
	const cw_component *c;
	const cw_finding **findings;  /* its findings, priority order */
	size_t finding_count;
	uint64_t signals;             /* bits into cw_policy.signal_names */
	bool malicious_signal;
	cw__plicense license;
	/* health, or NULL */
	const cw_policy_health *health;
} cw__psubject;

typedef struct {
	const cw_policy_context *ctx;
	int64_t today_days;           /* days since 1970-01-01 */
	bool have_scan;               /* vulnerability data given (else those fields are unknown) */
} cw__penv;

/* evaluate.c: judge `c` on subject `s` and finding `f` (may be NULL).
 * With `why` not NULL, append the reason of the outcome. */
cw__tri cw__pcond_eval(const cw__pcond *c, const cw__psubject *s, const cw_finding *f,
                       const cw__penv *env, cw_buf *why);

/* context.c */
const char *cw__policy_context_key(const cw_policy_context *ctx, cw__pfield field);
int cw__criticality_rank(const char *word);  /* 0..3, -1 unknown */

/* health.c */
const cw_policy_health *cw__policy_health_find(const cw_policy_health_set *set,
                                               const cw_component *c);

/* license.c: fill the license part of a subject (cached per declared string). */
typedef struct cw__plicense_cache cw__plicense_cache;
int cw__plicense_fill(cw__plicense_cache **cache, cw_arena *arena, cw__psubject *s);
void cw__plicense_cache_free(cw__plicense_cache *cache);

/* scope.c: the rules in force for a context (partial overrides merged,
 * disabled rules removed), in file order; and the waivers in force. */
typedef struct {
	CW_VEC(const cw__prule *) rules;
	CW_VEC(const cw__pwaiver *) waivers;
	CW_VEC(const char *) warnings;
} cw__presolved;
int cw__policy_resolve(cw__presolved *out, cw_arena *arena, const cw_policy *p,
                       const cw_policy_context *ctx);
void cw__presolved_free(cw__presolved *r);

/* waiver.c: the first waiver in force that covers the result (NULL if
 * none); *expired receives the date of a covering waiver that expired. */
const cw__pwaiver *cw__pwaiver_find(const cw__presolved *res, const cw__prule *rule,
                                    const cw_component *c, const cw_finding *f,
                                    const char *today, const char **expired);

/* waiver.c: whether a glob of `patterns` matches `purl`, or (a pattern
 * without '@') the purl without its version, qualifiers and subpath. */
bool cw__pglob_purl(const char *const *patterns, size_t count, const char *purl);
/* waiver.c: whether a glob of `patterns` matches the finding's id or one
 * of its aliases, ASCII case folded; never a NULL finding. */
bool cw__pglob_finding(const char *const *patterns, size_t count, const cw_finding *f);

/* Date helpers (dates are "YYYY-MM-DD" or RFC 3339 timestamps). */
bool cw__pdate_valid(const char *s, size_t len);
int64_t cw__pdate_days(const char *s); /* days since the epoch, or INT64_MIN */

/* evaluate.c: subjects for every component of the input. */
typedef struct {
	cw_arena arena;
	cw__psubject *subjects;       /* per inventory component (library ones judged) */
	size_t count;
	const cw_finding **finding_store;
	cw_signal *own_signals;       /* when the engine asked for them */
	cw__plicense_cache *lic;
	cw__penv env;
	char today[16];
} cw__pprep;
int cw__policy_prepare(cw__pprep *prep, const cw_policy *p, const cw_policy_input *in);
void cw__policy_prep_free(cw__pprep *prep);

/* A result as evaluation makes it (48 bytes); the public cw_policy_result,
 * with its explanation, is made from it on first read. */
typedef struct {
	const cw__prule *rule;
	const cw__psubject *subject;
	const cw_finding *finding;
	const cw__pwaiver *waiver;    /* the policy waiver in force, or NULL */
	const char *expired;          /* date of a covering waiver that expired, or NULL */
	unsigned char key;            /* 4 * waived + (3 - action): the report's order */
} cw__presult;

static inline bool cw__presult_waived(const cw__presult *x)
{
	return x->key >= 4;
}

struct cw_policy_report {
	cw_arena arena;
	const cw_policy *policy;
	const cw_inventory *inv;
	cw__pprep prep;               /* the subjects, kept for the explanations */
	CW_VEC(cw__presult) results;
	cw_policy_result *pub;        /* made on first read, one per result */
	cw__presolved res;            /* the rules and waivers in force, and the warnings */
	const char **effective_names; /* per rule in force: "id (scope)", in the arena */
	cw_policy_verdict verdict;
	size_t judged;                /* library components judged */
	char today[16];
};

/* report.c: the report as one JSON object (schema chainwarden-policy/1),
 * also embedded by the scan report under "policy".  CW_ENOMEM when the
 * results' public form cannot be made. */
int cw__policy_json(cw_jw *jw, const cw_policy_report *r);

/* evaluate.c: result i with its `why` filled in. */
const cw_policy_result *cw__presult_at(const cw_policy_report *r, size_t i);

#endif
