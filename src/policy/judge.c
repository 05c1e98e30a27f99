/*
 * judge.c - one condition tree on one subject (a component, and one of
 * its findings for vulnerability fields).
 *
 * Leaves are three-valued: TRUE, FALSE or UNKNOWN (data absent: no health
 * entry, a context field not set, no EPSS score, no scan at all).
 * all/any/not follow Kleene's logic (all: FALSE if any kid is FALSE, else
 * UNKNOWN if any is UNKNOWN; any: the dual; not: TRUE<->FALSE, UNKNOWN
 * stays), and only TRUE matches, so absent data can neither trigger a rule
 * nor, through `not`, silence one.  Semantics of every field: docs/policy.md.
 *
 * With `why`, the reason of the outcome is appended: the conditions that
 * held, the one that failed, or the missing data.  Without it (the hot
 * path) nothing is formatted or allocated.
 */
#include "policy/policy_internal.h"
#include "util/error.h"
#include "util/str.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

static const char *const sev_names[] = { "unknown", "low", "medium", "high", "critical" };

static bool in_num(const cw__pnum *n, double v)
{
	if (n->has_lo && (n->lo_incl ? v < n->lo : v <= n->lo))
		return false;
	if (n->has_hi && (n->hi_incl ? v > n->hi : v >= n->hi))
		return false;
	return true;
}

static bool any_glob(const cw__pcond *c, const char *s, bool nocase)
{
	for (size_t i = 0; i < c->npatterns; i++)
		if (cw__glob_match(c->patterns[i], s, nocase))
			return true;
	return false;
}

static bool words_match(const cw__pcond *c, const char *value)
{
	for (size_t i = 0; i < c->npatterns; i++)
		if (!strcasecmp(c->patterns[i], value))
			return true;
	return false;
}

static bool cvss_version_matches(const cw__pcond *c, const char *v)
{
	for (size_t i = 0; i < c->npatterns; i++) {
		const char *p = c->patterns[i];
		if (!strcmp(p, v) || (!strchr(p, '.') && !strncmp(p, v, strlen(p)) && v[strlen(p)] == '.'))
			return true;
	}
	return false;
}

/* A pattern names the ecosystem `eco` (a purl type): itself, or its OSV name. */
static bool eco_eq(const char *p, const char *eco)
{
	static const char *const alias[][2] = {
		{ "go", "golang" }, { "crates.io", "cargo" }, { "rubygems", "gem" },
		{ "packagist", "composer" }, { "debian", "deb" }, { "ubuntu", "deb" },
		{ "alpine", "apk" }, { "red hat", "rpm" },
	};
	if (!eco)
		return false;
	if (!strcasecmp(p, eco))
		return true;
	for (size_t a = 0; a < sizeof(alias) / sizeof(alias[0]); a++)
		if (!strcasecmp(p, alias[a][0]) && !strcasecmp(eco, alias[a][1]))
			return true;
	return false;
}

static bool ecosystem_matches(const cw__pcond *c, const char *eco)
{
	for (size_t i = 0; i < c->npatterns; i++)
		if (eco_eq(c->patterns[i], eco))
			return true;
	return false;
}

static cw__tri tri(bool b)
{
	return b ? CW_T_TRUE : CW_T_FALSE;
}

/* `why` for a leaf: "field: actual value" plus the verdict. */
#define WHY(...) do { if (why) cw__buf_printf(why, __VA_ARGS__); } while (0)

static cw__tri eval_vuln(const cw__pcond *c, const cw__psubject *s, const cw_finding *f,
                         const cw__penv *env, cw_buf *why)
{
	cw__tri t;
	(void)s;
	if (!f && !env->have_scan) {
		WHY("%s: no vulnerability data (no scan)", c->text);
		return CW_T_UNKNOWN;
	}
	if (!f) {
		/* no finding: every vulnerability field is false, except that
		 * `affected: false` holds */
		WHY("%s: no vulnerability", c->text);
		return tri(c->field == CW_PF_VULN_ANY && !c->want);
	}
	switch (c->field) {
	case CW_PF_VULN_SEVERITY:
		t = tri(c->mask & (1u << f->severity));
		WHY("%s: %s is %s", c->text, f->id, sev_names[f->severity]);
		return t;
	case CW_PF_VULN_CVSS_SCORE:
		if (f->cvss_score < 0) {
			WHY("%s: %s has no CVSS score", c->text, f->id);
			return CW_T_UNKNOWN;
		}
		WHY("%s: %s scores %.1f", c->text, f->id, f->cvss_score);
		return tri(in_num(&c->num, f->cvss_score));
	case CW_PF_VULN_CVSS_VERSION:
		if (!f->cvss_version) {
			WHY("%s: %s has no CVSS vector", c->text, f->id);
			return CW_T_UNKNOWN;
		}
		WHY("%s: %s has CVSS %s", c->text, f->id, f->cvss_version);
		return tri(cvss_version_matches(c, f->cvss_version));
	case CW_PF_VULN_EPSS_SCORE:
	case CW_PF_VULN_EPSS_PERCENTILE: {
		double v = c->field == CW_PF_VULN_EPSS_SCORE ? f->epss_score : f->epss_percentile;
		if (!f->epss) {
			WHY("%s: no EPSS data for %s", c->text, f->id);
			return CW_T_UNKNOWN;
		}
		WHY("%s: %s is %.5f", c->text, f->id, v);
		return tri(in_num(&c->num, v));
	}
	case CW_PF_VULN_KEV:
		WHY("%s: %s is %sin KEV", c->text, f->id, f->kev ? "" : "not ");
		return tri(f->kev == c->want);
	case CW_PF_VULN_FIX_AVAILABLE:
		WHY("%s: %s has %s", c->text, f->id, f->fixed_count ? "a fixed version" : "no fixed version");
		return tri((f->fixed_count > 0) == c->want);
	case CW_PF_VULN_AGE_DAYS: {
		int64_t d = cw__pdate_days(f->published);
		if (d == INT64_MIN) {
			WHY("%s: %s has no published date", c->text, f->id);
			return CW_T_UNKNOWN;
		}
		WHY("%s: %s published %lld days ago", c->text, f->id, (long long)(env->today_days - d));
		return tri(in_num(&c->num, (double)(env->today_days - d)));
	}
	case CW_PF_VULN_ID:
		t = tri(cw__pglob_finding(c->patterns, c->npatterns, f));
		WHY("%s: %s%s", c->text, f->id, t == CW_T_TRUE ? " matches" : " (and its aliases) does not match");
		return t;
	case CW_PF_VULN_ANY:
		WHY("%s: %s", c->text, f->id);
		return tri(c->want);
	default:
		return CW_T_UNKNOWN;
	}
}

static cw__tri eval_leaf(const cw__pcond *c, const cw__psubject *s, const cw_finding *f,
                         const cw__penv *env, cw_buf *why)
{
	const cw_component *p = s->c;
	cw__tri t;

	if (cw__pfield_is_vuln(c->field))
		return eval_vuln(c, s, f, env, why);
	switch (c->field) {
	case CW_PF_LIC_ID: {
		bool m = false;
		for (size_t i = 0; i < s->license.id_count && !m; i++)
			m = any_glob(c, s->license.ids[i], true);
		WHY("%s: %s", c->text, s->license.expr);
		return tri(m);
	}
	case CW_PF_LIC_CATEGORY:
		WHY("%s: %s is %s", c->text, s->license.expr, cw_license_category_name(s->license.category));
		return tri(c->mask & (1u << s->license.category));
	case CW_PF_LIC_UNKNOWN:
		WHY("%s: %s%s", c->text, s->license.expr, s->license.unknown ? " (unknown)" : "");
		return tri(s->license.unknown == c->want);
	case CW_PF_PKG_ECOSYSTEM:
		WHY("%s: %s", c->text, p->ecosystem ? p->ecosystem : "none");
		return tri(ecosystem_matches(c, p->ecosystem));
	case CW_PF_PKG_NAME:
		WHY("%s: %s", c->text, p->name);
		return tri(any_glob(c, p->name, false));
	case CW_PF_PKG_VERSION: {
		cw_version *v = NULL;
		bool ok;
		if (!p->version) {
			WHY("%s: no resolved version", c->text);
			return CW_T_UNKNOWN;
		}
		if (!eco_eq(c->ecosystem, p->ecosystem)) {
			WHY("%s: %s is not a %s package", c->text, p->name, c->ecosystem);
			return CW_T_FALSE;
		}
		if (cw_version_parse(&v, c->scheme, p->version, strlen(p->version)) < 0) {
			cw_error_clear();
			WHY("%s: version %s does not parse", c->text, p->version);
			return CW_T_UNKNOWN;
		}
		ok = cw_version_satisfies(c->range, v);
		cw_version_free(v);
		WHY("%s: %s", c->text, p->version);
		return tri(ok);
	}
	case CW_PF_PKG_PURL:
		WHY("%s: %s", c->text, p->purl ? p->purl : "none");
		return tri(cw__pglob_purl(c->patterns, c->npatterns, p->purl));
	case CW_PF_PKG_SCOPE:
		WHY("%s: %s", c->text, cw_scope_name(p->scope));
		return tri(c->mask & (1u << p->scope));
	case CW_PF_PKG_DIRECT:
		WHY("%s: %s dependency", c->text, p->direct ? "a direct" : "a transitive");
		return tri(p->direct == c->want);
	case CW_PF_ATT_MALICIOUS: {
		const char *mal = NULL;
		for (size_t i = 0; i < s->finding_count && !mal; i++) {
			const cw_finding *g = s->findings[i];
			if (g->ignored)
				continue;
			if (!strncasecmp(g->id, "MAL-", 4) || g->kind == CW_FINDING_MALICIOUS)
				mal = g->id;
			for (size_t a = 0; a < g->alias_count && !mal; a++)
				if (!strncasecmp(g->aliases[a], "MAL-", 4))
					mal = g->aliases[a];
		}
		if (mal)
			WHY("%s: malicious-package advisory %s", c->text, mal);
		else if (s->malicious_signal)
			WHY("%s: a malicious upstream signal", c->text);
		else
			WHY("%s: no malicious-package advisory or signal", c->text);
		return tri((mal || s->malicious_signal) == c->want);
	}
	case CW_PF_ATT_SIGNAL: {
		bool has = (s->signals & c->signal_mask) != 0;
		WHY("%s: %s", c->text, has ? "signalled" : "not signalled");
		return tri(has == c->want);
	}
	case CW_PF_ATT_UNPINNED:
		WHY("%s: %s", c->text, p->version ? p->version : "no resolved version");
		return tri((p->version == NULL) == c->want);
	case CW_PF_HEALTH_SCORE:
	case CW_PF_HEALTH_CHECK:
	case CW_PF_HEALTH_UNMAINTAINED: {
		const cw_policy_health *h = s->health;
		if (!h) {
			WHY("%s: no health data", c->text);
			return CW_T_UNKNOWN;
		}
		if (c->field == CW_PF_HEALTH_SCORE) {
			if (h->score < 0) {
				WHY("%s: no overall health score", c->text);
				return CW_T_UNKNOWN;
			}
			WHY("%s: %.1f", c->text, h->score);
			return tri(in_num(&c->num, h->score));
		}
		if (c->field == CW_PF_HEALTH_UNMAINTAINED) {
			if (h->unmaintained < 0) {
				WHY("%s: maintenance not known", c->text);
				return CW_T_UNKNOWN;
			}
			WHY("%s: %s", c->text, h->unmaintained ? "unmaintained" : "maintained");
			return tri((h->unmaintained == 1) == c->want);
		}
		for (size_t i = 0; i < h->check_count; i++)
			if (!strcasecmp(h->check_names[i], c->check)) {
				if (h->check_scores[i] < 0) {
					WHY("%s: %s inconclusive", c->text, c->check);
					return CW_T_UNKNOWN;
				}
				WHY("%s: %s scores %d", c->text, c->check, h->check_scores[i]);
				return tri(in_num(&c->num, h->check_scores[i]));
			}
		WHY("%s: no %s check in the health data", c->text, c->check);
		return CW_T_UNKNOWN;
	}
	default: {
		const char *v = cw__policy_context_key(env->ctx, c->field);
		if (!v) {
			WHY("%s: not set", c->text);
			return CW_T_UNKNOWN;
		}
		WHY("%s: %s", c->text, v);
		if (c->field == CW_PF_CTX_CRITICALITY)
			return tri(c->mask & (1u << cw__criticality_rank(v)));
		if (c->field == CW_PF_CTX_DISTRIBUTION) {
			cw_distribution d;
			return cw_distribution_parse(&d, v) < 0 ? CW_T_UNKNOWN : tri(c->mask & (1u << d));
		}
		t = tri(words_match(c, v));
		return t;
	}
	}
}

cw__tri cw__pcond_eval(const cw__pcond *c, const cw__psubject *s, const cw_finding *f,
                       const cw__penv *env, cw_buf *why)
{
	cw__tri acc;

	switch (c->kind) {
	case CW_PC_LEAF:
		return eval_leaf(c, s, f, env, why);
	case CW_PC_NOT:
		if (why)
			cw__buf_puts(why, "not (");
		acc = cw__pcond_eval(c->kids[0], s, f, env, why);
		if (why)
			cw__buf_puts(why, ")");
		return acc == CW_T_UNKNOWN ? acc : acc == CW_T_TRUE ? CW_T_FALSE : CW_T_TRUE;
	case CW_PC_ALL:
	case CW_PC_ANY:
		break;
	}
	if (!why) {
		/* the hot path: no explanation */
		cw__tri decide = c->kind == CW_PC_ALL ? CW_T_FALSE : CW_T_TRUE;
		cw__tri result = c->kind == CW_PC_ALL ? CW_T_TRUE : CW_T_FALSE;
		for (size_t i = 0; i < c->nkids; i++) {
			cw__tri t = cw__pcond_eval(c->kids[i], s, f, env, NULL);
			if (t == decide)
				return decide;
			if (t == CW_T_UNKNOWN)
				result = CW_T_UNKNOWN;
		}
		return result;
	}
	/* all: decided by a FALSE kid; any: by a TRUE one.  The explanation
	 * names the deciding kid; else the first unknown kid; else every kid. */
	{
		cw__tri decide = c->kind == CW_PC_ALL ? CW_T_FALSE : CW_T_TRUE;
		cw__tri result = c->kind == CW_PC_ALL ? CW_T_TRUE : CW_T_FALSE;
		const char *sep = c->kind == CW_PC_ALL ? "; " : " / ";
		cw_buf kid = CW_BUF_INIT, every = CW_BUF_INIT, unknown = CW_BUF_INIT;
		for (size_t i = 0; i < c->nkids; i++) {
			cw__tri t;
			if (why)
				cw__buf_clear(&kid);
			t = cw__pcond_eval(c->kids[i], s, f, env, why ? &kid : NULL);
			if (t == decide) {
				result = decide;
				if (why) {
					cw__buf_free(&every);
					every = kid;
					kid = (cw_buf)CW_BUF_INIT;
				}
				break;
			}
			if (t == CW_T_UNKNOWN) {
				if (why && result != CW_T_UNKNOWN)
					cw__buf_put(&unknown, kid.ptr ? kid.ptr : "", kid.len);
				result = CW_T_UNKNOWN;
			} else if (why) {
				if (every.len)
					cw__buf_puts(&every, sep);
				cw__buf_put(&every, kid.ptr ? kid.ptr : "", kid.len);
			}
		}
		if (why) {
			const cw_buf *b = result == CW_T_UNKNOWN ? &unknown : &every;
			cw__buf_put(why, b->ptr ? b->ptr : "", b->len);
		}
		cw__buf_free(&kid);
		cw__buf_free(&every);
		cw__buf_free(&unknown);
		return result;
	}
}
