/*
 * inventory/inventory.h - what extractors and writers share inside the
 * inventory module: the inventory struct, the per-file source context, the
 * extractor signature and table, and helpers to add components and edges.
 */
#ifndef CW_INVENTORY_INTERNAL_H
#define CW_INVENTORY_INTERNAL_H

#include <dirent.h>

#include "chainwarden/inventory.h"
#include "chainwarden/purl.h"
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
 * What extractors of system databases need to know about the system being
 * scanned (sysroot.c sets it; zeroed otherwise).
 */
typedef struct {
	const char *distro_ns;   /* purl namespace: "debian", "alpine", "fedora" */
	const char *distro;      /* purl distro qualifier: "debian-12" */
	const char *layer;       /* diff id for components added now, or NULL */
} cw__sysctx;

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
	cw__sysctx sys;        /* set while a system (rootfs, image) is scanned */
	cw_image_info *image;  /* arena; NULL unless a system was scanned */
	bool hash_files;       /* cw_inventory_scan_options.hash_files of the running scan */
	cw_inventory_license_file *license_files;  /* arena: kept by image scans (evidence.c) */
	size_t license_file_count;
	size_t license_bytes;  /* their total size, capped */
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
	/* System packages. */
	const char *ns;                  /* purl namespace (else derived from an npm scope) */
	cw_slice arch;
	cw_slice source_name;
	cw_slice source_version;
	const char *layer;               /* else inv->sys.layer */
	const cw_purl_qualifier *quals;  /* extra purl qualifiers */
	size_t qual_count;
	const char *evidence;            /* static string, see cw_component */
} cw__comp_spec;

/* An extractor reads src->data and adds to src->inv.  All have this type,
 * so they are declared by name below. */
typedef int cw__extract_func(cw__inv_source *src);
typedef cw__extract_func *cw__extractor_fn;

typedef struct {
	const char *pattern;       /* fnmatch(3) pattern for the base name */
	const char *format;        /* short name for messages */
	cw__extractor_fn extract;
	bool manifest;             /* only used when no lockfile sits in the same directory */
} cw__extractor;

/* Extractors, one file each (src/inventory/<format>.c). */
cw__extract_func cw__extract_npm_lock, cw__extract_yarn_lock, cw__extract_pnpm_lock,
                 cw__extract_bun_lock, cw__extract_package_json;
/* Python, Go, Rust (helpers in lang.h, python.h, golang.h) */
cw__extract_func cw__extract_requirements, cw__extract_poetry_lock, cw__extract_pipfile_lock,
                 cw__extract_pdm_lock, cw__extract_uv_lock, cw__extract_pylock,
                 cw__extract_pyproject;
cw__extract_func cw__extract_go_mod, cw__extract_go_sum, cw__extract_go_vendor;
cw__extract_func cw__extract_cargo_lock;

/* System package databases (sysdb.c): matched by path inside a root
 * filesystem, not by base name, so that a project's file named "status" is
 * never read as a dpkg database by the project walk. */
cw__extract_func cw__extract_dpkg_status, cw__extract_apk_installed, cw__extract_rpmdb_sqlite;
/* Installed language packages: node_modules/<name>/package.json, Python
 * METADATA / PKG-INFO, Go binaries, JARs, installed gemspecs. */
cw__extract_func cw__extract_npm_installed, cw__extract_python_metadata, cw__extract_go_binary,
                 cw__extract_java_archive, cw__extract_gemspec;
cw__extract_func cw__extract_rust_section;   /* data: a .dep-v0 section */
cw__extract_func cw__extract_executable;     /* Go build info, else cargo-auditable */
/* The section `name` of an ELF file in memory (bounds-checked). */
int cw__elf_section(const char *data, size_t len, const char *name, const char **out, size_t *out_len);

/* Go build information found in a stream of an executable (go_buildinfo.c):
 * feed the file's bytes in chunks; `out` gets the bytes from the build-info
 * magic on (capped at 1 MiB). */
typedef struct {
	char carry[32];
	size_t carry_len;
	bool found, done;
	cw_buf out;
} cw__go_finder;
int cw__go_finder_feed(cw__go_finder *f, const char *data, size_t len);
/* True for the first bytes of an ELF, PE or Mach-O file. */
bool cw__go_exec_magic(const unsigned char *p, size_t len);

typedef struct {
	const char *path;          /* fnmatch(3) pattern, relative to the root */
	const char *basename;      /* base name accepted when the file is named directly */
	const char *format;
	cw__extractor_fn extract;
} cw__sys_extractor;

extern const cw__sys_extractor cw__sys_extractors[];
extern const size_t cw__sys_extractor_count;
/* By path relative to a root (installed language packages included). */
const cw__sys_extractor *cw__sys_extractor_for_path(const char *relpath);
/* By base name, for a file named directly (databases only). */
const cw__sys_extractor *cw__sys_extractor_for_name(const char *basename);
/* A file of paragraphs separated by blank lines (dpkg status, apk
 * installed), read into `para` (`size` bytes, zeroed before each
 * paragraph): `line` gets each line of a paragraph with its number, `end`
 * the paragraph at each blank line and at the end of the file.  A line is
 * blank when empty, or (with `blank_spaces`) when only white space. */
typedef struct {
	bool blank_spaces;
	int (*line)(cw__inv_source *src, void *para, cw_slice text, size_t number);
	int (*end)(cw__inv_source *src, const void *para);
} cw__paragraph_reader;
int cw__paragraphs_read(cw__inv_source *src, const cw__paragraph_reader *r, void *para, size_t size);

/* An OS package needs a name and a version: else CW_EINVALID at `line`,
 * "<no_name>" or "package NAME has no <version_field>". */
int cw__sys_require(const cw__inv_source *src, size_t line, cw_slice name, cw_slice version,
                    const char *no_name, const char *version_field);

/* The purl qualifiers every OS package gets, appended at q[*nq] (room for
 * two): "arch" (copied) when `arch` is not empty, "distro" of the system. */
int cw__sys_quals(cw_inventory *inv, cw_slice arch, cw_purl_qualifier *q, size_t *nq);

/* os-release (os_release.c): fills ID, VERSION_ID, PRETTY_NAME and the purl
 * namespace / distro qualifier; strings in `arena`. */
typedef struct {
	const char *id, *version_id, *pretty, *codename, *id_like;
	const char *purl_ns;       /* NULL when the distro is unknown */
	const char *purl_distro;
} cw__os_release;
int cw__os_release_parse(cw__os_release *out, cw_arena *arena, const char *path,
                         const char *data, size_t len);

/* Names of directory entries (walk.c): malloc'd strings. */
typedef CW_VEC(char *) cw__names;
/* The entries of the open directory `d` but "." and ".." and those `skip`
 * (if not NULL) says to leave out, sorted bytewise.  Free `out` with
 * cw__names_free(), also after an error. */
int cw__dir_names(DIR *d, bool (*skip)(const char *name, const void *arg), const void *arg, cw__names *out);
void cw__names_free(cw__names *names);

/* Root filesystem / image scanning (sysroot.c, image.c). */
typedef struct cw__sysfs cw__sysfs;
typedef struct {
	const char *path;        /* relative to the root, no leading '/' */
	const char *data;        /* content when buffered, else NULL */
	size_t len;
	const char *layer;       /* diff id or NULL */
	cw__extractor_fn extract; /* NULL: chosen by path */
	const char *sha256;      /* hex digest of the whole file (--hash), or NULL */
} cw__sysfile;
/* Inventory the files of a root filesystem (sorted by path, borrowed). */
int cw__sysroot_scan(cw_inventory *inv, const cw__sysfile *files, size_t count,
                     const char *label);
/* True when the file at `relpath` is one the system scan reads; *cap gets its size cap. */
bool cw__sysroot_wants(const char *relpath, size_t *cap);
int cw__sysroot_scan_dir(cw_inventory *inv, const char *dir);
/* A license file of the installed package `component`, kept with its text (evidence.c). */
int cw__inv_keep_license_file(cw_inventory *inv, size_t component, const char *path,
                              const char *text, size_t len);
/* Whether `relpath` is a license file in an installed package's folder. */
bool cw__sysroot_license_file(const char *relpath);
/* The licenses a DEP-5 copyright file names, joined (in `arena`), or NULL. */
const char *cw__dep5_license(cw_arena *arena, const char *data, size_t len);
bool cw__sysroot_is_rootfs(const char *dir);
/* Container images: a tar (docker-archive or OCI layout) or an OCI layout directory.
 * CW_EUNSUPPORTED when `path` is not an image. */
int cw__image_scan(cw_inventory *inv, const char *path);

/* The one table of project file formats, in match order: generated from
 * data/extractors.tsv by cmake/gen_inventory.cmake; see extractors.c. */
extern const cw__extractor cw__extractors[];
extern const size_t cw__extractor_count;

const cw__extractor *cw__extractor_find(const char *basename);

/* Add (or merge into the same-purl component of this file); *out gets its index. */
int cw__inv_add(cw__inv_source *src, const cw__comp_spec *spec, size_t *out);

/* Read a CycloneDX 1.4-1.6 or SPDX 2.2/2.3 JSON document (sbom_read.c). */
cw__extract_func cw__extract_sbom;

/* Edge from -> to (duplicates ignored, self edges ignored). */
int cw__inv_edge(cw__inv_source *src, size_t from, size_t to, cw_scope scope);

/* Ask for scopes derived from the graph once the file is done (for
 * components whose file did not state one: from the root through the edges). */
static inline void cw__inv_derive_scopes(cw__inv_source *src)
{
	src->derive_scopes = true;
}

/* Add a hash (strings copied) to component `idx`. */
int cw__inv_add_hash(cw_inventory *inv, size_t idx, const char *algorithm, const char *hex);
/* Add the SHA-256 `hex` to the root components added since component `first`. */
int cw__inv_hash_roots(cw_inventory *inv, size_t first, const char *hex);
/* Lowercase hex SHA-256 of `data` into the arena. */
const char *cw__inv_sha256_hex(cw_arena *arena, const void *data, size_t len);

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

/* The scope of the dependency map named `key` in package.json and the lockfiles
 * that copy its shape: "dependencies", "devDependencies", "optionalDependencies",
 * "peerDependencies"; -1 for any other key. */
int cw__npm_deps_scope(cw_slice key);

/* Split "name@range" (name may start with '@'); false when there is no '@'. */
bool cw__npm_split_spec(cw_slice spec, cw_slice *name, cw_slice *rest);

#endif
