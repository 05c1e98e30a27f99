/*
 * util/http.h - bounded transfers through libcurl: the documents the product
 * fetches on request (packuments, the SPDX license list) with
 * cw__http_get(), and the KB feeds (kb/update.c) with cw__http_fetch():
 * into a file, conditional (ETag / Last-Modified), retried with backoff,
 * with a progress bar.
 */
#ifndef CW_UTIL_HTTP_H
#define CW_UTIL_HTTP_H

#include <stdbool.h>
#include <stdint.h>

#include "util/buf.h"

/** What cw__http_fetch() transfers and how (designated initialisers: the rest stays 0). */
typedef struct {
	const char *url;
	const char *protocols; /**< libcurl's list ("http,https"); redirects (5 at most): http(s) */
	long timeout_s;        /**< the whole transfer (connecting: at most 30 s) */
	uint64_t max;          /**< body bytes at most */
	cw_buf *out;           /**< the body into this buffer (cleared first) ... */
	const char *path;      /**< ... or else into this file (each attempt truncates it) */
	bool decode;           /**< send Accept-Encoding and undo a compressed Content-Encoding */
	/**
	 * A conditional GET: If-None-Match / If-Modified-Since carry `etag` /
	 * `last_modified` when they are set (libcurl sends headers over
	 * http(s) only), and a 304 Not Modified is a success.
	 */
	bool conditional;
	const char *etag, *last_modified;
	/** more attempts (10 at most) after a transient failure (connect, timeout,
	 *  429, 5xx), 1, 2, 4 ... s apart, each with a warning */
	unsigned retries;
	bool progress;         /**< a progress bar labelled with the URL's last segment (if drawn) */
} cw_http_request;

/** What came back; the strings belong to the caller (cw__http_response_free()). */
typedef struct {
	long status;                /**< HTTP status of the last response; 0 over file:// */
	char *etag, *last_modified; /**< the ETag / Last-Modified headers received, or NULL */
} cw_http_response;

/**
 * Transfer `req->url`.  0 for a 2xx answer (and a 304 to a conditional
 * request: no body); CW_ENOTFOUND for HTTP 404/410 or a
 * missing file:// file, CW_EIO for any other failure or status, with
 * messages "fetching URL: why"; CW_EUNSUPPORTED when libcurl cannot be
 * loaded; CW_ENOMEM.  `resp` is filled in every case.
 */
int cw__http_fetch(cw_http_response *resp, const cw_http_request *req);

void cw__http_response_free(cw_http_response *resp);

/**
 * GET `url` into `out` (cleared first), at most `max` bytes, following up
 * to 5 http(s) redirects; `protocols` is libcurl's list ("http,https").
 * Errors as cw__http_fetch() gives them.
 */
int cw__http_get(cw_buf *out, const char *url, const char *protocols, long timeout_s, size_t max);

/**
 * libcurl's process-wide setup before a run of transfers (CW_EUNSUPPORTED
 * when libcurl cannot be loaded, CW_EINTERNAL), and its undoing.
 */
int cw__http_global_init(void);
void cw__http_global_cleanup(void);

/** Append `s` with all but RFC 3986's unreserved bytes as %XX (as curl_easy_escape does). */
int cw__http_escape(cw_buf *out, const char *s, size_t len);

#endif
