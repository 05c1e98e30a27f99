/*
 * cvss2.c - CVSS v2.0 metrics and scoring (base, temporal, environmental).
 *
 * Spec: "A Complete Guide to the Common Vulnerability Scoring System
 * Version 2.0", FIRST, section 3.2 (equations) and 2.4 (vector).
 * https://www.first.org/cvss/v2/guide
 *
 * Rounding: round_to_1_decimal, as the calculators implement it
 * (Math.round(x * 10) / 10).  The adjusted temporal score of the
 * environmental equation rounds the adjusted base score first, because the
 * guide defines it as the temporal equation applied to that (rounded) score.
 */
#include "cvss/cvss_internal.h"

enum { AV, AC, AU, C, I, A, E, RL, RC, CDP, TD, CR, IR, AR, N_METRICS };

/* The metrics of the guide's vector table (section 2.4), in the enum's order:
 * base | temporal | environmental. */
CW__CVSS_SPEC(cw__cvss2_spec, CW_CVSS_V2_0, "", N_METRICS, true, cw__cvss2_score,
	"AV:[L,A,N]/AC:[H,M,L]/Au:[M,S,N]/C:[N,P,C]/I:[N,P,C]/A:[N,P,C]"
	" | E:[ND,U,POC,F,H]/RL:[ND,OF,TF,W,U]/RC:[ND,UC,UR,C]"
	" | CDP:[ND,N,L,LM,MH,H]/TD:[ND,N,L,M,H]/CR:[ND,L,M,H]/IR:[ND,L,M,H]/AR:[ND,L,M,H]");

/* Weights, indexed like the value lists above (guide, section 3.2.1-3.2.3). */
static const double w_av[] = { 0.395, 0.646, 1.0 };
static const double w_ac[] = { 0.35, 0.61, 0.71 };
static const double w_au[] = { 0.45, 0.56, 0.704 };
static const double w_imp[] = { 0.0, 0.275, 0.660 };
static const double w_e[] = { 1.0, 0.85, 0.9, 0.95, 1.0 };
static const double w_rl[] = { 1.0, 0.87, 0.90, 0.95, 1.0 };
static const double w_rc[] = { 1.0, 0.90, 0.95, 1.0 };
static const double w_cdp[] = { 0.0, 0.0, 0.1, 0.3, 0.4, 0.5 };
static const double w_td[] = { 1.0, 0.0, 0.25, 0.75, 1.0 };
static const double w_req[] = { 1.0, 0.5, 1.0, 1.51 };

#define W(table, metric) (table[cw__cvss_val(cvss, metric)])

static double base_equation(double impact, double exploitability)
{
	double f = impact == 0.0 ? 0.0 : 1.176;
	return cw__cvss_round1(((0.6 * impact) + (0.4 * exploitability) - 1.5) * f);
}

int cw__cvss2_score(cw_cvss_scores *out, const cw_cvss *cvss)
{
	double c = W(w_imp, C), i = W(w_imp, I), a = W(w_imp, A);
	double impact = 10.41 * (1 - (1 - c) * (1 - i) * (1 - a));
	double exploitability = 20 * W(w_av, AV) * W(w_ac, AC) * W(w_au, AU);
	double temporal_factor_e = W(w_e, E), rl = W(w_rl, RL), rc = W(w_rc, RC);
	double adj_impact, adj_base, adj_temporal;

	out->base = base_equation(impact, exploitability);
	out->temporal = cw__cvss_round1(out->base * temporal_factor_e * rl * rc);

	adj_impact = 10.41 * (1 - (1 - c * W(w_req, CR)) * (1 - i * W(w_req, IR)) *
	                          (1 - a * W(w_req, AR)));
	if (adj_impact > 10)
		adj_impact = 10;
	adj_base = base_equation(adj_impact, exploitability);
	adj_temporal = cw__cvss_round1(adj_base * temporal_factor_e * rl * rc);
	out->environmental = cw__cvss_round1(
		(adj_temporal + (10 - adj_temporal) * W(w_cdp, CDP)) * W(w_td, TD));

	out->score = out->has_environmental ? out->environmental
	           : out->has_temporal ? out->temporal : out->base;
	out->severity = cw_cvss_severity_of(CW_CVSS_V2_0, out->score);
	return 0;
}
