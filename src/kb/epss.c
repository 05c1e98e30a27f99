/*
 * epss.c - FIRST EPSS daily scores (https://www.first.org/epss/data_stats).
 *
 * Format: CSV, plain or gzip, as published daily (epss_scores-YYYY-MM-DD.csv.gz):
 *     #model_version:v2023.03.01,score_date:2023-03-26T00:00:00+0000
 *     cve,epss,percentile
 *     CVE-1999-0001,0.01025,0.83067
 * The comment line is optional (older files have none).  A bad row is
 * skipped with a warning and counted.  Loading replaces the KB's EPSS data.
 */
#include "kb/kb_internal.h"
#include "util/error.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Copy the value of `key:` from the comment line into out ("" if absent). */
static void comment_value(const char *line, size_t len, const char *key, char *out, size_t cap)
{
	size_t klen = strlen(key);
	out[0] = '\0';
	for (size_t i = 0; i + klen < len; i++) {
		if ((i == 0 || line[i - 1] == '#' || line[i - 1] == ',') &&
		    strncmp(line + i, key, klen) == 0 && line[i + klen] == ':') {
			size_t start = i + klen + 1, end = start;
			while (end < len && line[end] != ',')
				end++;
			if (end - start >= cap)
				end = start + cap - 1;
			memcpy(out, line + start, end - start);
			out[end - start] = '\0';
			return;
		}
	}
}

static bool parse_prob(const char *s, size_t len, double *out)
{
	char tmp[64], *end;
	if (len == 0 || len >= sizeof(tmp))
		return false;
	memcpy(tmp, s, len);
	tmp[len] = '\0';
	errno = 0;
	*out = strtod(tmp, &end);
	return errno == 0 && *end == '\0' && isfinite(*out) && *out >= 0.0 && *out <= 1.0;
}

static int row(cw_kb_builder *b, const char *line, size_t len, size_t lineno)
{
	const char *c1 = memchr(line, ',', len), *c2;
	sqlite3_stmt *st = b->st[ST_EPSS];
	double score, pct;
	char label[48];

	b->src_records++;
	snprintf(label, sizeof(label), "line %zu", lineno);
	if (!c1 || !(c2 = memchr(c1 + 1, ',', len - (size_t)(c1 + 1 - line))))
		return cw__kb_malformed(b, label, "expected cve,epss,percentile");
	if (!cw__kb_is_cve(line, (size_t)(c1 - line)))
		return cw__kb_malformed(b, label, "first field is not a CVE id");
	if (!parse_prob(c1 + 1, (size_t)(c2 - c1 - 1), &score) ||
	    !parse_prob(c2 + 1, len - (size_t)(c2 + 1 - line), &pct))
		return cw__kb_malformed(b, label, "epss or percentile is not a number in [0, 1]");
	sqlite3_bind_text(st, 1, line, (int)(c1 - line), SQLITE_STATIC);
	sqlite3_bind_double(st, 2, score);
	sqlite3_bind_double(st, 3, pct);
	b->stats.epss++;
	return cw__kb_step_done(b, st);
}

int cw_kb_builder_add_epss(cw_kb_builder *b, const char *path)
{
	cw_buf data = CW_BUF_INIT;
	char model[64] = "", date[64] = "";
	size_t pos = 0, lineno = 0;
	bool header = false;
	int error;

	cw__kb_source_begin(b, "epss", path);
	if ((error = cw__kb_read_maybe_gz(&data, path, CW_KB_DOCUMENT_MAX)) < 0)
		goto done;
	if ((error = cw__kb_exec(b->db, "DELETE FROM epss")) < 0)
		goto done;
	while (pos < data.len) {
		const char *line = data.ptr + pos;
		const char *nl = memchr(line, '\n', data.len - pos);
		size_t len = nl ? (size_t)(nl - line) : data.len - pos;
		pos += len + (nl ? 1 : 0);
		lineno++;
		if (len && line[len - 1] == '\r')
			len--;
		if (len == 0)
			continue;
		if (line[0] == '#') {
			comment_value(line + 1, len - 1, "model_version", model, sizeof(model));
			comment_value(line + 1, len - 1, "score_date", date, sizeof(date));
			continue;
		}
		if (!header) {
			if (len < 3 || strncmp(line, "cve", 3) != 0) {
				error = cw__error_set_at(CW_EINVALID, path, lineno, 1,
				                         "expected the header 'cve,epss,percentile'");
				goto done;
			}
			header = true;
			continue;
		}
		if ((error = row(b, line, len, lineno)) < 0)
			goto done;
	}
	if (!header) {
		error = cw__error_set(CW_EINVALID, "%s: not an EPSS CSV (no header line)", path);
		goto done;
	}
	if ((model[0] && (error = cw__kb_meta_set(b->db, "epss_model_version", model)) < 0) ||
	    (date[0] && (error = cw__kb_meta_set(b->db, "epss_score_date", date)) < 0))
		goto done;
	error = cw__kb_source_end(b, "epss", path);
done:
	cw__buf_free(&data);
	return error;
}
