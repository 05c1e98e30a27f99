/*
 * dynlib.h - shared libraries loaded when first needed (dlopen) instead of
 * at start-up.  libcurl, libarchive and libgit2 pull in 50 shared objects
 * between them, whose mapping and relocation took 8 ms of every run of
 * the binary, and most runs use none of them.
 *
 * Each such library is a table of pointers to the functions chainwarden
 * calls, typed from the library's own header, declared by
 * CW_DYNLIB_DECLARE in a header of its own (util/lib_curl.h, ...).  A
 * module calls cw__<lib>_load() before its first use (0, or
 * CW_EUNSUPPORTED with the dynamic loader's message when the library is
 * missing), then calls through the table: CW_CURL(curl_easy_init)().
 */
#ifndef CW_UTIL_DYNLIB_H
#define CW_UTIL_DYNLIB_H

#include <stddef.h>

#define CW__DYNLIB_MEMBER(f) __typeof__(f) *f;
#define CW__DYNLIB_NAME(f) #f,

/* The table type `cw__<lib>_api`, its one instance and its loader. */
#define CW_DYNLIB_DECLARE(lib, LIST) \
	typedef struct { LIST(CW__DYNLIB_MEMBER) } cw__##lib##_api; \
	extern cw__##lib##_api cw__##lib; \
	int cw__##lib##_load(void);

/* The definitions of what CW_DYNLIB_DECLARE declared (in util/dynlib.c). */
#define CW_DYNLIB_DEFINE(lib, soname, LIST) \
	cw__##lib##_api cw__##lib; \
	int cw__##lib##_load(void) \
	{ \
		static const char *const names[] = { LIST(CW__DYNLIB_NAME) }; \
		static cw__dynlib state = { soname, names, sizeof(names) / sizeof(names[0]), 0, "" }; \
		_Static_assert(sizeof(cw__##lib) == sizeof(names) / sizeof(names[0]) * sizeof(void *), \
		               "one pointer per name"); \
		return cw__dynlib_load(&state, &cw__##lib); \
	}

typedef struct {
	const char *soname;
	const char *const *names;
	size_t count;
	int loaded;          /* 1 loaded, -1 failed, 0 not tried yet */
	char failure[256];   /* the loader's message when it failed */
} cw__dynlib;

/* Open lib->soname once and fill `table` with its functions, in name order. */
int cw__dynlib_load(cw__dynlib *lib, void *table);

#endif
