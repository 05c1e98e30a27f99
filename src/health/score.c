/*
 * score.c - the checks' names, risks and weights, and the overall score.
 *
 * Names and risk levels are OpenSSF Scorecard's (docs/checks.md); the
 * weights are Scorecard's per risk level (Critical 10, High 7.5, Medium 5,
 * Low 2.5), so the overall score is comparable in spirit, though computed
 * from what a clone shows (docs/health.md lists the differences).
 */
#include "health/health_internal.h"

#include <math.h>

#define CRITICAL "Critical", 10.0
#define HIGH "High", 7.5
#define MEDIUM "Medium", 5.0
#define LOW "Low", 2.5

const cw__hc_def cw__hc_defs[CW_HC_COUNT] = {
	[CW_HC_MAINTAINED] = { "Maintained", HIGH },
	[CW_HC_CONTRIBUTORS] = { "Contributors", LOW },
	[CW_HC_CODE_REVIEW] = { "Code-Review", HIGH },
	[CW_HC_SIGNED_RELEASES] = { "Signed-Releases", HIGH },
	[CW_HC_SECURITY_POLICY] = { "Security-Policy", MEDIUM },
	[CW_HC_LICENSE] = { "License", LOW },
	[CW_HC_CI_TESTS] = { "CI-Tests", LOW },
	[CW_HC_FUZZING] = { "Fuzzing", MEDIUM },
	[CW_HC_SAST] = { "SAST", MEDIUM },
	[CW_HC_DEPENDENCY_UPDATE_TOOL] = { "Dependency-Update-Tool", HIGH },
	[CW_HC_PINNED_DEPENDENCIES] = { "Pinned-Dependencies", MEDIUM },
	[CW_HC_DANGEROUS_WORKFLOW] = { "Dangerous-Workflow", CRITICAL },
	[CW_HC_TOKEN_PERMISSIONS] = { "Token-Permissions", HIGH },
	[CW_HC_BINARY_ARTIFACTS] = { "Binary-Artifacts", HIGH },
	[CW_HC_PACKAGING] = { "Packaging", MEDIUM },
};

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
