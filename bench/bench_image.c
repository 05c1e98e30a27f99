/*
 * bench_image.c - container image SBOM time against the time to merely
 * decompress and read the same archive with tar (the target:
 * at most 2x `tar -xOf IMAGE > /dev/null`, plus layer decompression).
 *
 * usage: bench_image IMAGE [RUNS]
 * For each run: the inventory (cw_inventory_scan_path) and the baseline
 * `tar -xOf IMAGE > /dev/null`, plus for OCI layouts the decompression of
 * every gzip/zstd blob ("tar -xOf IMAGE blobs | gzip -dc" is not possible
 * for the inner blobs, so the baseline extracts each blob and decompresses
 * it through a pipe).  Wall-clock medians; peak RSS of this process.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "chainwarden/inventory.h"

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	char cmd[8192];
	int runs = argc > 2 ? atoi(argv[2]) : 5;
	double ours[64], base[64];
	size_t comps = 0;

	if (argc < 2 || runs < 1 || runs > 64) {
		fprintf(stderr, "usage: bench_image IMAGE [RUNS<=64]\n");
		return 2;
	}
	/* Baseline: GNU tar reads every member (a gzip'd archive is inflated);
	 * the compressed layer blobs of an OCI layout (listed beforehand, not
	 * timed) are inflated as well, one tar + zstd/gzip pipe each. */
	char list[64];
	snprintf(list, sizeof(list), "/tmp/bench_image.%d", (int)getpid());
	snprintf(cmd, sizeof(cmd), "tar -tf '%s' | grep '^blobs/' > %s; true", argv[1], list);
	if (system(cmd) != 0)
		return 1;
	snprintf(cmd, sizeof(cmd),
	         "tar -xOf '%s' > /dev/null && "
	         "for m in $(cat %s); do "
	         "tar -xOf '%s' \"$m\" | (zstd -dcq 2>/dev/null || gzip -dc 2>/dev/null) > /dev/null; done; true",
	         argv[1], list, argv[1]);
	for (int r = 0; r < runs; r++) {
		cw_inventory *inv = NULL;
		double t0 = now();
		if (cw_inventory_new(&inv) < 0 || cw_inventory_scan_path(inv, argv[1], NULL) < 0) {
			fprintf(stderr, "%s\n", cw_error_last()->message);
			return 1;
		}
		ours[r] = now() - t0;
		comps = cw_inventory_component_count(inv);
		cw_inventory_free(inv);
		t0 = now();
		if (system(cmd) != 0) {
			fprintf(stderr, "baseline failed\n");
			return 1;
		}
		base[r] = now() - t0;
	}
	remove(list);
	qsort(ours, (size_t)runs, sizeof(double), cmp_d);
	qsort(base, (size_t)runs, sizeof(double), cmp_d);
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	printf("image: %s\ncomponents: %zu\nchainwarden inventory: %.3f s (median of %d)\n"
	       "tar baseline:          %.3f s\nratio: %.2fx (target <= 2x)\npeak RSS (this process): %ld KiB\n",
	       argv[1], comps, ours[runs / 2], runs, base[runs / 2], ours[runs / 2] / base[runs / 2],
	       ru.ru_maxrss);
	return 0;
}
