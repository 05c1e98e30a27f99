/*
 * generic.c - the fallback order for ecosystems without a scheme of their
 * own (docs/versions.md, "Generic fallback").
 *
 * A version is split into segments: runs of digits (numbers) and runs of
 * letters (words); every other character only separates.  A leading "v"
 * before a digit is dropped, and everything from the first "+" on is build
 * metadata and ignored.  Two versions are compared segment by segment:
 *   - number vs number: by value (any length, leading zeros ignored);
 *   - word vs word: ASCII case-insensitively;
 *   - word vs number: the word is smaller ("1.0.rc1" < "1.0.1");
 *   - when one runs out: if the longer one continues with a word it is
 *     smaller ("1.0-beta" < "1.0"), with a number it is larger
 *     ("1.0" < "1.0.1").
 * Hence "1.0" < "1.0.0" (one more number): trailing-zero
 * padding is ecosystem-specific and the fallback does not guess it.
 *
 * Ranges: comparator lists (oplist.h).
 */
#include <stdlib.h>
#include <string.h>

#include "util/error.h"
#include "util/str.h"
#include "version/cmplist.h"

#define GENERIC_MAX_LEN 1024
#define GENERIC_MAX_SEGMENTS 128

typedef struct {
	uint32_t off, len;  /* into text; numbers without leading zeros */
	uint8_t numeric;
	uint64_t num;       /* valid when numeric and len <= 19 */
} segment;

typedef struct {
	size_t n;
	const char *text;
	segment seg[];
} generic_version;

const cw_version_scheme cw__scheme_generic;

static int generic_parse(void **out, const char *str, size_t len)
{
	segment seg[GENERIC_MAX_SEGMENTS];
	size_t n = 0, i = 0, end = len;
	generic_version *v;
	char *text;

	*out = NULL;
	if (len == 0)
		return cw__error_set(CW_EINVALID, "invalid version: empty");
	if (len > GENERIC_MAX_LEN)
		return cw__error_set(CW_EINVALID, "invalid version: longer than %d bytes", GENERIC_MAX_LEN);
	for (size_t k = 0; k < len; k++) {
		unsigned char ch = (unsigned char)str[k];
		if (ch <= ' ' || ch == 0x7f)
			return cw__error_set(CW_EINVALID, "invalid version '%.*s': a space or control "
			                     "character at offset %zu", (int)(len > 80 ? 80 : len), str, k);
		if (ch == '+' && end == len)
			end = k;
	}
	if (end > 1 && (str[0] == 'v' || str[0] == 'V') && cw_is_digit(str[1]))
		i = 1;
	while (i < end) {
		size_t start = i;
		bool digits = cw_is_digit(str[i]);
		if (!cw_is_alnum(str[i])) {
			i++;
			continue;
		}
		while (i < end && (digits ? cw_is_digit(str[i]) : cw_is_alpha(str[i])))
			i++;
		if (n == GENERIC_MAX_SEGMENTS)
			return cw__error_set(CW_EINVALID, "invalid version: more than %d segments",
			                     GENERIC_MAX_SEGMENTS);
		if (digits) {
			while (start + 1 < i && str[start] == '0')
				start++;
		}
		seg[n].off = (uint32_t)start;
		seg[n].len = (uint32_t)(i - start);
		seg[n].numeric = digits;
		seg[n].num = 0;
		if (digits && seg[n].len <= 19) {
			for (size_t k = start; k < i; k++)
				seg[n].num = seg[n].num * 10 + (uint64_t)(str[k] - '0');
		}
		n++;
	}
	if (n == 0)
		return cw__error_set(CW_EINVALID, "invalid version '%.*s': no digits or letters",
		                     (int)(len > 80 ? 80 : len), str);
	if (!(v = malloc(sizeof(*v) + n * sizeof(segment) + len + 1)))
		return cw__error_oom();
	text = (char *)(v->seg + n);
	memcpy(text, str, len);
	text[len] = '\0';
	v->n = n;
	v->text = text;
	memcpy(v->seg, seg, n * sizeof(segment));
	*out = v;
	return 0;
}

static int cmp_u64(uint64_t a, uint64_t b)
{
	return (a > b) - (a < b);
}

static int compare_segment(const generic_version *a, const segment *x, const generic_version *b,
                           const segment *y)
{
	const char *s = a->text + x->off, *t = b->text + y->off;
	if (x->numeric != y->numeric)
		return x->numeric ? 1 : -1;
	if (x->numeric) {
		if (x->len <= 19 && y->len <= 19)
			return cmp_u64(x->num, y->num);
		if (x->len != y->len)
			return cmp_u64(x->len, y->len);
		return memcmp(s, t, x->len) < 0 ? -1 : memcmp(s, t, x->len) > 0;
	}
	for (size_t i = 0; i < x->len && i < y->len; i++) {
		char c = cw_to_lower(s[i]), d = cw_to_lower(t[i]);
		if (c != d)
			return c < d ? -1 : 1;
	}
	return cmp_u64(x->len, y->len);
}

static int generic_compare(const void *pa, const void *pb)
{
	const generic_version *a = pa, *b = pb;
	size_t n = a->n < b->n ? a->n : b->n;
	for (size_t i = 0; i < n; i++) {
		int c = compare_segment(a, &a->seg[i], b, &b->seg[i]);
		if (c)
			return c;
	}
	if (a->n == b->n)
		return 0;
	if (a->n > b->n)
		return a->seg[n].numeric ? 1 : -1;
	return b->seg[n].numeric ? -1 : 1;
}

static void generic_free(void *data)
{
	free(data);
}

static int generic_parse_range(void **out, const char *str, size_t len)
{
	return cw__cmplist_parse(out, &cw__scheme_generic, str, len);
}

const cw_version_scheme cw__scheme_generic = {
	"generic", generic_parse, generic_compare, generic_free,
	generic_parse_range, cw__cmplist_satisfies, cw__cmplist_free,
};
