/*
 * report_upstream.c - the upstream findings (upstream.c) in each report:
 * an "upstream" array in the JSON report, one SARIF rule per signal
 * ("chainwarden/upstream/SIGNAL") with a result per finding at its
 * lockfile or manifest line, and a section of the table, Markdown and
 * HTML reports.
 */
#include "match/match.h"
#include "util/error.h"
#include "util/sarif.h"
#include "util/str.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

void cw__report_upstream_json(cw_jw *jw, const cw_scan_result *r)
{
	size_t malicious = 0, active = 0;
	for (size_t i = 0; i < r->upstream.len; i++) {
		active += !r->upstream.items[i].ignored;
		malicious += !r->upstream.items[i].ignored && r->upstream.items[i].kind == CW_FINDING_MALICIOUS;
	}
	cw__jw_member_int(jw, "upstream_count", (int64_t)active);
	cw__jw_member_int(jw, "upstream_malicious_count", (int64_t)malicious);
	cw__jw_key_array(jw, "upstream");
	for (size_t i = 0; i < r->upstream.len; i++) {
		const cw_upstream_finding *u = &r->upstream.items[i];
		const cw_jw_pair package[] = {
			{ "ecosystem", u->ecosystem }, { "name", u->name }, { "version", u->version },
			{ "purl", u->package ? u->package->purl : NULL },
		};
		const cw_jw_pair text[] = {
			{ "evidence", u->evidence }, { "script", u->script }, { "script_file", u->script_file },
		};
		cw__jw_object_begin(jw);
		cw__jw_member_string(jw, "kind", cw_finding_kind_name(u->kind));
		cw__jw_member_string(jw, "signal", u->signal);
		cw__jw_key_object(jw, "package");
		cw__jw_members_all(jw, package, CW_JW_COUNT(package));
		cw__jw_object_end(jw);
		cw__jw_member_string(jw, "file", u->file);
		cw__jw_member_int(jw, "line", (int64_t)u->line);
		cw__jw_members_all(jw, text, CW_JW_COUNT(text));
		cw__jw_member_bool(jw, "ignored", u->ignored);
		if (u->ignored)
			cw__jw_member_string(jw, "ignore_reason", u->ignore_reason);
		cw__jw_object_end(jw);
	}
	cw__jw_array_end(jw);
}

static const char *const signal_text[][2] = {
	{ "typosquat", "The package name imitates a popular package" },
	{ "no-integrity", "The lockfile entry has no integrity hash" },
	{ "unlisted-host", "Resolved from a host outside the allowed registries" },
	{ "non-registry-source", "Installed from git, a URL or a local path instead of a registry" },
	{ "dependency-confusion", "An internal package name resolved outside the internal registry" },
	{ "install-script", "The package runs code when it is installed" },
	{ "lockfile-drift", "The lockfile does not match its manifest" },
	{ "fresh-version", "The version was published very recently (quarantine)" },
	{ "unpublished-version", "The version is missing from the registry's metadata" },
};

void cw__report_upstream_sarif_rules(cw_jw *jw, const cw_scan_result *r)
{
	for (size_t s = 0; s < sizeof(signal_text) / sizeof(signal_text[0]); s++) {
		bool used = false, malicious = false;
		char id[96];
		for (size_t i = 0; i < r->upstream.len; i++)
			if (!r->upstream.items[i].ignored && !strcmp(r->upstream.items[i].signal, signal_text[s][0])) {
				used = true;
				malicious |= r->upstream.items[i].kind == CW_FINDING_MALICIOUS;
			}
		if (!used)
			continue;
		snprintf(id, sizeof(id), "chainwarden/upstream/%s", signal_text[s][0]);
		cw__jw_object_begin(jw);
		cw__jw_member_string(jw, "id", id);
		cw__sarif_text(jw, "shortDescription", signal_text[s][1]);
		cw__jw_key_object(jw, "properties");
		cw__jw_member_string(jw, "security-severity", malicious ? "9.5" : "3.0");
		cw__jw_key_array(jw, "tags");
		cw__jw_string(jw, "security");
		cw__jw_string(jw, "supply-chain");
		cw__jw_string(jw, malicious ? "malicious" : "suspicious");
		cw__jw_array_end(jw);
		cw__jw_object_end(jw);
		cw__jw_object_end(jw);
	}
}

int cw__report_upstream_sarif_results(cw_jw *jw, const cw_scan_result *r, const char *root, cw_buf *tmp)
{
	int error;
	for (size_t i = 0; i < r->upstream.len; i++) {
		const cw_upstream_finding *u = &r->upstream.items[i];
		char buf[1200];
		if (u->ignored)
			continue;
		cw__jw_object_begin(jw);
		snprintf(buf, sizeof(buf), "chainwarden/upstream/%s", u->signal);
		cw__jw_member_string(jw, "ruleId", buf);
		cw__jw_member_string(jw, "level", u->kind == CW_FINDING_MALICIOUS ? "error" : "warning");
		snprintf(buf, sizeof(buf), "%s: %s%s%s: %s", cw_finding_kind_name(u->kind), u->name,
		         u->version ? "@" : "", u->version ? u->version : "", u->evidence);
		cw__sarif_text(jw, "message", buf);
		if ((error = cw__report_sarif_locations(jw, u->file, u->line, root, tmp)) < 0)
			return error;
		cw__jw_key_object(jw, "partialFingerprints");
		snprintf(buf, sizeof(buf), "%s|%s|%s", u->signal,
		         u->package && u->package->purl ? u->package->purl : u->name, u->file ? u->file : "");
		cw__jw_member_string(jw, "chainwarden/v1", buf);
		cw__jw_object_end(jw);
		if (u->script) {
			cw__jw_key_object(jw, "properties");
			cw__jw_member_string(jw, "script", u->script);
			cw__jw_member_string(jw, "scriptFile", u->script_file);
			cw__jw_object_end(jw);
		}
		cw__jw_object_end(jw);
	}
	return 0;
}

/* Text from a package on a terminal: control characters (an escape
 * sequence in a hostile script) are shown as '?'. */
static int put_safe(cw_buf *out, const char *s, size_t n)
{
	int error = 0;
	for (size_t i = 0; i < n && error >= 0; i++)
		error = cw__buf_putc(out, ((unsigned char)s[i] < 0x20 && s[i] != '\t') || s[i] == 0x7f ? '?' : s[i]);
	return error;
}

/* Script text indented under a finding, at most `max_lines` lines. */
static int put_script(cw_buf *out, const char *script, const char *indent, size_t max_lines)
{
	size_t lines = 0;
	int error = 0;
	for (const char *p = script; *p && error >= 0; lines++) {
		size_t n = strcspn(p, "\n");
		if (lines == max_lines) {
			error = cw__buf_printf(out, "%s[...]\n", indent);
			break;
		}
		if ((error = cw__buf_puts(out, indent)) >= 0 && (error = put_safe(out, p, n)) >= 0)
			error = cw__buf_putc(out, '\n');
		p += n + (p[n] == '\n');
	}
	return error;
}

int cw__report_upstream_table(cw_buf *out, const cw_scan_result *r, const cw_report_options *o)
{
	size_t malicious = 0, shown = 0;
	int error = 0;
	const char *reset = o->color ? "\033[0m" : "";
	for (size_t i = 0; i < r->upstream.len && error >= 0; i++) {
		const cw_upstream_finding *u = &r->upstream.items[i];
		bool mal = u->kind == CW_FINDING_MALICIOUS;
		if (u->ignored && !o->show_ignored)
			continue;
		shown++;
		malicious += mal && !u->ignored;
		error = cw__buf_printf(out, "%s%-10s%s %-20s %s%s%s", o->color ? (mal ? "\033[1;31m" : "\033[33m") : "",
		                       cw_finding_kind_name(u->kind), reset, u->signal, u->name,
		                       u->version ? "@" : "", u->version ? u->version : "");
		if (error >= 0 && u->file)
			error = cw__buf_printf(out, "  %s:%zu", u->file, u->line);
		if (error >= 0 && (error = cw__buf_puts(out, "\n           ")) >= 0 &&
		    (error = put_safe(out, u->evidence, strlen(u->evidence))) >= 0)
			error = cw__buf_putc(out, '\n');
		if (error >= 0 && u->ignored)
			error = cw__buf_printf(out, "           [ignored: %s]\n", u->ignore_reason);
		if (error >= 0 && u->script) {
			error = cw__buf_printf(out, "           install-time code (%s):\n", u->script_file);
			if (error >= 0)
				error = put_script(out, u->script, "             | ", 12);
		}
	}
	if (error >= 0 && shown)
		error = cw__buf_printf(out, "%zu upstream finding%s (%zu malicious, %zu suspicious)\n\n",
		                       shown, shown == 1 ? "" : "s", malicious, shown - malicious);
	return error;
}

/* A table cell: script text and names come from packages, so nothing in
 * them may close the cell or open HTML (entities for <, >, &). */
static int md_cell(cw_buf *out, const char *s)
{
	static const char *const md[128] = {
		['|'] = "\\|", ['\n'] = "<br>", ['\r'] = "", ['<'] = "&lt;", ['>'] = "&gt;", ['&'] = "&amp;",
		['`'] = "&#96;",
	};
	return cw__buf_escape(out, s, md);
}

static size_t active_count(const cw_scan_result *r)
{
	size_t n = 0;
	for (size_t i = 0; i < r->upstream.len; i++)
		n += !r->upstream.items[i].ignored;
	return n;
}

/* How a section (Markdown or HTML) writes the active upstream findings. */
typedef struct {
	int (*head)(cw_buf *out, size_t n);                          /* heading and table head */
	int (*row_start)(cw_buf *out, const cw_upstream_finding *u); /* up to the package cell */
	int (*text)(cw_buf *out, const char *s);                     /* a cell's text, escaped */
	const char *sep, *script_open, *script_close, *row_end, *tail;
} section_style;

static int upstream_section(cw_buf *out, const cw_scan_result *r, const section_style *st)
{
	size_t n = active_count(r);
	int error;
	if (!n)
		return 0;
	error = st->head(out, n);
	for (size_t i = 0; i < r->upstream.len && error >= 0; i++) {
		const cw_upstream_finding *u = &r->upstream.items[i];
		if (u->ignored)
			continue;
		error = st->row_start(out, u);
		if (error >= 0) error = st->text(out, u->name);
		if (error >= 0 && u->version) error = cw__buf_putc(out, '@');
		if (error >= 0) error = st->text(out, u->version);
		if (error >= 0) error = cw__buf_puts(out, st->sep);
		if (error >= 0) error = st->text(out, u->file);
		if (error >= 0 && u->file) error = cw__buf_printf(out, ":%zu", u->line);
		if (error >= 0) error = cw__buf_puts(out, st->sep);
		if (error >= 0) error = st->text(out, u->evidence);
		if (error >= 0 && u->script) {
			error = cw__buf_puts(out, st->script_open);
			if (error >= 0) error = st->text(out, u->script);
			if (error >= 0) error = cw__buf_puts(out, st->script_close);
		}
		if (error >= 0) error = cw__buf_puts(out, st->row_end);
	}
	if (error >= 0)
		error = cw__buf_puts(out, st->tail);
	return error;
}

static int md_head(cw_buf *out, size_t n)
{
	return cw__buf_printf(out, "\n## Upstream findings\n\n%zu finding%s.\n\n"
	                      "| kind | signal | package | location | evidence |\n|---|---|---|---|---|\n",
	                      n, n == 1 ? "" : "s");
}

static int md_row_start(cw_buf *out, const cw_upstream_finding *u)
{
	return cw__buf_printf(out, "| %s | %s | ", cw_finding_kind_name(u->kind), u->signal);
}

int cw__report_upstream_markdown(cw_buf *out, const cw_scan_result *r)
{
	static const section_style md = {
		.head = md_head, .row_start = md_row_start, .text = md_cell, .sep = " | ",
		.script_open = "<br>install-time code: <code>", .script_close = "</code>", .row_end = " |\n",
		.tail = "",
	};
	return upstream_section(out, r, &md);
}

static int html_head(cw_buf *out, size_t n)
{
	return cw__buf_printf(out, "<h2>Upstream findings</h2>\n<p>%zu finding%s.</p>\n<table><tr>"
	                      "<th>kind</th><th>signal</th><th>package</th><th>location</th>"
	                      "<th>evidence</th></tr>\n", n, n == 1 ? "" : "s");
}

static int html_row_start(cw_buf *out, const cw_upstream_finding *u)
{
	return cw__buf_printf(out, "<tr><td class=\"%s\">%s</td><td>%s</td><td>",
	                      u->kind == CW_FINDING_MALICIOUS ? "critical" : "medium",
	                      cw_finding_kind_name(u->kind), u->signal);
}

int cw__report_upstream_html(cw_buf *out, const cw_scan_result *r)
{
	static const section_style html = {
		.head = html_head, .row_start = html_row_start, .text = cw__html_escape, .sep = "</td><td>",
		.script_open = "<pre>", .script_close = "</pre>", .row_end = "</td></tr>\n", .tail = "</table>\n",
	};
	return upstream_section(out, r, &html);
}
