/*
 * bench_license.c - license expression parsing and declared-license
 * normalisation throughput.
 *
 * usage: bench_license DECLARED_TXT   (tests/data/license/declared.txt)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "chainwarden/license.h"

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	static char *lines[4096];
	static char buf[1 << 20];
	size_t count = 0, total = 0;
	FILE *fp;
	double start, secs;

	if (argc < 2 || !(fp = fopen(argv[1], "r"))) {
		fprintf(stderr, "usage: bench_license tests/data/license/declared.txt\n");
		return 2;
	}
	while (count < 4096 && fgets(buf, sizeof(buf), fp)) {
		char *arrow = strstr(buf, " => ");
		if (buf[0] == '#' || !arrow)
			continue;
		*arrow = '\0';
		lines[count++] = strdup(buf);
	}
	fclose(fp);

	/* Warm the lazily built name tables once. */
	cw_license_normalized n;
	cw_license_normalize(&n, "MIT", 3);
	cw_license_normalized_free(&n);

	start = now();
	for (int round = 0; round < 200; round++) {
		for (size_t i = 0; i < count; i++) {
			cw_license_normalize(&n, lines[i], strlen(lines[i]));
			cw_license_normalized_free(&n);
			total++;
		}
	}
	secs = now() - start;
	printf("normalize: %zu declared strings in %.3f s = %.0f strings/s\n", total, secs,
	       (double)total / secs);

	static const char *const exprs[] = {
		"MIT", "Apache-2.0 OR MIT", "(MIT OR Apache-2.0) AND BSD-3-Clause",
		"GPL-2.0-only WITH Classpath-exception-2.0 OR EPL-2.0",
		"LGPL-2.1-or-later AND (MPL-2.0 OR GPL-3.0-or-later) AND LicenseRef-x",
	};
	total = 0;
	start = now();
	for (int round = 0; round < 200000; round++) {
		for (size_t i = 0; i < sizeof(exprs) / sizeof(exprs[0]); i++) {
			cw_license_expr *e;
			if (cw_license_expr_parse(&e, exprs[i], strlen(exprs[i]), 0) == 0)
				cw_license_expr_free(e);
			total++;
		}
	}
	secs = now() - start;
	printf("expression parse: %zu in %.3f s = %.0f expressions/s\n", total, secs,
	       (double)total / secs);
	for (size_t i = 0; i < count; i++)
		free(lines[i]);
	return 0;
}
