/*
 * inspect_internal.h - what the files of `chainwarden inspect` share:
 * compiled rules, the literal prefilter, per-file matches and the session.
 *
 * How a package is inspected:
 *   1. Every file is classified by name (JS, Python, shell, manifest, .pth,
 *      other) and scanned once: the Aho-Corasick prefilter marks which
 *      rule literals occur (one pass, case-insensitive), then only the
 *      pattern rules whose literals occurred run their PCRE2 (JIT) regexes;
 *      detector rules look at the string literals (one more pass).
 *      A rule scoped to "install-file" runs on every code file, because
 *      which files the install scripts run is known only at the end.
 *   2. At the end the root package.json's install scripts (and setup.py)
 *      decide the install files; the install commands themselves are
 *      scanned as virtual files; matches outside a rule's scope are
 *      dropped; combination rules are evaluated per file, then per
 *      package; every match of a non-signal rule becomes a finding.
 */
#ifndef CW_ATTACK_INSPECT_INTERNAL_H
#define CW_ATTACK_INSPECT_INTERNAL_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "chainwarden/inspect.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/vec.h"

/* File scopes, as bits. */
enum {
	CW_SCOPE_INSTALL_COMMAND = 1u << 0, /* a package.json install script's text */
	CW_SCOPE_INSTALL_FILE = 1u << 1,    /* a file an install script runs, setup.py */
	CW_SCOPE_SETUP_PY = 1u << 2,        /* setup.py at the package root */
	CW_SCOPE_JS = 1u << 3,              /* .js .cjs .mjs .jsx .ts .tsx .mts .cts */
	CW_SCOPE_PYTHON = 1u << 4,          /* .py */
	CW_SCOPE_SHELL = 1u << 5,           /* .sh .bash .bat .cmd .ps1 */
	CW_SCOPE_MANIFEST = 1u << 6,        /* package.json, PKG-INFO, METADATA, setup.cfg, pyproject.toml */
	CW_SCOPE_PTH = 1u << 7,             /* .pth (run at Python start-up) */
	CW_SCOPE_OTHER = 1u << 8,           /* any other text file */
	CW_SCOPE_ANY = (1u << 9) - 1
};
#define CW_SCOPE_CODE (CW_SCOPE_JS | CW_SCOPE_PYTHON | CW_SCOPE_SHELL)

typedef enum { CW_RULE_PATTERN, CW_RULE_DETECTOR, CW_RULE_COMBO } cw__rule_type;

typedef enum {
	CW_DETECT_HEX_BLOB,
	CW_DETECT_BASE64_BLOB,
	CW_DETECT_ENTROPY,
	CW_DETECT_UNSAFE_PATH
} cw__detector;

typedef struct {
	const char *id;
	const char *description;
	cw_inspect_kind kind;
	cw_inspect_severity severity;
	unsigned scope;
	cw__rule_type type;
	size_t line;                 /* in the rule file */
	/* CW_RULE_PATTERN */
	pcre2_code **codes;
	size_t code_count;
	uint32_t *literals;          /* prefilter literal ids; none: always run */
	size_t literal_count;
	/* CW_RULE_DETECTOR */
	cw__detector detector;
	size_t min_length;
	double min_entropy;
	/* CW_RULE_COMBO: indices of earlier rules */
	size_t *all, *any;
	size_t all_count, any_count;
	bool package_wide;
} cw__inspect_rule;

/* Aho-Corasick automaton over the prefilter literals, as a full DFA. */
typedef struct {
	uint32_t *delta;       /* state * 256 + byte -> state */
	uint32_t *out_start;   /* state -> first index in out (size states + 1) */
	uint32_t *out;         /* literal ids matched on entering a state */
	size_t states, literals;
} cw__prefilter;

struct cw_inspect_rules {
	cw_arena arena;
	CW_VEC(cw__inspect_rule) rules;
	cw__prefilter pf;
	size_t min_literal_len;      /* shortest string a detector wants; SIZE_MAX if none */
	bool has_unsafe_path;
};

/* Build the DFA from `count` distinct literals (compared case-insensitively). */
int cw__prefilter_build(cw__prefilter *pf, const char *const *literals, const size_t *lens,
                        size_t count);
/* Mark the literal ids occurring in data in `seen` (a bitset of pf->literals bits). */
void cw__prefilter_run(const cw__prefilter *pf, const unsigned char *data, size_t len,
                       uint64_t *seen);
void cw__prefilter_free(cw__prefilter *pf);

/*
 * String literals of JS/Python/shell source: '...' and "..." on one line
 * (backslash escapes), `...` across lines, Python triple quotes.  Calls
 * `cb` for each literal of at least `min_len` bytes (the content without
 * quotes, escapes as written).  Linear in `len`.
 */
typedef void (*cw__literal_cb)(void *ctx, const char *lit, size_t len, size_t offset);
void cw__literals_each(const char *data, size_t len, bool python, size_t min_len,
                       cw__literal_cb cb, void *ctx);

/* Shannon entropy of the bytes, in bits per byte. */
double cw__shannon_entropy(const unsigned char *data, size_t len);

/* One rule's matches in one file. */
typedef struct {
	size_t rule;
	size_t line;
	size_t count;
	const char *evidence;        /* in the session arena */
} cw__inspect_match;

typedef struct {
	const char *name;            /* path in the package */
	unsigned scope;              /* static scope bits (install-file added at the end) */
	bool code;                   /* JS, Python or shell: may be an install file */
	CW_VEC(cw__inspect_match) matches;
	CW_VEC(const char *) refs;   /* local files it names (small code files only) */
} cw__inspect_file;

typedef struct {
	const char *name;            /* "postinstall" */
	const char *command;
} cw__inspect_script;

struct cw_inspect_session {
	const cw_inspect_rules *rules;
	cw_inspect_options opts;
	cw_arena arena;
	CW_VEC(cw__inspect_file) files;
	cw_inspect_stats stats;
	size_t entries;
	uint64_t total;              /* bytes charged against max_total_size */
	/* the shallowest package.json with scripts */
	const char *manifest_dir;    /* "" or "package/" */
	size_t manifest_depth;
	CW_VEC(cw__inspect_script) scripts;
	/* scratch */
	pcre2_match_data *md;
	pcre2_match_context *mctx;
	pcre2_jit_stack *jit_stack;
	uint64_t *seen;              /* prefilter bitset */
	size_t seen_words;
};

struct cw_inspect_report {
	cw_arena arena;           /* holds this struct too (cw__arena_new_owner) */
	CW_VEC(cw_inspect_finding) findings;
	CW_VEC(cw__inspect_script) scripts;
	cw_inspect_stats stats;
};

/* Scan `data` as file `f` (scopes in f->scope); adds to f->matches. */
int cw__inspect_scan(cw_inspect_session *s, cw__inspect_file *f, const char *data, size_t len,
                     bool install_command);

/* A new file record named `name` ("./" prefixes dropped); *out stays valid
 * until the next one is added. */
int cw__inspect_file_new(cw_inspect_session *s, const char *name, cw__inspect_file **out);

/* Record the local files the words of a command line name in f->refs. */
int cw__inspect_command_refs(cw_inspect_session *s, cw__inspect_file *f, const char *p, size_t len);

/* Findings of the session's matches; `install` marks the install files. */
int cw__inspect_evaluate(cw_inspect_session *s, cw_inspect_report *rep, const bool *install);

/* Evidence text: `len` bytes from `p`, control and non-ASCII bytes escaped, capped. */
const char *cw__inspect_snippet(cw_arena *arena, const char *p, size_t len, size_t max);

#endif
