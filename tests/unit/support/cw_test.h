/* cw_test.h - helpers for the cmocka unit tests. */
#ifndef CW_TEST_H
#define CW_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "chainwarden/chainwarden.h"

/**
 * Path of `rel` under the shared test data folder ($CW_SHARED_DIR, default
 * ../shared next to the source tree).  Returns a static buffer.
 */
const char *cw_test_shared(const char *rel);

/** Path of `rel` under the source tree ($CW_SOURCE_DIR). Static buffer. */
const char *cw_test_source(const char *rel);

/** Read a whole file (malloc'd, NUL-terminated) or fail the test. */
char *cw_test_read_file(const char *path, size_t *len);

/**
 * Build a KB into a new temporary file (its path into `path`, of `size`
 * bytes) from what `fill` adds to the builder, and open it into *kb.  0,
 * or -1 with the library's error printed: for cmocka setup functions.
 */
int cw_test_kb_build(cw_kb **kb, char *path, size_t size, int (*fill)(cw_kb_builder *b));

/** Close a KB from cw_test_kb_build() and remove its file. */
void cw_test_kb_remove(cw_kb *kb, const char *path);

/**
 * The shared SPDX license list (with texts) as a license database and as
 * its JSON document (where the tests find each license's text).  0, or -1
 * with the error printed: for cmocka setup functions.
 */
struct json_t;
int cw_test_spdx_list(cw_license_db **db, struct json_t **list);

/** Assert that `expr` returned 0, printing the library's error if not. */
#define cw_assert_ok(expr) do { \
	int cw_assert_rc_ = (expr); \
	if (cw_assert_rc_ != 0) \
		fail_msg("%s failed (%d): %s", #expr, cw_assert_rc_, cw_error_last()->message); \
} while (0)

#endif
