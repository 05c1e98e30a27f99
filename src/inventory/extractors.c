/*
 * extractors.c - finds the extractor of a project file by its base name in
 * the one table of file formats, cw__extractors[].  The table is data:
 * data/extractors.tsv (pattern, description, extractor, manifest flag),
 * compiled in at configure time by cmake/gen_inventory.cmake.  Adding a
 * format is one new file and one row there; the first matching row wins.
 */
#include "inventory/inventory.h"

#include <fnmatch.h>

const cw__extractor *cw__extractor_find(const char *basename)
{
	for (size_t i = 0; i < cw__extractor_count; i++)
		if (fnmatch(cw__extractors[i].pattern, basename, 0) == 0)
			return &cw__extractors[i];
	return NULL;
}

bool cw_inventory_is_supported_file(const char *basename)
{
	return cw__extractor_find(basename) != NULL;
}
