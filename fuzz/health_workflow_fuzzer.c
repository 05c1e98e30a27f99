/*
 * health_workflow_fuzzer.c - libFuzzer harness for the GitHub Actions
 * workflow analyser of the health module (src/health/workflow.c).
 *
 * Properties checked on every input:
 *   - the analyser returns 0, or a resource error (CW_ENOMEM, CW_ELIMIT);
 *     invalid YAML is a finding, never a failure;
 *   - every finding has a known kind, a detail, and a line inside the input;
 *   - a workflow that parsed has exactly one top-level permissions finding.
 * A violation aborts (how a harness reports a bug to libFuzzer).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "health/health_internal.h"

static void check(int ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "health workflow fuzzer: %s\n", what);
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cw_arena arena = CW_ARENA_INIT;
	cw__wf_findings f = CW_VEC_INIT;
	size_t lines = 1, perms = 0, parse_errors = 0;
	int rc;

	for (size_t i = 0; i < size; i++)
		lines += data[i] == '\n' || data[i] == '\r';
	rc = cw__health_workflow_scan(&f, &arena, ".github/workflows/fuzz.yml", (const char *)data, size);
	check(rc == 0 || rc == CW_ENOMEM || rc == CW_ELIMIT, "unexpected error code");
	for (size_t i = 0; i < f.len; i++) {
		check(f.items[i].kind <= CW_WF_DEP_UPDATE, "unknown finding kind");
		check(f.items[i].detail != NULL, "finding without a detail");
		check(f.items[i].line <= lines + 1, "finding line past the end of the input");
		perms += f.items[i].kind == CW_WF_PERM_TOP_NONE || f.items[i].kind == CW_WF_PERM_TOP_READ ||
		         f.items[i].kind == CW_WF_PERM_TOP_WRITE;
		parse_errors += f.items[i].kind == CW_WF_PARSE_ERROR;
	}
	if (rc == 0)
		check(parse_errors == 1 ? perms == 0 : parse_errors == 0 && perms == 1,
		      "a workflow has one top-level permissions finding, or one parse error");
	cw_vec_free(&f);
	cw__arena_free(&arena);
	return 0;
}
