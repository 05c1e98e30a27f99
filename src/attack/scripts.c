/*
 * scripts.c - the code a package runs when it is installed, read from its
 * unpacked contents.
 *
 * npm (https://docs.npmjs.com/cli/using-npm/scripts#life-cycle-scripts):
 * `npm install` runs the package's preinstall, install and postinstall
 * scripts; a package with a binding.gyp and neither install nor preinstall
 * gets an implicit "node-gyp rebuild" install script (what
 * hasInstallScript in a lockfile also reports).  Python: installing an
 * sdist runs its setup.py (PEP 517's setuptools backend does too), so its
 * text is the install-time code; it is cut at 4 KiB.
 */
#include "chainwarden/attack.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util/buf.h"
#include "util/error.h"
#include "util/fs.h"
#include "util/json.h"

#define MANIFEST_MAX ((size_t)16 << 20)
#define SETUP_PY_SHOWN 4096

static bool is_file(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
}

static int npm_scripts(cw_buf *text, const char *dir, const char *pj)
{
	static const char *const hooks[] = { "preinstall", "install", "postinstall" };
	cw_buf data = CW_BUF_INIT;
	json_t *doc = NULL, *scripts;
	char gyp[4096];
	int error;

	if ((error = cw__file_read(&data, pj, MANIFEST_MAX)) < 0 ||
	    (error = cw__json_parse(&doc, data.ptr ? data.ptr : "", data.len, pj)) < 0)
		goto done;
	scripts = json_object_get(doc, "scripts");
	for (size_t i = 0; i < 3 && error >= 0; i++) {
		const char *s = cw__json_get_str(scripts, hooks[i]);
		if (s && *s)
			error = cw__buf_printf(text, "%s: %s\n", hooks[i], s);
	}
	snprintf(gyp, sizeof(gyp), "%s/binding.gyp", dir);
	if (error >= 0 && !cw__json_get_str(scripts, "install") && !cw__json_get_str(scripts, "preinstall") &&
	    is_file(gyp))
		error = cw__buf_puts(text, "install: node-gyp rebuild (implicit: binding.gyp)\n");
done:
	json_decref(doc);
	cw__buf_free(&data);
	return error;
}

static int setup_py(cw_buf *text, const char *path)
{
	cw_buf data = CW_BUF_INIT;
	int error;
	if ((error = cw__file_read(&data, path, MANIFEST_MAX)) < 0)
		goto done;
	if (data.len > SETUP_PY_SHOWN) {
		size_t n = SETUP_PY_SHOWN;
		while (n > 0 && (data.ptr[n] & 0xC0) == 0x80)
			n--; /* do not cut a UTF-8 sequence */
		error = cw__buf_printf(text, "setup.py:\n%.*s\n[... %zu more bytes]\n", (int)n, data.ptr,
		                       data.len - n);
	} else {
		error = cw__buf_printf(text, "setup.py:\n%.*s%s", (int)data.len, data.ptr ? data.ptr : "",
		                       data.len && data.ptr[data.len - 1] == '\n' ? "" : "\n");
	}
done:
	cw__buf_free(&data);
	return error;
}

int cw_install_scripts_read(char **out, const char **source, const char *dir)
{
	cw_buf text = CW_BUF_INIT;
	char path[4096];
	int error;

	*out = NULL;
	if (source)
		*source = NULL;
	if (strlen(dir) > sizeof(path) - 32)
		return cw__error_set(CW_EINVALID, "%s: path too long", dir);
	snprintf(path, sizeof(path), "%s/package.json", dir);
	if (is_file(path)) {
		error = npm_scripts(&text, dir, path);
		if (source)
			*source = "package.json";
	} else {
		snprintf(path, sizeof(path), "%s/setup.py", dir);
		if (!is_file(path))
			return cw__error_set(CW_ENOTFOUND, "%s: no package.json or setup.py", dir);
		error = setup_py(&text, path);
		if (source)
			*source = "setup.py";
	}
	if (error < 0 || !text.len) {
		cw__buf_free(&text);
		return error < 0 ? error : 0;
	}
	*out = cw__buf_detach(&text);
	return *out ? 0 : cw__error_oom();
}
