/* kb_query.h - shared by the read side of the KB module (query, show, search, render). */
#ifndef CW_KB_QUERY_H
#define CW_KB_QUERY_H

#include "kb/kb_internal.h"

struct cw_kb {
	sqlite3 *db;
	char *path;
};

int cw__kb_prepare(cw_kb *kb, sqlite3_stmt **st, const char *sql);
/** obj[key] = column value (text, integer or real; NULL sets nothing). */
void cw__kb_set_col(json_t *obj, const char *key, sqlite3_stmt *st, int col);
/** obj[key] = the JSON text in the column, parsed. */
void cw__kb_set_json_col(json_t *obj, const char *key, sqlite3_stmt *st, int col);
/** JSON (pretty, trailing newline) or text via `render`. */
int cw__kb_finish_output(char **out, json_t *doc, cw_kb_format format,
                         int (*render)(cw_buf *, const json_t *));

/** Rebuild OSV advisory `name` from the KB tables; *out NULL when absent. */
int cw__kb_osv_rebuild(json_t **out, cw_kb *kb, const char *name);

/* render.c */
int cw__kb_render_info(cw_buf *out, const json_t *doc);
int cw__kb_render_show(cw_buf *out, const json_t *doc);
int cw__kb_render_search(cw_buf *out, const json_t *doc);

#endif
