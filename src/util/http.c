/*
 * util/http.c - cw__http_fetch(): one bounded transfer through libcurl
 * (into a buffer or a file; conditional; retried on transient failures),
 * and cw__http_get(), the plain GET into a buffer on top of it.
 */
#include "util/http.h"
#include "util/error.h"
#include "util/lib_curl.h"
#include "util/progress.h"
#include "util/str.h"
#include "chainwarden/log.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#define MAX_RETRIES 10u

typedef struct {
	cw_buf *buf;      /* the body goes to buf, or else to fp */
	FILE *fp;
	uint64_t size, max;
} sink;

static size_t write_cb(char *data, size_t size, size_t n, void *payload)
{
	sink *s = payload;
	size_t len = size * n;
	if (len > s->max - s->size)
		return 0; /* libcurl stops with CURLE_WRITE_ERROR */
	s->size += len;
	if (s->fp)
		return fwrite(data, 1, len, s->fp);
	return cw__buf_put(s->buf, data, len) < 0 ? 0 : len;
}

static void set_str(char **dst, const char *start, size_t len)
{
	free(*dst);
	if ((*dst = malloc(len + 1))) {
		memcpy(*dst, start, len);
		(*dst)[len] = '\0';
	}
}

static size_t header_cb(char *data, size_t size, size_t n, void *ctx)
{
	cw_http_response *r = ctx;
	size_t len = size * n, vlen;
	const char *v;
	char **dst = NULL;
	if (len > 5 && strncasecmp(data, "ETag:", 5) == 0) {
		dst = &r->etag;
		v = data + 5;
	} else if (len > 14 && strncasecmp(data, "Last-Modified:", 14) == 0) {
		dst = &r->last_modified;
		v = data + 14;
	} else {
		return len;
	}
	while (v < data + len && (*v == ' ' || *v == '\t'))
		v++;
	vlen = (size_t)(data + len - v);
	while (vlen && (v[vlen - 1] == '\r' || v[vlen - 1] == '\n' || v[vlen - 1] == ' '))
		vlen--;
	set_str(dst, v, vlen);
	return len;
}

static int progress_cb(void *ctx, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
                       curl_off_t ulnow)
{
	cw_progress *progress = ctx;
	(void)ultotal;
	(void)ulnow;
	if (dltotal > 0)
		progress->total = (uint64_t)dltotal;
	cw__progress_update(progress, (uint64_t)dlnow);
	return 0;
}

static bool transient(CURLcode rc, long status)
{
	switch (rc) {
	case CURLE_COULDNT_CONNECT: case CURLE_OPERATION_TIMEDOUT: case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR: case CURLE_GOT_NOTHING: case CURLE_PARTIAL_FILE:
	case CURLE_COULDNT_RESOLVE_HOST: case CURLE_SSL_CONNECT_ERROR:
		return true;
	case CURLE_OK:
		return status == 429 || status >= 500;
	default:
		return false;
	}
}

/* The conditional request's headers; NULL when there are none (or no memory for them). */
static struct curl_slist *validator_headers(const cw_http_request *req)
{
	struct curl_slist *headers = NULL;
	if (req->conditional && req->etag) {
		char h[600];
		snprintf(h, sizeof(h), "If-None-Match: %.500s", req->etag);
		headers = CW_CURL(curl_slist_append)(headers, h);
	}
	if (req->conditional && req->last_modified) {
		char h[300];
		snprintf(h, sizeof(h), "If-Modified-Since: %.250s", req->last_modified);
		headers = CW_CURL(curl_slist_append)(headers, h);
	}
	return headers;
}

/* One attempt: rc and resp->status; an error only when the transfer could not start. */
static int attempt(CURLcode *rc, cw_http_response *resp, const cw_http_request *req,
                   struct curl_slist *headers, char *errbuf)
{
	CURL *curl = CW_CURL(curl_easy_init)();
	sink s = { req->out, NULL, 0, req->max };
	cw_progress progress;
	bool bar = req->progress && cw__progress_enabled();

	if (!curl)
		return cw__error_oom();
	if (req->out) {
		cw__buf_clear(req->out);
	} else if (!(s.fp = fopen(req->path, "wb"))) {
		CW_CURL(curl_easy_cleanup)(curl);
		return cw__error_set(CW_EIO, "%s: cannot create: %s", req->path, strerror(errno));
	}
	errbuf[0] = '\0';
	CW_CURL(curl_easy_setopt)(curl, CURLOPT_URL, req->url);
	CW_CURL(curl_easy_setopt)(curl, CURLOPT_PROTOCOLS_STR, req->protocols);
	CW_CURL(curl_easy_setopt)(curl, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	CW_CURL(curl_easy_setopt)(curl, CURLOPT_FOLLOWLOCATION, 1L);
	CW_CURL(curl_easy_setopt)(curl, CURLOPT_MAXREDIRS, 5L);
	CW_CURL(curl_easy_setopt)(curl, CURLOPT_CONNECTTIMEOUT, 30L);
	CW_CURL(curl_easy_setopt)(curl, CURLOPT_TIMEOUT, req->timeout_s);
	CW_CURL(curl_easy_setopt)(curl, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)req->max);
	CW_CURL(curl_easy_setopt)(curl, CURLOPT_USERAGENT, "chainwarden/" CW_VERSION_STRING);
	CW_CURL(curl_easy_setopt)(curl, CURLOPT_HTTPHEADER, headers);
	CW_CURL(curl_easy_setopt)(curl, CURLOPT_WRITEFUNCTION, write_cb);
	CW_CURL(curl_easy_setopt)(curl, CURLOPT_WRITEDATA, &s);
	CW_CURL(curl_easy_setopt)(curl, CURLOPT_HEADERFUNCTION, header_cb);
	CW_CURL(curl_easy_setopt)(curl, CURLOPT_HEADERDATA, resp);
	CW_CURL(curl_easy_setopt)(curl, CURLOPT_ERRORBUFFER, errbuf);
	CW_CURL(curl_easy_setopt)(curl, CURLOPT_NOSIGNAL, 1L);
	if (req->decode)
		CW_CURL(curl_easy_setopt)(curl, CURLOPT_ACCEPT_ENCODING, "");
	if (bar) {
		const char *slash = strrchr(req->url, '/');
		cw__progress_start(&progress, slash ? slash + 1 : req->url, 0);
		CW_CURL(curl_easy_setopt)(curl, CURLOPT_XFERINFOFUNCTION, progress_cb);
		CW_CURL(curl_easy_setopt)(curl, CURLOPT_XFERINFODATA, &progress);
		CW_CURL(curl_easy_setopt)(curl, CURLOPT_NOPROGRESS, 0L);
	}
	*rc = CW_CURL(curl_easy_perform)(curl);
	resp->status = 0;
	CW_CURL(curl_easy_getinfo)(curl, CURLINFO_RESPONSE_CODE, &resp->status);
	if (bar)
		cw__progress_finish(&progress);
	CW_CURL(curl_easy_cleanup)(curl);
	if (s.fp && fclose(s.fp) != 0 && *rc == CURLE_OK)
		*rc = CURLE_WRITE_ERROR;
	return 0;
}

int cw__http_fetch(cw_http_response *resp, const cw_http_request *req)
{
	unsigned attempts = (req->retries > MAX_RETRIES ? MAX_RETRIES : req->retries) + 1;
	struct curl_slist *headers;
	char errbuf[CURL_ERROR_SIZE] = "";
	CURLcode rc = CURLE_OK;
	long status;
	int error = 0;

	memset(resp, 0, sizeof(*resp));
	if ((error = cw__curl_load()) < 0)
		return error;
	headers = validator_headers(req);
	for (unsigned i = 0; i < attempts; i++) {
		if (i) {
			unsigned delay = 1u << (i - 1);
			cw_log_warn("%s: %s; retrying in %u s (attempt %u of %u)", req->url,
			            rc != CURLE_OK ? CW_CURL(curl_easy_strerror)(rc) : "server error", delay, i + 1,
			            attempts);
			sleep(delay);
		}
		if ((error = attempt(&rc, resp, req, headers, errbuf)) < 0 ||
		    !transient(rc, resp->status))
			break;
	}
	CW_CURL(curl_slist_free_all)(headers);
	status = resp->status;
	if (error < 0)
		return error;
	if (status == 404 || status == 410)
		return cw__error_set(CW_ENOTFOUND, "fetching %s: HTTP status %ld (not found)", req->url,
		                     status);
	if (rc == CURLE_FILE_COULDNT_READ_FILE)
		return cw__error_set(CW_ENOTFOUND, "fetching %s: not found", req->url);
	if (rc != CURLE_OK)
		return cw__error_set(CW_EIO, "fetching %s: %s", req->url,
		                     errbuf[0] ? errbuf : CW_CURL(curl_easy_strerror)(rc));
	if (status == 304 && req->conditional)
		return 0;
	if (status && (status < 200 || status >= 300))
		return cw__error_set(CW_EIO, "fetching %s: HTTP status %ld", req->url, status);
	return 0;
}

void cw__http_response_free(cw_http_response *resp)
{
	free(resp->etag);
	free(resp->last_modified);
	resp->etag = resp->last_modified = NULL;
}

int cw__http_get(cw_buf *out, const char *url, const char *protocols, long timeout_s, size_t max)
{
	cw_http_request req = {
		.url = url, .protocols = protocols, .timeout_s = timeout_s, .max = max, .out = out,
		.decode = true,
	};
	cw_http_response resp;
	int error = cw__http_fetch(&resp, &req);

	cw__http_response_free(&resp);
	return error;
}

int cw__http_global_init(void)
{
	int error;
	if ((error = cw__curl_load()) < 0)
		return error;
	if (CW_CURL(curl_global_init)(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return cw__error_set(CW_EINTERNAL, "libcurl failed to initialize");
	return 0;
}

void cw__http_global_cleanup(void)
{
	CW_CURL(curl_global_cleanup)();
}

static bool unreserved(unsigned char c)
{
	return cw_is_alnum(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

int cw__http_escape(cw_buf *out, const char *s, size_t len)
{
	return cw__percent_encode(out, s, len, unreserved);
}
