/*
 * bench_typosquat.c - typosquatting check throughput (issue target: 10,000
 * dependency names against 10,000 popular names in under 200 ms).
 *
 * usage: bench_typosquat POPULAR_LIST   (../shared/data/popular/npm-high-impact.txt)
 * The first 10,000 names make the index; the next 10,000 (real packages,
 * mostly legitimate) are the queries.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "chainwarden/attack.h"
#include "bench.h"

static double now(void)
{
	return cw_bench_clock(CLOCK_PROCESS_CPUTIME_ID); /* CPU time: load elsewhere does not count */
}

int main(int argc, char **argv)
{
	FILE *fp;
	char *data, *cut, *names[10000];
	long size;
	size_t lines = 0, count = 0, flagged = 0;
	cw_typosquat_index *ix;
	double t0, t1, t2;

	if (argc < 2 || !(fp = fopen(argv[1], "rb"))) {
		fprintf(stderr, "usage: bench_typosquat npm-high-impact.txt\n");
		return 2;
	}
	fseek(fp, 0, SEEK_END);
	size = ftell(fp);
	fseek(fp, 0, SEEK_SET);
	data = malloc((size_t)size + 1);
	if (!data || fread(data, 1, (size_t)size, fp) != (size_t)size)
		return 3;
	fclose(fp);
	data[size] = '\0';
	for (cut = data; lines < 10000 && (cut = strchr(cut, '\n')); cut++, lines++)
		;
	if (!cut)
		return 3;
	*cut++ = '\0';
	for (char *save = NULL, *n = strtok_r(cut, "\n", &save); n && count < 10000;
	     n = strtok_r(NULL, "\n", &save))
		names[count++] = n;

	t0 = now();
	if (cw_typosquat_index_new(&ix, "npm") != 0 ||
	    cw_typosquat_index_add_list(ix, data, strlen(data), "popular") != 0)
		return 3;
	t1 = now();
	for (size_t i = 0; i < count; i++) {
		cw_typosquat_match m;
		flagged += cw_typosquat_check(ix, names[i], &m);
	}
	t2 = now();
	printf("typosquat: index of %zu popular names built in %.1f ms; %zu names checked in "
	       "%.1f ms (%.0f names/s), %zu flagged; total %.1f ms (target < 200 ms)\n",
	       cw_typosquat_index_count(ix), (t1 - t0) * 1e3, count, (t2 - t1) * 1e3,
	       (double)count / (t2 - t1), flagged, (t2 - t0) * 1e3);
	cw_typosquat_index_free(ix);
	free(data);
	return 0;
}
