/*
 * license_files_fuzzer.c - the parsers behind `license scan` and the
 * copyright notices of `license notice`: the first byte picks one, the
 * rest is its input.
 *   0 core metadata (METADATA / PKG-INFO)   1 Cargo.toml [package]
 *   2 Go vendor/modules.txt                 3 Debian copyright (DEP-5 or not)
 *   4 package.json / composer.json          5 license file names
 * Invariants: no crash, no leak; a package found has a non-empty,
 * NUL-terminated name; every notice is non-empty and at most 410 bytes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "chainwarden/license.h"
#include "license/files.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_pkg(const cw__pkg_id *p, int rc)
{
	if (rc == 0 && (!p->ecosystem || !p->name[0] || strlen(p->name) >= sizeof(p->name) ||
	                strlen(p->version) >= sizeof(p->version)))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data + 1;
	size_t len = size ? size - 1 : 0;
	cw__pkg_id pkg;
	if (!size)
		return 0;
	switch (data[0] % 6) {
	case 0:
		check_pkg(&pkg, cw__pkg_from_metadata(&pkg, text, len));
		break;
	case 1:
		check_pkg(&pkg, cw__pkg_from_cargo_toml(&pkg, text, len));
		break;
	case 2:
		check_pkg(&pkg, cw__go_vendor_module(&pkg, text, len, "github.com/a/b/sub") ? 0 : -1);
		break;
	case 3: {
		char **notices = NULL;
		size_t n = 0;
		if (cw_license_dep5_copyrights(&notices, &n, text, len) == 0)
			for (size_t i = 0; i < n; i++)
				if (!notices[i][0] || strlen(notices[i]) > 410)
					abort();
		cw_license_copyrights_free(notices, n);
		break;
	}
	case 4:
		check_pkg(&pkg, cw__pkg_from_json(&pkg, "npm", text, len, "package.json"));
		break;
	default: {
		char name[256];
		size_t n = len < sizeof(name) - 1 ? len : sizeof(name) - 1;
		memcpy(name, text, n);
		name[n] = '\0';
		(void)cw__license_file_name(name);
	}
	}
	cw_error_clear();
	return 0;
}
