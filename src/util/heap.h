/*
 * heap.h - give freed heap memory back to the system.
 */
#ifndef CW_UTIL_HEAP_H
#define CW_UTIL_HEAP_H

/*
 * After a large working set of small blocks is freed (a scan's KB cache),
 * return the free pages to the kernel so that a later large allocation (a
 * report buffer) does not add to the peak RSS.  glibc keeps freed small
 * blocks on its free lists; malloc_trim() releases their pages.  A no-op
 * with other C libraries.
 */
void cw__heap_release(void);

#endif
