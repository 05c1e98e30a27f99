/*
 * inventory/lang.h - helpers shared by the Python, Go and Rust extractors
 * (lang_common.c): roots, hex hashes, a name index for resolving
 * dependency references, PEP 503 names and PEP 508 requirement strings.
 */
#ifndef CW_INVENTORY_LANG_H
#define CW_INVENTORY_LANG_H

#include "inventory/inventory.h"
#include "toml/toml.h"

/* Add the root component of a file: `name` or, if empty, the directory's base
 * name ("project" for ".", ".." or none); the npm and lang_more roots use it too. */
int cw__lang_add_root(cw__inv_source *src, const char *ecosystem, cw_slice name,
                      cw_slice version, size_t line, size_t *out);

/* Add a hex digest ("SHA-256", 64 hex digits...) to component `comp`;
 * a malformed or duplicate digest is ignored.  Returns 0 or CW_ENOMEM. */
int cw__lang_add_hash(cw__inv_source *src, size_t comp, const char *algorithm, cw_slice hex);

/* "sha256:HEX" or "sha256=HEX" (also sha384, sha512, sha1, md5). */
int cw__lang_add_hash_text(cw__inv_source *src, size_t comp, cw_slice text);

/* PEP 503 normalised name into `buf` (cleared first); false if it does not fit. */
bool cw__pep503(cw_slice name, char *buf, size_t size);

/* Components of this file by name (and name@version), for dependency
 * references; the first component put under a key keeps it. */
typedef struct {
	cw_map by_name;      /* key -> index + 1 (first seen) */
	cw_arena keys;       /* the map's keys */
	bool normalize;      /* PEP 503 keys */
} cw__lang_index;

int cw__lang_index_put(cw__lang_index *ix, cw_slice name, cw_slice version, size_t comp);
/* Index of name (and version when given), or SIZE_MAX. */
size_t cw__lang_index_get(const cw__lang_index *ix, cw_slice name, cw_slice version);
/* Index of name@version, else of the first component named `name`, or SIZE_MAX. */
size_t cw__lang_index_find(const cw__lang_index *ix, cw_slice name, cw_slice version);
void cw__lang_index_free(cw__lang_index *ix);
/* Edge from -> to when `to` was found (not SIZE_MAX): a dependency that is
 * not locked (an extra's, another platform's) is no error. */
int cw__lang_edge_if_found(cw__inv_source *src, size_t from, size_t to, cw_scope scope);

/* A PEP 508 requirement: name [extras] (specifier | @ url) ; marker. */
typedef struct {
	cw_slice name, extras, specifier, url, marker;
} cw__pep508;

/* Parse one requirement; false when no valid name starts it. */
bool cw__pep508_parse(cw_slice text, cw__pep508 *out);

/* The version pinned by "==X" / "===X" (only when the specifier is one exact
 * pin without wildcard); an empty slice otherwise. */
cw_slice cw__pep440_pin(cw_slice specifier);

/* Parse src's data as TOML into the inventory's arena, with the file's path in errors. */
int cw__lang_toml(cw__inv_source *src, const cw_toml_value **root);

/* Read and parse a sibling TOML file (e.g. pyproject.toml) into `arena`;
 * CW_ENOTFOUND when absent. */
int cw__lang_toml_sibling(const cw__inv_source *src, const char *name, cw_arena *arena,
                          const cw_toml_value **root);

/* The string `v` as a slice (empty when not a string). */
cw_slice cw__lang_tstr(const cw_toml_value *v);

#endif
