/*
 * deb_copyright.c - a Debian package's license from its copyright file.
 *
 * Machine-readable copyright files (DEP-5,
 * https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/) have
 * a "License:" field in each paragraph; its first line is a short name or an
 * expression ("GPL-2+", "BSD-3-clause or GPL-2").  The package's declared
 * license is all of them, joined with AND in order of appearance; the
 * license module normalises it to SPDX.  Files that are not DEP-5 give
 * nothing (the license stays unknown rather than guessed).
 */
#include "inventory/inventory.h"

#include <string.h>

#include "util/buf.h"
#include "util/str.h"

#define MAX_LICENSES 128

const char *cw__dep5_license(cw_arena *arena, const char *data, size_t len)
{
	cw_slice found[MAX_LICENSES];
	size_t n = 0, pos = 0;
	cw_buf joined = CW_BUF_INIT;
	const char *out = NULL;

	if (len < 8 || memcmp(data, "Format:", 7) != 0)
		return NULL;
	while (pos < len && n < MAX_LICENSES) {
		const char *line = data + pos;
		const char *nl = memchr(line, '\n', len - pos);
		cw_slice l = { line, nl ? (size_t)(nl - line) : len - pos };
		bool seen = false;
		pos += l.len + (nl != NULL);
		if (l.len < 9 || memcmp(l.ptr, "License:", 8) != 0)
			continue;
		l = cw__slice_trim((cw_slice){ l.ptr + 8, l.len - 8 });
		if (!l.len)
			continue;
		for (size_t i = 0; i < n && !seen; i++)
			seen = cw__slice_eq(found[i], l);
		if (!seen)
			found[n++] = l;
	}
	/* DEP-5's own grouping: ", and" binds loosest ("GPL-1+ or Artistic,
	 * and BSD-3-clause"), so the fields keep their own "or"/"and". */
	for (size_t i = 0; i < n; i++) {
		if (i)
			cw__buf_puts(&joined, ", and ");
		cw__buf_put(&joined, found[i].ptr, found[i].len);
	}
	if (joined.len)
		out = cw__arena_strndup(arena, joined.ptr, joined.len);
	cw__buf_free(&joined);
	return out;
}
