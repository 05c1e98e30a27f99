/*
 * lang_more.c - helpers shared by the extractors of lang_more.h: the root
 * component of a file, forward line search for DOM-based (JSON) readers,
 * hex digests as SRI strings, a line splitter for text lockfiles.
 */
#include "inventory/lang_more.h"
#include "inventory/lang.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "util/error.h"

int cw__lang_root_or_generic(cw__inv_source *src, const char *ecosystem, cw_slice name,
                             cw_slice version, size_t line, size_t *out)
{
	int error = cw__lang_add_root(src, ecosystem, name, version, line, out);
	if (error == CW_EINVALID && strcmp(ecosystem, "generic") != 0) {
		/* e.g. a maven root without a group, a swift root without a version */
		error = cw__lang_add_root(src, "generic", name, version, line, out);
	}
	return error;
}

const char *cw__lang_find(const char *hay, size_t n, const char *needle, size_t len)
{
	if (!len)
		return hay;
	while (n >= len) {
		const char *p = memchr(hay, needle[0], n - len + 1);
		if (!p)
			return NULL;
		if (!memcmp(p, needle, len))
			return p;
		n -= (size_t)(p + 1 - hay);
		hay = p + 1;
	}
	return NULL;
}

void cw__line_cursor_init(cw__line_cursor *c, const cw__inv_source *src)
{
	c->src = src;
	c->pos = 0;
	c->line = 1;
}

size_t cw__line_cursor_find(cw__line_cursor *c, const char *needle, size_t len)
{
	const char *data = c->src->data;
	size_t n = c->src->len;
	if (!len || c->pos > n)
		return 0;
	const char *hit = cw__lang_find(data + c->pos, n - c->pos, needle, len);
	if (!hit)
		return 0;
	size_t at = (size_t)(hit - data);
	for (size_t i = c->pos; i < at; i++)
		if (data[i] == '\n')
			c->line++;
	c->pos = at + len;   /* the needle has no newline: line stays right */
	return c->line;
}

size_t cw__line_cursor_find_object_key(cw__line_cursor *c, const char *key)
{
	for (;;) {
		size_t line = cw__line_cursor_find_json(c, key);
		if (!line)
			return 0;
		const char *d = c->src->data;
		size_t i = c->pos, n = c->src->len;
		while (i < n && (d[i] == ' ' || d[i] == '\t' || d[i] == '\n' || d[i] == '\r'))
			i++;
		if (i >= n || d[i] != ':')
			continue;
		i++;
		while (i < n && (d[i] == ' ' || d[i] == '\t' || d[i] == '\n' || d[i] == '\r'))
			i++;
		if (i < n && d[i] == '{')
			return line;
	}
}

size_t cw__line_cursor_find_member(cw__line_cursor *c, const char *key, const char *value)
{
	size_t klen = strlen(key);
	for (;;) {
		size_t line = cw__line_cursor_find_json(c, value);
		if (!line)
			return 0;
		/* the match starts at pos - len("\"value\""): look back for `"key" :` */
		const char *d = c->src->data;
		size_t i = c->pos - strlen(value) - 2;
		while (i > 0 && (d[i - 1] == ' ' || d[i - 1] == '\t' || d[i - 1] == '\n' || d[i - 1] == '\r'))
			i--;
		if (i == 0 || d[i - 1] != ':')
			continue;
		i--;
		while (i > 0 && (d[i - 1] == ' ' || d[i - 1] == '\t' || d[i - 1] == '\n' || d[i - 1] == '\r'))
			i--;
		if (i >= klen + 2 && d[i - 1] == '"' && d[i - klen - 2] == '"' && !memcmp(d + i - klen - 1, key, klen))
			return line;
	}
}

size_t cw__line_cursor_find_json(cw__line_cursor *c, const char *str)
{
	char buf[512];
	size_t n = strlen(str);
	if (n + 2 >= sizeof(buf))
		return 0;
	buf[0] = '"';
	memcpy(buf + 1, str, n);
	buf[n + 1] = '"';
	return cw__line_cursor_find(c, buf, n + 2);
}

bool cw__lang_sibling_exists(const cw__inv_source *src, const char *rel)
{
	char path[4096];
	struct stat st;
	if (!src->dir || (size_t)snprintf(path, sizeof(path), "%s/%s", src->dir, rel) >= sizeof(path))
		return false;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

int cw__lang_json(cw__inv_source *src, cw_json **out)
{
	return cw__json_parse(out, src->data, src->len, src->path);
}

int cw__lang_json_object(cw__inv_source *src, cw_json **doc, const char *member, json_t **out)
{
	int error;
	if ((error = cw__lang_json(src, doc)) < 0)
		return error;
	return cw__lang_json_expect_object(src, *doc, member, out);
}

int cw__lang_json_expect_object(const cw__inv_source *src, json_t *doc, const char *member, json_t **out)
{
	if (member)
		*out = json_object_get(doc, member);
	if (!json_is_object(doc) || (member && !json_is_object(*out)))
		return cw__error_set_at(CW_EINVALID, src->path, 1, 1, "expected an object%s%s%s",
		                        member ? " with \"" : "", member ? member : "", member ? "\"" : "");
	return 0;
}

int cw__lang_json_read(cw__inv_source *src, cw__lang_json_fn read)
{
	cw_json *doc = NULL;
	cw__line_cursor cur;
	int error;
	cw__line_cursor_init(&cur, src);
	if ((error = cw__lang_json(src, &doc)) >= 0)
		error = read(src, doc, &cur);
	cw__json_free(doc);
	return error;
}

int cw__lang_xml_expect(const cw__inv_source *src, const cw_xnode *doc, const char *name)
{
	if (strcmp(doc->name, name) != 0)
		return cw__error_set_at(CW_EINVALID, src->path, doc->line, 1, "expected <%s>, got <%s>", name, doc->name);
	return 0;
}

int cw__lang_xml(cw__inv_source *src, cw_xnode **doc)
{
	return cw__xml_parse(doc, &src->inv->arena, src->path, src->data, src->len);
}

int cw__lang_xml_root(cw__inv_source *src, const char *name, cw_xnode **doc)
{
	int error;
	if ((error = cw__lang_xml(src, doc)) < 0)
		return error;
	return cw__lang_xml_expect(src, *doc, name);
}

int cw__lang_file_root(cw__inv_source *src, const char *ecosystem, size_t *out)
{
	return cw__lang_root_or_generic(src, ecosystem, (cw_slice){ NULL, 0 }, (cw_slice){ NULL, 0 }, 1, out);
}

int cw__lang_ci_put(cw_map *m, cw_arena *arena, const char *name, size_t idx)
{
	char *k = cw__arena_strdup(arena, name);
	if (!k)
		return cw_error_last()->code;
	cw__str_lower(k, strlen(k));
	return cw__map_put(m, k, strlen(k), (void *)(uintptr_t)(idx + 1), NULL);
}

size_t cw__lang_ci_get(const cw_map *m, const char *name)
{
	char buf[512];
	size_t n = strlen(name);
	if (n >= sizeof(buf))
		return SIZE_MAX;
	memcpy(buf, name, n + 1);
	cw__str_lower(buf, n);
	uintptr_t v = (uintptr_t)cw__map_get(m, buf, n);
	return v ? v - 1 : SIZE_MAX;
}

static int hexval(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	ch = cw_to_lower(ch);
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	return -1;
}

cw_slice cw__lang_hex_sri(cw_arena *arena, const char *algo, const char *hex, size_t len)
{
	static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t want = !strcmp(algo, "sha512") ? 128 : !strcmp(algo, "sha384") ? 96
	            : !strcmp(algo, "sha256") ? 64 : !strcmp(algo, "sha1") ? 40 : 0;
	unsigned char bytes[64];
	size_t nb = len / 2, alen = strlen(algo), o = 0;
	char *out;

	if (!want || len != want)
		return (cw_slice){ NULL, 0 };
	for (size_t i = 0; i < nb; i++) {
		int hi = hexval(hex[2 * i]), lo = hexval(hex[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return (cw_slice){ NULL, 0 };
		bytes[i] = (unsigned char)(hi << 4 | lo);
	}
	if (!(out = cw__arena_alloc(arena, alen + 1 + (nb + 2) / 3 * 4 + 1)))
		return (cw_slice){ NULL, 0 };
	memcpy(out, algo, alen);
	o = alen;
	out[o++] = '-';
	for (size_t i = 0; i < nb; i += 3) {
		unsigned v = (unsigned)bytes[i] << 16;
		if (i + 1 < nb)
			v |= (unsigned)bytes[i + 1] << 8;
		if (i + 2 < nb)
			v |= bytes[i + 2];
		out[o++] = b64[v >> 18 & 63];
		out[o++] = b64[v >> 12 & 63];
		out[o++] = i + 1 < nb ? b64[v >> 6 & 63] : '=';
		out[o++] = i + 2 < nb ? b64[v & 63] : '=';
	}
	out[o] = '\0';
	return (cw_slice){ out, o };
}

void cw__lines_init(cw__lines *l, const char *data, size_t len)
{
	l->data = data;
	l->len = len;
	l->pos = 0;
	l->number = 0;
}

bool cw__lines_next(cw__lines *l, cw_slice *line)
{
	if (l->pos >= l->len)
		return false;
	const char *start = l->data + l->pos;
	const char *nl = memchr(start, '\n', l->len - l->pos);
	size_t n = nl ? (size_t)(nl - start) : l->len - l->pos;
	l->pos += n + (nl ? 1 : 0);
	if (n && start[n - 1] == '\r')
		n--;
	l->number++;
	*line = (cw_slice){ start, n };
	return true;
}
