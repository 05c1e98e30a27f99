/*
 * inspect_session.c - one package, one file at a time: classifying files,
 * reading the install scripts of package.json, collecting the local files
 * each code file names (for inspect_finish.c to resolve), scanning.
 *
 * Install scripts are npm's preinstall, install and postinstall (what
 * `npm install` runs from a registry tarball; "prepare" is only run for
 * git dependencies and local installs); the files they run are those the
 * command names ("node install.js", "sh ./setup.sh", "require('./x')"),
 * then the local files those name, three levels deep.  For Python, a
 * setup.py at the root (depth <= 2: sdists hold NAME-VERSION/setup.py) is
 * both "setup-py" and an install file; wheels run no code at install, but
 * their .pth files run at every interpreter start ("pth" scope).
 */
#include "attack/inspect_internal.h"

#include <stdlib.h>
#include <string.h>

#include "util/error.h"
#include "util/json.h"
#include "util/str.h"

#define DEFAULT_MAX_FILE ((size_t)16 << 20)
#define DEFAULT_MAX_TOTAL ((size_t)512 << 20)
#define DEFAULT_MAX_ENTRIES 100000
#define DEFAULT_MAX_EVIDENCE 120
#define REFS_MAX_FILE ((size_t)256 << 10)
#define REFS_MAX_PER_FILE 64

static const char *const install_scripts[] = { "preinstall", "install", "postinstall" };

int cw_inspect_session_new(cw_inspect_session **out, const cw_inspect_rules *rules,
                           const cw_inspect_options *opts)
{
	cw_inspect_session *s;
	*out = NULL;
	if (!rules)
		return cw__error_set(CW_EUSAGE, "inspect: no rules");
	if (!(s = calloc(1, sizeof(*s))))
		return cw__error_oom();
	s->rules = rules;
	if (opts)
		s->opts = *opts;
	if (!s->opts.max_file_size)
		s->opts.max_file_size = DEFAULT_MAX_FILE;
	if (!s->opts.max_total_size)
		s->opts.max_total_size = DEFAULT_MAX_TOTAL;
	if (!s->opts.max_entries)
		s->opts.max_entries = DEFAULT_MAX_ENTRIES;
	if (!s->opts.max_evidence)
		s->opts.max_evidence = DEFAULT_MAX_EVIDENCE;
	s->manifest_depth = SIZE_MAX;
	s->seen_words = (rules->pf.literals + 63) / 64 + 1;
	s->seen = calloc(s->seen_words, sizeof(uint64_t));
	s->md = pcre2_match_data_create(16, NULL);
	s->mctx = pcre2_match_context_create(NULL);
	s->jit_stack = pcre2_jit_stack_create(32 << 10, 1 << 20, NULL);
	if (!s->seen || !s->md || !s->mctx || !s->jit_stack) {
		cw_inspect_session_free(s);
		return cw__error_oom();
	}
	pcre2_jit_stack_assign(s->mctx, NULL, s->jit_stack);
	/* Bounds backtracking of a rule file's patterns on hostile input. */
	pcre2_set_match_limit(s->mctx, 1000000);
	pcre2_set_depth_limit(s->mctx, 10000);
	*out = s;
	return 0;
}

void cw_inspect_session_free(cw_inspect_session *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->files.len; i++) {
		cw_vec_free(&s->files.items[i].matches);
		cw_vec_free(&s->files.items[i].refs);
	}
	cw_vec_free(&s->files);
	cw_vec_free(&s->scripts);
	pcre2_match_data_free(s->md);
	pcre2_match_context_free(s->mctx);
	pcre2_jit_stack_free(s->jit_stack);
	free(s->seen);
	cw__arena_free(&s->arena);
	free(s);
}

static bool ends_with(const char *s, size_t len, const char *suffix)
{
	size_t n = strlen(suffix);
	return len >= n && cw__slice_eq_nocase((cw_slice){ s + len - n, n }, (cw_slice){ suffix, n });
}

static size_t depth_of(const char *name)
{
	size_t d = 1;
	for (const char *p = name; *p; p++)
		if (*p == '/' && p[1])
			d++;
	return d;
}

static const char *base_of(const char *name)
{
	const char *slash = strrchr(name, '/');
	return slash ? slash + 1 : name;
}

static unsigned classify(const char *name, bool *setup_py)
{
	const char *base = base_of(name);
	size_t n = strlen(base);
	static const char *const js[] = { ".js", ".cjs", ".mjs", ".jsx", ".ts", ".tsx", ".mts", ".cts" };
	static const char *const sh[] = { ".sh", ".bash", ".bat", ".cmd", ".ps1" };

	*setup_py = false;
	if (ends_with(base, n, ".d.ts"))
		return CW_SCOPE_OTHER;   /* type declarations hold no code */
	for (size_t i = 0; i < sizeof(js) / sizeof(js[0]); i++)
		if (ends_with(base, n, js[i]))
			return CW_SCOPE_JS;
	if (ends_with(base, n, ".py")) {
		if (!strcmp(base, "setup.py") && depth_of(name) <= 2) {
			*setup_py = true;
			return CW_SCOPE_PYTHON | CW_SCOPE_SETUP_PY | CW_SCOPE_INSTALL_FILE;
		}
		return CW_SCOPE_PYTHON;
	}
	for (size_t i = 0; i < sizeof(sh) / sizeof(sh[0]); i++)
		if (ends_with(base, n, sh[i]))
			return CW_SCOPE_SHELL;
	if (ends_with(base, n, ".pth"))
		return CW_SCOPE_PTH;
	if (!strcmp(base, "package.json") || !strcmp(base, "PKG-INFO") || !strcmp(base, "METADATA") ||
	    !strcmp(base, "setup.cfg") || !strcmp(base, "pyproject.toml"))
		return CW_SCOPE_MANIFEST;
	return CW_SCOPE_OTHER;
}

static bool unsafe_name(const char *name)
{
	if (name[0] == '/' || name[0] == '\\' || strchr(name, '\\') || (cw_is_alpha(name[0]) && name[1] == ':'))
		return true;
	for (const char *p = name; *p; ) {
		const char *e = strchr(p, '/');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		if (n == 2 && p[0] == '.' && p[1] == '.')
			return true;
		if (!e)
			break;
		p = e + 1;
	}
	return false;
}

/* A local file named by code or a command: "./lib/x.js", "install.sh". */
static bool looks_like_ref(const char *p, size_t n)
{
	static const char *const ext[] = { ".js", ".cjs", ".mjs", ".sh", ".bat", ".cmd", ".ps1", ".py" };
	if (n < 2 || n > 200)
		return false;
	for (size_t i = 0; i < n; i++)
		if (cw_is_space(p[i]) || p[i] == '"' || p[i] == '\'' || p[i] == '`' || p[i] == '$' ||
		    p[i] == ':' || (unsigned char)p[i] < 0x20)
			return false;
	if ((p[0] == '.' && (p[1] == '/' || (n > 2 && p[1] == '.' && p[2] == '/'))))
		return true;
	for (size_t i = 0; i < sizeof(ext) / sizeof(ext[0]); i++)
		if (ends_with(p, n, ext[i]))
			return true;
	return false;
}

static int add_ref(cw_inspect_session *s, cw__inspect_file *f, const char *p, size_t n)
{
	const char *copy;
	if (f->refs.len >= REFS_MAX_PER_FILE || !looks_like_ref(p, n))
		return 0;
	if (!(copy = cw__arena_strndup(&s->arena, p, n)))
		return cw_error_last()->code;
	return cw_vec_push(&f->refs, copy);
}

typedef struct {
	cw_inspect_session *s;
	cw__inspect_file *f;
	int error;
} refs_ctx;

static void on_ref_literal(void *vctx, const char *lit, size_t len, size_t offset)
{
	refs_ctx *ctx = vctx;
	(void)offset;
	if (ctx->error)
		return;
	/* exec("bash preinstall.sh"): the words of a command line */
	if (len < 512 && memchr(lit, ' ', len))
		ctx->error = cw__inspect_command_refs(ctx->s, ctx->f, lit, len);
	else
		ctx->error = add_ref(ctx->s, ctx->f, lit, len);
}

/* Words of a command or shell script that may name files. */
int cw__inspect_command_refs(cw_inspect_session *s, cw__inspect_file *f, const char *p, size_t len)
{
	static const char seps[] = " \t\r\n;&|()'\"`=<>,";
	bool after_node = false;
	size_t i = 0;
	int error = 0;
	while (i < len && error == 0) {
		size_t j;
		while (i < len && strchr(seps, p[i]) && p[i])
			i++;
		j = i;
		while (j < len && p[j] && !strchr(seps, p[j]))
			j++;
		if (j == i)
			break;
		if (after_node && p[i] != '-' && j - i < 200 && !looks_like_ref(p + i, j - i)) {
			/* "node install" runs install.js */
			char word[256];
			memcpy(word, p + i, j - i);
			memcpy(word + (j - i), ".js", 4);
			error = add_ref(s, f, word, j - i + 3);
		} else {
			error = add_ref(s, f, p + i, j - i);
		}
		after_node = (j - i == 4 && !memcmp(p + i, "node", 4)) ||
		             (after_node && p[i] == '-');   /* node --flag x.js */
		i = j;
	}
	return error;
}

int cw__inspect_file_new(cw_inspect_session *s, const char *name, cw__inspect_file **out)
{
	cw__inspect_file f;
	int error;
	while (name[0] == '.' && name[1] == '/')
		name += 2;
	memset(&f, 0, sizeof(f));
	if (!(f.name = cw__arena_strdup(&s->arena, name)))
		return cw_error_last()->code;
	if ((error = cw_vec_push(&s->files, f)) < 0)
		return error;
	*out = &s->files.items[s->files.len - 1];
	return 0;
}

static int count_entry(cw_inspect_session *s, const char *name, uint64_t size)
{
	if (++s->entries > s->opts.max_entries)
		return cw__error_set(CW_ELIMIT, "more than %zu files in the package (at '%s')",
		                     s->opts.max_entries, name);
	s->total += size;
	if (s->total > s->opts.max_total_size)
		return cw__error_set(CW_ELIMIT,
		                     "package content exceeds %zu bytes (at '%s'): too large or a "
		                     "decompression bomb", s->opts.max_total_size, name);
	s->stats.files++;
	s->stats.bytes += size;
	return 0;
}

static int check_path(cw_inspect_session *s, cw__inspect_file *f)
{
	const cw_inspect_rules *rules = s->rules;
	if (!rules->has_unsafe_path || !unsafe_name(f->name))
		return 0;
	for (size_t i = 0; i < rules->rules.len; i++) {
		const cw__inspect_rule *r = &rules->rules.items[i];
		if (r->type == CW_RULE_DETECTOR && r->detector == CW_DETECT_UNSAFE_PATH) {
			cw__inspect_match m = { i, 0, 1, NULL };
			int error;
			if (!(m.evidence = cw__inspect_snippet(&s->arena, f->name, strlen(f->name),
			                                       s->opts.max_evidence)))
				return cw_error_last()->code;
			if ((error = cw_vec_push(&f->matches, m)) < 0)
				return error;
		}
	}
	return 0;
}

int cw_inspect_session_skip_large(cw_inspect_session *s, const char *name, uint64_t size)
{
	cw__inspect_file *f;
	int error;
	if ((error = count_entry(s, name, size)) < 0 || (error = cw__inspect_file_new(s, name, &f)) < 0)
		return error;
	s->stats.skipped_large++;
	return check_path(s, f);
}

/* Record the install script `name` (a static string) running `cmd`. */
static int add_script(cw_inspect_session *s, const char *name, const char *cmd)
{
	cw__inspect_script sc = { name, cw__arena_strdup(&s->arena, cmd) };
	if (!sc.command)
		return cw_error_last()->code;
	return cw_vec_push(&s->scripts, sc);
}

/* The scripts of a package.json (the shallowest one wins). */
static int read_manifest(cw_inspect_session *s, const char *name, const char *data, size_t len)
{
	size_t depth = depth_of(name);
	cw_json *doc = NULL, *scripts;
	int error = 0;
	if (depth >= s->manifest_depth || depth > 3 || len > ((size_t)4 << 20))
		return 0;
	if (cw__json_parse(&doc, data, len, name) < 0) {
		/* npm would refuse it; nothing to learn about scripts */
		cw_error_clear();
		return 0;
	}
	s->manifest_depth = depth;
	s->scripts.len = 0;
	{
		const char *slash = strrchr(name, '/');
		if (!(s->manifest_dir = cw__arena_strndup(&s->arena, name, slash ? (size_t)(slash - name) + 1 : 0))) {
			error = cw_error_last()->code;
			goto done;
		}
	}
	scripts = json_is_object(doc) ? json_object_get(doc, "scripts") : NULL;
	for (size_t i = 0; scripts && i < sizeof(install_scripts) / sizeof(install_scripts[0]); i++) {
		const char *cmd = cw__json_get_str(scripts, install_scripts[i]);
		if (cmd && (error = add_script(s, install_scripts[i], cmd)) < 0)
			goto done;
	}
done:
	cw__json_free(doc);
	return error;
}

static bool is_binary(const char *data, size_t len)
{
	return memchr(data, 0, len < 8192 ? len : 8192) != NULL;
}

int cw_inspect_session_add(cw_inspect_session *s, const char *name, const void *vdata, size_t len)
{
	const char *data = vdata ? vdata : "";
	cw__inspect_file *f;
	bool setup_py;
	int error;

	if (len > s->opts.max_file_size)
		return cw_inspect_session_skip_large(s, name, len);
	if ((error = count_entry(s, name, len)) < 0 || (error = cw__inspect_file_new(s, name, &f)) < 0 ||
	    (error = check_path(s, f)) < 0)
		return error;
	f->scope = classify(f->name, &setup_py);
	f->code = (f->scope & CW_SCOPE_CODE) != 0;
	if (is_binary(data, len)) {
		s->stats.skipped_binary++;
		f->code = false;
		return 0;
	}
	s->stats.scanned++;
	s->stats.bytes_scanned += len;
	if (!strcmp(base_of(f->name), "package.json") && (error = read_manifest(s, f->name, data, len)) < 0)
		return error;
	if ((error = cw__inspect_scan(s, f, data, len, false)) < 0)
		return error;
	if (f->code && len <= REFS_MAX_FILE) {
		if (f->scope & CW_SCOPE_SHELL) {
			error = cw__inspect_command_refs(s, f, data, len);
		} else {
			refs_ctx ctx = { s, f, 0 };
			cw__literals_each(data, len, (f->scope & CW_SCOPE_PYTHON) != 0, 2, on_ref_literal, &ctx);
			error = ctx.error;
		}
	}
	return error;
}
