/*
 * image_archive_fuzzer.c - whole container image archives: the input is an
 * image tar (docker-archive or OCI layout, optionally compressed) handed to
 * cw_inventory_scan_path through an in-memory file (memfd), so manifest,
 * index and config parsing, digest checks, layer ordering and the merge are
 * all exercised.
 */
#define _GNU_SOURCE 1
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

#include "inventory_fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cw_inventory *inv = NULL;
	char path[64];
	int fd = memfd_create("image", 0);
	if (fd < 0)
		return 0;
	if (write(fd, data, size) == (ssize_t)size && cw_inventory_new(&inv) == 0) {
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
		(void)cw_inventory_scan_path(inv, path, NULL);
		cw_sbom_options o = CW_SBOM_OPTIONS_INIT;
		(void)cw_sbom_write(inv, &o, cw_fuzz_discard, NULL);
	}
	cw_inventory_free(inv);
	close(fd);
	return 0;
}
