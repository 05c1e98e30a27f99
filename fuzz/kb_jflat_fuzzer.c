/*
 * kb_jflat_fuzzer.c - differential fuzzing of the OSV record reader's flat
 * tree (src/kb/jflat.c) against jansson, the reader it stands in for:
 * whenever jflat accepts an input, jansson (same flags as util/json.c) must
 * accept it too and dump it to the very same compact JSON.  Declining is
 * always allowed (the record then takes the jansson path).  And whatever
 * jansson accepts, the flat tree built from its DOM (cw__kbj_from_json,
 * the jansson path's way into the shared checker and writer) must dump to
 * jansson's compact JSON too.
 */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kb/jflat.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void assert_dumps(const cw__kbj_doc *doc, const char *want)
{
	cw_buf out = CW_BUF_INIT;
	if (cw__kbj_dump(doc, 0, &out) < 0 || out.len != strlen(want) ||
	    memcmp(out.ptr, want, out.len) != 0)
		abort(); /* the same document, dumped differently */
	cw__buf_free(&out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static cw__kbj_doc doc, from;
	json_t *root;
	char *want;
	int parsed = cw__kbj_parse(&doc, (const char *)data, size);

	root = json_loadb((const char *)data, size, JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL);
	if (!root) {
		if (parsed == 0)
			abort(); /* jflat accepted what jansson rejects */
		return 0;
	}
	want = json_dumps(root, JSON_COMPACT | JSON_ENCODE_ANY);
	if (!want)
		abort();
	if (parsed == 0)
		assert_dumps(&doc, want);
	if (cw__kbj_from_json(&from, root) == 0)
		assert_dumps(&from, want);
	free(want);
	json_decref(root);
	return 0;
}
