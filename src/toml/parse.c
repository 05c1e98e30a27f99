/*
 * parse.c - TOML 1.0 documents: keys, [tables], [[arrays of tables]],
 * arrays, inline tables and the rules about defining things twice.
 *
 * Spec: https://toml.io/en/v1.0.0 (1.0.0 only: inline tables stay on one
 * line without a trailing comma, as 1.0 requires).
 *
 * How redefinition is checked: every table carries flags saying how it
 * came to exist (parser.h):
 *   IMPLICIT  a parent created by a header ([a.b.c] creates a and a.b);
 *             one later [a] may still define it, once.
 *   EXPLICIT  defined by its own header; a second [a] is an error.
 *   DOTTED    created by a dotted key (a.b = 1 creates a); further dotted
 *             keys may add to it, a header may pass through it
 *             ([a.x] is fine) but not name it ([a] is an error).
 *   INLINE    an inline table or a static array: nothing may be added
 *             to it after its closing bracket, by any means.
 *   AOT       an array created by [[a]]: later [[a]] append to it, and
 *             headers that pass through it reach its last table.
 * Dotted keys may only pass through DOTTED tables that are not INLINE, so
 * a table defined by a header cannot be extended from another section.
 *
 * Nesting is capped at CW_TOML_MAX_DEPTH for every container (recursion
 * happens only for inline values, so the stack is bounded too).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "toml/parser.h"
#include "util/error.h"
#include "util/str.h"

typedef struct {
	const char *ptr;
	size_t len;
	size_t offset; /* where the key part starts, for messages */
} key_part;

typedef struct {
	cw_toml_parser p;
	key_part keys[CW_TOML_MAX_DEPTH]; /* the key being parsed */
	size_t nkeys;
} doc_parser;

static int parse_value(doc_parser *d, unsigned depth, cw_toml_value **out);

static int verror_at(cw_toml_parser *p, int code, size_t offset, const char *fmt, va_list ap)
    CW_PRINTF(4, 0);

static int verror_at(cw_toml_parser *p, int code, size_t offset, const char *fmt, va_list ap)
{
	char msg[CW_ERROR_MESSAGE_MAX];
	size_t line, col;

	vsnprintf(msg, sizeof(msg), fmt, ap);
	/* Errors are rare: finding the line from the start keeps columns exact. */
	cw__error_position(p->data, p->len, offset > p->len ? p->len : offset, &line, &col);
	return cw__error_set_at(code, p->path ? p->path : "<toml>", line, col, "%s", msg);
}

int cw__toml_error_code_at(cw_toml_parser *p, int code, size_t offset, const char *fmt, ...)
{
	va_list ap;
	int error;
	va_start(ap, fmt);
	error = verror_at(p, code, offset, fmt, ap);
	va_end(ap);
	return error;
}

cw_toml_value *cw__toml_new(cw_toml_parser *p, int type, size_t offset, unsigned depth)
{
	cw_toml_value *v;
	if (depth > CW_TOML_MAX_DEPTH) {
		cw__toml_error_code_at(p, CW_ELIMIT, offset, "nesting deeper than %d tables or arrays", CW_TOML_MAX_DEPTH);
		return NULL;
	}
	if (!(v = cw__arena_calloc(p->arena, 1, sizeof(*v))))
		return NULL;
	v->type = (uint8_t)type;
	v->depth = (uint16_t)depth;
	v->line = p->line;
	v->col = offset >= p->line_start ? cw__toml_col(p, offset) : 1;
	return v;
}

/* ---- whitespace, comments, newlines ----------------------------------- */

/* Step over `c` when it is the next character. */
static bool eat(cw_toml_parser *p, char c)
{
	if (p->pos >= p->len || p->data[p->pos] != c)
		return false;
	p->pos++;
	return true;
}

static void skip_ws(cw_toml_parser *p)
{
	while (p->pos < p->len && (p->data[p->pos] == ' ' || p->data[p->pos] == '\t'))
		p->pos++;
}

/* From '#' up to (not including) the end of line. */
static int skip_comment(cw_toml_parser *p)
{
	for (p->pos++; p->pos < p->len; p->pos++) {
		unsigned char c = (unsigned char)p->data[p->pos];
		if (c == '\n' || (c == '\r' && p->pos + 1 < p->len && p->data[p->pos + 1] == '\n'))
			return 0;
		if ((c < 0x20 && c != '\t') || c == 0x7f)
			return cw__toml_error_at(p, p->pos,
			                         "control character U+%04X is not allowed "
			                         "in a comment",
			                         c);
	}
	return 0;
}

/* A newline at p->pos (LF or CRLF): consume it and return true. */
static bool take_newline(cw_toml_parser *p)
{
	if (p->pos < p->len && p->data[p->pos] == '\n') {
		cw__toml_newline(p, p->pos);
		p->pos++;
		return true;
	}
	if (p->pos + 1 < p->len && p->data[p->pos] == '\r' && p->data[p->pos + 1] == '\n') {
		cw__toml_newline(p, p->pos + 1);
		p->pos += 2;
		return true;
	}
	return false;
}

/* Whitespace, comments and newlines (inside arrays). */
static int skip_blank(cw_toml_parser *p)
{
	int error;
	for (;;) {
		skip_ws(p);
		if (p->pos < p->len && p->data[p->pos] == '#') {
			if ((error = skip_comment(p)) < 0)
				return error;
		}
		if (!take_newline(p))
			return 0;
	}
}

/* After a key/value pair or a header: blanks, a comment, then end of line. */
static int end_of_line(cw_toml_parser *p, const char *what)
{
	int error;
	skip_ws(p);
	if (p->pos < p->len && p->data[p->pos] == '#' && (error = skip_comment(p)) < 0)
		return error;
	if (p->pos >= p->len || take_newline(p))
		return 0;
	return cw__toml_error_at(p, p->pos, "expected a newline after %s", what);
}

/* ---- keys ------------------------------------------------------------- */

static bool is_bare_key_char(char c)
{
	return cw_is_alnum(c) || c == '_' || c == '-';
}

/* A possibly dotted key into d->keys; leaves p->pos after trailing blanks. */
static int parse_key(doc_parser *d)
{
	cw_toml_parser *p = &d->p;
	int error;

	d->nkeys = 0;
	for (;;) {
		key_part *k = &d->keys[d->nkeys];
		char c;
		skip_ws(p);
		if (d->nkeys == CW_TOML_MAX_DEPTH)
			return cw__toml_error_code_at(p, CW_ELIMIT, p->pos, "key has more than %d parts", CW_TOML_MAX_DEPTH);
		k->offset = p->pos;
		c = p->pos < p->len ? p->data[p->pos] : '\0';
		if (c == '"' || c == '\'') {
			if ((error = cw__toml_parse_string(p, false, &k->ptr, &k->len)) < 0)
				return error;
		} else if (is_bare_key_char(c)) {
			size_t start = p->pos;
			while (p->pos < p->len && is_bare_key_char(p->data[p->pos]))
				p->pos++;
			k->ptr = p->data + start;
			k->len = p->pos - start;
		} else {
			return cw__toml_error_at(p, p->pos,
			                         "expected a key (bare key A-Za-z0-9_- "
			                         "or a quoted string)");
		}
		d->nkeys++;
		skip_ws(p);
		if (!eat(p, '.'))
			return 0;
	}
}

/* "a.b.c" for messages (first n parts, truncated). */
static const char *key_name(const doc_parser *d, size_t n, char *buf, size_t size)
{
	size_t used = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < n && used + 1 < size; i++) {
		int w = snprintf(buf + used, size - used, "%s%.*s", i ? "." : "",
		                 (int)(d->keys[i].len > 60 ? 60 : d->keys[i].len), d->keys[i].ptr);
		if (w < 0)
			break;
		used += (size_t)w;
	}
	return buf;
}

static const char *what_is(const cw_toml_value *v)
{
	if (v->type == CW_TOML_TABLE)
		return v->flags & CW_TOML_F_INLINE   ? "an inline table"
		       : v->flags & CW_TOML_F_DOTTED ? "a table defined by dotted keys"
		                                     : "a table defined by a header";
	if (v->type == CW_TOML_ARRAY)
		return v->flags & CW_TOML_F_AOT ? "an array of tables" : "an array";
	return "a value";
}

/* "<what> '<name>': it is [already] <what v is> (line N)" at `offset`. */
static int taken(cw_toml_parser *p, size_t offset, const char *what, const char *name, bool already,
                 const cw_toml_value *v)
{
	return cw__toml_error_at(p, offset, "%s '%s': it is %s%s (line %u)", what, name,
	                         already ? "already " : "", what_is(v), v->line);
}

/* Insert a new table or array under the key part `k` of `parent`. */
static cw_toml_value *add_child(doc_parser *d, cw_toml_value *parent, const key_part *k, int type,
                                int flags, size_t offset)
{
	cw_toml_value *v = cw__toml_new(&d->p, type, offset, parent->depth + 1u);
	const char *key = v ? cw__toml_intern(&d->p, k->ptr, k->len) : NULL;
	if (!key || cw__toml_table_insert(d->p.arena, parent, key, k->len, v) < 0)
		return NULL;
	v->flags = (uint8_t)flags;
	return v;
}

/* ---- values ----------------------------------------------------------- */

static int parse_keyval(doc_parser *d, cw_toml_value *table);

static int parse_array(doc_parser *d, cw_toml_value *v)
{
	cw_toml_parser *p = &d->p;
	size_t open = p->pos++;
	int error;

	v->type = CW_TOML_ARRAY;
	v->flags = CW_TOML_F_INLINE;
	for (;;) {
		cw_toml_value *item;
		if ((error = skip_blank(p)) < 0)
			return error;
		if (eat(p, ']'))
			return 0;
		if (p->pos >= p->len)
			return cw__toml_error_at(p, open, "expected ] to close this array");
		if ((error = parse_value(d, v->depth + 1u, &item)) < 0 ||
		    (error = cw__toml_array_push(p->arena, v, item)) < 0 ||
		    (error = skip_blank(p)) < 0)
			return error;
		if (eat(p, ']'))
			return 0;
		if (!eat(p, ','))
			return cw__toml_error_at(p, p->pos, "expected , or ] in the array opened at line %u", v->line);
	}
}

static int parse_inline_table(doc_parser *d, cw_toml_value *v)
{
	cw_toml_parser *p = &d->p;
	int error;

	v->type = CW_TOML_TABLE;
	v->flags = CW_TOML_F_INLINE;
	p->pos++;
	skip_ws(p);
	if (eat(p, '}'))
		return 0;
	for (;;) {
		if ((error = parse_keyval(d, v)) < 0)
			return error;
		skip_ws(p);
		if (eat(p, '}'))
			return 0;
		if (!eat(p, ','))
			return cw__toml_error_at(p, p->pos, "expected , or } in the inline table "
			                         "(which must stay on one line in TOML 1.0)");
		skip_ws(p);
		if (p->pos < p->len && p->data[p->pos] == '}')
			return cw__toml_error_at(p, p->pos, "expected a key after ',' (TOML 1.0 "
			                         "allows no trailing comma in an inline table)");
	}
}

static int parse_value(doc_parser *d, unsigned depth, cw_toml_value **out)
{
	cw_toml_parser *p = &d->p;
	cw_toml_value *v;
	char c;

	if (p->pos >= p->len || p->data[p->pos] == '\n' || p->data[p->pos] == '\r' ||
	    p->data[p->pos] == '#')
		return cw__toml_error_at(p, p->pos, "expected a value");
	if (!(v = cw__toml_new(p, 0, p->pos, depth)))
		return cw_error_last()->code;
	*out = v;
	c = p->data[p->pos];
	if (c == '"' || c == '\'') {
		v->type = CW_TOML_STRING;
		return cw__toml_parse_string(p, true, &v->u.str.ptr, &v->u.str.len);
	}
	if (c == '[')
		return parse_array(d, v);
	if (c == '{')
		return parse_inline_table(d, v);
	return cw__toml_parse_scalar(p, v);
}

/* key = value, into `table` (the current section or an inline table). */
static int parse_keyval(doc_parser *d, cw_toml_value *table)
{
	cw_toml_parser *p = &d->p;
	cw_toml_value *t = table, *v, *old;
	const char *key;
	key_part last;
	char name[256];
	int error;

	if ((error = parse_key(d)) < 0)
		return error;
	for (size_t i = 0; i + 1 < d->nkeys; i++) {
		cw_toml_value *child = cw__toml_table_find(t, d->keys[i].ptr, d->keys[i].len);
		if (!child) {
			if (!(child = add_child(d, t, &d->keys[i], CW_TOML_TABLE, CW_TOML_F_DOTTED,
			                        d->keys[i].offset)))
				return cw_error_last()->code;
		} else if (child->type != CW_TOML_TABLE || !(child->flags & CW_TOML_F_DOTTED) ||
		           (child->flags & CW_TOML_F_INLINE)) {
			return taken(p, d->keys[i].offset, "cannot add keys to",
			             key_name(d, i + 1, name, sizeof(name)), false, child);
		}
		t = child;
	}
	last = d->keys[d->nkeys - 1];
	if ((old = cw__toml_table_find(t, last.ptr, last.len)))
		return cw__toml_error_at(p, last.offset,
		                         "duplicate key '%s' (first defined at "
		                         "line %u)",
		                         key_name(d, d->nkeys, name, sizeof(name)), old->line);
	if (p->pos >= p->len || p->data[p->pos] != '=')
		return cw__toml_error_at(p, p->pos, "expected '=' after the key");
	p->pos++;
	skip_ws(p);
	if ((error = parse_value(d, t->depth + 1u, &v)) < 0)
		return error;
	if (!(key = cw__toml_intern(p, last.ptr, last.len)))
		return cw_error_last()->code;
	return cw__toml_table_insert(p->arena, t, key, last.len, v);
}

/* ---- headers ---------------------------------------------------------- */

static int parse_header(doc_parser *d, cw_toml_value *root, cw_toml_value **current)
{
	cw_toml_parser *p = &d->p;
	size_t at = p->pos;
	bool aot = p->pos + 1 < p->len && p->data[p->pos + 1] == '[';
	cw_toml_value *t = root, *child;
	const key_part *last;
	char name[256];
	int error;

	p->pos += aot ? 2 : 1;
	if ((error = parse_key(d)) < 0)
		return error;
	if (p->pos >= p->len || p->data[p->pos] != ']' ||
	    (aot && (p->pos + 1 >= p->len || p->data[p->pos + 1] != ']')))
		return cw__toml_error_at(p, p->pos, "expected %s to close the table header",
		                         aot ? "]]" : "]");
	p->pos += aot ? 2 : 1;
	for (size_t i = 0; i + 1 < d->nkeys; i++) {
		child = cw__toml_table_find(t, d->keys[i].ptr, d->keys[i].len);
		if (!child) {
			if (!(child = add_child(d, t, &d->keys[i], CW_TOML_TABLE,
			                        CW_TOML_F_IMPLICIT, at)))
				return cw_error_last()->code;
		} else if (child->type == CW_TOML_ARRAY && (child->flags & CW_TOML_F_AOT)) {
			child = child->u.array.items[child->u.array.len - 1];
		} else if (child->type != CW_TOML_TABLE || (child->flags & CW_TOML_F_INLINE)) {
			return taken(p, d->keys[i].offset, "cannot define a table under",
			             key_name(d, i + 1, name, sizeof(name)), false, child);
		}
		t = child;
	}
	last = &d->keys[d->nkeys - 1];
	child = cw__toml_table_find(t, last->ptr, last->len);
	key_name(d, d->nkeys, name, sizeof(name));
	if (!aot) {
		if (!child) {
			if (!(child = add_child(d, t, last, CW_TOML_TABLE, CW_TOML_F_EXPLICIT, at)))
				return cw_error_last()->code;
		} else if (child->type == CW_TOML_TABLE &&
		           !(child->flags &
		             (CW_TOML_F_EXPLICIT | CW_TOML_F_DOTTED | CW_TOML_F_INLINE))) {
			child->flags |= CW_TOML_F_EXPLICIT;
			child->line = p->line;
			child->col = cw__toml_col(p, at);
		} else {
			return taken(p, at, "cannot define table", name, true, child);
		}
		*current = child;
		return 0;
	}
	if (!child) {
		if (!(child = add_child(d, t, last, CW_TOML_ARRAY, CW_TOML_F_AOT, at)))
			return cw_error_last()->code;
	} else if (child->type != CW_TOML_ARRAY || !(child->flags & CW_TOML_F_AOT)) {
		return taken(p, at, "cannot define array of tables", name, true, child);
	}
	if (!(t = cw__toml_new(p, CW_TOML_TABLE, at, child->depth + 1u)) ||
	    cw__toml_array_push(p->arena, child, t) < 0)
		return cw_error_last()->code;
	t->flags = CW_TOML_F_EXPLICIT;
	*current = t;
	return 0;
}

/* ---- document --------------------------------------------------------- */

/* Offset of the first byte that is not valid UTF-8 (len if none). */
static size_t utf8_check(const unsigned char *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		unsigned c = s[i];
		size_t n;
		uint32_t cp, min;
		if (c < 0x80) {
			uint64_t w;
			/* Lockfiles are mostly ASCII: skip 8 bytes at a time. */
			while (len - i >= 8) {
				memcpy(&w, s + i, 8);
				if (w & 0x8080808080808080ULL)
					break;
				i += 8;
			}
			if (i < len && s[i] < 0x80)
				i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			n = 1;
			cp = c & 0x1f;
			min = 0x80;
		} else if (c >= 0xe0 && c <= 0xef) {
			n = 2;
			cp = c & 0x0f;
			min = 0x800;
		} else if (c >= 0xf0 && c <= 0xf4) {
			n = 3;
			cp = c & 0x07;
			min = 0x10000;
		} else {
			return i;
		}
		if (len - i <= n)
			return i;
		for (size_t k = 1; k <= n; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return i;
			cp = (cp << 6) | (s[i + k] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return i;
		i += n + 1;
	}
	return len;
}

static int parse_document(doc_parser *d, cw_toml_value *root)
{
	cw_toml_parser *p = &d->p;
	cw_toml_value *current = root;
	size_t bad;
	int error;

	if (p->len >= 3 && memcmp(p->data, "\xef\xbb\xbf", 3) == 0)
		p->pos = p->line_start = 3;
	if ((bad = utf8_check((const unsigned char *)p->data, p->len)) < p->len)
		return cw__toml_error_at(p, bad, "invalid UTF-8 (byte 0x%02X)",
		                         (unsigned char)p->data[bad]);
	while (p->pos < p->len) {
		char c;
		skip_ws(p);
		if (p->pos >= p->len)
			break;
		c = p->data[p->pos];
		if (c == '#') {
			if ((error = skip_comment(p)) < 0)
				return error;
			if ((error = end_of_line(p, "a comment")) < 0)
				return error;
		} else if (c == '\n' || c == '\r') {
			if (!take_newline(p))
				return cw__toml_error_at(p, p->pos,
				                         "expected a newline (a carriage "
				                         "return must be followed by a line feed)");
		} else if (c == '[') {
			if ((error = parse_header(d, root, &current)) < 0 ||
			    (error = end_of_line(p, "the table header")) < 0)
				return error;
		} else {
			if ((error = parse_keyval(d, current)) < 0 ||
			    (error = end_of_line(p, "the value")) < 0)
				return error;
		}
	}
	return 0;
}

int cw__toml_parse(const cw_toml_value **out, cw_arena *arena, const char *data, size_t len,
                   const char *path)
{
	doc_parser *d;
	cw_toml_value *root;
	int error;

	*out = NULL;
	if (!(d = calloc(1, sizeof(*d))))
		return cw__error_oom();
	d->p.data = data ? data : "";
	d->p.len = data ? len : 0;
	d->p.path = path;
	d->p.arena = arena;
	d->p.line = 1;
	if (len >= UINT32_MAX) {
		error = cw__error_set(CW_ELIMIT, "%s: TOML input larger than 4 GiB",
		                      path ? path : "<toml>");
		goto done;
	}
	if (!(root = cw__toml_new(&d->p, CW_TOML_TABLE, 0, 0))) {
		error = cw_error_last()->code;
		goto done;
	}
	root->flags = CW_TOML_F_EXPLICIT;
	if ((error = parse_document(d, root)) < 0)
		goto done;
	*out = root;
done:
	cw__buf_free(&d->p.scratch);
	cw__map_free(&d->p.keys);
	free(d);
	return error;
}

const char *cw__toml_intern(cw_toml_parser *p, const char *key, size_t len)
{
	/* A cheap hash of length and end bytes picks a cache slot. */
	size_t slot =
	    len ? (len * 31 + (unsigned char)key[0] * 7 + (unsigned char)key[len - 1]) & 63 : 0;
	char *copy;

	if (p->recent[slot] && p->recent_len[slot] == len && memcmp(p->recent[slot], key, len) == 0)
		return p->recent[slot];
	if (!(copy = cw__map_get(&p->keys, key, len))) {
		if (!(copy = cw__arena_strndup(p->arena, key, len)) ||
		    cw__map_put(&p->keys, copy, len, copy, NULL) < 0)
			return NULL;
	}
	p->recent[slot] = copy;
	p->recent_len[slot] = len;
	return copy;
}

int cw__toml_split_key(cw_arena *arena, const char *path, size_t len, const char **parts,
                       size_t *part_lens, size_t max, size_t *count)
{
	doc_parser *d;
	int error;

	*count = 0;
	if (!(d = calloc(1, sizeof(*d))))
		return cw__error_oom();
	d->p.data = path;
	d->p.len = len;
	d->p.arena = arena;
	d->p.line = 1;
	if ((error = parse_key(d)) < 0)
		goto done;
	if (d->p.pos != len || d->nkeys > max) {
		error = cw__error_set(CW_EINVALID, "not a TOML key: '%.*s'", (int)len, path);
		goto done;
	}
	for (size_t i = 0; i < d->nkeys; i++) {
		parts[i] = d->keys[i].ptr;
		part_lens[i] = d->keys[i].len;
	}
	*count = d->nkeys;
done:
	cw__buf_free(&d->p.scratch);
	free(d);
	return error;
}
