/*
 * osv_fast.c - the fast path of the OSV record parser: the same checks and
 * the same rows as osv.c, read from a flat tree (jflat.h) instead of a
 * jansson DOM, with no allocation per record once the scratch buffers have
 * grown.  It only takes records it can handle exactly like osv.c: anything
 * jflat declines, and any record that fails a check, goes back to the
 * jansson path, which writes the same rows or the same malformed reason
 * (tests/unit/test_kb.c builds the shared zips both ways and compares every
 * table).  JSON columns (versions, *_specific, contact, extra) are dumped
 * byte for byte as json_dumps(JSON_COMPACT) would.
 */
#include "kb/kb_internal.h"
#include "kb/jflat.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>

enum { NOT_HANDLED = 1 };

typedef const cw__kbj_doc doc_t;

static const char *const known_members[] = {
	"id", "modified", "published", "withdrawn", "aliases", "related", "upstream",
	"summary", "details", "severity", "affected", "references", "credits",
	"schema_version", NULL
};
static const char *const event_kinds[] = { "introduced", "fixed", "last_affected", "limit", NULL };

#define N(i) (d->nodes[(i)])
#define TYPE_IS(i, t) ((i) && N(i).type == (t))

static bool absent(doc_t *d, uint32_t v)
{
	return !v || N(v).type == CW_KBJ_NULL;
}

/* absent, null or a string */
static bool opt_string(doc_t *d, uint32_t obj, const char *key)
{
	uint32_t v = cw__kbj_get(d, obj, key);
	return absent(d, v) || N(v).type == CW_KBJ_STRING;
}

static const char *get_str(doc_t *d, uint32_t obj, const char *key)
{
	uint32_t v = cw__kbj_get(d, obj, key);
	return TYPE_IS(v, CW_KBJ_STRING) ? N(v).str : NULL;
}

static bool string_array(doc_t *d, uint32_t v)
{
	if (absent(d, v))
		return true;
	if (N(v).type != CW_KBJ_ARRAY)
		return false;
	for (uint32_t c = N(v).first; c; c = N(c).next)
		if (N(c).type != CW_KBJ_STRING)
			return false;
	return true;
}

static bool opt_object(doc_t *d, uint32_t v)
{
	return absent(d, v) || N(v).type == CW_KBJ_OBJECT;
}

static bool opt_array(doc_t *d, uint32_t v)
{
	return absent(d, v) || N(v).type == CW_KBJ_ARRAY;
}

static bool valid_id(const char *id, size_t n)
{
	if (n == 0 || n > 255)
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)id[i] <= ' ' || id[i] == 0x7f)
			return false;
	return true;
}

static const char *event_kind(doc_t *d, uint32_t ev, const char **value)
{
	uint32_t v;
	if (!TYPE_IS(ev, CW_KBJ_OBJECT) || N(ev).count != 1)
		return NULL;
	v = N(ev).first;
	for (size_t i = 0; event_kinds[i]; i++)
		if (strcmp(event_kinds[i], N(v).key) == 0 && N(v).type == CW_KBJ_STRING && N(v).len > 0) {
			*value = N(v).str;
			return event_kinds[i];
		}
	return NULL;
}

static bool valid_severity(doc_t *d, uint32_t sev)
{
	if (absent(d, sev))
		return true;
	if (N(sev).type != CW_KBJ_ARRAY)
		return false;
	for (uint32_t s = N(sev).first; s; s = N(s).next)
		if (!TYPE_IS(s, CW_KBJ_OBJECT) || !TYPE_IS(cw__kbj_get(d, s, "type"), CW_KBJ_STRING) ||
		    !TYPE_IS(cw__kbj_get(d, s, "score"), CW_KBJ_STRING))
			return false;
	return true;
}

static bool valid_range(doc_t *d, uint32_t rg)
{
	uint32_t events;
	if (!TYPE_IS(rg, CW_KBJ_OBJECT) || !TYPE_IS(cw__kbj_get(d, rg, "type"), CW_KBJ_STRING) ||
	    !opt_string(d, rg, "repo") || !opt_object(d, cw__kbj_get(d, rg, "database_specific")))
		return false;
	events = cw__kbj_get(d, rg, "events");
	if (!TYPE_IS(events, CW_KBJ_ARRAY) || N(events).count == 0)
		return false;
	for (uint32_t ev = N(events).first; ev; ev = N(ev).next) {
		const char *value;
		if (!event_kind(d, ev, &value))
			return false;
	}
	return true;
}

static bool valid_affected(doc_t *d, uint32_t a)
{
	uint32_t pkg = cw__kbj_get(d, a, "package"), ranges;
	if (!TYPE_IS(a, CW_KBJ_OBJECT) || !opt_object(d, pkg))
		return false;
	if (TYPE_IS(pkg, CW_KBJ_OBJECT) &&
	    (!opt_string(d, pkg, "ecosystem") || !opt_string(d, pkg, "name") || !opt_string(d, pkg, "purl")))
		return false;
	if (!string_array(d, cw__kbj_get(d, a, "versions")) ||
	    !valid_severity(d, cw__kbj_get(d, a, "severity")) ||
	    !opt_object(d, cw__kbj_get(d, a, "ecosystem_specific")) ||
	    !opt_object(d, cw__kbj_get(d, a, "database_specific")))
		return false;
	ranges = cw__kbj_get(d, a, "ranges");
	if (!opt_array(d, ranges))
		return false;
	if (ranges)
		for (uint32_t rg = N(ranges).first; rg; rg = N(rg).next)
			if (!valid_range(d, rg))
				return false;
	return true;
}

/* The checks of osv.c's validate(); false sends the record to the jansson path. */
static bool validate(doc_t *d)
{
	uint32_t id = cw__kbj_get(d, 0, "id"), v;
	if (N(0).type != CW_KBJ_OBJECT || !TYPE_IS(id, CW_KBJ_STRING) || !valid_id(N(id).str, N(id).len) ||
	    !TYPE_IS(cw__kbj_get(d, 0, "modified"), CW_KBJ_STRING))
		return false;
	if (!opt_string(d, 0, "published") || !opt_string(d, 0, "withdrawn") ||
	    !opt_string(d, 0, "summary") || !opt_string(d, 0, "details") ||
	    !opt_string(d, 0, "schema_version") ||
	    !string_array(d, cw__kbj_get(d, 0, "aliases")) ||
	    !string_array(d, cw__kbj_get(d, 0, "related")) ||
	    !string_array(d, cw__kbj_get(d, 0, "upstream")) ||
	    !valid_severity(d, cw__kbj_get(d, 0, "severity")))
		return false;
	v = cw__kbj_get(d, 0, "affected");
	if (!opt_array(d, v))
		return false;
	if (v)
		for (uint32_t a = N(v).first; a; a = N(a).next)
			if (!valid_affected(d, a))
				return false;
	v = cw__kbj_get(d, 0, "references");
	if (!opt_array(d, v))
		return false;
	if (v)
		for (uint32_t r = N(v).first; r; r = N(r).next)
			if (!TYPE_IS(r, CW_KBJ_OBJECT) || !TYPE_IS(cw__kbj_get(d, r, "url"), CW_KBJ_STRING) ||
			    !opt_string(d, r, "type"))
				return false;
	v = cw__kbj_get(d, 0, "credits");
	if (!opt_array(d, v))
		return false;
	if (v)
		for (uint32_t c = N(v).first; c; c = N(c).next)
			if (!TYPE_IS(c, CW_KBJ_OBJECT) || !TYPE_IS(cw__kbj_get(d, c, "name"), CW_KBJ_STRING) ||
			    !opt_string(d, c, "type") || !string_array(d, cw__kbj_get(d, c, "contact")))
				return false;
	return true;
}

/* Children of an array node (0 when absent or not an array, as json_array_foreach). */
static uint32_t first_item(doc_t *d, uint32_t v)
{
	return TYPE_IS(v, CW_KBJ_ARRAY) ? N(v).first : 0;
}

static int bind_str(sqlite3_stmt *st, int i, const char *s)
{
	return cw__kb_bind_text(st, i, s);
}

/* As osv.c's bind_json: compact JSON, NULL for absent or null. */
static int bind_json(cw_kb_builder *b, sqlite3_stmt *st, int i, uint32_t v)
{
	doc_t *d = b->jdoc;
	int error;
	if (absent(d, v))
		return sqlite3_bind_null(st, i);
	cw__buf_clear(&b->jbuf);
	if ((error = cw__kbj_dump(d, v, &b->jbuf)) < 0)
		return error;
	return sqlite3_bind_text(st, i, b->jbuf.ptr, (int)b->jbuf.len, SQLITE_TRANSIENT) == SQLITE_OK
	       ? 0 : cw__error_oom();
}

static int insert_strings(cw_kb_builder *b, int64_t adv, const char *kind, uint32_t arr)
{
	doc_t *d = b->jdoc;
	sqlite3_stmt *st = b->st[ST_ALIAS];
	int error = 0;
	for (uint32_t v = first_item(d, arr); v; v = N(v).next) {
		sqlite3_bind_int64(st, 1, adv);
		sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, N(v).str, (int)N(v).len, SQLITE_STATIC);
		if ((error = cw__kb_step_done(b, st)) < 0)
			break;
	}
	return error;
}

static int insert_severity(cw_kb_builder *b, int64_t adv, int64_t affected, uint32_t arr)
{
	doc_t *d = b->jdoc;
	sqlite3_stmt *st = b->st[ST_SEVERITY];
	int error = 0;
	for (uint32_t v = first_item(d, arr); v; v = N(v).next) {
		sqlite3_bind_int64(st, 1, adv);
		if (affected)
			sqlite3_bind_int64(st, 2, affected);
		else
			sqlite3_bind_null(st, 2);
		bind_str(st, 3, get_str(d, v, "type"));
		bind_str(st, 4, get_str(d, v, "score"));
		if ((error = cw__kb_step_done(b, st)) < 0)
			break;
	}
	return error;
}

static int insert_ranges(cw_kb_builder *b, int64_t affected, uint32_t ranges)
{
	doc_t *d = b->jdoc;
	int64_t j = 0;
	int error = 0;
	for (uint32_t rg = first_item(d, ranges); rg; rg = N(rg).next, j++) {
		sqlite3_stmt *st = b->st[ST_RANGE];
		int64_t range_id, k = 0;
		sqlite3_bind_int64(st, 1, affected);
		sqlite3_bind_int64(st, 2, j);
		bind_str(st, 3, get_str(d, rg, "type"));
		bind_str(st, 4, get_str(d, rg, "repo"));
		if ((error = bind_json(b, st, 5, cw__kbj_get(d, rg, "database_specific"))) < 0 ||
		    (error = cw__kb_step_done(b, st)) < 0)
			return error;
		range_id = sqlite3_last_insert_rowid(b->db);
		for (uint32_t ev = first_item(d, cw__kbj_get(d, rg, "events")); ev; ev = N(ev).next, k++) {
			const char *value = NULL, *kind = event_kind(d, ev, &value);
			st = b->st[ST_EVENT];
			sqlite3_bind_int64(st, 1, range_id);
			sqlite3_bind_int64(st, 2, k);
			sqlite3_bind_text(st, 3, kind, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 4, value, -1, SQLITE_STATIC);
			if ((error = cw__kb_step_done(b, st)) < 0)
				return error;
		}
	}
	return 0;
}

static int insert_affected(cw_kb_builder *b, int64_t adv, uint32_t affected)
{
	doc_t *d = b->jdoc;
	int64_t i = 0;
	int error = 0;
	for (uint32_t a = first_item(d, affected); a; a = N(a).next, i++) {
		sqlite3_stmt *st = b->st[ST_AFFECTED];
		uint32_t pkg = cw__kbj_get(d, a, "package");
		const char *eco = get_str(d, pkg, "ecosystem");
		const char *name = get_str(d, pkg, "name");
		char *norm = NULL;
		int64_t affected_id;

		sqlite3_bind_int64(st, 1, adv);
		sqlite3_bind_int64(st, 2, i);
		bind_str(st, 3, eco);
		if (eco)
			sqlite3_bind_text(st, 4, eco, (int)strcspn(eco, ":"), SQLITE_STATIC);
		else
			sqlite3_bind_null(st, 4);
		bind_str(st, 5, name);
		if (name) {
			if ((error = cw_kb_normalize_name(&norm, eco, name, strlen(name))) < 0)
				return error;
			sqlite3_bind_text(st, 6, norm, -1, free);
		} else {
			sqlite3_bind_null(st, 6);
		}
		bind_str(st, 7, get_str(d, pkg, "purl"));
		if ((error = bind_json(b, st, 8, cw__kbj_get(d, a, "versions"))) < 0 ||
		    (error = bind_json(b, st, 9, cw__kbj_get(d, a, "ecosystem_specific"))) < 0 ||
		    (error = bind_json(b, st, 10, cw__kbj_get(d, a, "database_specific"))) < 0 ||
		    (error = cw__kb_step_done(b, st)) < 0)
			return error;
		affected_id = sqlite3_last_insert_rowid(b->db);
		if ((error = insert_severity(b, adv, affected_id, cw__kbj_get(d, a, "severity"))) < 0 ||
		    (error = insert_ranges(b, affected_id, cw__kbj_get(d, a, "ranges"))) < 0)
			return error;
	}
	return 0;
}

static int insert_refs_credits(cw_kb_builder *b, int64_t adv)
{
	doc_t *d = b->jdoc;
	int error = 0;
	for (uint32_t v = first_item(d, cw__kbj_get(d, 0, "references")); v; v = N(v).next) {
		sqlite3_stmt *st = b->st[ST_REF];
		sqlite3_bind_int64(st, 1, adv);
		bind_str(st, 2, get_str(d, v, "type"));
		bind_str(st, 3, get_str(d, v, "url"));
		if ((error = cw__kb_step_done(b, st)) < 0)
			return error;
	}
	for (uint32_t v = first_item(d, cw__kbj_get(d, 0, "credits")); v; v = N(v).next) {
		sqlite3_stmt *st = b->st[ST_CREDIT];
		sqlite3_bind_int64(st, 1, adv);
		bind_str(st, 2, get_str(d, v, "name"));
		bind_str(st, 3, get_str(d, v, "type"));
		if ((error = bind_json(b, st, 4, cw__kbj_get(d, v, "contact"))) < 0 ||
		    (error = cw__kb_step_done(b, st)) < 0)
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

/* `extra`: the unknown top-level members as one compact object, as osv.c builds it. */
static int bind_extra(cw_kb_builder *b, sqlite3_stmt *st, int i)
{
	doc_t *d = b->jdoc;
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
	if (!any)
		return sqlite3_bind_null(st, i);
	if ((error = cw__buf_putc(&b->jbuf, '}')) < 0)
		return error;
	return sqlite3_bind_text(st, i, b->jbuf.ptr, (int)b->jbuf.len, SQLITE_TRANSIENT) == SQLITE_OK
	       ? 0 : cw__error_oom();
}

static int insert_advisory(cw_kb_builder *b, const char *data, size_t len)
{
	doc_t *d = b->jdoc;
	sqlite3_stmt *st = b->st[ST_ADV_INSERT];
	int64_t adv;
	int error;

	bind_str(st, 1, get_str(d, 0, "id"));
	bind_str(st, 2, get_str(d, 0, "schema_version"));
	bind_str(st, 3, get_str(d, 0, "modified"));
	bind_str(st, 4, get_str(d, 0, "published"));
	bind_str(st, 5, get_str(d, 0, "withdrawn"));
	bind_str(st, 6, get_str(d, 0, "summary"));
	bind_str(st, 7, get_str(d, 0, "details"));
	if ((error = bind_extra(b, st, 8)) < 0 || (error = cw__kb_store_raw(b, data, len)) < 0)
		return error;
	sqlite3_bind_blob(st, 9, b->zbuf.ptr, (int)b->zbuf.len, SQLITE_STATIC);
	sqlite3_bind_int64(st, 10, (int64_t)len);
	sqlite3_bind_text(st, 11, b->source, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 12, b->generation);
	if ((error = cw__kb_step_done(b, st)) < 0)
		return error;
	adv = sqlite3_last_insert_rowid(b->db);
	if ((error = insert_strings(b, adv, "alias", cw__kbj_get(d, 0, "aliases"))) < 0 ||
	    (error = insert_strings(b, adv, "related", cw__kbj_get(d, 0, "related"))) < 0 ||
	    (error = insert_strings(b, adv, "upstream", cw__kbj_get(d, 0, "upstream"))) < 0 ||
	    (error = insert_severity(b, adv, 0, cw__kbj_get(d, 0, "severity"))) < 0 ||
	    (error = insert_affected(b, adv, cw__kbj_get(d, 0, "affected"))) < 0 ||
	    (error = insert_refs_credits(b, adv)) < 0)
		return error;
	return 0;
}

int cw__kb_osv_ingest_fast(cw_kb_builder *b, const char *data, size_t len)
{
	doc_t *d;
	int error;

	if (b->slow_json)
		return NOT_HANDLED;
	if (!b->jdoc && !(b->jdoc = calloc(1, sizeof(*b->jdoc))))
		return cw__error_oom();
	d = b->jdoc;
	if ((error = cw__kbj_parse(b->jdoc, data, len)) != 0)
		return error;
	if (!validate(d))
		return NOT_HANDLED;
	b->fast_records++;
	if ((error = cw__kb_osv_check_existing(b, get_str(d, 0, "id"), get_str(d, 0, "modified"))) <= 0)
		return error;
	return insert_advisory(b, data, len);
}
