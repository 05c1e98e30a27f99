/*
 * licenses_use.c - the KB's SPDX license list handed to the license module
 * (cw_kb_licenses_use): the rows of `licenses` and `license_exceptions`
 * (written by licenses.c) become SPDX licenses.json / exceptions.json
 * documents for cw_license_list_load() / cw_license_exceptions_load(), and
 * the stored texts (zstd) an identification index (cw_license_db_from_texts).
 */
#include "kb/kb_internal.h"
#include "kb/kb_query.h"
#include "chainwarden/license.h"
#include "util/error.h"
#include "util/vec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LICENSE_TEXT_MAX ((size_t)4 << 20)

static bool has_table(sqlite3 *db, const char *name)
{
	sqlite3_stmt *st = NULL;
	bool found = false;
	if (sqlite3_prepare_v2(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", -1,
	                       &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
		found = sqlite3_step(st) == SQLITE_ROW;
	}
	sqlite3_finalize(st);
	return found;
}

/* The rows as SPDX's licenses.json / exceptions.json, for the license module's loaders. */
static int list_document(json_t **out, cw_kb *kb, bool exceptions)
{
	sqlite3_stmt *st = NULL;
	json_t *doc = json_object(), *list = json_array();
	int rc, error = 0;
	*out = NULL;
	if (!doc || !list || json_object_set_new(doc, exceptions ? "exceptions" : "licenses", list)) {
		json_decref(doc);
		return cw__error_oom();
	}
	if ((error = cw__kb_prepare(kb, &st, exceptions
	                            ? "SELECT id, name, deprecated FROM license_exceptions ORDER BY id"
	                            : "SELECT id, name, reference, osi, fsf, deprecated FROM licenses"
	                              " ORDER BY id")) < 0)
		goto done;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		json_t *e = json_object();
		if (!e || json_array_append_new(list, e)) {
			error = cw__error_oom();
			goto done;
		}
		cw__kb_set_col(e, exceptions ? "licenseExceptionId" : "licenseId", st, 0);
		cw__kb_set_col(e, "name", st, 1);
		if (exceptions) {
			json_object_set_new(e, "isDeprecatedLicenseId", json_boolean(sqlite3_column_int(st, 2)));
			continue;
		}
		cw__kb_set_col(e, "url", st, 2);
		json_object_set_new(e, "isOsiApproved", json_boolean(sqlite3_column_int(st, 3)));
		if (sqlite3_column_type(st, 4) != SQLITE_NULL)
			json_object_set_new(e, "isFsfLibre", json_boolean(sqlite3_column_int(st, 4)));
		json_object_set_new(e, "isDeprecatedLicenseId", json_boolean(sqlite3_column_int(st, 5)));
	}
	if (rc != SQLITE_DONE)
		error = cw__kb_sql_error(kb->db, "reading the license list");
done:
	sqlite3_finalize(st);
	if (error < 0)
		json_decref(doc);
	else
		*out = doc;
	return error;
}

static int load_document(cw_kb *kb, bool exceptions)
{
	json_t *doc = NULL;
	char *text = NULL, label[4200];
	int error;
	if ((error = list_document(&doc, kb, exceptions)) < 0)
		return error;
	if (exceptions && json_array_size(json_object_get(doc, "exceptions")) == 0) {
		json_decref(doc);
		return 0; /* keep the compiled exceptions */
	}
	snprintf(label, sizeof(label), "%s (%s)", kb->path, exceptions ? "exceptions" : "licenses");
	if (!(text = json_dumps(doc, JSON_COMPACT)))
		error = cw__error_oom();
	else if (exceptions)
		error = cw_license_exceptions_load(text, strlen(text), label);
	else
		error = cw_license_list_load(text, strlen(text), label);
	free(text);
	json_decref(doc);
	return error;
}

/* The row's stored text (columns 1 and 2), decompressed: *out (malloc'd, NUL-terminated), *len. */
static int row_text(char **out, size_t *len, cw_kb *kb, sqlite3_stmt *st, const char *id)
{
	const void *blob = sqlite3_column_blob(st, 1);
	size_t zlen = (size_t)sqlite3_column_bytes(st, 1), n;
	int64_t size = sqlite3_column_int64(st, 2);
	char *text;

	*out = NULL;
	if (size < 0 || (size_t)size > LICENSE_TEXT_MAX)
		return cw__error_set(CW_EINVALID, "%s: license text size %lld", kb->path, (long long)size);
	if (!(text = malloc((size_t)size + 1)))
		return cw__error_oom();
	n = ZSTD_decompress(text, (size_t)size, blob, zlen);
	if (ZSTD_isError(n) || n != (size_t)size) {
		free(text);
		return cw__error_set(CW_EINVALID, "%s: license %s: corrupt text", kb->path, id);
	}
	text[n] = '\0';
	*out = text;
	*len = n;
	return 0;
}

static int load_texts(cw_license_db **out, cw_kb *kb)
{
	sqlite3_stmt *st = NULL;
	/* parallel arrays, as cw_license_db_from_texts() takes them: always the same length */
	CW_VEC(char *) ids = CW_VEC_INIT;
	CW_VEC(char *) texts = CW_VEC_INIT;
	CW_VEC(size_t) lens = CW_VEC_INIT;
	int rc, error;

	*out = NULL;
	if ((error = cw__kb_prepare(kb, &st, "SELECT id, text, text_size FROM licenses WHERE"
	                            " text IS NOT NULL AND deprecated = 0 ORDER BY id")) < 0)
		return error;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		char *id = cw__kb_strdup((const char *)sqlite3_column_text(st, 0)), *text;
		size_t n = 0;
		if (!id) {
			error = cw__error_oom();
			break;
		}
		/* room in the three first, so that the row goes in whole or not at all */
		if ((error = cw_vec_reserve(&ids, ids.len + 1)) < 0 ||
		    (error = cw_vec_reserve(&texts, texts.len + 1)) < 0 ||
		    (error = cw_vec_reserve(&lens, lens.len + 1)) < 0 ||
		    (error = row_text(&text, &n, kb, st, id)) < 0) {
			free(id);
			break;
		}
		ids.items[ids.len++] = id;
		texts.items[texts.len++] = text;
		lens.items[lens.len++] = n;
	}
	if (error == 0 && rc != SQLITE_DONE)
		error = cw__kb_sql_error(kb->db, "reading license texts");
	sqlite3_finalize(st);
	if (error == 0 && ids.len)
		error = cw_license_db_from_texts(out, ids.len, (const char *const *)ids.items,
		                                 (const char *const *)texts.items, lens.items);
	for (size_t i = 0; i < ids.len; i++) {
		free(ids.items[i]);
		free(texts.items[i]);
	}
	cw_vec_free(&ids);
	cw_vec_free(&texts);
	cw_vec_free(&lens);
	return error;
}

int cw_kb_licenses_use(cw_kb *kb, struct cw_license_db **texts)
{
	int error;
	if (texts)
		*texts = NULL;
	if (!has_table(kb->db, "licenses"))
		return cw__error_set(CW_ENOTFOUND, "%s: the KB holds no license list (build it with "
		                     "'chainwarden db build --licenses PATH')", kb->path);
	if ((error = load_document(kb, false)) < 0 || (error = load_document(kb, true)) < 0)
		return error;
	return texts ? load_texts(texts, kb) : 0;
}
