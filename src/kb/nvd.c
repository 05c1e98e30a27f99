/*
 * nvd.c - the NVD CVE API 2.0 parser.
 *
 * Spec: https://nvd.nist.gov/developers/vulnerabilities (CVE API 2.0,
 * schema cve_api_json_2.0).  Accepted documents: an API response page or a
 * yearly feed file ({..., "vulnerabilities": [{"cve": {...}}]}), or one bare
 * `cve` object.  Stored per record: id, status, dates, the English
 * description, every CVSS metric (cvssMetricV2, V30, V31, V40; the v2
 * severity sits beside cvssData), CWEs, CPE 2.3 match criteria with their
 * version ranges (one row per cpeMatch, with its configuration and node
 * number), references, and the whole record compressed.
 *
 * A record is checked before it is written; a malformed one is skipped
 * with a warning and counted.  Incremental builds compare `lastModified`.
 */
#include "kb/kb_internal.h"
#include "util/error.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static bool valid_record(const json_t *cve, const char **why)
{
	const char *id = cw__json_get_str(cve, "id");
	json_t *configs, *cfg, *node, *m, *nodes, *matches;
	size_t i, j, k;

	if (!json_is_object(cve))
		return (*why = "\"cve\" is not an object"), false;
	if (!id || !cw__kb_is_cve(id, strlen(id)))
		return (*why = "missing or invalid \"id\""), false;
	if (!cw__json_get_str(cve, "lastModified"))
		return (*why = "missing \"lastModified\""), false;
	configs = json_object_get(cve, "configurations");
	if (configs && !json_is_array(configs))
		return (*why = "\"configurations\" is not an array"), false;
	json_array_foreach(configs, i, cfg) {
		nodes = json_object_get(cfg, "nodes");
		if (!json_is_array(nodes))
			return (*why = "a configuration has no \"nodes\" array"), false;
		json_array_foreach(nodes, j, node) {
			matches = json_object_get(node, "cpeMatch");
			if (matches && !json_is_array(matches))
				return (*why = "\"cpeMatch\" is not an array"), false;
			json_array_foreach(matches, k, m)
				if (!json_is_string(json_object_get(m, "criteria")))
					return (*why = "a cpeMatch has no string \"criteria\""), false;
		}
	}
	return true;
}

static const char *english_description(const json_t *cve)
{
	size_t i;
	json_t *d;
	const char *first = NULL;
	json_array_foreach(json_object_get(cve, "descriptions"), i, d) {
		const char *lang = cw__json_get_str(d, "lang"), *value = cw__json_get_str(d, "value");
		if (!value)
			continue;
		if (lang && strcmp(lang, "en") == 0)
			return value;
		if (!first)
			first = value;
	}
	return first;
}

static int insert_metrics(cw_kb_builder *b, int64_t nvd, const json_t *metrics)
{
	const char *key;
	json_t *list;
	int error;
	json_object_foreach((json_t *)metrics, key, list) {
		size_t i;
		json_t *m;
		if (strncmp(key, "cvssMetricV", 11) != 0 || !json_is_array(list))
			continue;
		json_array_foreach(list, i, m) {
			sqlite3_stmt *st = b->st[ST_NVD_METRIC];
			json_t *data = json_object_get(m, "cvssData"), *score;
			const char *sev = cw__json_get_str(data, "baseSeverity");
			if (!json_is_object(data))
				continue;
			if (!sev)
				sev = cw__json_get_str(m, "baseSeverity");
			score = json_object_get(data, "baseScore");
			sqlite3_bind_int64(st, 1, nvd);
			cw__kb_bind_text(st, 2, cw__json_get_str(data, "version"));
			cw__kb_bind_text(st, 3, cw__json_get_str(m, "source"));
			cw__kb_bind_text(st, 4, cw__json_get_str(m, "type"));
			cw__kb_bind_text(st, 5, cw__json_get_str(data, "vectorString"));
			if (json_is_number(score))
				sqlite3_bind_double(st, 6, json_number_value(score));
			cw__kb_bind_text(st, 7, sev);
			if ((error = cw__kb_step_done(b, st)) < 0)
				return error;
		}
	}
	return 0;
}

static int insert_cwes(cw_kb_builder *b, int64_t nvd, const json_t *cve)
{
	size_t i, j;
	json_t *w, *d;
	int error;
	json_array_foreach(json_object_get(cve, "weaknesses"), i, w) {
		json_array_foreach(json_object_get(w, "description"), j, d) {
			sqlite3_stmt *st = b->st[ST_NVD_CWE];
			const char *value = cw__json_get_str(d, "value");
			if (!value)
				continue;
			sqlite3_bind_int64(st, 1, nvd);
			cw__kb_bind_text(st, 2, cw__json_get_str(w, "source"));
			sqlite3_bind_text(st, 3, value, -1, SQLITE_STATIC);
			if ((error = cw__kb_step_done(b, st)) < 0)
				return error;
		}
	}
	return 0;
}

/* Bind CPE 2.3 formatted-string component `n` (0 = part) of `criteria`. */
static void bind_component(sqlite3_stmt *st, int col, const char *criteria, int n)
{
	const char *p = criteria;
	/* skip "cpe:2.3:" then n components; '\' escapes a ':' */
	for (int skip = n + 2; skip > 0 && *p; p++)
		if (*p == '\\' && p[1])
			p++;
		else if (*p == ':')
			skip--;
	if (!*p) {
		sqlite3_bind_null(st, col);
		return;
	}
	const char *end = p;
	while (*end && *end != ':') {
		if (*end == '\\' && end[1])
			end++;
		end++;
	}
	sqlite3_bind_text(st, col, p, (int)(end - p), SQLITE_TRANSIENT);
}

static int insert_cpes(cw_kb_builder *b, int64_t nvd, const json_t *cve)
{
	size_t i, j, k;
	json_t *cfg, *node, *m;
	int error;
	json_array_foreach(json_object_get(cve, "configurations"), i, cfg) {
		json_array_foreach(json_object_get(cfg, "nodes"), j, node) {
			json_array_foreach(json_object_get(node, "cpeMatch"), k, m) {
				sqlite3_stmt *st = b->st[ST_NVD_CPE];
				const char *criteria = cw__json_get_str(m, "criteria");
				sqlite3_bind_int64(st, 1, nvd);
				sqlite3_bind_int64(st, 2, (int64_t)i);
				sqlite3_bind_int64(st, 3, (int64_t)j);
				cw__kb_bind_text(st, 4, cw__json_get_str(node, "operator"));
				sqlite3_bind_int(st, 5, json_is_true(json_object_get(node, "negate")));
				sqlite3_bind_int(st, 6, json_is_true(json_object_get(m, "vulnerable")));
				cw__kb_bind_text(st, 7, criteria);
				cw__kb_bind_text(st, 8, cw__json_get_str(m, "matchCriteriaId"));
				if (strncmp(criteria, "cpe:2.3:", 8) == 0) {
					bind_component(st, 9, criteria, 0);
					bind_component(st, 10, criteria, 1);
					bind_component(st, 11, criteria, 2);
					bind_component(st, 12, criteria, 3);
					bind_component(st, 13, criteria, 4);
				}
				cw__kb_bind_text(st, 14, cw__json_get_str(m, "versionStartIncluding"));
				cw__kb_bind_text(st, 15, cw__json_get_str(m, "versionStartExcluding"));
				cw__kb_bind_text(st, 16, cw__json_get_str(m, "versionEndIncluding"));
				cw__kb_bind_text(st, 17, cw__json_get_str(m, "versionEndExcluding"));
				if ((error = cw__kb_step_done(b, st)) < 0)
					return error;
			}
		}
	}
	return 0;
}

static int insert_refs(cw_kb_builder *b, int64_t nvd, const json_t *cve)
{
	size_t i;
	json_t *r;
	int error;
	json_array_foreach(json_object_get(cve, "references"), i, r) {
		sqlite3_stmt *st = b->st[ST_NVD_REF];
		json_t *tags = json_object_get(r, "tags");
		if (!cw__json_get_str(r, "url"))
			continue;
		sqlite3_bind_int64(st, 1, nvd);
		cw__kb_bind_text(st, 2, cw__json_get_str(r, "url"));
		cw__kb_bind_text(st, 3, cw__json_get_str(r, "source"));
		if (json_is_array(tags) && json_array_size(tags)) {
			char *text = json_dumps(tags, JSON_COMPACT);
			if (!text)
				return cw__error_oom();
			sqlite3_bind_text(st, 4, text, -1, free);
		}
		if ((error = cw__kb_step_done(b, st)) < 0)
			return error;
	}
	return 0;
}

/* 1: write the record; 0: unchanged. */
static int check_existing(cw_kb_builder *b, const char *id, const char *modified)
{
	sqlite3_stmt *st = b->st[ST_NVD_LOOKUP];
	int64_t old = 0;
	bool same = false;
	char sql[512];

	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		const char *m = (const char *)sqlite3_column_text(st, 1);
		old = sqlite3_column_int64(st, 0);
		same = m && strcmp(m, modified) == 0;
	}
	sqlite3_reset(st);
	if (!old) {
		b->stats.added++;
		return 1;
	}
	if (same) {
		b->stats.unchanged++;
		return 0;
	}
	b->stats.updated++;
	snprintf(sql, sizeof(sql),
	         "DELETE FROM nvd_metrics WHERE nvd = %1$lld; DELETE FROM nvd_cwes WHERE nvd = %1$lld;"
	         "DELETE FROM nvd_cpes WHERE nvd = %1$lld; DELETE FROM nvd_refs WHERE nvd = %1$lld;"
	         "DELETE FROM nvd WHERE id = %1$lld;", (long long)old);
	return cw__kb_exec(b->db, sql) < 0 ? CW_EIO : 1;
}

static int ingest_cve(cw_kb_builder *b, const json_t *cve, const char *label)
{
	sqlite3_stmt *st = b->st[ST_NVD_INSERT];
	const char *why = NULL, *id;
	char *raw = NULL;
	int64_t nvd;
	int error;

	b->src_records++;
	if (!valid_record(cve, &why)) {
		id = cw__json_get_str(cve, "id");
		return cw__kb_malformed(b, id && *id ? id : label, why);
	}
	id = cw__json_get_str(cve, "id");
	if ((error = check_existing(b, id, cw__json_get_str(cve, "lastModified"))) <= 0)
		return error;
	if (!(raw = json_dumps(cve, JSON_COMPACT)))
		return cw__error_oom();
	error = cw__kb_compress(b, raw, strlen(raw));
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	cw__kb_bind_text(st, 2, cw__json_get_str(cve, "sourceIdentifier"));
	cw__kb_bind_text(st, 3, cw__json_get_str(cve, "published"));
	cw__kb_bind_text(st, 4, cw__json_get_str(cve, "lastModified"));
	cw__kb_bind_text(st, 5, cw__json_get_str(cve, "vulnStatus"));
	cw__kb_bind_text(st, 6, english_description(cve));
	sqlite3_bind_blob(st, 7, b->zbuf.ptr, (int)b->zbuf.len, SQLITE_STATIC);
	sqlite3_bind_int64(st, 8, (int64_t)strlen(raw));
	sqlite3_bind_int64(st, 9, b->generation);
	if (error < 0 || (error = cw__kb_step_done(b, st)) < 0)
		goto done;
	nvd = sqlite3_last_insert_rowid(b->db);
	if ((error = insert_metrics(b, nvd, json_object_get(cve, "metrics"))) < 0 ||
	    (error = insert_cwes(b, nvd, cve)) < 0 || (error = insert_cpes(b, nvd, cve)) < 0 ||
	    (error = insert_refs(b, nvd, cve)) < 0)
		goto done;
done:
	free(raw);
	return error;
}

int cw__kb_nvd_ingest(cw_kb_builder *b, const char *data, size_t len, const char *label)
{
	json_t *root = NULL, *vulns, *v;
	size_t i;
	int error = 0;

	if ((error = cw__json_parse(&root, data, len, label)) < 0)
		return error;
	vulns = json_object_get(root, "vulnerabilities");
	if (json_is_array(vulns)) {
		json_array_foreach(vulns, i, v) {
			char item[64];
			snprintf(item, sizeof(item), "vulnerabilities[%zu]", i);
			if ((error = ingest_cve(b, json_object_get(v, "cve"), item)) < 0)
				break;
		}
	} else if (json_is_object(root) && json_object_get(root, "descriptions")) {
		error = ingest_cve(b, root, label);
	} else {
		error = cw__error_set(CW_EINVALID, "%s: not NVD CVE API 2.0 JSON (no \"vulnerabilities\")",
		                      label);
	}
	json_decref(root);
	return error;
}

typedef struct {
	cw_kb_builder *b;
} nvd_walk;

static int nvd_entry(void *ctx, const char *name, const char *data, size_t len,
                     const cw__kb_packed *packed)
{
	nvd_walk *w = ctx;
	int error = cw__kb_nvd_ingest(w->b, data, len, name);
	(void)packed;
	/* In a directory, one unreadable file is a malformed input, not fatal. */
	if (error == CW_EINVALID)
		error = cw__kb_malformed(w->b, name, cw_error_last()->message);
	return error;
}

int cw_kb_builder_add_nvd(cw_kb_builder *b, const char *path)
{
	cw_buf data = CW_BUF_INIT;
	nvd_walk w = { b };
	size_t len = strlen(path);
	struct stat sb;
	int error;

	cw__kb_source_begin(b, "nvd", path);
	if (stat(path, &sb) != 0)
		return cw__error_set(errno == ENOENT ? CW_ENOTFOUND : CW_EIO, "%s: %s", path,
		                     strerror(errno));
	if (S_ISDIR(sb.st_mode))
		error = cw__kb_dir_each(path, nvd_entry, &w);
	else if (len > 4 && strcmp(path + len - 4, ".zip") == 0)
		error = cw__kb_zip_each(path, nvd_entry, &w);
	else if ((error = cw__kb_read_maybe_gz(&data, path, CW_KB_DOCUMENT_MAX)) == 0)
		error = cw__kb_nvd_ingest(b, data.ptr ? data.ptr : "", data.len, path);
	cw__buf_free(&data);
	if (error < 0)
		return error;
	return cw__kb_source_end(b, "nvd", path);
}

int cw_kb_builder_add_nvd_data(cw_kb_builder *b, const char *data, size_t len, const char *label)
{
	return cw__kb_nvd_ingest(b, data, len, label ? label : "<nvd>");
}
