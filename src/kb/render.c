/*
 * render.c - the text forms of `db info`, `db show` and `db search`,
 * rendered from the JSON documents the queries build.
 */
#include "kb/kb_query.h"
#include "util/error.h"

#include <string.h>

static const char *str(const json_t *obj, const char *key)
{
	const char *s = json_string_value(json_object_get(obj, key));
	return s ? s : "";
}

static long long num(const json_t *obj, const char *key)
{
	return (long long)json_integer_value(json_object_get(obj, key));
}

/* Text, indented, with newlines inside kept at the indentation. */
static void put_indented(cw_buf *out, const char *text, const char *indent)
{
	cw__buf_puts(out, indent);
	for (const char *p = text; *p; p++) {
		if (*p == '\r')
			continue;
		cw__buf_putc(out, *p);
		if (*p == '\n' && p[1])
			cw__buf_puts(out, indent);
	}
	cw__buf_putc(out, '\n');
}

int cw__kb_render_info(cw_buf *out, const json_t *doc)
{
	const json_t *counts = json_object_get(doc, "counts"), *v;
	const char *key;
	size_t i;

	cw__buf_printf(out, "KB:              %s\n", str(doc, "path"));
	cw__buf_printf(out, "Schema version:  %lld\n", num(doc, "schema_version"));
	cw__buf_printf(out, "Built:           %s (%.1f days ago, generation %s)\n",
	               str(doc, "built_at"), json_real_value(json_object_get(doc, "age_days")),
	               str(doc, "generation"));
	cw__buf_printf(out, "Advisories:      %lld (%lld withdrawn)\n", num(counts, "advisories"),
	               num(counts, "withdrawn"));
	cw__buf_printf(out, "NVD CVEs:        %lld\n", num(counts, "nvd"));
	cw__buf_printf(out, "KEV entries:     %lld%s%s%s\n", num(counts, "kev"),
	               json_object_get(doc, "kev_catalog_version") ? " (catalog " : "",
	               str(doc, "kev_catalog_version"),
	               json_object_get(doc, "kev_catalog_version") ? ")" : "");
	cw__buf_printf(out, "EPSS scores:     %lld", num(counts, "epss"));
	if (json_object_get(doc, "epss_model_version"))
		cw__buf_printf(out, " (model %s, %s)", str(doc, "epss_model_version"),
		               str(doc, "epss_score_date"));
	cw__buf_printf(out, "\nAlias groups:    %lld over %lld ids\n", num(counts, "alias_groups"),
	               num(counts, "ids"));
	cw__buf_printf(out, "Malformed:       %lld records skipped\n", num(counts, "malformed"));
	cw__buf_puts(out, "\nEcosystems:\n");
	json_object_foreach((json_t *)json_object_get(doc, "ecosystems"), key, v)
		cw__buf_printf(out, "  %-20s %7lld advisories %7lld packages\n", key,
		               num(v, "advisories"), num(v, "packages"));
	cw__buf_puts(out, "\nSources:\n");
	json_array_foreach(json_object_get(doc, "sources"), i, v) {
		cw__buf_printf(out, "  %-32s %7lld records %5lld malformed  %s\n", str(v, "name"),
		               num(v, "records"), num(v, "malformed"), str(v, "ingested_at"));
	}
	json_array_foreach(json_object_get(doc, "warnings"), i, v)
		cw__buf_printf(out, "\nwarning: %s\n", json_string_value(v));
	return out->ptr ? 0 : cw__error_oom();
}

static void render_osv(cw_buf *out, const json_t *rec)
{
	const json_t *v, *a;
	size_t i, j, k;

	cw__buf_printf(out, "== OSV %s (modified %s", str(rec, "id"), str(rec, "modified"));
	if (json_object_get(rec, "published"))
		cw__buf_printf(out, ", published %s", str(rec, "published"));
	cw__buf_puts(out, ")\n");
	if (json_object_get(rec, "withdrawn"))
		cw__buf_printf(out, "WITHDRAWN %s: no longer matches\n", str(rec, "withdrawn"));
	if (json_object_get(rec, "summary"))
		cw__buf_printf(out, "Summary:  %s\n", str(rec, "summary"));
	if ((v = json_object_get(rec, "aliases"))) {
		cw__buf_puts(out, "Aliases: ");
		json_array_foreach(v, i, a)
			cw__buf_printf(out, " %s", json_string_value(a));
		cw__buf_putc(out, '\n');
	}
	json_array_foreach(json_object_get(rec, "severity"), i, v)
		cw__buf_printf(out, "Severity: %s %s\n", str(v, "type"), str(v, "score"));
	json_array_foreach(json_object_get(rec, "affected"), i, a) {
		const json_t *pkg = json_object_get(a, "package"), *r, *e;
		cw__buf_printf(out, "Affected: %s %s", str(pkg, "ecosystem"), str(pkg, "name"));
		if (json_object_get(pkg, "purl"))
			cw__buf_printf(out, " (%s)", str(pkg, "purl"));
		cw__buf_putc(out, '\n');
		json_array_foreach(json_object_get(a, "ranges"), j, r) {
			cw__buf_printf(out, "  %s", str(r, "type"));
			if (json_object_get(r, "repo"))
				cw__buf_printf(out, " %s", str(r, "repo"));
			cw__buf_puts(out, ":");
			json_array_foreach(json_object_get(r, "events"), k, e) {
				const char *kind;
				json_t *val;
				json_object_foreach((json_t *)e, kind, val)
					cw__buf_printf(out, "%s %s %s", k ? "," : "", kind, json_string_value(val));
			}
			cw__buf_putc(out, '\n');
		}
		if ((v = json_object_get(a, "versions"))) {
			const json_t *ver;
			cw__buf_printf(out, "  versions (%zu):", json_array_size(v));
			json_array_foreach(v, j, ver) {
				if (j == 12) {
					cw__buf_puts(out, " ...");
					break;
				}
				cw__buf_printf(out, " %s", json_string_value(ver));
			}
			cw__buf_putc(out, '\n');
		}
	}
	if (json_object_get(rec, "details")) {
		cw__buf_puts(out, "Details:\n");
		put_indented(out, str(rec, "details"), "  ");
	}
	if (json_array_size(json_object_get(rec, "references"))) {
		cw__buf_puts(out, "References:\n");
		json_array_foreach(json_object_get(rec, "references"), i, v)
			cw__buf_printf(out, "  %-8s %s\n", str(v, "type"), str(v, "url"));
	}
	json_array_foreach(json_object_get(rec, "credits"), i, v)
		cw__buf_printf(out, "Credit:   %s%s%s\n", str(v, "name"),
		               json_object_get(v, "type") ? " - " : "", str(v, "type"));
}

static void render_nvd(cw_buf *out, const json_t *rec)
{
	const json_t *v;
	size_t i;
	cw__buf_printf(out, "== NVD %s (%s, published %s, modified %s)\n", str(rec, "id"),
	               str(rec, "status"), str(rec, "published"), str(rec, "lastModified"));
	if (json_object_get(rec, "description"))
		put_indented(out, str(rec, "description"), "  ");
	json_array_foreach(json_object_get(rec, "metrics"), i, v)
		cw__buf_printf(out, "  CVSS %s %.1f %s %s (%s, %s)\n", str(v, "version"),
		               json_number_value(json_object_get(v, "baseScore")),
		               str(v, "baseSeverity"), str(v, "vectorString"), str(v, "source"),
		               str(v, "type"));
	if (json_array_size(json_object_get(rec, "cwes"))) {
		cw__buf_puts(out, "  CWE:");
		json_array_foreach(json_object_get(rec, "cwes"), i, v)
			cw__buf_printf(out, " %s", json_string_value(v));
		cw__buf_putc(out, '\n');
	}
	json_array_foreach(json_object_get(rec, "cpes"), i, v) {
		cw__buf_printf(out, "  CPE %s%s", str(v, "criteria"),
		               json_is_true(json_object_get(v, "vulnerable")) ? "" : " (not vulnerable)");
		if (json_object_get(v, "versionStartIncluding"))
			cw__buf_printf(out, " >= %s", str(v, "versionStartIncluding"));
		if (json_object_get(v, "versionStartExcluding"))
			cw__buf_printf(out, " > %s", str(v, "versionStartExcluding"));
		if (json_object_get(v, "versionEndIncluding"))
			cw__buf_printf(out, " <= %s", str(v, "versionEndIncluding"));
		if (json_object_get(v, "versionEndExcluding"))
			cw__buf_printf(out, " < %s", str(v, "versionEndExcluding"));
		cw__buf_putc(out, '\n');
	}
	if (json_array_size(json_object_get(rec, "references")))
		cw__buf_printf(out, "  %zu references\n", json_array_size(json_object_get(rec, "references")));
}

int cw__kb_render_show(cw_buf *out, const json_t *doc)
{
	const json_t *v;
	size_t i;

	cw__buf_printf(out, "%s: ", str(doc, "query"));
	json_array_foreach(json_object_get(doc, "ids"), i, v)
		cw__buf_printf(out, "%s%s", i ? ", " : "", json_string_value(v));
	cw__buf_putc(out, '\n');
	json_array_foreach(json_object_get(doc, "kev"), i, v) {
		cw__buf_printf(out, "KNOWN EXPLOITED (CISA KEV) %s: %s; added %s, due %s, ransomware use: %s\n",
		               str(v, "cveID"), str(v, "vulnerabilityName"), str(v, "dateAdded"),
		               str(v, "dueDate"), str(v, "knownRansomwareCampaignUse"));
	}
	json_array_foreach(json_object_get(doc, "epss"), i, v)
		cw__buf_printf(out, "EPSS %s: score %.5f, percentile %.5f%s%s\n", str(v, "cve"),
		               json_number_value(json_object_get(v, "epss")),
		               json_number_value(json_object_get(v, "percentile")),
		               json_object_get(v, "score_date") ? ", as of " : "", str(v, "score_date"));
	json_array_foreach(json_object_get(doc, "osv"), i, v) {
		cw__buf_putc(out, '\n');
		render_osv(out, v);
	}
	json_array_foreach(json_object_get(doc, "nvd"), i, v) {
		cw__buf_putc(out, '\n');
		render_nvd(out, v);
	}
	return out->ptr ? 0 : cw__error_oom();
}

int cw__kb_render_search(cw_buf *out, const json_t *doc)
{
	const json_t *results = json_object_get(doc, "results"), *v, *r;
	size_t i, j;

	if (!json_array_size(results)) {
		cw__buf_printf(out, "no advisories for %s\n", str(doc, "package"));
		return out->ptr ? 0 : cw__error_oom();
	}
	json_array_foreach(results, i, v) {
		cw__buf_printf(out, "%-22s %-10s %s%s\n", str(v, "id"), str(v, "ecosystem"),
		               str(v, "package"), json_object_get(v, "withdrawn") ? " (withdrawn)" : "");
		if (json_object_get(v, "summary"))
			cw__buf_printf(out, "    %s\n", str(v, "summary"));
		json_array_foreach(json_object_get(v, "ranges"), j, r)
			cw__buf_printf(out, "    %s: %s\n", str(r, "type"), str(r, "events"));
		if (json_object_get(v, "versions"))
			cw__buf_printf(out, "    %lld listed versions\n", num(v, "versions"));
	}
	cw__buf_printf(out, "%zu advisories\n", json_array_size(results));
	return out->ptr ? 0 : cw__error_oom();
}
