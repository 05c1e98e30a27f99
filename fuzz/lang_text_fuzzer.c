/*
 * lang_text_fuzzer.c - the other line/YAML/TOML formats of lang.h: the first
 * byte picks gradle.lockfile, pubspec.lock or libs.versions.toml.
 */
#include "inventory_fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "gradle.lockfile", "pubspec.lock", "libs.versions.toml" };
	if (size < 1)
		return 0;
	cw_fuzz_inventory(names[data[0] % 3], data + 1, size - 1);
	return 0;
}
