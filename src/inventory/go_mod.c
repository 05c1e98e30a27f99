/*
 * go_mod.c - Go's go.mod (https://go.dev/ref/mod#go-mod-file): the module
 * path (the root), `require` (a "// indirect" comment marks a module not
 * imported by the main module itself: transitive), `replace` (module and
 * version replacements give the replacing module; a local directory
 * replacement keeps the module path with the directory as its location)
 * and `exclude` (excluded versions are not components).  Directives may be
 * single lines or "( ... )" blocks; strings may be "quoted" or `raw`.
 *
 * As a manifest, go.mod is read alone only when no go.sum sits next to it;
 * go.sum (go_sum.c) and vendor/modules.txt (go_vendor.c) read it for the
 * root, the direct/indirect marks and the replacements.
 */
#include "inventory/golang.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/error.h"

typedef struct {
	cw_slice tok[8];
	size_t col[8];
	size_t n;
	cw_slice comment;
} goline;

/* Split one line into tokens; false with an error set on a bad string. */
static int tokenize(cw_arena *arena, const char *path, size_t lineno, cw_slice line, goline *out)
{
	size_t i = 0;
	memset(out, 0, sizeof(*out));
	while (i < line.len) {
		char c = line.ptr[i];
		if (c == ' ' || c == '\t' || c == '\r') {
			i++;
			continue;
		}
		if (c == '/' && i + 1 < line.len && line.ptr[i + 1] == '/') {
			out->comment = cw__slice_trim((cw_slice){ line.ptr + i + 2, line.len - i - 2 });
			break;
		}
		size_t start = i;
		cw_slice tok;
		if (c == '"' || c == '`') {
			bool esc = false;
			i++;
			while (i < line.len && line.ptr[i] != c) {
				if (c == '"' && line.ptr[i] == '\\') {
					esc = true;
					i++;
				}
				i++;
			}
			if (i >= line.len)
				return cw__error_set_at(CW_EINVALID, path, lineno, start + 1, "unterminated string");
			tok = (cw_slice){ line.ptr + start + 1, i - start - 1 };
			i++;
			if (esc) {
				char *o = cw__arena_alloc(arena, tok.len + 1);
				size_t k = 0;
				if (!o)
					return cw_error_last()->code;
				for (size_t j = 0; j < tok.len; j++) {
					if (tok.ptr[j] == '\\' && j + 1 < tok.len)
						j++;
					o[k++] = tok.ptr[j];
				}
				o[k] = '\0';
				tok = (cw_slice){ o, k };
			}
		} else if (c == '(' || c == ')') {
			tok = (cw_slice){ line.ptr + i, 1 };
			i++;
		} else if (c == '=' && i + 1 < line.len && line.ptr[i + 1] == '>') {
			tok = (cw_slice){ line.ptr + i, 2 };
			i += 2;
		} else {
			while (i < line.len && line.ptr[i] != ' ' && line.ptr[i] != '\t' && line.ptr[i] != '\r' &&
			       !(line.ptr[i] == '/' && i + 1 < line.len && line.ptr[i + 1] == '/') &&
			       line.ptr[i] != '(' && line.ptr[i] != ')' && line.ptr[i] != '"' && line.ptr[i] != '`')
				i++;
			tok = (cw_slice){ line.ptr + start, i - start };
		}
		if (out->n == sizeof(out->tok) / sizeof(out->tok[0]))
			return cw__error_set_at(CW_EINVALID, path, lineno, start + 1, "too many fields on a line");
		out->col[out->n] = start + 1;
		out->tok[out->n++] = tok;
	}
	return 0;
}

static bool is_indirect(cw_slice comment)
{
	/* "// indirect" or "// indirect; other notes" */
	return cw__slice_starts_with(comment, CW_SLICE("indirect")) &&
	       (comment.len == 8 || comment.ptr[8] == ';' || comment.ptr[8] == ' ');
}

/* One directive's arguments (the tokens after the verb, or a block line). */
static int directive(cw__gomod *m, const char *path, size_t lineno, cw_slice verb, const goline *g, size_t first)
{
	size_t n = g->n - first;
	const cw_slice *t = g->tok + first;
	int error = 0;

	if (cw__slice_eq(verb, CW_SLICE("module"))) {
		if (n != 1)
			return cw__error_set_at(CW_EINVALID, path, lineno, 1, "expected: module <path>");
		m->module = t[0];
		m->module_line = lineno;
	} else if (cw__slice_eq(verb, CW_SLICE("require")) || cw__slice_eq(verb, CW_SLICE("exclude"))) {
		cw__gomod_req r;
		if (n != 2)
			return cw__error_set_at(CW_EINVALID, path, lineno, g->col[first], "expected: <module path> <version>");
		if (!t[1].len || t[1].ptr[0] != 'v')
			return cw__error_set_at(CW_EINVALID, path, lineno, g->col[first + 1],
			                        "expected a version starting with 'v'");
		r.path = t[0];
		r.version = t[1];
		r.indirect = is_indirect(g->comment);
		r.line = lineno;
		if (verb.ptr[0] == 'r')
			error = cw_vec_push(&m->require, r);
		else
			error = cw_vec_push(&m->exclude, r);
	} else if (cw__slice_eq(verb, CW_SLICE("replace"))) {
		cw__gomod_replace r;
		size_t arrow = 0;
		memset(&r, 0, sizeof(r));
		while (arrow < n && !cw__slice_eq(t[arrow], CW_SLICE("=>")))
			arrow++;
		if (arrow == 0 || arrow > 2 || arrow + 1 >= n || n - arrow - 1 > 2)
			return cw__error_set_at(CW_EINVALID, path, lineno, g->col[first],
			                        "expected: replace <module> [<version>] => <module> <version> | <directory>");
		r.old_path = t[0];
		if (arrow == 2)
			r.old_version = t[1];
		r.new_path = t[arrow + 1];
		if (n - arrow - 1 == 2)
			r.new_version = t[arrow + 2];
		r.line = lineno;
		error = cw_vec_push(&m->replace, r);
	}
	/* go, toolchain, godebug, retract, tool, ignore: nothing to inventory. */
	return error;
}

int cw__gomod_parse(cw__gomod *m, cw_arena *arena, const char *path, const char *data, size_t len)
{
	const char *d = data, *end = data + len;
	size_t lineno = 0;
	cw_slice block = { NULL, 0 };
	size_t block_line = 0;
	int error;

	memset(m, 0, sizeof(*m));
	while (d < end) {
		const char *nl = memchr(d, '\n', (size_t)(end - d));
		cw_slice line = { d, nl ? (size_t)(nl - d) : (size_t)(end - d) };
		goline g;
		d = nl ? nl + 1 : end;
		lineno++;
		if ((error = tokenize(arena, path, lineno, line, &g)) < 0)
			return error;
		if (!g.n)
			continue;
		if (block.len) {
			if (g.n == 1 && cw__slice_eq(g.tok[0], CW_SLICE(")"))) {
				block.len = 0;
				continue;
			}
			if ((error = directive(m, path, lineno, block, &g, 0)) < 0)
				return error;
			continue;
		}
		for (size_t i = 0; i < g.n; i++)
			if (cw__slice_eq(g.tok[i], CW_SLICE(")")) ||
			    (cw__slice_eq(g.tok[i], CW_SLICE("(")) && (i != 1 || g.n != 2)))
				return cw__error_set_at(CW_EINVALID, path, lineno, g.col[i], "unexpected '%c'", g.tok[i].ptr[0]);
		if (g.n == 2 && cw__slice_eq(g.tok[1], CW_SLICE("("))) {
			block = g.tok[0];
			block_line = lineno;
			continue;
		}
		if ((error = directive(m, path, lineno, g.tok[0], &g, 1)) < 0)
			return error;
	}
	if (block.len)
		return cw__error_set_at(CW_EINVALID, path, block_line, 1, "block not closed with ')'");
	return 0;
}

void cw__gomod_free(cw__gomod *m)
{
	cw_vec_free(&m->require);
	cw_vec_free(&m->exclude);
	cw_vec_free(&m->replace);
}

const cw__gomod_replace *cw__gomod_replacement(const cw__gomod *m, cw_slice path, cw_slice version)
{
	const cw__gomod_replace *any = NULL;
	if (!m)
		return NULL;
	for (size_t i = 0; i < m->replace.len; i++) {
		const cw__gomod_replace *r = &m->replace.items[i];
		if (!cw__slice_eq(r->old_path, path))
			continue;
		if (r->old_version.len && cw__slice_eq(r->old_version, version))
			return r;
		if (!r->old_version.len)
			any = r;
	}
	return any;
}

int cw__gomod_add(cw__inv_source *src, const cw__gomod *m, cw_slice path, cw_slice version,
                  size_t line, size_t *out)
{
	const cw__gomod_replace *r = cw__gomod_replacement(m, path, version);
	cw__comp_spec spec = { .ecosystem = "golang", .name = path, .version = version, .line = line };
	if (r && r->new_version.len) {
		spec.name = r->new_path;
		spec.version = r->new_version;
	} else if (r) {
		/* A directory: the code is local, the version is not a release. */
		spec.version = (cw_slice){ NULL, 0 };
		spec.declared = version;
		spec.resolved = r->new_path;
	}
	return cw__inv_add(src, &spec, out);
}

int cw__gomod_add_requires(cw__inv_source *src, const cw__gomod *m, size_t root)
{
	size_t *idx = NULL;
	int error = 0;

	if (m->require.len && !(idx = calloc(m->require.len, sizeof(size_t))))
		return cw__error_oom();
	for (size_t i = 0; i < m->require.len; i++) {
		const cw__gomod_req *r = &m->require.items[i];
		idx[i] = SIZE_MAX;
		for (size_t k = 0; k < m->exclude.len; k++)
			if (cw__slice_eq(m->exclude.items[k].path, r->path) &&
			    cw__slice_eq(m->exclude.items[k].version, r->version))
				goto next;
		if ((error = cw__gomod_add(src, m, r->path, r->version, r->line, &idx[i])) < 0 ||
		    (error = cw__inv_edge(src, root, idx[i], CW_SCOPE_REQUIRED)) < 0)
			goto done;
	next:;
	}
	/* The main module's go.mod lists indirect requirements too: real
	 * requirements of the build, but not imported by the project itself. */
	for (size_t i = 0; i < m->require.len; i++)
		if (idx[i] != SIZE_MAX)
			cw__inv_comp(src->inv, idx[i])->pub.direct = false;
	for (size_t i = 0; i < m->require.len; i++)
		if (idx[i] != SIZE_MAX && !m->require.items[i].indirect)
			cw__inv_comp(src->inv, idx[i])->pub.direct = true;
done:
	free(idx);
	return error;
}

int cw__extract_go_mod(cw__inv_source *src)
{
	cw__gomod m;
	size_t root;
	int error;

	if ((error = cw__gomod_parse(&m, &src->inv->arena, src->path, src->data, src->len)) >= 0 &&
	    (error = cw__lang_add_root(src, "golang", m.module, (cw_slice){ NULL, 0 }, m.module_line, &root)) >= 0)
		error = cw__gomod_add_requires(src, &m, root);
	cw__gomod_free(&m);
	return error;
}

int cw__gomod_sibling_root(cw__inv_source *src, const char *rel, cw__gomod *m, cw_buf *text,
                           bool *have_mod, size_t *root)
{
	*have_mod = cw__gomod_sibling(src, rel, m, text) == 0;
	if (!*have_mod) {
		cw__gomod_free(m);
		memset(m, 0, sizeof(*m));
	}
	cw_error_clear();
	return cw__lang_add_root(src, "golang", m->module, (cw_slice){ NULL, 0 }, m->module_line, root);
}

size_t cw__go_fields(cw_slice line, cw_slice *f, size_t max)
{
	size_t n = 0, i = 0;
	while (i < line.len) {
		while (i < line.len && cw_is_space(line.ptr[i]))
			i++;
		size_t s = i;
		while (i < line.len && !cw_is_space(line.ptr[i]))
			i++;
		if (i > s) {
			if (n == max)
				return max + 1;
			f[n++] = (cw_slice){ line.ptr + s, i - s };
		}
	}
	return n;
}

int cw__gomod_sibling(const cw__inv_source *src, const char *rel, cw__gomod *m, cw_buf *text)
{
	char path[4096];
	int error;
	memset(m, 0, sizeof(*m));
	if ((error = cw__inv_read_sibling(src, rel, text)) < 0)
		return error;
	snprintf(path, sizeof(path), "%s/%s", src->dir ? src->dir : ".", rel);
	return cw__gomod_parse(m, &src->inv->arena, cw__arena_strdup(&src->inv->arena, path),
	                       text->ptr ? text->ptr : "", text->len);
}
