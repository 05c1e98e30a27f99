/* list.c - lookups in the compiled SPDX license and exception lists. */
#include "chainwarden/license.h"
#include "license/spdx_data.h"

#include "util/str.h"

/* strcasecmp over a slice and a NUL-terminated id. */
static int compare_id(const char *id, size_t len, const char *entry)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char a = (unsigned char)cw_to_lower(id[i]);
		unsigned char b = (unsigned char)cw_to_lower(entry[i]);
		if (!b || a != b)
			return b ? (a < b ? -1 : 1) : 1;
	}
	return entry[len] ? -1 : 0;
}

/* Binary search in an array sorted by id without regard to case. */
static const void *find(const void *base, size_t count, size_t size,
                        const char *id, size_t len)
{
	size_t lo = 0, hi = count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const char *entry = *(const char *const *)((const char *)base + mid * size);
		int c = compare_id(id, len, entry);
		if (c == 0)
			return (const char *)base + mid * size;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

const cw_license_info *cw_license_lookup(const char *id, size_t len)
{
	cw__license_assign_categories(false);
	return find(cw__spdx_licenses, cw__spdx_license_count, sizeof(cw__spdx_licenses[0]),
	            id, len);
}

const char *cw_license_exception_lookup(const char *id, size_t len)
{
	const cw__spdx_exception *e = find(cw__spdx_exceptions, cw__spdx_exception_count,
	                                   sizeof(*e), id, len);
	return e ? e->id : NULL;
}
