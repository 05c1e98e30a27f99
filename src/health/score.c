/*
 * score.c - the overall score.
 *
 * The checks' names, risk levels and weights (cw__hc_defs[]) are compiled
 * from data/health-checks.tsv by cmake/gen_health.cmake.  Names and risk
 * levels are OpenSSF Scorecard's (docs/checks.md); the weights are
 * Scorecard's per risk level (Critical 10, High 7.5, Medium 5, Low 2.5), so
 * the overall score is comparable in spirit, though computed from what a
 * clone shows (docs/health.md lists the differences).
 */
#include "health/health_internal.h"

#include <math.h>

double cw__health_overall(const cw_health_check *checks, size_t count)
{
	double sum = 0, weights = 0;
	for (size_t i = 0; i < count; i++) {
		if (checks[i].score < 0)
			continue;
		sum += checks[i].weight * checks[i].score;
		weights += checks[i].weight;
	}
	if (weights == 0)
		return -1;
	return floor(sum / weights * 10 + 0.5) / 10;
}
