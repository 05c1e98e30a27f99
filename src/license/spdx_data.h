/*
 * spdx_data.h - the compiled SPDX license and exception lists (internal).
 *
 * Generated at configure time from data/spdx/ (TSV files) (cmake/gen_license.cmake);
 * both arrays are sorted by id without regard to case.
 */
#ifndef CW_LICENSE_SPDX_DATA_H
#define CW_LICENSE_SPDX_DATA_H

#include <stddef.h>

#include "chainwarden/license.h"


typedef struct {
	const char *id;
	unsigned char deprecated;
} cw__spdx_exception;

/* Categories start as CW_LICENSE_UNKNOWN and are assigned from the category
 * table on first use (see category.c). */
extern cw_license_info cw__spdx_licenses[];
extern const size_t cw__spdx_license_count;
extern const cw__spdx_exception cw__spdx_exceptions[];
extern const size_t cw__spdx_exception_count;
extern const char cw__license_categories_default[];
extern const char cw__license_aliases_default[];   /* data/license-aliases.tsv */

/** The active license list (compiled, or loaded by cw_license_list_load). */
cw_license_info *cw__license_list(size_t *count);

/** Assign every license its category (once; again after a table load). */
void cw__license_assign_categories(bool force);

#endif
