/*
 * lang_xml_fuzzer.c - the XML-based manifests (expat element tree +
 * extractors): the first byte picks pom.xml, verification-metadata.xml,
 * a .csproj or packages.config; the rest is the file.
 */
#include "inventory_fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "pom.xml", "verification-metadata.xml", "App.csproj", "packages.config" };
	if (size < 1)
		return 0;
	cw_fuzz_inventory(names[data[0] % 4], data + 1, size - 1);
	return 0;
}
