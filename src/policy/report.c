/*
 * report.c - the policy report: a table for terminals, Markdown for pull
 * requests, JSON (schema chainwarden-policy/1, docs/policy.md) and SARIF
 * 2.1.0 (https://docs.oasis-open.org/sarif/sarif/v2.1.0/): one SARIF rule
 * per rule in force, one result per policy result at the lockfile line of
 * the component; waived results carry a SARIF suppression with the reason.
 */
#include "policy/policy_internal.h"
#include "util/error.h"
#include "util/sarif.h"
#include "util/str.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

int cw_policy_format_parse(cw_policy_format *out, const char *name)
{
	/* a format's value is its index; "md" is short for markdown */
	static const char *const names[] = { "table", "json", "sarif", "markdown", "md" };
	static const cw_name_table formats = { names, 5, "format", "table, json, sarif or markdown" };
	int i, error = cw__name_lookup(&i, &formats, name);
	if (error == 0)
		*out = i == 4 ? CW_POLICY_FORMAT_MARKDOWN : (cw_policy_format)i;
	return error;
}

typedef struct {
	size_t by_action[4];
	size_t waived;
} counts;

static counts count(const cw_policy_report *r)
{
	counts c;
	memset(&c, 0, sizeof(c));
	for (size_t i = 0; i < r->results.len; i++) {
		if (cw__presult_waived(&r->results.items[i]))
			c.waived++;
		else
			c.by_action[3 - (r->results.items[i].key & 3)]++;
	}
	return c;
}

static const char *status_of(const cw_policy_result *x)
{
	return x->waived ? "waived" : cw_policy_action_name(x->action);
}

/* Make every result's public form up front, so that the writers below
 * never meet a NULL (out of memory) half way. */
static int materialize(const cw_policy_report *r)
{
	for (size_t i = 0; i < r->results.len; i++)
		if (!cw__presult_at(r, i))
			return cw__error_oom();
	return 0;
}

/* A rule's action and scope, in the JSON rules and the SARIF rules' properties. */
static void rule_members(cw_jw *jw, const cw__prule *rule)
{
	cw__jw_member_string(jw, "action", cw_policy_action_name(rule->action));
	cw__jw_member_string(jw, "scope", rule->scope);
}

int cw__policy_json(cw_jw *jw, const cw_policy_report *r)
{
	counts c = count(r);
	int error;
	if ((error = materialize(r)) < 0)
		return error;
	cw__jw_object_begin(jw);
	cw__jw_member_string(jw, "schema", "chainwarden-policy/1");
	cw__jw_member_string(jw, "policy", r->policy->name);
	cw__jw_member_string(jw, "date", r->today);
	cw__jw_member_string(jw, "verdict", cw_policy_verdict_name(r->verdict));
	cw__jw_member_bool(jw, "passed", r->verdict != CW_POLICY_FAIL);
	cw__jw_key(jw, "summary");
	cw__jw_object_begin(jw);
	cw__jw_member_int(jw, "components", (int64_t)r->judged);
	for (int a = CW_POLICY_DENY; a >= CW_POLICY_INFO; a--)
		cw__jw_member_int(jw, cw_policy_action_name((cw_policy_action)a), (int64_t)c.by_action[a]);
	cw__jw_member_int(jw, "waived", (int64_t)c.waived);
	cw__jw_object_end(jw);
	cw__jw_key_array(jw, "rules");
	for (size_t i = 0; i < r->res.rules.len; i++) {
		const cw__prule *rule = r->res.rules.items[i];
		cw__jw_object_begin(jw);
		cw__jw_member_string(jw, "id", rule->id);
		rule_members(jw, rule);
		cw__jw_object_end(jw);
	}
	cw__jw_array_end(jw);
	cw__jw_key_array(jw, "results");
	for (size_t i = 0; i < r->results.len; i++) {
		const cw_policy_result *x = cw__presult_at(r, i);
		const cw_component *p = x->package;
		const cw_jw_pair package[] = {
			{ "ecosystem", p->ecosystem }, { "name", p->name }, { "version", p->version }, { "purl", p->purl },
		};
		const cw_jw_pair waiver[] = {
			{ "source", x->waiver_source }, { "reason", x->waiver_reason },
			{ "approver", x->waiver_approver }, { "expires", x->waiver_expires },
		};
		cw__jw_object_begin(jw);
		cw__jw_member_string(jw, "rule", x->rule);
		cw__jw_member_string(jw, "action", cw_policy_action_name(x->action));
		cw__jw_member_string(jw, "status", status_of(x));
		cw__jw_member_string(jw, "scope", x->scope);
		cw__jw_member_string(jw, "message", x->message);
		cw__jw_member_string(jw, "remediation", x->remediation);
		cw__jw_key_object(jw, "package");
		cw__jw_members_all(jw, package, CW_JW_COUNT(package));
		cw__jw_member_string(jw, "file", p->file);
		cw__jw_member_int(jw, "line", (int64_t)p->line);
		cw__jw_object_end(jw);
		if (cw__jw_key_object_if(jw, "finding", x->finding != NULL)) {
			cw__jw_member_string(jw, "id", x->finding->id);
			cw__jw_member_strings(jw, "aliases", x->finding->aliases, x->finding->alias_count);
			cw__jw_member_string(jw, "severity", cw_severity_name(x->finding->severity));
			cw__jw_member_bool(jw, "kev", x->finding->kev);
			cw__jw_object_end(jw);
		}
		cw__jw_member_string(jw, "why", x->why);
		if (cw__jw_key_object_if(jw, "waiver", x->waived)) {
			cw__jw_members_all(jw, waiver, CW_JW_COUNT(waiver));
			cw__jw_object_end(jw);
		}
		cw__jw_member_string(jw, "expired_waiver", x->expired_waiver);
		cw__jw_object_end(jw);
	}
	cw__jw_array_end(jw);
	cw__jw_member_strings(jw, "warnings", r->res.warnings.items, r->res.warnings.len);
	cw__jw_object_end(jw);
	return 0;
}

static const char *sarif_level(cw_policy_action a)
{
	return a == CW_POLICY_DENY ? "error" : a == CW_POLICY_INFO ? "note" : "warning";
}

static void sarif(cw_jw *jw, const cw_policy_report *r)
{
	const cw_jw_pair driver[] = { { "name", "chainwarden-policy" }, { "version", cw_version_string() } };
	cw_map rule_index = CW_MAP_INIT; /* cw__prule* -> 1 + its index in the run's rules */
	cw__sarif_begin(jw, driver, CW_JW_COUNT(driver));
	for (size_t i = 0; i < r->res.rules.len; i++) {
		const cw__prule *rule = r->res.rules.items[i];
		/* the key is the pointer as stored in the rules vector (the map keeps no copy) */
		if (cw__map_put(&rule_index, (const char *)&r->res.rules.items[i], sizeof(rule),
		                (void *)(uintptr_t)(i + 1), NULL) < 0)
			jw->error = CW_ENOMEM;
		cw__jw_object_begin(jw);
		cw__jw_member_string(jw, "id", rule->id);
		cw__sarif_text(jw, "shortDescription", rule->message);
		cw__sarif_text(jw, "help", *rule->remediation ? rule->remediation : rule->message);
		cw__jw_key_object(jw, "defaultConfiguration");
		cw__jw_member_string(jw, "level", sarif_level(rule->action));
		cw__jw_object_end(jw);
		cw__jw_key_object(jw, "properties");
		rule_members(jw, rule);
		cw__jw_object_end(jw);
		cw__jw_object_end(jw);
	}
	cw__sarif_rules_end(jw);
	cw__jw_key_array(jw, "results");
	for (size_t i = 0; i < r->results.len; i++) {
		const cw_policy_result *x = cw__presult_at(r, i);
		const cw__prule *rule = r->results.items[i].rule;
		uintptr_t at = (uintptr_t)cw__map_get(&rule_index, (const char *)&rule, sizeof(rule));
		char text[1024];
		snprintf(text, sizeof(text), "%s: %s@%s%s%s: %s", x->rule, x->package->name,
		         x->package->version ? x->package->version : "", x->finding ? " " : "",
		         x->finding ? x->finding->id : "", x->message);
		cw__jw_object_begin(jw);
		cw__jw_member_string(jw, "ruleId", x->rule);
		cw__jw_member_int(jw, "ruleIndex", at ? (int64_t)(at - 1) : 0);
		cw__jw_member_string(jw, "level", sarif_level(x->action));
		cw__sarif_text(jw, "message", text);
		cw__sarif_location_begin(jw);
		cw__jw_member_string(jw, "uri", x->package->file ? x->package->file : "");
		cw__sarif_location_end(jw, x->package->line);
		if (x->waived) {
			cw__jw_key_array(jw, "suppressions");
			cw__jw_object_begin(jw);
			cw__jw_member_string(jw, "kind", "external");
			cw__jw_member_string(jw, "justification", x->waiver_reason);
			cw__jw_object_end(jw);
			cw__jw_array_end(jw);
		}
		cw__jw_key_object(jw, "properties");
		cw__jw_member_string(jw, "status", status_of(x));
		cw__jw_member_string(jw, "purl", x->package->purl);
		cw__jw_member_string(jw, "why", x->why);
		cw__jw_object_end(jw);
		cw__jw_object_end(jw);
	}
	cw__sarif_end(jw);
	cw__map_free(&rule_index);
}

/* Markdown table cells: no pipes or newlines. */
static void md_cell(cw_buf *out, const char *s)
{
	for (; s && *s; s++) {
		if (*s == '|')
			cw__buf_puts(out, "\\|");
		else if (*s == '\n' || *s == '\r')
			cw__buf_putc(out, ' ');
		else
			cw__buf_putc(out, *s);
	}
}

static void text_report(cw_buf *out, const cw_policy_report *r, bool md)
{
	counts c = count(r);
	const char *verdict = cw_policy_verdict_name(r->verdict);
	if (md) {
		cw__buf_printf(out, "## Policy %s: **%s**\n\n", *r->policy->name ? r->policy->name : "(unnamed)",
		               verdict);
	} else {
		cw__buf_printf(out, "Policy %s: %s\n", *r->policy->name ? r->policy->name : "(unnamed)", verdict);
	}
	cw__buf_printf(out, "%s%zu components, %zu rules in force: %zu deny, %zu review, %zu warn, %zu info, "
	               "%zu waived\n\n", md ? "" : "", r->judged, r->res.rules.len,
	               c.by_action[CW_POLICY_DENY], c.by_action[CW_POLICY_REVIEW],
	               c.by_action[CW_POLICY_WARN], c.by_action[CW_POLICY_INFO], c.waived);
	if (!r->results.len) {
		cw__buf_puts(out, md ? "No rule matched.\n" : "No rule matched.\n");
	} else if (md) {
		cw__buf_puts(out, "| Status | Rule | Package | Finding | Message | Remediation |\n"
		                  "|---|---|---|---|---|---|\n");
		for (size_t i = 0; i < r->results.len; i++) {
			const cw_policy_result *x = cw__presult_at(r, i);
			cw__buf_printf(out, "| %s | `%s` | ", status_of(x), x->rule);
			md_cell(out, x->package->name);
			cw__buf_printf(out, "@%s | %s | ", x->package->version ? x->package->version : "",
			               x->finding ? x->finding->id : "");
			md_cell(out, x->message);
			if (x->waived) {
				cw__buf_puts(out, " (waived: ");
				md_cell(out, x->waiver_reason);
				cw__buf_puts(out, ")");
			}
			cw__buf_puts(out, " | ");
			md_cell(out, x->remediation);
			cw__buf_puts(out, " |\n");
		}
	} else {
		cw__buf_printf(out, "%-7s %-28s %-36s %-20s %s\n", "STATUS", "RULE", "PACKAGE", "FINDING",
		               "MESSAGE");
		for (size_t i = 0; i < r->results.len; i++) {
			const cw_policy_result *x = cw__presult_at(r, i);
			char pkg[512];
			snprintf(pkg, sizeof(pkg), "%s@%s", x->package->name,
			         x->package->version ? x->package->version : "");
			cw__buf_printf(out, "%-7s %-28s %-36s %-20s %s\n", status_of(x), x->rule, pkg,
			               x->finding ? x->finding->id : "-", x->message);
			if (x->waived)
				cw__buf_printf(out, "        waived (%s%s%s%s%s): %s\n", x->waiver_source,
				               x->waiver_approver ? ", approved by " : "",
				               x->waiver_approver ? x->waiver_approver : "",
				               x->waiver_expires ? ", until " : "",
				               x->waiver_expires ? x->waiver_expires : "", x->waiver_reason);
			else if (x->expired_waiver)
				cw__buf_printf(out, "        waiver expired on %s\n", x->expired_waiver);
		}
	}
	for (size_t i = 0; i < r->res.warnings.len; i++)
		cw__buf_printf(out, "%swarning: %s\n", md ? "\n> " : "\n", r->res.warnings.items[i]);
}

int cw_policy_report_write(const cw_policy_report *r, cw_policy_format format,
                           cw_sbom_write_fn write, void *payload)
{
	cw_buf out = CW_BUF_INIT;
	cw_jw jw;
	int error;

	if ((error = materialize(r)) < 0)
		return error;
	switch (format) {
	case CW_POLICY_FORMAT_JSON:
	case CW_POLICY_FORMAT_SARIF:
		cw__jw_init(&jw, &out, true);
		if (format == CW_POLICY_FORMAT_JSON)
			error = cw__policy_json(&jw, r);
		else
			sarif(&jw, r);
		if (error == 0 && (error = cw__jw_finish(&jw)) == 0)
			error = cw__buf_putc(&out, '\n');
		break;
	default:
		text_report(&out, r, format == CW_POLICY_FORMAT_MARKDOWN);
		break;
	}
	if (error == 0 && out.len)
		error = write(payload, out.ptr, out.len);
	cw__buf_free(&out);
	return error;
}
