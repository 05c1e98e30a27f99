/*
 * report.c - one health report as a table, JSON (schema
 * "chainwarden-health/1", docs/health.md), Markdown or a self-contained
 * HTML page.
 */
#include "health/health_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/error.h"
#include "util/str.h"

int cw_health_format_parse(cw_health_format *out, const char *name)
{
	static const struct { const char *name; cw_health_format f; } names[] = {
		{ "table", CW_HEALTH_FORMAT_TABLE }, { "text", CW_HEALTH_FORMAT_TABLE },
		{ "json", CW_HEALTH_FORMAT_JSON }, { "markdown", CW_HEALTH_FORMAT_MARKDOWN },
		{ "md", CW_HEALTH_FORMAT_MARKDOWN }, { "html", CW_HEALTH_FORMAT_HTML },
	};
	for (size_t i = 0; name && i < sizeof(names) / sizeof(names[0]); i++)
		if (strcasecmp(name, names[i].name) == 0) {
			*out = names[i].f;
			return 0;
		}
	return cw__error_set(CW_EINVALID, "unknown format '%s' (expected table, json, markdown or html)",
	                     name ? name : "");
}

static void member_date(cw_jw *jw, const char *key, int64_t t)
{
	char d[16];
	cw__jw_key(jw, key);
	if (t <= 0) {
		cw__jw_null(jw);
		return;
	}
	cw__health_date(d, sizeof(d), t);
	cw__jw_string(jw, d);
}

void cw__health_json(cw_jw *jw, const cw_health_report *r)
{
	const cw_health_stats *st = &r->stats;
	cw__jw_object_begin(jw);
	cw__jw_member_string(jw, "schema", "chainwarden-health/1");
	cw__jw_key_object(jw, "repository");
	cw__jw_member_string(jw, "path", st->path);
	cw__jw_member_string(jw, "url", st->url);
	cw__jw_member_string(jw, "head", st->head);
	cw__jw_member_string(jw, "branch", st->branch);
	cw__jw_object_end(jw);
	member_date(jw, "date", st->now);
	cw__jw_key(jw, "score");
	cw__jw_double(jw, r->score, 1);
	cw__jw_key_object(jw, "stats");
	cw__jw_member_int(jw, "commits", (int64_t)st->commits);
	cw__jw_member_bool(jw, "truncated", st->truncated);
	cw__jw_member_int(jw, "commits_90d", (int64_t)st->commits_90d);
	member_date(jw, "first_commit", st->first_commit);
	member_date(jw, "last_commit", st->last_commit);
	cw__jw_member_string(jw, "last_release", st->last_release);
	member_date(jw, "last_release_date", st->last_release_time);
	cw__jw_member_int(jw, "releases", (int64_t)st->releases);
	cw__jw_member_int(jw, "releases_365d", (int64_t)st->releases_365d);
	cw__jw_key(jw, "release_interval_days");
	if (st->release_interval_days < 0)
		cw__jw_null(jw);
	else
		cw__jw_double(jw, st->release_interval_days, 1);
	cw__jw_member_int(jw, "contributors_12m", (int64_t)st->contributors_12m);
	cw__jw_member_int(jw, "human_commits_12m", (int64_t)st->human_commits_12m);
	cw__jw_member_int(jw, "bot_commits_12m", (int64_t)st->bot_commits_12m);
	cw__jw_member_int(jw, "bus_factor", (int64_t)st->bus_factor);
	cw__jw_key(jw, "organizations");
	cw__jw_array_begin(jw);
	for (size_t i = 0; i < st->organizations; i++)
		cw__jw_string(jw, st->organization_domains[i]);
	cw__jw_array_end(jw);
	cw__jw_member_int(jw, "files", (int64_t)st->files);
	cw__jw_object_end(jw);
	cw__jw_key(jw, "checks");
	cw__jw_array_begin(jw);
	for (size_t i = 0; i < CW_HC_COUNT; i++) {
		const cw_health_check *c = &r->checks[i];
		cw__jw_object_begin(jw);
		cw__jw_member_string(jw, "name", c->name);
		cw__jw_member_int(jw, "score", c->score);
		cw__jw_member_string(jw, "risk", c->risk);
		cw__jw_key(jw, "weight");
		cw__jw_double(jw, c->weight, 1);
		cw__jw_member_string(jw, "reason", c->reason);
		cw__jw_member_int(jw, "evidence_total", (int64_t)c->evidence_total);
		cw__jw_key(jw, "evidence");
		cw__jw_array_begin(jw);
		for (size_t k = 0; k < c->evidence_count; k++) {
			const cw_health_evidence *e = &c->evidence[k];
			cw__jw_object_begin(jw);
			cw__jw_member_string(jw, "kind", e->kind);
			if (e->ref[0])
				cw__jw_member_string(jw, strcmp(e->kind, "file") == 0 ? "path"
				                         : strcmp(e->kind, "commit") == 0 ? "commit" : "tag", e->ref);
			if (e->line)
				cw__jw_member_int(jw, "line", (int64_t)e->line);
			cw__jw_member_string(jw, "detail", e->detail);
			cw__jw_object_end(jw);
		}
		cw__jw_array_end(jw);
		cw__jw_object_end(jw);
	}
	cw__jw_array_end(jw);
	cw__jw_object_end(jw);
}

int cw__health_html_escape(cw_buf *out, const char *s)
{
	static const char *const html[128] = {
		['<'] = "&lt;", ['>'] = "&gt;", ['&'] = "&amp;", ['"'] = "&quot;", ['\''] = "&#39;",
	};
	return cw__buf_escape(out, s, html);
}

int cw__health_html_head(cw_buf *out, const char *title)
{
	int error;
	if ((error = cw__buf_puts(out, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>")) < 0 ||
	    (error = cw__health_html_escape(out, title)) < 0)
		return error;
	return cw__buf_puts(out,
		"</title>\n<style>\n"
		"body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}\n"
		"table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}\n"
		".bar{display:inline-block;height:12px;background:#eee;width:200px;vertical-align:middle}\n"
		".bar span{display:block;height:12px}\n"
		".good{background:#2e8b57}.fair{background:#e0a000}.poor{background:#c0392b}.na{background:#bbb}\n"
		"code{font-size:12px}small{color:#666}\n"
		"</style></head><body>\n");
}

static const char *grade(int score)
{
	return score < 0 ? "na" : score >= 7 ? "good" : score >= 4 ? "fair" : "poor";
}

int cw__health_score_text(char *buf, size_t size, int score)
{
	return score < 0 ? snprintf(buf, size, "?") : snprintf(buf, size, "%d", score);
}

static int evidence_line(cw_buf *out, const cw_health_evidence *e)
{
	if (strcmp(e->kind, "info") == 0)
		return cw__buf_printf(out, "%s", e->detail);
	if (e->line)
		return cw__buf_printf(out, "%s:%zu: %s", e->ref, e->line, e->detail);
	return cw__buf_printf(out, "%s %s: %s", e->kind, e->ref, e->detail);
}

/* The rows of the checks, then the evidence of each, as a table or as
 * Markdown (which lists all the evidence kept, the table the first ten). */
static int checks_text(cw_buf *out, const cw_health_report *r, bool md)
{
	char s[8];
	int error = 0;
	for (size_t i = 0; i < CW_HC_COUNT; i++) {
		const cw_health_check *c = &r->checks[i];
		cw__health_score_text(s, sizeof(s), c->score);
		if (md)
			cw__buf_printf(out, "| %s | %s | %s | %s |\n", c->name, s, c->risk, c->reason);
		else
			cw__buf_printf(out, "%-24s %5s  %-8s %s\n", c->name, s, c->risk, c->reason);
	}
	for (size_t i = 0; i < CW_HC_COUNT && error == 0; i++) {
		const cw_health_check *c = &r->checks[i];
		size_t max = md ? c->evidence_count : 10;
		if (!c->evidence_count)
			continue;
		cw__buf_printf(out, md ? "\n## %s\n\n" : "\n%s:\n", c->name);
		for (size_t k = 0; k < c->evidence_count && k < max; k++) {
			cw__buf_puts(out, md ? "- " : "  ");
			evidence_line(out, &c->evidence[k]);
			cw__buf_putc(out, '\n');
		}
		if (c->evidence_total > max)
			error = cw__buf_printf(out, md ? "- ... %zu more\n" : "  ... %zu more\n", c->evidence_total - max);
	}
	return error;
}

static int format_table(cw_buf *out, const cw_health_report *r)
{
	const cw_health_stats *st = &r->stats;
	cw__buf_printf(out, "Repository: %s%s%s\n", st->url ? st->url : st->path,
	               st->branch[0] ? " branch " : "", st->branch);
	cw__buf_printf(out, "HEAD:       %s\n", st->head[0] ? st->head : "(no commits)");
	if (r->score < 0)
		cw__buf_printf(out, "Score:      ? (no check concluded)\n\n");
	else
		cw__buf_printf(out, "Score:      %.1f / 10\n\n", r->score);
	cw__buf_printf(out, "%-24s %5s  %-8s %s\n", "CHECK", "SCORE", "RISK", "REASON");
	return checks_text(out, r, false);
}

static int format_markdown(cw_buf *out, const cw_health_report *r)
{
	const cw_health_stats *st = &r->stats;
	cw__buf_printf(out, "# Project health: %s\n\n", st->url ? st->url : st->path);
	cw__buf_printf(out, "HEAD `%s`; overall score **%.1f / 10**.\n\n", st->head, r->score);
	cw__buf_puts(out, "| Check | Score | Risk | Reason |\n|---|---:|---|---|\n");
	return checks_text(out, r, true);
}

static int format_html(cw_buf *out, const cw_health_report *r)
{
	const cw_health_stats *st = &r->stats;
	const char *name = st->url ? st->url : st->path;
	char s[8];
	int error;
	if ((error = cw__health_html_head(out, name)) < 0)
		return error;
	cw__buf_puts(out, "<h1>Project health: ");
	cw__health_html_escape(out, name);
	cw__buf_printf(out, "</h1>\n<p>HEAD <code>%s</code>; overall score <b>%.1f / 10</b></p>\n",
	               st->head, r->score);
	cw__buf_puts(out, "<table><tr><th>Check</th><th>Score</th><th></th><th>Reason and evidence</th></tr>\n");
	for (size_t i = 0; i < CW_HC_COUNT; i++) {
		const cw_health_check *c = &r->checks[i];
		cw__health_score_text(s, sizeof(s), c->score);
		cw__buf_printf(out, "<tr><td>%s <small>(%s)</small></td><td>%s</td>"
		               "<td><span class=\"bar\"><span class=\"%s\" style=\"width:%d%%\"></span></span></td><td>",
		               c->name, c->risk, s, grade(c->score), c->score < 0 ? 0 : c->score * 10);
		cw__health_html_escape(out, c->reason);
		if (c->evidence_count)
			cw__buf_puts(out, "<ul>");
		for (size_t k = 0; k < c->evidence_count; k++) {
			cw_buf line = CW_BUF_INIT;
			evidence_line(&line, &c->evidence[k]);
			cw__buf_puts(out, "<li><small>");
			cw__health_html_escape(out, line.ptr);
			cw__buf_puts(out, "</small></li>");
			cw__buf_free(&line);
		}
		if (c->evidence_count)
			cw__buf_puts(out, "</ul>");
		cw__buf_puts(out, "</td></tr>\n");
	}
	return cw__buf_puts(out, "</table>\n</body></html>\n");
}

int cw__health_format(char **out, const void *report, cw_health_format format, const cw__health_formats *f)
{
	cw_buf buf = CW_BUF_INIT;
	cw_jw jw;
	int error = 0;
	*out = NULL;
	switch (format) {
	case CW_HEALTH_FORMAT_JSON:
		cw__jw_init(&jw, &buf, true);
		f->json(&jw, report);
		if ((error = cw__jw_finish(&jw)) == 0)
			error = cw__buf_putc(&buf, '\n');
		break;
	case CW_HEALTH_FORMAT_MARKDOWN: error = f->markdown(&buf, report); break;
	case CW_HEALTH_FORMAT_HTML: error = f->html(&buf, report); break;
	default: error = f->table(&buf, report); break;
	}
	if (error < 0) {
		cw__buf_free(&buf);
		return error;
	}
	*out = cw__buf_detach(&buf);
	return 0;
}

static void report_json(cw_jw *jw, const void *r) { cw__health_json(jw, r); }
static int report_markdown(cw_buf *out, const void *r) { return format_markdown(out, r); }
static int report_html(cw_buf *out, const void *r) { return format_html(out, r); }
static int report_table(cw_buf *out, const void *r) { return format_table(out, r); }

int cw_health_report_format(char **out, const cw_health_report *r, cw_health_format format)
{
	static const cw__health_formats formats = { report_json, report_markdown, report_html, report_table };
	return cw__health_format(out, r, format, &formats);
}
