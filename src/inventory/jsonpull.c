/*
 * jsonpull.c - the pull JSON tokenizer (see jsonpull.h).  RFC 8259 grammar;
 * JSONC extensions (comments, trailing commas) only when asked for.
 */
#include "inventory/jsonpull.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

#include "util/error.h"

enum { S_VALUE, S_OBJ_FIRST, S_OBJ_KEY, S_ARR_FIRST, S_ARR_NEXT, S_AFTER, S_END };

void cw__jp_init(cw__jp *p, const char *path, const char *data, size_t len, bool jsonc)
{
	memset(p, 0, sizeof(*p));
	p->path = path;
	p->data = data;
	p->len = len;
	p->line = 1;
	p->jsonc = jsonc;
	p->state = S_VALUE;
	p->scratch.max = (size_t)1 << 26;
}

void cw__jp_free(cw__jp *p)
{
	cw__buf_free(&p->scratch);
}

static int fail_at(cw__jp *p, size_t offset, const char *fmt, va_list ap) __attribute__((format(printf, 3, 0)));
static int fail_at(cw__jp *p, size_t offset, const char *fmt, va_list ap)
{
	char msg[512];
	size_t line, col;
	vsnprintf(msg, sizeof(msg), fmt, ap);
	cw__error_position(p->data, p->len, offset, &line, &col);
	return cw__error_set_at(CW_EINVALID, p->path ? p->path : "<json>", line, col, "%s", msg);
}

int cw__jp_error(cw__jp *p, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int error = fail_at(p, p->tok_offset, fmt, ap);
	va_end(ap);
	return error;
}

static int err_here(cw__jp *p, size_t offset, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int err_here(cw__jp *p, size_t offset, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int error = fail_at(p, offset, fmt, ap);
	va_end(ap);
	return error;
}

static int skip_space(cw__jp *p)
{
	const char *d = p->data;
	size_t i = p->pos, n = p->len;
	for (;;) {
		while (i < n && (d[i] == ' ' || d[i] == '\n' || d[i] == '\t' || d[i] == '\r')) {
			if (d[i] == '\n')
				p->line++;
			i++;
		}
		if (p->jsonc && i + 1 < n && d[i] == '/' && d[i + 1] == '/') {
			while (i < n && d[i] != '\n')
				i++;
			continue;
		}
		if (p->jsonc && i + 1 < n && d[i] == '/' && d[i + 1] == '*') {
			size_t start = i;
			i += 2;
			while (i + 1 < n && !(d[i] == '*' && d[i + 1] == '/')) {
				if (d[i] == '\n')
					p->line++;
				i++;
			}
			if (i + 1 >= n)
				return err_here(p, start, "unterminated comment");
			i += 2;
			continue;
		}
		break;
	}
	p->pos = i;
	return 0;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9') return c - '0';
	if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f') return (c | 0x20) - 'a' + 10;
	return -1;
}

static int read_hex4(cw__jp *p, size_t i, unsigned *out)
{
	unsigned v = 0;
	if (i + 4 > p->len)
		return err_here(p, i, "truncated \\u escape");
	for (int k = 0; k < 4; k++) {
		int h = hexval(p->data[i + (size_t)k]);
		if (h < 0)
			return err_here(p, i, "bad \\u escape");
		v = (v << 4) | (unsigned)h;
	}
	*out = v;
	return 0;
}

static int put_utf8(cw_buf *b, unsigned cp)
{
	char u[4];
	size_t n;
	if (cp < 0x80) { u[0] = (char)cp; n = 1; }
	else if (cp < 0x800) { u[0] = (char)(0xC0 | (cp >> 6)); u[1] = (char)(0x80 | (cp & 0x3F)); n = 2; }
	else if (cp < 0x10000) {
		u[0] = (char)(0xE0 | (cp >> 12)); u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[2] = (char)(0x80 | (cp & 0x3F)); n = 3;
	} else {
		u[0] = (char)(0xF0 | (cp >> 18)); u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3F)); u[3] = (char)(0x80 | (cp & 0x3F)); n = 4;
	}
	return cw__buf_put(b, u, n);
}

/* p->pos is at the opening quote. */
static int read_string(cw__jp *p)
{
	const char *d = p->data;
	size_t start = p->pos + 1, i = start, n = p->len;
	int error;

	while (i < n) {
		unsigned char c = (unsigned char)d[i];
		if (c == '"') {
			p->str = (cw_slice){ d + start, i - start };
			p->str_in_data = true;
			p->pos = i + 1;
			return 0;
		}
		if (c == '\\')
			break;
		if (c < 0x20)
			return err_here(p, i, "control character in string");
		i++;
	}
	if (i >= n)
		return err_here(p, p->pos, "unterminated string");
	cw__buf_clear(&p->scratch);
	if ((error = cw__buf_put(&p->scratch, d + start, i - start)) < 0)
		return error;
	while (i < n) {
		unsigned char c = (unsigned char)d[i];
		if (c == '"') {
			p->str = (cw_slice){ p->scratch.ptr ? p->scratch.ptr : "", p->scratch.len };
			p->str_in_data = false;
			p->pos = i + 1;
			return 0;
		}
		if (c < 0x20)
			return err_here(p, i, "control character in string");
		if (c != '\\') {
			size_t j = i;
			while (j < n && d[j] != '"' && d[j] != '\\' && (unsigned char)d[j] >= 0x20)
				j++;
			if ((error = cw__buf_put(&p->scratch, d + i, j - i)) < 0)
				return error;
			i = j;
			continue;
		}
		if (i + 1 >= n)
			break;
		static const char escapes[] = "\"\\/bfnrt", decoded[] = "\"\\/\b\f\n\r\t";
		char e = d[i + 1];
		const char *k = memchr(escapes, e, sizeof(escapes) - 1);
		if (k) {
			if ((error = cw__buf_putc(&p->scratch, decoded[k - escapes])) < 0)
				return error;
			i += 2;
			continue;
		}
		if (e != 'u')
			return err_here(p, i, "bad escape '\\%c'", e);
		unsigned cp = 0, lo = 0;
		if ((error = read_hex4(p, i + 2, &cp)) < 0)
			return error;
		i += 6;
		if (cp >= 0xD800 && cp < 0xDC00) {
			if (i + 6 <= n && d[i] == '\\' && d[i + 1] == 'u' &&
			    read_hex4(p, i + 2, &lo) == 0 && lo >= 0xDC00 && lo < 0xE000) {
				cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
				i += 6;
			} else {
				cp = 0xFFFD;
			}
		} else if (cp >= 0xDC00 && cp < 0xE000) {
			cp = 0xFFFD;
		}
		if ((error = put_utf8(&p->scratch, cp)) < 0)
			return error;
	}
	return err_here(p, p->pos, "unterminated string");
}

static int read_number(cw__jp *p)
{
	const char *d = p->data;
	size_t i = p->pos, n = p->len, start = i;
	if (i < n && d[i] == '-')
		i++;
	if (i >= n || !cw_is_digit(d[i]))
		return err_here(p, start, "invalid number");
	if (d[i] == '0')
		i++;
	else
		while (i < n && cw_is_digit(d[i]))
			i++;
	if (i < n && d[i] == '.') {
		i++;
		if (i >= n || !cw_is_digit(d[i]))
			return err_here(p, start, "invalid number");
		while (i < n && cw_is_digit(d[i]))
			i++;
	}
	if (i < n && (d[i] == 'e' || d[i] == 'E')) {
		i++;
		if (i < n && (d[i] == '+' || d[i] == '-'))
			i++;
		if (i >= n || !cw_is_digit(d[i]))
			return err_here(p, start, "invalid number");
		while (i < n && cw_is_digit(d[i]))
			i++;
	}
	p->str = (cw_slice){ d + start, i - start };
	p->str_in_data = true;
	p->pos = i;
	return 0;
}

static void after_value(cw__jp *p)
{
	p->state = p->depth == 0 ? S_END : S_AFTER;
}

static int read_value(cw__jp *p, cw_jp_tok *tok)
{
	const char *d = p->data;
	char c = d[p->pos];
	int error;
	switch (c) {
	case '{':
	case '[':
		if (p->depth >= CW_JP_MAX_DEPTH)
			return cw__error_set_at(CW_ELIMIT, p->path ? p->path : "<json>", p->line, 0,
			                        "nesting deeper than %d", CW_JP_MAX_DEPTH);
		p->stack[p->depth++] = (unsigned char)c;
		p->pos++;
		p->state = c == '{' ? S_OBJ_FIRST : S_ARR_FIRST;
		*tok = c == '{' ? CW_JP_OBJECT : CW_JP_ARRAY;
		return 0;
	case '"':
		if ((error = read_string(p)) < 0)
			return error;
		*tok = CW_JP_STRING;
		break;
	case 't': case 'f': case 'n': {
		const char *lit = c == 't' ? "true" : c == 'f' ? "false" : "null";
		size_t l = strlen(lit);
		if (p->len - p->pos < l || memcmp(d + p->pos, lit, l) != 0)
			return err_here(p, p->pos, "invalid literal");
		p->pos += l;
		*tok = c == 't' ? CW_JP_TRUE : c == 'f' ? CW_JP_FALSE : CW_JP_NULL;
		break;
	}
	default:
		if (c == '-' || cw_is_digit(c)) {
			if ((error = read_number(p)) < 0)
				return error;
			*tok = CW_JP_NUMBER;
			break;
		}
		return err_here(p, p->pos, "expected a value, found '%c'", c);
	}
	after_value(p);
	return 0;
}

static int close_container(cw__jp *p, cw_jp_tok *tok)
{
	char c = p->data[p->pos];
	p->pos++;
	p->depth--;
	*tok = c == '}' ? CW_JP_OBJECT_END : CW_JP_ARRAY_END;
	after_value(p);
	return 0;
}

int cw__jp_next(cw__jp *p, cw_jp_tok *tok)
{
	int error;
	for (;;) {
		if ((error = skip_space(p)) < 0)
			return error;
		p->tok_line = p->line;
		p->tok_offset = p->pos;
		if (p->pos >= p->len) {
			if (p->state == S_END) {
				*tok = CW_JP_EOF;
				return 0;
			}
			return err_here(p, p->pos, p->depth || p->state != S_VALUE ?
			                "unexpected end of input" : "empty document");
		}
		char c = p->data[p->pos];
		switch (p->state) {
		case S_END:
			return err_here(p, p->pos, "data after the end of the document");
		case S_AFTER: {
			unsigned char top = p->stack[p->depth - 1];
			if (c == ',') {
				p->pos++;
				p->state = top == '{' ? S_OBJ_KEY : S_ARR_NEXT;
				continue;
			}
			if ((c == '}' && top == '{') || (c == ']' && top == '['))
				return close_container(p, tok);
			return err_here(p, p->pos, "expected ',' or '%c'", top == '{' ? '}' : ']');
		}
		case S_OBJ_FIRST:
		case S_OBJ_KEY:
			if (c == '}' && (p->state == S_OBJ_FIRST || p->jsonc))
				return close_container(p, tok);
			if (c != '"')
				return err_here(p, p->pos, "expected a member name");
			if ((error = read_string(p)) < 0)
				return error;
			{
				cw_slice key = p->str;
				bool in_data = p->str_in_data;
				if ((error = skip_space(p)) < 0)
					return error;
				if (p->pos >= p->len || p->data[p->pos] != ':')
					return err_here(p, p->pos, "expected ':' after a member name");
				p->pos++;
				p->str = key;
				p->str_in_data = in_data;
			}
			p->state = S_VALUE;
			*tok = CW_JP_KEY;
			return 0;
		case S_ARR_FIRST:
		case S_ARR_NEXT:
			if (c == ']' && (p->state == S_ARR_FIRST || p->jsonc))
				return close_container(p, tok);
			return read_value(p, tok);
		default:
			return read_value(p, tok);
		}
	}
}

int cw__jp_skip(cw__jp *p, cw_jp_tok tok)
{
	int error;
	if (tok != CW_JP_OBJECT && tok != CW_JP_ARRAY)
		return 0;
	int target = p->depth - 1;
	while (p->depth > target) {
		if ((error = cw__jp_next(p, &tok)) < 0)
			return error;
	}
	return 0;
}

int cw__jp_keep(cw__jp *p, cw_arena *arena, cw_slice *out)
{
	if (p->str_in_data) {
		*out = p->str;
		return 0;
	}
	char *copy = cw__arena_strndup(arena, p->str.ptr, p->str.len);
	if (!copy)
		return cw_error_last()->code;
	*out = (cw_slice){ copy, p->str.len };
	return 0;
}

int cw__jp_expect(cw__jp *p, cw_jp_tok want, const char *what)
{
	cw_jp_tok tok;
	int error;
	if ((error = cw__jp_next(p, &tok)) < 0)
		return error;
	if (tok != want)
		return cw__jp_error(p, "expected %s", what);
	return 0;
}

int cw__jp_enter_object(cw__jp *p)
{
	cw_jp_tok tok;
	int error;
	if ((error = cw__jp_next(p, &tok)) < 0)
		return error;
	if (tok == CW_JP_OBJECT)
		return 1;
	return cw__jp_skip(p, tok);
}

int cw__jp_member(cw__jp *p)
{
	cw_jp_tok tok;
	int error;
	if ((error = cw__jp_next(p, &tok)) < 0)
		return error;
	return tok == CW_JP_OBJECT_END ? 0 : 1;
}

int cw__jp_skip_next(cw__jp *p)
{
	cw_jp_tok tok;
	int error;
	if ((error = cw__jp_next(p, &tok)) < 0)
		return error;
	return cw__jp_skip(p, tok);
}

int cw__jp_next_str(cw__jp *p, cw_arena *arena, cw_slice *out)
{
	cw_jp_tok tok;
	int error;
	if ((error = cw__jp_next(p, &tok)) < 0)
		return error;
	if (tok != CW_JP_STRING)
		return cw__jp_skip(p, tok);
	return (error = cw__jp_keep(p, arena, out)) < 0 ? error : 1;
}

void cw__jp_release(cw__jp *p)
{
	enum { STEP = 4 << 20 };
	if (!p->releasable || p->tok_offset < p->released + STEP)
		return;
	long page = sysconf(_SC_PAGESIZE);
	size_t ps = page > 0 ? (size_t)page : 4096;
	size_t end = p->tok_offset / ps * ps;
	if (end <= p->released)
		return;
	/* Advice only: on failure the pages simply stay. */
	(void)madvise((void *)(uintptr_t)(p->data + p->released), end - p->released, MADV_DONTNEED);
	p->released = end;
}

int cw__jp_copy(cw__jp *p, cw_arena *arena, cw_slice *out)
{
	char *copy = cw__arena_strndup(arena, p->str.ptr, p->str.len);
	if (!copy)
		return cw_error_last()->code;
	*out = (cw_slice){ copy, p->str.len };
	return 0;
}
