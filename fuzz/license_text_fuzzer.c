/*
 * license_text_fuzzer.c - license text identification on arbitrary text.
 *
 * Needs the SPDX license texts: $CW_LICENSES, or the shared test data
 * next to the source tree.  Invariants: no crash, every match has an id,
 * a coverage within [0, 100] and lines within the text.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chainwarden/license.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static cw_license_db *db;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *path = getenv("CW_LICENSES");
	(void)argc;
	(void)argv;
	if (!path)
		path = CW_SOURCE_DIR "/../shared/data/licenses/spdx-license-list.full.json";
	if (cw_license_db_load(&db, path) != 0) {
		fprintf(stderr, "license_text_fuzzer: %s\n", cw_error_last()->message);
		exit(1);
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cw_license_match *m = NULL;
	size_t n = 0, lines = 1;
	if (!db)
		LLVMFuzzerInitialize(NULL, NULL);
	for (size_t i = 0; i < size; i++)
		lines += data[i] == '\n';
	if (cw_license_identify(&m, &n, db, (const char *)data, size, 50) != 0)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!m[i].id[0] || m[i].coverage < 0 || m[i].coverage > 100.0001 ||
		    m[i].end_line > lines || m[i].start_line > m[i].end_line)
			abort();
	free(m);
	return 0;
}
