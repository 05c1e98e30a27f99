/*
 * lookup.c - the matcher's read queries (kb_match.h): affected entries by
 * (ecosystem, normalized name) with their ranges and events in one indexed
 * query, and the per-vulnerability details (alias group, CVSS statements
 * from OSV and NVD, KEV, EPSS).  Statements are prepared once per scan.
 */
#include "kb/kb_match.h"
#include "kb/kb_query.h"
#include "kb/jflat.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>

enum {
	Q_AFFECTED, Q_ADV, Q_GROUP, Q_NVD_SEV, Q_CPE, Q_NVD_DESC, Q__COUNT
};

static const char *const sql[Q__COUNT] = {
	[Q_AFFECTED] =
		"SELECT f.id, f.adv, a.name, f.ecosystem, f.name, f.versions, f.ranges"
		" FROM affected f JOIN advisories a ON a.id = f.adv"
		" WHERE f.eco_base = ?1 AND f.norm_name = ?2 AND a.withdrawn IS NULL"
		" ORDER BY f.id",
	/* malicious: an affected entry says so (RustSec's categories: ["malicious"]) */
	[Q_ADV] =
		"SELECT name, summary, json_extract(extra, '$.database_specific.severity'),"
		" EXISTS(SELECT 1 FROM affected f, json_each(f.database_specific, '$.categories') c"
		"  WHERE f.adv = advisories.id AND json_valid(f.database_specific) AND c.value = 'malicious'),"
		" published"
		" FROM advisories WHERE id = ?1",
	/* The alias group with, per id, its OSV severity statements (if it is an
	 * advisory with any), KEV entry and EPSS score: one statement instead
	 * of four per id (statement executions dominate the matching time). */
	[Q_GROUP] =
		"SELECT g2.id, s.type, s.score, k.date_added, k.due_date, k.ransomware,"
		" ep.score, ep.percentile"
		" FROM id_groups g1 JOIN id_groups g2 ON g2.grp = g1.grp"
		" LEFT JOIN advisories a ON a.name = g2.id"
		" LEFT JOIN severity s ON s.adv = a.id"
		" LEFT JOIN kev k ON k.cve = g2.id"
		" LEFT JOIN epss ep ON ep.cve = g2.id"
		" WHERE g1.id = ?1 ORDER BY g2.id",
	[Q_NVD_SEV] =
		"SELECT g2.id, m.version, m.vector, m.base_score, m.source, m.type"
		" FROM id_groups g1 JOIN id_groups g2 ON g2.grp = g1.grp"
		" JOIN nvd n ON n.cve = g2.id JOIN nvd_metrics m ON m.nvd = n.id"
		" WHERE g1.id = ?1",
	[Q_CPE] =
		"SELECT n.cve, c.vendor, c.version, c.start_including, c.start_excluding,"
		" c.end_including, c.end_excluding"
		" FROM nvd_cpes c JOIN nvd n ON n.id = c.nvd"
		" WHERE c.vendor IN (?1, ?2) AND c.product = ?1 AND c.part = 'a'"
		" AND c.vulnerable = 1 AND c.negate = 0"
		" AND NOT EXISTS (SELECT 1 FROM nvd_cpes c2 WHERE c2.nvd = c.nvd"
		"                 AND c2.config = c.config AND c2.node <> c.node)",
	[Q_NVD_DESC] = "SELECT description, published FROM nvd WHERE cve = ?1",
};

struct cw__kb_lookup {
	cw_kb *kb;
	bool in_txn;
	cw__kbj_doc doc;     /* the `ranges` JSON of one affected entry, reused */
	sqlite3_stmt *st[Q__COUNT];
};

int cw__kb_lookup_new(cw__kb_lookup **out, cw_kb *kb)
{
	cw__kb_lookup *lk = calloc(1, sizeof(*lk));
	int error = 0;
	*out = NULL;
	if (!lk)
		return cw__error_oom();
	lk->kb = kb;
	/* One read transaction for the whole scan: without it every statement
	 * is its own transaction, taking and dropping the file lock and
	 * re-checking the file each time (a third of the scan time). */
	if ((error = cw__kb_exec(kb->db, "BEGIN")) < 0)
		goto done;
	lk->in_txn = true;
	/* Keep more pages cached than the 2 MiB default (the indexes of a big scan). */
	sqlite3_exec(kb->db, "PRAGMA cache_size=-8192", NULL, NULL, NULL);
	for (int i = 0; i < Q__COUNT; i++)
		if ((error = cw__kb_prepare(kb, &lk->st[i], sql[i])) < 0)
			goto done;
	*out = lk;
	lk = NULL;
done:
	cw__kb_lookup_free(lk);
	return error;
}

void cw__kb_lookup_free(cw__kb_lookup *lk)
{
	if (!lk)
		return;
	cw__kb_finalize_all(lk->st, Q__COUNT);
	cw__kbj_free(&lk->doc);
	if (lk->in_txn)
		sqlite3_exec(lk->kb->db, "COMMIT", NULL, NULL, NULL);
	free(lk);
}

/* The error of a failed arena allocation (the arena has set it), else CW_ENOMEM. */
static int alloc_failed(void)
{
	return cw_error_last()->code < 0 ? cw_error_last()->code : cw__error_oom();
}

static const char *col_str(cw_arena *arena, sqlite3_stmt *st, int col)
{
	const unsigned char *s = sqlite3_column_text(st, col);
	if (!s)
		return NULL;
	return cw__arena_strndup(arena, (const char *)s, (size_t)sqlite3_column_bytes(st, col));
}

/*
 * Fast path for the `versions` column, a JSON array of strings written by
 * the builder: split it without building a DOM when no string has an
 * escape (all real versions).  Returns 1 when done, 0 to use jansson.
 */
static int split_versions(cw_arena *arena, const char *json, cw__kb_affected *a)
{
	const char *p = json;
	size_t n = 0, cap = 0;
	while (*p == ' ')
		p++;
	if (*p++ != '[')
		return 0;
	for (size_t i = 0; p[i]; i++)
		cap += p[i] == '"';
	cap /= 2;
	if (cap && !(a->versions = cw__arena_alloc(arena, cap * sizeof(char *))))
		return -1;
	for (;;) {
		const char *end;
		while (*p == ' ' || *p == ',' || *p == '\n')
			p++;
		if (*p == ']')
			break;
		if (*p != '"' || !(end = strpbrk(p + 1, "\"\\")) || *end != '"' || n == cap) {
			a->versions = NULL;
			return 0;
		}
		if (!(a->versions[n++] = cw__arena_strndup(arena, p + 1, (size_t)(end - p - 1))))
			return -1;
		p = end + 1;
	}
	a->version_count = n;
	return 1;
}

/* The explicit `versions` JSON array into strings (bad JSON: none). */
static int parse_versions(cw_arena *arena, const char *json, cw__kb_affected *a)
{
	json_t *arr;
	size_t i, n = 0;
	int fast;
	if (!json || !*json)
		return 0;
	if ((fast = split_versions(arena, json, a)) != 0)
		return fast < 0 ? cw_error_last()->code : 0;
	if (!(arr = json_loads(json, 0, NULL)))
		return 0;
	if (json_is_array(arr) && json_array_size(arr)) {
		a->versions = cw__arena_calloc(arena, json_array_size(arr), sizeof(char *));
		if (!a->versions) {
			json_decref(arr);
			return cw_error_last()->code;
		}
		for (i = 0; i < json_array_size(arr); i++) {
			const char *s = json_string_value(json_array_get(arr, i));
			if (s && !(a->versions[n++] = cw__arena_strdup(arena, s))) {
				json_decref(arr);
				return cw_error_last()->code;
			}
		}
	}
	a->version_count = n;
	json_decref(arr);
	return 0;
}

static char event_kind(const char *k)
{
	if (!k)
		return 0;
	if (!strcmp(k, "introduced"))
		return 'i';
	if (!strcmp(k, "fixed"))
		return 'f';
	if (!strcmp(k, "last_affected"))
		return 'l';
	if (!strcmp(k, "limit"))
		return 'x';
	return 0;
}

/* Growable arena arrays: the result is small (tens of rows), doubling in the arena is fine. */
static void *grow(cw_arena *arena, void *items, size_t len, size_t *cap, size_t elem)
{
	void *bigger;
	if (len < *cap)
		return items;
	*cap = *cap ? *cap * 2 : 4;
	if (!(bigger = cw__arena_alloc(arena, *cap * elem)))
		return NULL;
	if (len)
		memcpy(bigger, items, len * elem);
	return bigger;
}

/* The ranges of one affected entry from its `ranges` column (written by osv_write.c). */
static int parse_ranges(cw__kb_lookup *lk, cw_arena *arena, const char *json, size_t len,
                        cw__kb_affected *a)
{
	cw__kbj_doc *d = &lk->doc;
	json_t *dom = NULL;
	int error = 0;
	if (!json)
		return 0;
	if ((error = cw__kbj_parse(d, json, len)) < 0)
		return error;
	if (error) {
		/* jflat declines some database_specific values: jansson reads them */
		if (!(dom = json_loadb(json, len, 0, NULL)))
			return 0;
		if ((error = cw__kbj_from_json(d, dom)) < 0)
			goto done;
	}
	if (d->nodes[0].type != CW_KBJ_ARRAY || !d->nodes[0].count)
		goto done;
	if (!(a->ranges = cw__arena_calloc(arena, d->nodes[0].count, sizeof(*a->ranges))))
		goto oom;
	for (uint32_t rg = d->nodes[0].first; rg; rg = d->nodes[rg].next) {
		cw__kb_range *r = &a->ranges[a->range_count++];
		uint32_t type = cw__kbj_get(d, rg, "type"), events = cw__kbj_get(d, rg, "events");
		r->type = "";
		if (type && d->nodes[type].type == CW_KBJ_STRING &&
		    !(r->type = cw__arena_strndup(arena, d->nodes[type].str, d->nodes[type].len)))
			goto oom;
		if (!events || d->nodes[events].type != CW_KBJ_ARRAY || !d->nodes[events].count)
			continue;
		if (!(r->events = cw__arena_calloc(arena, d->nodes[events].count, sizeof(*r->events))))
			goto oom;
		for (uint32_t ev = d->nodes[events].first; ev; ev = d->nodes[ev].next) {
			uint32_t v = d->nodes[ev].first;
			char kind = v ? event_kind(d->nodes[v].key) : 0;
			if (!kind || d->nodes[v].type != CW_KBJ_STRING)
				continue;
			r->events[r->event_count].kind = kind;
			if (!(r->events[r->event_count++].value =
			      cw__arena_strndup(arena, d->nodes[v].str, d->nodes[v].len)))
				goto oom;
		}
	}
done:
	json_decref(dom);
	return error < 0 ? error : 0;
oom:
	json_decref(dom);
	return alloc_failed();
}

int cw__kb_lookup_affected(cw__kb_lookup *lk, cw_arena *arena, const char *eco_base,
                           const char *norm_name, cw__kb_affected **out, size_t *count)
{
	sqlite3_stmt *st = lk->st[Q_AFFECTED];
	cw__kb_affected *list = NULL;
	size_t n = 0, cap = 0;
	int rc, error = 0;

	*out = NULL;
	*count = 0;
	sqlite3_reset(st);
	sqlite3_bind_text(st, 1, eco_base, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, norm_name, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		cw__kb_affected *a;
		if (!(list = grow(arena, list, n, &cap, sizeof(*list))))
			goto oom;
		a = &list[n++];
		memset(a, 0, sizeof(*a));
		a->adv = sqlite3_column_int64(st, 1);
		if (!(a->id = col_str(arena, st, 2)) || !(a->ecosystem = col_str(arena, st, 3)))
			goto oom;
		a->name = col_str(arena, st, 4);
		if ((error = parse_versions(arena, (const char *)sqlite3_column_text(st, 5), a)) < 0 ||
		    (error = parse_ranges(lk, arena, (const char *)sqlite3_column_text(st, 6),
		                          (size_t)sqlite3_column_bytes(st, 6), a)) < 0)
			goto done;
	}
	if (rc != SQLITE_DONE) {
		error = cw__kb_sql_error(lk->kb->db, "affected lookup");
		goto done;
	}
	*out = list;
	*count = n;
	goto done;
oom:
	error = alloc_failed();
done:
	sqlite3_reset(st);
	return error;
}

int cw__kb_lookup_names(cw__kb_lookup *lk, cw_arena *arena, cw_map *set)
{
	sqlite3_stmt *st = NULL;
	int rc, error = 0;
	if ((error = cw__kb_prepare(lk->kb, &st, "SELECT DISTINCT eco_base, norm_name FROM affected")) < 0)
		return error;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *e = (const char *)sqlite3_column_text(st, 0), *n = (const char *)sqlite3_column_text(st, 1);
		char *key;
		if (!e || !n)
			continue;
		if (!(key = cw__arena_printf(arena, "%s\n%s", e, n))) {
			error = cw_error_last()->code;
			break;
		}
		if ((error = cw__map_put(set, key, strlen(key), key, NULL)) < 0)
			break;
	}
	if (error >= 0 && rc != SQLITE_DONE && rc != SQLITE_ROW)
		error = cw__kb_sql_error(lk->kb->db, "name index");
	sqlite3_finalize(st);
	return error;
}

static int add_severity(cw_arena *arena, cw__kb_vuln *v, size_t *cap, const char *type,
                        const char *vector, double score, const char *source, bool primary)
{
	cw__kb_severity *s;
	if (!(v->severities = grow(arena, v->severities, v->severity_count, cap, sizeof(*s))))
		return cw_error_last()->code;
	s = &v->severities[v->severity_count++];
	s->type = type;
	s->vector = vector;
	s->score = score;
	s->source = source;
	s->primary = primary;
	return 0;
}

static int group_details(cw__kb_lookup *lk, cw_arena *arena, const char *name, cw__kb_vuln *out);

int cw__kb_lookup_vuln(cw__kb_lookup *lk, cw_arena *arena, int64_t adv, cw__kb_vuln *out)
{
	sqlite3_stmt *st = lk->st[Q_ADV];
	const char *name = NULL;

	memset(out, 0, sizeof(*out));
	sqlite3_reset(st);
	sqlite3_bind_int64(st, 1, adv);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return cw__error_set(CW_ENOTFOUND, "KB: advisory %lld not found", (long long)adv);
	}
	name = col_str(arena, st, 0);
	out->summary = col_str(arena, st, 1);
	out->db_severity = col_str(arena, st, 2);
	out->malicious = sqlite3_column_int(st, 3) != 0;
	out->published = col_str(arena, st, 4);
	sqlite3_reset(st);
	if (!name)
		return cw__error_oom();
	return group_details(lk, arena, name, out);
}

int cw__kb_lookup_vuln_id(cw__kb_lookup *lk, cw_arena *arena, const char *id, cw__kb_vuln *out)
{
	sqlite3_stmt *st = lk->st[Q_NVD_DESC];
	const char *name = cw__arena_strdup(arena, id);
	memset(out, 0, sizeof(*out));
	if (!name)
		return cw_error_last()->code;
	sqlite3_reset(st);
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		out->summary = col_str(arena, st, 0);
		out->published = col_str(arena, st, 1);
	}
	sqlite3_reset(st);
	return group_details(lk, arena, name, out);
}

static char *unescape(cw_arena *arena, sqlite3_stmt *st, int col)
{
	const char *s = (const char *)sqlite3_column_text(st, col);
	char *out, *o;
	if (!s)
		return NULL;
	if (!(out = o = cw__arena_alloc(arena, strlen(s) + 1)))
		return NULL;
	for (; *s; s++) {
		if (*s == '\\' && s[1])
			s++;
		*o++ = *s;
	}
	*o = '\0';
	return out;
}

int cw__kb_lookup_cpe(cw__kb_lookup *lk, cw_arena *arena, const char *product, const char *vendor,
                      cw__kb_cpe **out, size_t *count)
{
	sqlite3_stmt *st = lk->st[Q_CPE];
	cw__kb_cpe *list = NULL;
	size_t n = 0, cap = 0;
	int error = 0;
	*out = NULL;
	*count = 0;
	sqlite3_reset(st);
	sqlite3_bind_text(st, 1, product, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, vendor ? vendor : product, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		cw__kb_cpe *c;
		if (!(list = grow(arena, list, n, &cap, sizeof(*list)))) {
			error = cw_error_last()->code;
			break;
		}
		c = &list[n++];
		c->cve = col_str(arena, st, 0);
		c->vendor = unescape(arena, st, 1);
		c->version = unescape(arena, st, 2);
		c->start_including = unescape(arena, st, 3);
		c->start_excluding = unescape(arena, st, 4);
		c->end_including = unescape(arena, st, 5);
		c->end_excluding = unescape(arena, st, 6);
		if (!c->cve || !c->version) {
			error = alloc_failed();
			break;
		}
	}
	sqlite3_reset(st);
	if (error >= 0) {
		*out = list;
		*count = n;
	}
	return error;
}

static int group_details(cw__kb_lookup *lk, cw_arena *arena, const char *name, cw__kb_vuln *out)
{
	sqlite3_stmt *st;
	size_t cap = 0, scap = 0;
	int error = 0;

	st = lk->st[Q_GROUP];
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(st, 0);
		if (!id)
			continue;
		/* rows come grouped by id: one per severity statement */
		if (!out->id_count || strcmp(out->ids[out->id_count - 1], id)) {
			if (!(out->ids = grow(arena, out->ids, out->id_count, &cap, sizeof(char *))) ||
			    !(out->ids[out->id_count] = col_str(arena, st, 0)))
				goto oom;
			out->id_count++;
			if (!out->kev && sqlite3_column_type(st, 3) != SQLITE_NULL) {
				out->kev = true;
				out->kev_cve = out->ids[out->id_count - 1];
				out->kev_date_added = col_str(arena, st, 3);
				out->kev_due_date = col_str(arena, st, 4);
				out->kev_ransomware = col_str(arena, st, 5);
			}
			/* several CVEs in one group: keep the highest probability */
			if (sqlite3_column_type(st, 6) != SQLITE_NULL &&
			    (!out->epss || sqlite3_column_double(st, 6) > out->epss_score)) {
				out->epss = true;
				out->epss_cve = out->ids[out->id_count - 1];
				out->epss_score = sqlite3_column_double(st, 6);
				out->epss_percentile = sqlite3_column_double(st, 7);
			}
		}
		if (sqlite3_column_type(st, 1) != SQLITE_NULL && sqlite3_column_type(st, 2) != SQLITE_NULL) {
			const char *type = col_str(arena, st, 1), *vec = col_str(arena, st, 2);
			const char *src = cw__arena_printf(arena, "osv:%s", out->ids[out->id_count - 1]);
			if (!type || !vec || !src || (error = add_severity(arena, out, &scap, type, vec, -1, src, false)) < 0)
				goto oom;
		}
	}
	sqlite3_reset(st);
	if (out->id_count == 0) { /* not in any group (should not happen): itself */
		if (!(out->ids = cw__arena_alloc(arena, sizeof(char *))))
			return cw_error_last()->code;
		out->ids[out->id_count++] = name;
	}
	st = lk->st[Q_NVD_SEV];
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *ver = col_str(arena, st, 1), *vec = col_str(arena, st, 2);
		const char *src = col_str(arena, st, 4), *type = (const char *)sqlite3_column_text(st, 5);
		if (!ver || !vec)
			continue;
		if ((error = add_severity(arena, out, &scap, ver, vec, sqlite3_column_double(st, 3),
		                          src ? src : "nvd", type && !strcmp(type, "Primary"))) < 0)
			goto oom;
	}
	sqlite3_reset(st);
	return 0;
oom:
	sqlite3_reset(st);
	return error < 0 ? error : alloc_failed();
}
