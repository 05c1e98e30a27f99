/*
 * chainwarden/inventory.h - what a project is made of: components found in
 * lockfiles and manifests, and the dependency graph between them.
 *
 * An inventory is filled by scanning files or directories
 * (cw_inventory_scan_path) or by reading an SBOM back.  Each source file
 * (a lockfile, a manifest) contributes one root component (the project it
 * describes) and the components it lists; edges say "component A depends on
 * component B".  Components are deduplicated by purl within one source file,
 * so the same package installed at several node_modules paths is one
 * component with all its edges.
 *
 * Reading: components and edges are numbered 0..count-1 and stay valid (and
 * at the same address) until the inventory is freed.  Everything is owned by
 * the inventory (one arena): strings returned here are borrowed.
 *
 * Files that fail to parse do not stop a scan: each failure is recorded as a
 * "file:line: reason" message (cw_inventory_failure()) and the scan goes on.
 */
#ifndef CHAINWARDEN_INVENTORY_H
#define CHAINWARDEN_INVENTORY_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct cw_inventory cw_inventory;

/** How a component is needed by the project. */
typedef enum {
	CW_SCOPE_REQUIRED = 0, /**< needed at run time */
	CW_SCOPE_OPTIONAL = 1, /**< optional (install may skip it, e.g. other platforms) */
	CW_SCOPE_PEER = 2,     /**< peer dependency, provided by the host project */
	CW_SCOPE_DEV = 3       /**< only for development / build / tests */
} cw_scope;

/** What a component is. */
typedef enum {
	CW_COMPONENT_LIBRARY = 0,   /**< a dependency */
	CW_COMPONENT_ROOT = 1,      /**< the project a manifest/lockfile describes */
	CW_COMPONENT_WORKSPACE = 2  /**< a workspace member of the project */
} cw_component_kind;

/** One integrity hash; `algorithm` is the CycloneDX name ("SHA-512", "SHA-1", "SHA-256"). */
typedef struct {
	const char *algorithm;
	const char *hex;        /**< lowercase hex digest */
} cw_hash;

/**
 * A license found for a component other than the one it declares: today,
 * identified from a license file (LICENSE, COPYING, NOTICE ...) found in
 * the component's installed directory.  It never replaces `license`.
 */
typedef struct {
	const char *expression;   /**< SPDX id or expression ("NOASSERTION" when the file
	                               matched no license) */
	const char *source;       /**< "file" */
	const char *path;         /**< the evidence: the license file */
	double confidence;        /**< 0..1: the share of the license text found */
} cw_license_evidence;

/** A component.  All strings borrowed from the inventory; absent ones are NULL. */
typedef struct {
	size_t index;             /**< position in the inventory */
	cw_component_kind kind;
	const char *ecosystem;    /**< "npm", ... (the purl type) */
	const char *name;         /**< full name, e.g. "@babel/core" */
	const char *version;      /**< resolved version; NULL when only a range is known */
	const char *declared;     /**< the declared range when no version is resolved */
	const char *purl;         /**< canonical package URL */
	cw_scope scope;
	bool direct;              /**< a root depends on it directly */
	bool bundled;             /**< shipped inside its parent's tarball */
	bool install_script;      /**< runs scripts at install (npm hasInstallScript) */
	const char *file;         /**< source file (as scanned) */
	size_t line;              /**< 1-based line of its entry in `file`, 0 unknown */
	const cw_hash *hashes;
	size_t hash_count;
	const char *resolved;     /**< download URL or other resolved location */
	const char *license;      /**< declared license (expression or name) */
	size_t root;              /**< index of the root component of its source file */
	/* System inventories (OS package databases, container images); NULL elsewhere. */
	const char *arch;           /**< package architecture ("amd64", "x86_64", "all") */
	const char *source_name;    /**< source package (deb Source, apk origin, rpm source rpm name) */
	const char *source_version; /**< version of the source package */
	const char *layer;          /**< image layer (diff id) that introduced it */
	const char *evidence;       /**< how it was identified when not from a package database or
	                                 lockfile: "pom.properties", "MANIFEST.MF", "file name" (low confidence) */
	/* Licenses and copyright notices found in its files (license module,
	 * cw_license_files_attach(); DEP-5 copyright files of Debian packages). */
	const cw_license_evidence *found_licenses;
	size_t found_license_count;
	const char *const *copyrights;  /**< "Copyright (c) 2019 Jane Doe", as written */
	size_t copyright_count;
} cw_component;

/** A dependency edge: component `from` depends on component `to`. */
typedef struct {
	size_t from;
	size_t to;
	cw_scope scope;          /**< how `from` declares it (dev, optional, peer) */
} cw_dependency;

/** Create an empty inventory (free with cw_inventory_free()). */
CW_EXTERN int cw_inventory_new(cw_inventory **out);

/** Release an inventory and everything it owns (NULL is fine). */
CW_EXTERN void cw_inventory_free(cw_inventory *inv);

#define CW_INVENTORY_SCAN_OPTIONS_VERSION 1

/** Options of cw_inventory_scan_path(). */
typedef struct {
	unsigned version;              /**< CW_INVENTORY_SCAN_OPTIONS_VERSION */
	const char *const *excludes;   /**< fnmatch(3) globs matched against paths relative to the scan root and base names */
	size_t exclude_count;
	size_t max_file_size;          /**< cap per input file; 0: 1 GiB */
	bool hash_files;               /**< record the SHA-256 of file-based components (Java archives, binaries) */
} cw_inventory_scan_options;

#define CW_INVENTORY_SCAN_OPTIONS_INIT { CW_INVENTORY_SCAN_OPTIONS_VERSION, NULL, 0, 0, false }

/**
 * Scan `path`.  A container image (docker-archive tar, optionally gzip'd,
 * or an OCI image layout as tar or directory) is read layer by layer and
 * the OS package databases and installed language packages of its final
 * filesystem are listed; a directory holding a root filesystem
 * (etc/os-release, var/lib/dpkg, lib/apk/db) likewise.  Otherwise a directory is walked (skipping .git and node_modules, not
 * following symlinks out of the tree) and every supported file is read; a
 * file is read whatever its name when `path` names it directly and its
 * format is recognised.  Files that fail to parse are recorded as failures.
 * @return 0 (also when some files failed, see cw_inventory_failure_count()),
 *         or a negative error when `path` itself cannot be read
 *         (CW_ENOTFOUND, CW_EIO) or a file is not a supported format
 *         (CW_EUNSUPPORTED, when named directly).
 */
CW_EXTERN int cw_inventory_scan_path(cw_inventory *inv, const char *path,
                                     const cw_inventory_scan_options *opts);

/**
 * Parse one in-memory file.  `name` is the path used in messages and
 * component locations; its base name selects the extractor.
 * @return 0, or a negative error (CW_EINVALID with "name:line: reason",
 *         CW_EUNSUPPORTED for an unknown file name).  On failure the
 *         components read so far from this file are kept.
 */
CW_EXTERN int cw_inventory_parse_data(cw_inventory *inv, const char *name,
                                      const char *data, size_t len);

/**
 * Read a CycloneDX JSON (1.4 to 1.6) or SPDX JSON (2.2, 2.3) document back
 * into the inventory: its components, roots and dependency graph (and the
 * source locations and scopes chainwarden itself wrote, when present).
 * @return 0, CW_EINVALID (bad JSON, "path:line:col: reason"),
 *         CW_EUNSUPPORTED (another format or version), CW_ENOTFOUND / CW_EIO.
 */
CW_EXTERN int cw_inventory_read_sbom(cw_inventory *inv, const char *path);

/** cw_inventory_read_sbom() on `len` bytes in memory; `name` is for messages. */
CW_EXTERN int cw_inventory_read_sbom_data(cw_inventory *inv, const char *name,
                                          const char *data, size_t len);

/** True when `basename` is a file name some extractor reads. */
CW_EXTERN bool cw_inventory_is_supported_file(const char *basename);

/** A container image scanned by cw_inventory_scan_path() (NULL members unknown). */
typedef struct {
	const char *ref;             /**< first repo tag / ref name */
	const char *manifest_digest; /**< "sha256:..." (OCI layout only) */
	const char *config_digest;   /**< "sha256:..." (the image id) */
	const char *os;
	const char *architecture;
	const char *os_id;           /**< os-release ID of the final filesystem ("debian") */
	const char *os_version;      /**< os-release VERSION_ID ("12") */
	const char *os_name;         /**< os-release PRETTY_NAME */
	const char *const *diff_ids; /**< layer diff ids, bottom first */
	size_t layer_count;
} cw_image_info;

/** The image or root filesystem metadata of the last system scanned, or NULL (borrowed). */
CW_EXTERN const cw_image_info *cw_inventory_image(const cw_inventory *inv);

/** Number of components. */
CW_EXTERN size_t cw_inventory_component_count(const cw_inventory *inv);

/** Component `i` (< count), borrowed. */
CW_EXTERN const cw_component *cw_inventory_component(const cw_inventory *inv, size_t i);

/** Number of dependency edges. */
CW_EXTERN size_t cw_inventory_dependency_count(const cw_inventory *inv);

/** Edge `i` (< count), borrowed.  Edges of one `from` are not necessarily adjacent. */
CW_EXTERN const cw_dependency *cw_inventory_dependency(const cw_inventory *inv, size_t i);

/**
 * The components `component` depends on, as an array of indexes into the
 * inventory (borrowed; valid until the inventory changes).  *count may be 0.
 */
CW_EXTERN int cw_inventory_dependencies_of(const cw_inventory *inv, size_t component,
                                           const size_t **out, size_t *count);

/**
 * A shortest dependency path from the root of `component`'s file down to it
 * (root first, `component` last), e.g. app -> express -> qs.
 * @param out  receives a malloc'd array of component indexes (free() it)
 * @return 0, CW_ENOTFOUND when the component cannot be reached from its
 *         root, CW_EUSAGE for a bad index, CW_ENOMEM
 */
CW_EXTERN int cw_inventory_dependency_path(const cw_inventory *inv, size_t component,
                                           size_t **out, size_t *len);

/**
 * Record a license found in a file of `component` (strings copied; the same
 * expression from the same path is kept once).
 * @return 0, CW_EUSAGE for a bad index, CW_ENOMEM
 */
CW_EXTERN int cw_inventory_add_license_evidence(cw_inventory *inv, size_t component,
                                                const cw_license_evidence *evidence);

/** Record a copyright notice of `component` (copied; repeats are dropped). */
CW_EXTERN int cw_inventory_add_copyright(cw_inventory *inv, size_t component,
                                         const char *notice, size_t len);

/**
 * A license file an image scan met in the folder of an installed package
 * (node_modules/NAME/LICENSE, NAME.dist-info/licenses/...): kept with its
 * text for the license module (cw_license_files_from_inventory()), since
 * the image is not on disk to read again.
 */
typedef struct {
	size_t component;         /**< the package whose folder holds it */
	const char *path;         /**< where it was, as the package's `file` is named */
	const char *text;         /**< its content, NUL-terminated */
	size_t len;
} cw_inventory_license_file;

CW_EXTERN size_t cw_inventory_license_file_count(const cw_inventory *inv);

/** License file `i` (< count), borrowed. */
CW_EXTERN const cw_inventory_license_file *cw_inventory_license_file_get(const cw_inventory *inv,
                                                                       size_t i);

/** Number of files that failed to parse during scans. */
CW_EXTERN size_t cw_inventory_failure_count(const cw_inventory *inv);

/** Failure `i` as "file:line: reason" (borrowed). */
CW_EXTERN const char *cw_inventory_failure(const cw_inventory *inv, size_t i);

/** Name of a scope ("required", "optional", "peer", "dev"). */
CW_EXTERN const char *cw_scope_name(cw_scope scope);

/* ---- SBOM output ------------------------------------------------------- */

typedef enum {
	CW_SBOM_CYCLONEDX_JSON = 0, /**< CycloneDX 1.6 JSON */
	CW_SBOM_SPDX_JSON = 1       /**< SPDX 2.3 JSON */
} cw_sbom_format;

#define CW_SBOM_OPTIONS_VERSION 1

typedef struct {
	unsigned version;          /**< CW_SBOM_OPTIONS_VERSION */
	cw_sbom_format format;
	bool deterministic;        /**< sorted output, content-derived serial, fixed timestamp */
	const char *name;          /**< document / top component name when there are several roots (NULL: "project") */
	bool pretty;               /**< indent the JSON */
} cw_sbom_options;

#define CW_SBOM_OPTIONS_INIT { CW_SBOM_OPTIONS_VERSION, CW_SBOM_CYCLONEDX_JSON, false, NULL, true }

/** Sink for cw_sbom_write(): write `len` bytes, return 0 or a negative CW_E*. */
typedef int (*cw_sbom_write_fn)(void *payload, const char *data, size_t len);

/**
 * Write the inventory as an SBOM, streaming through `write` in chunks.
 * @return 0 or a negative error (the sink's, or CW_ENOMEM).
 */
CW_EXTERN int cw_sbom_write(const cw_inventory *inv, const cw_sbom_options *opts,
                            cw_sbom_write_fn write, void *payload);

/** Parse "cyclonedx-json" / "spdx-json" (CW_EINVALID otherwise). */
CW_EXTERN int cw_sbom_format_parse(cw_sbom_format *out, const char *name);

#ifdef __cplusplus
}
#endif
#endif
