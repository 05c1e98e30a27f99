/*
 * bench_upstream.c - what the upstream-attack findings add to a scan: the
 * shared npm "large" fixture (package-lock.json v3, ~1,500 packages, with
 * its package.json) is inventoried and matched against a small KB (the
 * hand-written MAL records of tests/data/mal/osv), then cw_scan_upstream()
 * runs with: the lockfile signals only; + the typosquat check against the
 * shared popular list (17,000 names: the index is built per scan); + drift
 * (package.json against package-lock.json, both parsed again); + the
 * fresh-version check against a packument directory (one written here per
 * package, so every package is looked up and read).  Median of 9 runs,
 * CPU time (other load on a shared machine does not inflate it).
 *
 * Usage: bench_upstream [SHARED_DIR [SOURCE_DIR]] (defaults $CW_SHARED_DIR
 * or ../shared, and $CW_SOURCE_DIR or .).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bench.h"
#include "chainwarden/inventory.h"
#include "chainwarden/kb.h"
#include "chainwarden/log.h"
#include "chainwarden/scan.h"

#define RUNS 9

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static void die(const char *what)
{
	fprintf(stderr, "bench_upstream: %s: %s\n", what, cw_error_last()->message);
	exit(1);
}

/* One packument per npm package of the inventory, all published long ago. */
static void write_packuments(const cw_inventory *inv, const char *dir)
{
	for (size_t i = 0; i < cw_inventory_component_count(inv); i++) {
		const cw_component *c = cw_inventory_component(inv, i);
		char path[2048];
		FILE *fp;
		if (c->kind != CW_COMPONENT_LIBRARY || !c->version || !c->name)
			continue;
		if (c->name[0] == '@') {
			snprintf(path, sizeof(path), "%s/%.*s", dir, (int)strcspn(c->name, "/"), c->name);
			mkdir(path, 0700);
		}
		snprintf(path, sizeof(path), "%s/%s.json", dir, c->name);
		if (!(fp = fopen(path, "w")))
			continue;
		/* every version of the name in the inventory */
		fprintf(fp, "{\"name\":\"%s\",\"time\":{\"created\":\"2015-01-01T00:00:00.000Z\"", c->name);
		for (size_t k = 0; k < cw_inventory_component_count(inv); k++) {
			const cw_component *o = cw_inventory_component(inv, k);
			if (o->kind == CW_COMPONENT_LIBRARY && o->version && o->name && !strcmp(o->name, c->name))
				fprintf(fp, ",\"%s\":\"2020-06-01T12:00:00.000Z\"", o->version);
		}
		fputs("}}\n", fp);
		fclose(fp);
	}
}

int main(int argc, char **argv)
{
	const char *shared = argc > 1 ? argv[1] : getenv("CW_SHARED_DIR") ? getenv("CW_SHARED_DIR") : "../shared";
	const char *source = argc > 2 ? argv[2] : getenv("CW_SOURCE_DIR") ? getenv("CW_SOURCE_DIR") : ".";
	char kb_path[] = "/tmp/bench_upstream_kb_XXXXXX", pk_dir[] = "/tmp/bench_upstream_pk_XXXXXX";
	char lock[1024], popular[1024], osv[1024];
	const char *const names[] = { "inventory + match (baseline)", "signals", "signals + typosquat",
	                              "signals + typosquat + drift", "all + fresh (packument dir)" };
	double t[5][RUNS];
	size_t components = 0, findings[5] = { 0 };
	cw_kb_builder *b = NULL;
	cw_kb *kb = NULL;
	int fd;

	cw_log_set_level(CW_LOG_ERROR);
	snprintf(lock, sizeof(lock), "%s/fixtures/npm/large/package-lock.json", shared);
	snprintf(popular, sizeof(popular), "%s/data/popular/npm-high-impact.txt", shared);
	snprintf(osv, sizeof(osv), "%s/tests/data/mal/osv", source);
	if ((fd = mkstemp(kb_path)) < 0 || !mkdtemp(pk_dir))
		return 1;
	close(fd);
	if (cw_kb_builder_new(&b, kb_path, NULL) < 0 || cw_kb_builder_add_osv(b, osv) < 0 ||
	    cw_kb_builder_finish(b, NULL) < 0)
		die("KB");
	cw_kb_builder_free(b);
	if (cw_kb_open(&kb, kb_path) < 0)
		die("KB open");

	for (int run = 0; run < RUNS; run++) {
		for (int mode = 0; mode < 5; mode++) {
			cw_upstream_options uo = CW_UPSTREAM_OPTIONS_INIT;
			const char *pop[] = { popular };
			cw_inventory *inv = NULL;
			cw_scan_result *r = NULL;
			double t0 = cw_bench_clock(CLOCK_PROCESS_CPUTIME_ID), t1;
			if (cw_inventory_new(&inv) < 0 || cw_inventory_scan_path(inv, lock, NULL) < 0 ||
			    cw_scan_run(&r, inv, kb, NULL) < 0)
				die("scan");
			t1 = cw_bench_clock(CLOCK_PROCESS_CPUTIME_ID);
			if (run == 0 && mode == 0)
				write_packuments(inv, pk_dir);
			uo.drift = mode >= 3;
			uo.fresh_days = mode >= 4 ? 7 : -1;
			uo.registry_metadata = mode >= 4 ? pk_dir : NULL;
			uo.now = 1780272000;
			if (mode >= 2) {
				uo.popular_files = pop;
				uo.popular_file_count = 1;
			}
			if (mode >= 1 && cw_scan_upstream(r, &uo) < 0)
				die("upstream");
			t[mode][run] = (cw_bench_clock(CLOCK_PROCESS_CPUTIME_ID) - (mode ? t1 : t0)) * 1e3;
			components = cw_inventory_component_count(inv);
			findings[mode] = cw_scan_upstream_count(r);
			cw_scan_result_free(r);
			cw_inventory_free(inv);
		}
	}
	printf("npm large fixture: %zu components\n", components);
	for (int mode = 0; mode < 5; mode++) {
		qsort(t[mode], RUNS, sizeof(double), cmp_double);
		printf("  %-32s %7.1f ms CPU (median of %d)%s%zu upstream findings\n", names[mode],
		       t[mode][RUNS / 2], RUNS, mode ? ", " : "; ", findings[mode]);
	}
	cw_kb_free(kb);
	unlink(kb_path);
	{
		char cmd[256];
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", pk_dir);
		if (system(cmd) != 0)
			return 1;
	}
	return 0;
}
