/*
 * arena.h - a bump allocator for parse-and-emit work.
 *
 * Everything allocated from an arena is released at once by
 * cw__arena_free().  With CW_ARENA_USE_MALLOC (sanitizer and fuzz builds)
 * every allocation is its own malloc block, so ASan and valgrind see each
 * one and catch overflows between neighbours.
 *
 * An arena has a cap on its total size (default CW_ARENA_DEFAULT_MAX):
 * hostile input cannot make it grow without bound.
 */
#ifndef CW_UTIL_ARENA_H
#define CW_UTIL_ARENA_H

#include <stddef.h>

#define CW_ARENA_DEFAULT_MAX ((size_t)4 << 30)

typedef struct cw_arena_chunk cw_arena_chunk;

typedef struct {
	cw_arena_chunk *head;
	size_t used;       /* bytes handed out, for the cap and for reports */
	size_t max;        /* cap on `used`; 0 means CW_ARENA_DEFAULT_MAX */
} cw_arena;

#define CW_ARENA_INIT { NULL, 0, 0 }

/** Allocate `size` bytes aligned for any type; NULL (with error set) on failure. */
void *cw__arena_alloc(cw_arena *arena, size_t size);

/** Zeroed allocation. */
void *cw__arena_calloc(cw_arena *arena, size_t count, size_t size);

/** Copy `len` bytes and add a NUL. */
char *cw__arena_strndup(cw_arena *arena, const char *str, size_t len);

/** Copy a NUL-terminated string (NULL gives NULL). */
char *cw__arena_strdup(cw_arena *arena, const char *str);

/** printf into the arena. */
char *cw__arena_printf(cw_arena *arena, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/** Release everything; the arena can be reused afterwards. */
void cw__arena_free(cw_arena *arena);

/**
 * A zeroed object of `size` bytes allocated from its own arena, the member
 * at `arena_offset`: the object and everything allocated from that arena
 * have one owner and go with one cw__arena_free_owner().  NULL (error set)
 * on failure.  Use through cw__arena_new_owner(type, member).
 */
void *cw__arena_new_owner_at(size_t size, size_t arena_offset);

#define cw__arena_new_owner(type, member) \
	((type *)cw__arena_new_owner_at(sizeof(type), offsetof(type, member)))

/** Release an object made by cw__arena_new_owner() with all of its arena. */
void cw__arena_free_owner(cw_arena *arena);

#endif
