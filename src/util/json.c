/* json.c - jansson-backed reading and a streaming writer (see json.h). */
#include "util/json.h"
#include "util/error.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

int cw__json_parse(cw_json **out, const char *data, size_t len, const char *path)
{
	json_error_t jerr;
	json_t *root = json_loadb(data, len, JSON_DECODE_ANY | JSON_ALLOW_NUL, &jerr);
	if (!root) {
		size_t line = jerr.line > 0 ? (size_t)jerr.line : 0;
		size_t col = jerr.column > 0 ? (size_t)jerr.column : 0;
		int code = json_error_code(&jerr) == json_error_out_of_memory ? CW_ENOMEM : CW_EINVALID;
		return cw__error_set_at(code, path ? path : "<json>", line, col,
		                        "invalid JSON: %s", jerr.text);
	}
	*out = root;
	return 0;
}

const char *cw__json_get_str(const cw_json *obj, const char *key)
{
	return json_string_value(json_object_get(obj, key));
}

void cw__jw_init(cw_jw *jw, cw_buf *out, bool pretty)
{
	memset(jw, 0, sizeof(*jw));
	jw->out = out;
	jw->pretty = pretty;
}

static void put(cw_jw *jw, const char *s, size_t len)
{
	int error;
	if (!jw->error && (error = cw__buf_put(jw->out, s, len)) < 0)
		jw->error = error;
}

static void newline_indent(cw_jw *jw)
{
	static const char spaces[] = "                                ";
	if (!jw->pretty)
		return;
	put(jw, "\n", 1);
	for (int n = jw->depth * 2; n > 0; n -= 32)
		put(jw, spaces, n > 32 ? 32 : (size_t)n);
}

/* Comma and indentation before a value or a key. */
static void before_value(cw_jw *jw)
{
	if (jw->after_key) {
		jw->after_key = false;
		return;
	}
	if (jw->need_comma[jw->depth])
		put(jw, ",", 1);
	if (jw->depth > 0)
		newline_indent(jw);
	jw->need_comma[jw->depth] = true;
}

static void open_scope(cw_jw *jw, char c)
{
	before_value(jw);
	put(jw, &c, 1);
	if (jw->depth >= CW_JSON_MAX_DEPTH) {
		if (!jw->error)
			jw->error = cw__error_set(CW_ELIMIT, "JSON nesting deeper than %d",
			                          CW_JSON_MAX_DEPTH);
		return;
	}
	jw->depth++;
	jw->need_comma[jw->depth] = false;
}

static void close_scope(cw_jw *jw, char c)
{
	bool had_members = jw->need_comma[jw->depth];
	if (jw->depth > 0)
		jw->depth--;
	if (had_members)
		newline_indent(jw);
	put(jw, &c, 1);
}

void cw__jw_object_begin(cw_jw *jw) { open_scope(jw, '{'); }
void cw__jw_object_end(cw_jw *jw) { close_scope(jw, '}'); }
void cw__jw_array_begin(cw_jw *jw) { open_scope(jw, '['); }
void cw__jw_array_end(cw_jw *jw) { close_scope(jw, ']'); }

static void put_escaped(cw_jw *jw, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	/* Characters with a short escape, and its letter; others are \u00XX. */
	static const char shorts[] = "\"\\\n\r\t\b\f", letters[] = "\"\\nrtbf";
	size_t run = 0;
	put(jw, "\"", 1);
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c != '"' && c != '\\' && c != 0x7f)
			continue;
		put(jw, s + run, i - run);
		run = i + 1;
		const char *k = memchr(shorts, c, sizeof(shorts) - 1);
		const char esc[6] = { '\\', k ? letters[k - shorts] : 'u', '0', '0', hex[c >> 4], hex[c & 15] };
		put(jw, esc, k ? 2 : 6);
	}
	put(jw, s + run, len - run);
	put(jw, "\"", 1);
}

void cw__jw_key(cw_jw *jw, const char *key)
{
	before_value(jw);
	put_escaped(jw, key, strlen(key));
	put(jw, jw->pretty ? ": " : ":", jw->pretty ? 2 : 1);
	jw->after_key = true;
}

void cw__jw_string_n(cw_jw *jw, const char *str, size_t len)
{
	before_value(jw);
	put_escaped(jw, str, len);
}

void cw__jw_string(cw_jw *jw, const char *str)
{
	if (!str) {
		cw__jw_null(jw);
		return;
	}
	cw__jw_string_n(jw, str, strlen(str));
}

void cw__jw_int(cw_jw *jw, int64_t value)
{
	char tmp[32];
	int n = snprintf(tmp, sizeof(tmp), "%lld", (long long)value);
	before_value(jw);
	put(jw, tmp, (size_t)n);
}

void cw__jw_double(cw_jw *jw, double value, int decimals)
{
	char tmp[64];
	int n;
	before_value(jw);
	if (!isfinite(value)) {
		put(jw, "null", 4);
		return;
	}
	n = snprintf(tmp, sizeof(tmp), "%.*f", decimals, value);
	put(jw, tmp, (size_t)n);
}

void cw__jw_bool(cw_jw *jw, bool value)
{
	before_value(jw);
	put(jw, value ? "true" : "false", value ? 4 : 5);
}

void cw__jw_null(cw_jw *jw)
{
	before_value(jw);
	put(jw, "null", 4);
}

void cw__jw_member_string(cw_jw *jw, const char *key, const char *value)
{
	cw__jw_key(jw, key);
	cw__jw_string(jw, value);
}

void cw__jw_member_tristate(cw_jw *jw, const char *key, int value)
{
	cw__jw_key(jw, key);
	if (value < 0)
		cw__jw_null(jw);
	else
		cw__jw_bool(jw, value > 0);
}

void cw__jw_key_array(cw_jw *jw, const char *key)
{
	cw__jw_key(jw, key);
	cw__jw_array_begin(jw);
}

void cw__jw_key_object(cw_jw *jw, const char *key)
{
	cw__jw_key(jw, key);
	cw__jw_object_begin(jw);
}

bool cw__jw_key_object_if(cw_jw *jw, const char *key, bool present)
{
	cw__jw_key(jw, key);
	if (present)
		cw__jw_object_begin(jw);
	else
		cw__jw_null(jw);
	return present;
}

void cw__jw_member_strings(cw_jw *jw, const char *key, const char *const *items, size_t count)
{
	cw__jw_key_array(jw, key);
	for (size_t i = 0; i < count; i++)
		cw__jw_string(jw, items[i]);
	cw__jw_array_end(jw);
}

void cw__jw_members(cw_jw *jw, const cw_jw_pair *pairs, size_t count)
{
	for (size_t i = 0; i < count; i++)
		if (pairs[i].value)
			cw__jw_member_string(jw, pairs[i].key, pairs[i].value);
}

void cw__jw_members_all(cw_jw *jw, const cw_jw_pair *pairs, size_t count)
{
	for (size_t i = 0; i < count; i++)
		cw__jw_member_string(jw, pairs[i].key, pairs[i].value);
}

void cw__jw_object_of(cw_jw *jw, const cw_jw_pair *pairs, size_t count)
{
	cw__jw_object_begin(jw);
	cw__jw_members(jw, pairs, count);
	cw__jw_object_end(jw);
}

void cw__jw_member_double(cw_jw *jw, const char *key, double value, int decimals)
{
	cw__jw_key(jw, key);
	cw__jw_double(jw, value, decimals);
}

void cw__jw_member_int(cw_jw *jw, const char *key, int64_t value)
{
	cw__jw_key(jw, key);
	cw__jw_int(jw, value);
}

void cw__jw_member_bool(cw_jw *jw, const char *key, bool value)
{
	cw__jw_key(jw, key);
	cw__jw_bool(jw, value);
}

int cw__jw_finish(cw_jw *jw)
{
	return jw->error;
}
