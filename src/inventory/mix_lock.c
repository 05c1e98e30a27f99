/*
 * mix_lock.c - Elixir Mix's mix.lock (also used by Erlang projects built
 * with Mix; https://hexdocs.pm/mix/Mix.Tasks.Deps.html).
 *
 * The file is one Elixir map literal:
 *   %{
 *     "app": {:hex, :package, "1.2.3", "<inner sha256>", [:mix],
 *             [{:dep, "~> 1.0", [hex: :dep, repo: "hexpm", optional: false]}],
 *             "hexpm", "<outer sha256>"},
 *     "other": {:git, "https://host/repo.git", "<commit>", [branch: "main"]},
 *   }
 * Older files use `"app" => {...}` and shorter :hex tuples (no deps or no
 * outer checksum).  A small reader for the literal syntax used (maps,
 * tuples, lists, keyword lists, atoms, strings, numbers) builds a bounded
 * tree; nothing is evaluated.
 *
 * Components: :hex entries with their version and outer checksum (sha256 of
 * the package tarball); :git / :path entries without version.  Edges from
 * each entry's dependency list (optional: true -> optional).  mix.lock does
 * not say which entries mix.exs names: entries nothing else depends on are
 * taken as the root's direct dependencies.
 */
#include "inventory/lang_more.h"

#include <string.h>

#include "util/error.h"

#define MAX_DEPTH 64

typedef enum { T_ATOM, T_STRING, T_NUMBER, T_TUPLE, T_LIST, T_MAP, T_PAIR } ttype;

typedef struct term term;
struct term {
	ttype type;
	cw_slice str;        /* atom / string / number text */
	term **items;
	size_t count;
	size_t line;
};

typedef struct {
	cw__inv_source *src;
	const char *p, *end;
	size_t line;
	cw_buf scratch;
} reader;

static int fail(reader *r, const char *what)
{
	size_t col = 1;
	for (const char *q = r->p; q > r->src->data && q[-1] != '\n'; q--)
		col++;
	return cw__error_set_at(CW_EINVALID, r->src->path, r->line, col, "%s", what);
}

static void skip_ws(reader *r)
{
	while (r->p < r->end) {
		if (*r->p == '\n') {
			r->line++;
			r->p++;
		} else if (*r->p == ' ' || *r->p == '\t' || *r->p == '\r') {
			r->p++;
		} else if (*r->p == '#') {
			while (r->p < r->end && *r->p != '\n')
				r->p++;
		} else {
			break;
		}
	}
}

static bool ident_char(char c)
{
	return cw_is_alnum(c) || c == '_' || c == '?' || c == '!' || c == '@' || c == '.';
}

static term *new_term(reader *r, ttype t)
{
	term *x = cw__arena_calloc(&r->src->inv->arena, 1, sizeof(*x));
	if (x) {
		x->type = t;
		x->line = r->line;
	}
	return x;
}

/* A "string": kept as a slice of the input (escapes are left as written). */
static int read_string(reader *r, cw_slice *out)
{
	const char *start = ++r->p;
	while (r->p < r->end && *r->p != '"') {
		if (*r->p == '\\' && r->p + 1 < r->end)
			r->p++;
		if (*r->p == '\n')
			r->line++;
		r->p++;
	}
	if (r->p >= r->end)
		return fail(r, "unterminated string");
	*out = (cw_slice){ start, (size_t)(r->p - start) };
	r->p++;
	return 0;
}

static int read_term(reader *r, term **out, int depth);

/* Items up to `close`; inside lists and maps `key: value` and `key => value` are pairs. */
static int read_items(reader *r, term *t, char close, int depth)
{
	CW_VEC(term *) items = { 0 };
	int error = 0;

	for (;;) {
		term *x = NULL;
		skip_ws(r);
		if (r->p < r->end && *r->p == close) {
			r->p++;
			break;
		}
		if ((error = read_term(r, &x, depth + 1)) < 0)
			goto done;
		skip_ws(r);
		bool kw = x->type == T_PAIR;
		if (!kw && r->p + 1 < r->end && r->p[0] == '=' && r->p[1] == '>') {
			term *pair = new_term(r, T_PAIR), *v = NULL;
			r->p += 2;
			if (!pair) {
				error = cw_error_last()->code;
				goto done;
			}
			if ((error = read_term(r, &v, depth + 1)) < 0)
				goto done;
			if (!(pair->items = cw__arena_alloc(&r->src->inv->arena, 2 * sizeof(term *)))) {
				error = cw_error_last()->code;
				goto done;
			}
			pair->items[0] = x;
			pair->items[1] = v;
			pair->count = 2;
			pair->line = x->line;
			x = pair;
		}
		if ((error = cw_vec_push(&items, x)) < 0)
			goto done;
		skip_ws(r);
		if (r->p < r->end && *r->p == ',') {
			r->p++;
			continue;
		}
		if (r->p < r->end && *r->p == close) {
			r->p++;
			break;
		}
		error = fail(r, close == '}' ? "expected ',' or '}'" : close == ']' ? "expected ',' or ']'" : "expected ','");
		goto done;
	}
	if (items.len) {
		if (!(t->items = cw__arena_alloc(&r->src->inv->arena, items.len * sizeof(term *)))) {
			error = cw_error_last()->code;
			goto done;
		}
		memcpy(t->items, items.items, items.len * sizeof(term *));
	}
	t->count = items.len;
done:
	cw_vec_free(&items);
	return error;
}

/* A term; `key:` (identifier or string followed by ':' and a space) starts a keyword pair. */
static int read_term(reader *r, term **out, int depth)
{
	term *t = NULL;
	int error;

	skip_ws(r);
	if (depth > MAX_DEPTH)
		return fail(r, "nesting too deep");
	if (r->p >= r->end)
		return fail(r, "unexpected end of file");
	char c = *r->p;
	if (c == '%' && r->p + 1 < r->end && r->p[1] == '{') {
		r->p += 2;
		if (!(t = new_term(r, T_MAP)))
			return cw_error_last()->code;
		if ((error = read_items(r, t, '}', depth)) < 0)
			return error;
	} else if (c == '{' || c == '[') {
		r->p++;
		if (!(t = new_term(r, c == '{' ? T_TUPLE : T_LIST)))
			return cw_error_last()->code;
		if ((error = read_items(r, t, c == '{' ? '}' : ']', depth)) < 0)
			return error;
	} else if (c == ':') {
		r->p++;
		if (!(t = new_term(r, T_ATOM)))
			return cw_error_last()->code;
		if (r->p < r->end && *r->p == '"') {
			if ((error = read_string(r, &t->str)) < 0)
				return error;
		} else {
			const char *s = r->p;
			while (r->p < r->end && ident_char(*r->p))
				r->p++;
			if (r->p == s)
				return fail(r, "expected an atom name");
			t->str = (cw_slice){ s, (size_t)(r->p - s) };
		}
	} else if (c == '"') {
		if (!(t = new_term(r, T_STRING)))
			return cw_error_last()->code;
		if ((error = read_string(r, &t->str)) < 0)
			return error;
	} else if (cw_is_digit(c) || c == '-') {
		const char *s = r->p++;
		while (r->p < r->end && (cw_is_alnum(*r->p) || *r->p == '.' || *r->p == '_'))
			r->p++;
		if (!(t = new_term(r, T_NUMBER)))
			return cw_error_last()->code;
		t->str = (cw_slice){ s, (size_t)(r->p - s) };
	} else if (cw_is_alpha(c) || c == '_') {
		/* a bare atom (true, false, nil) or a keyword key */
		const char *s = r->p;
		while (r->p < r->end && ident_char(*r->p))
			r->p++;
		if (!(t = new_term(r, T_ATOM)))
			return cw_error_last()->code;
		t->str = (cw_slice){ s, (size_t)(r->p - s) };
	} else {
		return fail(r, "unexpected character");
	}
	/* keyword pair: `key: value` / `"key": value` */
	if ((t->type == T_ATOM || t->type == T_STRING) && r->p + 1 < r->end && r->p[0] == ':' &&
	    (r->p[1] == ' ' || r->p[1] == '\n' || r->p[1] == '\t' || r->p[1] == '\r')) {
		term *pair = new_term(r, T_PAIR), *v = NULL;
		r->p++;
		if (!pair)
			return cw_error_last()->code;
		if ((error = read_term(r, &v, depth + 1)) < 0)
			return error;
		if (!(pair->items = cw__arena_alloc(&r->src->inv->arena, 2 * sizeof(term *))))
			return cw_error_last()->code;
		pair->items[0] = t;
		pair->items[1] = v;
		pair->count = 2;
		pair->line = t->line;
		t = pair;
	}
	*out = t;
	return 0;
}

static bool is_atom(const term *t, const char *name)
{
	return t && t->type == T_ATOM && cw__slice_eq(t->str, cw_slice_of(name));
}

/* Value of `key` in a keyword list, or NULL. */
static const term *kw_get(const term *list, const char *key)
{
	if (!list || list->type != T_LIST)
		return NULL;
	for (size_t i = 0; i < list->count; i++) {
		const term *p = list->items[i];
		if (p->type == T_PAIR && cw__slice_eq(p->items[0]->str, cw_slice_of(key)))
			return p->items[1];
	}
	return NULL;
}

typedef struct {
	cw_map by_name;           /* app name -> index + 1 */
	size_t *index;            /* per map entry, SIZE_MAX if skipped */
} mctx;

int cw__extract_mix_lock(cw__inv_source *src)
{
	cw_arena *arena = &src->inv->arena;
	reader r = { src, src->data, src->data + src->len, 1, { 0 } };
	term *doc = NULL;
	mctx m;
	size_t root;
	bool *has_parent = NULL;
	int error;

	memset(&m, 0, sizeof(m));
	if ((error = read_term(&r, &doc, 0)) < 0)
		goto done;
	skip_ws(&r);
	if (r.p != r.end) {
		error = fail(&r, "unexpected text after the map");
		goto done;
	}
	if (doc->type != T_MAP) {
		error = cw__error_set_at(CW_EINVALID, src->path, doc->line, 1, "expected a map %%{...}");
		goto done;
	}
	if ((error = cw__lang_file_root(src, "hex", &root)) < 0)
		goto done;
	if (!(m.index = cw__arena_calloc(arena, doc->count + 1, sizeof(size_t)))) {
		error = cw_error_last()->code;
		goto done;
	}
	for (size_t i = 0; i < doc->count; i++) {
		const term *e = doc->items[i];
		m.index[i] = SIZE_MAX;
		if (e->type != T_PAIR || e->items[0]->type != T_STRING || e->items[1]->type != T_TUPLE ||
		    !e->items[1]->count || e->items[1]->items[0]->type != T_ATOM) {
			error = cw__error_set_at(CW_EINVALID, src->path, e->line, 0,
			                         "expected \"name\": {:source, ...}");
			goto done;
		}
		const term *key = e->items[0], *t = e->items[1];
		cw__comp_spec spec = { .ecosystem = "hex", .name = key->str, .line = e->line };
		if (is_atom(t->items[0], "hex")) {
			if (t->count < 3 || t->items[1]->type != T_ATOM || t->items[2]->type != T_STRING) {
				error = cw__error_set_at(CW_EINVALID, src->path, t->line, 0,
				                         "expected {:hex, :package, \"version\", ...}");
				goto done;
			}
			spec.name = t->items[1]->str;
			spec.version = t->items[2]->str;
			if (t->count >= 8 && t->items[7]->type == T_STRING)
				spec.integrity = cw__lang_hex_sri(arena, "sha256", t->items[7]->str.ptr, t->items[7]->str.len);
			if (t->count >= 7 && t->items[6]->type == T_STRING && !cw__slice_eq(t->items[6]->str, cw_slice_of("hexpm"))) {
				/* a private repository: keep its name as the resolved location */
				spec.resolved = t->items[6]->str;
			}
		} else if (is_atom(t->items[0], "git")) {
			if (t->count >= 3 && t->items[1]->type == T_STRING && t->items[2]->type == T_STRING) {
				char *res = cw__arena_printf(arena, "git+%.*s#%.*s", (int)t->items[1]->str.len,
				                             t->items[1]->str.ptr, (int)t->items[2]->str.len, t->items[2]->str.ptr);
				if (!res) {
					error = cw_error_last()->code;
					goto done;
				}
				spec.resolved = cw_slice_of(res);
			}
		} else if (!is_atom(t->items[0], "path")) {
			continue;   /* other SCMs: not a package we can name */
		}
		if ((error = cw__inv_add(src, &spec, &m.index[i])) < 0)
			goto done;
		if ((error = cw__map_put(&m.by_name, key->str.ptr, key->str.len, (void *)(uintptr_t)(m.index[i] + 1), NULL)) < 0)
			goto done;
	}
	/* has_parent is indexed by component index - root */
	if (!(has_parent = cw__arena_calloc(arena, cw_inventory_component_count(src->inv) - root + 1, sizeof(bool)))) {
		error = cw_error_last()->code;
		goto done;
	}
	for (size_t i = 0; i < doc->count; i++) {
		const term *t = doc->items[i]->items[1];
		if (m.index[i] == SIZE_MAX || !is_atom(t->items[0], "hex") || t->count < 6 || t->items[5]->type != T_LIST)
			continue;
		const term *deps = t->items[5];
		for (size_t k = 0; k < deps->count; k++) {
			const term *d = deps->items[k];
			if (d->type != T_TUPLE || !d->count || d->items[0]->type != T_ATOM)
				continue;
			uintptr_t to = (uintptr_t)cw__map_get(&m.by_name, d->items[0]->str.ptr, d->items[0]->str.len);
			if (!to)
				continue;
			cw_scope scope = d->count >= 3 && is_atom(kw_get(d->items[2], "optional"), "true")
			                 ? CW_SCOPE_OPTIONAL : CW_SCOPE_REQUIRED;
			if ((error = cw__inv_edge(src, m.index[i], to - 1, scope)) < 0)
				goto done;
			has_parent[to - 1 - root] = true;
		}
	}
	for (size_t i = 0; i < doc->count; i++)
		if (m.index[i] != SIZE_MAX && !has_parent[m.index[i] - root] && (error = cw__inv_edge(src, root, m.index[i], CW_SCOPE_REQUIRED)) < 0)
			goto done;
	cw__inv_derive_scopes(src);
done:
	cw__map_free(&m.by_name);
	cw__buf_free(&r.scratch);
	return error;
}
