/*
 * compare.c - several health reports side by side, best overall score
 * first: a table (one column per project), JSON ("chainwarden-health-
 * compare/1": the ranking plus each full report), Markdown, or an HTML page
 * with a bar per check and project (CSS bars, no script, no external file).
 */
#include "health/health_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/error.h"

static const char *project_name(const cw_health_report *r)
{
	return r->stats.url ? r->stats.url : r->stats.path;
}

static int by_score(const void *a, const void *b)
{
	const cw_health_report *x = *(const cw_health_report *const *)a;
	const cw_health_report *y = *(const cw_health_report *const *)b;
	if (x->score != y->score)
		return x->score < y->score ? 1 : -1;
	return strcmp(project_name(x), project_name(y));
}

/* A row per check with each project's score, aligned text or Markdown. */
static void check_rows(cw_buf *out, const cw_health_report *const *r, size_t n, bool md)
{
	char s[16];
	for (size_t c = 0; c < CW_HC_COUNT; c++) {
		cw__buf_printf(out, md ? "| %s |" : "%-24s", cw__hc_defs[c].name);
		for (size_t i = 0; i < n; i++) {
			cw__health_score_text(s, sizeof(s), r[i]->checks[c].score);
			cw__buf_printf(out, md ? " %s |" : " %5s", s);
		}
		cw__buf_putc(out, '\n');
	}
}

static int table(cw_buf *out, const cw_health_report *const *r, size_t n)
{
	char s[16];
	cw__buf_printf(out, "%-4s %5s  %s\n", "RANK", "SCORE", "PROJECT");
	for (size_t i = 0; i < n; i++) {
		if (r[i]->score < 0)
			snprintf(s, sizeof(s), "?");
		else
			snprintf(s, sizeof(s), "%.1f", r[i]->score);
		cw__buf_printf(out, "%-4zu %5s  %s\n", i + 1, s, project_name(r[i]));
	}
	cw__buf_printf(out, "\n%-24s", "CHECK");
	for (size_t i = 0; i < n; i++)
		cw__buf_printf(out, " %4s%zu", "#", i + 1);
	cw__buf_putc(out, '\n');
	check_rows(out, r, n, false);
	return cw__buf_puts(out, "\n? = inconclusive (not counted in the score)\n");
}

static int markdown(cw_buf *out, const cw_health_report *const *r, size_t n)
{
	cw__buf_puts(out, "| Check |");
	for (size_t i = 0; i < n; i++)
		cw__buf_printf(out, " #%zu %s |", i + 1, project_name(r[i]));
	cw__buf_puts(out, "\n|---|");
	for (size_t i = 0; i < n; i++)
		cw__buf_puts(out, "---:|");
	cw__buf_puts(out, "\n| **Overall** |");
	for (size_t i = 0; i < n; i++)
		cw__buf_printf(out, " **%.1f** |", r[i]->score);
	cw__buf_putc(out, '\n');
	check_rows(out, r, n, true);
	return 0;
}

static const char *grade(double score)
{
	return score < 0 ? "na" : score >= 7 ? "good" : score >= 4 ? "fair" : "poor";
}

static int html_bar(cw_buf *out, const char *label, double score, const char *title)
{
	char s[16];
	if (score < 0)
		snprintf(s, sizeof(s), "?");
	else
		snprintf(s, sizeof(s), score == (int)score ? "%.0f" : "%.1f", score);
	cw__buf_puts(out, "<tr><td>");
	cw__health_html_escape(out, label);
	cw__buf_printf(out, "</td><td><span class=\"bar\" title=\"");
	cw__health_html_escape(out, title);
	cw__buf_printf(out, "\"><span class=\"%s\" style=\"width:%d%%\"></span></span> %s</td></tr>\n",
	               grade(score), score < 0 ? 0 : (int)(score * 10 + 0.5), s);
	return 0;
}

static int html(cw_buf *out, const cw_health_report *const *r, size_t n)
{
	int error;
	if ((error = cw__health_html_head(out, "Project health comparison")) < 0)
		return error;
	cw__buf_puts(out, "<h1>Project health comparison</h1>\n<h2>Ranking</h2>\n<table>\n");
	for (size_t i = 0; i < n; i++) {
		char label[32];
		snprintf(label, sizeof(label), "#%zu", i + 1);
		cw__buf_printf(out, "<tr><td>%s</td><td>", label);
		cw__health_html_escape(out, project_name(r[i]));
		cw__buf_printf(out, "</td><td><span class=\"bar\"><span class=\"%s\" style=\"width:%d%%\"></span></span> %.1f</td></tr>\n",
		               grade(r[i]->score), r[i]->score < 0 ? 0 : (int)(r[i]->score * 10 + 0.5), r[i]->score);
	}
	cw__buf_puts(out, "</table>\n");
	for (size_t c = 0; c < CW_HC_COUNT; c++) {
		cw__buf_printf(out, "<h2>%s <small>(%s risk, weight %.1f)</small></h2>\n<table>\n",
		               cw__hc_defs[c].name, cw__hc_defs[c].risk, cw__hc_defs[c].weight);
		for (size_t i = 0; i < n; i++)
			html_bar(out, project_name(r[i]), r[i]->checks[c].score, r[i]->checks[c].reason);
		cw__buf_puts(out, "</table>\n");
	}
	return cw__buf_puts(out, "</body></html>\n");
}

int cw_health_compare(char **out, const cw_health_report *const *reports, size_t count,
                      cw_health_format format)
{
	const cw_health_report **r = NULL;
	cw_buf buf = CW_BUF_INIT;
	cw_jw jw;
	int error = 0;
	*out = NULL;
	if (count == 0)
		return cw__error_set(CW_EUSAGE, "nothing to compare");
	if (!(r = malloc(count * sizeof(*r))))
		return cw__error_oom();
	memcpy(r, reports, count * sizeof(*r));
	qsort(r, count, sizeof(*r), by_score);
	switch (format) {
	case CW_HEALTH_FORMAT_JSON:
		cw__jw_init(&jw, &buf, true);
		cw__jw_object_begin(&jw);
		cw__jw_member_string(&jw, "schema", "chainwarden-health-compare/1");
		cw__jw_key(&jw, "ranking");
		cw__jw_array_begin(&jw);
		for (size_t i = 0; i < count; i++) {
			cw__jw_object_begin(&jw);
			cw__jw_member_int(&jw, "rank", (int64_t)i + 1);
			cw__jw_member_string(&jw, "repository", project_name(r[i]));
			cw__jw_key(&jw, "score");
			cw__jw_double(&jw, r[i]->score, 1);
			cw__jw_object_end(&jw);
		}
		cw__jw_array_end(&jw);
		cw__jw_key(&jw, "reports");
		cw__jw_array_begin(&jw);
		for (size_t i = 0; i < count; i++)
			cw__health_json(&jw, r[i]);
		cw__jw_array_end(&jw);
		cw__jw_object_end(&jw);
		if ((error = cw__jw_finish(&jw)) == 0)
			error = cw__buf_putc(&buf, '\n');
		break;
	case CW_HEALTH_FORMAT_MARKDOWN: error = markdown(&buf, r, count); break;
	case CW_HEALTH_FORMAT_HTML: error = html(&buf, r, count); break;
	default: error = table(&buf, r, count); break;
	}
	free(r);
	if (error < 0) {
		cw__buf_free(&buf);
		return error;
	}
	*out = cw__buf_detach(&buf);
	return 0;
}
