/*
 * version_fuzzer.c - libFuzzer harness for the version schemes of branch
 * ver-a (npm, Go, crates.io, NuGet, Packagist, Hex, Pub, generic).
 *
 * Input: one byte choosing the scheme, then up to four fields separated
 * by '\n': version A, version B, range R, version C.  Besides "no crash, no
 * leak, no UB", it checks the properties every order must have:
 *   compare(a, a) == 0 and sign(compare(a, b)) == -sign(compare(b, a));
 *   a <= b and b <= c imply a <= c (transitivity, so sorting is sound);
 *   versions that compare equal are in the same ranges.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "chainwarden/version.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const ecosystems[] = {
	"npm", "Go", "crates.io", "NuGet", "Packagist", "Hex", "Pub", "unknown-ecosystem",
};

static int sign(int c)
{
	return (c > 0) - (c < 0);
}

/* Field i of the input (fields separated by '\n'). */
static void field(const char *s, size_t n, int i, const char **out, size_t *len)
{
	const char *end = s + n;
	for (; i > 0 && s < end; i--) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		s = nl ? nl + 1 : end;
	}
	*out = s;
	*len = (size_t)((memchr(s, '\n', (size_t)(end - s)) ? (const char *)memchr(s, '\n', (size_t)(end - s)) : end) - s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const cw_version_scheme *scheme;
	cw_version *a = NULL, *b = NULL, *c = NULL;
	cw_version_range *r = NULL;
	const char *text = (const char *)data + 1, *fa, *fb, *fr, *fc;
	size_t n, la, lb, lr, lc;

	if (size < 1)
		return 0;
	n = size - 1;
	scheme = cw_version_scheme_for(ecosystems[data[0] % 8]);
	field(text, n, 0, &fa, &la);
	field(text, n, 1, &fb, &lb);
	field(text, n, 2, &fr, &lr);
	field(text, n, 3, &fc, &lc);
	cw_version_parse(&a, scheme, fa, la);
	cw_version_parse(&b, scheme, fb, lb);
	cw_version_parse(&c, scheme, fc, lc);
	cw_version_range_parse(&r, scheme, fr, lr);
	if (a && cw_version_compare(a, a) != 0)
		abort();
	if (a && b) {
		int ab = cw_version_compare(a, b), ba = cw_version_compare(b, a);
		if (sign(ab) != -sign(ba))
			abort();
		if (ab == 0 && r && cw_version_satisfies(r, a) != cw_version_satisfies(r, b))
			abort();
	}
	if (a && b && c && cw_version_compare(a, b) <= 0 && cw_version_compare(b, c) <= 0 &&
	    cw_version_compare(a, c) > 0)
		abort();
	if (a && b && c && cw_version_compare(a, b) == 0 && cw_version_compare(b, c) == 0 &&
	    cw_version_compare(a, c) != 0)
		abort();
	if (r && a)
		(void)cw_version_satisfies(r, a);
	cw_version_free(a);
	cw_version_free(b);
	cw_version_free(c);
	cw_version_range_free(r);
	return 0;
}
