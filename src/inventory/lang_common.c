/*
 * lang_common.c - helpers shared by the Python, Go and Rust extractors:
 * root components, hex digests (the lockfiles of these ecosystems write
 * "sha256:<hex>" rather than SRI), a name -> component index for
 * dependency references, PEP 503 name normalisation
 * (https://peps.python.org/pep-0503/#normalized-names) and a PEP 508
 * requirement splitter (https://peps.python.org/pep-0508/).
 */
#include "inventory/lang.h"

#include <stdio.h>
#include <string.h>

#include "util/error.h"

int cw__lang_add_root(cw__inv_source *src, const char *ecosystem, cw_slice name,
                      cw_slice version, size_t line, size_t *out)
{
	cw__comp_spec spec = { .ecosystem = ecosystem, .kind = CW_COMPONENT_ROOT, .scope_set = true,
	                       .line = line ? line : 1, .version = version, .name = name };
	if (!name.len) {
		/* An unnamed project is named after its directory. */
		const char *dir = src->dir ? src->dir : ".";
		size_t n = strlen(dir);
		while (n > 1 && dir[n - 1] == '/')
			n--;
		size_t b = n;
		while (b > 0 && dir[b - 1] != '/')
			b--;
		spec.name = (cw_slice){ dir + b, n - b };
		if (!spec.name.len || (spec.name.len == 1 && spec.name.ptr[0] == '.') ||
		    (spec.name.len == 2 && !memcmp(spec.name.ptr, "..", 2)))
			spec.name = cw_slice_of("project");
	}
	return cw__inv_add(src, &spec, out);
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9') return c - '0';
	c = cw_to_lower(c);
	if (c >= 'a' && c <= 'f') return c - 'a' + 10;
	return -1;
}

int cw__lang_add_hash(cw__inv_source *src, size_t comp, const char *algorithm, cw_slice hex)
{
	static const struct { const char *name; size_t digits; } lens[] = {
		{ "SHA-256", 64 }, { "SHA-384", 96 }, { "SHA-512", 128 }, { "SHA-1", 40 }, { "MD5", 32 },
	};
	cw__comp *c;
	cw_hash *store;
	char *copy;
	size_t want = 0;

	for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]); i++)
		if (!strcmp(lens[i].name, algorithm))
			want = lens[i].digits;
	if (!want || hex.len != want || comp >= src->inv->comps.len)
		return 0;
	for (size_t i = 0; i < hex.len; i++)
		if (hexval(hex.ptr[i]) < 0)
			return 0;
	c = cw__inv_comp(src->inv, comp);
	for (size_t i = 0; i < c->pub.hash_count; i++)
		if (!strcmp(c->pub.hashes[i].algorithm, algorithm) &&
		    cw__slice_eq_nocase(cw_slice_of(c->pub.hashes[i].hex), hex))
			return 0;
	if (!(copy = cw__arena_strndup(&src->inv->arena, hex.ptr, hex.len)))
		return cw_error_last()->code;
	cw__str_lower(copy, hex.len);
	/* Grow by doubling inside the arena (the old array is left behind). */
	size_t n = c->pub.hash_count;
	if (n < 2 || (n & (n - 1)) == 0) {
		size_t cap = n < 2 ? 2 : 2 * n;
		if (n >= 2 || !c->pub.hashes) {
			if (!(store = cw__arena_alloc(&src->inv->arena, cap * sizeof(cw_hash))))
				return cw_error_last()->code;
			if (n)
				memcpy(store, c->pub.hashes, n * sizeof(cw_hash));
			c->pub.hashes = store;
		}
	}
	store = (cw_hash *)c->pub.hashes;
	store[n].algorithm = algorithm;
	store[n].hex = copy;
	c->pub.hash_count = n + 1;
	return 0;
}

int cw__lang_add_hash_text(cw__inv_source *src, size_t comp, cw_slice text)
{
	static const struct { const char *prefix; const char *name; } algos[] = {
		{ "sha256", "SHA-256" }, { "sha384", "SHA-384" }, { "sha512", "SHA-512" },
		{ "sha1", "SHA-1" }, { "md5", "MD5" },
	};
	for (size_t i = 0; i < sizeof(algos) / sizeof(algos[0]); i++) {
		size_t n = strlen(algos[i].prefix);
		if (text.len > n + 1 && !strncmp(text.ptr, algos[i].prefix, n) &&
		    (text.ptr[n] == ':' || text.ptr[n] == '='))
			return cw__lang_add_hash(src, comp, algos[i].name,
			                         (cw_slice){ text.ptr + n + 1, text.len - n - 1 });
	}
	return 0;
}

bool cw__pep503(cw_slice name, char *buf, size_t size)
{
	size_t n = 0;
	for (size_t i = 0; i < name.len; i++) {
		char ch = name.ptr[i];
		if (ch == '-' || ch == '_' || ch == '.') {
			if (n && buf[n - 1] == '-')
				continue;
			ch = '-';
		} else {
			ch = cw_to_lower(ch);
		}
		if (n + 1 >= size)
			return false;
		buf[n++] = ch;
	}
	if (!size)
		return false;
	buf[n] = '\0';
	return true;
}

static int index_key(const cw__lang_index *ix, cw_slice name, cw_slice version, cw_buf *key)
{
	char norm[512];
	int error;
	cw__buf_clear(key);
	if (ix->normalize && cw__pep503(name, norm, sizeof(norm)))
		error = cw__buf_puts(key, norm);
	else
		error = cw__buf_put(key, name.ptr, name.len);
	if (error >= 0 && version.len) {
		if ((error = cw__buf_putc(key, '\x01')) >= 0)
			error = cw__buf_put(key, version.ptr, version.len);
	}
	return error;
}

int cw__lang_index_put(cw__lang_index *ix, cw_slice name, cw_slice version, size_t comp)
{
	cw_buf key = CW_BUF_INIT;
	int error;
	void *v = (void *)(uintptr_t)(comp + 1);
	char *k;
	/* The map keeps pointers to its keys: they live in the index's arena. */
	if ((error = index_key(ix, name, (cw_slice){ NULL, 0 }, &key)) >= 0 &&
	    !cw__map_get(&ix->by_name, key.ptr ? key.ptr : "", key.len)) {
		if (!(k = cw__arena_strndup(&ix->keys, key.ptr ? key.ptr : "", key.len)))
			error = cw_error_last()->code;
		else
			error = cw__map_put(&ix->by_name, k, key.len, v, NULL);
	}
	if (error >= 0 && version.len && (error = index_key(ix, name, version, &key)) >= 0 &&
	    !cw__map_get(&ix->by_name, key.ptr, key.len)) {
		if (!(k = cw__arena_strndup(&ix->keys, key.ptr, key.len)))
			error = cw_error_last()->code;
		else
			error = cw__map_put(&ix->by_name, k, key.len, v, NULL);
	}
	cw__buf_free(&key);
	return error;
}

size_t cw__lang_index_get(const cw__lang_index *ix, cw_slice name, cw_slice version)
{
	cw_buf key = CW_BUF_INIT;
	uintptr_t v = 0;
	if (index_key(ix, name, version, &key) >= 0)
		v = (uintptr_t)cw__map_get(&ix->by_name, key.ptr ? key.ptr : "", key.len);
	cw__buf_free(&key);
	return v ? (size_t)(v - 1) : SIZE_MAX;
}

size_t cw__lang_index_find(const cw__lang_index *ix, cw_slice name, cw_slice version)
{
	size_t c = cw__lang_index_get(ix, name, version);
	return c != SIZE_MAX ? c : cw__lang_index_get(ix, name, (cw_slice){ NULL, 0 });
}

int cw__lang_edge_if_found(cw__inv_source *src, size_t from, size_t to, cw_scope scope)
{
	return to == SIZE_MAX ? 0 : cw__inv_edge(src, from, to, scope);
}

void cw__lang_index_free(cw__lang_index *ix)
{
	cw__map_free(&ix->by_name);
	cw__arena_free(&ix->keys);
}

static bool name_char(char c)
{
	return cw_is_alnum(c) || c == '-' || c == '_' || c == '.';
}

bool cw__pep508_parse(cw_slice s, cw__pep508 *out)
{
	size_t i = 0, n = s.len;
	memset(out, 0, sizeof(*out));
	while (i < n && cw_is_space(s.ptr[i]))
		i++;
	size_t start = i;
	while (i < n && name_char(s.ptr[i]))
		i++;
	if (i == start || !cw_is_alnum(s.ptr[start]))
		return false;
	out->name = (cw_slice){ s.ptr + start, i - start };
	while (i < n && cw_is_space(s.ptr[i]))
		i++;
	if (i < n && s.ptr[i] == '[') {
		size_t e = i + 1;
		while (e < n && s.ptr[e] != ']')
			e++;
		if (e >= n)
			return false;
		out->extras = cw__slice_trim((cw_slice){ s.ptr + i + 1, e - i - 1 });
		i = e + 1;
	}
	/* The marker starts at the first ';' (a URL form needs a space before it). */
	size_t semi = n;
	for (size_t k = i; k < n; k++) {
		if (s.ptr[k] == ';') {
			semi = k;
			break;
		}
	}
	while (i < semi && cw_is_space(s.ptr[i]))
		i++;
	if (i < semi && s.ptr[i] == '@') {
		/* name @ url ; marker -- in a URL a ';' only ends it after a space. */
		size_t u = i + 1, e;
		while (u < n && cw_is_space(s.ptr[u]))
			u++;
		e = u;
		while (e < n && !cw_is_space(s.ptr[e]))
			e++;
		out->url = (cw_slice){ s.ptr + u, e - u };
		semi = n;
		for (size_t k = e; k < n; k++) {
			if (s.ptr[k] == ';') {
				semi = k;
				break;
			}
		}
	} else {
		cw_slice spec = cw__slice_trim((cw_slice){ s.ptr + i, semi - i });
		/* "(>=1.0)" is the old parenthesised form. */
		if (spec.len >= 2 && spec.ptr[0] == '(' && spec.ptr[spec.len - 1] == ')')
			spec = cw__slice_trim((cw_slice){ spec.ptr + 1, spec.len - 2 });
		out->specifier = spec;
	}
	if (semi < n)
		out->marker = cw__slice_trim((cw_slice){ s.ptr + semi + 1, n - semi - 1 });
	return true;
}

cw_slice cw__pep440_pin(cw_slice spec)
{
	cw_slice none = { NULL, 0 };
	size_t i = 0;
	spec = cw__slice_trim(spec);
	if (spec.len < 3 || spec.ptr[0] != '=' || spec.ptr[1] != '=')
		return none;
	i = spec.len > 3 && spec.ptr[2] == '=' ? 3 : 2;
	cw_slice v = cw__slice_trim((cw_slice){ spec.ptr + i, spec.len - i });
	if (!v.len)
		return none;
	for (size_t k = 0; k < v.len; k++)
		if (v.ptr[k] == ',' || v.ptr[k] == '*' || cw_is_space(v.ptr[k]) || v.ptr[k] == ';')
			return none;
	return v;
}

int cw__lang_toml(cw__inv_source *src, const cw_toml_value **root)
{
	return cw__toml_parse(root, &src->inv->arena, src->data, src->len, src->path);
}

int cw__lang_toml_sibling(const cw__inv_source *src, const char *name, cw_arena *arena,
                          const cw_toml_value **root)
{
	cw_buf text = CW_BUF_INIT;
	char path[4096];
	int error;
	if ((error = cw__inv_read_sibling(src, name, &text)) < 0)
		return error;
	snprintf(path, sizeof(path), "%s/%s", src->dir ? src->dir : ".", name);
	error = cw__toml_parse(root, arena, text.ptr ? text.ptr : "", text.len, path);
	cw__buf_free(&text);
	return error;
}

cw_slice cw__lang_tstr(const cw_toml_value *v)
{
	size_t len = 0;
	const char *s = cw__toml_str(v, &len);
	return (cw_slice){ s, s ? len : 0 };
}
