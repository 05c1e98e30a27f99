/*
 * inspect_session.c - one package, one file at a time: classifying files,
 * reading the install scripts of package.json, resolving which files they
 * run, evaluating combination rules and building the report.
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
#include "util/map.h"
#include "util/str.h"

#define DEFAULT_MAX_FILE ((size_t)16 << 20)
#define DEFAULT_MAX_TOTAL ((size_t)512 << 20)
#define DEFAULT_MAX_ENTRIES 100000
#define DEFAULT_MAX_EVIDENCE 120
#define REFS_MAX_FILE ((size_t)256 << 10)
#define REFS_MAX_PER_FILE 64
#define INSTALL_DEPTH 3

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

static int command_refs(cw_inspect_session *s, cw__inspect_file *f, const char *p, size_t len);

static void on_ref_literal(void *vctx, const char *lit, size_t len, size_t offset)
{
	refs_ctx *ctx = vctx;
	(void)offset;
	if (ctx->error)
		return;
	/* exec("bash preinstall.sh"): the words of a command line */
	if (len < 512 && memchr(lit, ' ', len))
		ctx->error = command_refs(ctx->s, ctx->f, lit, len);
	else
		ctx->error = add_ref(ctx->s, ctx->f, lit, len);
}

/* Words of a command or shell script that may name files. */
static int command_refs(cw_inspect_session *s, cw__inspect_file *f, const char *p, size_t len)
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

static int file_new(cw_inspect_session *s, const char *name, cw__inspect_file **out)
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
	if ((error = count_entry(s, name, size)) < 0 || (error = file_new(s, name, &f)) < 0)
		return error;
	s->stats.skipped_large++;
	return check_path(s, f);
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
		cw__inspect_script sc = { install_scripts[i], NULL };
		if (!cmd)
			continue;
		if (!(sc.command = cw__arena_strdup(&s->arena, cmd))) {
			error = cw_error_last()->code;
			goto done;
		}
		if ((error = cw_vec_push(&s->scripts, sc)) < 0)
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
	if ((error = count_entry(s, name, len)) < 0 || (error = file_new(s, name, &f)) < 0 ||
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
			error = command_refs(s, f, data, len);
		} else {
			refs_ctx ctx = { s, f, 0 };
			cw__literals_each(data, len, (f->scope & CW_SCOPE_PYTHON) != 0, 2, on_ref_literal, &ctx);
			error = ctx.error;
		}
	}
	return error;
}

/*
 * Finishing: install files, combinations, findings.
 */

/* "dir/" + "./x/../y.js" -> "dir/y.js" in buf; false if it leaves the package. */
static bool join_path(char *buf, size_t cap, const char *dir, size_t dir_len, const char *ref)
{
	size_t n = 0;
	if (ref[0] == '/')
		return false;
	if (dir_len >= cap)
		return false;
	memcpy(buf, dir, dir_len);
	n = dir_len;
	for (const char *p = ref; *p; ) {
		const char *e = strchr(p, '/');
		size_t k = e ? (size_t)(e - p) : strlen(p);
		if (k == 0 || (k == 1 && p[0] == '.')) {
			/* skip */
		} else if (k == 2 && p[0] == '.' && p[1] == '.') {
			if (n == 0)
				return false;
			n--;   /* drop the trailing '/' and the last component */
			while (n > 0 && buf[n - 1] != '/')
				n--;
		} else {
			if (n + k + 2 >= cap)
				return false;
			memcpy(buf + n, p, k);
			n += k;
			if (e)
				buf[n++] = '/';
		}
		if (!e)
			break;
		p = e + 1;
	}
	buf[n] = 0;
	return n > 0 && buf[n - 1] != '/';
}

static cw__inspect_file *find_file(const cw_map *names, cw_inspect_session *s, const char *path)
{
	void *v = cw__map_get(names, path, strlen(path));
	return v ? &s->files.items[(size_t)(uintptr_t)v - 1] : NULL;
}

/* Resolve `ref` from directory `dir` as node or a shell would. */
static cw__inspect_file *resolve(const cw_map *names, cw_inspect_session *s, const char *dir,
                                 size_t dir_len, const char *ref)
{
	static const char *const tails[] = { "", ".js", ".cjs", ".mjs", "/index.js" };
	char path[512], tried[600];
	if (!join_path(path, sizeof(path), dir, dir_len, ref))
		return NULL;
	for (size_t i = 0; i < sizeof(tails) / sizeof(tails[0]); i++) {
		cw__inspect_file *f;
		snprintf(tried, sizeof(tried), "%s%s", path, tails[i]);
		if ((f = find_file(names, s, tried)))
			return f;
	}
	return NULL;
}

/* Mark install files: from the command's references, then theirs. */
static int mark_install(cw_inspect_session *s, const cw_map *names, cw__inspect_file *from,
                        bool *install, int level)
{
	const char *root = s->manifest_dir ? s->manifest_dir : "";
	for (size_t i = 0; i < from->refs.len; i++) {
		const char *ref = from->refs.items[i];
		cw__inspect_file *t = NULL;
		if (level > 0) {   /* relative to the file that names it first */
			const char *slash = strrchr(from->name, '/');
			t = resolve(names, s, from->name, slash ? (size_t)(slash - from->name) + 1 : 0, ref);
		}
		if (!t)            /* scripts run in the package root */
			t = resolve(names, s, root, strlen(root), ref);
		if (!t || !t->code || install[t - s->files.items])
			continue;
		install[t - s->files.items] = true;
		if (level < INSTALL_DEPTH)
			mark_install(s, names, t, install, level + 1);
	}
	return 0;
}

typedef struct {
	cw_inspect_report *report;
	const cw_inspect_rules *rules;
	size_t *first;            /* rule -> index in the file's matches, or SIZE_MAX */
} finish_ctx;

static int add_finding(cw_inspect_report *rep, const cw__inspect_rule *r, const char *file,
                       size_t line, size_t count, const char *evidence)
{
	cw_inspect_finding f = { r->id, r->description, r->kind, r->severity, file, line, count,
	                         evidence ? evidence : "" };
	return cw_vec_push(&rep->findings, f);
}

static bool bit(const uint64_t *b, size_t i)
{
	return (b[i >> 6] >> (i & 63)) & 1;
}

static void set_bit(uint64_t *b, size_t i)
{
	b[i >> 6] |= (uint64_t)1 << (i & 63);
}

static bool combo_holds(const cw__inspect_rule *r, const uint64_t *bits)
{
	bool any = r->any_count == 0;
	for (size_t i = 0; i < r->all_count; i++)
		if (!bit(bits, r->all[i]))
			return false;
	for (size_t i = 0; i < r->any_count && !any; i++)
		any = bit(bits, r->any[i]);
	return any;
}

/* "rule at line N: snippet; ..." for the parts of a combination that matched. */
static const char *combo_evidence(cw_inspect_report *rep, const cw_inspect_rules *rules,
                                  const cw__inspect_rule *r, const uint64_t *bits,
                                  const cw__inspect_match *const *where, const char *const *files,
                                  size_t *line)
{
	cw_buf b = CW_BUF_INIT;
	const char *out;
	b.max = 2048;
	*line = 0;
	for (int pass = 0; pass < 2; pass++) {
		const size_t *ids = pass ? r->any : r->all;
		size_t n = pass ? r->any_count : r->all_count;
		for (size_t i = 0; i < n; i++) {
			const cw__inspect_match *m;
			if (!bit(bits, ids[i]))
				continue;
			m = where[ids[i]];
			if (b.len)
				cw__buf_puts(&b, "; ");
			cw__buf_puts(&b, rules->rules.items[ids[i]].id);
			if (m) {
				if (files && files[ids[i]])
					cw__buf_printf(&b, " in %s:%zu", files[ids[i]], m->line);
				else
					cw__buf_printf(&b, " at line %zu", m->line);
				cw__buf_printf(&b, ": %.80s", m->evidence);
				if (!*line || m->line < *line)
					*line = m->line;
			}
		}
	}
	out = cw__arena_strdup(&rep->arena, b.ptr ? b.ptr : "");
	cw__buf_free(&b);
	return out;
}

static int cmp_findings(const void *va, const void *vb)
{
	const cw_inspect_finding *a = va, *b = vb;
	int c;
	if (a->kind != b->kind)
		return a->kind > b->kind ? -1 : 1;
	if (a->severity != b->severity)
		return a->severity > b->severity ? -1 : 1;
	if ((c = strcmp(a->rule, b->rule)) != 0)
		return c;
	if (!a->file || !b->file)
		return !a->file ? (b->file ? -1 : 0) : 1;
	if ((c = strcmp(a->file, b->file)) != 0)
		return c;
	return a->line < b->line ? -1 : a->line > b->line;
}

/* Strings of the session that the report keeps. */
static const char *keep(cw_inspect_report *rep, const char *s)
{
	return s ? cw__arena_strdup(&rep->arena, s) : NULL;
}

static int evaluate(cw_inspect_session *s, cw_inspect_report *rep, const bool *install)
{
	const cw_inspect_rules *rules = s->rules;
	size_t nr = rules->rules.len, words = nr / 64 + 1;
	uint64_t *bits = calloc(words, sizeof(uint64_t)), *pkg = calloc(words, sizeof(uint64_t));
	const cw__inspect_match **where = calloc(nr + 1, sizeof(*where));
	const cw__inspect_match **pkg_where = calloc(nr + 1, sizeof(*pkg_where));
	const char **pkg_file = calloc(nr + 1, sizeof(*pkg_file));
	/* a combination that holds in a file stands for its earliest part */
	cw__inspect_match *combo = calloc(nr + 1, sizeof(*combo));
	int error = 0;

	if (!bits || !pkg || !where || !pkg_where || !pkg_file || !combo) {
		error = cw__error_oom();
		goto done;
	}
	for (size_t fi = 0; fi < s->files.len && error == 0; fi++) {
		cw__inspect_file *f = &s->files.items[fi];
		unsigned scope = f->scope | (install[fi] ? CW_SCOPE_INSTALL_FILE : 0);
		const char *fname = NULL;
		bool any = false;
		memset(bits, 0, words * sizeof(uint64_t));
		for (size_t mi = 0; mi < f->matches.len && error == 0; mi++) {
			const cw__inspect_match *m = &f->matches.items[mi];
			const cw__inspect_rule *r = &rules->rules.items[m->rule];
			if (!(r->scope & scope) && !(r->type == CW_RULE_DETECTOR && r->detector == CW_DETECT_UNSAFE_PATH))
				continue;
			if (!fname && !(fname = keep(rep, f->name))) {
				error = cw_error_last()->code;
				break;
			}
			set_bit(bits, m->rule);
			where[m->rule] = m;
			any = true;
			if (r->kind != CW_INSPECT_SIGNAL)
				error = add_finding(rep, r, fname, m->line, m->count, keep(rep, m->evidence));
		}
		if (!any)
			continue;
		for (size_t ri = 0; ri < nr && error == 0; ri++) {
			const cw__inspect_rule *r = &rules->rules.items[ri];
			size_t line;
			const char *ev;
			if (r->type != CW_RULE_COMBO || r->package_wide || !(r->scope & scope) ||
			    !combo_holds(r, bits))
				continue;
			set_bit(bits, ri);
			combo[ri] = (cw__inspect_match){ ri, 0, 1, NULL };
			for (int pass = 0; pass < 2; pass++) {
				const size_t *ids = pass ? r->any : r->all;
				size_t n = pass ? r->any_count : r->all_count;
				for (size_t k = 0; k < n; k++) {
					const cw__inspect_match *m = bit(bits, ids[k]) ? where[ids[k]] : NULL;
					if (m && (!combo[ri].evidence || m->line < combo[ri].line)) {
						combo[ri].line = m->line;
						combo[ri].evidence = m->evidence;
					}
				}
			}
			where[ri] = combo[ri].evidence ? &combo[ri] : NULL;
			if (r->kind == CW_INSPECT_SIGNAL)
				continue;
			if (!(ev = combo_evidence(rep, rules, r, bits, where, NULL, &line)))
				error = cw_error_last()->code;
			else
				error = add_finding(rep, r, fname, line, 1, ev);
		}
		for (size_t ri = 0; ri < nr && error == 0; ri++)
			if (bit(bits, ri) && !bit(pkg, ri)) {
				set_bit(pkg, ri);
				pkg_where[ri] = where[ri];
				pkg_file[ri] = fname;
				if (where[ri] == &combo[ri]) {
					/* outlives this file: copy into the report */
					cw__inspect_match *copy = cw__arena_alloc(&rep->arena, sizeof(*copy));
					if (!copy)
						error = cw_error_last()->code;
					else
						*copy = combo[ri];
					pkg_where[ri] = copy;
				}
			}
	}
	for (size_t ri = 0; ri < nr && error == 0; ri++) {
		const cw__inspect_rule *r = &rules->rules.items[ri];
		size_t line;
		const char *ev;
		if (r->type != CW_RULE_COMBO || !r->package_wide || !combo_holds(r, pkg))
			continue;
		set_bit(pkg, ri);
		if (r->kind == CW_INSPECT_SIGNAL)
			continue;
		if (!(ev = combo_evidence(rep, rules, r, pkg, pkg_where, pkg_file, &line)))
			error = cw_error_last()->code;
		else
			error = add_finding(rep, r, NULL, 0, 1, ev);
	}
done:
	free(bits);
	free(pkg);
	free(where);
	free(pkg_where);
	free(pkg_file);
	free(combo);
	return error;
}

int cw_inspect_session_finish(cw_inspect_report **out, cw_inspect_session *s)
{
	cw_inspect_report *rep = NULL;
	cw_map names = CW_MAP_INIT;
	bool *install = NULL;
	size_t real_files;
	int error = 0;

	*out = NULL;
	if (!(rep = calloc(1, sizeof(*rep)))) {
		error = cw__error_oom();
		goto done;
	}
	/* The install commands, scanned as files of their own. */
	real_files = s->files.len;
	for (size_t i = 0; i < real_files; i++)
		if ((error = cw__map_put(&names, s->files.items[i].name, strlen(s->files.items[i].name),
		                         (void *)(uintptr_t)(i + 1), NULL)) < 0)
			goto done;
	for (size_t i = 0; i < s->scripts.len; i++) {
		const cw__inspect_script *sc = &s->scripts.items[i];
		cw__inspect_file *f;
		char name[256];
		snprintf(name, sizeof(name), "%spackage.json#scripts.%s",
		         s->manifest_dir ? s->manifest_dir : "", sc->name);
		if ((error = file_new(s, name, &f)) < 0)
			goto done;
		f->scope = CW_SCOPE_INSTALL_COMMAND;
		if ((error = cw__inspect_scan(s, f, sc->command, strlen(sc->command), true)) < 0 ||
		    (error = command_refs(s, f, sc->command, strlen(sc->command))) < 0)
			goto done;
	}
	if (!(install = calloc(s->files.len + 1, sizeof(bool)))) {
		error = cw__error_oom();
		goto done;
	}
	for (size_t i = 0; i < s->files.len; i++) {
		cw__inspect_file *f = &s->files.items[i];
		if (f->scope & CW_SCOPE_INSTALL_FILE)
			install[i] = true;
		if ((f->scope & (CW_SCOPE_INSTALL_COMMAND | CW_SCOPE_SETUP_PY)) &&
		    (error = mark_install(s, &names, f, install, 0)) < 0)
			goto done;
	}
	if ((error = evaluate(s, rep, install)) < 0)
		goto done;
	if (rep->findings.len)
		qsort(rep->findings.items, rep->findings.len, sizeof(cw_inspect_finding), cmp_findings);
	for (size_t i = 0; i < s->scripts.len; i++) {
		cw__inspect_script sc = { keep(rep, s->scripts.items[i].name),
		                          keep(rep, s->scripts.items[i].command) };
		if (!sc.name || !sc.command) {
			error = cw_error_last()->code;
			goto done;
		}
		if ((error = cw_vec_push(&rep->scripts, sc)) < 0)
			goto done;
	}
	rep->stats = s->stats;
done:
	cw__map_free(&names);
	free(install);
	cw_inspect_session_free(s);
	if (error < 0)
		cw_inspect_report_free(rep);
	else
		*out = rep;
	return error;
}
