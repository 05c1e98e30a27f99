/*
 * licenses.c - the SPDX license list carried by the KB.
 *
 * Inputs (https://github.com/spdx/license-list-data, JSON format v3):
 *  - licenses.json: {licenseListVersion, releaseDate, licenses: [{licenseId,
 *    name, reference, isOsiApproved, isFsfLibre, isDeprecatedLicenseId,
 *    seeAlso}]}, texts in details/<id>.json (licenseText) or ../text/<id>.txt;
 *  - exceptions.json: {exceptions: [{licenseExceptionId, name,
 *    isDeprecatedLicenseId}]}, texts in exceptions/<id>.json
 *    (licenseExceptionText) or ../text/<id>.txt;
 *  - the npm packages' forms: spdx-license-list's {id: {name, url,
 *    osiApproved, licenseText}} (spdx-full.json), spdx-exceptions' array of
 *    ids, spdx-license-ids' deprecated.json (an array of ids).
 * `--licenses` names a license-list-data checkout (json/ and text/), a
 * folder holding those files, one licenses file (its siblings are found),
 * a file:// URL of any of these, or an http(s) URL of a licenses file.
 *
 * Tables (created here, on first use, so KBs without a license list keep
 * the base schema): licenses(id, name, reference, osi, fsf, deprecated,
 * text, text_size) and license_exceptions(id, name, deprecated, text,
 * text_size); texts zstd-compressed like advisory records.  A new list
 * replaces the whole previous one (it is always published whole).  Meta:
 * license_list_version, license_list_release_date.  Reading it back:
 * licenses_use.c.
 */
#include "kb/kb_internal.h"
#include "chainwarden/license.h"
#include "util/error.h"
#include "util/fs.h"
#include "util/http.h"
#include "util/str.h"
#include "util/vec.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define LICENSE_DOC_MAX ((size_t)64 << 20)
#define LICENSE_TEXT_MAX ((size_t)4 << 20)

static const char tables_sql[] =
	"CREATE TABLE IF NOT EXISTS licenses(id TEXT PRIMARY KEY, name TEXT NOT NULL,"
	" reference TEXT, osi INTEGER NOT NULL, fsf INTEGER, deprecated INTEGER NOT NULL,"
	" text BLOB, text_size INTEGER) WITHOUT ROWID;"
	"CREATE TABLE IF NOT EXISTS license_exceptions(id TEXT PRIMARY KEY, name TEXT,"
	" deprecated INTEGER NOT NULL, text BLOB, text_size INTEGER) WITHOUT ROWID;";

/* Where the texts of a list may be found besides the documents themselves. */
typedef struct {
	char details[4096];     /* folder of <id>.json with licenseText, or "" */
	char exceptions[4096];  /* folder of <id>.json with licenseExceptionText, or "" */
	char text[4096];        /* folder of <id>.txt, or "" */
} text_dirs;

static bool is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static bool is_file(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* A license or exception text from the text folders into `out` (empty if none). */
static int text_from_dirs(cw_buf *out, const text_dirs *dirs, const char *id, bool exception)
{
	char path[8192];
	const char *json_dir = dirs ? (exception ? dirs->exceptions : dirs->details) : "";
	cw__buf_clear(out);
	/* ids are [A-Za-z0-9.+-]: nothing here can leave the folder */
	for (const char *p = id; *p; p++)
		if (!cw_is_alnum((unsigned char)*p) && !strchr(".+-_", *p))
			return 0;
	if (json_dir[0] && snprintf(path, sizeof(path), "%s/%s.json", json_dir, id) < (int)sizeof(path) &&
	    is_file(path)) {
		cw_buf doc = CW_BUF_INIT;
		cw_json *root = NULL;
		int error;
		if ((error = cw__file_read(&doc, path, LICENSE_TEXT_MAX)) == 0 &&
		    (error = cw__json_parse(&root, doc.ptr ? doc.ptr : "", doc.len, path)) == 0) {
			const char *t = cw__json_get_str(root, exception ? "licenseExceptionText"
			                                                 : "licenseText");
			if (t)
				cw__buf_puts(out, t);
		}
		cw__json_free(root);
		cw__buf_free(&doc);
		if (error < 0)
			return error;
		if (out->len)
			return 0;
	}
	if (dirs && dirs->text[0] &&
	    snprintf(path, sizeof(path), "%s/%s.txt", dirs->text, id) < (int)sizeof(path) &&
	    is_file(path))
		return cw__file_read(out, path, LICENSE_TEXT_MAX);
	return 0;
}

static int bind_text_blob(cw_kb_builder *b, sqlite3_stmt *st, int col, const char *text,
                          size_t len)
{
	int error;
	if (!text || !len)
		return sqlite3_bind_null(st, col) == SQLITE_OK && sqlite3_bind_null(st, col + 1) == SQLITE_OK
		       ? 0 : cw__kb_sql_error(b->db, "binding");
	if ((error = cw__kb_compress(b, text, len)) < 0)
		return error;
	sqlite3_bind_blob(st, col, b->zbuf.ptr, (int)b->zbuf.len, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, col + 1, (int64_t)len);
	return 0;
}

static int bool_or_null(sqlite3_stmt *st, int col, cw_json *v)
{
	return json_is_boolean(v) ? sqlite3_bind_int(st, col, json_is_true(v))
	                          : sqlite3_bind_null(st, col);
}

static int insert_license(cw_kb_builder *b, sqlite3_stmt *st, const char *id, cw_json *v,
                          const text_dirs *dirs, cw_buf *scratch)
{
	cw_json *see = json_object_get(v, "seeAlso");
	const char *name = cw__json_get_str(v, "name");
	const char *ref = cw__json_get_str(v, "reference");
	const char *text = cw__json_get_str(v, "licenseText");
	size_t text_len = text ? strlen(text) : 0;
	cw_json *osi = json_object_get(v, "isOsiApproved");
	int error;

	if (!osi)
		osi = json_object_get(v, "osiApproved");
	if (!ref)
		ref = cw__json_get_str(v, "url");
	if (!ref && json_is_array(see))
		ref = json_string_value(json_array_get(see, 0));
	if (!text) {
		if ((error = text_from_dirs(scratch, dirs, id, false)) < 0)
			return error;
		text = scratch->ptr;
		text_len = scratch->len;
	}
	sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, name ? name : id, -1, SQLITE_TRANSIENT);
	cw__kb_bind_text(st, 3, ref);
	sqlite3_bind_int(st, 4, json_is_true(osi));
	bool_or_null(st, 5, json_object_get(v, "isFsfLibre"));
	sqlite3_bind_int(st, 6, json_is_true(json_object_get(v, "isDeprecatedLicenseId")));
	if ((error = bind_text_blob(b, st, 7, text, text_len)) < 0)
		return error;
	b->src_records++;
	b->stats.licenses++;
	return cw__kb_step_done(b, st);
}

static int insert_exception(cw_kb_builder *b, sqlite3_stmt *st, const char *id, cw_json *v,
                            const text_dirs *dirs, cw_buf *scratch)
{
	const char *name = v ? cw__json_get_str(v, "name") : NULL;
	const char *text = v ? cw__json_get_str(v, "licenseExceptionText") : NULL;
	size_t text_len = text ? strlen(text) : 0;
	int error;
	if (!text) {
		if ((error = text_from_dirs(scratch, dirs, id, true)) < 0)
			return error;
		text = scratch->ptr;
		text_len = scratch->len;
	}
	sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
	cw__kb_bind_text(st, 2, name);
	sqlite3_bind_int(st, 3, v && json_is_true(json_object_get(v, "isDeprecatedLicenseId")));
	if ((error = bind_text_blob(b, st, 4, text, text_len)) < 0)
		return error;
	b->src_records++;
	return cw__kb_step_done(b, st);
}

static bool valid_id(const char *id)
{
	if (!id || !*id || strlen(id) > 128)
		return false;
	for (const char *p = id; *p; p++)
		if (!cw_is_alnum((unsigned char)*p) && !strchr(".+-_", *p))
			return false;
	return true;
}

/* One document of any of the accepted shapes. */
static int ingest_doc(cw_kb_builder *b, const char *data, size_t len, const char *label,
                      const text_dirs *dirs)
{
	cw_json *root = NULL, *list, *v;
	sqlite3_stmt *lic = NULL, *exc = NULL;
	cw_buf scratch = CW_BUF_INIT;
	const char *key;
	size_t i;
	int error;

	if ((error = cw__json_parse(&root, data, len, label)) < 0)
		return error;
	if ((error = cw__kb_exec(b->db, tables_sql)) < 0)
		goto done;
	if (sqlite3_prepare_v2(b->db, "INSERT OR REPLACE INTO licenses(id, name, reference, osi, fsf,"
	                       " deprecated, text, text_size) VALUES(?,?,?,?,?,?,?,?)", -1, &lic,
	                       NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(b->db, "INSERT OR REPLACE INTO license_exceptions(id, name, deprecated,"
	                       " text, text_size) VALUES(?,?,?,?,?)", -1, &exc, NULL) != SQLITE_OK) {
		error = cw__kb_sql_error(b->db, "preparing the license statements");
		goto done;
	}
	if (json_is_array(list = json_object_get(root, "licenses"))) {
		const char *version = cw__json_get_str(root, "licenseListVersion");
		const char *released = cw__json_get_str(root, "releaseDate");
		json_array_foreach(list, i, v) {
			const char *id = cw__json_get_str(v, "licenseId");
			if (!valid_id(id)) {
				char where[64];
				snprintf(where, sizeof(where), "licenses[%zu]", i);
				if ((error = cw__kb_malformed(b, where, "missing or invalid licenseId")) < 0)
					goto done;
				continue;
			}
			if ((error = insert_license(b, lic, id, v, dirs, &scratch)) < 0)
				goto done;
		}
		if ((version && (error = cw__kb_meta_set(b->db, "license_list_version", version)) < 0) ||
		    (released && (error = cw__kb_meta_set(b->db, "license_list_release_date", released)) < 0))
			goto done;
	} else if (json_is_array(list = json_object_get(root, "exceptions"))) {
		json_array_foreach(list, i, v) {
			const char *id = cw__json_get_str(v, "licenseExceptionId");
			if (!valid_id(id)) {
				char where[64];
				snprintf(where, sizeof(where), "exceptions[%zu]", i);
				if ((error = cw__kb_malformed(b, where, "missing or invalid licenseExceptionId")) < 0)
					goto done;
				continue;
			}
			if ((error = insert_exception(b, exc, id, v, dirs, &scratch)) < 0)
				goto done;
		}
	} else if (json_is_object(root) && json_is_object(json_object_iter_value(json_object_iter(root)))) {
		/* npm spdx-license-list: {id: {name, url, osiApproved, licenseText}} */
		json_object_foreach(root, key, v) {
			if (!valid_id(key) || !json_is_object(v)) {
				if ((error = cw__kb_malformed(b, valid_id(key) ? key : "(an entry)",
				                              "expected {id: {name, ...}}")) < 0)
					goto done;
				continue;
			}
			if ((error = insert_license(b, lic, key, v, dirs, &scratch)) < 0)
				goto done;
		}
	} else {
		error = cw__error_set_at(CW_EINVALID, label, 1, 1,
		                         "not an SPDX license list: expected {\"licenses\": [...]}, "
		                         "{\"exceptions\": [...]} or {id: {...}}");
	}
done:
	sqlite3_finalize(lic);
	sqlite3_finalize(exc);
	cw__buf_free(&scratch);
	cw__json_free(root);
	return error;
}

/* What an array of ids (the npm packages' form) lists. */
typedef enum { IDS_EXCEPTIONS, IDS_DEPRECATED_LICENSES, IDS_DEPRECATED_EXCEPTIONS } id_array;

static int ingest_id_array(cw_kb_builder *b, const char *data, size_t len, const char *label,
                           id_array what, const text_dirs *dirs)
{
	static const char *const sql[] = {
		[IDS_EXCEPTIONS] = "INSERT OR REPLACE INTO license_exceptions(id, name, deprecated, text,"
		                   " text_size) VALUES(?,?,?,?,?)",
		[IDS_DEPRECATED_LICENSES] = "INSERT INTO licenses(id, name, osi, deprecated)"
		                            " VALUES(?1,?1,0,1) ON CONFLICT(id) DO UPDATE SET deprecated = 1",
		[IDS_DEPRECATED_EXCEPTIONS] = "INSERT INTO license_exceptions(id, deprecated) VALUES(?1,1)"
		                              " ON CONFLICT(id) DO UPDATE SET deprecated = 1",
	};
	cw_json *root = NULL, *v;
	sqlite3_stmt *st = NULL;
	cw_buf scratch = CW_BUF_INIT;
	size_t i;
	int error;

	if ((error = cw__json_parse(&root, data, len, label)) < 0)
		return error;
	if (!json_is_array(root)) {
		error = cw__error_set_at(CW_EINVALID, label, 1, 1, "expected an array of ids");
		goto done;
	}
	if ((error = cw__kb_exec(b->db, tables_sql)) < 0)
		goto done;
	if (sqlite3_prepare_v2(b->db, sql[what], -1, &st, NULL) != SQLITE_OK) {
		error = cw__kb_sql_error(b->db, "preparing the license statements");
		goto done;
	}
	json_array_foreach(root, i, v) {
		const char *id = json_string_value(v);
		if (!valid_id(id)) {
			char where[64];
			snprintf(where, sizeof(where), "[%zu]", i);
			if ((error = cw__kb_malformed(b, where, "not a license id")) < 0)
				goto done;
			continue;
		}
		if (what == IDS_EXCEPTIONS) {
			error = insert_exception(b, st, id, NULL, dirs, &scratch);
		} else {
			sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
			error = cw__kb_step_done(b, st);
		}
		if (error < 0)
			goto done;
	}
done:
	sqlite3_finalize(st);
	cw__buf_free(&scratch);
	cw__json_free(root);
	return error;
}

int cw_kb_builder_add_license_data(cw_kb_builder *b, const char *data, size_t len,
                                   const char *label)
{
	const char *p = data;
	while (p < data + len && cw_is_space((unsigned char)*p))
		p++;
	if (p < data + len && *p == '[')
		return ingest_id_array(b, data, len, label ? label : "<licenses>", IDS_EXCEPTIONS, NULL);
	return ingest_doc(b, data, len, label ? label : "<licenses>", NULL);
}

/* ---- finding the documents -------------------------------------------- */

typedef struct {
	char licenses[4096];      /* the licenses document */
	char exceptions[4096];    /* "" when none */
	char deprecated[4096];    /* npm deprecated license ids, "" when none */
	char deprecated_exceptions[4096];
	text_dirs dirs;
} layout;

static bool try_path(char *out, const char *dir, const char *name)
{
	char path[4096];
	if (snprintf(path, sizeof(path), "%s/%s", dir, name) >= (int)sizeof(path) || !is_file(path))
		return false;
	memcpy(out, path, strlen(path) + 1);
	return true;
}

static bool try_dir(char *out, const char *dir, const char *name)
{
	char path[4096];
	if (snprintf(path, sizeof(path), "%s/%s", dir, name) >= (int)sizeof(path) || !is_dir(path))
		return false;
	memcpy(out, path, strlen(path) + 1);
	return true;
}

/* Siblings of the licenses document in folder `dir`. */
static void find_siblings(layout *l, const char *dir)
{
	if (!try_path(l->exceptions, dir, "exceptions.json"))
		try_path(l->exceptions, dir, "spdx-exceptions.json");
	try_path(l->deprecated, dir, "spdx-license-ids.deprecated.json");
	try_path(l->deprecated_exceptions, dir, "spdx-exceptions.deprecated.json");
	try_dir(l->dirs.details, dir, "details");
	try_dir(l->dirs.exceptions, dir, "exceptions");
	if (!try_dir(l->dirs.text, dir, "../text"))
		try_dir(l->dirs.text, dir, "text");
}

static int find_layout(layout *l, const char *path)
{
	static const char *const names[] = { "licenses.json", "spdx-license-list.full.json",
	                                     "spdx-license-list.json", "spdx-full.json" };
	char dir[4096];
	memset(l, 0, sizeof(*l));
	if (is_dir(path)) {
		snprintf(dir, sizeof(dir), "%s", path);
		/* a license-list-data checkout: json/licenses.json, text/ */
		(void)try_dir(dir, path, "json");
		for (size_t i = 0; i < sizeof(names) / sizeof(names[0]) && !l->licenses[0]; i++)
			try_path(l->licenses, dir, names[i]);
		if (!l->licenses[0])
			return cw__error_set(CW_ENOTFOUND, "%s: no SPDX license list here (licenses.json, "
			                     "json/licenses.json or spdx-license-list.full.json)", path);
	} else if (is_file(path)) {
		const char *slash = strrchr(path, '/');
		snprintf(l->licenses, sizeof(l->licenses), "%s", path);
		snprintf(dir, sizeof(dir), "%.*s", slash ? (int)(slash - path) : 1, slash ? path : ".");
	} else {
		return cw__error_set(CW_ENOTFOUND, "%s: %s", path, strerror(errno));
	}
	find_siblings(l, dir);
	return 0;
}

/* A document file: `what` < 0 for an object document, else an id array. */
static int add_file(cw_kb_builder *b, const char *path, int what, const text_dirs *dirs)
{
	cw_buf data = CW_BUF_INIT;
	int error;
	if ((error = cw__kb_read_maybe_gz(&data, path, LICENSE_DOC_MAX)) == 0)
		error = what >= 0 ? ingest_id_array(b, data.ptr ? data.ptr : "", data.len, path,
		                                    (id_array)what, dirs)
		                  : ingest_doc(b, data.ptr ? data.ptr : "", data.len, path, dirs);
	cw__buf_free(&data);
	return error;
}

/* Is the document at `path` an array (npm spdx-exceptions)? */
static bool starts_with_bracket(const char *path)
{
	FILE *f = fopen(path, "rb");
	int c = EOF;
	if (!f)
		return false;
	while ((c = fgetc(f)) != EOF && cw_is_space(c))
		;
	fclose(f);
	return c == '[';
}

static int fetch(cw_buf *out, const char *url)
{
	return cw__http_get(out, url, "http,https", 300L, LICENSE_DOC_MAX);
}

static int add_url(cw_kb_builder *b, const char *url)
{
	cw_buf doc = CW_BUF_INIT;
	int error;
	size_t n = strlen(url);
	if ((error = fetch(&doc, url)) == 0)
		error = cw_kb_builder_add_license_data(b, doc.ptr ? doc.ptr : "", doc.len, url);
	/* licenses.json: exceptions.json beside it, when there is one */
	if (error == 0 && n > 13 && strcmp(url + n - 13, "licenses.json") == 0) {
		char *exc = malloc(n + 4);
		if (!exc) {
			error = cw__error_oom();
		} else {
			snprintf(exc, n + 4, "%.*sexceptions.json", (int)(n - 13), url);
			cw__buf_clear(&doc);
			if (fetch(&doc, exc) == 0)
				error = cw_kb_builder_add_license_data(b, doc.ptr ? doc.ptr : "", doc.len, exc);
			else
				cw_log_warn("%s", cw_error_last()->message);
			free(exc);
		}
	}
	cw__buf_free(&doc);
	return error;
}

int cw_kb_builder_add_licenses(cw_kb_builder *b, const char *location)
{
	layout l;
	cw_buf path = CW_BUF_INIT;
	int error;

	cw__kb_source_begin(b, "licenses", location);
	if ((error = cw__kb_exec(b->db, tables_sql)) < 0 ||
	    (error = cw__kb_exec(b->db, "DELETE FROM licenses; DELETE FROM license_exceptions;")) < 0)
		goto done;
	if (strncmp(location, "http://", 7) == 0 || strncmp(location, "https://", 8) == 0) {
		error = add_url(b, location);
		goto end;
	}
	if (strncmp(location, "file://", 7) == 0) {
		const char *p = location + 7;
		if (strncmp(p, "localhost/", 10) == 0)
			p += 9;
		if (*p != '/') {
			error = cw__error_set(CW_EINVALID, "%s: a file:// URL needs an absolute path",
			                      location);
			goto done;
		}
		if ((error = cw__percent_decode(&path, p, strlen(p))) < 0 ||
		    (error = cw__buf_grow(&path, 0)) < 0)
			goto done;
	} else if ((error = cw__buf_puts(&path, location)) < 0 || (error = cw__buf_grow(&path, 0)) < 0) {
		goto done;
	}
	if ((error = find_layout(&l, path.ptr)) < 0 ||
	    (error = add_file(b, l.licenses, -1, &l.dirs)) < 0 ||
	    (l.exceptions[0] &&
	     (error = add_file(b, l.exceptions, starts_with_bracket(l.exceptions) ? IDS_EXCEPTIONS : -1,
	                       &l.dirs)) < 0) ||
	    (l.deprecated[0] && (error = add_file(b, l.deprecated, IDS_DEPRECATED_LICENSES,
	                                          &l.dirs)) < 0) ||
	    (l.deprecated_exceptions[0] &&
	     (error = add_file(b, l.deprecated_exceptions, IDS_DEPRECATED_EXCEPTIONS, &l.dirs)) < 0))
		goto done;
end:
	if (error == 0) {
		sqlite3_stmt *st = NULL;
		int64_t n = 0;
		if (sqlite3_prepare_v2(b->db, "SELECT count(*) FROM licenses WHERE deprecated = 0", -1, &st,
		                       NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
			n = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
		if (n == 0)
			error = cw__error_set(CW_EINVALID, "%s: no licenses in the list", location);
	}
	if (error == 0)
		error = cw__kb_source_end(b, "licenses", location);
done:
	cw__buf_free(&path);
	return error;
}
