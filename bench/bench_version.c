/*
 * bench_version.c - version comparison throughput per scheme.
 *
 * For each scheme: 4096 realistic versions (releases, prereleases, build
 * metadata, the scheme's own forms) are parsed once, then
 *   compare/s          cw_version_compare() on pre-parsed versions,
 *                      random pairs (target >= 10M/s per core);
 *   parse+compare/s    cw_version_compare_strings() on two strings:
 *                      two parses, one comparison, two frees (target >= 2M/s);
 *   satisfies/s        cw_version_satisfies() on a pre-parsed range.
 * Single-threaded; rates are per CPU-second of this thread (CLOCK_THREAD_CPUTIME_ID),
 * i.e. per core, so other load on the machine does not halve them.  Build
 * with -DCMAKE_BUILD_TYPE=Release for real figures.
 * Usage: bench_version [SECONDS_PER_MEASUREMENT]   (default 0.5)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "chainwarden/version.h"
#include "bench.h"

#define NVERSIONS 4096
#define NPAIRS 65536

typedef struct {
	const char *ecosystem;
	const char *range;
	const char *(*make)(char *buf, size_t size, unsigned i);
} bench_scheme;

static unsigned rnd_state = 12345;

static unsigned rnd(void)
{
	rnd_state = rnd_state * 1103515245u + 12345u;
	return (rnd_state >> 8) & 0xffffff;
}

static const char *const pres[] = { "alpha", "alpha.1", "beta.2", "beta.11", "rc.1", "0", "1" };

static const char *make_semver(char *buf, size_t size, unsigned i)
{
	unsigned r = rnd();
	int n = snprintf(buf, size, "%u.%u.%u", r % 20, (r >> 5) % 30, (r >> 10) % 50);
	if (i % 4 == 0)
		n += snprintf(buf + n, size - (size_t)n, "-%s", pres[(r >> 16) % 7]);
	if (i % 16 == 1)
		snprintf(buf + n, size - (size_t)n, "+build.%u", r % 100);
	return buf;
}

static const char *make_go(char *buf, size_t size, unsigned i)
{
	unsigned r = rnd();
	if (i % 5 == 0)
		snprintf(buf, size, "v0.0.0-2019%02u%02u%06u-%012x", r % 12 + 1, (r >> 4) % 28 + 1,
		         r % 240000, r);
	else if (i % 7 == 0)
		snprintf(buf, size, "v%u.0.%u+incompatible", r % 5 + 2, (r >> 4) % 20);
	else
		make_semver(buf + 1, size - 1, i), buf[0] = 'v';
	return buf;
}

static const char *make_nuget(char *buf, size_t size, unsigned i)
{
	unsigned r = rnd();
	if (i % 3 == 0)
		snprintf(buf, size, "%u.%u.%u.%u", r % 10, (r >> 4) % 10, (r >> 8) % 10, (r >> 12) % 10);
	else if (i % 3 == 1)
		snprintf(buf, size, "%u.%u.%u-RC%u", r % 10, (r >> 4) % 10, (r >> 8) % 10, (r >> 12) % 4);
	else
		make_semver(buf, size, i);
	return buf;
}

static const char *make_composer(char *buf, size_t size, unsigned i)
{
	static const char *const stab[] = { "", "-beta2", "-RC1", "-alpha", "-dev", "-p1", "", "" };
	unsigned r = rnd();
	snprintf(buf, size, "%s%u.%u.%u%s", i % 3 ? "" : "v", r % 10, (r >> 4) % 10, (r >> 8) % 30,
	         stab[(r >> 13) % 8]);
	return buf;
}

static const char *make_generic(char *buf, size_t size, unsigned i)
{
	unsigned r = rnd();
	snprintf(buf, size, "%u.%u%s%u", r % 10, (r >> 4) % 10, i % 2 ? "-rc" : ".", (r >> 8) % 30);
	return buf;
}

static const bench_scheme schemes[] = {
	{ "npm", ">=1.2.3 <2.0.0 || ^5.1.0-beta.1 || ~7.2", make_semver },
	{ "Go", ">=v1.2.0, <v1.9.3 || >=v5.0.0", make_go },
	{ "crates.io", ">=1.2.3, <2", make_semver },
	{ "NuGet", "[1.0,5.0)", make_nuget },
	{ "Packagist", "^1.2 || ~3.1.0, !=3.1.4", make_composer },
	{ "Hex", "~> 2.1 and != 2.1.5 or >= 7.0.0", make_semver },
	{ "Pub", ">=1.2.0 <5.0.0", make_semver },
	{ "generic", ">=1.2 <5", make_generic },
};

static double now(void)
{
	return cw_bench_clock(CLOCK_THREAD_CPUTIME_ID); /* per core, even on a busy machine */
}

static volatile long sink;

int main(int argc, char **argv)
{
	double seconds = argc > 1 ? atof(argv[1]) : 0.5;
	static char texts[NVERSIONS][64];
	static cw_version *versions[NVERSIONS];
	static unsigned pairs[NPAIRS][2];

	printf("%-10s %14s %16s %14s\n", "scheme", "compare/s", "parse+compare/s", "satisfies/s");
	for (size_t s = 0; s < sizeof(schemes) / sizeof(schemes[0]); s++) {
		const bench_scheme *b = &schemes[s];
		const cw_version_scheme *scheme = cw_version_scheme_for(b->ecosystem);
		cw_version_range *range = NULL;
		double t0, t;
		long ops, acc = 0;

		for (unsigned i = 0; i < NVERSIONS; i++) {
			b->make(texts[i], sizeof(texts[i]), i);
			if (cw_version_parse(&versions[i], scheme, texts[i], strlen(texts[i])) < 0) {
				fprintf(stderr, "%s: cannot parse '%s': %s\n", b->ecosystem, texts[i],
				        cw_error_last()->message);
				return 1;
			}
		}
		if (cw_version_range_parse(&range, scheme, b->range, strlen(b->range)) < 0) {
			fprintf(stderr, "%s: cannot parse range: %s\n", b->ecosystem, cw_error_last()->message);
			return 1;
		}
		for (unsigned i = 0; i < NPAIRS; i++) {
			pairs[i][0] = rnd() % NVERSIONS;
			pairs[i][1] = rnd() % NVERSIONS;
		}

		printf("%-10s", b->ecosystem);
		/* compare on pre-parsed versions */
		ops = 0;
		t0 = now();
		do {
			for (unsigned i = 0; i < NPAIRS; i++)
				acc += cw_version_compare(versions[pairs[i][0]], versions[pairs[i][1]]);
			ops += NPAIRS;
		} while ((t = now() - t0) < seconds);
		printf(" %14.0f", (double)ops / t);
		/* parse both strings, compare, free */
		ops = 0;
		t0 = now();
		do {
			for (unsigned i = 0; i < 4096; i++) {
				int c;
				if (cw_version_compare_strings(&c, scheme, texts[pairs[i][0]],
				                               texts[pairs[i][1]]) == 0)
					acc += c;
			}
			ops += 4096;
		} while ((t = now() - t0) < seconds);
		printf(" %16.0f", (double)ops / t);
		/* satisfies on a pre-parsed range */
		ops = 0;
		t0 = now();
		do {
			for (unsigned i = 0; i < NVERSIONS; i++)
				acc += cw_version_satisfies(range, versions[i]);
			ops += NVERSIONS;
		} while ((t = now() - t0) < seconds);
		printf(" %14.0f\n", (double)ops / t);
		sink = acc;
		cw_version_range_free(range);
		for (unsigned i = 0; i < NVERSIONS; i++)
			cw_version_free(versions[i]);
	}
	return 0;
}
