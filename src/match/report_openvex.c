/*
 * report_openvex.c - the findings as an OpenVEX document
 * (https://github.com/openvex/spec, v0.2.0): one statement per finding,
 * the vulnerability named by the finding's id with its aliases, the
 * product by the component's purl.  The status says what the scan knows:
 *
 *   - a VEX statement applied (vex.c): its status and justification, in
 *     OpenVEX terms (CycloneDX's translated: resolved -> fixed,
 *     false_positive -> not_affected, exploitable -> affected, in_triage ->
 *     under_investigation);
 *   - ignored through the ignore file: not_affected, the reason as the
 *     impact statement (OpenVEX requires a justification or one);
 *   - otherwise: affected, with the upgrade as the action statement.
 *
 * Read back with `scan --vex`, the document reproduces the ignored set.
 */
#include "match/match.h"
#include "util/json.h"
#include "util/map.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static const char *openvex_status(const cw_finding_vex *v)
{
	static const char *const map[][2] = {
		{ "resolved", "fixed" }, { "resolved_with_pedigree", "fixed" }, { "false_positive", "not_affected" },
		{ "exploitable", "affected" }, { "in_triage", "under_investigation" },
	};
	if (!strcmp(v->format, "openvex"))
		return v->status;
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (!strcmp(v->status, map[i][0]))
			return map[i][1];
	return v->status; /* not_affected */
}

/* CycloneDX justifications in OpenVEX's five terms (NULL: keep it as the impact statement). */
static const char *openvex_justification(const cw_finding_vex *v)
{
	static const char *const map[][2] = {
		{ "code_not_present", "vulnerable_code_not_present" },
		{ "code_not_reachable", "vulnerable_code_not_in_execute_path" },
		{ "protected_by_mitigating_control", "inline_mitigations_already_exist" },
	};
	if (!v->justification || !strcmp(v->format, "openvex"))
		return v->justification;
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (!strcmp(v->justification, map[i][0]))
			return map[i][1];
	return NULL;
}

static void statement(cw_jw *jw, const cw_scan_result *r, size_t index, char *buf, size_t size)
{
	const cw_finding *f = &r->findings.items[index]->pub;
	const cw_scan_fix *fix = cw__scan_fix_of(r, index);
	const char *status, *just = NULL, *impact = NULL, *action = NULL;
	if (f->vex.format) {
		status = openvex_status(&f->vex);
		just = openvex_justification(&f->vex);
		if (!strcmp(status, "not_affected") && !just) {
			snprintf(buf, size, "%s%s%s", f->vex.justification ? f->vex.justification : "",
			         f->vex.justification && f->vex.detail ? ": " : "", f->vex.detail ? f->vex.detail : "");
			impact = buf[0] ? buf : f->ignore_reason;
		} else if (!strcmp(status, "not_affected")) {
			impact = f->vex.detail;
		} else if (!strcmp(status, "affected")) {
			action = f->vex.detail;
		}
	} else if (f->ignored) {
		status = "not_affected";
		impact = f->ignore_reason;
	} else {
		status = "affected";
	}
	if (!strcmp(status, "affected") && !action) {
		if (fix && fix->version)
			snprintf(buf, size, "Upgrade %s to %s", f->package->name, fix->version);
		else
			snprintf(buf, size, "No fixed version of %s is known", f->package->name);
		action = buf;
	}
	cw__jw_object_begin(jw);
	cw__jw_key(jw, "vulnerability");
	cw__jw_object_begin(jw);
	cw__jw_member_string(jw, "name", f->id);
	if (f->alias_count) {
		cw__jw_key(jw, "aliases");
		cw__jw_array_begin(jw);
		for (size_t i = 0; i < f->alias_count; i++)
			cw__jw_string(jw, f->aliases[i]);
		cw__jw_array_end(jw);
	}
	cw__jw_object_end(jw);
	cw__jw_key(jw, "products");
	cw__jw_array_begin(jw);
	cw__jw_object_begin(jw);
	cw__jw_member_string(jw, "@id", f->package->purl ? f->package->purl : f->package->name);
	cw__jw_object_end(jw);
	cw__jw_array_end(jw);
	cw__jw_member_string(jw, "status", status);
	if (just && !strcmp(status, "not_affected")) /* OpenVEX: a justification only with not_affected */
		cw__jw_member_string(jw, "justification", just);
	if (impact)
		cw__jw_member_string(jw, "impact_statement", impact);
	if (action)
		cw__jw_member_string(jw, "action_statement", action);
	cw__jw_object_end(jw);
}

int cw__report_openvex(cw_buf *out, const cw_scan_result *r, const cw_report_options *o, cw__sink *sink)
{
	cw_jw jw;
	char stamp[32], id[64], buf[1024];
	uint64_t h = cw__hash("openvex", 7);
	int error;
	/* @id: derived from the statements' ids and purls, so equal scans give equal ids */
	for (size_t i = 0; i < r->findings.len; i++) {
		const cw_finding *f = &r->findings.items[i]->pub;
		h = cw__hash_mix(h ^ cw__hash(f->id, strlen(f->id)));
		if (f->package->purl)
			h = cw__hash_mix(h ^ cw__hash(f->package->purl, strlen(f->package->purl)));
	}
	snprintf(id, sizeof(id), "urn:chainwarden:vex:%016llx", (unsigned long long)h);
	if (o->deterministic) {
		snprintf(stamp, sizeof(stamp), "1970-01-01T00:00:00Z");
	} else {
		time_t t = time(NULL);
		struct tm tm;
		gmtime_r(&t, &tm);
		strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", &tm);
	}
	cw__jw_init(&jw, out, true);
	cw__jw_object_begin(&jw);
	cw__jw_member_string(&jw, "@context", "https://openvex.dev/ns/v0.2.0");
	cw__jw_member_string(&jw, "@id", id);
	cw__jw_member_string(&jw, "author", "chainwarden");
	cw__jw_member_string(&jw, "timestamp", stamp);
	cw__jw_member_int(&jw, "version", 1);
	cw__jw_member_string(&jw, "tooling", "chainwarden scan");
	cw__jw_key(&jw, "statements");
	cw__jw_array_begin(&jw);
	for (size_t i = 0; i < r->findings.len; i++) {
		statement(&jw, r, i, buf, sizeof(buf));
		if ((error = cw__sink_flush(sink, out, 1 << 16)) < 0)
			return error;
	}
	cw__jw_array_end(&jw);
	cw__jw_object_end(&jw);
	return cw__jw_finish(&jw);
}
