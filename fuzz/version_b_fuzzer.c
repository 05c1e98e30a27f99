/*
 * version_b_fuzzer.c - fuzzes the pep440, maven, gem, dpkg, rpm and apk
 * version schemes: parsing of versions and ranges must never crash, leak or
 * read out of bounds, and comparison must be a consistent order:
 * reflexive, antisymmetric and (for the schemes whose reference is a total
 * order) transitive.
 *
 * Input: the first byte picks the scheme; the rest is split on '\n' into
 * up to three versions A, B, C; the whole rest is also parsed as a range
 * and checked against A.
 */
#include "version/scheme.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

extern const cw_version_scheme cw__scheme_pep440, cw__scheme_maven, cw__scheme_gem,
	cw__scheme_dpkg, cw__scheme_rpm, cw__scheme_apk;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int sign(int c)
{
	return (c > 0) - (c < 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const cw_version_scheme *const schemes[] = {
		&cw__scheme_pep440, &cw__scheme_maven, &cw__scheme_gem,
		&cw__scheme_dpkg, &cw__scheme_rpm, &cw__scheme_apk,
	};
	/* Maven's ComparableVersion itself is not transitive on odd inputs
	 * ("a" < "00m0" < "-" but "a" > "-", checked with maven-artifact
	 * 3.8.7), and we follow it, so Maven is not checked for it. */
	static const bool transitive[] = { true, false, true, true, true, true };
	const cw_version_scheme *s;
	const char *p, *end;
	void *v[3] = { NULL, NULL, NULL }, *range = NULL;
	size_t n = 0, idx;

	if (size < 1 || size > 4096)
		return 0;
	idx = data[0] % 6;
	s = schemes[idx];
	p = (const char *)data + 1;
	end = (const char *)data + size;
	while (n < 3) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl ? nl : end;
		if (s->parse(&v[n], p, (size_t)(e - p)) < 0)
			v[n] = NULL;
		n++;
		if (!nl)
			break;
		p = nl + 1;
	}
	for (size_t i = 0; i < n; i++) {
		if (!v[i])
			continue;
		if (s->compare(v[i], v[i]) != 0)
			__builtin_trap();
		for (size_t j = 0; j < n; j++) {
			if (v[j] && sign(s->compare(v[i], v[j])) != -sign(s->compare(v[j], v[i])))
				__builtin_trap();
		}
	}
	if (transitive[idx] && v[0] && v[1] && v[2]) {
		int ab = sign(s->compare(v[0], v[1])), bc = sign(s->compare(v[1], v[2]));
		int ac = sign(s->compare(v[0], v[2]));
		if (ab == bc && ab != 0 && ac != ab)
			__builtin_trap();
		if (ab == 0 && bc != ac)
			__builtin_trap();
	}
	if (s->parse_range(&range, (const char *)data + 1, size - 1) == 0) {
		if (v[0])
			(void)s->satisfies(range, v[0]);
		s->free_range(range);
	}
	for (size_t i = 0; i < n; i++) {
		if (v[i])
			s->free_version(v[i]);
	}
	return 0;
}
