/*
 * heap.c - cw__heap_release() (see heap.h).  The one place that knows the
 * C library's allocator.
 */
#include "util/heap.h"

#include <stdlib.h> /* defines __GLIBC__ with glibc */

#if defined(__GLIBC__)
#include <malloc.h>
#endif

void cw__heap_release(void)
{
#if defined(__GLIBC__)
	malloc_trim(0);
#endif
}
