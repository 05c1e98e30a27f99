/*
 * bench_scan.c - `scan` figures: a 10,000-component inventory against a KB
 * of all shared OSV data (+ KEV + the NVD sample), end to end: open the KB,
 * read the inventory, match, build the JSON report.  Targets: under 100 ms
 * warm, under 300 ms cold (the KB evicted from the page cache first with
 * posix_fadvise(DONTNEED)), peak RSS under 64 MiB (measured in a child
 * process that does only the scan).
 *
 * The inventory is a worst case for the matcher: every component is a
 * package some advisory names (taken from the KB, all four ecosystems),
 * at versions spread around the ranges, under 100 direct dependencies.
 *
 * Usage: bench_scan [SHARED_DIR] (default $CW_SHARED_DIR, ../shared).
 */
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "chainwarden/kb.h"
#include "chainwarden/log.h"
#include "chainwarden/scan.h"
#include "inventory/manual.h"
#include "util/buf.h"

#define N 10000

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double cpu(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int sink(void *payload, const char *data, size_t len)
{
	return cw__buf_put(payload, data, len);
}

/* One end-to-end scan; returns findings or -1. */
static long scan_once(const char *kb_path, const char *list, size_t len)
{
	cw_kb *kb = NULL;
	cw_inventory *inv = NULL;
	cw_scan_result *r = NULL;
	cw_report_options ro = CW_REPORT_OPTIONS_INIT;
	cw_buf out = CW_BUF_INIT;
	long n = -1;
	double t[5];
	ro.format = CW_REPORT_JSON;
	t[0] = now();
	if (cw_kb_open(&kb, kb_path) < 0 || (t[1] = now(), cw_inventory_new(&inv)) < 0 ||
	    cw__inventory_add_list(inv, "bench.txt", list, len) < 0 || (t[2] = now(), cw_scan_run(&r, inv, kb, NULL)) < 0 ||
	    (t[3] = now(), cw_scan_report(r, &ro, sink, &out)) < 0) {
		fprintf(stderr, "bench_scan: %s\n", cw_error_last()->message);
	} else {
		n = (long)cw_scan_finding_count(r);
		t[4] = now();
		if (getenv("BENCH_PHASES"))
			printf("  phases: open %.1f ms, inventory %.1f ms, match %.1f ms, JSON report %.1f ms\n",
			       (t[1] - t[0]) * 1e3, (t[2] - t[1]) * 1e3, (t[3] - t[2]) * 1e3, (t[4] - t[3]) * 1e3);
	}
	cw__buf_free(&out);
	cw_scan_result_free(r);
	cw_inventory_free(inv);
	cw_kb_free(kb);
	return n;
}

static const char *purl_type(const char *eco)
{
	if (!strcmp(eco, "PyPI")) return "pypi";
	if (!strcmp(eco, "Go")) return "golang";
	if (!strcmp(eco, "crates.io")) return "cargo";
	return "npm";
}

/* `hits` of every 100 components are packages some advisory names; the
 * others are names no advisory has (most of a real project). */
static char *make_list(const char *kb_path, size_t *len, int hits)
{
	static const char *const versions[] = { "0.1.0", "1.0.0", "1.2.3", "2.0.0", "0.9.9", "3.1.4", "4.17.4", "1.11.0" };
	sqlite3 *db;
	sqlite3_stmt *st;
	cw_buf b = CW_BUF_INIT;
	size_t count = 0, names = 0;
	char (*list)[2][300] = calloc(N, sizeof(*list));
	if (!list || sqlite3_open_v2(kb_path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
		return NULL;
	sqlite3_prepare_v2(db, "SELECT DISTINCT eco_base, name FROM affected WHERE name NOT LIKE '% %'"
	                       " ORDER BY random() LIMIT 10000", -1, &st, NULL);
	while (sqlite3_step(st) == SQLITE_ROW && names < N) {
		snprintf(list[names][0], 300, "%s", (const char *)sqlite3_column_text(st, 0));
		snprintf(list[names][1], 300, "%s", (const char *)sqlite3_column_text(st, 1));
		names++;
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	cw__buf_puts(&b, "npm bench-app 1.0.0\n");
	for (size_t d = 0; d < 100 && count < N; d++) {
		for (size_t k = 0; k < 100 && count < N; k++, count++) {
			size_t i = count % names;
			const char *v = versions[(count / names + count) % 8];
			bool go = !strcmp(list[i][0], "Go");
			if ((int)(count % 100) >= hits)
				cw__buf_printf(&b, "%snpm clean-package-%zu %s\n", k ? "    " : "  ", count, v);
			else
				cw__buf_printf(&b, "%s%s %s %s%s\n", k ? "    " : "  ", purl_type(list[i][0]),
				               list[i][1], go ? "v" : "", v);
		}
	}
	free(list);
	*len = b.len;
	return cw__buf_detach(&b);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	static const char *const zips[] = { "npm.zip", "Go.zip", "PyPI.zip", "crates.io.zip" };
	const char *shared = argc > 1 && argv[1][0] != '-' ? argv[1] : getenv("CW_SHARED_DIR") ? getenv("CW_SHARED_DIR") : "../shared";
	char kb_path[] = "/tmp/bench_scan_kb_XXXXXX", path[1024];
	double warm[20], warm_cpu[20], t0;
	size_t len = 0;
	char *list;
	long findings = 0;
	int fd = mkstemp(kb_path), status, runs;
	struct rusage ru;
	pid_t pid;
	cw_kb_builder *b = NULL;

	cw_log_set_level(CW_LOG_ERROR);
	if (argc == 4 && !strcmp(argv[1], "--child")) {
		cw_buf in = CW_BUF_INIT;
		FILE *fp = fopen(argv[3], "r");
		char chunk[65536];
		size_t got;
		double s, c;
		long n;
		while (fp && (got = fread(chunk, 1, sizeof(chunk), fp)) > 0)
			cw__buf_put(&in, chunk, got);
		if (fp)
			fclose(fp);
		s = now();
		c = cpu();
		n = scan_once(argv[2], in.ptr, in.len);
		printf("cold: %.1f ms wall, %.1f ms CPU, end to end (%ld findings)\n", (now() - s) * 1e3,
		       (cpu() - c) * 1e3, n);
		cw__buf_free(&in);
		return n < 0;
	}
	close(fd);
	if (cw_kb_builder_new(&b, kb_path, NULL) < 0)
		return 1;
	for (size_t i = 0; i < 4; i++) {
		snprintf(path, sizeof(path), "%s/data/osv/%s", shared, zips[i]);
		if (cw_kb_builder_add_osv(b, path) < 0)
			return fprintf(stderr, "%s\n", cw_error_last()->message), 1;
	}
	snprintf(path, sizeof(path), "%s/data/kev/known_exploited_vulnerabilities.json", shared);
	cw_kb_builder_add_kev(b, path);
	snprintf(path, sizeof(path), "%s/data/nvd/nvdcve-2.0-sample.json", shared);
	cw_kb_builder_add_nvd(b, path);
	if (cw_kb_builder_finish(b, NULL) < 0)
		return fprintf(stderr, "%s\n", cw_error_last()->message), 1;
	cw_kb_builder_free(b);
	for (int mode = 0; mode < 2; mode++) {
		int hits = mode == 0 ? 10 : 100;
		char list_path[] = "/tmp/bench_scan_list_XXXXXX";
		FILE *fp = NULL;
		printf("-- %d components, %d%% of them named by some advisory%s\n", N, hits,
		       hits == 100 ? " (worst case)" : " (a typical project)");
		if (!(list = make_list(kb_path, &len, hits)))
			return 1;
		if ((fd = mkstemp(list_path)) < 0 || !(fp = fdopen(fd, "w")) || fwrite(list, 1, len, fp) != len)
			return 1;
		fclose(fp);
		/* cold, in a fresh process: KB pages evicted from the page cache */
		fd = open(kb_path, O_RDONLY);
		fdatasync(fd);
		posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
		close(fd);
		fflush(stdout);
		if ((pid = fork()) == 0) {
			execl("/proc/self/exe", "bench_scan", "--child", kb_path, list_path, (char *)NULL);
			_exit(127);
		}
		if (wait4(pid, &status, 0, &ru) < 0 || !WIFEXITED(status) || WEXITSTATUS(status))
			return 1;
		if (getenv("BENCH_KEEP"))
			printf("kept: %s %s\n", kb_path, list_path);
		else
			unlink(list_path);
		printf("cold process: %.1f ms CPU in all (exec, KB open, scan); peak RSS %.1f MiB (includes the input text)\n",
		       ((double)ru.ru_utime.tv_sec + (double)ru.ru_stime.tv_sec) * 1e3 +
		               ((double)ru.ru_utime.tv_usec + (double)ru.ru_stime.tv_usec) / 1e3,
		       (double)ru.ru_maxrss / 1024.0);
		runs = getenv("BENCH_RUNS") ? atoi(getenv("BENCH_RUNS")) : 20;
		if (runs < 1 || runs > 20)
			runs = 20;
		for (int i = 0; i < runs; i++) {
			double c0 = cpu();
			t0 = now();
			findings = scan_once(kb_path, list, len);
			warm[i] = (now() - t0) * 1e3;
			warm_cpu[i] = (cpu() - c0) * 1e3;
		}
		qsort(warm, (size_t)runs, sizeof(double), cmp_double);
		qsort(warm_cpu, (size_t)runs, sizeof(double), cmp_double);
		printf("warm: CPU median %.1f ms (min %.1f); wall median %.1f ms (min %.1f, max %.1f) over %d runs; "
		       "%ld findings\n", warm_cpu[runs / 2], warm_cpu[0], warm[runs / 2], warm[0], warm[runs - 1],
		       runs, findings);
		free(list);
	}
	if (!getenv("BENCH_KEEP"))
		unlink(kb_path);
	return 0;
}
