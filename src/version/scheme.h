/*
 * scheme.h - how a version scheme plugs in (internal).
 *
 * One file per scheme (src/version/<scheme>.c) defines a
 * `const cw_version_scheme cw__scheme_<name>` with these callbacks and is
 * listed once in the table in src/version/version.c.
 *
 * A scheme parses into its own representation, stored in the `data` of a
 * cw_version (one allocation with the copied text); `compare` gets two such
 * representations of the same scheme.  A range is likewise the scheme's own
 * structure behind `cw_version_range.data`.
 */
#ifndef CW_VERSION_SCHEME_H
#define CW_VERSION_SCHEME_H

#include "chainwarden/version.h"

struct cw_version_scheme {
	const char *name;
	/** Parse `len` bytes of `str`; *out is malloc'd and freed with free_version. */
	int (*parse)(void **out, const char *str, size_t len);
	int (*compare)(const void *a, const void *b);
	void (*free_version)(void *data);
	/** Parse a range in the ecosystem's syntax; freed with free_range. */
	int (*parse_range)(void **out, const char *str, size_t len);
	bool (*satisfies)(const void *range, const void *version);
	void (*free_range)(void *data);
};

struct cw_version {
	const cw_version_scheme *scheme;
	void *data;
	char *text;
};

struct cw_version_range {
	const cw_version_scheme *scheme;
	void *data;
	char *text;
};

#endif
