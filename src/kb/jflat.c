/*
 * jflat.c - the flat JSON reader of the OSV fast path (see jflat.h).
 * RFC 8259 grammar, strict UTF-8 (no overlongs, no surrogates, <= U+10FFFF),
 * as jansson checks it.  Recursive descent bounded by CW_KBJ_MAX_DEPTH.
 */
#include "kb/jflat.h"
#include "util/error.h"

#include <jansson.h>

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { DECLINE = 1 };

typedef struct {
	cw__kbj_doc *doc;
	const unsigned char *p, *end;
} parser;

/*
 * Strings are scanned eight bytes at a time (SWAR) while they are plain
 * ASCII: the scan was 12% of the instructions of a build byte by byte.
 */
#define ONES 0x0101010101010101ull
#define HIGHS 0x8080808080808080ull

static uint64_t load8(const unsigned char *p)
{
	uint64_t v;
	memcpy(&v, p, sizeof(v));
	return v;
}

/* Whether one of 8 bytes ends a plain string run: '"', '\\', < 0x20 or >= 0x80. */
static bool special8(uint64_t v)
{
	uint64_t quote = v ^ (ONES * '"'), backslash = v ^ (ONES * '\\');
	return ((v | ((v - ONES * 0x20) & ~v) | ((quote - ONES) & ~quote) |
	         ((backslash - ONES) & ~backslash)) & HIGHS) != 0;
}

static void skip_ws(parser *ps)
{
	while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\n' || *ps->p == '\r' || *ps->p == '\t'))
		ps->p++;
}

static int new_node(parser *ps, uint32_t *out)
{
	cw__kbj_doc *d = ps->doc;
	if (d->count == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 256;
		cw__kbj_node *grown;
		if (cap > UINT32_MAX || !(grown = realloc(d->nodes, cap * sizeof(*grown))))
			return cw__error_oom();
		d->nodes = grown;
		d->cap = cap;
	}
	memset(&d->nodes[d->count], 0, sizeof(d->nodes[0]));
	*out = (uint32_t)d->count++;
	return 0;
}

static int hex4(const unsigned char *p, unsigned *out)
{
	unsigned v = 0;
	for (int i = 0; i < 4; i++) {
		unsigned c = p[i], h;
		if (c >= '0' && c <= '9')
			h = c - '0';
		else if (c >= 'a' && c <= 'f')
			h = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			h = c - 'A' + 10;
		else
			return DECLINE;
		v = v << 4 | h;
	}
	*out = v;
	return 0;
}

/* Length of the valid UTF-8 sequence at p (lead byte >= 0x80), or 0. */
static size_t utf8_len(const unsigned char *p, const unsigned char *end)
{
	unsigned c = p[0], cp;
	size_t n;
	if (c >= 0xc2 && c <= 0xdf)
		n = 2, cp = c & 0x1f;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3, cp = c & 0x0f;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4, cp = c & 0x07;
	else
		return 0;
	if ((size_t)(end - p) < n)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (p[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

/* JSON's two-character escapes: the letter after the backslash and the character. */
static const char escapes[][2] = {
	{ '"', '"' }, { '\\', '\\' }, { '/', '/' }, { 'b', '\b' }, { 'f', '\f' }, { 'n', '\n' },
	{ 'r', '\r' }, { 't', '\t' },
};

/* The character `\letter` stands for, or 0. */
static char unescape(unsigned char letter)
{
	for (size_t i = 0; i < sizeof(escapes) / sizeof(escapes[0]); i++)
		if ((unsigned char)escapes[i][0] == letter)
			return escapes[i][1];
	return 0;
}

/* The letter jansson writes after a backslash for `c` ('/' is not escaped), or 0. */
static char escape(unsigned char c)
{
	for (size_t i = 0; i < sizeof(escapes) / sizeof(escapes[0]); i++)
		if ((unsigned char)escapes[i][1] == c && c != '/')
			return escapes[i][0];
	return 0;
}

static char *put_utf8(char *o, unsigned cp)
{
	if (cp < 0x80) {
		*o++ = (char)cp;
	} else if (cp < 0x800) {
		*o++ = (char)(0xc0 | cp >> 6);
		*o++ = (char)(0x80 | (cp & 0x3f));
	} else if (cp < 0x10000) {
		*o++ = (char)(0xe0 | cp >> 12);
		*o++ = (char)(0x80 | ((cp >> 6) & 0x3f));
		*o++ = (char)(0x80 | (cp & 0x3f));
	} else {
		*o++ = (char)(0xf0 | cp >> 18);
		*o++ = (char)(0x80 | ((cp >> 12) & 0x3f));
		*o++ = (char)(0x80 | ((cp >> 6) & 0x3f));
		*o++ = (char)(0x80 | (cp & 0x3f));
	}
	return o;
}

/* A string at ps->p (the opening quote); decoded into doc->strings. */
static int string(parser *ps, const char **out, uint32_t *out_len)
{
	cw__kbj_doc *d = ps->doc;
	char *start = d->strings + d->strings_len, *o = start;
	const unsigned char *p = ps->p + 1, *end = ps->end;
	char c;

	for (;;) {
		const unsigned char *run = p;
		while (end - p >= 8 && !special8(load8(p)))
			p += 8;
		while (p < end && *p >= 0x20 && *p < 0x80 && *p != '"' && *p != '\\')
			p++;
		memcpy(o, run, (size_t)(p - run));
		o += p - run;
		if (p >= end || *p < 0x20)
			return DECLINE;
		if (*p == '"')
			break;
		if (*p >= 0x80) {
			size_t n = utf8_len(p, end);
			if (!n)
				return DECLINE;
			memcpy(o, p, n);
			o += n;
			p += n;
			continue;
		}
		/* backslash */
		if (end - p < 2)
			return DECLINE;
		if (p[1] == 'u') {
			unsigned cp, lo;
			if (end - p < 6 || hex4(p + 2, &cp))
				return DECLINE;
			if (cp == 0 || (cp >= 0xdc00 && cp <= 0xdfff))
				return DECLINE;
			if (cp >= 0xd800 && cp <= 0xdbff) {
				if (end - p < 12 || p[6] != '\\' || p[7] != 'u' || hex4(p + 8, &lo) ||
				    lo < 0xdc00 || lo > 0xdfff)
					return DECLINE;
				cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
				p += 6;
			}
			o = put_utf8(o, cp);
			p += 6;
			continue;
		}
		if (!(c = unescape(p[1])))
			return DECLINE;
		*o++ = c;
		p += 2;
	}
	*o = '\0';
	if ((size_t)(o - start) > UINT32_MAX)
		return DECLINE;
	*out = start;
	*out_len = (uint32_t)(o - start);
	d->strings_len += (size_t)(o - start) + 1;
	ps->p = p + 1;
	return 0;
}

static int number(parser *ps, uint32_t n)
{
	const unsigned char *p = ps->p, *start = p;
	cw__kbj_node *node = &ps->doc->nodes[n];
	if (p < ps->end && *p == '-')
		p++;
	if (p >= ps->end || *p < '0' || *p > '9')
		return DECLINE;
	if (*p == '0') {
		p++;
		if (start != p - 1 && !(p < ps->end && (*p == '.' || *p == 'e' || *p == 'E')))
			return DECLINE; /* the integer -0: jansson dumps 0 */
	} else {
		while (p < ps->end && *p >= '0' && *p <= '9')
			p++;
	}
	if (p < ps->end && *p >= '0' && *p <= '9')
		return DECLINE; /* a leading zero */
	node->type = CW_KBJ_INT;
	if (p < ps->end && (*p == '.' || *p == 'e' || *p == 'E')) {
		char text[72], *end;
		double v;
		node->type = CW_KBJ_REAL;
		if (*p == '.') {
			const unsigned char *digits = ++p;
			while (p < ps->end && *p >= '0' && *p <= '9')
				p++;
			if (p == digits)
				return DECLINE;
		}
		if (p < ps->end && (*p == 'e' || *p == 'E')) {
			const unsigned char *digits;
			if (++p < ps->end && (*p == '+' || *p == '-'))
				p++;
			digits = p;
			while (p < ps->end && *p >= '0' && *p <= '9')
				p++;
			if (p == digits)
				return DECLINE;
		}
		/* jansson rejects an overflowing real; decline anything out of range */
		if ((size_t)(p - start) >= sizeof(text))
			return DECLINE;
		memcpy(text, start, (size_t)(p - start));
		text[p - start] = '\0';
		errno = 0;
		v = strtod(text, &end);
		if (errno == ERANGE || !isfinite(v) || *end)
			return DECLINE;
	} else if (p - start > 18) {
		return DECLINE;
	}
	node->str = (const char *)start;
	node->len = (uint32_t)(p - start);
	ps->p = p;
	return 0;
}

static bool literal(parser *ps, const char *word, size_t n)
{
	if ((size_t)(ps->end - ps->p) < n || memcmp(ps->p, word, n) != 0)
		return false;
	ps->p += n;
	return true;
}

static int value(parser *ps, uint32_t n, int depth);

static int container(parser *ps, uint32_t n, int depth, bool object)
{
	uint32_t last = 0, count = 0;
	int error;
	ps->doc->nodes[n].type = object ? CW_KBJ_OBJECT : CW_KBJ_ARRAY;
	if (depth >= CW_KBJ_MAX_DEPTH)
		return DECLINE;
	ps->p++;
	skip_ws(ps);
	if (ps->p < ps->end && *ps->p == (object ? '}' : ']')) {
		ps->p++;
		return 0;
	}
	for (;;) {
		uint32_t child = 0;
		const char *key = NULL;
		uint32_t key_len = 0;
		if (object) {
			if (ps->p >= ps->end || *ps->p != '"')
				return DECLINE;
			if ((error = string(ps, &key, &key_len)) != 0)
				return error;
			/* duplicate names: jansson keeps the last value at the first place */
			for (uint32_t c = ps->doc->nodes[n].first; c; c = ps->doc->nodes[c].next)
				if (ps->doc->nodes[c].key_len == key_len && memcmp(ps->doc->nodes[c].key, key, key_len) == 0)
					return DECLINE;
			skip_ws(ps);
			if (ps->p >= ps->end || *ps->p != ':')
				return DECLINE;
			ps->p++;
			skip_ws(ps);
		}
		if ((error = new_node(ps, &child)) < 0)
			return error;
		ps->doc->nodes[child].key = key;
		ps->doc->nodes[child].key_len = key_len;
		if (last)
			ps->doc->nodes[last].next = child;
		else
			ps->doc->nodes[n].first = child;
		last = child;
		count++;
		if ((error = value(ps, child, depth + 1)) != 0)
			return error;
		skip_ws(ps);
		if (ps->p >= ps->end)
			return DECLINE;
		if (*ps->p == ',') {
			ps->p++;
			skip_ws(ps);
			continue;
		}
		if (*ps->p != (object ? '}' : ']'))
			return DECLINE;
		ps->p++;
		ps->doc->nodes[n].count = count;
		return 0;
	}
}

static int value(parser *ps, uint32_t n, int depth)
{
	cw__kbj_node *node;
	if (ps->p >= ps->end)
		return DECLINE;
	switch (*ps->p) {
	case '{':
		return container(ps, n, depth, true);
	case '[':
		return container(ps, n, depth, false);
	case '"':
		node = &ps->doc->nodes[n];
		node->type = CW_KBJ_STRING;
		return string(ps, &node->str, &node->len);
	case 't':
		ps->doc->nodes[n].type = CW_KBJ_TRUE;
		return literal(ps, "true", 4) ? 0 : DECLINE;
	case 'f':
		ps->doc->nodes[n].type = CW_KBJ_FALSE;
		return literal(ps, "false", 5) ? 0 : DECLINE;
	case 'n':
		ps->doc->nodes[n].type = CW_KBJ_NULL;
		return literal(ps, "null", 4) ? 0 : DECLINE;
	default:
		return number(ps, n);
	}
}

int cw__kbj_parse(cw__kbj_doc *doc, const char *data, size_t len)
{
	parser ps = { doc, (const unsigned char *)data, (const unsigned char *)data + len };
	uint32_t root = 0;
	int error;

	doc->count = 0;
	doc->strings_len = 0;
	if (len >= UINT32_MAX)
		return DECLINE;
	/* decoded strings never outgrow their quoted form, NUL included */
	if (doc->strings_cap < len + 1) {
		char *grown = realloc(doc->strings, len + 1);
		if (!grown)
			return cw__error_oom();
		doc->strings = grown;
		doc->strings_cap = len + 1;
	}
	if ((error = new_node(&ps, &root)) < 0)
		return error;
	skip_ws(&ps);
	if ((error = value(&ps, root, 0)) != 0)
		return error;
	skip_ws(&ps);
	return ps.p == ps.end ? 0 : DECLINE;
}

/* ---- from a jansson DOM -------------------------------------------------- */

/* Nodes and number-text bytes `v` needs. */
static void measure(const json_t *v, size_t *nodes, size_t *bytes)
{
	const char *key;
	json_t *child;
	size_t i;
	(*nodes)++;
	if (json_is_number(v))
		*bytes += 32;
	else if (json_is_object(v))
		json_object_foreach((json_t *)v, key, child)
			measure(child, nodes, bytes);
	else if (json_is_array(v))
		json_array_foreach(v, i, child)
			measure(child, nodes, bytes);
}

static void convert(cw__kbj_doc *d, uint32_t n, const json_t *v);

/* Append a child node for `v` (member `key` of `key_len` bytes, or NULL) to node n. */
static void add_child(cw__kbj_doc *d, uint32_t n, uint32_t *last, const char *key,
                      size_t key_len, const json_t *v)
{
	uint32_t c = (uint32_t)d->count++;
	memset(&d->nodes[c], 0, sizeof(d->nodes[c]));
	d->nodes[c].key = key;
	d->nodes[c].key_len = (uint32_t)key_len;
	if (*last)
		d->nodes[*last].next = c;
	else
		d->nodes[n].first = c;
	*last = c;
	d->nodes[n].count++;
	convert(d, c, v);
}

static void convert(cw__kbj_doc *d, uint32_t n, const json_t *v)
{
	cw__kbj_node *node = &d->nodes[n];
	uint32_t last = 0;
	json_t *child;
	size_t i;

	switch (json_typeof(v)) {
	case JSON_OBJECT:
		node->type = CW_KBJ_OBJECT;
		for (void *it = json_object_iter((json_t *)v); it; it = json_object_iter_next((json_t *)v, it))
			add_child(d, n, &last, json_object_iter_key(it), json_object_iter_key_len(it),
			          json_object_iter_value(it));
		return;
	case JSON_ARRAY:
		node->type = CW_KBJ_ARRAY;
		json_array_foreach(v, i, child)
			add_child(d, n, &last, NULL, 0, child);
		return;
	case JSON_STRING:
		node->type = CW_KBJ_STRING;
		node->str = json_string_value(v);
		node->len = (uint32_t)json_string_length(v);
		return;
	case JSON_INTEGER:
	case JSON_REAL: {
		/* the text cw__kbj_dump() turns into what jansson would dump */
		char *text = d->strings + d->strings_len;
		int len = json_is_integer(v)
		          ? snprintf(text, 32, "%" JSON_INTEGER_FORMAT, json_integer_value(v))
		          : snprintf(text, 32, "%.17g", json_real_value(v));
		node->type = json_is_integer(v) ? CW_KBJ_INT : CW_KBJ_REAL;
		node->str = text;
		node->len = (uint32_t)len;
		d->strings_len += (size_t)len + 1;
		return;
	}
	case JSON_TRUE:
		node->type = CW_KBJ_TRUE;
		return;
	case JSON_FALSE:
		node->type = CW_KBJ_FALSE;
		return;
	default:
		node->type = CW_KBJ_NULL;
		return;
	}
}

int cw__kbj_from_json(cw__kbj_doc *doc, const json_t *root)
{
	size_t nodes = 0, bytes = 1;
	measure(root, &nodes, &bytes);
	if (nodes > UINT32_MAX)
		return cw__error_set(CW_ELIMIT, "JSON document with too many values");
	if (doc->cap < nodes) {
		cw__kbj_node *grown = realloc(doc->nodes, nodes * sizeof(*grown));
		if (!grown)
			return cw__error_oom();
		doc->nodes = grown;
		doc->cap = nodes;
	}
	if (doc->strings_cap < bytes) {
		char *grown = realloc(doc->strings, bytes);
		if (!grown)
			return cw__error_oom();
		doc->strings = grown;
		doc->strings_cap = bytes;
	}
	doc->count = 1;
	doc->strings_len = 0;
	memset(&doc->nodes[0], 0, sizeof(doc->nodes[0]));
	convert(doc, 0, root);
	return 0;
}

void cw__kbj_free(cw__kbj_doc *doc)
{
	free(doc->nodes);
	free(doc->strings);
	memset(doc, 0, sizeof(*doc));
}

uint32_t cw__kbj_get(const cw__kbj_doc *doc, uint32_t obj, const char *key)
{
	size_t len;
	if (doc->nodes[obj].type != CW_KBJ_OBJECT)
		return 0;
	len = strlen(key);
	for (uint32_t c = doc->nodes[obj].first; c; c = doc->nodes[c].next)
		if (doc->nodes[c].key_len == len && memcmp(doc->nodes[c].key, key, len) == 0)
			return c;
	return 0;
}

int cw__kbj_dump_string(const char *s, size_t len, cw_buf *out)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i = 0;
	int error;
	/* worst case: every byte as \u00XX */
	if ((error = cw__buf_grow(out, len * 6 + 3)) < 0)
		return error;
	char *o = out->ptr + out->len;
	*o++ = '"';
	while (i < len) {
		size_t run = i;
		while (i < len && (unsigned char)s[i] >= 0x20 && s[i] != '"' && s[i] != '\\')
			i++;
		memcpy(o, s + run, i - run);
		o += i - run;
		if (i >= len)
			break;
		unsigned char c = (unsigned char)s[i++];
		char e;
		*o++ = '\\';
		if ((e = escape(c))) {
			*o++ = e;
		} else {
			*o++ = 'u';
			*o++ = '0';
			*o++ = '0';
			*o++ = hex[c >> 4];
			*o++ = hex[c & 15];
		}
	}
	*o++ = '"';
	out->len = (size_t)(o - out->ptr);
	out->ptr[out->len] = '\0';
	return 0;
}

/* As jansson's jsonp_dtostr() with its default precision of 17 digits. */
static int dump_real(const cw__kbj_node *node, cw_buf *out)
{
	char text[72], buf[64], *e;
	size_t n;
	memcpy(text, node->str, node->len); /* checked to fit by number() */
	text[node->len] = '\0';
	n = (size_t)snprintf(buf, sizeof(buf), "%.17g", strtod(text, NULL));
	for (size_t i = 0; i < n; i++)
		if (buf[i] == ',')
			buf[i] = '.'; /* a locale's decimal comma; jansson writes '.' */
	if (!strpbrk(buf, ".e")) {
		memcpy(buf + n, ".0", 3);
		n += 2;
	}
	if ((e = strchr(buf, 'e'))) {
		char *start = e + 1, *end = start + 1;
		if (*start == '-')
			start++;
		while (*end == '0')
			end++;
		if (end != start) {
			memmove(start, end, (size_t)(buf + n + 1 - end));
			n -= (size_t)(end - start);
		}
	}
	return cw__buf_put(out, buf, n);
}

int cw__kbj_dump(const cw__kbj_doc *doc, uint32_t n, cw_buf *out)
{
	const cw__kbj_node *node = &doc->nodes[n];
	int error = 0;
	switch (node->type) {
	case CW_KBJ_NULL:
		return cw__buf_put(out, "null", 4);
	case CW_KBJ_TRUE:
		return cw__buf_put(out, "true", 4);
	case CW_KBJ_FALSE:
		return cw__buf_put(out, "false", 5);
	case CW_KBJ_INT:
		return cw__buf_put(out, node->str, node->len);
	case CW_KBJ_REAL:
		return dump_real(node, out);
	case CW_KBJ_STRING:
		return cw__kbj_dump_string(node->str, node->len, out);
	default:
		break;
	}
	bool object = node->type == CW_KBJ_OBJECT;
	if ((error = cw__buf_putc(out, object ? '{' : '[')) < 0)
		return error;
	for (uint32_t c = node->first; c; c = doc->nodes[c].next) {
		if (c != node->first && (error = cw__buf_putc(out, ',')) < 0)
			return error;
		if (object && ((error = cw__kbj_dump_string(doc->nodes[c].key, doc->nodes[c].key_len, out)) < 0 ||
		               (error = cw__buf_putc(out, ':')) < 0))
			return error;
		if ((error = cw__kbj_dump(doc, c, out)) < 0)
			return error;
	}
	return cw__buf_putc(out, object ? '}' : ']');
}
