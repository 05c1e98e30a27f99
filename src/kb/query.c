/*
 * query.c - reading a KB: open, `db info`, `db show`, `db search`, raw
 * records.  Every query builds a JSON document (jansson) first; the text
 * form is rendered from that document (render.c), so both always agree.
 *
 * `show` resolves the id to its alias group (id_groups) and returns every
 * OSV advisory in the group rebuilt from the KB tables (the form the
 * matcher sees, not the stored original), the NVD records, KEV entries and
 * EPSS scores.
 */
#include "kb/kb_query.h"
#include "util/error.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

int cw_kb_default_path(char **out, const char *explicit_path)
{
	const char *env = getenv("CHAINWARDEN_KB"), *xdg = getenv("XDG_DATA_HOME");
	const char *home = getenv("HOME");
	char *path;
	size_t n;

	*out = NULL;
	if (explicit_path && *explicit_path)
		return (*out = cw__kb_strdup(explicit_path)) ? 0 : cw__error_oom();
	if (env && *env)
		return (*out = cw__kb_strdup(env)) ? 0 : cw__error_oom();
	if (xdg && xdg[0] == '/') {
		n = strlen(xdg) + 32;
		if (!(path = malloc(n)))
			return cw__error_oom();
		snprintf(path, n, "%s/chainwarden/kb.sqlite", xdg);
	} else if (home && *home) {
		n = strlen(home) + 48;
		if (!(path = malloc(n)))
			return cw__error_oom();
		snprintf(path, n, "%s/.local/share/chainwarden/kb.sqlite", home);
	} else {
		return cw__error_set(CW_EUSAGE, "no KB location: set CHAINWARDEN_KB or HOME, or pass --kb");
	}
	*out = path;
	return 0;
}

int cw_kb_open(cw_kb **out, const char *path)
{
	struct stat sb;
	cw_kb *kb;
	int error = 0;

	*out = NULL;
	if (stat(path, &sb) != 0)
		return cw__error_set(errno == ENOENT ? CW_ENOTFOUND : CW_EIO,
		                     "%s: no KB here (%s); build one with 'chainwarden db build' "
		                     "or 'chainwarden db update'", path, strerror(errno));
	if (!(kb = calloc(1, sizeof(*kb))) || !(kb->path = cw__kb_strdup(path))) {
		free(kb);
		return cw__error_oom();
	}
	if (sqlite3_open_v2(path, &kb->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) !=
	    SQLITE_OK) {
		error = cw__kb_sql_error(kb->db, path);
		goto done;
	}
	sqlite3_busy_timeout(kb->db, 5000);
	if ((error = cw__kb_schema_check(kb->db)) < 0) {
		if (strstr(cw_error_last()->message, "file is not a database") ||
		    cw_error_last()->code == CW_EINVALID)
			error = cw__error_set(CW_EINVALID, "%s: not a chainwarden KB", path);
		else
			cw__error_prefix("%s", path);
	}
done:
	if (error < 0)
		cw_kb_free(kb);
	else
		*out = kb;
	return error;
}

void cw_kb_free(cw_kb *kb)
{
	if (!kb)
		return;
	sqlite3_close(kb->db);
	free(kb->path);
	free(kb);
}

/* ---- helpers ------------------------------------------------------------ */

int cw__kb_prepare(cw_kb *kb, sqlite3_stmt **st, const char *sql)
{
	if (sqlite3_prepare_v2(kb->db, sql, -1, st, NULL) != SQLITE_OK)
		return cw__kb_sql_error(kb->db, "query");
	return 0;
}

void cw__kb_set_col(json_t *obj, const char *key, sqlite3_stmt *st, int col)
{
	switch (sqlite3_column_type(st, col)) {
	case SQLITE_INTEGER:
		json_object_set_new(obj, key, json_integer(sqlite3_column_int64(st, col)));
		break;
	case SQLITE_FLOAT:
		json_object_set_new(obj, key, json_real(sqlite3_column_double(st, col)));
		break;
	case SQLITE_TEXT:
		json_object_set_new(obj, key, json_stringn((const char *)sqlite3_column_text(st, col),
		                                           (size_t)sqlite3_column_bytes(st, col)));
		break;
	default:
		break;
	}
}

/* A JSON-text column parsed back into a value (NULL column: nothing set). */
void cw__kb_set_json_col(json_t *obj, const char *key, sqlite3_stmt *st, int col)
{
	const char *text = (const char *)sqlite3_column_text(st, col);
	json_t *v;
	if (!text)
		return;
	if ((v = json_loads(text, JSON_DECODE_ANY, NULL)))
		json_object_set_new(obj, key, v);
}

static bool in_list(const char *list, const char *name)
{
	size_t n = strlen(name);
	for (const char *p = list; p && (p = strstr(p, name)); p += n)
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
			return true;
	return false;
}

enum { ROWS_ALL, ROWS_FIRST, ROWS_VALUES };

static json_t *collect(cw_kb *kb, const char *sql, int64_t num, const char *text,
                       const char *json_cols, int mode)
{
	sqlite3_stmt *st = NULL;
	json_t *arr = json_array(), *first = NULL;
	int i;
	if (cw__kb_prepare(kb, &st, sql) < 0)
		goto done;
	if ((i = sqlite3_bind_parameter_index(st, ":num")) > 0)
		sqlite3_bind_int64(st, i, num);
	if ((i = sqlite3_bind_parameter_index(st, ":text")) > 0)
		sqlite3_bind_text(st, i, text, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		json_t *obj = json_object();
		for (int c = 0; c < sqlite3_column_count(st); c++) {
			const char *name = sqlite3_column_name(st, c);
			if (in_list(json_cols, name))
				cw__kb_set_json_col(obj, name, st, c);
			else
				cw__kb_set_col(obj, name, st, c);
		}
		if (mode == ROWS_VALUES) {
			json_t *v = json_object_get(obj, sqlite3_column_name(st, 0));
			if (v) /* NULL: no value */
				json_array_append(arr, v);
			json_decref(obj);
		} else {
			json_array_append_new(arr, obj);
		}
		if (mode == ROWS_FIRST)
			break;
	}
done:
	sqlite3_finalize(st);
	if (mode != ROWS_FIRST)
		return arr;
	if ((first = json_array_get(arr, 0)))
		json_incref(first);
	json_decref(arr);
	return first;
}

json_t *cw__kb_rows(cw_kb *kb, const char *sql, int64_t num, const char *text,
                    const char *json_cols)
{
	return collect(kb, sql, num, text, json_cols, ROWS_ALL);
}

json_t *cw__kb_row(cw_kb *kb, const char *sql, int64_t num, const char *text,
                   const char *json_cols)
{
	return collect(kb, sql, num, text, json_cols, ROWS_FIRST);
}

json_t *cw__kb_values(cw_kb *kb, const char *sql, int64_t num, const char *text,
                      const char *json_cols)
{
	return collect(kb, sql, num, text, json_cols, ROWS_VALUES);
}

void cw__kb_set_nonempty(json_t *obj, const char *key, json_t *arr)
{
	if (json_array_size(arr))
		json_object_set_new(obj, key, arr);
	else
		json_decref(arr);
}

int cw__kb_finish_output(char **out, json_t *doc, cw_kb_format format,
                         int (*render)(cw_buf *, const json_t *))
{
	cw_buf text = CW_BUF_INIT;
	int error = 0;
	if (format == CW_KB_FORMAT_JSON) {
		*out = json_dumps(doc, JSON_INDENT(2));
		if (!*out)
			return cw__error_oom();
		char *with_nl = realloc(*out, strlen(*out) + 2);
		if (!with_nl)
			return cw__error_oom();
		strcat(with_nl, "\n");
		*out = with_nl;
		return 0;
	}
	if ((error = render(&text, doc)) < 0) {
		cw__buf_free(&text);
		return error;
	}
	*out = cw__buf_detach(&text);
	return 0;
}

/* ---- info --------------------------------------------------------------- */

double cw_kb_age_days(cw_kb *kb)
{
	char *built = cw__kb_meta_get(kb->db, "built_at");
	struct tm tm;
	double age = -1;
	memset(&tm, 0, sizeof(tm));
	if (built && sscanf(built, "%d-%d-%dT%d:%d:%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
	                    &tm.tm_hour, &tm.tm_min, &tm.tm_sec) == 6) {
		tm.tm_year -= 1900;
		tm.tm_mon -= 1;
		age = difftime(time(NULL), timegm(&tm)) / 86400.0;
	}
	free(built);
	return age;
}

static int64_t count(cw_kb *kb, const char *sql)
{
	sqlite3_stmt *st = NULL;
	int64_t n = -1;
	if (cw__kb_prepare(kb, &st, sql) == 0 && sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static void set_meta(cw_kb *kb, json_t *obj, const char *key)
{
	char *v = cw__kb_meta_get(kb->db, key);
	if (v)
		json_object_set_new(obj, key, json_string(v));
	free(v);
}

int cw_kb_info(char **out, cw_kb *kb, cw_kb_format format, unsigned max_age_days)
{
	/* counts, ecos and warnings are members of doc, created in document order: borrowed */
	json_t *doc = json_object(), *counts, *ecos, *warnings;
	sqlite3_stmt *st = NULL;
	double age = cw_kb_age_days(kb);
	int error;

	*out = NULL;
	json_object_set_new(doc, "path", json_string(kb->path));
	json_object_set_new(doc, "schema_version", json_integer(CW_KB_SCHEMA_VERSION));
	set_meta(kb, doc, "built_at");
	if (age >= 0)
		json_object_set_new(doc, "age_days", json_real((double)(long)(age * 100) / 100.0));
	set_meta(kb, doc, "generation");
	set_meta(kb, doc, "tool_version");
	if (json_object_set_new(doc, "counts", counts = json_object()) < 0 ||
	    json_object_set_new(doc, "ecosystems", ecos = json_object()) < 0) {
		error = cw__error_oom();
		goto done;
	}
	json_object_set_new(doc, "sources",
	                    cw__kb_rows(kb, "SELECT name, kind, location, records, malformed, ingested_at,"
	                                " generation FROM sources ORDER BY name", 0, NULL, NULL));
	set_meta(kb, doc, "kev_catalog_version");
	set_meta(kb, doc, "epss_model_version");
	set_meta(kb, doc, "epss_score_date");
	if (json_object_set_new(doc, "warnings", warnings = json_array()) < 0) {
		error = cw__error_oom();
		goto done;
	}
	json_object_set_new(counts, "advisories", json_integer(count(kb, "SELECT COUNT(*) FROM advisories")));
	json_object_set_new(counts, "withdrawn", json_integer(count(kb,
		"SELECT COUNT(*) FROM advisories WHERE withdrawn IS NOT NULL")));
	json_object_set_new(counts, "nvd", json_integer(count(kb, "SELECT COUNT(*) FROM nvd")));
	json_object_set_new(counts, "kev", json_integer(count(kb, "SELECT COUNT(*) FROM kev")));
	json_object_set_new(counts, "epss", json_integer(count(kb, "SELECT COUNT(*) FROM epss")));
	json_object_set_new(counts, "malformed", json_integer(count(kb,
		"SELECT COALESCE(SUM(malformed), 0) FROM sources")));
	json_object_set_new(counts, "ids", json_integer(count(kb, "SELECT COUNT(*) FROM id_groups")));
	json_object_set_new(counts, "alias_groups", json_integer(count(kb,
		"SELECT COUNT(DISTINCT grp) FROM id_groups")));
	if ((error = cw__kb_prepare(kb, &st, "SELECT eco_base, COUNT(DISTINCT adv),"
	                            " COUNT(DISTINCT norm_name) FROM affected"
	                            " WHERE eco_base IS NOT NULL GROUP BY eco_base ORDER BY eco_base")) < 0)
		goto done;
	while (sqlite3_step(st) == SQLITE_ROW) {
		json_t *e = json_object();
		json_object_set_new(e, "advisories", json_integer(sqlite3_column_int64(st, 1)));
		json_object_set_new(e, "packages", json_integer(sqlite3_column_int64(st, 2)));
		json_object_set_new(ecos, (const char *)sqlite3_column_text(st, 0), e);
	}
	if (max_age_days && age > (double)max_age_days) {
		char msg[200];
		snprintf(msg, sizeof(msg), "the KB is %.0f days old (more than %u): run "
		         "'chainwarden db update'", age, max_age_days);
		json_array_append_new(warnings, json_string(msg));
	}
	error = cw__kb_finish_output(out, doc, format, cw__kb_render_info);
done:
	sqlite3_finalize(st);
	json_decref(doc);
	return error;
}

/* ---- raw ------------------------------------------------------------------ */

int cw_kb_raw(char **out, size_t *len, cw_kb *kb, const char *id)
{
	sqlite3_stmt *st = NULL;
	int error = 0;

	*out = NULL;
	*len = 0;
	if ((error = cw__kb_prepare(kb, &st, "SELECT raw, raw_size FROM advisories WHERE name = ?")) < 0)
		return error;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_ROW) {
		error = cw__error_set(CW_ENOTFOUND, "no OSV advisory with id %s", id);
	} else {
		size_t size = (size_t)sqlite3_column_int64(st, 1);
		char *data = malloc(size + 1);
		if (!data) {
			error = cw__error_oom();
		} else if (cw__kb_raw_decode(data, size, sqlite3_column_blob(st, 0),
		                             (size_t)sqlite3_column_bytes(st, 0)) < 0) {
			free(data);
			error = cw__error_set(CW_EINVALID, "%s: stored record of %s is corrupt",
			                      kb->path, id);
		} else {
			data[size] = '\0';
			*out = data;
			*len = size;
		}
	}
	sqlite3_finalize(st);
	return error;
}
