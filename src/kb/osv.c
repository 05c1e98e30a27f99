/*
 * osv.c - the OSV record parser: validates one OSV JSON record and writes
 * it into the KB tables (see schema.c).
 *
 * Spec: https://ossf.github.io/osv-schema/ (schema 1.0 to 1.7 handled; the
 * fields read are stable across them).  A record is checked completely
 * before anything is written, so a malformed record leaves no rows: it is
 * skipped with a warning naming the id and the reason, and counted.
 *
 * Incremental builds: a record whose id is already in the KB with the same
 * `modified` is left untouched; with a different `modified` its rows are
 * deleted and rewritten with the current generation.
 */
#include "kb/kb_internal.h"
#include "chainwarden/log.h"
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

static const char *const event_kinds[] = { "introduced", "fixed", "last_affected", "limit", NULL };

static bool is_known(const char *key)
{
	for (size_t i = 0; known_members[i]; i++)
		if (strcmp(known_members[i], key) == 0)
			return true;
	return false;
}

/* Optional member of type string; reports a reason when it has another type. */
static bool opt_string(const json_t *obj, const char *key, const char **out, const char **why)
{
	json_t *v = json_object_get(obj, key);
	*out = NULL;
	if (!v || json_is_null(v))
		return true;
	if (!json_is_string(v)) {
		*why = key;
		return false;
	}
	*out = json_string_value(v);
	return true;
}

static bool string_array(const json_t *v)
{
	size_t i;
	json_t *item;
	if (!v || json_is_null(v))
		return true;
	if (!json_is_array(v))
		return false;
	json_array_foreach(v, i, item)
		if (!json_is_string(item))
			return false;
	return true;
}

static bool opt_object(const json_t *v)
{
	return !v || json_is_null(v) || json_is_object(v);
}

static bool valid_id(const char *id)
{
	size_t n = strlen(id);
	if (n == 0 || n > 255)
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)id[i] <= ' ' || id[i] == 0x7f)
			return false;
	return true;
}

/* The single event kind of an OSV range event, or NULL. */
static const char *event_kind(const json_t *ev, const char **value)
{
	const char *key;
	json_t *v;
	if (!json_is_object(ev) || json_object_size(ev) != 1)
		return NULL;
	json_object_foreach((json_t *)ev, key, v) {
		for (size_t i = 0; event_kinds[i]; i++)
			if (strcmp(event_kinds[i], key) == 0 && json_is_string(v) &&
			    json_string_length(v) > 0) {
				*value = json_string_value(v);
				return event_kinds[i];
			}
	}
	return NULL;
}

static bool valid_severity(const json_t *sev)
{
	size_t i;
	json_t *s;
	if (!sev || json_is_null(sev))
		return true;
	if (!json_is_array(sev))
		return false;
	json_array_foreach(sev, i, s)
		if (!json_is_object(s) || !json_is_string(json_object_get(s, "type")) ||
		    !json_is_string(json_object_get(s, "score")))
			return false;
	return true;
}

/* Check everything the writer relies on; *why gets a static reason. */
static bool validate(const json_t *rec, const char **why)
{
	const char *s;
	json_t *affected, *a, *refs, *r, *credits, *c;
	size_t i, j, k;

	if (!json_is_object(rec))
		return (*why = "record is not a JSON object"), false;
	if (!opt_string(rec, "id", &s, why) || !s)
		return (*why = "missing or non-string \"id\""), false;
	if (!valid_id(s))
		return (*why = "\"id\" is empty, too long or has spaces/control characters"), false;
	if (!opt_string(rec, "modified", &s, why) || !s)
		return (*why = "missing or non-string \"modified\""), false;
	if (!opt_string(rec, "published", &s, why) || !opt_string(rec, "withdrawn", &s, why) ||
	    !opt_string(rec, "summary", &s, why) || !opt_string(rec, "details", &s, why) ||
	    !opt_string(rec, "schema_version", &s, why))
		return (*why = "a date or text member is not a string"), false;
	if (!string_array(json_object_get(rec, "aliases")) ||
	    !string_array(json_object_get(rec, "related")) ||
	    !string_array(json_object_get(rec, "upstream")))
		return (*why = "\"aliases\", \"related\" or \"upstream\" is not an array of strings"), false;
	if (!valid_severity(json_object_get(rec, "severity")))
		return (*why = "\"severity\" is not an array of {type, score}"), false;

	affected = json_object_get(rec, "affected");
	if (affected && !json_is_null(affected) && !json_is_array(affected))
		return (*why = "\"affected\" is not an array"), false;
	json_array_foreach(affected, i, a) {
		json_t *pkg = json_object_get(a, "package"), *ranges, *rg;
		if (!json_is_object(a))
			return (*why = "an \"affected\" entry is not an object"), false;
		if (!opt_object(pkg))
			return (*why = "\"affected[].package\" is not an object"), false;
		if (pkg && json_is_object(pkg) &&
		    (!opt_string(pkg, "ecosystem", &s, why) || !opt_string(pkg, "name", &s, why) ||
		     !opt_string(pkg, "purl", &s, why)))
			return (*why = "\"affected[].package\" member is not a string"), false;
		if (!string_array(json_object_get(a, "versions")))
			return (*why = "\"affected[].versions\" is not an array of strings"), false;
		if (!valid_severity(json_object_get(a, "severity")))
			return (*why = "\"affected[].severity\" is not an array of {type, score}"), false;
		if (!opt_object(json_object_get(a, "ecosystem_specific")) ||
		    !opt_object(json_object_get(a, "database_specific")))
			return (*why = "\"affected[].*_specific\" is not an object"), false;
		ranges = json_object_get(a, "ranges");
		if (ranges && !json_is_null(ranges) && !json_is_array(ranges))
			return (*why = "\"affected[].ranges\" is not an array"), false;
		json_array_foreach(ranges, j, rg) {
			json_t *events, *ev;
			if (!json_is_object(rg) || !json_is_string(json_object_get(rg, "type")))
				return (*why = "a range is not an object with a string \"type\""), false;
			if (!opt_string(rg, "repo", &s, why) ||
			    !opt_object(json_object_get(rg, "database_specific")))
				return (*why = "a range's \"repo\" or \"database_specific\" has the wrong type"), false;
			events = json_object_get(rg, "events");
			if (!json_is_array(events) || json_array_size(events) == 0)
				return (*why = "a range has no \"events\" array"), false;
			json_array_foreach(events, k, ev) {
				const char *value;
				if (!event_kind(ev, &value))
					return (*why = "a range event is not one of {introduced|fixed|last_affected|limit: non-empty string}"), false;
			}
		}
	}
	refs = json_object_get(rec, "references");
	if (refs && !json_is_null(refs) && !json_is_array(refs))
		return (*why = "\"references\" is not an array"), false;
	json_array_foreach(refs, i, r)
		if (!json_is_object(r) || !json_is_string(json_object_get(r, "url")) ||
		    !opt_string(r, "type", &s, why))
			return (*why = "a reference is not an object with a string \"url\""), false;
	credits = json_object_get(rec, "credits");
	if (credits && !json_is_null(credits) && !json_is_array(credits))
		return (*why = "\"credits\" is not an array"), false;
	json_array_foreach(credits, i, c)
		if (!json_is_object(c) || !json_is_string(json_object_get(c, "name")) ||
		    !opt_string(c, "type", &s, why) || !string_array(json_object_get(c, "contact")))
			return (*why = "a credit is not an object with a string \"name\""), false;
	return true;
}

/* Bind a JSON value as compact JSON text (NULL for absent/null/empty containers). */
static int bind_json(sqlite3_stmt *st, int i, const json_t *v)
{
	char *text;
	if (!v || json_is_null(v))
		return sqlite3_bind_null(st, i);
	if (!(text = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY)))
		return cw__error_oom();
	return sqlite3_bind_text(st, i, text, -1, free) == SQLITE_OK ? 0 : cw__error_oom();
}

static int insert_strings(cw_kb_builder *b, int64_t adv, const char *kind, const json_t *arr)
{
	sqlite3_stmt *st = b->st[ST_ALIAS];
	size_t i;
	json_t *v;
	int error = 0;
	json_array_foreach(arr, i, v) {
		sqlite3_bind_int64(st, 1, adv);
		sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, json_string_value(v), -1, SQLITE_STATIC);
		if ((error = cw__kb_step_done(b, st)) < 0)
			break;
	}
	return error;
}

static int insert_severity(cw_kb_builder *b, int64_t adv, int64_t affected, const json_t *arr)
{
	sqlite3_stmt *st = b->st[ST_SEVERITY];
	size_t i;
	json_t *v;
	int error = 0;
	json_array_foreach(arr, i, v) {
		sqlite3_bind_int64(st, 1, adv);
		if (affected)
			sqlite3_bind_int64(st, 2, affected);
		else
			sqlite3_bind_null(st, 2);
		cw__kb_bind_text(st, 3, cw__json_get_str(v, "type"));
		cw__kb_bind_text(st, 4, cw__json_get_str(v, "score"));
		if ((error = cw__kb_step_done(b, st)) < 0)
			break;
	}
	return error;
}

static int insert_ranges(cw_kb_builder *b, int64_t affected, const json_t *ranges)
{
	size_t j, k;
	json_t *rg, *ev;
	int error = 0;
	json_array_foreach(ranges, j, rg) {
		sqlite3_stmt *st = b->st[ST_RANGE];
		int64_t range_id;
		sqlite3_bind_int64(st, 1, affected);
		sqlite3_bind_int64(st, 2, (int64_t)j);
		cw__kb_bind_text(st, 3, cw__json_get_str(rg, "type"));
		cw__kb_bind_text(st, 4, cw__json_get_str(rg, "repo"));
		if ((error = bind_json(st, 5, json_object_get(rg, "database_specific"))) < 0 ||
		    (error = cw__kb_step_done(b, st)) < 0)
			return error;
		range_id = sqlite3_last_insert_rowid(b->db);
		json_array_foreach(json_object_get(rg, "events"), k, ev) {
			const char *value = NULL, *kind = event_kind(ev, &value);
			st = b->st[ST_EVENT];
			sqlite3_bind_int64(st, 1, range_id);
			sqlite3_bind_int64(st, 2, (int64_t)k);
			sqlite3_bind_text(st, 3, kind, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 4, value, -1, SQLITE_STATIC);
			if ((error = cw__kb_step_done(b, st)) < 0)
				return error;
		}
	}
	return 0;
}

static int insert_affected(cw_kb_builder *b, int64_t adv, const json_t *affected)
{
	size_t i;
	json_t *a;
	int error = 0;
	json_array_foreach(affected, i, a) {
		sqlite3_stmt *st = b->st[ST_AFFECTED];
		json_t *pkg = json_object_get(a, "package");
		const char *eco = cw__json_get_str(pkg, "ecosystem");
		const char *name = cw__json_get_str(pkg, "name");
		char *norm = NULL;
		int64_t affected_id;

		sqlite3_bind_int64(st, 1, adv);
		sqlite3_bind_int64(st, 2, (int64_t)i);
		cw__kb_bind_text(st, 3, eco);
		if (eco)
			sqlite3_bind_text(st, 4, eco, (int)strcspn(eco, ":"), SQLITE_TRANSIENT);
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
		cw__kb_bind_text(st, 7, cw__json_get_str(pkg, "purl"));
		if ((error = bind_json(st, 8, json_object_get(a, "versions"))) < 0 ||
		    (error = bind_json(st, 9, json_object_get(a, "ecosystem_specific"))) < 0 ||
		    (error = bind_json(st, 10, json_object_get(a, "database_specific"))) < 0 ||
		    (error = cw__kb_step_done(b, st)) < 0)
			return error;
		affected_id = sqlite3_last_insert_rowid(b->db);
		if ((error = insert_severity(b, adv, affected_id, json_object_get(a, "severity"))) < 0 ||
		    (error = insert_ranges(b, affected_id, json_object_get(a, "ranges"))) < 0)
			return error;
	}
	return 0;
}

static int insert_refs_credits(cw_kb_builder *b, int64_t adv, const json_t *rec)
{
	size_t i;
	json_t *v;
	int error = 0;
	json_array_foreach(json_object_get(rec, "references"), i, v) {
		sqlite3_stmt *st = b->st[ST_REF];
		sqlite3_bind_int64(st, 1, adv);
		cw__kb_bind_text(st, 2, cw__json_get_str(v, "type"));
		cw__kb_bind_text(st, 3, cw__json_get_str(v, "url"));
		if ((error = cw__kb_step_done(b, st)) < 0)
			return error;
	}
	json_array_foreach(json_object_get(rec, "credits"), i, v) {
		sqlite3_stmt *st = b->st[ST_CREDIT];
		sqlite3_bind_int64(st, 1, adv);
		cw__kb_bind_text(st, 2, cw__json_get_str(v, "name"));
		cw__kb_bind_text(st, 3, cw__json_get_str(v, "type"));
		if ((error = bind_json(st, 4, json_object_get(v, "contact"))) < 0 ||
		    (error = cw__kb_step_done(b, st)) < 0)
			return error;
	}
	return 0;
}

static int delete_advisory(cw_kb_builder *b, int64_t adv)
{
	char sql[1024];
	snprintf(sql, sizeof(sql),
	         "DELETE FROM events WHERE rng IN (SELECT r.id FROM ranges r JOIN affected a"
	         " ON r.affected = a.id WHERE a.adv = %1$lld);"
	         "DELETE FROM ranges WHERE affected IN (SELECT id FROM affected WHERE adv = %1$lld);"
	         "DELETE FROM affected WHERE adv = %1$lld; DELETE FROM aliases WHERE adv = %1$lld;"
	         "DELETE FROM severity WHERE adv = %1$lld; DELETE FROM refs WHERE adv = %1$lld;"
	         "DELETE FROM credits WHERE adv = %1$lld; DELETE FROM advisories WHERE id = %1$lld;",
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

static int insert_advisory(cw_kb_builder *b, const json_t *rec, const char *data, size_t len)
{
	sqlite3_stmt *st = b->st[ST_ADV_INSERT];
	json_t *extra = NULL, *v;
	const char *key;
	int64_t adv;
	int error;

	json_object_foreach((json_t *)rec, key, v) {
		if (is_known(key))
			continue;
		if ((!extra && !(extra = json_object())) || json_object_set(extra, key, v) < 0) {
			json_decref(extra);
			return cw__error_oom();
		}
	}
	cw__kb_bind_text(st, 1, cw__json_get_str(rec, "id"));
	cw__kb_bind_text(st, 2, cw__json_get_str(rec, "schema_version"));
	cw__kb_bind_text(st, 3, cw__json_get_str(rec, "modified"));
	cw__kb_bind_text(st, 4, cw__json_get_str(rec, "published"));
	cw__kb_bind_text(st, 5, cw__json_get_str(rec, "withdrawn"));
	cw__kb_bind_text(st, 6, cw__json_get_str(rec, "summary"));
	cw__kb_bind_text(st, 7, cw__json_get_str(rec, "details"));
	error = bind_json(st, 8, extra);
	json_decref(extra);
	if (error < 0 || (error = cw__kb_store_raw(b, data, len)) < 0)
		return error;
	sqlite3_bind_blob(st, 9, b->zbuf.ptr, (int)b->zbuf.len, SQLITE_STATIC);
	sqlite3_bind_int64(st, 10, (int64_t)len);
	sqlite3_bind_text(st, 11, b->source, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 12, b->generation);
	if ((error = cw__kb_step_done(b, st)) < 0)
		return error;
	adv = sqlite3_last_insert_rowid(b->db);
	if ((error = insert_strings(b, adv, "alias", json_object_get(rec, "aliases"))) < 0 ||
	    (error = insert_strings(b, adv, "related", json_object_get(rec, "related"))) < 0 ||
	    (error = insert_strings(b, adv, "upstream", json_object_get(rec, "upstream"))) < 0 ||
	    (error = insert_severity(b, adv, 0, json_object_get(rec, "severity"))) < 0 ||
	    (error = insert_affected(b, adv, json_object_get(rec, "affected"))) < 0 ||
	    (error = insert_refs_credits(b, adv, rec)) < 0)
		return error;
	return 0;
}

int cw__kb_osv_ingest(cw_kb_builder *b, const char *data, size_t len, const char *label)
{
	json_t *rec = NULL;
	const char *why = NULL, *id;
	int error = 0;

	b->src_records++;
	if ((error = cw__kb_osv_ingest_fast(b, data, len)) <= 0)
		return error;
	error = 0;
	if (cw__json_parse(&rec, data, len, label) < 0) {
		if (cw_error_last()->code == CW_ENOMEM)
			return CW_ENOMEM;
		return cw__kb_malformed(b, label, cw_error_last()->message);
	}
	if (!validate(rec, &why)) {
		id = json_is_object(rec) ? cw__json_get_str(rec, "id") : NULL;
		error = cw__kb_malformed(b, id && *id ? id : label, why);
		goto done;
	}
	id = cw__json_get_str(rec, "id");
	if ((error = cw__kb_osv_check_existing(b, id, cw__json_get_str(rec, "modified"))) <= 0)
		goto done;
	error = insert_advisory(b, rec, data, len);
done:
	json_decref(rec);
	return error;
}
