/*
 * bench_toml.c - TOML parser throughput on a real lockfile.
 *
 * Parses the largest lockfile of the shared fixtures (Cargo's own
 * Cargo.lock, 136 KB, 550 packages) repeatedly into a fresh arena and
 * prints MB/s of CPU time (median of 5 rounds of at least 0.5 s each), plus one
 * synthetic Cargo.lock-shaped document of ~20 MB parsed once (large-input
 * throughput and the arena's size relative to the input).
 *
 * Usage: bench_toml [FILE]   (default $CW_SHARED_DIR or ../shared,
 *                            fixtures/other-ecosystems/cargo/cargo/Cargo.lock)
 * Build in Release (-DCMAKE_BUILD_TYPE=Release, no sanitizers) for numbers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "chainwarden/common.h"
#include "toml/toml.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/fs.h"
#include "bench.h"

/*
 * CPU time of the process: the build machine is shared, and wall-clock
 * figures mostly measured the other jobs.  Wall time is printed too.
 */
static double now(void)
{
	return cw_bench_clock(CLOCK_PROCESS_CPUTIME_ID);
}

static double wall(void)
{
	return cw_bench_clock(CLOCK_MONOTONIC);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static int parse_once(const char *data, size_t len, const char *name, size_t *arena_used)
{
	cw_arena arena = CW_ARENA_INIT;
	const cw_toml_value *root;
	int rc = cw__toml_parse(&root, &arena, data, len, name);
	if (rc < 0)
		fprintf(stderr, "%s\n", cw_error_last()->message);
	if (arena_used)
		*arena_used = arena.used;
	cw__arena_free(&arena);
	return rc;
}

int main(int argc, char **argv)
{
	char path[4096];
	const char *shared = getenv("CW_SHARED_DIR");
	cw_buf file = CW_BUF_INIT, big = CW_BUF_INIT;
	double rates[5], wall_rates[5];
	size_t used = 0;
	int rc = 1;

	if (argc > 1)
		snprintf(path, sizeof(path), "%s", argv[1]);
	else
		snprintf(path, sizeof(path), "%s/fixtures/other-ecosystems/cargo/cargo/Cargo.lock",
		         shared ? shared : "../shared");
	if (cw__file_read(&file, path, 0) < 0) {
		fprintf(stderr, "%s\n", cw_error_last()->message);
		goto done;
	}
	for (int r = 0; r < 5; r++) {
		double start = now(), wstart = wall(), elapsed;
		size_t runs = 0;
		do {
			if (parse_once(file.ptr, file.len, path, NULL) < 0)
				goto done;
			runs++;
			elapsed = now() - start;
		} while (elapsed < 0.5);
		rates[r] = (double)file.len * (double)runs / elapsed / 1e6;
		wall_rates[r] = (double)file.len * (double)runs / (wall() - wstart) / 1e6;
	}
	qsort(wall_rates, 5, sizeof(wall_rates[0]), cmp_double);
	qsort(rates, 5, sizeof(rates[0]), cmp_double);
	parse_once(file.ptr, file.len, path, &used);
	printf("toml: %s (%zu bytes): %.1f MB/s CPU time (median of 5; min %.1f, max %.1f), "
	       "%.1f MB/s wall; arena %.2fx input\n",
	       path, file.len, rates[2], rates[0], rates[4], wall_rates[2],
	       (double)used / (double)file.len);

	/* The same packages repeated under new names up to ~20 MB. */
	{
		size_t copies = (20u << 20) / file.len + 1;
		const char *body = strstr(file.ptr, "[[package]]");
		double start, elapsed;
		if (!body)
			goto done;
		if (cw__buf_puts(&big, "version = 4\n") < 0)
			goto done;
		for (size_t i = 0; i < copies; i++) {
			/* Distinct tables: the array of tables just grows. */
			if (cw__buf_put(&big, body, file.len - (size_t)(body - file.ptr)) < 0 ||
			    cw__buf_printf(&big, "\n[[package]]\nname = \"copy-%zu\"\n", i) < 0)
				goto done;
		}
		start = now();
		if (parse_once(big.ptr, big.len, "synthetic", &used) < 0)
			goto done;
		elapsed = now() - start;
		printf("toml: synthetic Cargo.lock (%zu bytes): %.1f MB/s CPU time (one parse); "
		       "arena %.2fx input\n",
		       big.len, (double)big.len / elapsed / 1e6, (double)used / (double)big.len);
	}
	rc = 0;
done:
	cw__buf_free(&file);
	cw__buf_free(&big);
	return rc;
}
