/* str.c - slices, ASCII case folding and percent-encoding. */
#include "util/str.h"
#include "util/error.h"

bool cw__slice_eq(cw_slice a, cw_slice b)
{
	return a.len == b.len && (a.len == 0 || memcmp(a.ptr, b.ptr, a.len) == 0);
}

bool cw__slice_eq_nocase(cw_slice a, cw_slice b)
{
	if (a.len != b.len)
		return false;
	for (size_t i = 0; i < a.len; i++)
		if (cw_to_lower(a.ptr[i]) != cw_to_lower(b.ptr[i]))
			return false;
	return true;
}

bool cw__slice_starts_with(cw_slice s, cw_slice prefix)
{
	return s.len >= prefix.len && memcmp(s.ptr, prefix.ptr, prefix.len) == 0;
}

bool cw__slice_ends_with(cw_slice s, cw_slice suffix)
{
	return s.len >= suffix.len &&
	       memcmp(s.ptr + s.len - suffix.len, suffix.ptr, suffix.len) == 0;
}

cw_slice cw__slice_trim(cw_slice s)
{
	while (s.len && cw_is_space((unsigned char)s.ptr[0])) {
		s.ptr++;
		s.len--;
	}
	while (s.len && cw_is_space((unsigned char)s.ptr[s.len - 1]))
		s.len--;
	return s;
}

void cw__str_lower(char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		s[i] = cw_to_lower(s[i]);
}

int cw__slice_cmp(cw_slice a, cw_slice b)
{
	size_t n = a.len < b.len ? a.len : b.len;
	int c = n ? memcmp(a.ptr, b.ptr, n) : 0;
	if (c)
		return c < 0 ? -1 : 1;
	return a.len < b.len ? -1 : a.len > b.len;
}

static int hex_value(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 0x20;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

int cw__percent_decode(cw_buf *out, const char *s, size_t len)
{
	int error;
	if ((error = cw__buf_grow(out, len)) < 0)
		return error;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (c == '%') {
			int hi = i + 1 < len ? hex_value((unsigned char)s[i + 1]) : -1;
			int lo = i + 2 < len ? hex_value((unsigned char)s[i + 2]) : -1;
			if (hi < 0 || lo < 0)
				return cw__error_set(CW_EINVALID,
				                     "bad percent-encoding at offset %zu", i);
			c = (char)(hi * 16 + lo);
			i += 2;
		}
		if ((error = cw__buf_putc(out, c)) < 0)
			return error;
	}
	out->ptr[out->len] = '\0';
	return 0;
}

int cw__percent_encode(cw_buf *out, const char *s, size_t len, bool (*keep)(unsigned char c))
{
	static const char hex[] = "0123456789ABCDEF";
	int error;
	if ((error = cw__buf_grow(out, len)) < 0)
		return error;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (keep(c)) {
			error = cw__buf_putc(out, (char)c);
		} else {
			char esc[3] = { '%', hex[c >> 4], hex[c & 15] };
			error = cw__buf_put(out, esc, 3);
		}
		if (error < 0)
			return error;
	}
	return 0;
}

bool cw__glob_match(const char *pat, const char *s, bool nocase)
{
	const char *star = NULL, *back = s;
	if (!s)
		return false;
	while (*s) {
		if (*pat == '*') {
			star = pat++;
			back = s;
		} else if (*pat && (*pat == '?' || *pat == *s ||
		                    (nocase && cw_to_lower(*pat) == cw_to_lower(*s)))) {
			pat++;
			s++;
		} else if (star) {
			pat = star + 1;
			s = ++back;
		} else {
			return false;
		}
	}
	while (*pat == '*')
		pat++;
	return !*pat;
}

int64_t cw__days_from_civil(int64_t y, unsigned m, unsigned d)
{
	int64_t era;
	unsigned yoe, doy, doe;
	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

int cw__name_lookup(int *out, const cw_name_table *t, const char *name)
{
	for (size_t i = 0; name && i < t->count; i++)
		if (!strcmp(name, t->names[i])) {
			*out = (int)i;
			return 0;
		}
	return cw__error_set(CW_EINVALID, "unknown %s '%s' (expected %s)", t->what, name ? name : "",
	                     t->expected);
}

const cw_name_value *cw__name_value_find(const cw_name_value *t, size_t count, const char *name,
                                         size_t len)
{
	for (size_t i = 0; name && i < count; i++)
		if (strlen(t[i].name) == len && memcmp(t[i].name, name, len) == 0)
			return &t[i];
	return NULL;
}

int cw__buf_escape(cw_buf *out, const char *s, const char *const map[128])
{
	int error = 0;
	for (; s && *s && error >= 0; s++) {
		unsigned char c = (unsigned char)*s;
		error = c < 128 && map[c] ? cw__buf_puts(out, map[c]) : cw__buf_putc(out, *s);
	}
	return error;
}

int cw__html_escape(cw_buf *out, const char *s)
{
	static const char *const html[128] = {
		['<'] = "&lt;", ['>'] = "&gt;", ['&'] = "&amp;", ['"'] = "&quot;",
	};
	return cw__buf_escape(out, s, html);
}
