/*
 * util/http.h - one bounded GET through libcurl, for the documents the
 * product fetches on request (packuments, the SPDX license list).  The KB
 * updater (kb/update.c) keeps its own transfer: it needs conditional
 * requests and resumable downloads.
 */
#ifndef CW_UTIL_HTTP_H
#define CW_UTIL_HTTP_H

#include "util/buf.h"

/**
 * GET `url` into `out` (cleared first), at most `max` bytes, following up
 * to 5 http(s) redirects; `protocols` is libcurl's list ("http,https").
 * CW_ENOTFOUND for HTTP 404/410 or a missing file:// file, CW_EIO for any
 * other failure or a status outside 2xx; messages say "fetching URL: why".
 */
int cw__http_get(cw_buf *out, const char *url, const char *protocols, long timeout_s, size_t max);

#endif
