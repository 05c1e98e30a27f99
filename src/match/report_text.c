/*
 * report_text.c - the human reports: table (terminal, optional ANSI
 * colours, grouped by package), Markdown and a self-contained HTML page
 * (inline CSS, no script, no external resource); and cw_scan_report(),
 * the dispatcher over all formats.
 */
#include "match/match.h"
#include "util/error.h"
#include "util/str.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const colors[] = { "\033[2m", "\033[36m", "\033[33m", "\033[31m", "\033[1;31m" };

static const char *const format_names[] = { "table", "json", "sarif", "markdown", "html", "cyclonedx",
	                                    "openvex" };
static const cw_name_table formats = {
	format_names, sizeof(format_names) / sizeof(format_names[0]), "report format",
	"table, json, sarif, markdown, html, cyclonedx or openvex"
};

static int put_path(cw_buf *out, const cw_scan_result *r, const cw_scan_path *p)
{
	int error = 0;
	for (size_t k = 0; k < p->len && error >= 0; k++) {
		const cw_component *c = cw_inventory_component(r->inv, p->nodes[k]);
		error = cw__buf_printf(out, "%s%s@%s", k ? " -> " : "", c->name, c->version ? c->version : "");
	}
	return error;
}

/* Components with findings, in order of their best finding's priority. */
static size_t order(const cw_scan_result *r, size_t *comps, bool show_ignored)
{
	size_t n = 0, nc = cw_inventory_component_count(r->inv);
	bool *seen = calloc(nc ? nc : 1, sizeof(bool));
	if (!seen)
		return 0;
	for (size_t i = 0; i < r->findings.len; i++) {
		const cw_finding *f = &r->findings.items[i]->pub;
		if ((f->ignored && !show_ignored) || seen[f->component])
			continue;
		seen[f->component] = true;
		comps[n++] = f->component;
	}
	free(seen);
	return n;
}

static size_t count_active(const cw_scan_result *r, size_t *per)
{
	size_t n = 0;
	for (size_t i = 0; i < r->findings.len; i++) {
		const cw_finding *f = &r->findings.items[i]->pub;
		if (f->ignored)
			continue;
		n++;
		per[f->severity]++;
	}
	return n;
}

static size_t count_malicious(const cw_scan_result *r)
{
	size_t n = 0;
	for (size_t i = 0; i < r->findings.len; i++)
		n += !r->findings.items[i]->pub.ignored && r->findings.items[i]->pub.kind == CW_FINDING_MALICIOUS;
	return n;
}

int cw__report_table(cw_buf *out, const cw_scan_result *r, const cw_report_options *o, cw__sink *sink)
{
	size_t per[5] = { 0 }, n = count_active(r, per), *comps;
	size_t nc, mal;
	int error = 0;
	const char *reset = o->color ? "\033[0m" : "";

	if (!(comps = malloc((r->findings.len + 1) * sizeof(size_t))))
		return cw__error_oom();
	nc = order(r, comps, o->show_ignored);
	error = cw__report_upstream_table(out, r, o); /* tampering first: it is the most urgent */
	for (size_t k = 0; k < nc && error >= 0; k++) {
		const cw_component *c = cw_inventory_component(r->inv, comps[k]);
		const cw_scan_fix *fix = NULL;
		bool first = true;
		for (size_t i = 0; i < r->findings.len && !fix; i++)
			if (r->findings.items[i]->pub.component == comps[k])
				fix = cw__scan_fix_of(r, i);
		error = cw__buf_printf(out, "%s%s@%s%s (%s)", o->color ? "\033[1m" : "", c->name, c->version,
		                       reset, c->ecosystem);
		if (error >= 0 && c->file)
			error = cw__buf_printf(out, "  %s:%zu", c->file, c->line);
		if (error >= 0)
			error = cw__buf_puts(out, "\n");
		for (size_t i = 0; i < r->findings.len && error >= 0; i++) {
			const cw_finding *f = &r->findings.items[i]->pub;
			if (f->component != comps[k] || (f->ignored && !o->show_ignored))
				continue;
			error = cw__buf_printf(out, "  %s%-8s%s %-22s", o->color ? colors[f->severity] : "",
			                       cw_severity_name(f->severity), reset, f->id);
			if (error >= 0 && f->kind == CW_FINDING_MALICIOUS)
				error = cw__buf_puts(out, " MALICIOUS PACKAGE: remove it");
			if (error >= 0 && f->cvss_vector)
				error = cw__buf_printf(out, " CVSS %.1f", f->cvss_score);
			if (error >= 0 && f->kev)
				error = cw__buf_printf(out, " KEV(due %s)", f->kev_due_date ? f->kev_due_date : "?");
			if (error >= 0 && f->epss)
				error = cw__buf_printf(out, " EPSS %.3f", f->epss_score);
			for (size_t v = 0; v < f->fixed_count && v < 4 && error >= 0; v++)
				error = cw__buf_printf(out, "%s%s", v ? ", " : " fixed: ", f->fixed_versions[v]);
			if (error >= 0 && f->fixed_count > 4)
				error = cw__buf_puts(out, ", ...");
			if (error >= 0 && f->ignored)
				error = cw__buf_printf(out, " [ignored: %s]", f->ignore_reason);
			else if (error >= 0 && f->vex.format) /* a VEX statement that keeps it reported */
				error = cw__buf_printf(out, " [VEX %s%s%s]", f->vex.status, f->vex.detail ? ": " : "",
				                       f->vex.detail ? f->vex.detail : "");
			if (error >= 0 && f->summary)
				error = cw__buf_printf(out, "\n           %.100s", f->summary);
			if (error >= 0 && first && f->path_count && f->paths[0].len > 2) {
				error = cw__buf_puts(out, "\n           path: ");
				if (error >= 0)
					error = put_path(out, r, &f->paths[0]);
			}
			first = false;
			if (error >= 0)
				error = cw__buf_puts(out, "\n");
		}
		if (error >= 0 && fix) {
			if (fix->version)
				error = cw__buf_printf(out, "  fix: upgrade to %s", fix->version);
			else
				error = cw__buf_puts(out, "  fix: no fixed version known");
			for (size_t d = 0; d < fix->direct_count && error >= 0; d++)
				error = cw__buf_printf(out, "%s%s", d ? ", " : " (via direct dependency ",
				                       cw_inventory_component(r->inv, fix->direct[d])->name);
			if (error >= 0)
				error = cw__buf_puts(out, fix->direct_count ? ")\n\n" : "\n\n");
		}
	}
	if (error >= 0 && (mal = count_malicious(r)))
		error = cw__buf_printf(out, "%zu known malicious package finding%s: remove %s\n", mal,
		                       mal == 1 ? "" : "s", mal == 1 ? "it" : "them");
	if (error >= 0)
		error = cw__buf_printf(out, "%zu vulnerabilit%s in %zu package%s (critical %zu, high %zu, "
		                       "medium %zu, low %zu, unknown %zu); %zu components scanned\n",
		                       n, n == 1 ? "y" : "ies", nc, nc == 1 ? "" : "s", per[4], per[3],
		                       per[2], per[1], per[0], cw_inventory_component_count(r->inv));
	free(comps);
	return error;
}

static int md_text(cw_buf *out, const char *s)
{
	int error = 0;
	for (; s && *s && error >= 0; s++)
		error = (*s == '|' || *s == '\n') ? cw__buf_putc(out, *s == '|' ? '/' : ' ')
		                                  : cw__buf_putc(out, *s);
	return error;
}

int cw__report_markdown(cw_buf *out, const cw_scan_result *r, const cw_report_options *o, cw__sink *sink)
{
	size_t per[5] = { 0 }, n = count_active(r, per);
	int error = cw__buf_printf(out, "# chainwarden scan\n\n%zu vulnerabilities: critical %zu, high "
	                           "%zu, medium %zu, low %zu, unknown %zu.\n\n", n, per[4], per[3],
	                           per[2], per[1], per[0]);
	if (error >= 0)
		error = cw__buf_puts(out, "| # | id | package | severity | CVSS | KEV | EPSS | fixed in | path |\n"
		                          "|---|---|---|---|---|---|---|---|---|\n");
	for (size_t i = 0; i < r->findings.len && error >= 0; i++) {
		const cw_finding *f = &r->findings.items[i]->pub;
		if (f->ignored && !o->show_ignored)
			continue;
		error = cw__buf_printf(out, "| %zu | %s%s | %s@%s | %s | ", f->priority, f->id,
		                       f->kind == CW_FINDING_MALICIOUS ? " (malicious)" : "", f->package->name,
		                       f->package->version, cw_severity_name(f->severity));
		if (error >= 0)
			error = f->cvss_vector ? cw__buf_printf(out, "%.1f | ", f->cvss_score) : cw__buf_puts(out, " | ");
		if (error >= 0)
			error = cw__buf_printf(out, "%s | ", f->kev ? "yes" : "");
		if (error >= 0)
			error = f->epss ? cw__buf_printf(out, "%.3f | ", f->epss_score) : cw__buf_puts(out, " | ");
		if (error >= 0)
			error = md_text(out, f->fixed_count ? f->fixed_versions[0] : "");
		if (error >= 0)
			error = cw__buf_puts(out, " | ");
		if (error >= 0 && f->path_count)
			error = put_path(out, r, &f->paths[0]);
		if (error >= 0 && !f->ignored && f->vex.format) {
			error = cw__buf_printf(out, " (VEX %s)", f->vex.status);
		}
		if (error >= 0)
			error = cw__buf_puts(out, f->ignored ? " (ignored) |\n" : " |\n");
	}
	if (error >= 0)
		error = cw__report_upstream_markdown(out, r);
	return error;
}

int cw__report_html(cw_buf *out, const cw_scan_result *r, const cw_report_options *o, cw__sink *sink)
{
	size_t per[5] = { 0 }, n = count_active(r, per);
	cw_buf path = CW_BUF_INIT;
	int error = cw__buf_printf(out,
		"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
		"<title>chainwarden scan</title><style>"
		"body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
		"td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}"
		".critical{background:#b00;color:#fff}.high{background:#e60;color:#fff}"
		".medium{background:#fc0}.low{background:#9cf}.unknown{background:#ddd}"
		"</style></head><body>\n<h1>chainwarden scan</h1>\n"
		"<p>%zu vulnerabilities in %zu components: critical %zu, high %zu, medium %zu, low %zu, "
		"unknown %zu.</p>\n<table><tr><th>#</th><th>id</th><th>package</th><th>severity</th>"
		"<th>CVSS</th><th>KEV</th><th>fixed in</th><th>path</th><th>summary</th></tr>\n",
		n, cw_inventory_component_count(r->inv), per[4], per[3], per[2], per[1], per[0]);
	for (size_t i = 0; i < r->findings.len && error >= 0; i++) {
		const cw_finding *f = &r->findings.items[i]->pub;
		if (f->ignored && !o->show_ignored)
			continue;
		cw__buf_clear(&path);
		if (f->path_count && (error = put_path(&path, r, &f->paths[0])) < 0)
			break;
		error = cw__buf_printf(out, "<tr><td>%zu</td><td>", f->priority);
		if (error >= 0) error = cw__html_escape(out, f->id);
		if (error >= 0 && f->kind == CW_FINDING_MALICIOUS) error = cw__buf_puts(out, " (malicious)");
		if (error >= 0) error = cw__buf_puts(out, "</td><td>");
		if (error >= 0) error = cw__html_escape(out, f->package->name);
		if (error >= 0) error = cw__buf_printf(out, "@");
		if (error >= 0) error = cw__html_escape(out, f->package->version);
		if (error >= 0)
			error = cw__buf_printf(out, "</td><td class=\"%s\">%s</td><td>", cw_severity_name(f->severity),
			                       cw_severity_name(f->severity));
		if (error >= 0 && f->cvss_vector) error = cw__buf_printf(out, "%.1f", f->cvss_score);
		if (error >= 0) error = cw__buf_printf(out, "</td><td>%s</td><td>", f->kev ? "yes" : "");
		if (error >= 0 && f->fixed_count) error = cw__html_escape(out, f->fixed_versions[0]);
		if (error >= 0) error = cw__buf_puts(out, "</td><td>");
		if (error >= 0) error = cw__html_escape(out, path.ptr);
		if (error >= 0) error = cw__buf_puts(out, "</td><td>");
		if (error >= 0) error = cw__html_escape(out, f->summary);
		if (error >= 0) error = cw__buf_puts(out, "</td></tr>\n");
	}
	if (error >= 0)
		error = cw__buf_puts(out, "</table>\n");
	if (error >= 0)
		error = cw__report_upstream_html(out, r);
	if (error >= 0)
		error = cw__buf_puts(out, "</body></html>\n");
	cw__buf_free(&path);
	return error;
}

int cw__sink_flush(cw__sink *sink, cw_buf *out, size_t threshold)
{
	int error = 0;
	if (out->len > threshold && out->len) {
		error = sink->write(sink->payload, out->ptr, out->len);
		cw__buf_clear(out);
	}
	return error;
}

int cw_report_format_parse(cw_report_format *out, const char *name)
{
	int i, error = cw__name_lookup(&i, &formats, name);
	if (error == 0)
		*out = (cw_report_format)i;
	return error;
}

int cw_scan_report(const cw_scan_result *r, const cw_report_options *opts, cw_sbom_write_fn write,
                   void *payload)
{
	cw_report_options defaults = CW_REPORT_OPTIONS_INIT;
	cw_buf out = CW_BUF_INIT;
	cw__sink sink = { write, payload };
	int error;
	if (!opts)
		opts = &defaults;
	switch (opts->format) {
	case CW_REPORT_JSON: error = cw__report_json(&out, r, opts, &sink); break;
	case CW_REPORT_SARIF: error = cw__report_sarif(&out, r, opts, &sink); break;
	case CW_REPORT_MARKDOWN: error = cw__report_markdown(&out, r, opts, &sink); break;
	case CW_REPORT_HTML: error = cw__report_html(&out, r, opts, &sink); break;
	case CW_REPORT_CYCLONEDX: error = cw__report_cyclonedx(&out, r, opts, &sink); break;
	case CW_REPORT_OPENVEX: error = cw__report_openvex(&out, r, opts, &sink); break;
	default: error = cw__report_table(&out, r, opts, &sink); break;
	}
	if (error >= 0)
		error = cw__sink_flush(&sink, &out, 0);
	cw__buf_free(&out);
	return error;
}
