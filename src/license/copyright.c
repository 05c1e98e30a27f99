/* copyright.c - copyright notices found in license files and headers. */
#include "chainwarden/license.h"

#include <stdlib.h>
#include <string.h>

#include "license/textnorm.h"
#include "util/error.h"
#include "util/str.h"
#include "util/vec.h"

#define MAX_NOTICES 1000
#define MAX_NOTICE_LEN 400

/* Notices that name someone: the tokenizer's test (which also drops
 * templates' "Copyright (c) <year> <owner>" lines), without placeholders. */
static bool is_notice(cw_slice l)
{
	static const char *const marks[] = { "<year", "<owner", "<copyright", "<name", "<author",
	                                     "<holder", "[yyyy", "[name", "[year", "{year" };
	if (!cw__is_copyright_line(l.ptr, l.len))
		return false;
	for (size_t i = 0; i < l.len; i++)
		for (size_t k = 0; k < sizeof(marks) / sizeof(marks[0]); k++)
			if (i + strlen(marks[k]) <= l.len &&
			    cw__slice_eq_nocase((cw_slice){ l.ptr + i, strlen(marks[k]) },
			                        cw_slice_of(marks[k])))
				return false;
	return true;
}

int cw_license_copyrights(char ***out, size_t *count, const char *text, size_t len)
{
	CW_VEC(char *) v = CW_VEC_INIT;
	size_t pos = 0;
	int error = 0;

	*out = NULL;
	*count = 0;
	while (pos < len && v.len < MAX_NOTICES && error == 0) {
		const char *line = text + pos;
		const char *nl = memchr(line, '\n', len - pos);
		cw_slice l = { line, nl ? (size_t)(nl - line) : len - pos };
		bool seen = false;
		char *copy;
		pos += l.len + (nl != NULL);
		l = cw__slice_trim(l);
		while (l.len && strchr("#*/;!%-|", l.ptr[0]))
			l = cw__slice_trim((cw_slice){ l.ptr + 1, l.len - 1 });
		while (l.len && strchr("*/", l.ptr[l.len - 1]))
			l = cw__slice_trim((cw_slice){ l.ptr, l.len - 1 });
		if (!is_notice(l))
			continue;
		if (l.len > MAX_NOTICE_LEN)
			l.len = MAX_NOTICE_LEN;
		for (size_t i = 0; i < v.len && !seen; i++)
			seen = strlen(v.items[i]) == l.len && memcmp(v.items[i], l.ptr, l.len) == 0;
		if (seen)
			continue;
		if (!(copy = strndup(l.ptr, l.len)))
			error = cw__error_oom();
		else if ((error = cw_vec_push(&v, copy)) < 0)
			free(copy);
	}
	if (error < 0) {
		cw_license_copyrights_free(v.items, v.len);
		return error;
	}
	*out = v.items;
	*count = v.len;
	return 0;
}

void cw_license_copyrights_free(char **lines, size_t count)
{
	for (size_t i = 0; i < count; i++)
		free(lines[i]);
	free(lines);
}
