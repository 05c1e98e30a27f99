/*
 * groups.c - alias groups: every id known to the KB (OSV ids and their
 * `aliases`, NVD CVE ids, KEV CVE ids) becomes a node; an OSV record and
 * each of its aliases are joined (union-find), and id_groups maps each id
 * to its component.  `related` is not followed: related records are other
 * vulnerabilities.  EPSS ids are not added (hundreds of thousands of CVEs);
 * a query id that is in no group is looked up on its own.
 *
 * Built at the end of every build from the tables (so an incremental
 * update, which keeps most records of its base, needs nothing else); the
 * group numbers are node numbers, meaningful only within one KB.
 */
#include "kb/kb_internal.h"
#include "kb/jflat.h"
#include "util/arena.h"
#include "util/error.h"
#include "util/map.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
	cw_arena strings; /* the ids (the map's keys) */
	cw_map index;     /* id -> node number + 1 */
	char **ids;
	size_t *parent;
	size_t count, cap;
} uf;

static size_t find(uf *u, size_t x)
{
	while (u->parent[x] != x) {
		u->parent[x] = u->parent[u->parent[x]];
		x = u->parent[x];
	}
	return x;
}

static void join(uf *u, size_t a, size_t b)
{
	a = find(u, a);
	b = find(u, b);
	if (a != b)
		u->parent[a < b ? b : a] = a < b ? a : b;
}

/* The node of the `len` bytes at `id` (added when new). */
static int node(uf *u, const char *id, size_t len, size_t *out)
{
	void *v;
	int error;

	if ((v = cw__map_get(&u->index, id, len))) {
		*out = (size_t)(uintptr_t)v - 1;
		return 0;
	}
	if (u->count == u->cap) {
		size_t cap = u->cap ? u->cap * 2 : 1024;
		char **ids = realloc(u->ids, cap * sizeof(*ids));
		size_t *parent;
		if (!ids)
			return cw__error_oom();
		u->ids = ids;
		if (!(parent = realloc(u->parent, cap * sizeof(*parent))))
			return cw__error_oom();
		u->parent = parent;
		u->cap = cap;
	}
	if (!(u->ids[u->count] = cw__arena_strndup(&u->strings, id, len)))
		return cw__error_oom();
	u->parent[u->count] = u->count;
	if ((error = cw__map_put(&u->index, u->ids[u->count], len,
	                         (void *)(uintptr_t)(u->count + 1), NULL)) < 0)
		return error;
	*out = u->count++;
	return 0;
}

/* The node of text column `col` of the current row of st. */
static int column_node(uf *u, sqlite3_stmt *st, int col, size_t *out)
{
	const char *id = (const char *)sqlite3_column_text(st, col);
	if (!id)
		return cw__error_set(CW_EINVALID, "KB: an id is NULL");
	return node(u, id, (size_t)sqlite3_column_bytes(st, col), out);
}

static int prepare(sqlite3 *db, sqlite3_stmt **st, const char *sql)
{
	return sqlite3_prepare_v2(db, sql, -1, st, NULL) == SQLITE_OK
	       ? 0 : cw__kb_sql_error(db, "linking aliases");
}

static int step_error(sqlite3 *db, int rc)
{
	return rc == SQLITE_DONE ? 0 : cw__kb_sql_error(db, "linking aliases");
}

/* A node for every id the one-column query returns. */
static int add_ids(sqlite3 *db, uf *u, const char *sql)
{
	sqlite3_stmt *st = NULL;
	size_t n;
	int rc, error;
	if ((error = prepare(db, &st, sql)) < 0)
		return error;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if ((error = column_node(u, st, 0, &n)) < 0)
			break;
	if (!error)
		error = step_error(db, rc);
	sqlite3_finalize(st);
	return error;
}

/* Every advisory id joined with each id of its `aliases` (a JSON array of strings). */
static int add_advisories(sqlite3 *db, uf *u)
{
	cw__kbj_doc doc = { 0 };
	sqlite3_stmt *st = NULL;
	int rc, error;

	if ((error = prepare(db, &st, "SELECT name, aliases FROM advisories")) < 0)
		return error;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *aliases = (const char *)sqlite3_column_text(st, 1);
		size_t adv, alias;
		if ((error = column_node(u, st, 0, &adv)) < 0)
			break;
		if (!aliases)
			continue;
		if ((error = cw__kbj_parse(&doc, aliases, (size_t)sqlite3_column_bytes(st, 1))) != 0 ||
		    doc.nodes[0].type != CW_KBJ_ARRAY) {
			if (error >= 0)
				error = cw__error_set(CW_EINVALID, "KB: the aliases of %s are not a JSON array",
				                      u->ids[adv]);
			break;
		}
		for (uint32_t v = doc.nodes[0].first; v; v = doc.nodes[v].next) {
			if (doc.nodes[v].type != CW_KBJ_STRING)
				continue;
			if ((error = node(u, doc.nodes[v].str, doc.nodes[v].len, &alias)) < 0)
				goto done;
			join(u, adv, alias);
		}
	}
	if (!error)
		error = step_error(db, rc);
done:
	sqlite3_finalize(st);
	cw__kbj_free(&doc);
	return error;
}

typedef struct {
	const char *id;
	size_t node;
} entry;

static int by_id(const void *a, const void *b)
{
	return strcmp(((const entry *)a)->id, ((const entry *)b)->id);
}

static int write_groups(sqlite3 *db, uf *u)
{
	sqlite3_stmt *st = NULL;
	entry *order = NULL;
	int error;

	if ((error = cw__kb_exec(db, "DROP INDEX IF EXISTS id_groups_grp;"
	                             " DELETE FROM id_groups")) < 0 ||
	    (error = prepare(db, &st, "INSERT INTO id_groups(id, grp) VALUES(?, ?)")) < 0)
		return error;
	/* in key order: id_groups is WITHOUT ROWID, appending is far cheaper
	 * than inserting at random places (ids have no NUL: strcmp is memcmp) */
	if (u->count && !(order = malloc(u->count * sizeof(*order)))) {
		error = cw__error_oom();
		goto done;
	}
	for (size_t i = 0; i < u->count; i++)
		order[i] = (entry){ u->ids[i], i };
	if (order)
		qsort(order, u->count, sizeof(*order), by_id);
	for (size_t k = 0; k < u->count; k++) {
		size_t i = order[k].node;
		sqlite3_bind_text(st, 1, u->ids[i], -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, (int64_t)find(u, i));
		if ((error = step_error(db, sqlite3_step(st))) < 0)
			goto done;
		sqlite3_reset(st);
	}
	/* indexed after the bulk insert: cheaper than keeping it up to date */
	error = cw__kb_exec(db, "CREATE INDEX id_groups_grp ON id_groups(grp)");
done:
	sqlite3_finalize(st);
	free(order);
	return error;
}

int cw__kb_groups_build(sqlite3 *db)
{
	uf u = { CW_ARENA_INIT, CW_MAP_INIT, NULL, NULL, 0, 0 };
	int error;

	if ((error = add_advisories(db, &u)) >= 0 &&
	    (error = add_ids(db, &u, "SELECT cve FROM nvd")) >= 0 &&
	    (error = add_ids(db, &u, "SELECT cve FROM kev")) >= 0)
		error = write_groups(db, &u);
	free(u.ids);
	free(u.parent);
	cw__map_free(&u.index);
	cw__arena_free(&u.strings);
	return error;
}
