/*
 * dynlib.c - the loader behind util/dynlib.h, and the tables of the lazily
 * loaded libraries.  A library is opened once per process (under a mutex:
 * a server thread may be first); a failure is remembered, with its message,
 * so every later caller gets the same clear error.
 */
#include "util/dynlib.h"
#include "util/error.h"
#include "util/lib_archive.h"
#include "util/lib_curl.h"
#include "util/lib_git2.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static int open_library(cw__dynlib *lib, void *table)
{
	void *handle = dlopen(lib->soname, RTLD_NOW | RTLD_LOCAL);
	if (!handle) {
		snprintf(lib->failure, sizeof(lib->failure), "%s", dlerror());
		return -1;
	}
	for (size_t i = 0; i < lib->count; i++) {
		void *sym = dlsym(handle, lib->names[i]);
		if (!sym) {
			snprintf(lib->failure, sizeof(lib->failure), "%s: no function %s", lib->soname,
			         lib->names[i]);
			dlclose(handle);
			return -1;
		}
		/* POSIX: a function's address fits a void * (that is what dlsym returns) */
		memcpy((char *)table + i * sizeof(void *), &sym, sizeof(sym));
	}
	return 1; /* the handle stays open for the life of the process */
}

int cw__dynlib_load(cw__dynlib *lib, void *table)
{
	int loaded;
	pthread_mutex_lock(&lock);
	if (!lib->loaded)
		lib->loaded = open_library(lib, table);
	loaded = lib->loaded;
	pthread_mutex_unlock(&lock);
	if (loaded > 0)
		return 0;
	return cw__error_set(CW_EUNSUPPORTED, "cannot load %s (install its Debian package): %s",
	                     lib->soname, lib->failure);
}

CW_DYNLIB_DEFINE(curl, CW_SONAME_CURL, CW_CURL_FUNCTIONS)
CW_DYNLIB_DEFINE(archive, CW_SONAME_ARCHIVE, CW_ARCHIVE_FUNCTIONS)
CW_DYNLIB_DEFINE(git2, CW_SONAME_GIT2, CW_GIT2_FUNCTIONS)
