/*
 * explain.c - `policy explain`: for each library component, every rule in
 * force with its outcome and the reason: "matched" with the conditions
 * that held, "no" with the condition that failed, "unknown" with the data
 * that is missing ("no health data", "context.lifecycle: not set").  Rules
 * that test vulnerability fields are explained per finding.
 */
#include "policy/policy_internal.h"
#include "util/error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *outcome(cw__tri t)
{
	return t == CW_T_TRUE ? "matched" : t == CW_T_FALSE ? "no" : "unknown";
}

static int explain_one(cw_buf *out, cw_jw *jw, const cw__prule *rule, const cw__psubject *s,
                       const cw_finding *f, const cw__penv *env)
{
	cw_buf why = CW_BUF_INIT;
	cw__tri t = cw__pcond_eval(rule->when, s, f, env, &why);
	int error = 0;
	if (jw) {
		cw__jw_object_begin(jw);
		cw__jw_member_string(jw, "rule", rule->id);
		cw__jw_member_string(jw, "scope", rule->scope);
		cw__jw_member_string(jw, "action", cw_policy_action_name(rule->action));
		cw__jw_member_string(jw, "finding", f ? f->id : NULL);
		cw__jw_member_string(jw, "outcome", outcome(t));
		cw__jw_member_string(jw, "why", why.ptr ? why.ptr : "");
		cw__jw_object_end(jw);
	} else {
		error = cw__buf_printf(out, "  %-7s %-6s %s%s%s: %s\n", outcome(t), cw_policy_action_name(rule->action),
		                       rule->id, f ? " " : "", f ? f->id : "", why.ptr ? why.ptr : "");
	}
	cw__buf_free(&why);
	return error;
}

int cw_policy_explain(char **out, const cw_policy *p, const cw_policy_input *in,
                      cw_policy_format format)
{
	cw__pprep prep;
	cw__presolved res;
	cw_arena arena = CW_ARENA_INIT;
	cw_buf buf = CW_BUF_INIT;
	cw_jw jw;
	bool json = format == CW_POLICY_FORMAT_JSON, prepared = false, resolved = false;
	int error;

	*out = NULL;
	if ((error = cw__policy_prepare(&prep, p, in)) < 0)
		goto done;
	prepared = true;
	if ((error = cw__policy_resolve(&res, &arena, p, in->context)) < 0)
		goto done;
	resolved = true;
	if (json) {
		cw__jw_init(&jw, &buf, true);
		cw__jw_object_begin(&jw);
		cw__jw_member_string(&jw, "schema", "chainwarden-policy-explain/1");
		cw__jw_member_string(&jw, "policy", p->name);
		cw__jw_member_string(&jw, "date", prep.today);
		cw__jw_key(&jw, "components");
		cw__jw_array_begin(&jw);
	} else {
		cw__buf_printf(&buf, "Policy %s, %s; %zu rules in force\n", *p->name ? p->name : "(unnamed)",
		               prep.today, res.rules.len);
		for (size_t i = 0; i < res.warnings.len; i++)
			cw__buf_printf(&buf, "warning: %s\n", res.warnings.items[i]);
	}
	for (size_t ci = 0; ci < prep.count; ci++) {
		const cw__psubject *s = &prep.subjects[ci];
		if (s->c->kind != CW_COMPONENT_LIBRARY)
			continue;
		if (json) {
			cw__jw_object_begin(&jw);
			cw__jw_member_string(&jw, "name", s->c->name);
			cw__jw_member_string(&jw, "version", s->c->version);
			cw__jw_member_string(&jw, "purl", s->c->purl);
			cw__jw_member_string(&jw, "health", s->health ? "present" : "no health data");
			cw__jw_key(&jw, "rules");
			cw__jw_array_begin(&jw);
		} else {
			cw__buf_printf(&buf, "\n%s@%s (%s)%s\n", s->c->name, s->c->version ? s->c->version : "",
			               s->c->purl ? s->c->purl : "no purl", s->health ? "" : ", no health data");
		}
		for (size_t i = 0; i < res.rules.len; i++) {
			const cw__prule *rule = res.rules.items[i];
			if (rule->uses_vuln && s->finding_count) {
				for (size_t k = 0; k < s->finding_count; k++)
					if ((error = explain_one(&buf, json ? &jw : NULL, rule, s, s->findings[k], &prep.env)) < 0)
						goto done;
			} else if ((error = explain_one(&buf, json ? &jw : NULL, rule, s, NULL, &prep.env)) < 0) {
				goto done;
			}
		}
		if (json) {
			cw__jw_array_end(&jw);
			cw__jw_object_end(&jw);
		}
	}
	if (json) {
		cw__jw_array_end(&jw);
		cw__jw_object_end(&jw);
		if ((error = cw__jw_finish(&jw)) < 0)
			goto done;
		cw__buf_putc(&buf, '\n');
	}
	*out = cw__buf_detach(&buf);
done:
	if (resolved)
		cw__presolved_free(&res);
	if (prepared)
		cw__policy_prep_free(&prep);
	cw__arena_free(&arena);
	cw__buf_free(&buf);
	return error;
}
