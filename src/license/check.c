/* check.c - license verdicts for the components of an inventory. */
#include "chainwarden/license.h"
#include "chainwarden/inventory.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/error.h"

/* Normalisations below this confidence (a bare family name) need review. */
#define MIN_CONFIDENCE_TO_ALLOW 0.7

static int compare_findings(const void *a, const void *b)
{
	const cw_license_finding *x = a, *y = b;
	int c;
	if (x->verdict != y->verdict)
		return x->verdict > y->verdict ? -1 : 1;
	if ((c = strcmp(x->name ? x->name : "", y->name ? y->name : "")) != 0)
		return c;
	return strcmp(x->version ? x->version : "", y->version ? y->version : "");
}

int cw_license_check(cw_license_finding **out, size_t *count, const cw_inventory *inv,
                     const cw_license_policy *policy)
{
	size_t n = cw_inventory_component_count(inv), k = 0;
	cw_license_finding *f = calloc(n ? n : 1, sizeof(*f));
	int error = 0;

	*out = NULL;
	*count = 0;
	if (!f)
		return cw__error_oom();
	for (size_t i = 0; i < n; i++) {
		const cw_component *c = cw_inventory_component(inv, i);
		cw_license_normalized norm;
		if (c->kind != CW_COMPONENT_LIBRARY)
			continue;
		f[k].component = i;
		f[k].name = c->name;
		f[k].version = c->version ? c->version : c->declared;
		f[k].declared = c->license;
		if (c->license) {
			if ((error = cw_license_normalize(&norm, c->license, strlen(c->license))) < 0)
				break;
			snprintf(f[k].expression, sizeof(f[k].expression), "%s", norm.expression);
			f[k].confidence = norm.confidence;
			cw_license_normalized_free(&norm);
		} else {
			snprintf(f[k].expression, sizeof(f[k].expression), "NOASSERTION");
		}
		f[k].verdict = cw_license_policy_evaluate(policy, f[k].expression, f[k].reason,
		                                          sizeof(f[k].reason));
		/* A guess ("BSD" could be BSD-4-Clause) is not enough to allow. */
		if (f[k].verdict == CW_VERDICT_ALLOW && f[k].confidence < MIN_CONFIDENCE_TO_ALLOW) {
			f[k].verdict = CW_VERDICT_REVIEW;
			snprintf(f[k].reason, sizeof(f[k].reason),
			         "declared '%.150s' read as %.60s only by a guess (confidence %.1f)",
			         c->license, f[k].expression, f[k].confidence);
		}
		if (strcmp(f[k].expression, "NOASSERTION") == 0) {
			if (c->license)
				snprintf(f[k].reason, sizeof(f[k].reason),
				         "declared license '%.200s' not recognised", c->license);
			else
				snprintf(f[k].reason, sizeof(f[k].reason), "no license declared");
		}
		k++;
	}
	if (error < 0) {
		free(f);
		return error;
	}
	qsort(f, k, sizeof(*f), compare_findings);
	*out = f;
	*count = k;
	return 0;
}
