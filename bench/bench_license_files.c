/*
 * bench_license_files.c - license file discovery and identification in a
 * big tree (`license scan`): the walk, the package metadata of each
 * license file's folder, reading and identifying every file.
 *
 * usage: bench_license_files SPDX_LIST_JSON TREE [ROUNDS]
 *   SPDX_LIST_JSON ../shared/data/licenses/spdx-license-list.full.json
 *   TREE           e.g. made by `python3 tests/e2e/lib/license_tree.py
 *                  /tmp/cw-tree 4` (node_modules trees of the large npm
 *                  fixture, a LICENSE file per package from the SPDX texts
 *                  with the package's own copyright line)
 * Figures are CPU time of this process (the machine is shared).
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "chainwarden/license.h"
#include "bench.h"

static double now(void)
{
	return cw_bench_clock(CLOCK_PROCESS_CPUTIME_ID);
}

int main(int argc, char **argv)
{
	cw_license_db *db = NULL;
	int rounds = argc > 3 ? atoi(argv[3]) : 3;
	double start, load, best = 1e9;
	size_t files = 0, identified = 0, packaged = 0, distinct = 0;

	if (argc < 3 || rounds < 1) {
		fprintf(stderr, "usage: bench_license_files SPDX_LIST_JSON TREE [ROUNDS]\n");
		return 2;
	}
	start = now();
	if (cw_license_db_load(&db, argv[1]) != 0) {
		fprintf(stderr, "%s\n", cw_error_last()->message);
		return 1;
	}
	load = now() - start;
	for (int r = 0; r < rounds; r++) {
		cw_license_files *lf = NULL;
		double t;
		start = now();
		if (cw_license_files_scan(&lf, argv[2], db, NULL) != 0) {
			fprintf(stderr, "%s\n", cw_error_last()->message);
			return 1;
		}
		t = now() - start;
		if (t < best)
			best = t;
		files = cw_license_files_count(lf);
		identified = packaged = distinct = 0;
		for (size_t i = 0; i < files; i++) {
			const cw_license_file *f = cw_license_files_get(lf, i);
			bool seen = false;
			identified += f->match_count > 0;
			packaged += f->ecosystem != NULL;
			/* byte-identical files share one result: count the results */
			for (size_t k = 0; k < i && !seen && f->matches; k++)
				seen = cw_license_files_get(lf, k)->matches == f->matches;
			distinct += f->matches && !seen;
		}
		cw_license_files_free(lf);
	}
	printf("license texts indexed: %zu in %.0f ms\n", cw_license_db_count(db), load * 1e3);
	printf("license scan of %s: %zu license files (%zu identified, %zu in packages)\n", argv[2],
	       files, identified, packaged);
	printf("  best of %d: %.0f ms CPU, %.0f files/s, %.3f ms per file; %zu distinct texts "
	       "identified (%.3f ms each, walk and reads included)\n", rounds, best * 1e3,
	       files / best, best * 1e3 / (files ? files : 1), distinct,
	       best * 1e3 / (distinct ? distinct : 1));
	cw_license_db_free(db);
	return 0;
}
