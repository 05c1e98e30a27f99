/*
 * lib_curl.h - libcurl, for HTTP(S) and file:// fetches (util/http.c,
 * kb/update.c), loaded when first needed (util/dynlib.h): call
 * cw__curl_load() first, then CW_CURL(function)(arguments).
 */
#ifndef CW_UTIL_LIB_CURL_H
#define CW_UTIL_LIB_CURL_H

#include <curl/curl.h>

#include "util/dynlib.h"

/* Every function of the library chainwarden calls. */
#define CW_CURL_FUNCTIONS(X) \
	X(curl_easy_cleanup) X(curl_easy_getinfo) X(curl_easy_init) \
	X(curl_easy_perform) X(curl_easy_setopt) X(curl_easy_strerror) \
	X(curl_global_cleanup) X(curl_global_init) X(curl_slist_append) X(curl_slist_free_all)

CW_DYNLIB_DECLARE(curl, CW_CURL_FUNCTIONS)
#define CW_CURL(f) (cw__curl.f)

#endif
