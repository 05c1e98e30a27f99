/*
 * purl_fuzzer.c - libFuzzer harness for the purl parser and formatter.
 *
 * Properties checked on every input that parses:
 *   - the canonical string parses again (strictly) to equal components;
 *   - canonicalising is a fixed point: to_string(parse(canon)) == canon;
 *   - the lenient parser and cw_purl_canonicalize give the same string;
 *   - cw_purl_build from the parsed components gives the same string.
 * A violation aborts (that is how a harness reports a bug to libFuzzer);
 * the library itself never aborts.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chainwarden/purl.h"

static void check(int ok, const char *what, const char *s)
{
	if (!ok) {
		fprintf(stderr, "purl fuzzer: %s: %s\n", what, s ? s : "(null)");
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *in = (const char *)data;
	cw_purl *p = NULL, *again = NULL, *built = NULL;
	char *s1 = NULL, *s2 = NULL, *s3 = NULL, *s4 = NULL;

	if (cw_purl_parse(&p, in, size) == 0) {
		check(cw_purl_to_string(&s1, p) == 0, "to_string failed", NULL);
		check(cw_purl_parse(&again, s1, strlen(s1)) == 0, "canonical form does not parse", s1);
		check(cw_purl_compare(p, again) == 0, "canonical form reads back differently", s1);
		check(cw_purl_to_string(&s2, again) == 0 && strcmp(s1, s2) == 0,
		      "canonical form is not a fixed point", s1);
		check(cw_purl_canonicalize(&s3, in, size) == 0 && strcmp(s1, s3) == 0,
		      "lenient canonical form differs", s1);
		check(cw_purl_build(&built, p->type, p->ns, p->name, p->version, p->qualifiers,
		                    p->qualifier_count, p->subpath) == 0,
		      "build from parsed components failed", s1);
		check(cw_purl_to_string(&s4, built) == 0 && strcmp(s1, s4) == 0,
		      "build from parsed components differs", s1);
	} else {
		check(p == NULL, "failed parse left an output", NULL);
		/* the lenient reader may still accept it: then it must be stable too */
		if (cw_purl_canonicalize(&s1, in, size) == 0) {
			check(cw_purl_parse(&again, s1, strlen(s1)) == 0,
			      "lenient canonical form does not parse strictly", s1);
			check(cw_purl_to_string(&s2, again) == 0 && strcmp(s1, s2) == 0,
			      "lenient canonical form is not a fixed point", s1);
		}
	}
	free(s1);
	free(s2);
	free(s3);
	free(s4);
	cw_purl_free(p);
	cw_purl_free(again);
	cw_purl_free(built);
	return 0;
}
