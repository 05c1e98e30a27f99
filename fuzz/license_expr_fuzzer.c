/* license_expr_fuzzer.c - SPDX expression parser and declared-license
 * normaliser: no crash; the canonical form of anything accepted parses
 * again to itself; whatever the normaliser returns is NOASSERTION or a
 * valid expression. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "chainwarden/license.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_fixed_point(const char *text, unsigned flags)
{
	cw_license_expr *again = NULL;
	char *text2 = NULL;
	if (cw_license_expr_parse(&again, text, strlen(text), flags) != 0 ||
	    cw_license_expr_to_string(&text2, again) != 0 || strcmp(text, text2) != 0)
		abort();
	free(text2);
	cw_license_expr_free(again);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned flags = size ? data[0] & 3u : 0;
	cw_license_expr *expr = NULL;
	cw_license_normalized norm;
	char *text = NULL;
	if (size)
		data++, size--;
	if (cw_license_normalize(&norm, (const char *)data, size) == 0) {
		if (strcmp(norm.expression, "NOASSERTION") != 0)
			check_fixed_point(norm.expression, 0);
		cw_license_normalized_free(&norm);
	}
	if (cw_license_expr_parse(&expr, (const char *)data, size, flags) != 0)
		return 0;
	if (cw_license_expr_to_string(&text, expr) == 0) {
		/* The canonical form uses uppercase operators only. */
		check_fixed_point(text, flags & ~(unsigned)CW_LICENSE_PARSE_LAX_OPERATORS);
		free(text);
	}
	if (cw_license_expr_simplify(expr) == 0 && cw_license_expr_to_string(&text, expr) == 0) {
		check_fixed_point(text, flags & ~(unsigned)CW_LICENSE_PARSE_LAX_OPERATORS);
		free(text);
	}
	cw_license_expr_free(expr);
	return 0;
}
