/*
 * inventory/golang.h - go.mod parsing shared by the go.mod, go.sum and
 * vendor/modules.txt extractors (go_mod.c).
 */
#ifndef CW_INVENTORY_GOLANG_H
#define CW_INVENTORY_GOLANG_H

#include "inventory/lang.h"

typedef struct {
	cw_slice path, version;
	bool indirect;
	size_t line;
} cw__gomod_req;

typedef struct {
	cw_slice old_path, old_version;  /* old_version empty: every version */
	cw_slice new_path, new_version;  /* new_version empty: a local directory */
	size_t line;
} cw__gomod_replace;

typedef struct {
	cw_slice module;
	size_t module_line;
	CW_VEC(cw__gomod_req) require;
	CW_VEC(cw__gomod_req) exclude;
	CW_VEC(cw__gomod_replace) replace;
} cw__gomod;

/* Parse go.mod text (https://go.dev/ref/mod#go-mod-file); slices point into
 * `data` or `arena` (unquoted strings).  Errors: "path:line:col: reason". */
int cw__gomod_parse(cw__gomod *m, cw_arena *arena, const char *path, const char *data, size_t len);
void cw__gomod_free(cw__gomod *m);

/* The replacement that applies to path@version, or NULL. */
const cw__gomod_replace *cw__gomod_replacement(const cw__gomod *m, cw_slice path, cw_slice version);

/* Add module path@version as a component (applying `m`'s replacements when
 * m is not NULL: a module replacement gives the new module, a directory
 * replacement the old path with the directory as its location). */
int cw__gomod_add(cw__inv_source *src, const cw__gomod *m, cw_slice path, cw_slice version,
                  size_t line, size_t *out);

/* Add m's requirements (less the excluded versions) with edges from `root`;
 * "// indirect" ones are not marked direct. */
int cw__gomod_add_requires(cw__inv_source *src, const cw__gomod *m, size_t root);

/* Read and parse the go.mod at `rel` (relative to src's directory). */
int cw__gomod_sibling(const cw__inv_source *src, const char *rel, cw__gomod *m, cw_buf *text);

/* The root of a go.sum or vendor/modules.txt: the module of the go.mod at
 * `rel` when it can be read (*have_mod; `m` holds it, else is empty), else
 * named after the directory.  Free `m` and `text` whatever this returns. */
int cw__gomod_sibling_root(cw__inv_source *src, const char *rel, cw__gomod *m, cw_buf *text,
                           bool *have_mod, size_t *root);

/* The blank-separated fields of `line` into f[0..max); max + 1 when there are more. */
size_t cw__go_fields(cw_slice line, cw_slice *f, size_t max);

#endif
