/*
 * chainwarden/attack.h - signs of upstream attacks on dependencies.
 *
 * Typosquatting: a dependency whose name is a near miss of a popular
 * package's (one edit or an adjacent swap away, a look-alike character, a
 * different separator, a scope dropped or a suffix such as "-js" added).
 * Popular names come from a ranked list (one name per line, most popular
 * first); popular packages and known legitimate pairs are never flagged.
 *
 * Lockfile signals: components without an integrity hash, resolved from a
 * host outside an allow list, from git/http/file sources, internal
 * (namespaced) packages resolved from a public registry (dependency
 * confusion), and packages with install scripts.
 *
 * Drift (a lockfile out of step with its manifest), the install-time code
 * of unpacked packages, and publish times from registry metadata
 * (packuments) for the fresh-version quarantine: the scan module
 * (cw_scan_upstream, chainwarden/scan.h) turns all of these into findings.
 *
 * Ownership: the index is owned by the caller (cw_typosquat_index_free);
 * strings in results are borrowed from the index or the inventory.
 */
#ifndef CHAINWARDEN_ATTACK_H
#define CHAINWARDEN_ATTACK_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

struct cw_inventory;

typedef struct cw_typosquat_index cw_typosquat_index;

/** How a name imitates a popular one. */
typedef enum {
	CW_SQUAT_NONE = 0,
	CW_SQUAT_EDIT,        /**< one or two characters added, removed or changed */
	CW_SQUAT_SWAP,        /**< two adjacent characters swapped */
	CW_SQUAT_HOMOGLYPH,   /**< look-alike characters (0/o, 1/l, rn/m, vv/w) */
	CW_SQUAT_SEPARATOR,   /**< '-', '_', '.' added, removed or exchanged */
	CW_SQUAT_SCOPE,       /**< an npm scope dropped or mimicked (@types/node -> types-node) */
	CW_SQUAT_COMBO        /**< a popular name plus an affix (lodash-js, node-lodash) */
} cw_squat_kind;

typedef struct {
	cw_squat_kind kind;
	const char *target;   /**< the popular name it imitates (borrowed) */
	size_t target_rank;   /**< 1-based position in the popular list */
	int distance;         /**< edit distance to the target (0 for skeleton matches) */
} cw_typosquat_match;

/** An empty index for one ecosystem's names ("npm", "pypi", ...). */
CW_EXTERN int cw_typosquat_index_new(cw_typosquat_index **out, const char *ecosystem);

/**
 * Add a ranked list: one name per line, most popular first ('#' comments
 * and blank lines ignored).  Names keep their rank across several lists
 * (the best one wins).  `path` names the list in errors.
 */
CW_EXTERN int cw_typosquat_index_add_list(cw_typosquat_index *index, const char *text,
                                          size_t len, const char *path);

/**
 * Known legitimate pairs: lines "NAME<tab>TARGET" (or "NAME<space>TARGET")
 * saying NAME is not a squat of TARGET ("preact react").
 */
CW_EXTERN int cw_typosquat_index_add_allowed(cw_typosquat_index *index, const char *text,
                                             size_t len, const char *path);

/** Names in the index. */
CW_EXTERN size_t cw_typosquat_index_count(const cw_typosquat_index *index);

/** Is `name` a likely typosquat?  Fills *match and returns true if so. */
CW_EXTERN bool cw_typosquat_check(const cw_typosquat_index *index, const char *name,
                                  cw_typosquat_match *match);

CW_EXTERN const char *cw_squat_kind_name(cw_squat_kind kind);

CW_EXTERN void cw_typosquat_index_free(cw_typosquat_index *index);

/*
 * Lockfile signals.
 */

/** What a signal says about a component. */
typedef enum {
	CW_SIGNAL_TYPOSQUAT = 0,      /**< name imitates a popular package */
	CW_SIGNAL_NO_INTEGRITY,       /**< no integrity hash in the lockfile */
	CW_SIGNAL_UNLISTED_HOST,      /**< resolved from a host not on the allow list */
	CW_SIGNAL_NON_REGISTRY,       /**< git, http(s) tarball, file or link source */
	CW_SIGNAL_DEPENDENCY_CONFUSION, /**< internal name resolved outside the internal registry */
	CW_SIGNAL_INSTALL_SCRIPT      /**< runs code at install time */
} cw_signal_kind;

/** Options of cw_attack_signals(); NULL lists are empty. */
typedef struct {
	unsigned version;
	/** Hosts packages may be resolved from ("npm-registry.example");
	 *  empty: any host (the check is off). */
	const char *const *allowed_hosts;
	size_t allowed_host_count;
	/** Internal package names: globs ("@acme/\*", "acme-\*"). */
	const char *const *internal_patterns;
	size_t internal_pattern_count;
	/** Hosts of the internal registry; internal names resolved anywhere
	 *  else (or with no resolved URL at all) are dependency confusion. */
	const char *const *internal_hosts;
	size_t internal_host_count;
	/** Typosquatting index for the components' ecosystem, or NULL. */
	const cw_typosquat_index *typosquats;
} cw_signal_options;

#define CW_SIGNAL_OPTIONS_VERSION 1
#define CW_SIGNAL_OPTIONS_INIT { CW_SIGNAL_OPTIONS_VERSION, NULL, 0, NULL, 0, NULL, 0, NULL }

/** One signal about one component. */
typedef struct {
	size_t component;            /**< index in the inventory */
	cw_signal_kind kind;
	bool malicious;              /**< "malicious" (else "suspicious") */
	char evidence[320];
} cw_signal;

/**
 * Look at every library component of `inv` for the signals above.
 * *out is malloc'd (free()); ordered malicious first, then by kind.
 */
CW_EXTERN int cw_attack_signals(cw_signal **out, size_t *count, const struct cw_inventory *inv,
                                const cw_signal_options *opts);

CW_EXTERN const char *cw_signal_kind_name(cw_signal_kind kind);

/*
 * Lockfile / manifest drift: what the manifest declares against what the
 * lockfile next to it locks.  package.json + package-lock.json (or
 * npm-shrinkwrap.json), Cargo.toml + Cargo.lock, Pipfile + Pipfile.lock.
 */

/** How a lockfile disagrees with its manifest. */
typedef enum {
	CW_DRIFT_NOT_LOCKED = 0,  /**< declared in the manifest, absent from the lockfile */
	CW_DRIFT_MISMATCH,        /**< the locked version does not satisfy the declared range */
	CW_DRIFT_NOT_DECLARED     /**< locked as a direct dependency, declared nowhere */
} cw_drift_kind;

/** One disagreement; strings are borrowed from the list. */
typedef struct {
	cw_drift_kind kind;
	const char *ecosystem;    /**< "npm", "cargo", "pypi" */
	const char *name;
	const char *declared;     /**< the manifest's range (NULL for NOT_DECLARED) */
	const char *locked;       /**< the locked version(s) (NULL for NOT_LOCKED) */
	const char *manifest;     /**< manifest path */
	size_t manifest_line;     /**< line of the declaration, 0 unknown */
	const char *lockfile;     /**< lockfile path */
	size_t lockfile_line;     /**< line of the locked entry, 0 unknown */
} cw_drift;

typedef struct cw_drift_list cw_drift_list;

/**
 * Compare a manifest with its lockfile (kind chosen by the base names:
 * package.json with package-lock.json / npm-shrinkwrap.json, Cargo.toml
 * with Cargo.lock, Pipfile with Pipfile.lock).  Declarations that name no registry version (git,
 * file:, link:, workspace:, path dependencies, dist-tags) are checked for
 * presence only.
 * @return 0, CW_EUNSUPPORTED (not a known pair), CW_EINVALID (a file does
 *         not parse: "path:line:col: reason"), CW_ENOTFOUND / CW_EIO.
 */
CW_EXTERN int cw_drift_check(cw_drift_list **out, const char *manifest, const char *lockfile);

/** cw_drift_check() on files in memory; the names select the kind and appear in results. */
CW_EXTERN int cw_drift_check_data(cw_drift_list **out, const char *manifest_name,
                                  const char *manifest, size_t manifest_len,
                                  const char *lockfile_name, const char *lockfile, size_t lockfile_len);

CW_EXTERN size_t cw_drift_count(const cw_drift_list *list);
CW_EXTERN const cw_drift *cw_drift_at(const cw_drift_list *list, size_t i);
CW_EXTERN void cw_drift_list_free(cw_drift_list *list);

/** "not-locked", "version-mismatch", "not-declared". */
CW_EXTERN const char *cw_drift_kind_name(cw_drift_kind kind);

/*
 * Install-time code of an unpacked package.
 */

/**
 * What installing the package unpacked in `dir` runs: the npm lifecycle
 * scripts of its package.json ("preinstall: ...\ninstall: ...\npostinstall:
 * ...", and "install: node-gyp rebuild (implicit: binding.gyp)" when a
 * binding.gyp is present without install/preinstall scripts), or its
 * Python setup.py (the file's text, at most 4 KiB, then "[... N more bytes]").
 * @param out     malloc'd text (free()), NULL when the package runs nothing
 * @param source  set to "package.json" or "setup.py" (static), may be NULL
 * @return 0, CW_ENOTFOUND when `dir` holds neither file, CW_EINVALID for a
 *         package.json that does not parse.
 */
CW_EXTERN int cw_install_scripts_read(char **out, const char **source, const char *dir);

/*
 * Registry metadata: npm packuments
 * (https://github.com/npm/registry/blob/main/docs/REGISTRY-API.md).
 */

/**
 * The publish time of `version` in a packument's "time" map, in seconds
 * since the epoch (UTC; ISO 8601 "YYYY-MM-DDThh:mm:ss[.fff](Z|+hh:mm)").
 * `name` labels errors.
 * @return 0; CW_ENOTFOUND when the packument lists no time for `version`;
 *         CW_EINVALID for bad JSON ("name:line:col: reason"), a "time" that is
 *         not an object, or a time that is not a valid date.
 */
CW_EXTERN int cw_packument_publish_time(int64_t *out, const char *data, size_t len,
                                        const char *name, const char *version);

/** Parse an ISO 8601 UTC timestamp as above; CW_EINVALID when it is not one. */
CW_EXTERN int cw_iso8601_parse(int64_t *out, const char *text, size_t len);

#ifdef __cplusplus
}
#endif
#endif
