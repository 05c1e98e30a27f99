/*
 * vec.h - typed dynamic arrays.
 *
 *   CW_VEC(int) v = CW_VEC_INIT;
 *   if ((error = cw_vec_push(&v, 42)) < 0) goto done;
 *   ... v.items[i], v.len ...
 *   cw_vec_free(&v);
 *
 * Growth is capped at CW_VEC_MAX_BYTES so hostile input cannot make one
 * array unbounded.
 */
#ifndef CW_UTIL_VEC_H
#define CW_UTIL_VEC_H

#include <stddef.h>
#include <stdlib.h>

#include "chainwarden/common.h"

#define CW_VEC_MAX_BYTES ((size_t)1 << 32)

#define CW_VEC(T) struct { T *items; size_t len; size_t cap; }
#define CW_VEC_INIT { NULL, 0, 0 }

/** Make room for `need` elements of `elem` bytes; 0 or a negative error. */
int cw__vec_reserve(void **items, size_t *cap, size_t elem, size_t need);

#define cw_vec_reserve(v, n) \
	cw__vec_reserve((void **)&(v)->items, &(v)->cap, sizeof(*(v)->items), (n))

/* Room for one more element after `len`; the error code on failure. */
static inline int cw__vec_room(void **items, size_t *cap, size_t elem, size_t len)
{
	return len < *cap ? 0 : cw__vec_reserve(items, cap, elem, len + 1);
}

/** Append `x`; 0 or a negative error code (CW_ENOMEM, CW_ELIMIT). `v` is evaluated more than once. */
#define cw_vec_push(v, x) \
	(cw__vec_room((void **)&(v)->items, &(v)->cap, sizeof(*(v)->items), (v)->len) < 0 \
		? cw_error_last()->code : ((v)->items[(v)->len++] = (x), 0))

#define cw_vec_free(v) \
	do { free((v)->items); (v)->items = NULL; (v)->len = (v)->cap = 0; } while (0)

/** `fn(item)` on every element (a vector of owned pointers), then cw_vec_free(v). */
#define cw_vec_free_each(v, fn) \
	do { \
		for (size_t cw_vec_i_ = 0; cw_vec_i_ < (v)->len; cw_vec_i_++) \
			fn((v)->items[cw_vec_i_]); \
		cw_vec_free(v); \
	} while (0)

/**
 * Free the CW_VEC arrays an object owns, of any element types, each reset as
 * by cw_vec_free(): `cw_vec_free_all(&o->names, &o->edges);`.  Every argument
 * must point to a CW_VEC.
 */
#define cw_vec_free_all(...) \
	cw__vec_free_all((void *const[]){ __VA_ARGS__ }, \
	                 sizeof((void *const[]){ __VA_ARGS__ }) / sizeof(void *))

void cw__vec_free_all(void *const *vecs, size_t n);

#endif
