/*
 * vector.c - the CVSS vector string: version detection, tokenizing and
 * strict validation, normalized printing, metric access, severity ratings.
 *
 * Vector grammar of every version: METRIC ':' VALUE joined by '/', after a
 * prefix "CVSS:<major>.<minor>/" (v3.0, v3.1, v4.0; v2.0 vectors have none).
 * The rules differ per version only in data (cvss__spec: the metric table
 * and whether the order is fixed), so this file holds one validator:
 *   - v2.0 (FIRST CVSS v2 Complete Guide, 2.4): no prefix, metrics in the
 *     guide's order, base metrics mandatory.
 *   - v3.0 / v3.1 (specification section 6): prefix first, every base metric
 *     exactly once, other metrics optional, any order ("X" = Not Defined).
 *   - v4.0 (specification section 7): prefix first, base metrics mandatory,
 *     all metrics in the specification's fixed order, none repeated.
 * Values are case-sensitive in every version.
 */
#include "cvss/cvss_internal.h"
#include "util/error.h"

#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Read spec->notation ("AV:[N,A,L,P]/AC:[L,H]/... | E:[X,U,P,F,H]/...")
 * into spec->metrics; false if it is malformed or has not spec->count
 * metrics. */
static bool read_notation(const cw__cvss_spec *spec)
{
	const char *p = spec->notation;
	uint8_t group = CW__CVSS_BASE;
	int n;

	for (n = 0; *p; n++) {
		cw__cvss_metric *m = &spec->metrics[n];
		size_t len = strcspn(p, ":");
		if (n == spec->count || len == 0 || len >= sizeof(m->name) || strncmp(p + len, ":[", 2))
			return false;
		memcpy(m->name, p, len);
		m->group = group;
		m->nvalues = 0;
		p += len + 2;
		do {
			len = strcspn(p, ",]");
			if (m->nvalues == CW__CVSS_MAX_VALUES || len == 0 || len >= sizeof(m->values[0]) ||
			    !p[len])
				return false;
			memcpy(m->values[m->nvalues++], p, len);
			p += len + 1;
		} while (p[-1] == ',');
		if (strncmp(p, " | ", 3) == 0 && group < CW__CVSS_SUPPLEMENTAL) {
			group++;
			p += 3;
		} else if (*p == '/') {
			p++;
		} else if (*p) {
			return false;
		}
	}
	return n == spec->count;
}

static pthread_once_t notations_once = PTHREAD_ONCE_INIT;
static bool notations_read;

static void read_notations(void)
{
	notations_read = read_notation(&cw__cvss2_spec) && read_notation(&cw__cvss30_spec) &&
	                 read_notation(&cw__cvss31_spec) && read_notation(&cw__cvss40_spec);
}

/* Whether every version's metric table is read from its notation (once). */
static bool tables_ready(void)
{
	pthread_once(&notations_once, read_notations);
	return notations_read;
}

const cw__cvss_spec *cw__cvss_spec_of(cw_cvss_version version)
{
	if (!tables_ready())
		return NULL;
	switch (version) {
	case CW_CVSS_V2_0: return &cw__cvss2_spec;
	case CW_CVSS_V3_0: return &cw__cvss30_spec;
	case CW_CVSS_V3_1: return &cw__cvss31_spec;
	case CW_CVSS_V4_0: return &cw__cvss40_spec;
	}
	return NULL;
}

const char *cw_cvss_version_name(cw_cvss_version version)
{
	switch (version) {
	case CW_CVSS_V2_0: return "2.0";
	case CW_CVSS_V3_0: return "3.0";
	case CW_CVSS_V3_1: return "3.1";
	case CW_CVSS_V4_0: return "4.0";
	}
	return "unknown";
}

/* A token of untrusted input, made printable and short for a message. */
static const char *shown(char *buf, size_t size, const char *s, size_t len)
{
	size_t i, n = 0;
	for (i = 0; i < len && n + 4 < size; i++)
		buf[n++] = (s[i] >= 0x20 && s[i] < 0x7f) ? s[i] : '?';
	if (i < len) {
		buf[n++] = '.';
		buf[n++] = '.';
		buf[n++] = '.';
	}
	buf[n] = '\0';
	return buf;
}

static int fail(const cw__cvss_spec *spec, size_t column, const char *fmt, ...)
	CW_PRINTF(3, 4);

static int fail(const cw__cvss_spec *spec, size_t column, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return cw__error_set(CW_EINVALID, "invalid CVSS v%s vector at column %zu: %s",
	                     cw_cvss_version_name(spec->version), column, msg);
}

static bool name_is(const char *name, const char *s, size_t len)
{
	/* `s` is untrusted and may hold NUL bytes: compare lengths first */
	return strnlen(name, len + 1) == len && memcmp(name, s, len) == 0;
}

/* Index of metric `name`; the search starts at `hint` (the slot after the
 * previous metric), so a vector in specification order costs one compare
 * per metric. */
static int find_metric(const cw__cvss_spec *spec, const char *name, size_t len, int hint)
{
	if (hint < 0 || hint >= spec->count)
		hint = 0;
	for (int k = 0; k < spec->count; k++) {
		int i = (hint + k) % spec->count;
		if (name_is(spec->metrics[i].name, name, len))
			return i;
	}
	return -1;
}

static void expected_values(char *buf, size_t size, const cw__cvss_metric *m)
{
	size_t n = 0;
	buf[0] = '\0';
	for (int i = 0; i < m->nvalues && n < size; i++)
		n += (size_t)snprintf(buf + n, size - n, "%s%s", i ? ", " : "", m->values[i]);
}

int cw__cvss_tokenize(cw_cvss *out, const cw__cvss_spec *spec,
                      const char *s, size_t len, size_t column0)
{
	char tok[40], tok2[40], list[96];
	size_t pos = 0, cols[CW_CVSS_MAX_METRICS] = { 0 };
	int last = -1;

	if (!tables_ready())
		return cw__error_set(CW_EINTERNAL, "CVSS metric tables: malformed notation");
	memset(out, 0, sizeof(*out));
	out->version = spec->version;
	out->count = spec->count;

	if (len == 0)
		return fail(spec, column0 + 1, "no metrics after the prefix '%s'", spec->prefix);

	while (pos <= len) {
		size_t start = pos, colon = (size_t)-1, end;
		size_t column = column0 + start + 1;
		int idx, v;
		const cw__cvss_metric *m;

		while (pos < len && s[pos] != '/') {
			if (s[pos] == ':' && colon == (size_t)-1)
				colon = pos;
			pos++;
		}
		end = pos;
		if (end == start)
			return fail(spec, column, "empty metric (%s)",
			            end == len ? "trailing '/'" : "'//'");
		if (colon == (size_t)-1)
			return fail(spec, column, "'%s' is not METRIC:VALUE",
			            shown(tok, sizeof(tok), s + start, end - start));
		idx = find_metric(spec, s + start, colon - start, last + 1);
		if (idx < 0)
			return fail(spec, column, "unknown metric '%s'%s",
			            shown(tok, sizeof(tok), s + start, colon - start),
			            spec->version == CW_CVSS_V2_0
			                ? " (a vector without a 'CVSS:3.1/' or 'CVSS:4.0/' prefix is read as v2.0)"
			                : "");
		m = &spec->metrics[idx];
		if (out->values[idx])
			return fail(spec, column, "metric '%s' appears twice (first at column %zu)",
			            m->name, cols[idx]);
		if (spec->fixed_order && idx < last)
			return fail(spec, column, "metric '%s' is out of order: it must come before '%s'",
			            m->name, spec->metrics[last].name);
		for (v = 0; v < m->nvalues; v++)
			if (name_is(m->values[v], s + colon + 1, end - colon - 1))
				break;
		if (v == m->nvalues) {
			expected_values(list, sizeof(list), m);
			return fail(spec, column + (colon - start) + 1,
			            "unknown value '%s' for metric '%s' (expected one of %s)",
			            shown(tok2, sizeof(tok2), s + colon + 1, end - colon - 1),
			            m->name, list);
		}
		out->values[idx] = (uint8_t)(v + 1);
		cols[idx] = column;
		last = idx;
		pos = end + 1;
	}

	for (int i = 0; i < spec->count; i++)
		if (spec->metrics[i].group == CW__CVSS_BASE && !out->values[i])
			return fail(spec, column0 + len + 1, "missing base metric '%s'",
			            spec->metrics[i].name);
	return 0;
}

int cw_cvss_parse(cw_cvss *out, const char *vector, size_t len)
{
	static const cw__cvss_spec *const prefixed[] = {
		&cw__cvss30_spec, &cw__cvss31_spec, &cw__cvss40_spec,
	};

	if (!out || (!vector && len))
		return cw__error_set(CW_EUSAGE, "cw_cvss_parse: NULL argument");
	if (len > CW_CVSS_MAX_VECTOR)
		return cw__error_set(CW_ELIMIT, "CVSS vector too long (%zu bytes, at most %d)",
		                     len, CW_CVSS_MAX_VECTOR);
	if (len == 0)
		return cw__error_set(CW_EINVALID, "empty CVSS vector");

	if (len >= 5 && memcmp(vector, "CVSS:", 5) == 0) {
		char tok[40];
		size_t slash = 5;
		while (slash < len && vector[slash] != '/')
			slash++;
		for (size_t i = 0; i < sizeof(prefixed) / sizeof(prefixed[0]); i++) {
			const char *p = prefixed[i]->prefix;
			size_t plen = strlen(p) - 1;   /* without the '/' */
			if (slash == plen && memcmp(vector, p, plen) == 0) {
				if (slash == len)
					return cw__error_set(CW_EINVALID,
					    "invalid CVSS v%s vector: no metrics after '%.*s'",
					    cw_cvss_version_name(prefixed[i]->version), (int)plen, p);
				return cw__cvss_tokenize(out, prefixed[i], vector + slash + 1,
				                         len - slash - 1, slash + 1);
			}
		}
		return cw__error_set(CW_EINVALID,
		    "invalid CVSS vector at column 6: unsupported CVSS version '%s' "
		    "(expected CVSS:3.0, CVSS:3.1 or CVSS:4.0, or a v2.0 vector%s)",
		    shown(tok, sizeof(tok), vector + 5, slash - 5),
		    slash == 8 && memcmp(vector + 5, "2.0", 3) == 0
		        ? ", which has no prefix: drop 'CVSS:2.0/'" : " without prefix");
	}
	return cw__cvss_tokenize(out, &cw__cvss2_spec, vector, len, 0);
}

int cw_cvss_parse_str(cw_cvss *out, const char *vector)
{
	return cw_cvss_parse(out, vector, vector ? strlen(vector) : 0);
}

const char *cw_cvss_get(const cw_cvss *cvss, const char *metric)
{
	const cw__cvss_spec *spec = cvss ? cw__cvss_spec_of(cvss->version) : NULL;
	int idx;
	if (!spec || !metric || (idx = find_metric(spec, metric, strlen(metric), 0)) < 0)
		return NULL;
	if (!cvss->values[idx])
		return spec->metrics[idx].group == CW__CVSS_BASE ? NULL : spec->metrics[idx].values[0];
	if (cvss->values[idx] > spec->metrics[idx].nvalues)
		return NULL;
	return spec->metrics[idx].values[cvss->values[idx] - 1];
}

int cw_cvss_format(char *buf, size_t size, const cw_cvss *cvss)
{
	const cw__cvss_spec *spec = cvss ? cw__cvss_spec_of(cvss->version) : NULL;
	size_t n;
	if (!spec || !buf)
		return cw__error_set(CW_EUSAGE, "cw_cvss_format: not a parsed CVSS vector");
	n = strlen(spec->prefix);
	if (n >= size)
		goto too_small;
	memcpy(buf, spec->prefix, n);
	for (int i = 0; i < spec->count; i++) {
		const cw__cvss_metric *m = &spec->metrics[i];
		unsigned v = cvss->values[i];
		size_t need;
		if (!v || v > m->nvalues || (m->group != CW__CVSS_BASE && v == 1))
			continue;
		need = strlen(m->name) + 1 + strlen(m->values[v - 1]) + 1;
		if (n + need >= size)
			goto too_small;
		n += (size_t)snprintf(buf + n, size - n, "%s%s:%s",
		                      (n > 0 && buf[n - 1] != '/') ? "/" : "", m->name, m->values[v - 1]);
	}
	buf[n] = '\0';
	return (int)n;
too_small:
	if (size)
		buf[0] = '\0';
	return cw__error_set(CW_ELIMIT, "cw_cvss_format: buffer of %zu bytes too small", size);
}

bool cw__cvss_group_defined(const cw_cvss *cvss, const cw__cvss_spec *spec, int group)
{
	for (int i = 0; i < spec->count; i++)
		if (spec->metrics[i].group == group && cvss->values[i] > 1)
			return true;
	return false;
}

double cw__cvss_js_round(double x)
{
	double f = floor(x);
	return (x - f >= 0.5) ? f + 1.0 : f;
}

double cw__cvss_round1(double x)
{
	return cw__cvss_js_round(x * 10.0) / 10.0;
}

cw_cvss_severity cw_cvss_severity_of(cw_cvss_version version, double score)
{
	/* Compare in tenths: scores are multiples of 0.1 up to rounding. */
	long t = lround(score * 10.0);
	if (version == CW_CVSS_V2_0)
		return t < 40 ? CW_CVSS_SEVERITY_LOW : t < 70 ? CW_CVSS_SEVERITY_MEDIUM
		                                             : CW_CVSS_SEVERITY_HIGH;
	if (t <= 0)
		return CW_CVSS_SEVERITY_NONE;
	if (t < 40)
		return CW_CVSS_SEVERITY_LOW;
	if (t < 70)
		return CW_CVSS_SEVERITY_MEDIUM;
	if (t < 90)
		return CW_CVSS_SEVERITY_HIGH;
	return CW_CVSS_SEVERITY_CRITICAL;
}

const char *cw_cvss_severity_name(cw_cvss_severity severity)
{
	static const char *const names[] = { "None", "Low", "Medium", "High", "Critical" };
	return (unsigned)severity < 5 ? names[severity] : "unknown";
}

int cw_cvss_score(cw_cvss_scores *out, const cw_cvss *cvss)
{
	const cw__cvss_spec *spec = cvss ? cw__cvss_spec_of(cvss->version) : NULL;
	if (!out)
		return cw__error_set(CW_EUSAGE, "cw_cvss_score: NULL output");
	memset(out, 0, sizeof(*out));
	if (!spec || cvss->count != spec->count)
		return cw__error_set(CW_EINVALID, "cw_cvss_score: not a parsed CVSS vector");
	for (int i = 0; i < spec->count; i++)
		if (cvss->values[i] > spec->metrics[i].nvalues ||
		    (spec->metrics[i].group == CW__CVSS_BASE && !cvss->values[i]))
			return cw__error_set(CW_EINVALID, "cw_cvss_score: not a parsed CVSS vector");
	out->version = cvss->version;
	out->has_temporal = cw__cvss_group_defined(cvss, spec, CW__CVSS_TEMPORAL);
	out->has_environmental = cw__cvss_group_defined(cvss, spec, CW__CVSS_ENVIRONMENTAL);
	return spec->score(out, cvss);
}
