/*
 * registry_meta.c - where packuments come from: a local directory (a
 * mirror, or files saved for an offline or reproducible scan) or an npm
 * registry URL given by the user (fetched with libcurl; no host is built
 * in).
 */
#include "attack/attack_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util/error.h"
#include "util/fs.h"
#include "util/http.h"

static bool is_file(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
}

static bool safe_name(const char *name)
{
	/* a package name never walks out of the directory */
	return *name && !strstr(name, "..") && name[0] != '/' && !strchr(name, '\\') &&
	       strlen(name) < 512 && (name[0] == '@' ? strchr(name, '/') == strrchr(name, '/') : !strchr(name, '/'));
}

static int from_dir(cw_buf *out, const char *dir, const char *name)
{
	char path[4096];
	const char *slash = strchr(name, '/');
	snprintf(path, sizeof(path), "%s/%s.json", dir, name);
	if (!is_file(path) && slash)
		snprintf(path, sizeof(path), "%s/%.*s%%2f%s.json", dir, (int)(slash - name), name, slash + 1);
	if (!is_file(path))
		return cw__error_set(CW_ENOTFOUND, "%s: no packument for %s", dir, name);
	return cw__file_read(out, path, CW_PACKUMENT_MAX);
}

static int from_url(cw_buf *out, const char *base, const char *name)
{
	char url[4096];
	const char *slash = strchr(name, '/');
	size_t blen = strlen(base);

	while (blen && base[blen - 1] == '/')
		blen--;
	if (slash)
		snprintf(url, sizeof(url), "%.*s/%.*s%%2f%s", (int)blen, base, (int)(slash - name), name, slash + 1);
	else
		snprintf(url, sizeof(url), "%.*s/%s", (int)blen, base, name);
	return cw__http_get(out, url, "http,https,file", 120L, CW_PACKUMENT_MAX);
}

int cw__packument_get(cw_buf *out, const char *dir, const char *url, const char *name)
{
	cw__buf_clear(out);
	if (!safe_name(name))
		return cw__error_set(CW_EINVALID, "'%s' is not an npm package name", name);
	if (dir)
		return from_dir(out, dir, name);
	if (url)
		return from_url(out, url, name);
	return cw__error_set(CW_ENOTFOUND, "no registry metadata source");
}
