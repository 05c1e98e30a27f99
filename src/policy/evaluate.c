/*
 * evaluate.c - judge every library component against the rules in force.
 *
 * How this works.  Evaluation prepares one subject per component once (its
 * findings, its attack signals as a bit set over the signal names the
 * policy tests, its license facts when a rule tests licenses, its health
 * entry), then runs each rule's condition tree on each subject.  Leaves
 * are three-valued: TRUE, FALSE or UNKNOWN (data absent: no health entry,
 * a context field not set, no EPSS score).  all/any/not follow Kleene's
 * logic (all: FALSE if any kid is FALSE, else UNKNOWN if any is UNKNOWN;
 * any: the dual; not: TRUE<->FALSE, UNKNOWN stays), and only TRUE matches,
 * so absent data can neither trigger nor, through `not`, silence a rule.
 *
 * A rule that tests vulnerability fields is judged once per finding of the
 * component (with no finding when it has none): its vulnerability leaves
 * read that finding, its other leaves the component, and each finding
 * that matches gives its own result (its own waiver, its own SARIF entry).
 * Findings the scan ignored (ignore file, VEX) give results that are
 * waived with the scan's reason.
 *
 * The explanation of an outcome ("why") is only built when asked for: for
 * results (re-evaluating the few rules that matched) and for `explain`.
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
		if (cw__pglob(c->patterns[i], s, nocase))
			return true;
	return false;
}

static bool finding_id_matches(const cw__pcond *c, const cw_finding *f)
{
	if (any_glob(c, f->id, true))
		return true;
	for (size_t i = 0; i < f->alias_count; i++)
		if (any_glob(c, f->aliases[i], true))
			return true;
	return false;
}

static bool purl_matches(const cw__pcond *c, const char *purl)
{
	char base[1024];
	size_t n;
	if (!purl)
		return false;
	if (any_glob(c, purl, false))
		return true;
	n = strcspn(purl, "@?#");
	if (n >= sizeof(base))
		return false;
	memcpy(base, purl, n);
	base[n] = '\0';
	for (size_t i = 0; i < c->npatterns; i++)
		if (!strchr(c->patterns[i], '@') && cw__pglob(c->patterns[i], base, false))
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
		t = tri(finding_id_matches(c, f));
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
		for (size_t i = 0; i < s->license_id_count && !m; i++)
			m = any_glob(c, s->license_ids[i], true);
		WHY("%s: %s", c->text, s->license_expr);
		return tri(m);
	}
	case CW_PF_LIC_CATEGORY:
		WHY("%s: %s is %s", c->text, s->license_expr, cw_license_category_name(s->license_category));
		return tri(c->mask & (1u << s->license_category));
	case CW_PF_LIC_UNKNOWN:
		WHY("%s: %s%s", c->text, s->license_expr, s->license_unknown ? " (unknown)" : "");
		return tri(s->license_unknown == c->want);
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
		return tri(purl_matches(c, p->purl));
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
			if (!strncasecmp(g->id, "MAL-", 4))
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

/* ---- preparing the subjects --------------------------------------------- */

static int64_t now_seconds(int64_t now)
{
	return now ? now : (int64_t)time(NULL);
}

int cw__policy_prepare(cw__pprep *prep, const cw_policy *p, const cw_policy_input *in)
{
	const cw_signal *signals = in->signals;
	size_t nsignals = in->signal_count, nf = in->scan ? cw_scan_finding_count(in->scan) : 0;
	size_t *per = NULL;
	int error = 0;
	int install_bit = -1;
	time_t t;
	struct tm tm;

	memset(prep, 0, sizeof(*prep));
	if (!in->inventory)
		return cw__error_set(CW_EUSAGE, "policy: the input has no inventory");
	t = (time_t)now_seconds(in->now);
	gmtime_r(&t, &tm);
	strftime(prep->today, sizeof(prep->today), "%Y-%m-%d", &tm);
	prep->env.ctx = in->context;
	prep->env.have_scan = in->scan != NULL;
	prep->env.today_days = cw__pdate_days(prep->today);
	prep->count = cw_inventory_component_count(in->inventory);
	if (prep->count && !(prep->subjects = calloc(prep->count, sizeof(*prep->subjects))))
		return cw__error_oom();
	for (size_t i = 0; i < prep->count; i++)
		prep->subjects[i].c = cw_inventory_component(in->inventory, i);

	/* findings per component, kept in priority order */
	if (nf) {
		size_t at = 0;
		if (!(per = calloc(prep->count + 1, sizeof(*per))) ||
		    !(prep->finding_store = calloc(nf, sizeof(*prep->finding_store)))) {
			error = cw__error_oom();
			goto done;
		}
		for (size_t i = 0; i < nf; i++) {
			const cw_finding *f = cw_scan_finding(in->scan, i);
			if (f->component < prep->count)
				prep->subjects[f->component].finding_count++;
		}
		for (size_t i = 0; i < prep->count; i++) {
			prep->subjects[i].findings = prep->finding_store + at;
			at += prep->subjects[i].finding_count;
			prep->subjects[i].finding_count = 0;
		}
		for (size_t i = 0; i < nf; i++) {
			const cw_finding *f = cw_scan_finding(in->scan, i);
			cw__psubject *s;
			if (f->component >= prep->count)
				continue;
			s = &prep->subjects[f->component];
			s->findings[s->finding_count++] = f;
		}
	}

	/* attack signals, by name (kinds this build does not know keep their name) */
	if (p->uses_signals) {
		if (!in->signals_given) {
			if ((error = cw_attack_signals(&prep->own_signals, &nsignals, in->inventory, NULL)) < 0)
				goto done;
			signals = prep->own_signals;
		}
		for (size_t k = 0; k < p->signal_count; k++)
			if (!strcmp(p->signal_names[k], "install-script"))
				install_bit = (int)k;
		for (size_t i = 0; i < nsignals; i++) {
			const cw_signal *sg = &signals[i];
			const char *name = cw_signal_kind_name(sg->kind);
			cw__psubject *s;
			if (sg->component >= prep->count)
				continue;
			s = &prep->subjects[sg->component];
			if (sg->malicious)
				s->malicious_signal = true;
			for (size_t k = 0; k < p->signal_count; k++)
				if (!strcmp(p->signal_names[k], name))
					s->signals |= (uint64_t)1 << k;
		}
		if (install_bit >= 0)
			for (size_t i = 0; i < prep->count; i++)
				if (prep->subjects[i].c->install_script)
					prep->subjects[i].signals |= (uint64_t)1 << install_bit;
	}

	for (size_t i = 0; i < prep->count; i++) {
		cw__psubject *s = &prep->subjects[i];
		if (s->c->kind != CW_COMPONENT_LIBRARY)
			continue;
		if (p->uses_license && (error = cw__plicense_fill(&prep->lic, &prep->arena, s)) < 0)
			goto done;
		if (!p->uses_license) {
			s->license_expr = "NOASSERTION";
			s->license_unknown = true;
		}
		s->health = cw__policy_health_find(in->health, s->c);
	}
done:
	free(per);
	if (error < 0)
		cw__policy_prep_free(prep);
	return error;
}

void cw__policy_prep_free(cw__pprep *prep)
{
	free(prep->subjects);
	free(prep->finding_store);
	free(prep->own_signals);
	cw__plicense_cache_free(prep->lic);
	cw__arena_free(&prep->arena);
	memset(prep, 0, sizeof(*prep));
}

/* ---- the report ------------------------------------------------------------ */

/* Components are visited in inventory order, rules in id order and
 * findings in priority order; a counting sort on the key (waived, action)
 * then gives the report's order without comparing 100,000 results. */
typedef CW_VEC(cw__presult) result_vec;

static int add_result(result_vec *v, const cw__presolved *res, const cw__prule *rule,
                      const cw__psubject *s, const cw_finding *f, const char *today)
{
	cw__presult out = { rule, s, f, NULL, NULL, 0 };
	bool waived = f && f->ignored;
	if (!waived && (out.waiver = cw__pwaiver_find(res, rule, s->c, f, today, &out.expired)))
		waived = true;
	if (waived)
		out.expired = NULL;
	out.key = (unsigned char)((waived ? 4 : 0) + (3 - (int)rule->action));
	return cw_vec_push(v, out);
}

static int cmp_rule_id(const void *a, const void *b)
{
	return strcmp((*(const cw__prule *const *)a)->id, (*(const cw__prule *const *)b)->id);
}

const cw_policy_result *cw__presult_at(const cw_policy_report *cr, size_t i)
{
	/* the report owns its results: making the public form (and its
	 * explanation) on first read keeps evaluation free of text work */
	cw_policy_report *r = (cw_policy_report *)cr;
	const cw__presult *x;
	cw_policy_result *out;
	if (!r || i >= r->results.len)
		return NULL;
	if (!r->pub && !(r->pub = calloc(r->results.len, sizeof(*r->pub))))
		return NULL;
	x = &r->results.items[i];
	out = &r->pub[i];
	if (!out->rule) {
		cw_buf why = CW_BUF_INIT;
		const char *text;
		out->rule = x->rule->id;
		out->action = x->rule->action;
		out->message = x->rule->message;
		out->remediation = x->rule->remediation;
		out->scope = x->rule->scope;
		out->component = x->subject->c->index;
		out->package = x->subject->c;
		out->finding = x->finding;
		out->waived = cw__presult_waived(x);
		if (out->waived && x->waiver) {
			out->waiver_source = "policy";
			out->waiver_reason = x->waiver->reason;
			out->waiver_approver = x->waiver->approver;
			out->waiver_expires = x->waiver->expires;
		} else if (out->waived) {
			out->waiver_source = "scan";
			out->waiver_reason = x->finding->ignore_reason ? x->finding->ignore_reason : "ignored by the scan";
		}
		out->expired_waiver = x->expired;
		cw__pcond_eval(x->rule->when, x->subject, x->finding, &r->prep.env, &why);
		text = cw__arena_strdup(&r->arena, why.ptr ? why.ptr : "");
		cw__buf_free(&why);
		out->why = text ? text : "";
	}
	return out;
}

int cw_policy_evaluate(cw_policy_report **out, const cw_policy *p, const cw_policy_input *in)
{
	cw_policy_report *r;
	cw__presolved res;
	result_vec made = CW_VEC_INIT;
	const cw__prule **by_id = NULL;
	bool resolved = false;
	size_t at[9] = { 0 };
	int error;

	*out = NULL;
	if (!p || !in || in->version != CW_POLICY_INPUT_VERSION)
		return cw__error_set(CW_EUSAGE, "cw_policy_evaluate: a policy and an input of version %d are "
		                     "needed", CW_POLICY_INPUT_VERSION);
	if (!(r = calloc(1, sizeof(*r))))
		return cw__error_oom();
	r->policy = p;
	r->inv = in->inventory;
	if ((error = cw__policy_prepare(&r->prep, p, in)) < 0)
		goto done;
	memcpy(r->today, r->prep.today, sizeof(r->today));
	if ((error = cw__policy_resolve(&res, &r->arena, p, in->context)) < 0)
		goto done;
	resolved = true;
	for (size_t i = 0; i < res.warnings.len; i++)
		if ((error = cw_vec_push(&r->warnings, res.warnings.items[i])) < 0)
			goto done;
	for (size_t i = 0; i < res.rules.len; i++) {
		const cw__prule *rule = res.rules.items[i];
		const char *e = cw__arena_printf(&r->arena, "%s (%s)", rule->id, rule->scope);
		if (!e || (error = cw_vec_push(&r->effective, e)) < 0 ||
		    (error = cw_vec_push(&r->effective_rules, rule)) < 0) {
			error = error < 0 ? error : cw_error_last()->code;
			goto done;
		}
	}
	if (res.rules.len && !(by_id = malloc(res.rules.len * sizeof(*by_id)))) {
		error = cw__error_oom();
		goto done;
	}
	if (res.rules.len) {
		memcpy(by_id, res.rules.items, res.rules.len * sizeof(*by_id));
		qsort(by_id, res.rules.len, sizeof(*by_id), cmp_rule_id);
	}
	for (size_t ci = 0; ci < r->prep.count; ci++) {
		const cw__psubject *s = &r->prep.subjects[ci];
		if (s->c->kind != CW_COMPONENT_LIBRARY)
			continue;
		r->judged++;
		for (size_t i = 0; i < res.rules.len; i++) {
			const cw__prule *rule = by_id[i];
			if (rule->uses_vuln && s->finding_count) {
				for (size_t k = 0; k < s->finding_count; k++)
					if (cw__pcond_eval(rule->when, s, s->findings[k], &r->prep.env, NULL) == CW_T_TRUE &&
					    (error = add_result(&made, &res, rule, s, s->findings[k], r->today)) < 0)
						goto done;
			} else if (cw__pcond_eval(rule->when, s, NULL, &r->prep.env, NULL) == CW_T_TRUE &&
			           (error = add_result(&made, &res, rule, s, NULL, r->today)) < 0) {
				goto done;
			}
		}
	}
	for (size_t i = 0; i < made.len; i++)
		at[made.items[i].key + 1]++;
	for (int b = 1; b < 9; b++)
		at[b] += at[b - 1];
	if (made.len && (error = cw_vec_reserve(&r->results, made.len)) < 0)
		goto done;
	for (size_t i = 0; i < made.len; i++)
		r->results.items[at[made.items[i].key]++] = made.items[i];
	r->results.len = made.len;
	r->verdict = CW_POLICY_PASS;
	for (size_t i = 0; i < r->results.len && !cw__presult_waived(&r->results.items[i]); i++) {
		cw_policy_action a = (cw_policy_action)(3 - (r->results.items[i].key & 3));
		r->verdict = a == CW_POLICY_DENY ? CW_POLICY_FAIL : a == CW_POLICY_REVIEW ? CW_POLICY_NEEDS_REVIEW
		             : a == CW_POLICY_WARN ? CW_POLICY_PASS_WARN : CW_POLICY_PASS;
		break;
	}
done:
	cw_vec_free(&made);
	free(by_id);
	if (resolved)
		cw__presolved_free(&res);
	if (error < 0) {
		cw_policy_report_free(r);
		return error;
	}
	*out = r;
	return 0;
}

void cw_policy_report_free(cw_policy_report *r)
{
	if (!r)
		return;
	cw_vec_free(&r->results);
	free(r->pub);
	cw__policy_prep_free(&r->prep);
	cw_vec_free(&r->warnings);
	cw_vec_free(&r->effective);
	cw_vec_free(&r->effective_rules);
	cw__arena_free(&r->arena);
	free(r);
}

size_t cw_policy_result_count(const cw_policy_report *r)
{
	return r ? r->results.len : 0;
}

const cw_policy_result *cw_policy_result_at(const cw_policy_report *r, size_t i)
{
	return cw__presult_at(r, i);
}

cw_policy_verdict cw_policy_report_verdict(const cw_policy_report *r)
{
	return r ? r->verdict : CW_POLICY_PASS;
}

bool cw_policy_report_fails(const cw_policy_report *r)
{
	return r && r->verdict == CW_POLICY_FAIL;
}

size_t cw_policy_warning_count(const cw_policy_report *r)
{
	return r ? r->warnings.len : 0;
}

const char *cw_policy_warning(const cw_policy_report *r, size_t i)
{
	return r && i < r->warnings.len ? r->warnings.items[i] : NULL;
}

size_t cw_policy_effective_rule_count(const cw_policy_report *r)
{
	return r ? r->effective.len : 0;
}

const char *cw_policy_effective_rule(const cw_policy_report *r, size_t i)
{
	return r && i < r->effective.len ? r->effective.items[i] : NULL;
}
