/*
 * toml_fuzzer.c - libFuzzer harness for the TOML 1.0 parser (src/toml/).
 *
 * Parses the input; on success walks the whole document through the
 * lookup API and checks invariants: every key of a table is found again
 * by lookup (hash index and linear search agree), nesting stays within
 * CW_TOML_MAX_DEPTH, lines and columns are inside the input, strings are
 * NUL-terminated.  On failure the message must carry "fuzz.toml:".
 * A short first line is also tried as a dotted lookup path.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "chainwarden/common.h"
#include "toml/toml.h"
#include "util/arena.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(bool ok)
{
	if (!ok)
		abort();
}

static void walk(const cw_toml_value *v, unsigned depth, size_t lines)
{
	char buf[64];
	check(v->depth == depth && depth <= CW_TOML_MAX_DEPTH);
	check(v->line >= 1 && v->line <= lines && v->col >= 1);
	switch (v->type) {
	case CW_TOML_TABLE:
		for (size_t i = 0; i < cw__toml_table_len(v); i++) {
			const cw_toml_entry *e = cw__toml_table_at(v, i);
			check(e->key[e->key_len] == '\0');
			check(cw__toml_get_n(v, e->key, e->key_len) == e->value);
			walk(e->value, depth + 1, lines);
		}
		break;
	case CW_TOML_ARRAY:
		for (size_t i = 0; i < cw__toml_array_len(v); i++)
			walk(cw__toml_array_at(v, i), depth + 1, lines);
		break;
	case CW_TOML_STRING:
		check(v->u.str.ptr[v->u.str.len] == '\0');
		break;
	case CW_TOML_DATETIME:
	case CW_TOML_DATETIME_LOCAL:
	case CW_TOML_DATE_LOCAL:
	case CW_TOML_TIME_LOCAL:
		check(cw__toml_datetime_format(v, buf, sizeof(buf)) > 0);
		break;
	default:
		break;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cw_arena arena = CW_ARENA_INIT;
	const cw_toml_value *root = NULL;
	size_t lines = 1;
	int rc;

	arena.max = (size_t)256 << 20;
	rc = cw__toml_parse(&root, &arena, (const char *)data, size, "fuzz.toml");
	if (rc < 0) {
		check(root == NULL);
		check(strncmp(cw_error_last()->message, "fuzz.toml:", 10) == 0);
	} else {
		for (size_t i = 0; i < size; i++)
			lines += data[i] == '\n';
		walk(root, 0, lines);
		{
			const uint8_t *nl = memchr(data, '\n', size < 200 ? size : 200);
			if (nl) {
				char path[201];
				memcpy(path, data, (size_t)(nl - data));
				path[nl - data] = '\0';
				(void)cw__toml_get_path(root, path);
			}
		}
	}
	cw__arena_free(&arena);
	return 0;
}
