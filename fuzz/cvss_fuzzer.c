/*
 * cvss_fuzzer.c - libFuzzer harness for the CVSS parser and scorer.
 *
 * Any input must parse or fail with a message, never crash.  A vector that
 * parses must score within [0, 10], print in normalized form, and that form
 * must parse back to the same metrics and the same scores.
 */
#include "chainwarden/cvss.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void same_scores(const cw_cvss_scores *a, const cw_cvss_scores *b)
{
	if (a->base != b->base || a->temporal != b->temporal ||
	    a->environmental != b->environmental || a->score != b->score ||
	    a->severity != b->severity)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cw_cvss cvss, again;
	cw_cvss_scores scores, scores2;
	char text[CW_CVSS_MAX_VECTOR + 1];
	int n;

	if (cw_cvss_parse(&cvss, (const char *)data, size) < 0) {
		if (!cw_error_last()->message[0])
			abort();    /* every failure says why */
		return 0;
	}
	if (cw_cvss_score(&scores, &cvss) < 0)
		abort();
	if (!(scores.score >= 0 && scores.score <= 10 && scores.base >= 0 && scores.base <= 10 &&
	      scores.temporal >= 0 && scores.temporal <= 10 &&
	      scores.environmental >= 0 && scores.environmental <= 10))
		abort();
	(void)cw_cvss_get(&cvss, "AV");
	(void)cw_cvss_get(&cvss, "E");
	(void)cw_cvss_get(&cvss, "U");
	if ((n = cw_cvss_format(text, sizeof(text), &cvss)) < 0 || (size_t)n != strlen(text))
		abort();
	if (cw_cvss_parse(&again, text, (size_t)n) < 0 || cw_cvss_score(&scores2, &again) < 0)
		abort();
	same_scores(&scores, &scores2);
	return 0;
}
