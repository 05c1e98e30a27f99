/*
 * inventory/python.h - what the Python extractors share (py_common.c):
 * the declared dependencies of a pyproject.toml (PEP 621 [project],
 * PEP 735 [dependency-groups], Poetry's [tool.poetry]) or a Pipfile.
 */
#ifndef CW_INVENTORY_PYTHON_H
#define CW_INVENTORY_PYTHON_H

#include "inventory/lang.h"

typedef struct {
	cw_slice name;
	cw_slice text;      /* the declaration as written (PEP 508 string or Poetry constraint) */
	cw_slice specifier; /* version part */
	cw_slice url;       /* "name @ url", Poetry git/url/path */
	cw_scope scope;
	size_t line;
	bool exact;         /* Poetry: a bare version ("1.2.3") is an exact pin */
} cw__py_decl;

typedef struct {
	cw_slice name, version;
	size_t line;
	CW_VEC(cw__py_decl) decls;
} cw__py_manifest;

/* Declared dependencies of a parsed pyproject.toml document. */
int cw__py_manifest_pyproject(cw__py_manifest *m, cw_arena *arena, const cw_toml_value *doc);
/* Of a parsed Pipfile document ([packages], [dev-packages]). */
int cw__py_manifest_pipfile(cw__py_manifest *m, cw_arena *arena, const cw_toml_value *doc);
/* Read the sibling `name` (pyproject.toml or Pipfile) into `arena`; CW_ENOTFOUND if absent. */
int cw__py_manifest_sibling(cw__py_manifest *m, const cw__inv_source *src, const char *name, cw_arena *arena);
void cw__py_manifest_free(cw__py_manifest *m);

/* The declaration of `name` (PEP 503 comparison), or NULL. */
const cw__py_decl *cw__py_manifest_find(const cw__py_manifest *m, cw_slice name);

/* Root of a Python file: the manifest's name/version, or the directory's name. */
int cw__py_add_root(cw__inv_source *src, const cw__py_manifest *m, size_t *out);

/* What the TOML lockfile extractors (poetry, pdm, pylock) share: the
 * sibling pyproject.toml, the root, the [[package]] array, one component
 * index per package, and the name index for the graph. */
typedef struct {
	cw__lang_index ix;
	cw__py_manifest m;
	cw_arena tmp;
	bool have_manifest;
	const cw_toml_value *doc;   /* set by cw__py_lock_open */
	const cw_toml_value *pkgs;
	size_t n, root, *comp, found;
} cw__py_lock;

/* cw__py_lock_begin on src's data parsed as TOML (kept in l->doc). */
int cw__py_lock_open(cw__py_lock *l, cw__inv_source *src, const char *packages_key);

/* A TOML lockfile whose packages are an array of tables `array`, each with
 * name, version and "files" ([{file, hash}]) (poetry, pdm): */
typedef struct {
	const char *array;
	/* what the format adds to `spec` (scope, resolved...) for its package table `p` */
	int (*fill)(cw__inv_source *src, const cw_toml_value *p, cw__comp_spec *spec);
	/* once every package is a component (l->comp): the edges between them */
	int (*link)(cw__py_lock *l, cw__inv_source *src);
	bool derive_scopes;   /* scopes not stated by `fill` come from the graph */
} cw__py_lock_format;

/* Extract such a lockfile: open, the packages, link, finish. */
int cw__py_lock_extract(cw__inv_source *src, const cw__py_lock_format *fmt);

/* Start on a parsed lockfile `doc`: read the manifest, add the root, find
 * the array `packages_key` and size `comp`.  Call cw__py_lock_finish()
 * whatever this returns. */
int cw__py_lock_begin(cw__py_lock *l, cw__inv_source *src, const cw_toml_value *doc,
                      const char *packages_key);
/* When `error` is 0: edges root -> declared dependencies (or, when none is
 * found, -> the packages nothing depends on).  Frees `l`; returns the error. */
int cw__py_lock_finish(cw__py_lock *l, cw__inv_source *src, int error);

/* Start `spec` for the package table `p` of a TOML lockfile: pypi, name,
 * version, line; CW_EINVALID ("[[<array>]] without a name") when unnamed. */
int cw__py_package_spec(cw__comp_spec *spec, const cw__inv_source *src, const cw_toml_value *p,
                        const char *array);
/* The "hash" of each table in `files` ([{file, hash}], poetry/pdm files, uv wheels). */
int cw__py_add_file_hashes(cw__inv_source *src, size_t comp, const cw_toml_value *files);

/* Edges root -> each declared dependency found in `ix` (with the declared
 * scope); returns how many were found in *found. */
int cw__py_link_declared(cw__inv_source *src, const cw__py_manifest *m, const cw__lang_index *ix,
                         size_t root, size_t *found);

/* Edges root -> every library of this file that no other component of the
 * file depends on (for lockfiles without a manifest). */
int cw__py_link_unreferenced(cw__inv_source *src, size_t root);

#endif
