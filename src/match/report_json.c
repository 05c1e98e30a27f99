/*
 * report_json.c - the JSON report (schema in docs/scan.md, "schema":
 * "chainwarden-scan/1"), SARIF 2.1.0
 * (https://docs.oasis-open.org/sarif/sarif/v2.1.0/) with one result per
 * finding located at the lockfile line of the component, and CycloneDX 1.6
 * (the inventory's SBOM with a `vulnerabilities` section).
 */
#include "match/match.h"
#include "util/error.h"
#include "util/json.h"
#include "util/sarif.h"
#include "policy/policy_internal.h"

#include "util/str.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void path_names(cw_jw *jw, const cw_scan_result *r, const cw_scan_path *p)
{
	cw__jw_array_begin(jw);
	for (size_t k = 0; k < p->len; k++) {
		const cw_component *c = cw_inventory_component(r->inv, p->nodes[k]);
		char buf[600];
		snprintf(buf, sizeof(buf), "%s@%s", c->name ? c->name : "?", c->version ? c->version : "");
		cw__jw_string(jw, buf);
	}
	cw__jw_array_end(jw);
}

static void finding_json(cw_jw *jw, const cw_scan_result *r, size_t index)
{
	const cw_finding *f = &r->findings.items[index]->pub;
	const cw_component *c = f->package;
	const cw_scan_fix *fix = cw__scan_fix_of(r, index);
	static const char *const kinds[] = { "ecosystem", "distro", "cpe" };
	const cw_jw_pair package[] = {
		{ "ecosystem", c->ecosystem }, { "name", c->name }, { "version", c->version }, { "purl", c->purl },
	};
	const cw_jw_pair cvss[] = {
		{ "version", f->cvss_version }, { "vector", f->cvss_vector }, { "source", f->cvss_source },
	};
	const cw_jw_pair kev[] = { { "date_added", f->kev_date_added }, { "due_date", f->kev_due_date } };
	const cw_jw_pair vex[] = {
		{ "format", f->vex.format }, { "status", f->vex.status }, { "justification", f->vex.justification },
		{ "detail", f->vex.detail }, { "source", f->vex.source },
	};
	cw__jw_object_begin(jw);
	cw__jw_member_string(jw, "id", f->id);
	cw__jw_member_string(jw, "kind", cw_finding_kind_name(f->kind));
	cw__jw_member_strings(jw, "aliases", f->aliases, f->alias_count);
	cw__jw_member_strings(jw, "advisories", f->advisories, f->advisory_count);
	cw__jw_member_string(jw, "summary", f->summary);
	cw__jw_key_object(jw, "package");
	cw__jw_members_all(jw, package, CW_JW_COUNT(package));
	cw__jw_member_bool(jw, "direct", c->direct);
	cw__jw_member_string(jw, "scope", cw_scope_name(c->scope));
	cw__jw_member_string(jw, "file", c->file);
	cw__jw_member_int(jw, "line", (int64_t)c->line);
	cw__jw_object_end(jw);
	cw__jw_member_string(jw, "match", kinds[f->match]);
	cw__jw_member_string(jw, "confidence", f->match == CW_MATCH_CPE ? "low" : "high");
	cw__jw_member_string(jw, "severity", cw_severity_name(f->severity));
	if (cw__jw_key_object_if(jw, "cvss", f->cvss_vector != NULL)) {
		cw__jw_member_double(jw, "score", f->cvss_score, 1);
		cw__jw_members_all(jw, cvss, CW_JW_COUNT(cvss));
		cw__jw_object_end(jw);
	}
	if (cw__jw_key_object_if(jw, "epss", f->epss)) {
		cw__jw_member_double(jw, "score", f->epss_score, 5);
		cw__jw_member_double(jw, "percentile", f->epss_percentile, 5);
		cw__jw_object_end(jw);
	}
	if (cw__jw_key_object_if(jw, "kev", f->kev)) {
		cw__jw_members_all(jw, kev, CW_JW_COUNT(kev));
		cw__jw_member_bool(jw, "ransomware", f->kev_ransomware);
		cw__jw_object_end(jw);
	}
	cw__jw_member_strings(jw, "fixed_versions", f->fixed_versions, f->fixed_count);
	cw__jw_member_string(jw, "recommended_version", fix ? fix->version : NULL);
	cw__jw_key(jw, "upgrade_direct");
	cw__jw_array_begin(jw);
	for (size_t i = 0; fix && i < fix->direct_count; i++)
		cw__jw_string(jw, cw_inventory_component(r->inv, fix->direct[i])->name);
	cw__jw_array_end(jw);
	cw__jw_key_array(jw, "paths");
	for (size_t i = 0; i < f->path_count; i++)
		path_names(jw, r, &f->paths[i]);
	cw__jw_array_end(jw);
	cw__jw_member_int(jw, "priority", (int64_t)f->priority);
	cw__jw_member_double(jw, "priority_score", f->priority_score, 3);
	cw__jw_member_bool(jw, "ignored", f->ignored);
	if (f->ignored)
		cw__jw_member_string(jw, "ignore_reason", f->ignore_reason);
	if (cw__jw_key_object_if(jw, "vex", f->vex.format != NULL)) {
		cw__jw_members_all(jw, vex, CW_JW_COUNT(vex));
		cw__jw_object_end(jw);
	}
	cw__jw_object_end(jw);
}

int cw__report_json(cw_buf *out, const cw_scan_result *r, const cw_report_options *o, cw__sink *sink)
{
	cw_jw jw;
	size_t active = 0;
	(void)o;
	cw__jw_init(&jw, out, true);
	cw__jw_object_begin(&jw);
	cw__jw_member_string(&jw, "schema", "chainwarden-scan/1");
	cw__jw_member_int(&jw, "components", (int64_t)cw_inventory_component_count(r->inv));
	for (size_t i = 0; i < r->findings.len; i++)
		active += !r->findings.items[i]->pub.ignored;
	cw__jw_member_int(&jw, "finding_count", (int64_t)active);
	cw__jw_member_int(&jw, "ignored_count", (int64_t)(r->findings.len - active));
	if (cw__jw_key_object_if(&jw, "baseline", r->baseline)) {
		cw__jw_member_int(&jw, "unchanged", (int64_t)r->baseline_unchanged);
		cw__jw_member_int(&jw, "upstream_unchanged", (int64_t)r->baseline_upstream_unchanged);
		cw__jw_member_int(&jw, "fixed", (int64_t)r->baseline_fixed.len);
		cw__jw_member_strings(&jw, "fixed_findings", r->baseline_fixed.items, r->baseline_fixed.len);
		cw__jw_object_end(&jw);
	}
	cw__jw_key_array(&jw, "findings");
	for (size_t i = 0; i < r->findings.len; i++) {
		int error;
		finding_json(&jw, r, i);
		if ((error = cw__sink_flush(sink, out, 1 << 16)) < 0)
			return error;
	}
	cw__jw_array_end(&jw);
	cw__report_upstream_json(&jw, r);
	cw__jw_member_strings(&jw, "warnings", r->warnings.items, r->warnings.len);
	if (o->version >= 2 && o->policy) {
		/* scan --policy: the policy's verdict and results (docs/policy.md) */
		int error;
		cw__jw_key(&jw, "policy");
		if ((error = cw__policy_json(&jw, o->policy)) < 0)
			return error;
	}
	cw__jw_object_end(&jw);
	return cw__jw_finish(&jw);
}

static bool uri_keep(unsigned char c)
{
	return cw_is_alnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
}

/* `root` as an absolute directory ending in '/', or NULL. */
static char *sarif_root(const cw_report_options *o)
{
	char *abs = NULL, *out;
	size_t n;
	if (!o->source_root || !*o->source_root || !(abs = realpath(o->source_root, NULL)))
		return NULL;
	n = strlen(abs);
	if ((out = malloc(n + 2))) {
		memcpy(out, abs, n);
		out[n] = '/';
		out[n + 1] = '\0';
		if (n == 1)
			out[1] = '\0'; /* "/" itself */
	}
	free(abs);
	return out;
}

/*
 * The artifactLocation of a component's file (SARIF 2.1.0 §3.4, §3.14.14):
 * an absolute path under the scanned directory is made relative to it with
 * "uriBaseId": "%SRCROOT%" (defined in run.originalUriBaseIds), which is
 * what GitHub code scanning resolves against the checkout; another
 * absolute path becomes a file:// URI; a relative path stays relative
 * (without a leading "./").  Every URI is percent-encoded.
 */
static int sarif_uri(cw_jw *jw, const char *file, const char *root, cw_buf *tmp)
{
	size_t rl = root ? strlen(root) : 0;
	const char *base = NULL;
	int error;
	tmp->len = 0;
	if (!file || !*file) {
		file = "unknown";
	} else if (file[0] == '/' && root && !strncmp(file, root, rl) && file[rl]) {
		file += rl;
		base = "%SRCROOT%";
	} else if (file[0] == '/') {
		if ((error = cw__buf_puts(tmp, "file://")) < 0)
			return error;
	} else {
		while (file[0] == '.' && file[1] == '/')
			file += 2;
	}
	if ((error = cw__percent_encode(tmp, file, strlen(file), uri_keep)) < 0)
		return error;
	cw__jw_member_string(jw, "uri", tmp->ptr);
	if (base)
		cw__jw_member_string(jw, "uriBaseId", base);
	return 0;
}

int cw__report_sarif_locations(cw_jw *jw, const char *file, size_t line, const char *root, cw_buf *tmp)
{
	int error;
	cw__sarif_location_begin(jw);
	if ((error = sarif_uri(jw, file, root, tmp)) < 0)
		return error;
	cw__sarif_location_end(jw, line ? line : 1);
	return 0;
}

static const char *sarif_level(cw_severity s)
{
	return s >= CW_SEVERITY_HIGH ? "error" : s == CW_SEVERITY_MEDIUM ? "warning" : "note";
}

int cw__report_sarif(cw_buf *out, const cw_scan_result *r, const cw_report_options *o, cw__sink *sink)
{
	static const cw_jw_pair driver[] = {
		{ "name", "chainwarden" }, { "informationUri", "https://github.com/chainwarden/chainwarden" },
	};
	cw_map rules = CW_MAP_INIT; /* rule ids written */
	cw_buf uri = CW_BUF_INIT;
	char *root = sarif_root(o);
	cw_jw jw;
	int error = 0;
	cw__jw_init(&jw, out, true);
	cw__sarif_begin(&jw, driver, CW_JW_COUNT(driver));
	for (size_t i = 0; i < r->findings.len; i++) {
		const cw_finding *f = &r->findings.items[i]->pub;
		if (cw__map_get(&rules, f->id, strlen(f->id)))
			continue;
		if ((error = cw__map_put(&rules, f->id, strlen(f->id), (void *)f, NULL)) < 0)
			goto done;
		cw__jw_object_begin(&jw);
		cw__jw_member_string(&jw, "id", f->id);
		cw__sarif_text(&jw, "shortDescription", f->summary ? f->summary : f->id);
		cw__jw_key_object(&jw, "properties");
		if (f->cvss_vector) {
			char score[16];
			snprintf(score, sizeof(score), "%.1f", f->cvss_score);
			cw__jw_member_string(&jw, "security-severity", score);
		}
		cw__jw_key_array(&jw, "tags");
		cw__jw_string(&jw, "security");
		cw__jw_string(&jw, f->kind == CW_FINDING_MALICIOUS ? "malicious" : "vulnerability");
		cw__jw_array_end(&jw);
		cw__jw_object_end(&jw);
		cw__jw_object_end(&jw);
	}
	cw__report_upstream_sarif_rules(&jw, r);
	cw__sarif_rules_end(&jw);
	if (root) {
		cw__jw_key_object(&jw, "originalUriBaseIds");
		cw__jw_key_object(&jw, "%SRCROOT%");
		uri.len = 0;
		if ((error = cw__buf_puts(&uri, "file://")) < 0 ||
		    (error = cw__percent_encode(&uri, root, strlen(root), uri_keep)) < 0)
			goto done;
		cw__jw_member_string(&jw, "uri", uri.ptr);
		cw__jw_object_end(&jw);
		cw__jw_object_end(&jw);
	}
	cw__jw_key_array(&jw, "results");
	for (size_t i = 0; i < r->findings.len; i++) {
		const cw_finding *f = &r->findings.items[i]->pub;
		const cw_component *c = f->package;
		char msg[1024];
		if (f->ignored)
			continue;
		if (f->kind == CW_FINDING_MALICIOUS)
			snprintf(msg, sizeof(msg), "%s %s@%s is a known malicious package (%s): remove it",
			         c->ecosystem, c->name, c->version, f->id);
		else
			snprintf(msg, sizeof(msg), "%s %s@%s is affected by %s (%s)%s%s", c->ecosystem, c->name,
			         c->version, f->id, cw_severity_name(f->severity),
			         f->fixed_count ? "; fixed in " : "", f->fixed_count ? f->fixed_versions[0] : "");
		cw__jw_object_begin(&jw);
		cw__jw_member_string(&jw, "ruleId", f->id);
		cw__jw_member_string(&jw, "level", sarif_level(f->severity));
		cw__sarif_text(&jw, "message", msg);
		if ((error = cw__report_sarif_locations(&jw, c->file, c->line, root, &uri)) < 0)
			goto done;
		cw__jw_key_object(&jw, "partialFingerprints");
		snprintf(msg, sizeof(msg), "%s|%s", f->id, c->purl ? c->purl : c->name);
		cw__jw_member_string(&jw, "chainwarden/v1", msg);
		cw__jw_object_end(&jw);
		cw__jw_object_end(&jw);
		if ((error = cw__sink_flush(sink, out, 1 << 16)) < 0)
			goto done;
	}
	if ((error = cw__report_upstream_sarif_results(&jw, r, root, &uri)) < 0)
		goto done;
	cw__sarif_end(&jw);
	error = cw__jw_finish(&jw);
done:
	cw__map_free(&rules);
	cw__buf_free(&uri);
	free(root);
	return error;
}

static int buf_sink(void *payload, const char *data, size_t len)
{
	return cw__buf_put(payload, data, len);
}

/* The database an id comes from, by its prefix (CycloneDX vulnerability sources). */
static const char *id_source(const char *id)
{
	static const struct { const char *prefix, *name; } known[] = {
		{ "CVE-", "NVD" }, { "GHSA-", "GitHub Advisories" }, { "GO-", "Go Vulnerability Database" },
		{ "PYSEC-", "PyPI Advisory Database" }, { "RUSTSEC-", "RustSec Advisory Database" },
		{ "x_NSWG-", "Node.js Security WG" },
	};
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (!strncmp(id, known[i].prefix, strlen(known[i].prefix)))
			return known[i].name;
	return "OSV";
}

/* OpenVEX terms in CycloneDX's vocabulary (CycloneDX 1.6 analysis). */
static const char *cdx_term(const char *openvex)
{
	static const char *const map[][2] = {
		{ "not_affected", "not_affected" }, { "fixed", "resolved" }, { "affected", "exploitable" },
		{ "under_investigation", "in_triage" },
		{ "component_not_present", "code_not_present" }, { "vulnerable_code_not_present", "code_not_present" },
		{ "vulnerable_code_not_in_execute_path", "code_not_reachable" },
		{ "vulnerable_code_cannot_be_controlled_by_adversary", "protected_by_mitigating_control" },
		{ "inline_mitigations_already_exist", "protected_by_mitigating_control" },
	};
	for (size_t i = 0; openvex && i < sizeof(map) / sizeof(map[0]); i++)
		if (!strcmp(openvex, map[i][0]))
			return map[i][1];
	return NULL;
}

/* The analysis of an ignored or VEX-annotated finding: the VEX statement's
 * terms when one applies, else not_affected with the ignore reason. */
static void cdx_analysis(cw_jw *jw, const cw_finding *f)
{
	bool cdx = f->vex.format && !strcmp(f->vex.format, "cyclonedx");
	const char *state = "not_affected", *just = NULL;
	if (f->vex.format && (f->vex.suppresses || !f->ignored)) {
		state = cdx ? f->vex.status : cdx_term(f->vex.status);
		just = cdx ? f->vex.justification : cdx_term(f->vex.justification);
	}
	cw__jw_key(jw, "analysis");
	cw__jw_object_begin(jw);
	cw__jw_member_string(jw, "state", state ? state : "not_affected");
	if (just)
		cw__jw_member_string(jw, "justification", just);
	cw__jw_member_string(jw, "detail", f->ignored ? f->ignore_reason : f->vex.detail ? f->vex.detail : f->vex.source);
	cw__jw_object_end(jw);
}

/* The SBOM, then the vulnerabilities section spliced in before its final '}'. */
int cw__report_cyclonedx(cw_buf *out, const cw_scan_result *r, const cw_report_options *o, cw__sink *sink)
{
	cw_sbom_options so = CW_SBOM_OPTIONS_INIT;
	cw_buf vul = CW_BUF_INIT;
	cw_jw jw;
	int error;
	so.deterministic = o->deterministic;
	if ((error = cw_sbom_write(r->inv, &so, buf_sink, out)) < 0)
		return error;
	while (out->len && out->ptr[out->len - 1] != '}')
		out->len--;
	if (!out->len)
		return cw__error_set(CW_EINVALID, "cyclonedx: SBOM writer produced no object");
	out->len--;
	while (out->len && (out->ptr[out->len - 1] == '\n' || out->ptr[out->len - 1] == ' '))
		out->len--;
	cw__jw_init(&jw, &vul, true);
	cw__jw_array_begin(&jw);
	for (size_t i = 0; i < r->findings.len; i++) {
		const cw_finding *f = &r->findings.items[i]->pub;
		cw__jw_object_begin(&jw);
		cw__jw_member_string(&jw, "id", f->id);
		cw__jw_key(&jw, "source");
		cw__jw_object_begin(&jw);
		cw__jw_member_string(&jw, "name", id_source(f->id));
		cw__jw_object_end(&jw);
		cw__jw_key(&jw, "references");
		cw__jw_array_begin(&jw);
		for (size_t k = 0; k < f->alias_count; k++) {
			cw__jw_object_begin(&jw);
			cw__jw_member_string(&jw, "id", f->aliases[k]);
			cw__jw_key(&jw, "source");
			cw__jw_object_begin(&jw);
			cw__jw_member_string(&jw, "name", id_source(f->aliases[k]));
			cw__jw_object_end(&jw);
			cw__jw_object_end(&jw);
		}
		cw__jw_array_end(&jw);
		if (f->cvss_vector) {
			cw__jw_key(&jw, "ratings");
			cw__jw_array_begin(&jw);
			cw__jw_object_begin(&jw);
			cw__jw_key(&jw, "score");
			cw__jw_double(&jw, f->cvss_score, 1);
			cw__jw_member_string(&jw, "severity", cw_severity_name(f->severity));
			cw__jw_member_string(&jw, "method", !strcmp(f->cvss_version, "4.0") ? "CVSSv4"
			                                   : !strcmp(f->cvss_version, "2.0") ? "CVSSv2"
			                                   : !strcmp(f->cvss_version, "3.0") ? "CVSSv3" : "CVSSv31");
			cw__jw_member_string(&jw, "vector", f->cvss_vector);
			cw__jw_object_end(&jw);
			cw__jw_array_end(&jw);
		}
		if (f->summary)
			cw__jw_member_string(&jw, "description", f->summary);
		if (f->ignored || f->vex.format)
			cdx_analysis(&jw, f);
		cw__jw_key(&jw, "affects");
		cw__jw_array_begin(&jw);
		cw__jw_object_begin(&jw);
		cw__jw_member_string(&jw, "ref", f->package->purl);
		cw__jw_object_end(&jw);
		cw__jw_array_end(&jw);
		cw__jw_object_end(&jw);
	}
	cw__jw_array_end(&jw);
	if ((error = cw__jw_finish(&jw)) < 0)
		goto done;
	if ((error = cw__buf_puts(out, ",\n  \"vulnerabilities\": ")) < 0 ||
	    (error = cw__buf_put(out, vul.ptr, vul.len)) < 0 || (error = cw__buf_puts(out, "\n}\n")) < 0)
		goto done;
done:
	cw__buf_free(&vul);
	return error;
}
