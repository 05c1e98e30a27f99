/*
 * registry_meta.c - where packuments come from: a local directory (a
 * mirror, or files saved for an offline or reproducible scan) or an npm
 * registry URL given by the user (fetched with libcurl; no host is built
 * in).
 */
#include "attack/attack_internal.h"

#include <curl/curl.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util/error.h"
#include "util/fs.h"

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

static size_t write_cb(char *data, size_t size, size_t n, void *payload)
{
	cw_buf *out = payload;
	size_t len = size * n;
	if (out->len + len > CW_PACKUMENT_MAX || cw__buf_put(out, data, len) < 0)
		return 0;
	return len;
}

static int from_url(cw_buf *out, const char *base, const char *name)
{
	char url[4096], errbuf[CURL_ERROR_SIZE] = "";
	const char *slash = strchr(name, '/');
	size_t blen = strlen(base);
	long status = 0;
	CURLcode rc;
	CURL *curl;

	while (blen && base[blen - 1] == '/')
		blen--;
	if (slash)
		snprintf(url, sizeof(url), "%.*s/%.*s%%2f%s", (int)blen, base, (int)(slash - name), name, slash + 1);
	else
		snprintf(url, sizeof(url), "%.*s/%s", (int)blen, base, name);
	if (!(curl = curl_easy_init()))
		return cw__error_oom();
	curl_easy_setopt(curl, CURLOPT_URL, url);
	curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https,file");
	curl_easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(curl, CURLOPT_MAXREDIRS, 5L);
	curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 30L);
	curl_easy_setopt(curl, CURLOPT_TIMEOUT, 120L);
	curl_easy_setopt(curl, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)CW_PACKUMENT_MAX);
	curl_easy_setopt(curl, CURLOPT_USERAGENT, "chainwarden/" CW_VERSION_STRING);
	curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, write_cb);
	curl_easy_setopt(curl, CURLOPT_WRITEDATA, out);
	curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "");
	rc = curl_easy_perform(curl);
	curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_cleanup(curl);
	if (rc == CURLE_FILE_COULDNT_READ_FILE || status == 404 || status == 410)
		return cw__error_set(CW_ENOTFOUND, "%s: not found", url);
	if (rc != CURLE_OK)
		return cw__error_set(CW_EIO, "fetching %s: %s", url, errbuf[0] ? errbuf : curl_easy_strerror(rc));
	if (status && (status < 200 || status >= 300))
		return cw__error_set(CW_EIO, "fetching %s: HTTP status %ld", url, status);
	return 0;
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
