/*
 * python_metadata.c - an installed Python distribution: the core metadata
 * file *.dist-info/METADATA (wheels, pip installs) or *.egg-info/PKG-INFO
 * (setuptools), https://packaging.python.org/specifications/core-metadata/
 * (Metadata-Version 1.0 to 2.4).  The format is RFC 822 headers, then a
 * blank line and the description; only Name, Version and License /
 * License-Expression are read.
 */
#include "inventory/inventory.h"

#include <string.h>

#include "util/error.h"

int cw__extract_python_metadata(cw__inv_source *src)
{
	const char *p = src->data, *end = src->data + src->len;
	cw_slice name = { NULL, 0 }, version = { NULL, 0 }, license = { NULL, 0 }, expr = { NULL, 0 };
	cw__comp_spec spec;
	size_t line = 1, idx;

	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		const char *le = eol ? eol : end;
		if (le > p && le[-1] == '\r')
			le--;
		if (le == p)
			break;     /* end of the headers */
		if (*p != ' ' && *p != '\t') {
			const char *colon = memchr(p, ':', (size_t)(le - p));
			if (!colon)
				return cw__error_set_at(CW_EINVALID, src->path, line, 1, "expected 'Header: value'");
			cw_slice key = { p, (size_t)(colon - p) };
			cw_slice val = cw__slice_trim((cw_slice){ colon + 1, (size_t)(le - colon - 1) });
			if (cw__slice_eq_nocase(key, CW_SLICE("Name")))
				name = val;
			else if (cw__slice_eq_nocase(key, CW_SLICE("Version")))
				version = val;
			else if (cw__slice_eq_nocase(key, CW_SLICE("License")))
				license = val;
			else if (cw__slice_eq_nocase(key, CW_SLICE("License-Expression")))
				expr = val;
		}
		p = eol ? eol + 1 : end;
		line++;
	}
	if (!name.len)
		return cw__error_set_at(CW_EINVALID, src->path, 1, 0, "no Name header");
	if (!version.len)
		return cw__error_set_at(CW_EINVALID, src->path, 1, 0, "no Version header");
	spec = (cw__comp_spec){ .ecosystem = "pypi", .kind = CW_COMPONENT_LIBRARY, .name = name,
	                        .version = version };
	/* A multi-line License text is not a license name; keep short ones. */
	spec.license = expr.len ? expr : (license.len && license.len < 100 && !cw__slice_eq_nocase(license, CW_SLICE("UNKNOWN")) ? license : (cw_slice){ NULL, 0 });
	spec.line = 1;
	spec.scope_set = true;
	return cw__inv_add(src, &spec, &idx);
}
