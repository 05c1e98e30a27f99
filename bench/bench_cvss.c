/*
 * bench_cvss.c - CVSS vectors parsed and scored per second.
 *
 * Usage: bench_cvss [SECONDS]   (default 1 per measurement)
 * Measures, per version, parse only, score only (pre-parsed) and
 * parse+score, over a small fixed set of vectors (base-only and full).
 */
#include "chainwarden/cvss.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "bench.h"

static const char *const v2[] = {
	"AV:N/AC:L/Au:N/C:P/I:P/A:P",
	"AV:N/AC:L/Au:N/C:N/I:N/A:C/E:F/RL:OF/RC:C/CDP:H/TD:H/CR:M/IR:M/AR:H",
};
static const char *const v31[] = {
	"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
	"CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:L/I:L/A:N/E:P/RL:O/RC:C/CR:H/IR:M/AR:L/MAV:A/MAC:H/MPR:N/MUI:R/MS:U/MC:H/MI:L/MA:N",
};
static const char *const v40[] = {
	"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N",
	"CVSS:4.0/AV:N/AC:L/AT:N/PR:H/UI:N/VC:L/VI:L/VA:N/SC:N/SI:N/SA:N/E:U/CR:L/IR:H/AR:L/MAV:A/MAC:H/MAT:N/MPR:N/MUI:P/MVC:H/MVI:N/MVA:H/MSC:N/MSI:L/MSA:S/S:N/AU:N/R:I/V:C/RE:H/U:Green",
};

static double now(void)
{
	return cw_bench_clock(CLOCK_MONOTONIC);
}

static volatile double sink;

static void run(const char *label, const char *const *vectors, size_t n, double seconds)
{
	cw_cvss parsed[2];
	size_t lens[2];
	cw_cvss_scores s;

	for (size_t i = 0; i < n; i++) {
		lens[i] = strlen(vectors[i]);
		if (cw_cvss_parse(&parsed[i], vectors[i], lens[i]) < 0) {
			fprintf(stderr, "%s\n", cw_error_last()->message);
			exit(1);
		}
	}
	for (int mode = 0; mode < 3; mode++) {
		static const char *const names[] = { "parse", "score", "parse+score" };
		size_t iters = 0;
		double t0 = now(), t;
		do {
			for (int k = 0; k < 1000; k++) {
				size_t i = (size_t)k % n;
				cw_cvss c;
				if (mode != 1)
					(void)cw_cvss_parse(&c, vectors[i], lens[i]);
				else
					c = parsed[i];
				if (mode != 0) {
					(void)cw_cvss_score(&s, &c);
					sink += s.score;
				}
			}
			iters += 1000;
			t = now() - t0;
		} while (t < seconds);
		printf("%-5s %-12s %10.0f vectors/s\n", label, names[mode], (double)iters / t);
	}
}

int main(int argc, char **argv)
{
	double seconds = argc > 1 ? atof(argv[1]) : 1.0;
	if (seconds <= 0)
		seconds = 1.0;
	run("v2.0", v2, 2, seconds);
	run("v3.1", v31, 2, seconds);
	run("v4.0", v40, 2, seconds);
	return 0;
}
