/*
 * scalar.c - TOML 1.0 strings, integers, floats, booleans and date/times.
 *
 * Spec: https://toml.io/en/v1.0.0#string and the sections that follow it.
 * Strings: basic "...", literal '...', multi-line """...""" and '''...'''
 * with the escapes of 1.0 (\b \t \n \f \r \" \\ \uXXXX \UXXXXXXXX; the
 * code point must be a Unicode scalar value) and line-ending backslashes.
 * CRLF inside multi-line strings is kept as written.  Integers: decimal,
 * 0x, 0o, 0b with underscores between digits, range-checked to int64.
 * Floats: decimal with fraction and/or exponent, inf and nan.  Dates and
 * times: RFC 3339 with the TOML relaxations (space or 't' separator, local
 * forms), calendar-checked (month lengths, leap years); seconds are
 * required (they became optional only in TOML 1.1).
 *
 * The input was checked to be valid UTF-8 before parsing starts, so only
 * control characters are checked here.
 */
#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "toml/parser.h"
#include "util/error.h"
#include "util/str.h"

/* Characters TOML forbids in strings and comments: controls but tab. */
static bool is_control(unsigned char c)
{
	return (c < 0x20 && c != '\t') || c == 0x7f;
}

/* Bytes that end the fast scan of a one-line string: quote, controls, backslash. */
#define CONTROLS_                                                                                  \
	[0] = 1, [1] = 1, [2] = 1, [3] = 1, [4] = 1, [5] = 1, [6] = 1, [7] = 1, [8] = 1, [10] = 1, \
	[11] = 1, [12] = 1, [13] = 1, [14] = 1, [15] = 1, [16] = 1, [17] = 1, [18] = 1, [19] = 1,  \
	[20] = 1, [21] = 1, [22] = 1, [23] = 1, [24] = 1, [25] = 1, [26] = 1, [27] = 1, [28] = 1,  \
	[29] = 1, [30] = 1, [31] = 1, [127] = 1
static const unsigned char stops_basic[256] = {CONTROLS_, ['"'] = 1, ['\\'] = 1};
static const unsigned char stops_literal[256] = {CONTROLS_, ['\''] = 1};

static int hex_value(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
		return (c | 0x20) - 'a' + 10;
	return -1;
}

static size_t utf8_encode(char *out, uint32_t cp)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/* One escape sequence; p->pos is at the backslash. */
static int decode_escape(cw_toml_parser *p, cw_buf *out)
{
	size_t at = p->pos;
	char c = p->pos + 1 < p->len ? p->data[p->pos + 1] : '\0';
	const char *simple = NULL;
	int digits = 0;

	switch (c) {
	case 'b':
		simple = "\b";
		break;
	case 't':
		simple = "\t";
		break;
	case 'n':
		simple = "\n";
		break;
	case 'f':
		simple = "\f";
		break;
	case 'r':
		simple = "\r";
		break;
	case '"':
		simple = "\"";
		break;
	case '\\':
		simple = "\\";
		break;
	case 'u':
		digits = 4;
		break;
	case 'U':
		digits = 8;
		break;
	default:
		return cw__toml_error_at(p, at,
		                         "expected an escape sequence "
		                         "(\\b \\t \\n \\f \\r \\\" \\\\ \\uXXXX \\UXXXXXXXX)");
	}
	if (simple) {
		p->pos += 2;
		return cw__buf_putc(out, simple[0]);
	}
	{
		uint32_t cp = 0;
		char enc[4];
		if (p->len - p->pos - 2 < (size_t)digits)
			return cw__toml_error_at(p, at, "expected %d hex digits after \\%c", digits,
			                         c);
		for (int i = 0; i < digits; i++) {
			int h = hex_value((unsigned char)p->data[p->pos + 2 + (size_t)i]);
			if (h < 0)
				return cw__toml_error_at(p, at, "expected %d hex digits after \\%c",
				                         digits, c);
			cp = cp * 16 + (uint32_t)h;
		}
		if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return cw__toml_error_at(p, at, "\\%c escape is not a Unicode scalar value",
			                         c);
		p->pos += 2 + (size_t)digits;
		return cw__buf_put(out, enc, utf8_encode(enc, cp));
	}
}

/* After a line-ending backslash: skip whitespace and newlines. */
static int skip_line_continuation(cw_toml_parser *p)
{
	size_t at = p->pos++;
	size_t i = p->pos;
	bool newline = false;

	while (i < p->len) {
		char c = p->data[i];
		if (c == ' ' || c == '\t') {
			i++;
		} else if (c == '\n') {
			cw__toml_newline(p, i);
			newline = true;
			i++;
		} else if (c == '\r' && i + 1 < p->len && p->data[i + 1] == '\n') {
			cw__toml_newline(p, i + 1);
			newline = true;
			i += 2;
		} else {
			break;
		}
	}
	if (!newline)
		return cw__toml_error_at(
		    p, at,
		    "expected an escape sequence "
		    "(a backslash ending a line must be followed by a newline)");
	p->pos = i;
	return 0;
}

/*
 * Multi-line string; p->pos just after the opening triple quote.  Up to
 * two quote characters may precede the closing triple.
 */
static int parse_multiline(cw_toml_parser *p, char q, size_t open, const char **out,
                           size_t *out_len)
{
	cw_buf *buf = &p->scratch;
	int error;

	cw__buf_clear(buf);
	/* A newline right after the delimiter is not part of the string. */
	if (p->pos < p->len && p->data[p->pos] == '\n') {
		cw__toml_newline(p, p->pos);
		p->pos++;
	} else if (p->pos + 1 < p->len && p->data[p->pos] == '\r' && p->data[p->pos + 1] == '\n') {
		cw__toml_newline(p, p->pos + 1);
		p->pos += 2;
	}
	for (;;) {
		size_t start = p->pos;
		unsigned char c;
		/* Copy a run of ordinary bytes at once. */
		while (p->pos < p->len) {
			c = (unsigned char)p->data[p->pos];
			if (c == (unsigned char)q || c == '\\' || c == '\n' || c == '\r' ||
			    is_control(c))
				break;
			p->pos++;
		}
		if (p->pos > start &&
		    (error = cw__buf_put(buf, p->data + start, p->pos - start)) < 0)
			return error;
		if (p->pos >= p->len)
			return cw__toml_error_at(p, open,
			                         "unterminated multi-line string "
			                         "(expected %c%c%c)",
			                         q, q, q);
		c = (unsigned char)p->data[p->pos];
		if (c == (unsigned char)q) {
			size_t n = 0;
			while (p->pos + n < p->len && p->data[p->pos + n] == q)
				n++;
			if (n >= 3) {
				if (n > 5)
					return cw__toml_error_at(
					    p, p->pos + 5,
					    "expected the end of the "
					    "string (at most 2 quotes may precede %c%c%c)",
					    q, q, q);
				if ((error = cw__buf_put(buf, p->data + p->pos, n - 3)) < 0)
					return error;
				p->pos += n;
				break;
			}
			if ((error = cw__buf_put(buf, p->data + p->pos, n)) < 0)
				return error;
			p->pos += n;
		} else if (c == '\\' && q == '"') {
			size_t i = p->pos + 1;
			while (i < p->len && (p->data[i] == ' ' || p->data[i] == '\t'))
				i++;
			if (i < p->len && (p->data[i] == '\n' || p->data[i] == '\r'))
				error = skip_line_continuation(p);
			else
				error = decode_escape(p, buf);
			if (error < 0)
				return error;
		} else if (c == '\\') {
			if ((error = cw__buf_putc(buf, '\\')) < 0)
				return error;
			p->pos++;
		} else if (c == '\n') {
			cw__toml_newline(p, p->pos);
			if ((error = cw__buf_putc(buf, '\n')) < 0)
				return error;
			p->pos++;
		} else if (c == '\r' && p->pos + 1 < p->len && p->data[p->pos + 1] == '\n') {
			cw__toml_newline(p, p->pos + 1);
			if ((error = cw__buf_put(buf, "\r\n", 2)) < 0)
				return error;
			p->pos += 2;
		} else {
			return cw__toml_error_at(p, p->pos,
			                         "control character U+%04X is not allowed "
			                         "in a string",
			                         c);
		}
	}
	if (!(*out = cw__arena_strndup(p->arena, buf->ptr ? buf->ptr : "", buf->len)))
		return cw_error_last()->code;
	*out_len = buf->len;
	return 0;
}

int cw__toml_parse_string(cw_toml_parser *p, bool allow_multi, const char **out, size_t *out_len)
{
	size_t open = p->pos;
	char q = p->data[p->pos];
	size_t start;
	int error;

	if (p->pos + 2 < p->len && p->data[p->pos + 1] == q && p->data[p->pos + 2] == q) {
		if (!allow_multi)
			return cw__toml_error_at(p, open,
			                         "expected a key (multi-line strings "
			                         "cannot be keys)");
		p->pos += 3;
		return parse_multiline(p, q, open, out, out_len);
	}
	start = ++p->pos;
	/* Fast path: no escape, the string is a slice of the input. */
	{
		const unsigned char *d = (const unsigned char *)p->data;
		const unsigned char *stop = q == '"' ? stops_basic : stops_literal;
		size_t i = p->pos, n = p->len;
		while (i < n && !stop[d[i]])
			i++;
		p->pos = i;
	}
	if (p->pos < p->len && p->data[p->pos] == q) {
		if (!(*out = cw__arena_strndup(p->arena, p->data + start, p->pos - start)))
			return cw_error_last()->code;
		*out_len = p->pos - start;
		p->pos++;
		return 0;
	}
	cw__buf_clear(&p->scratch);
	if ((error = cw__buf_put(&p->scratch, p->data + start, p->pos - start)) < 0)
		return error;
	while (p->pos < p->len) {
		unsigned char c = (unsigned char)p->data[p->pos];
		if (c == (unsigned char)q) {
			p->pos++;
			if (!(*out = cw__arena_strndup(
			          p->arena, p->scratch.ptr ? p->scratch.ptr : "", p->scratch.len)))
				return cw_error_last()->code;
			*out_len = p->scratch.len;
			return 0;
		}
		if (c == '\n' || c == '\r')
			break;
		if (is_control(c))
			return cw__toml_error_at(p, p->pos,
			                         "control character U+%04X is not allowed "
			                         "in a string",
			                         c);
		if (c == '\\' && q == '"') {
			if ((error = decode_escape(p, &p->scratch)) < 0)
				return error;
			continue;
		}
		if ((error = cw__buf_putc(&p->scratch, (char)c)) < 0)
			return error;
		p->pos++;
	}
	return cw__toml_error_at(p, p->pos, "expected %c to close the string opened at column %u",
	                         q, cw__toml_col(p, open));
}

/* ---- numbers ---------------------------------------------------------- */

static bool is_digit_in_base(int c, int base)
{
	switch (base) {
	case 2:
		return c == '0' || c == '1';
	case 8:
		return c >= '0' && c <= '7';
	case 16:
		return hex_value(c) >= 0;
	default:
		return c >= '0' && c <= '9';
	}
}

/*
 * Digits of `base` with single underscores between them, starting at *i;
 * false unless at least one digit and no stray underscore.
 */
static bool scan_digits(const char *s, size_t n, size_t *i, int base)
{
	size_t start = *i;
	while (*i < n) {
		if (is_digit_in_base((unsigned char)s[*i], base)) {
			(*i)++;
		} else if (s[*i] == '_' && *i > start && *i + 1 < n &&
		           is_digit_in_base((unsigned char)s[*i + 1], base)) {
			(*i)++;
		} else {
			break;
		}
	}
	return *i > start && s[start] != '_';
}

static int parse_prefixed_int(cw_toml_parser *p, size_t at, const char *s, size_t n,
                              cw_toml_value *v)
{
	int base = s[1] == 'x' ? 16 : s[1] == 'o' ? 8 : 2;
	size_t i = 2;
	uint64_t value = 0;

	if (!scan_digits(s, n, &i, base) || i != n)
		return cw__toml_error_at(p, at,
		                         "expected base-%d digits (underscores only between "
		                         "digits) in integer '%.*s'",
		                         base, (int)n, s);
	for (i = 2; i < n; i++) {
		if (s[i] == '_')
			continue;
		if (value > ((uint64_t)INT64_MAX - (uint64_t)hex_value((unsigned char)s[i])) /
		                (uint64_t)base)
			return cw__toml_error_at(p, at, "integer '%.*s' does not fit in 64 bits",
			                         (int)n, s);
		value = value * (uint64_t)base + (uint64_t)hex_value((unsigned char)s[i]);
	}
	v->type = CW_TOML_INTEGER;
	v->u.integer = (int64_t)value;
	return 0;
}

/* strtod on a copy without underscores, with the C locale's decimal point. */
static int convert_float(cw_toml_parser *p, size_t at, const char *s, size_t n, double *out)
{
	char small[128];
	char *copy = small;
	const char *dp = localeconv()->decimal_point;
	size_t dp_len = dp && *dp ? strlen(dp) : 1;
	size_t need = n * dp_len + 1, j = 0;
	char *end;

	if (need > sizeof(small) && !(copy = cw__arena_alloc(p->arena, need)))
		return cw_error_last()->code;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '_')
			continue;
		if (s[i] == '.' && dp && *dp) {
			memcpy(copy + j, dp, dp_len);
			j += dp_len;
		} else {
			copy[j++] = s[i];
		}
	}
	copy[j] = '\0';
	errno = 0;
	*out = strtod(copy, &end);
	if (end != copy + j)
		return cw__toml_error_at(p, at, "expected a float, got '%.*s'", (int)n, s);
	/* Overflow to infinity is an error; underflow to 0 is rounding. */
	if (errno == ERANGE && isinf(*out))
		return cw__toml_error_at(p, at, "float '%.*s' is out of range", (int)n, s);
	return 0;
}

/* A number token s[0..n): decimal integer, prefixed integer or float. */
static int parse_number(cw_toml_parser *p, size_t at, const char *s, size_t n, cw_toml_value *v)
{
	size_t i = 0, int_start;
	bool neg = false, is_float = false;

	if (n >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'o' || s[1] == 'b'))
		return parse_prefixed_int(p, at, s, n, v);
	if (s[0] == '+' || s[0] == '-') {
		neg = s[0] == '-';
		i++;
	}
	if (n - i == 3 && (memcmp(s + i, "inf", 3) == 0 || memcmp(s + i, "nan", 3) == 0)) {
		v->type = CW_TOML_FLOAT;
		v->u.fp = s[i] == 'i' ? (neg ? -INFINITY : INFINITY) : (neg ? -NAN : NAN);
		return 0;
	}
	int_start = i;
	if (!scan_digits(s, n, &i, 10))
		return cw__toml_error_at(p, at,
		                         "expected a value (number, string, boolean, date, "
		                         "array or inline table), got '%.*s'",
		                         (int)n, s);
	if (s[int_start] == '0' && i - int_start > 1)
		return cw__toml_error_at(p, at, "leading zeros are not allowed in '%.*s'", (int)n,
		                         s);
	if (i < n && s[i] == '.') {
		i++;
		is_float = true;
		if (!scan_digits(s, n, &i, 10))
			return cw__toml_error_at(
			    p, at, "expected digits after the decimal point in '%.*s'", (int)n, s);
	}
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		is_float = true;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			i++;
		if (!scan_digits(s, n, &i, 10))
			return cw__toml_error_at(p, at, "expected exponent digits in '%.*s'",
			                         (int)n, s);
	}
	if (i != n)
		return cw__toml_error_at(p, at, "expected a number, got '%.*s'", (int)n, s);
	if (is_float) {
		v->type = CW_TOML_FLOAT;
		return convert_float(p, at, s, n, &v->u.fp);
	}
	{
		uint64_t value = 0, limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
		for (i = int_start; i < n; i++) {
			unsigned d;
			if (s[i] == '_')
				continue;
			d = (unsigned)(s[i] - '0');
			if (value > (limit - d) / 10)
				return cw__toml_error_at(
				    p, at, "integer '%.*s' does not fit in 64 bits", (int)n, s);
			value = value * 10 + d;
		}
		v->type = CW_TOML_INTEGER;
		v->u.integer = neg ? (int64_t)(0 - value) : (int64_t)value;
	}
	return 0;
}

/* ---- dates and times -------------------------------------------------- */

/* `count` decimal digits at s[*i]; false if any is missing. */
static bool fixed_digits(const char *s, size_t n, size_t *i, int count, int *out)
{
	int value = 0;
	for (int k = 0; k < count; k++) {
		if (*i >= n || !cw_is_digit(s[*i]))
			return false;
		value = value * 10 + (s[(*i)++] - '0');
	}
	*out = value;
	return true;
}

static int days_in_month(int year, int month)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (month == 2 && year % 4 == 0 && (year % 100 != 0 || year % 400 == 0))
		return 29;
	return days[month - 1];
}

/* HH:MM:SS[.frac] at s[*i]. */
static int parse_time(cw_toml_parser *p, size_t at, const char *s, size_t n, size_t *i,
                      cw_toml_datetime *dt)
{
	int h, m, sec;
	if (!fixed_digits(s, n, i, 2, &h) || *i >= n || s[(*i)++] != ':' ||
	    !fixed_digits(s, n, i, 2, &m) || *i >= n || s[(*i)++] != ':' ||
	    !fixed_digits(s, n, i, 2, &sec))
		return cw__toml_error_at(p, at, "expected a time HH:MM:SS");
	if (h > 23 || m > 59 || sec > 60)
		return cw__toml_error_at(p, at, "time %02d:%02d:%02d is out of range", h, m, sec);
	dt->hour = (uint8_t)h;
	dt->minute = (uint8_t)m;
	dt->second = (uint8_t)sec;
	if (*i < n && s[*i] == '.') {
		size_t start = ++(*i);
		uint32_t ns = 0;
		while (*i < n && cw_is_digit(s[*i])) {
			if (*i - start < 9)
				ns = ns * 10 + (uint32_t)(s[*i] - '0');
			(*i)++;
		}
		if (*i == start)
			return cw__toml_error_at(p, at,
			                         "expected digits after the decimal point "
			                         "in a time");
		dt->frac_digits = (uint8_t)(*i - start > 9 ? 9 : *i - start);
		for (size_t k = *i - start; k < 9; k++)
			ns *= 10;
		dt->nanosecond = ns;
	}
	return 0;
}

static int parse_datetime(cw_toml_parser *p, cw_toml_value *v)
{
	const char *s = p->data;
	size_t n = p->len, at = p->pos, i = p->pos;
	cw_toml_datetime *dt = &v->u.dt;
	int y, mo, d, error;

	memset(dt, 0, sizeof(*dt));
	if (i + 2 < n && s[i + 2] == ':') {
		if ((error = parse_time(p, at, s, n, &i, dt)) < 0)
			return error;
		v->type = CW_TOML_TIME_LOCAL;
		p->pos = i;
		return 0;
	}
	if (!fixed_digits(s, n, &i, 4, &y) || i >= n || s[i++] != '-' ||
	    !fixed_digits(s, n, &i, 2, &mo) || i >= n || s[i++] != '-' ||
	    !fixed_digits(s, n, &i, 2, &d))
		return cw__toml_error_at(p, at, "expected a date YYYY-MM-DD");
	if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo))
		return cw__toml_error_at(p, at, "date %04d-%02d-%02d does not exist", y, mo, d);
	dt->year = (int16_t)y;
	dt->month = (uint8_t)mo;
	dt->day = (uint8_t)d;
	v->type = CW_TOML_DATE_LOCAL;
	/* A space separates date and time only when a time follows. */
	if (i < n &&
	    (s[i] == 'T' || s[i] == 't' || (s[i] == ' ' && i + 1 < n && cw_is_digit(s[i + 1])))) {
		i++;
		if ((error = parse_time(p, at, s, n, &i, dt)) < 0)
			return error;
		v->type = CW_TOML_DATETIME_LOCAL;
		if (i < n && (s[i] == 'Z' || s[i] == 'z')) {
			i++;
			v->type = CW_TOML_DATETIME;
			dt->offset_z = true;
		} else if (i < n && (s[i] == '+' || s[i] == '-')) {
			int sign = s[i++] == '-' ? -1 : 1, oh, om;
			if (!fixed_digits(s, n, &i, 2, &oh) || i >= n || s[i++] != ':' ||
			    !fixed_digits(s, n, &i, 2, &om))
				return cw__toml_error_at(p, at, "expected a time offset +HH:MM");
			if (oh > 23 || om > 59)
				return cw__toml_error_at(p, at, "time offset is out of range");
			v->type = CW_TOML_DATETIME;
			dt->offset_minutes = (int16_t)(sign * (oh * 60 + om));
		}
	}
	p->pos = i;
	return 0;
}

/* ---- dispatch --------------------------------------------------------- */

static bool is_number_char(char c)
{
	return cw_is_alnum(c) || c == '_' || c == '+' || c == '-' || c == '.';
}

int cw__toml_parse_scalar(cw_toml_parser *p, cw_toml_value *v)
{
	const char *s = p->data + p->pos;
	size_t left = p->len - p->pos, n = 0;

	if (left >= 4 && memcmp(s, "true", 4) == 0) {
		v->type = CW_TOML_BOOL;
		v->u.boolean = true;
		p->pos += 4;
		return 0;
	}
	if (left >= 5 && memcmp(s, "false", 5) == 0) {
		v->type = CW_TOML_BOOL;
		v->u.boolean = false;
		p->pos += 5;
		return 0;
	}
	/* 1979-05-27... or 07:32:00... */
	if ((left >= 5 && cw_is_digit(s[0]) && cw_is_digit(s[1]) && cw_is_digit(s[2]) &&
	     cw_is_digit(s[3]) && s[4] == '-') ||
	    (left >= 3 && cw_is_digit(s[0]) && cw_is_digit(s[1]) && s[2] == ':'))
		return parse_datetime(p, v);
	while (n < left && is_number_char(s[n]))
		n++;
	if (n == 0)
		return cw__toml_error_at(p, p->pos,
		                         "expected a value (string, number, boolean, "
		                         "date, array or inline table)");
	p->pos += n;
	return parse_number(p, p->pos - n, s, n, v);
}
