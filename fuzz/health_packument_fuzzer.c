/*
 * health_packument_fuzzer.c - libFuzzer harness for the npm packument
 * reader of the health module (src/health/registry.c) and the repository
 * URL normaliser.
 *
 * Properties: reading returns 0 or an input/resource error; a document
 * that reads has the six signals, each with a detail, and renders in every
 * format; a normalised repository URL is lowercase, has a slash, no
 * "://" and is a fixed point of the normaliser.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chainwarden/health.h"

static void check(int ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "health packument fuzzer: %s\n", what);
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cw_health_registry *reg = NULL;
	char *line, *norm = NULL, *again = NULL;
	size_t n;
	int rc = cw_health_npm_read(&reg, (const char *)data, size, "fuzz.json", NULL, 1780272000);
	check(rc == 0 || rc == CW_EINVALID || rc == CW_ELIMIT || rc == CW_ENOMEM, "unexpected error code");
	if (rc == 0) {
		check(reg->signal_count == 6, "six signals");
		for (size_t i = 0; i < reg->signal_count; i++)
			check(reg->signals[i].detail != NULL, "signal without detail");
		for (int f = 0; f <= CW_HEALTH_FORMAT_HTML; f++) {
			char *out = NULL;
			check(cw_health_registry_format(&out, reg, (cw_health_format)f) == 0 && out, "format");
			free(out);
		}
	} else {
		check(reg == NULL, "failed read left an output");
	}
	cw_health_registry_free(reg);

	/* the first line as a repository URL */
	for (n = 0; n < size && n < 512 && data[n] != '\n' && data[n] != '\0'; n++)
		;
	line = malloc(n + 1);
	check(line != NULL, "oom");
	memcpy(line, data, n);
	line[n] = '\0';
	if (cw_health_repo_normalize(&norm, line) == 0) {
		check(strchr(norm, '/') != NULL && !strstr(norm, "://"), "normalised form");
		for (const char *p = norm; *p; p++)
			check(!(*p >= 'A' && *p <= 'Z'), "normalised form is lowercase");
		check(cw_health_repo_normalize(&again, norm) == 0 && strcmp(norm, again) == 0,
		      "normalising is a fixed point");
	}
	free(again);
	free(norm);
	free(line);
	return 0;
}
