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
/*
 * The one row reader of the read side: the rows of `sql` as JSON.  In
 * `sql`, the parameter :num (if any) is bound to `num` and :text to `text`.
 * Each row becomes an object keyed by column name (use AS for the JSON
 * name), in column order; NULL columns are left out; the columns named in
 * `json_cols` (space-separated, may be NULL) hold JSON text and are parsed.
 * A statement that cannot be prepared gives no rows.
 */
json_t *cw__kb_rows(cw_kb *kb, const char *sql, int64_t num, const char *text,
                    const char *json_cols);
/** The first row as cw__kb_rows() makes it, or NULL. */
json_t *cw__kb_row(cw_kb *kb, const char *sql, int64_t num, const char *text,
                   const char *json_cols);
/** The first column of every row, as an array of values (NULLs left out). */
json_t *cw__kb_values(cw_kb *kb, const char *sql, int64_t num, const char *text,
                      const char *json_cols);
/** Set obj[key] to `arr` when it is a non-empty array; drop it otherwise. */
void cw__kb_set_nonempty(json_t *obj, const char *key, json_t *arr);

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
