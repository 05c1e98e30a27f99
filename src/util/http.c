/*
 * util/http.c - cw__http_get(): one bounded GET through libcurl.
 */
#include "util/http.h"
#include "util/error.h"

#include "util/lib_curl.h"

typedef struct {
	cw_buf *out;
	size_t max;
} sink;

static size_t write_cb(char *data, size_t size, size_t n, void *payload)
{
	sink *s = payload;
	size_t len = size * n;
	if (s->out->len + len > s->max || cw__buf_put(s->out, data, len) < 0)
		return 0; /* libcurl stops with CURLE_WRITE_ERROR */
	return len;
}

int cw__http_get(cw_buf *out, const char *url, const char *protocols, long timeout_s, size_t max)
{
	char errbuf[CURL_ERROR_SIZE] = "";
	sink s = { out, max };
	long status = 0;
	CURLcode rc;
	CURL *curl;
	int error;

	cw__buf_clear(out);
	if ((error = cw__curl_load()) < 0)
		return error;
	if (!(curl = CW_CURL(curl_easy_init)()))
		return cw__error_oom();
	CW_CURL(curl_easy_setopt)(curl, CURLOPT_URL, url);
	CW_CURL(curl_easy_setopt)(curl, CURLOPT_PROTOCOLS_STR, protocols);
	CW_CURL(curl_easy_setopt)(curl, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	CW_CURL(curl_easy_setopt)(curl, CURLOPT_FOLLOWLOCATION, 1L);
	CW_CURL(curl_easy_setopt)(curl, CURLOPT_MAXREDIRS, 5L);
	CW_CURL(curl_easy_setopt)(curl, CURLOPT_CONNECTTIMEOUT, 30L);
	CW_CURL(curl_easy_setopt)(curl, CURLOPT_TIMEOUT, timeout_s);
	CW_CURL(curl_easy_setopt)(curl, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)max);
	CW_CURL(curl_easy_setopt)(curl, CURLOPT_USERAGENT, "chainwarden/" CW_VERSION_STRING);
	CW_CURL(curl_easy_setopt)(curl, CURLOPT_WRITEFUNCTION, write_cb);
	CW_CURL(curl_easy_setopt)(curl, CURLOPT_WRITEDATA, &s);
	CW_CURL(curl_easy_setopt)(curl, CURLOPT_ERRORBUFFER, errbuf);
	CW_CURL(curl_easy_setopt)(curl, CURLOPT_NOSIGNAL, 1L);
	CW_CURL(curl_easy_setopt)(curl, CURLOPT_ACCEPT_ENCODING, "");
	rc = CW_CURL(curl_easy_perform)(curl);
	CW_CURL(curl_easy_getinfo)(curl, CURLINFO_RESPONSE_CODE, &status);
	CW_CURL(curl_easy_cleanup)(curl);
	if (status == 404 || status == 410)
		return cw__error_set(CW_ENOTFOUND, "fetching %s: HTTP status %ld (not found)", url, status);
	if (rc == CURLE_FILE_COULDNT_READ_FILE)
		return cw__error_set(CW_ENOTFOUND, "fetching %s: not found", url);
	if (rc != CURLE_OK)
		return cw__error_set(CW_EIO, "fetching %s: %s", url, errbuf[0] ? errbuf : CW_CURL(curl_easy_strerror)(rc));
	if (status && (status < 200 || status >= 300))
		return cw__error_set(CW_EIO, "fetching %s: HTTP status %ld", url, status);
	return 0;
}
