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

/* What a document is being stored with. */
typedef struct {
	cw_kb_builder *b;
	const text_dirs *dirs;
	sqlite3_stmt *st;       /* the insert of the rows of the list at hand */
	cw_buf scratch;         /* a text read from the text folders */
} ingest_ctx;

static const char license_sql[] = "INSERT OR REPLACE INTO licenses(id, name, reference, osi, fsf,"
                                  " deprecated, text, text_size) VALUES(?,?,?,?,?,?,?,?)";
static const char exception_sql[] = "INSERT OR REPLACE INTO license_exceptions(id, name,"
                                    " deprecated, text, text_size) VALUES(?,?,?,?,?)";

static int prepare_rows(ingest_ctx *c, const char *sql)
{
	if (sqlite3_prepare_v2(c->b->db, sql, -1, &c->st, NULL) != SQLITE_OK)
		return cw__kb_sql_error(c->b->db, "preparing the license statements");
	return 0;
}

/* Columns col and col + 1: the zstd-compressed text and its size; the text is
 * the document's own, else one from the text folders, else none (NULL). */
static int bind_text_blob(ingest_ctx *c, int col, const char *text, const char *id, bool exception)
{
	cw_kb_builder *b = c->b;
	sqlite3_stmt *st = c->st;
	size_t len = text ? strlen(text) : 0;
	int error;
	if (!text) {
		if ((error = text_from_dirs(&c->scratch, c->dirs, id, exception)) < 0)
			return error;
		text = c->scratch.ptr;
		len = c->scratch.len;
	}
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

static int insert_license(ingest_ctx *c, const char *id, cw_json *v)
{
	cw_json *see = json_object_get(v, "seeAlso");
	const char *name = cw__json_get_str(v, "name");
	const char *ref = cw__json_get_str(v, "reference");
	cw_json *osi = json_object_get(v, "isOsiApproved");
	int error;

	if (!osi)
		osi = json_object_get(v, "osiApproved");
	if (!ref)
		ref = cw__json_get_str(v, "url");
	if (!ref && json_is_array(see))
		ref = json_string_value(json_array_get(see, 0));
	sqlite3_bind_text(c->st, 1, id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(c->st, 2, name ? name : id, -1, SQLITE_TRANSIENT);
	cw__kb_bind_text(c->st, 3, ref);
	sqlite3_bind_int(c->st, 4, json_is_true(osi));
	bool_or_null(c->st, 5, json_object_get(v, "isFsfLibre"));
	sqlite3_bind_int(c->st, 6, json_is_true(json_object_get(v, "isDeprecatedLicenseId")));
	if ((error = bind_text_blob(c, 7, cw__json_get_str(v, "licenseText"), id, false)) < 0)
		return error;
	c->b->src_records++;
	c->b->stats.licenses++;
	return cw__kb_step_done(c->b, c->st);
}

/* `v`: the exceptions.json entry, or the id itself (a string: no members) in the npm array. */
static int insert_exception(ingest_ctx *c, const char *id, cw_json *v)
{
	int error;
	sqlite3_bind_text(c->st, 1, id, -1, SQLITE_TRANSIENT);
	cw__kb_bind_text(c->st, 2, cw__json_get_str(v, "name"));
	sqlite3_bind_int(c->st, 3, json_is_true(json_object_get(v, "isDeprecatedLicenseId")));
	const char *text = cw__json_get_str(v, "licenseExceptionText");
	if ((error = bind_text_blob(c, 4, text, id, true)) < 0)
		return error;
	c->b->src_records++;
	return cw__kb_step_done(c->b, c->st);
}

/* npm deprecated ids: the statement marks (or adds) the id as deprecated. */
static int mark_deprecated(ingest_ctx *c, const char *id, cw_json *v)
{
	(void)v;
	sqlite3_bind_text(c->st, 1, id, -1, SQLITE_TRANSIENT);
	return cw__kb_step_done(c->b, c->st);
}

/* How the entries of an array are read and stored. */
typedef struct {
	const char *array;    /* the array's name in a malformed record's location ("": bare) */
	const char *id_key;   /* the member holding an entry's id; NULL: the entry is the id */
	const char *invalid;  /* why an entry without a valid id is malformed */
	const char *sql;      /* the insert, run by `insert` */
	int (*insert)(ingest_ctx *c, const char *id, cw_json *v);
} list_shape;

static const list_shape spdx_licenses = {
	"licenses", "licenseId", "missing or invalid licenseId", license_sql, insert_license
};
static const list_shape spdx_exceptions = {
	"exceptions", "licenseExceptionId", "missing or invalid licenseExceptionId", exception_sql,
	insert_exception
};
/* the npm packages' arrays of ids */
static const list_shape npm_exceptions = {
	"", NULL, "not a license id", exception_sql, insert_exception
};
static const list_shape npm_deprecated_licenses = {
	"", NULL, "not a license id",
	"INSERT INTO licenses(id, name, osi, deprecated) VALUES(?1,?1,0,1)"
	" ON CONFLICT(id) DO UPDATE SET deprecated = 1", mark_deprecated
};
static const list_shape npm_deprecated_exceptions = {
	"", NULL, "not a license id",
	"INSERT INTO license_exceptions(id, deprecated) VALUES(?1,1)"
	" ON CONFLICT(id) DO UPDATE SET deprecated = 1", mark_deprecated
};

static bool valid_id(const char *id)
{
	if (!id || !*id || strlen(id) > 128)
		return false;
	for (const char *p = id; *p; p++)
		if (!cw_is_alnum((unsigned char)*p) && !strchr(".+-_", *p))
			return false;
	return true;
}

/* Every entry of `list` with a valid id as a row; the others are malformed records. */
static int add_entries(ingest_ctx *c, cw_json *list, const list_shape *shape)
{
	cw_json *v;
	size_t i;
	int error;

	if ((error = prepare_rows(c, shape->sql)) < 0)
		return error;
	json_array_foreach(list, i, v) {
		const char *id = shape->id_key ? cw__json_get_str(v, shape->id_key)
		                               : json_string_value(v);
		if (!valid_id(id)) {
			char where[64];
			snprintf(where, sizeof(where), "%s[%zu]", shape->array, i);
			if ((error = cw__kb_malformed(c->b, where, shape->invalid)) < 0)
				return error;
			continue;
		}
		if ((error = shape->insert(c, id, v)) < 0)
			return error;
	}
	return 0;
}

/* npm spdx-license-list: {id: {name, url, osiApproved, licenseText}} */
static int add_license_object(ingest_ctx *c, cw_json *root)
{
	const char *key;
	cw_json *v;
	int error;

	if ((error = prepare_rows(c, license_sql)) < 0)
		return error;
	json_object_foreach(root, key, v) {
		if (!valid_id(key) || !json_is_object(v)) {
			if ((error = cw__kb_malformed(c->b, valid_id(key) ? key : "(an entry)",
			                              "expected {id: {name, ...}}")) < 0)
				return error;
			continue;
		}
		if ((error = insert_license(c, key, v)) < 0)
			return error;
	}
	return 0;
}

/* One document: an array of ids shaped as `bare` says, or (bare NULL) an
 * object document of any of the accepted shapes. */
static int ingest(cw_kb_builder *b, const char *data, size_t len, const char *label,
                  const list_shape *bare, const text_dirs *dirs)
{
	ingest_ctx c = { b, dirs, NULL, CW_BUF_INIT };
	cw_json *root = NULL, *list;
	int error;

	if ((error = cw__json_parse(&root, data, len, label)) < 0)
		return error;
	if (bare && !json_is_array(root)) {
		error = cw__error_set_at(CW_EINVALID, label, 1, 1, "expected an array of ids");
		goto done;
	}
	if ((error = cw__kb_exec(b->db, tables_sql)) < 0)
		goto done;
	if (bare) {
		error = add_entries(&c, root, bare);
	} else if (json_is_array(list = json_object_get(root, "licenses"))) {
		const char *version = cw__json_get_str(root, "licenseListVersion");
		const char *released = cw__json_get_str(root, "releaseDate");
		if ((error = add_entries(&c, list, &spdx_licenses)) < 0 ||
		    (version &&
		     (error = cw__kb_meta_set(b->db, "license_list_version", version)) < 0) ||
		    (released &&
		     (error = cw__kb_meta_set(b->db, "license_list_release_date", released)) < 0))
			goto done;
	} else if (json_is_array(list = json_object_get(root, "exceptions"))) {
		error = add_entries(&c, list, &spdx_exceptions);
	} else if (json_is_object(root) &&
	           json_is_object(json_object_iter_value(json_object_iter(root)))) {
		error = add_license_object(&c, root);
	} else {
		error = cw__error_set_at(CW_EINVALID, label, 1, 1,
		                         "not an SPDX license list: expected {\"licenses\": [...]}, "
		                         "{\"exceptions\": [...]} or {id: {...}}");
	}
done:
	sqlite3_finalize(c.st);
	cw__buf_free(&c.scratch);
	cw__json_free(root);
	return error;
}

int cw_kb_builder_add_license_data(cw_kb_builder *b, const char *data, size_t len,
                                   const char *label)
{
	const char *p = data;
	while (p < data + len && cw_is_space((unsigned char)*p))
		p++;
	return ingest(b, data, len, label ? label : "<licenses>",
	              p < data + len && *p == '[' ? &npm_exceptions : NULL, NULL);
}

/* ---- finding the documents -------------------------------------------- */

typedef struct {
	char licenses[4096];      /* the licenses document */
	char exceptions[4096];    /* "" when none */
	char deprecated[4096];    /* npm deprecated license ids, "" when none */
	char deprecated_exceptions[4096];
	text_dirs dirs;
} layout;

/* out = dir/name (4096 bytes at most) when `exists` (is_file or is_dir) says it does. */
static bool try_path(char *out, const char *dir, const char *name, bool (*exists)(const char *))
{
	char path[4096];
	if (snprintf(path, sizeof(path), "%s/%s", dir, name) >= (int)sizeof(path) || !exists(path))
		return false;
	memcpy(out, path, strlen(path) + 1);
	return true;
}

/* Siblings of the licenses document in folder `dir`. */
static void find_siblings(layout *l, const char *dir)
{
	if (!try_path(l->exceptions, dir, "exceptions.json", is_file))
		try_path(l->exceptions, dir, "spdx-exceptions.json", is_file);
	try_path(l->deprecated, dir, "spdx-license-ids.deprecated.json", is_file);
	try_path(l->deprecated_exceptions, dir, "spdx-exceptions.deprecated.json", is_file);
	try_path(l->dirs.details, dir, "details", is_dir);
	try_path(l->dirs.exceptions, dir, "exceptions", is_dir);
	if (!try_path(l->dirs.text, dir, "../text", is_dir))
		try_path(l->dirs.text, dir, "text", is_dir);
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
		(void)try_path(dir, path, "json", is_dir);
		for (size_t i = 0; i < sizeof(names) / sizeof(names[0]) && !l->licenses[0]; i++)
			try_path(l->licenses, dir, names[i], is_file);
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

/* A document file: an object document, or (bare) an array of ids. */
static int add_file(cw_kb_builder *b, const char *path, const list_shape *bare,
                    const text_dirs *dirs)
{
	cw_buf data = CW_BUF_INIT;
	int error;
	if ((error = cw__kb_read_maybe_gz(&data, path, LICENSE_DOC_MAX)) == 0)
		error = ingest(b, data.ptr ? data.ptr : "", data.len, path, bare, dirs);
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
	    (error = add_file(b, l.licenses, NULL, &l.dirs)) < 0 ||
	    (l.exceptions[0] &&
	     (error = add_file(b, l.exceptions,
	                       starts_with_bracket(l.exceptions) ? &npm_exceptions : NULL,
	                       &l.dirs)) < 0) ||
	    (l.deprecated[0] &&
	     (error = add_file(b, l.deprecated, &npm_deprecated_licenses, &l.dirs)) < 0) ||
	    (l.deprecated_exceptions[0] &&
	     (error = add_file(b, l.deprecated_exceptions, &npm_deprecated_exceptions,
	                       &l.dirs)) < 0))
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
