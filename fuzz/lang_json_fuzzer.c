/*
 * lang_json_fuzzer.c - the JSON-based lockfiles and manifests of lang.h
 * (jansson DOM + line search + extractors): the first byte picks
 * composer.lock, packages.lock.json, conan.lock, Package.resolved,
 * vcpkg.json or renv.lock; the rest is the file.
 */
#include "inventory_fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "composer.lock", "packages.lock.json", "conan.lock",
	                                     "Package.resolved", "vcpkg.json", "renv.lock" };
	if (size < 1)
		return 0;
	cw_fuzz_inventory(names[data[0] % 6], data + 1, size - 1);
	return 0;
}
