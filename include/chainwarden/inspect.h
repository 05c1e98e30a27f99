/*
 * chainwarden/inspect.h - static analysis of package contents.
 *
 * Looks inside a package (an npm tarball, a Python sdist or wheel, or an
 * unpacked directory) for signs of malicious code: obfuscation (long
 * base64/hex blobs, high-entropy string literals, eval of decoded data,
 * the Function constructor), processes spawned by install scripts,
 * credential files or token variables read by code that also sends data
 * over the network, download-and-execute, and hard-coded IP URLs.
 *
 * What is looked for is data, not code: a rule file (YAML, see
 * docs/inspect.md) lists rules with an id, a kind, a severity, a
 * description, a file scope and either PCRE2 patterns (with an optional
 * literal prefilter), a built-in detector with parameters (hex-blob,
 * base64-blob, entropy, unsafe-path), or a combination of other rules
 * matched in the same file or package.  A default rule set is compiled
 * into the library (data/inspect-rules.yaml).
 *
 * Nothing in a package is executed or written to disk; every read is
 * capped (per file, in total, in entries), so hostile archives (zip bombs,
 * huge entries, "../" names) end in a clear error or a bounded skip.
 *
 * Ownership: rules and reports belong to the caller (cw_inspect_rules_free,
 * cw_inspect_report_free); strings in findings live as long as the report.
 */
#ifndef CHAINWARDEN_INSPECT_H
#define CHAINWARDEN_INSPECT_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A compiled rule set. */
typedef struct cw_inspect_rules cw_inspect_rules;

/** What a finding says about the package. */
typedef enum {
	CW_INSPECT_SIGNAL = 0,     /**< only an input of combination rules, never reported */
	CW_INSPECT_SUSPICIOUS,     /**< worth a look; benign packages do this too */
	CW_INSPECT_MALICIOUS       /**< a pattern of published attacks */
} cw_inspect_kind;

typedef enum {
	CW_INSPECT_LOW = 0,
	CW_INSPECT_MEDIUM,
	CW_INSPECT_HIGH,
	CW_INSPECT_CRITICAL
} cw_inspect_severity;

/**
 * Compile a rule file (YAML text of `len` bytes; `path` names it in errors,
 * which carry "path:line:col").  Every pattern is compiled (with PCRE2's JIT
 * when available), every referenced rule must exist and come first.
 */
CW_EXTERN int cw_inspect_rules_load(cw_inspect_rules **out, const char *text, size_t len,
                                    const char *path);

/** The rule set compiled into the library (data/inspect-rules.yaml). */
CW_EXTERN int cw_inspect_rules_default(cw_inspect_rules **out);

/** The text of the built-in rule file (NUL-terminated, static). */
CW_EXTERN const char *cw_inspect_rules_default_text(size_t *len);

/** Number of rules (signals included). */
CW_EXTERN size_t cw_inspect_rules_count(const cw_inspect_rules *rules);

CW_EXTERN void cw_inspect_rules_free(cw_inspect_rules *rules);

/** Caps applied while reading a package; 0 takes the default. */
typedef struct {
	unsigned version;
	size_t max_file_size;     /**< bytes of one file scanned (default 16 MiB); larger files are skipped */
	size_t max_total_size;    /**< uncompressed bytes read in all (default 512 MiB); past it: CW_ELIMIT */
	size_t max_entries;       /**< files and directories (default 100000); past it: CW_ELIMIT */
	size_t max_evidence;      /**< bytes of a matched snippet kept (default 120) */
} cw_inspect_options;

#define CW_INSPECT_OPTIONS_VERSION 1
#define CW_INSPECT_OPTIONS_INIT { CW_INSPECT_OPTIONS_VERSION, 0, 0, 0, 0 }

/** One finding. */
typedef struct {
	const char *rule;          /**< the rule id */
	const char *description;   /**< the rule's description */
	cw_inspect_kind kind;      /**< CW_INSPECT_SUSPICIOUS or CW_INSPECT_MALICIOUS */
	cw_inspect_severity severity;
	const char *file;          /**< path in the package ("package.json#scripts.postinstall"
	                                for a script), or NULL for a package-wide combination */
	size_t line;               /**< 1-based line of the first match, 0 if none */
	size_t count;              /**< matches in that file (capped at 1000) */
	const char *evidence;      /**< the matched text, truncated, control bytes escaped;
	                                for a combination, the parts and where each matched */
} cw_inspect_finding;

/** What was read, for the report and the benchmark. */
typedef struct {
	size_t files;              /**< regular files seen */
	size_t scanned;            /**< text files scanned */
	size_t skipped_binary;     /**< files skipped as binary */
	size_t skipped_large;      /**< files skipped over max_file_size */
	uint64_t bytes;            /**< uncompressed bytes of all files read */
	uint64_t bytes_scanned;    /**< bytes of the files scanned */
} cw_inspect_stats;

typedef struct cw_inspect_report cw_inspect_report;

/**
 * Inspect a package: a directory (walked without following symlinks), or a
 * file read as an archive (tar, optionally gzip/bzip2/xz/zstd compressed,
 * or zip: npm .tgz, sdist .tar.gz, wheel .whl).
 */
CW_EXTERN int cw_inspect_path(cw_inspect_report **out, const cw_inspect_rules *rules,
                              const char *path, const cw_inspect_options *opts);

/** Inspect an archive held in memory; `name` labels it in errors. */
CW_EXTERN int cw_inspect_archive_memory(cw_inspect_report **out, const cw_inspect_rules *rules,
                                        const void *data, size_t len, const char *name,
                                        const cw_inspect_options *opts);

/*
 * The package, one file at a time (what the readers above do; a registry
 * proxy can feed files it already has).
 */
typedef struct cw_inspect_session cw_inspect_session;

CW_EXTERN int cw_inspect_session_new(cw_inspect_session **out, const cw_inspect_rules *rules,
                                     const cw_inspect_options *opts);

/**
 * Scan one file of the package.  `name` is its path in the package ('/'
 * separators, as in the archive).  Binary files and files over
 * max_file_size are counted and skipped.  Fails with CW_ELIMIT past
 * max_total_size or max_entries.
 */
CW_EXTERN int cw_inspect_session_add(cw_inspect_session *s, const char *name,
                                     const void *data, size_t len);

/** Count a file that was not read (over max_file_size) without its data. */
CW_EXTERN int cw_inspect_session_skip_large(cw_inspect_session *s, const char *name, uint64_t size);

/**
 * Finish: resolve the install scripts (package.json scripts and the files
 * they run, setup.py), evaluate the combination rules and build the report.
 * The session is freed either way.
 */
CW_EXTERN int cw_inspect_session_finish(cw_inspect_report **out, cw_inspect_session *s);

CW_EXTERN void cw_inspect_session_free(cw_inspect_session *s);

/** Findings, malicious first, then by severity (highest first), rule, file. */
CW_EXTERN size_t cw_inspect_report_count(const cw_inspect_report *report);
CW_EXTERN const cw_inspect_finding *cw_inspect_report_finding(const cw_inspect_report *report,
                                                              size_t i);
/** Number of findings of one kind. */
CW_EXTERN size_t cw_inspect_report_count_kind(const cw_inspect_report *report, cw_inspect_kind kind);
CW_EXTERN const cw_inspect_stats *cw_inspect_report_stats(const cw_inspect_report *report);

/** The install scripts found ("preinstall", "node install.js"), in package.json order. */
CW_EXTERN size_t cw_inspect_report_script_count(const cw_inspect_report *report);
CW_EXTERN void cw_inspect_report_script(const cw_inspect_report *report, size_t i,
                                        const char **name, const char **command);

/**
 * Render the report as text (one finding per block) or as one JSON
 * document, appended to *out (malloc'd, NUL-terminated; free()).
 * `target` names the inspected package in the output.
 */
CW_EXTERN int cw_inspect_report_render(char **out, size_t *len, const cw_inspect_report *report,
                                       const char *target, bool json);

CW_EXTERN void cw_inspect_report_free(cw_inspect_report *report);

CW_EXTERN const char *cw_inspect_kind_name(cw_inspect_kind kind);
CW_EXTERN const char *cw_inspect_severity_name(cw_inspect_severity severity);

#ifdef __cplusplus
}
#endif
#endif
