/*
 * cvss4.c - CVSS v4.0 metrics and scoring.
 *
 * Spec: CVSS v4.0 Specification Document, section 8 (scoring) and 7 (vector
 * string), https://www.first.org/cvss/v4-0/specification-document, and the
 * FIRST reference calculator (cvss_score.js), whose arithmetic this file
 * reproduces step by step so that scores agree to the last bit.
 *
 * How a v4.0 score is made:
 *  1. Effective values: a modified metric (MAV, ..., MSA) replaces its base
 *     metric unless X; E:X counts as E:A (worst case), CR/IR/AR:X as H.
 *  2. The vector falls in one MacroVector: six "equivalence classes" EQ1..EQ6
 *     each take a level 0..2 from a few metrics (macrovector() below).  The
 *     MacroVector's score comes from the lookup table the FIRST experts
 *     ranked (cvss4_tables.c, 270 entries).
 *  3. Within the MacroVector, the vector is placed by its "severity
 *     distance" from the MacroVector's highest-severity vector (the first of
 *     the max_composed combinations that it does not exceed), per EQ, with
 *     metric levels in steps of 0.1.
 *  4. For each EQ whose next lower MacroVector exists, the available score
 *     drop (MacroVector score minus the lower one's) is scaled by the
 *     proportion distance / max-severity-depth of that EQ; EQ5 (threat)
 *     contributes 0.  The mean over the EQs with a lower MacroVector is
 *     subtracted from the MacroVector score.
 *  5. Clamp to [0, 10] and round half up to one decimal after adding 1e-6,
 *     as the current reference calculator does to undo arithmetic landing
 *     one ULP below an x.x5 tie.
 * A vector with no impact at all (VC, VI, VA, SC, SI, SA all N) scores 0.
 * Supplemental metrics never change the score.
 */
#include "cvss/cvss_internal.h"

#include <math.h>
#include <string.h>

enum {
	AV, AC, AT, PR, UI, VC, VI, VA, SC, SI, SA,
	E,
	CR, IR, AR, MAV, MAC, MAT, MPR, MUI, MVC, MVI, MVA, MSC, MSI, MSA,
	S_, AU, R, V, RE, U,
	N_METRICS
};
#define MODIFIED_OFFSET (MAV - AV)

/* The metrics of the specification's vector string table (section 7), in
 * the enum's order: base | threat | environmental | supplemental. */
CW__CVSS_SPEC(cw__cvss40_spec, CW_CVSS_V4_0, "CVSS:4.0/", N_METRICS, true, cw__cvss4_score,
	"AV:[N,A,L,P]/AC:[L,H]/AT:[N,P]/PR:[N,L,H]/UI:[N,P,A]/"
	"VC:[H,L,N]/VI:[H,L,N]/VA:[H,L,N]/SC:[H,L,N]/SI:[H,L,N]/SA:[H,L,N]"
	" | E:[X,A,P,U]"
	" | CR:[X,H,M,L]/IR:[X,H,M,L]/AR:[X,H,M,L]/"
	"MAV:[X,N,A,L,P]/MAC:[X,L,H]/MAT:[X,N,P]/MPR:[X,N,L,H]/MUI:[X,N,P,A]/"
	"MVC:[X,H,L,N]/MVI:[X,H,L,N]/MVA:[X,H,L,N]/MSC:[X,H,L,N]/MSI:[X,S,H,L,N]/MSA:[X,S,H,L,N]"
	" | S:[X,N,P]/AU:[X,N,Y]/R:[X,A,U,I]/V:[X,D,C]/RE:[X,L,M,H]/U:[X,Clear,Green,Amber,Red]");

/* The letter of metric i's value as written (X when absent). */
static char raw(const cw_cvss *cvss, unsigned i)
{
	return cw__cvss40_spec.metrics[i].values[cw__cvss_val(cvss, i)][0];
}

/* Step 1: the effective value of a base, threat or requirement metric. */
static char eff(const cw_cvss *cvss, unsigned i)
{
	char v = raw(cvss, i);
	if (i == E)
		return v == 'X' ? 'A' : v;
	if (i == CR || i == IR || i == AR)
		return v == 'X' ? 'H' : v;
	if (i <= SA) {
		char m = raw(cvss, i + MODIFIED_OFFSET);
		if (m != 'X')
			return m;
	}
	return v;
}

/* Step 2: the EQ levels. */
static void macrovector(int eq[6], const char ev[N_METRICS], const cw_cvss *cvss)
{
	bool av_n = ev[AV] == 'N', pr_n = ev[PR] == 'N', ui_n = ev[UI] == 'N';
	bool msi_s = raw(cvss, MSI) == 'S', msa_s = raw(cvss, MSA) == 'S';

	if (av_n && pr_n && ui_n)
		eq[0] = 0;
	else if ((av_n || pr_n || ui_n) && ev[AV] != 'P')
		eq[0] = 1;
	else
		eq[0] = 2;

	eq[1] = (ev[AC] == 'L' && ev[AT] == 'N') ? 0 : 1;

	if (ev[VC] == 'H' && ev[VI] == 'H')
		eq[2] = 0;
	else if (ev[VC] == 'H' || ev[VI] == 'H' || ev[VA] == 'H')
		eq[2] = 1;
	else
		eq[2] = 2;

	if (msi_s || msa_s)
		eq[3] = 0;
	else if (ev[SC] == 'H' || ev[SI] == 'H' || ev[SA] == 'H')
		eq[3] = 1;
	else
		eq[3] = 2;

	eq[4] = ev[E] == 'A' ? 0 : ev[E] == 'P' ? 1 : 2;

	eq[5] = ((ev[CR] == 'H' && ev[VC] == 'H') || (ev[IR] == 'H' && ev[VI] == 'H') ||
	         (ev[AR] == 'H' && ev[VA] == 'H')) ? 0 : 1;
}

/* Severity levels of the reference calculator (steps of 0.1). */
static double level(unsigned metric, char v)
{
	switch (metric) {
	case AV: return v == 'N' ? 0.0 : v == 'A' ? 0.1 : v == 'L' ? 0.2 : 0.3;
	case PR: return v == 'N' ? 0.0 : v == 'L' ? 0.1 : 0.2;
	case UI: return v == 'N' ? 0.0 : v == 'P' ? 0.1 : 0.2;
	case AC: return v == 'L' ? 0.0 : 0.1;
	case AT: return v == 'N' ? 0.0 : 0.1;
	case VC: case VI: case VA:
		return v == 'H' ? 0.0 : v == 'L' ? 0.1 : 0.2;
	case SC: return v == 'H' ? 0.1 : v == 'L' ? 0.2 : 0.3;
	case SI: case SA:
		return v == 'S' ? 0.0 : v == 'H' ? 0.1 : v == 'L' ? 0.2 : 0.3;
	case CR: case IR: case AR:
		return v == 'H' ? 0.0 : v == 'M' ? 0.1 : 0.2;
	}
	return 0.0;
}

/* The lookup score of a MacroVector, NaN when it does not exist. */
static double lookup(int e1, int e2, int e3, int e4, int e5, int e6)
{
	int v;
	if (e1 > 2 || e2 > 1 || e3 > 2 || e4 > 2 || e5 > 2 || e6 > 1)
		return NAN;
	v = cw__cvss4_lookup[CW__CVSS4_INDEX(e1, e2, e3, e4, e5, e6)];
	return v < 0 ? NAN : v / 10.0;
}

/* Metrics of each max-vector part, in the order of the generated letters. */
static const unsigned eq1_m[] = { AV, PR, UI }, eq2_m[] = { AC, AT },
	eq3_m[] = { VC, VI, VA, CR, IR, AR }, eq4_m[] = { SC, SI, SA };

static void distances(double d[N_METRICS], const char ev[N_METRICS],
                      const char *p1, const char *p2, const char *p3, const char *p4)
{
	for (unsigned k = 0; k < 3; k++)
		d[eq1_m[k]] = level(eq1_m[k], ev[eq1_m[k]]) - level(eq1_m[k], p1[k]);
	for (unsigned k = 0; k < 2; k++)
		d[eq2_m[k]] = level(eq2_m[k], ev[eq2_m[k]]) - level(eq2_m[k], p2[k]);
	for (unsigned k = 0; k < 6; k++)
		d[eq3_m[k]] = level(eq3_m[k], ev[eq3_m[k]]) - level(eq3_m[k], p3[k]);
	for (unsigned k = 0; k < 3; k++)
		d[eq4_m[k]] = level(eq4_m[k], ev[eq4_m[k]]) - level(eq4_m[k], p4[k]);
}

static bool any_negative(const double d[N_METRICS])
{
	static const unsigned all[] = { AV, PR, UI, AC, AT, VC, VI, VA, SC, SI, SA, CR, IR, AR };
	for (size_t k = 0; k < sizeof(all) / sizeof(all[0]); k++)
		if (d[all[k]] < 0)
			return true;
	return false;
}

/* Step 3: severity distances from the first max vector the vector does not
 * exceed (or, as the calculator does, the last one tried if none fits). */
static void severity_distances(double d[N_METRICS], const char ev[N_METRICS], const int eq[6])
{
	const cw__cvss4_maxes *m1 = &cw__cvss4_max_eq1[eq[0]], *m2 = &cw__cvss4_max_eq2[eq[1]],
		*m3 = &cw__cvss4_max_eq3eq6[eq[2]][eq[5]], *m4 = &cw__cvss4_max_eq4[eq[3]],
		*m5 = &cw__cvss4_max_eq5[eq[4]];

	for (int a = 0; a < 6 && m1->v[a]; a++)
		for (int b = 0; b < 6 && m2->v[b]; b++)
			for (int c = 0; c < 6 && m3->v[c]; c++)
				for (int e = 0; e < 6 && m4->v[e]; e++)
					for (int f = 0; f < 6 && m5->v[f]; f++) {
						distances(d, ev, m1->v[a], m2->v[b], m3->v[c], m4->v[e]);
						if (!any_negative(d))
							return;
					}
}

static double score_vector(const cw_cvss *cvss, char mv[8])
{
	char ev[N_METRICS];
	int eq[6];
	double d[N_METRICS] = { 0 };
	double value, lower[5], dist[5], maxsev[4], normalized[5] = { 0 };
	double step = 0.1, mean = 0;
	int n_lower = 0;

	for (unsigned i = 0; i <= AR; i++)
		ev[i] = eff(cvss, i);
	macrovector(eq, ev, cvss);
	for (int k = 0; k < 6; k++)
		mv[k] = (char)('0' + eq[k]);
	mv[6] = '\0';

	if (ev[VC] == 'N' && ev[VI] == 'N' && ev[VA] == 'N' &&
	    ev[SC] == 'N' && ev[SI] == 'N' && ev[SA] == 'N')
		return 0.0;

	value = lookup(eq[0], eq[1], eq[2], eq[3], eq[4], eq[5]);

	/* Step 4: the next lower MacroVector of each EQ (EQ3 and EQ6 move together). */
	lower[0] = lookup(eq[0] + 1, eq[1], eq[2], eq[3], eq[4], eq[5]);
	lower[1] = lookup(eq[0], eq[1] + 1, eq[2], eq[3], eq[4], eq[5]);
	if (eq[2] == 0 && eq[5] == 0) {
		double left = lookup(eq[0], eq[1], eq[2], eq[3], eq[4], eq[5] + 1);
		double right = lookup(eq[0], eq[1], eq[2] + 1, eq[3], eq[4], eq[5]);
		lower[2] = left > right ? left : right;   /* NaN compares false, as in JS */
	} else if (eq[2] == 1 && eq[5] == 0) {
		lower[2] = lookup(eq[0], eq[1], eq[2], eq[3], eq[4], eq[5] + 1);
	} else if (eq[2] == 2 && eq[5] == 1) {
		lower[2] = NAN;                            /* 21 -> 32 does not exist */
	} else {
		lower[2] = lookup(eq[0], eq[1], eq[2] + 1, eq[3], eq[4], eq[5]);
	}
	lower[3] = lookup(eq[0], eq[1], eq[2], eq[3] + 1, eq[4], eq[5]);
	lower[4] = lookup(eq[0], eq[1], eq[2], eq[3], eq[4] + 1, eq[5]);

	severity_distances(d, ev, eq);
	dist[0] = d[AV] + d[PR] + d[UI];
	dist[1] = d[AC] + d[AT];
	dist[2] = d[VC] + d[VI] + d[VA] + d[CR] + d[IR] + d[AR];
	dist[3] = d[SC] + d[SI] + d[SA];
	dist[4] = 0;

	maxsev[0] = cw__cvss4_maxsev_eq1[eq[0]] * step;
	maxsev[1] = cw__cvss4_maxsev_eq2[eq[1]] * step;
	maxsev[2] = cw__cvss4_maxsev_eq3eq6[eq[2]][eq[5]] * step;
	maxsev[3] = cw__cvss4_maxsev_eq4[eq[3]] * step;

	for (int k = 0; k < 5; k++) {
		double available = value - lower[k];
		if (isnan(available))
			continue;
		n_lower++;
		/* EQ5's proportion is always 0 */
		normalized[k] = available * (k < 4 ? dist[k] / maxsev[k] : 0.0);
	}
	if (n_lower > 0)
		mean = (normalized[0] + normalized[1] + normalized[2] + normalized[3] +
		        normalized[4]) / n_lower;

	value -= mean;
	if (value < 0)
		value = 0.0;
	if (value > 10)
		value = 10.0;
	return cw__cvss_js_round((value + 1e-6) * 10) / 10;
}

int cw__cvss4_score(cw_cvss_scores *out, const cw_cvss *cvss)
{
	cw_cvss base_only = *cvss;
	bool t = out->has_temporal, e = out->has_environmental;
	char mv[8];

	out->score = score_vector(cvss, out->macrovector);
	if (t || e) {
		memset(base_only.values + E, 0, (size_t)(N_METRICS - E));
		out->base = score_vector(&base_only, mv);
	} else {
		out->base = out->score;    /* X metrics and supplemental ones change nothing */
	}
	out->severity = cw_cvss_severity_of(CW_CVSS_V4_0, out->score);
	out->nomenclature = t && e ? "CVSS-BTE" : t ? "CVSS-BT" : e ? "CVSS-BE" : "CVSS-B";
	return 0;
}
