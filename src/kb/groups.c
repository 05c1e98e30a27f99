/*
 * groups.c - alias groups: every id known to the KB (OSV ids and their
 * `aliases`, NVD CVE ids, KEV CVE ids) becomes a node; an OSV record and
 * each of its aliases are joined (union-find), and id_groups maps each id
 * to its component.  `related` is not followed: related records are other
 * vulnerabilities.  EPSS ids are not added (hundreds of thousands of CVEs);
 * a query id that is in no group is looked up on its own.
 */
#include "kb/kb_internal.h"
#include "util/error.h"
#include "util/map.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
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

static int node(uf *u, const char *id, size_t *out)
{
	size_t len = strlen(id);
	void *v = cw__map_get(&u->index, id, len);
	int error;
	if (v) {
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
	if (!(u->ids[u->count] = cw__kb_strdup(id)))
		return cw__error_oom();
	u->parent[u->count] = u->count;
	if ((error = cw__map_put(&u->index, u->ids[u->count], len,
	                         (void *)(uintptr_t)(u->count + 1), NULL)) < 0) {
		free(u->ids[u->count]);
		return error;
	}
	*out = u->count++;
	return 0;
}

static int add_query(sqlite3 *db, uf *u, const char *sql)
{
	sqlite3_stmt *st = NULL;
	int rc, error = 0;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return cw__kb_sql_error(db, "linking aliases");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *a = (const char *)sqlite3_column_text(st, 0);
		const char *b = sqlite3_column_count(st) > 1 ? (const char *)sqlite3_column_text(st, 1) : NULL;
		size_t na, nb;
		if (!a)
			continue;
		if ((error = node(u, a, &na)) < 0)
			break;
		if (b) {
			if ((error = node(u, b, &nb)) < 0)
				break;
			na = find(u, na);
			nb = find(u, nb);
			if (na != nb)
				u->parent[na < nb ? nb : na] = na < nb ? na : nb;
		}
	}
	if (!error && rc != SQLITE_DONE)
		error = cw__kb_sql_error(db, "linking aliases");
	sqlite3_finalize(st);
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

int cw__kb_groups_build(sqlite3 *db)
{
	uf u = { CW_MAP_INIT, NULL, NULL, 0, 0 };
	sqlite3_stmt *st = NULL;
	entry *order = NULL;
	int error;

	if ((error = add_query(db, &u, "SELECT name FROM advisories ORDER BY id")) < 0 ||
	    (error = add_query(db, &u, "SELECT a.name, s.alias FROM aliases s JOIN advisories a"
	                               " ON a.id = s.adv WHERE s.kind = 'alias'")) < 0 ||
	    (error = add_query(db, &u, "SELECT cve FROM nvd")) < 0 ||
	    (error = add_query(db, &u, "SELECT cve FROM kev")) < 0 ||
	    (error = cw__kb_exec(db, "DELETE FROM id_groups")) < 0)
		goto done;
	if (sqlite3_prepare_v2(db, "INSERT INTO id_groups(id, grp) VALUES(?, ?)", -1, &st,
	                       NULL) != SQLITE_OK) {
		error = cw__kb_sql_error(db, "linking aliases");
		goto done;
	}
	/* in key order: id_groups is WITHOUT ROWID, appending is far cheaper
	 * than inserting at random places (ids have no NUL: strcmp is memcmp) */
	if (u.count && !(order = malloc(u.count * sizeof(*order)))) {
		error = cw__error_oom();
		goto done;
	}
	for (size_t i = 0; i < u.count; i++)
		order[i] = (entry){ u.ids[i], i };
	if (order)
		qsort(order, u.count, sizeof(*order), by_id);
	for (size_t k = 0; k < u.count; k++) {
		size_t i = order[k].node;
		sqlite3_bind_text(st, 1, u.ids[i], -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, (int64_t)find(&u, i));
		if (sqlite3_step(st) != SQLITE_DONE) {
			error = cw__kb_sql_error(db, "linking aliases");
			goto done;
		}
		sqlite3_reset(st);
	}
done:
	sqlite3_finalize(st);
	free(order);
	for (size_t i = 0; i < u.count; i++)
		free(u.ids[i]);
	free(u.ids);
	free(u.parent);
	cw__map_free(&u.index);
	return error;
}
