/*
 * inventory/inventory.h - what extractors and writers share inside the
 * inventory module: the inventory struct, the per-file source context, the
 * extractor signature and table, and helpers to add components and edges.
 */
#ifndef CW_INVENTORY_INTERNAL_H
#define CW_INVENTORY_INTERNAL_H

#include "chainwarden/inventory.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/map.h"
#include "util/str.h"
#include "util/vec.h"

/* A component plus what only the module sees. */
typedef struct {
	cw_component pub;
	bool scope_set;        /* the lockfile stated the scope (npm flags) */
} cw__comp;

/*
 * Edges are appended while a file is extracted, then sorted by (from, to)
 * and deduplicated when the file is done.  Components of a later file have
 * larger indexes, so the whole edge array stays sorted by `from` and the
 * adjacency is a CSR index: the edges of c are edges[adj_start[c] ..
 * adj_start[c + 1]), their targets also in `targets` (for
 * cw_inventory_dependencies_of).  No per-component allocation.
 */
struct cw_inventory {
	cw_arena arena;
	CW_VEC(cw__comp *) comps;
	CW_VEC(cw_dependency) deps;
	size_t *adj_start;     /* comps.len + 1 entries */
	size_t *targets;       /* deps.len entries */
	CW_VEC(const char *) failures;
};

/* One file being extracted. */
typedef struct {
	cw_inventory *inv;
	const char *path;       /* arena copy, for messages and locations */
	const char *dir;        /* directory on disk for sibling files, or NULL */
	const char *data;
	size_t len;
	bool mapped;            /* data is a private read-only file mapping */
	size_t root;            /* index of the root component, SIZE_MAX before */
	size_t first_edge;      /* edges of this file start here */
	bool derive_scopes;     /* set by extractors whose files state no scopes */
	cw_map by_purl;         /* purl -> cw__comp*, this file only */
} cw__inv_source;

/* What an extractor knows about one component; slices need not be NUL-terminated. */
typedef struct {
	const char *ecosystem;
	cw_component_kind kind;
	cw_slice name;
	cw_slice version;
	cw_slice declared;
	cw_slice integrity;     /* SRI: "sha512-BASE64 sha1-BASE64" */
	cw_slice resolved;
	cw_slice license;
	cw_scope scope;
	bool scope_set;         /* scope comes from the file (else derived from the graph) */
	bool bundled;
	bool install_script;
	size_t line;
	/* When reading an SBOM back: */
	cw_slice purl;          /* given purl (canonicalised), instead of one built from the name */
	const cw_hash *hashes;  /* hex digests (copied) */
	size_t hash_count;
	const char *file;       /* source file other than the one being read */
	bool direct;
} cw__comp_spec;

/* An extractor reads src->data and adds to src->inv. */
typedef int (*cw__extractor_fn)(cw__inv_source *src);

typedef struct {
	const char *pattern;       /* fnmatch(3) pattern for the base name */
	const char *format;        /* short name for messages */
	cw__extractor_fn extract;
	bool manifest;             /* only used when no lockfile sits in the same directory */
} cw__extractor;

/* Extractors, one file each (src/inventory/<format>.c). */
int cw__extract_npm_lock(cw__inv_source *src);
int cw__extract_yarn_lock(cw__inv_source *src);
int cw__extract_pnpm_lock(cw__inv_source *src);
int cw__extract_bun_lock(cw__inv_source *src);
int cw__extract_package_json(cw__inv_source *src);

/* The one table of extractors (extractors.c). */
extern const cw__extractor cw__extractors[];
extern const size_t cw__extractor_count;

const cw__extractor *cw__extractor_find(const char *basename);

/* True for the lockfiles that make a manifest (package.json) in their
 * directory or below redundant: the npm family, not other ecosystems'. */
bool cw__extractor_covers_manifests(const cw__extractor *ex);

/* Add (or merge into the same-purl component of this file); *out gets its index. */
int cw__inv_add(cw__inv_source *src, const cw__comp_spec *spec, size_t *out);

/* Read a CycloneDX 1.4-1.6 or SPDX 2.2/2.3 JSON document (sbom_read.c). */
int cw__extract_sbom(cw__inv_source *src);

/* Edge from -> to (duplicates ignored, self edges ignored). */
int cw__inv_edge(cw__inv_source *src, size_t from, size_t to, cw_scope scope);

/* Ask for scopes derived from the graph once the file is done (for
 * components whose file did not state one: from the root through the edges). */
static inline void cw__inv_derive_scopes(cw__inv_source *src)
{
	src->derive_scopes = true;
}

/* Record a failure message (copied). */
int cw__inv_fail(cw_inventory *inv, const char *message);

cw__comp *cw__inv_comp(const cw_inventory *inv, size_t i);

/* Run `ex` over data; sets up and tears down the source context. */
int cw__inv_extract(cw_inventory *inv, const cw__extractor *ex, const char *path,
                    const char *dir, const char *data, size_t len, bool mapped);

/* Read a sibling file (e.g. package.json next to a lockfile) into `out`; CW_ENOTFOUND if absent. */
int cw__inv_read_sibling(const cw__inv_source *src, const char *name, cw_buf *out);

/* The 1-based line of byte `offset` in src->data (counting from a hint). */
size_t cw__inv_line_at(const cw__inv_source *src, size_t offset);

/* SRI integrity ("sha512-base64") to algorithm + hex; 0 if unsupported. */
int cw__sri_decode(cw_arena *arena, cw_slice sri, cw_hash *out);

/* ---- npm family shared helpers (npm_common.c) ------------------------- */

/* Declared dependencies of a package.json: name -> range with a scope. */
typedef struct {
	cw_slice name;
	cw_slice range;
	cw_scope scope;
	size_t line;
} cw__npm_decl;

typedef struct {
	cw_slice name;
	cw_slice version;
	cw_slice license;
	size_t line;
	CW_VEC(cw__npm_decl) decls;
	cw_buf text;            /* owns the data the slices point into */
} cw__npm_manifest;

/* Parse package.json `data` (borrowed; slices point into it or the arena). */
int cw__npm_manifest_parse(cw__npm_manifest *m, cw_arena *arena, const char *path,
                           const char *data, size_t len);
/* Read and parse the package.json next to src's file; CW_ENOTFOUND if none. */
int cw__npm_manifest_sibling(cw__npm_manifest *m, const cw__inv_source *src);
void cw__npm_manifest_free(cw__npm_manifest *m);

/* Add the root component of an npm-family file from a manifest (or a name fallback). */
int cw__npm_add_root(cw__inv_source *src, cw_slice name, cw_slice version, size_t line, size_t *out);

/* Split "name@range" (name may start with '@'); false when there is no '@'. */
bool cw__npm_split_spec(cw_slice spec, cw_slice *name, cw_slice *rest);

#endif
