/*
 * evaluate.c - judge every library component against the rules in force
 * (scope.c), apply waivers (waiver.c) and the scan's ignored findings, and
 * keep the results in the report's order.
 *
 * A rule that tests vulnerability fields is judged once per finding of the
 * component (with no finding when it has none): its vulnerability leaves
 * read that finding, its other leaves the component, and each finding
 * that matches gives its own result (its own waiver, its own SARIF entry).
 * Findings the scan ignored (ignore file, VEX) give results that are
 * waived with the scan's reason.
 *
 * Results are made compact and without text; the public form and the
 * explanation ("why") of a result are built when it is first read.
 */
#include "policy/policy_internal.h"
#include "util/error.h"
#include "util/str.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

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
	const cw__presolved *res;
	result_vec made = CW_VEC_INIT;
	const cw__prule **by_id = NULL;
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
	if ((error = cw__policy_resolve(&r->res, &r->arena, p, in->context)) < 0)
		goto done;
	res = &r->res;
	if (res->rules.len &&
	    !(r->effective_names = cw__arena_alloc(&r->arena, res->rules.len * sizeof(*r->effective_names)))) {
		error = cw_error_last()->code;
		goto done;
	}
	for (size_t i = 0; i < res->rules.len; i++) {
		const cw__prule *rule = res->rules.items[i];
		if (!(r->effective_names[i] = cw__arena_printf(&r->arena, "%s (%s)", rule->id, rule->scope))) {
			error = cw_error_last()->code;
			goto done;
		}
	}
	if (res->rules.len && !(by_id = malloc(res->rules.len * sizeof(*by_id)))) {
		error = cw__error_oom();
		goto done;
	}
	if (res->rules.len) {
		memcpy(by_id, res->rules.items, res->rules.len * sizeof(*by_id));
		qsort(by_id, res->rules.len, sizeof(*by_id), cmp_rule_id);
	}
	for (size_t ci = 0; ci < r->prep.count; ci++) {
		const cw__psubject *s = &r->prep.subjects[ci];
		if (s->c->kind != CW_COMPONENT_LIBRARY)
			continue;
		r->judged++;
		for (size_t i = 0; i < res->rules.len; i++) {
			const cw__prule *rule = by_id[i];
			if (rule->uses_vuln && s->finding_count) {
				for (size_t k = 0; k < s->finding_count; k++)
					if (cw__pcond_eval(rule->when, s, s->findings[k], &r->prep.env, NULL) == CW_T_TRUE &&
					    (error = add_result(&made, res, rule, s, s->findings[k], r->today)) < 0)
						goto done;
			} else if (cw__pcond_eval(rule->when, s, NULL, &r->prep.env, NULL) == CW_T_TRUE &&
			           (error = add_result(&made, res, rule, s, NULL, r->today)) < 0) {
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
	cw__presolved_free(&r->res);
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
	return r ? r->res.warnings.len : 0;
}

const char *cw_policy_warning(const cw_policy_report *r, size_t i)
{
	return r && i < r->res.warnings.len ? r->res.warnings.items[i] : NULL;
}

size_t cw_policy_effective_rule_count(const cw_policy_report *r)
{
	return r ? r->res.rules.len : 0;
}

const char *cw_policy_effective_rule(const cw_policy_report *r, size_t i)
{
	return r && i < r->res.rules.len ? r->effective_names[i] : NULL;
}
