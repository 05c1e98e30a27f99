/*
 * cvss3.c - CVSS v3.0 and v3.1 metrics and scoring (base, temporal,
 * environmental).
 *
 * Spec: CVSS v3.1 Specification Document, sections 7.1-7.4 and Appendix A
 * (https://www.first.org/cvss/v3.1/specification-document); CVSS v3.0
 * Specification Document, section 8 (https://www.first.org/cvss/v3.0/...).
 *
 * The two versions share metrics and weights and differ in two places:
 *   - rounding: v3.1 uses Roundup (Appendix A), which works in integers of
 *     1e-5 so that 4.000000000001 stays 4.0; v3.0 uses the plain
 *     ceil(x * 10) / 10 of its specification and calculator, which does not.
 *   - the modified impact under a changed modified scope: v3.1 has
 *     7.52 x (MISS - 0.029) - 3.25 x (MISS x 0.9731 - 0.02)^13, v3.0 has
 *     7.52 x (MISS - 0.029) - 3.25 x (MISS - 0.02)^15.
 * The arithmetic follows the FIRST calculators' order of operations, so the
 * floating-point results (and therefore the round-ups) are the same.
 */
#include "cvss/cvss_internal.h"

#include <math.h>

enum {
	AV, AC, PR, UI, S, C, I, A,
	E, RL, RC,
	CR, IR, AR, MAV, MAC, MPR, MUI, MS, MC, MI, MA,
	N_METRICS
};

/* The metrics of the v3.1 specification's vector string table (section 6),
 * the same in v3.0, in the enum's order: base | temporal | environmental. */
static const char notation[] =
	"AV:[N,A,L,P]/AC:[L,H]/PR:[N,L,H]/UI:[N,R]/S:[U,C]/C:[H,L,N]/I:[H,L,N]/A:[H,L,N]"
	" | E:[X,U,P,F,H]/RL:[X,O,T,W,U]/RC:[X,U,R,C]"
	" | CR:[X,L,M,H]/IR:[X,L,M,H]/AR:[X,L,M,H]/"
	"MAV:[X,N,A,L,P]/MAC:[X,L,H]/MPR:[X,N,L,H]/MUI:[X,N,R]/MS:[X,U,C]/"
	"MC:[X,H,L,N]/MI:[X,H,L,N]/MA:[X,H,L,N]";

CW__CVSS_SPEC(cw__cvss30_spec, CW_CVSS_V3_0, "CVSS:3.0/", N_METRICS, false, cw__cvss3_score,
              notation);
CW__CVSS_SPEC(cw__cvss31_spec, CW_CVSS_V3_1, "CVSS:3.1/", N_METRICS, false, cw__cvss3_score,
              notation);

/* Weights (specification section 7.4), indexed like the base value lists. */
static const double w_av[] = { 0.85, 0.62, 0.55, 0.2 };
static const double w_ac[] = { 0.77, 0.44 };
static const double w_pr[2][3] = { { 0.85, 0.62, 0.27 },     /* scope unchanged */
                                   { 0.85, 0.68, 0.5 } };    /* scope changed */
static const double w_ui[] = { 0.85, 0.62 };
static const double w_imp[] = { 0.56, 0.22, 0.0 };
static const double w_e[] = { 1.0, 0.91, 0.94, 0.97, 1.0 };
static const double w_rl[] = { 1.0, 0.95, 0.96, 0.97, 1.0 };
static const double w_rc[] = { 1.0, 0.92, 0.96, 1.0 };
static const double w_req[] = { 1.0, 0.5, 1.0, 1.5 };

/* Roundup of the v3.1 specification, Appendix A. */
static double roundup31(double x)
{
	double i = cw__cvss_js_round(x * 100000);
	if (fmod(i, 10000) == 0)
		return i / 100000.0;
	return (floor(i / 10000) + 1) / 10.0;
}

/* v3.0: the smallest number, to one decimal, equal to or higher than x. */
static double roundup30(double x)
{
	return ceil(x * 10) / 10;
}

/* Value index of a base metric, overridden by its modified metric unless X. */
static unsigned effective(const cw_cvss *cvss, unsigned base, unsigned modified)
{
	unsigned m = cw__cvss_val(cvss, modified);
	return m ? m - 1 : cw__cvss_val(cvss, base);
}

int cw__cvss3_score(cw_cvss_scores *out, const cw_cvss *cvss)
{
	bool v31 = cvss->version == CW_CVSS_V3_1;
	double (*roundup)(double) = v31 ? roundup31 : roundup30;
	unsigned s = cw__cvss_val(cvss, S);
	double iss, impact, exploitability;
	double w_rc_v = w_rc[cw__cvss_val(cvss, RC)];
	unsigned ms, mc, mi, ma;
	double miss, m_impact, m_exploitability;

	/* base */
	exploitability = 8.22 * w_av[cw__cvss_val(cvss, AV)] * w_ac[cw__cvss_val(cvss, AC)] *
	                 w_pr[s][cw__cvss_val(cvss, PR)] * w_ui[cw__cvss_val(cvss, UI)];
	iss = 1 - ((1 - w_imp[cw__cvss_val(cvss, C)]) * (1 - w_imp[cw__cvss_val(cvss, I)]) *
	           (1 - w_imp[cw__cvss_val(cvss, A)]));
	if (s == 0)
		impact = 6.42 * iss;
	else
		impact = 7.52 * (iss - 0.029) - 3.25 * pow(iss - 0.02, 15);
	if (impact <= 0)
		out->base = 0;
	else if (s == 0)
		out->base = roundup(fmin(impact + exploitability, 10));
	else
		out->base = roundup(fmin(1.08 * (impact + exploitability), 10));

	/* temporal: E x RL x RC, multiplied in the calculators' order */
	out->temporal = roundup(out->base * w_e[cw__cvss_val(cvss, E)] *
	                        w_rl[cw__cvss_val(cvss, RL)] * w_rc_v);

	/* environmental */
	ms = effective(cvss, S, MS);
	mc = effective(cvss, C, MC);
	mi = effective(cvss, I, MI);
	ma = effective(cvss, A, MA);
	m_exploitability = 8.22 * w_av[effective(cvss, AV, MAV)] * w_ac[effective(cvss, AC, MAC)] *
	                   w_pr[ms][effective(cvss, PR, MPR)] * w_ui[effective(cvss, UI, MUI)];
	miss = fmin(1 - ((1 - w_imp[mc] * w_req[cw__cvss_val(cvss, CR)]) *
	                 (1 - w_imp[mi] * w_req[cw__cvss_val(cvss, IR)]) *
	                 (1 - w_imp[ma] * w_req[cw__cvss_val(cvss, AR)])), 0.915);
	if (ms == 0)
		m_impact = 6.42 * miss;
	else if (v31)
		m_impact = 7.52 * (miss - 0.029) - 3.25 * pow(miss * 0.9731 - 0.02, 13);
	else
		m_impact = 7.52 * (miss - 0.029) - 3.25 * pow(miss - 0.02, 15);
	if (m_impact <= 0)
		out->environmental = 0;
	else if (ms == 0)
		out->environmental = roundup(roundup(fmin(m_impact + m_exploitability, 10)) *
		                             w_e[cw__cvss_val(cvss, E)] * w_rl[cw__cvss_val(cvss, RL)] * w_rc_v);
	else
		out->environmental = roundup(roundup(fmin(1.08 * (m_impact + m_exploitability), 10)) *
		                             w_e[cw__cvss_val(cvss, E)] * w_rl[cw__cvss_val(cvss, RL)] * w_rc_v);

	out->score = out->has_environmental ? out->environmental
	           : out->has_temporal ? out->temporal : out->base;
	out->severity = cw_cvss_severity_of(cvss->version, out->score);
	return 0;
}
