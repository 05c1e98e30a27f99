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

/* An advisory's rowid and its node, sorted by rowid to look aliases' advisories up. */
typedef struct {
	int64_t adv;
	size_t node;
} adv_node;

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

/* The node of text column `col` of the current row of st (added when new). */
static int node(uf *u, sqlite3_stmt *st, int col, size_t *out)
{
	const char *id = (const char *)sqlite3_column_text(st, col);
	size_t len = (size_t)sqlite3_column_bytes(st, col);
	void *v;
	int error;

	if (!id)
		return cw__error_set(CW_EINVALID, "KB: an id is NULL");
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
		if ((error = node(u, st, 0, &n)) < 0)
			break;
	if (!error)
		error = step_error(db, rc);
	sqlite3_finalize(st);
	return error;
}

static int by_adv(const void *a, const void *b)
{
	int64_t x = ((const adv_node *)a)->adv, y = ((const adv_node *)b)->adv;
	return (x > y) - (x < y);
}

/*
 * Advisory ids joined with their aliases.  Two table scans (the names from
 * the name index, the aliases in storage order) and the advisory of each
 * alias found by rowid in memory: cheaper than a join that seeks into the
 * advisories table once per alias.
 */
static int add_advisories(sqlite3 *db, uf *u)
{
	sqlite3_stmt *st = NULL;
	adv_node *advs = NULL;
	size_t count = 0, cap = 0;
	int rc, error;

	if ((error = prepare(db, &st, "SELECT id, name FROM advisories")) < 0)
		return error;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (count == cap) {
			adv_node *grown = realloc(advs, (cap = cap ? cap * 2 : 1024) * sizeof(*advs));
			if (!grown) {
				error = cw__error_oom();
				break;
			}
			advs = grown;
		}
		advs[count].adv = sqlite3_column_int64(st, 0);
		if ((error = node(u, st, 1, &advs[count].node)) < 0)
			break;
		count++;
	}
	if (!error)
		error = step_error(db, rc);
	sqlite3_finalize(st);
	st = NULL;
	if (error < 0)
		goto done;
	if (advs)
		qsort(advs, count, sizeof(*advs), by_adv);
	if ((error = prepare(db, &st, "SELECT adv, alias FROM aliases WHERE kind = 'alias'")) < 0)
		goto done;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		adv_node key = { sqlite3_column_int64(st, 0), 0 };
		adv_node *owner = advs ? bsearch(&key, advs, count, sizeof(*advs), by_adv) : NULL;
		size_t alias;
		if (!owner)
			continue; /* an alias row of no advisory: nothing to join */
		if ((error = node(u, st, 1, &alias)) < 0)
			break;
		join(u, owner->node, alias);
	}
	if (!error)
		error = step_error(db, rc);
done:
	sqlite3_finalize(st);
	free(advs);
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
