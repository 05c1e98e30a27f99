/*
 * bench_license.c - license expression parsing and declared-license
 * normalisation throughput.
 *
 * usage: bench_license DECLARED_TXT [SPDX_LIST_JSON]
 *   DECLARED_TXT   tests/data/license/declared.txt
 *   SPDX_LIST_JSON ../shared/data/licenses/spdx-license-list.full.json: also
 *                  identify every license text of the list against the list
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "chainwarden/license.h"
#include "util/json.h"
#include "util/fs.h"
#include "bench.h"

static double now(void)
{
	return cw_bench_clock(CLOCK_PROCESS_CPUTIME_ID); /* CPU time: other load on the machine does not count */
}

static void bench_identify(const char *path)
{
	cw_license_db *db;
	cw_buf data = CW_BUF_INIT;
	cw_json *list;
	const char *id;
	cw_json *value;
	size_t files = 0, self = 0;
	double start = now(), load;

	if (cw_license_db_load(&db, path) != 0 || cw__file_read(&data, path, 0) != 0 ||
	    cw__json_parse(&list, data.ptr, data.len, path) != 0) {
		fprintf(stderr, "%s\n", cw_error_last()->message);
		exit(1);
	}
	load = now() - start;
	start = now();
	json_object_foreach(list, id, value) {
		const char *text = json_string_value(json_object_get(value, "licenseText"));
		cw_license_match *m;
		size_t n;
		if (cw_license_identify(&m, &n, db, text, strlen(text), 75) == 0) {
			self += n && strcmp(m[0].id, id) == 0;
			free(m);
		}
		files++;
	}
	double secs = now() - start;
	printf("identify: load %zu texts in %.1f ms; %zu files in %.3f s = %.0f files/s, "
	       "%.3f ms/file (%zu top match = own id)\n", cw_license_db_count(db), load * 1e3,
	       files, secs, (double)files / secs, secs * 1e3 / (double)files, self);
	cw__json_free(list);
	cw__buf_free(&data);
	cw_license_db_free(db);
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
	if (argc > 2)
		bench_identify(argv[2]);
	return 0;
}
