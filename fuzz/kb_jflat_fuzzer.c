/*
 * kb_jflat_fuzzer.c - differential fuzzing of the OSV fast path's JSON
 * reader (src/kb/jflat.c) against jansson, the reader it stands in for:
 * whenever jflat accepts an input, jansson (same flags as util/json.c) must
 * accept it too and dump it to the very same compact JSON.  Declining is
 * always allowed (the record then takes the jansson path).
 */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kb/jflat.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static cw__kbj_doc doc;
	cw_buf out = CW_BUF_INIT;
	json_t *root;
	char *want;

	if (cw__kbj_parse(&doc, (const char *)data, size) != 0)
		return 0;
	root = json_loadb((const char *)data, size, JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL);
	if (!root)
		abort(); /* jflat accepted what jansson rejects */
	want = json_dumps(root, JSON_COMPACT | JSON_ENCODE_ANY);
	if (cw__kbj_dump(&doc, 0, &out) < 0 || !want || out.len != strlen(want) ||
	    memcmp(out.ptr, want, out.len) != 0)
		abort(); /* the same document, dumped differently */
	free(want);
	json_decref(root);
	cw__buf_free(&out);
	return 0;
}
