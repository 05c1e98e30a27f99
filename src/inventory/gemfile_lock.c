/*
 * gemfile_lock.c - Bundler's Gemfile.lock (bundler 1.x to 2.x; format
 * described in bundler's lib/bundler/lockfile_parser.rb).
 *
 *   GEM | GIT | PATH | PLUGIN SOURCE      a source section:
 *     remote: URL                          (GIT: revision/branch/tag/ref)
 *     specs:
 *       name (version[-platform])          4 spaces: a locked gem
 *         dep (requirement)                6 spaces: its dependency
 *   PLATFORMS / DEPENDENCIES / CHECKSUMS / RUBY VERSION / BUNDLED WITH
 *
 * DEPENDENCIES lists the Gemfile's gems (direct; a trailing '!' marks a
 * git/path source).  Platform-specific specs ("nokogiri (1.15.4-x86_64-linux)")
 * are the same gem version built per platform: one component.  CHECKSUMS
 * (bundler 2.5+) gives sha256 digests; the platform-independent one is kept.
 * Scopes are not in the lockfile (Gemfile groups are not recorded): derived
 * from the graph, so everything reachable is required.
 */
#include "inventory/lang_more.h"

#include <string.h>

#include "util/error.h"

typedef struct {
	size_t from;
	cw_slice name;
} pending;

typedef struct {
	cw__inv_source *src;
	cw_map by_name;      /* gem name -> index + 1 */
	cw_map sums;         /* "name version" -> SRI sha256 */
	CW_VEC(pending) deps;
	cw_buf key;
} gctx;

static size_t indent_of(cw_slice line)
{
	size_t n = 0;
	while (n < line.len && line.ptr[n] == ' ')
		n++;
	return n;
}

/* "name (version)" or "name" (+ optional '!'); false when malformed. */
static bool split_entry(cw_slice s, cw_slice *name, cw_slice *paren)
{
	const char *sp = memchr(s.ptr, ' ', s.len);
	*name = (cw_slice){ s.ptr, sp ? (size_t)(sp - s.ptr) : s.len };
	*paren = (cw_slice){ NULL, 0 };
	if (name->len && name->ptr[name->len - 1] == '!')
		name->len--;
	if (!name->len)
		return false;
	if (sp) {
		cw_slice rest = cw__slice_trim((cw_slice){ sp + 1, s.len - name->len - 1 });
		if (rest.len && rest.ptr[0] == '!')
			rest = cw__slice_trim((cw_slice){ rest.ptr + 1, rest.len - 1 });
		if (rest.len < 2 || rest.ptr[0] != '(' || rest.ptr[rest.len - 1] != ')')
			return false;
		*paren = (cw_slice){ rest.ptr + 1, rest.len - 2 };
	}
	return true;
}

/* "1.15.4-x86_64-linux" -> "1.15.4" (gem versions have no '-'). */
static cw_slice strip_platform(cw_slice v)
{
	const char *dash = memchr(v.ptr, '-', v.len);
	if (dash)
		v.len = (size_t)(dash - v.ptr);
	return v;
}

static int checksums(gctx *c)
{
	cw__lines lines;
	cw_slice line;
	bool in = false;
	int error;

	cw__lines_init(&lines, c->src->data, c->src->len);
	while (cw__lines_next(&lines, &line)) {
		if (line.len && line.ptr[0] != ' ') {
			in = cw__slice_eq(cw__slice_trim(line), cw_slice_of("CHECKSUMS"));
			continue;
		}
		if (!in || indent_of(line) != 2)
			continue;
		line = cw__slice_trim(line);
		const char *close = memchr(line.ptr, ')', line.len);
		const char *sum = close ? cw__lang_find(close, line.len - (size_t)(close - line.ptr), "sha256=", 7) : NULL;
		cw_slice name, paren;
		if (!close || !sum || !split_entry((cw_slice){ line.ptr, (size_t)(close + 1 - line.ptr) }, &name, &paren) ||
		    !paren.len || memchr(paren.ptr, '-', paren.len))
			continue;
		const char *hex = sum + 7;
		size_t hl = 0;
		while (hex + hl < line.ptr + line.len && hex[hl] != ',' && hex[hl] != ' ')
			hl++;
		cw_slice sri = cw__lang_hex_sri(&c->src->inv->arena, "sha256", hex, hl);
		if (!sri.len)
			continue;
		char *k = cw__arena_printf(&c->src->inv->arena, "%.*s %.*s", (int)name.len, name.ptr,
		                           (int)paren.len, paren.ptr);
		cw_slice *v = cw__arena_alloc(&c->src->inv->arena, sizeof(*v));
		if (!k || !v)
			return cw_error_last()->code;
		*v = sri;
		if ((error = cw__map_put(&c->sums, k, strlen(k), v, NULL)) < 0)
			return error;
	}
	return 0;
}

static int add_spec(gctx *c, cw_slice name, cw_slice version, const char *resolved, size_t line, size_t *out)
{
	cw__comp_spec spec;
	cw_slice *sum;
	int error;

	spec = (cw__comp_spec){ .ecosystem = "gem", .name = name, .version = version, .line = line,
	                        .resolved = resolved ? cw_slice_of(resolved) : (cw_slice){ NULL, 0 } };
	cw__buf_clear(&c->key);
	if ((error = cw__buf_printf(&c->key, "%.*s %.*s", (int)name.len, name.ptr, (int)version.len, version.ptr)) < 0)
		return error;
	if ((sum = cw__map_get(&c->sums, c->key.ptr, c->key.len)) != NULL)
		spec.integrity = *sum;
	if ((error = cw__inv_add(c->src, &spec, out)) < 0)
		return error;
	if (!cw__map_get(&c->by_name, name.ptr, name.len)) {
		char *k = cw__arena_strndup(&c->src->inv->arena, name.ptr, name.len);
		if (!k)
			return cw_error_last()->code;
		return cw__map_put(&c->by_name, k, name.len, (void *)(uintptr_t)(*out + 1), NULL);
	}
	return 0;
}

static int parse(gctx *c, size_t root)
{
	cw__inv_source *src = c->src;
	enum { NONE, SOURCE, DEPS, OTHER } section = NONE;
	const char *remote = NULL, *revision = NULL, *kind = "";
	bool in_specs = false;
	size_t current = SIZE_MAX;
	cw__lines lines;
	cw_slice line;
	int error;

	cw__lines_init(&lines, src->data, src->len);
	while (cw__lines_next(&lines, &line)) {
		size_t ind = indent_of(line);
		if (ind == line.len)
			continue;
		if (ind == 0) {
			cw_slice head = cw__slice_trim(line);
			in_specs = false;
			current = SIZE_MAX;
			remote = revision = NULL;
			if (cw__slice_eq(head, cw_slice_of("GEM")) || cw__slice_eq(head, cw_slice_of("GIT")) ||
			    cw__slice_eq(head, cw_slice_of("PATH")) || cw__slice_eq(head, cw_slice_of("PLUGIN SOURCE"))) {
				section = SOURCE;
				kind = head.ptr[0] == 'G' && head.ptr[1] == 'I' ? "git" : head.ptr[0] == 'P' && head.ptr[1] == 'A' ? "path" : "gem";
			} else if (cw__slice_eq(head, cw_slice_of("DEPENDENCIES"))) {
				section = DEPS;
			} else if (head.len && (cw_is_alpha(head.ptr[0]))) {
				section = OTHER;
			} else {
				return cw__error_set_at(CW_EINVALID, src->path, lines.number, 1, "expected a section name");
			}
			continue;
		}
		cw_slice body = cw__slice_trim(line);
		if (section == SOURCE) {
			if (ind == 2) {
				in_specs = cw__slice_eq(body, cw_slice_of("specs:"));
				const char *colon = memchr(body.ptr, ':', body.len);
				if (!in_specs && colon) {
					cw_slice key = { body.ptr, (size_t)(colon - body.ptr) };
					cw_slice val = cw__slice_trim((cw_slice){ colon + 1, body.len - key.len - 1 });
					char *v = cw__arena_strndup(&src->inv->arena, val.ptr, val.len);
					if (!v)
						return cw_error_last()->code;
					if (cw__slice_eq(key, cw_slice_of("remote")))
						remote = v;
					else if (cw__slice_eq(key, cw_slice_of("revision")))
						revision = v;
				}
				continue;
			}
			if (!in_specs)
				continue;
			cw_slice name, paren;
			if (!split_entry(body, &name, &paren))
				return cw__error_set_at(CW_EINVALID, src->path, lines.number, ind + 1,
				                        "expected \"name (version)\"");
			if (ind == 4) {
				if (!paren.len)
					return cw__error_set_at(CW_EINVALID, src->path, lines.number, ind + 1,
					                        "gem \"%.*s\" without a version", (int)name.len, name.ptr);
				const char *resolved = remote;
				if (remote && revision && !strcmp(kind, "git"))
					resolved = cw__arena_printf(&src->inv->arena, "git+%s#%s", remote, revision);
				else if (remote && !strcmp(kind, "path"))
					resolved = cw__arena_printf(&src->inv->arena, "file:%s", remote);
				if (remote && !resolved)
					return cw_error_last()->code;
				if ((error = add_spec(c, name, strip_platform(paren), resolved, lines.number, &current)) < 0)
					return error;
			} else if (ind == 6 && current != SIZE_MAX) {
				if ((error = cw_vec_push(&c->deps, ((pending){ current, name }))) < 0)
					return error;
			}
		} else if (section == DEPS && ind == 2) {
			cw_slice name, paren;
			if (!split_entry(body, &name, &paren))
				return cw__error_set_at(CW_EINVALID, src->path, lines.number, 3, "expected \"name (requirement)\"");
			if ((error = cw_vec_push(&c->deps, ((pending){ root, name }))) < 0)
				return error;
		}
	}
	return 0;
}

static void gctx_free(gctx *c)
{
	cw__map_free(&c->by_name);
	cw__map_free(&c->sums);
	cw_vec_free(&c->deps);
	cw__buf_free(&c->key);
}

int cw__extract_gemfile_lock(cw__inv_source *src)
{
	gctx c = { .src = src };
	size_t root;
	int error;

	if ((error = cw__lang_file_root(src, "gem", &root)) < 0 ||
	    (error = checksums(&c)) < 0 || (error = parse(&c, root)) < 0)
		goto done;
	for (size_t i = 0; i < c.deps.len; i++) {
		uintptr_t to = (uintptr_t)cw__map_get(&c.by_name, c.deps.items[i].name.ptr, c.deps.items[i].name.len);
		if (to && (error = cw__inv_edge(src, c.deps.items[i].from, to - 1, CW_SCOPE_REQUIRED)) < 0)
			goto done;
	}
	cw__inv_derive_scopes(src);
done:
	gctx_free(&c);
	return error;
}
