/*
 * osv_write.c - the rows of one checked OSV record (osv.c), read from its
 * flat tree (jflat.h) with no allocation per record once the scratch
 * buffers have grown.  JSON columns are dumped byte for byte as
 * json_dumps(JSON_COMPACT) would.
 *
 * Strings are bound up to their first NUL, as C strings: only a record
 * read by jansson can hold "\u0000", and it has always been stored so.
 *
 * `details`, `references` and `credits` get no column: they are not
 * matched on, only shown, and `db show` takes them from the stored record
 * (`raw`), which holds them anyway (5.7 of the 23 MB of the shared zips'
 * KB, and 17 ms of a 200 ms build, saved).
 */
#include "kb/kb_internal.h"
#include "kb/jflat.h"
#include "util/error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Top-level members with their own columns or tables; the rest goes to `extra`. */
static const char *const known_members[] = {
	"id", "modified", "published", "withdrawn", "aliases", "related", "upstream",
	"summary", "details", "severity", "affected", "references", "credits",
	"schema_version", NULL
};

#define N(i) (d->nodes[(i)])

static int bind_str(sqlite3_stmt *st, int i, const cw__kbj_doc *d, uint32_t obj, const char *key)
{
	return cw__kb_bind_text(st, i, cw__kb_osv_str(d, obj, key));
}

/* Bind b->jbuf as text (NULL when `any` is false). */
static int bind_jbuf(cw_kb_builder *b, sqlite3_stmt *st, int i, bool any)
{
	if (!any)
		return sqlite3_bind_null(st, i);
	return sqlite3_bind_text(st, i, b->jbuf.ptr, (int)b->jbuf.len, SQLITE_TRANSIENT) == SQLITE_OK
	       ? 0 : cw__error_oom();
}

/* Compact JSON of node v, NULL for absent or null. */
static int bind_json(cw_kb_builder *b, sqlite3_stmt *st, int i, uint32_t v)
{
	int error;
	cw__buf_clear(&b->jbuf);
	if (!cw__kb_osv_absent(b->jdoc, v) && (error = cw__kbj_dump(b->jdoc, v, &b->jbuf)) < 0)
		return error;
	return bind_jbuf(b, st, i, !cw__kb_osv_absent(b->jdoc, v));
}

/* ?1, ?2: the parent row's id and the item's place in its array. */
static void bind_parent(sqlite3_stmt *st, int64_t parent, int64_t seq)
{
	sqlite3_bind_int64(st, 1, parent);
	sqlite3_bind_int64(st, 2, seq);
}

/* A string array as a JSON array of its strings up to their first NUL (NULL when empty). */
static int bind_strings(cw_kb_builder *b, sqlite3_stmt *st, int col, uint32_t arr)
{
	const cw__kbj_doc *d = b->jdoc;
	bool any = false;
	int error;
	cw__buf_clear(&b->jbuf);
	for (uint32_t v = cw__kb_osv_items(d, arr); v; v = N(v).next) {
		if ((error = cw__buf_putc(&b->jbuf, any ? ',' : '[')) < 0 ||
		    (error = cw__kbj_dump_string(N(v).str, strlen(N(v).str), &b->jbuf)) < 0)
			return error;
		any = true;
	}
	if (any && (error = cw__buf_putc(&b->jbuf, ']')) < 0)
		return error;
	return bind_jbuf(b, st, col, any);
}

static int insert_severity(cw_kb_builder *b, int64_t adv, int64_t affected, uint32_t arr)
{
	const cw__kbj_doc *d = b->jdoc;
	sqlite3_stmt *st = b->st[ST_SEVERITY];
	int error = 0;
	for (uint32_t v = cw__kb_osv_items(d, arr); v && !error; v = N(v).next) {
		sqlite3_bind_int64(st, 1, adv);
		if (affected)
			sqlite3_bind_int64(st, 2, affected);
		else
			sqlite3_bind_null(st, 2);
		bind_str(st, 3, d, v, "type");
		bind_str(st, 4, d, v, "score");
		error = cw__kb_step_done(b, st);
	}
	return error;
}

static int bind_ranges(cw_kb_builder *b, sqlite3_stmt *st, int col, uint32_t ranges);

static int insert_affected(cw_kb_builder *b, int64_t adv, uint32_t affected)
{
	const cw__kbj_doc *d = b->jdoc;
	int64_t i = 0;
	int error = 0;
	for (uint32_t a = cw__kb_osv_items(d, affected); a; a = N(a).next, i++) {
		sqlite3_stmt *st = b->st[ST_AFFECTED];
		uint32_t pkg = cw__kbj_get(d, a, "package");
		const char *eco = cw__kb_osv_str(d, pkg, "ecosystem");
		const char *name = cw__kb_osv_str(d, pkg, "name");
		char *norm = NULL;
		int64_t affected_id;

		bind_parent(st, adv, i);
		cw__kb_bind_text(st, 3, eco);
		if (eco)
			sqlite3_bind_text(st, 4, eco, (int)strcspn(eco, ":"), SQLITE_STATIC);
		else
			sqlite3_bind_null(st, 4);
		cw__kb_bind_text(st, 5, name);
		if (name) {
			if ((error = cw_kb_normalize_name(&norm, eco, name, strlen(name))) < 0)
				return error;
			sqlite3_bind_text(st, 6, norm, -1, free);
		} else {
			sqlite3_bind_null(st, 6);
		}
		bind_str(st, 7, d, pkg, "purl");
		if ((error = bind_json(b, st, 8, cw__kbj_get(d, a, "versions"))) < 0 ||
		    (error = bind_json(b, st, 9, cw__kbj_get(d, a, "ecosystem_specific"))) < 0 ||
		    (error = bind_json(b, st, 10, cw__kbj_get(d, a, "database_specific"))) < 0 ||
		    (error = bind_ranges(b, st, 11, cw__kbj_get(d, a, "ranges"))) < 0 ||
		    (error = cw__kb_step_done(b, st)) < 0)
			return error;
		affected_id = sqlite3_last_insert_rowid(b->db);
		if ((error = insert_severity(b, adv, affected_id, cw__kbj_get(d, a, "severity"))) < 0)
			return error;
	}
	return 0;
}

static bool is_known(const char *key)
{
	for (size_t i = 0; known_members[i]; i++)
		if (strcmp(known_members[i], key) == 0)
			return true;
	return false;
}

/* `"key":` then the string member `key` of obj as a C string; nothing when it is absent. */
static int put_member_str(cw_buf *out, const cw__kbj_doc *d, uint32_t obj, const char *key,
                          bool *first)
{
	const char *s = cw__kb_osv_str(d, obj, key);
	int error;
	if (!s)
		return 0;
	if ((error = cw__buf_putc(out, *first ? '{' : ',')) < 0 ||
	    (error = cw__kbj_dump_string(key, strlen(key), out)) < 0 ||
	    (error = cw__buf_putc(out, ':')) < 0)
		return error;
	*first = false;
	return cw__kbj_dump_string(s, strlen(s), out);
}

/* Whether a string or member name under node v holds a NUL. */
static bool has_nul(const cw__kbj_doc *d, uint32_t v)
{
	if (N(v).key && strlen(N(v).key) != N(v).key_len)
		return true;
	if (N(v).type == CW_KBJ_STRING)
		return strlen(N(v).str) != N(v).len;
	for (uint32_t c = N(v).first; c; c = N(c).next)
		if (has_nul(d, c))
			return true;
	return false;
}

/*
 * The `ranges` column of an affected entry: its ranges as `db show` prints
 * them (type, repo, events, database_specific), NULL when there are none.
 * A database_specific with a NUL in a string is left out, as `db show`
 * has always left it out.
 */
static int bind_ranges(cw_kb_builder *b, sqlite3_stmt *st, int col, uint32_t ranges)
{
	const cw__kbj_doc *d = b->jdoc;
	cw_buf *out = &b->jbuf;
	bool any = false;
	int error;

	cw__buf_clear(out);
	for (uint32_t rg = cw__kb_osv_items(d, ranges); rg; rg = N(rg).next) {
		uint32_t dbs = cw__kbj_get(d, rg, "database_specific");
		bool first = true;
		if ((error = cw__buf_putc(out, any ? ',' : '[')) < 0 ||
		    (error = put_member_str(out, d, rg, "type", &first)) < 0 ||
		    (error = put_member_str(out, d, rg, "repo", &first)) < 0 ||
		    (error = cw__buf_puts(out, first ? "{\"events\":" : ",\"events\":")) < 0)
			return error;
		bool first_ev = true;
		for (uint32_t ev = cw__kb_osv_items(d, cw__kbj_get(d, rg, "events")); ev; ev = N(ev).next) {
			const char *value = NULL, *kind = cw__kb_osv_event_kind(d, ev, &value);
			if ((error = cw__buf_puts(out, first_ev ? "[{" : ",{")) < 0 ||
			    (error = cw__kbj_dump_string(kind, strlen(kind), out)) < 0 ||
			    (error = cw__buf_putc(out, ':')) < 0 ||
			    (error = cw__kbj_dump_string(value, strlen(value), out)) < 0 ||
			    (error = cw__buf_putc(out, '}')) < 0)
				return error;
			first_ev = false;
		}
		if ((error = cw__buf_puts(out, first_ev ? "[]" : "]")) < 0)
			return error;
		if (!cw__kb_osv_absent(d, dbs) && !has_nul(d, dbs) &&
		    ((error = cw__buf_puts(out, ",\"database_specific\":")) < 0 ||
		     (error = cw__kbj_dump(d, dbs, out)) < 0))
			return error;
		if ((error = cw__buf_putc(out, '}')) < 0)
			return error;
		any = true;
	}
	if (any && (error = cw__buf_putc(out, ']')) < 0)
		return error;
	return bind_jbuf(b, st, col, any);
}

/* `extra`: the unknown top-level members as one compact object. */
static int bind_extra(cw_kb_builder *b, sqlite3_stmt *st, int i)
{
	const cw__kbj_doc *d = b->jdoc;
	bool any = false;
	int error = 0;
	cw__buf_clear(&b->jbuf);
	for (uint32_t c = N(0).first; c; c = N(c).next) {
		if (is_known(N(c).key))
			continue;
		if ((error = cw__buf_putc(&b->jbuf, any ? ',' : '{')) < 0 ||
		    (error = cw__kbj_dump_string(N(c).key, N(c).key_len, &b->jbuf)) < 0 ||
		    (error = cw__buf_putc(&b->jbuf, ':')) < 0 ||
		    (error = cw__kbj_dump(d, c, &b->jbuf)) < 0)
			return error;
		any = true;
	}
	if (any && (error = cw__buf_putc(&b->jbuf, '}')) < 0)
		return error;
	return bind_jbuf(b, st, i, any);
}

int cw__kb_osv_write(cw_kb_builder *b, const char *data, size_t len)
{
	const cw__kbj_doc *d = b->jdoc;
	sqlite3_stmt *st = b->st[ST_ADV_INSERT];
	int64_t adv;
	int error;

	bind_str(st, 1, d, 0, "id");
	bind_str(st, 2, d, 0, "schema_version");
	bind_str(st, 3, d, 0, "modified");
	bind_str(st, 4, d, 0, "published");
	bind_str(st, 5, d, 0, "withdrawn");
	bind_str(st, 6, d, 0, "summary");
	if ((error = bind_extra(b, st, 7)) < 0 ||
	    (error = bind_strings(b, st, 12, cw__kbj_get(d, 0, "aliases"))) < 0 ||
	    (error = bind_strings(b, st, 13, cw__kbj_get(d, 0, "related"))) < 0 ||
	    (error = bind_strings(b, st, 14, cw__kbj_get(d, 0, "upstream"))) < 0 ||
	    (error = cw__kb_store_raw(b, data, len)) < 0)
		return error;
	sqlite3_bind_blob(st, 8, b->zbuf.ptr, (int)b->zbuf.len, SQLITE_STATIC);
	sqlite3_bind_int64(st, 9, (int64_t)len);
	sqlite3_bind_text(st, 10, b->source, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 11, b->generation);
	if ((error = cw__kb_step_result(b, st, sqlite3_step(st))) < 0) {
		if (sqlite3_extended_errcode(b->db) == SQLITE_CONSTRAINT_UNIQUE)
			return CW__KB_OSV_EXISTS; /* only the name is unique */
		return error;
	}
	adv = sqlite3_last_insert_rowid(b->db);
	if ((error = insert_severity(b, adv, 0, cw__kbj_get(d, 0, "severity"))) < 0 ||
	    (error = insert_affected(b, adv, cw__kbj_get(d, 0, "affected"))) < 0)
		return error;
	return 0;
}

static int delete_advisory(cw_kb_builder *b, int64_t adv)
{
	char sql[1024];
	snprintf(sql, sizeof(sql),
	         "DELETE FROM affected WHERE adv = %1$lld;"
	         "DELETE FROM severity WHERE adv = %1$lld; DELETE FROM advisories WHERE id = %1$lld;",
	         (long long)adv);
	return cw__kb_exec(b->db, sql);
}

/* 1 when the record is new or changed and must be written, 0 to keep the old one. */
int cw__kb_osv_check_existing(cw_kb_builder *b, const char *id, const char *modified)
{
	sqlite3_stmt *st = b->st[ST_ADV_LOOKUP];
	int rc, error = 0, write = 1;
	int64_t old = 0;

	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const char *old_modified = (const char *)sqlite3_column_text(st, 1);
		old = sqlite3_column_int64(st, 0);
		write = !(old_modified && strcmp(old_modified, modified) == 0);
	} else if (rc != SQLITE_DONE) {
		error = cw__kb_sql_error(b->db, "looking up an advisory");
	}
	sqlite3_reset(st);
	if (error)
		return error;
	if (!old) {
		b->stats.added++;
		return 1;
	}
	if (!write) {
		b->stats.unchanged++;
		return 0;
	}
	b->stats.updated++;
	return (error = delete_advisory(b, old)) < 0 ? error : 1;
}
