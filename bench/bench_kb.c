/*
 * bench_kb.c - knowledge base figures: OSV ingest rate from the shared
 * all.zip exports (target >= 50,000 advisories/s per core), KB size against
 * the uncompressed JSON (target <= 1.5x), and `db show` latency (target
 * < 1 ms).  Usage: bench_kb [SHARED_DIR] (default $CW_SHARED_DIR, ../shared).
 * Single-threaded: the rate is per core.
 */
#include <archive.h>
#include <archive_entry.h>
#include <glob.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "chainwarden/kb.h"
#include "chainwarden/log.h"
#include "bench.h"

static double now(void)
{
	return cw_bench_clock(CLOCK_MONOTONIC);
}

static double cpu(void)
{
	return cw_bench_clock(CLOCK_PROCESS_CPUTIME_ID);
}

static long long uncompressed_json(const char *zip)
{
	struct archive *a = archive_read_new();
	struct archive_entry *e;
	long long total = 0;
	archive_read_support_format_zip(a);
	if (archive_read_open_filename(a, zip, 1 << 16) == ARCHIVE_OK)
		while (archive_read_next_header(a, &e) == ARCHIVE_OK)
			total += archive_entry_size(e);
	archive_read_free(a);
	return total;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	const char *shared = argc > 1 ? argv[1] : getenv("CW_SHARED_DIR");
	char pattern[4096], kb_path[] = "/tmp/bench_kb_XXXXXX";
	cw_kb_builder *b = NULL;
	cw_kb_build_stats stats;
	cw_kb *kb = NULL;
	glob_t g;
	long long json_bytes = 0;
	double t0, c0, t_ingest = 0, t_finish, c_ingest = 0, c_finish;
	struct stat sb;
	int fd;

	if (!shared)
		shared = "../shared";
	/* as the CLI does (src/cli/main.c): no stat of /etc/localtime per zip member */
	if (!getenv("TZ") && !getenv("BENCH_KEEP_TZ"))
		setenv("TZ", ":/etc/localtime", 0);
	cw_log_set_level(CW_LOG_ERROR);
	snprintf(pattern, sizeof(pattern), "%s/data/osv/*.zip", shared);
	if (glob(pattern, 0, NULL, &g) != 0) {
		fprintf(stderr, "no zips at %s\n", pattern);
		return 1;
	}
	if ((fd = mkstemp(kb_path)) < 0)
		return 1;
	close(fd);
	if (cw_kb_builder_new(&b, kb_path, NULL) < 0)
		goto fail;
	printf("OSV ingest (one core):\n");
	for (size_t i = 0; i < g.gl_pathc; i++) {
		t0 = now();
		c0 = cpu();
		if (cw_kb_builder_add_osv(b, g.gl_pathv[i]) < 0)
			goto fail;
		double dt = now() - t0, dc = cpu() - c0;
		t_ingest += dt;
		c_ingest += dc;
		json_bytes += uncompressed_json(g.gl_pathv[i]);
		printf("  %-20s %8.3f s wall %8.3f s CPU\n", strrchr(g.gl_pathv[i], '/') + 1, dt, dc);
	}
	t0 = now();
	c0 = cpu();
	if (cw_kb_builder_finish(b, &stats) < 0)
		goto fail;
	t_finish = now() - t0;
	c_finish = cpu() - c0;
	cw_kb_builder_free(b);
	b = NULL;
	printf("  advisories %llu (+%llu malformed), ingest %.3f s, finish (indexes, alias groups,"
	       " fsync, rename) %.3f s, total %.3f s\n", (unsigned long long)stats.added,
	       (unsigned long long)stats.malformed, t_ingest, t_finish, t_ingest + t_finish);
	printf("  CPU: ingest %.3f s, finish %.3f s, total %.3f s\n", c_ingest, c_finish,
	       c_ingest + c_finish);
	printf("  rate per core (CPU time): %.0f advisories/s ingest only, %.0f advisories/s"
	       " including finish (target >= 50000)\n", (double)stats.added / c_ingest,
	       (double)stats.added / (c_ingest + c_finish));
	printf("  rate (wall clock, shared machine): %.0f advisories/s\n",
	       (double)stats.added / (t_ingest + t_finish));
	stat(kb_path, &sb);
	printf("KB size: %lld bytes, uncompressed OSV JSON %lld bytes: %.2fx (target <= 1.5x)\n",
	       (long long)sb.st_size, json_bytes, (double)sb.st_size / (double)json_bytes);

	/* db show latency over every advisory id, in random order */
	{
		sqlite3 *db;
		sqlite3_stmt *st;
		char **ids = NULL;
		size_t n = 0, cap = 0;
		double *lat;
		sqlite3_open_v2(kb_path, &db, SQLITE_OPEN_READONLY, NULL);
		sqlite3_prepare_v2(db, "SELECT name FROM advisories ORDER BY random()", -1, &st, NULL);
		while (sqlite3_step(st) == SQLITE_ROW) {
			if (n == cap)
				ids = realloc(ids, (cap = cap ? cap * 2 : 1024) * sizeof(*ids));
			ids[n++] = strdup((const char *)sqlite3_column_text(st, 0));
		}
		sqlite3_finalize(st);
		sqlite3_close(db);
		lat = malloc(n * sizeof(*lat));
		if (cw_kb_open(&kb, kb_path) < 0)
			goto fail;
		c0 = cpu();
		for (size_t i = 0; i < n; i++) {
			char *out = NULL;
			t0 = now();
			if (cw_kb_show(&out, kb, ids[i], CW_KB_FORMAT_JSON) < 0)
				goto fail;
			lat[i] = now() - t0;
			free(out);
			free(ids[i]);
		}
		c0 = cpu() - c0;
		qsort(lat, n, sizeof(*lat), cmp_double);
		double sum = 0;
		for (size_t i = 0; i < n; i++)
			sum += lat[i];
		printf("db show (JSON, library call on an open KB) over %zu ids: mean %.3f ms, median %.3f ms,"
		       " p99 %.3f ms, max %.3f ms (target < 1 ms)\n", n, sum / (double)n * 1e3,
		       lat[n / 2] * 1e3, lat[n * 99 / 100] * 1e3, lat[n - 1] * 1e3);
		printf("  CPU time per db show: %.3f ms\n", c0 / (double)n * 1e3);
		free(lat);
		free(ids);
		cw_kb_free(kb);
	}
	unlink(kb_path);
	globfree(&g);
	return 0;
fail:
	fprintf(stderr, "bench_kb: %s\n", cw_error_last()->message);
	cw_kb_builder_free(b);
	unlink(kb_path);
	return 1;
}
