/*
 * map.h - a hash map from byte-string keys to pointers.
 *
 * Open addressing with linear probing; keys are borrowed (the caller keeps
 * them alive, typically in an arena).  Used for name lookups in parsers and
 * for deduplicating components.
 */
#ifndef CW_UTIL_MAP_H
#define CW_UTIL_MAP_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
	const char *key;
	size_t key_len;
	uint64_t hash;
	void *value;
} cw_map_entry;

typedef struct {
	cw_map_entry *slots;
	size_t cap;     /* power of two, or 0 */
	size_t count;
} cw_map;

#define CW_MAP_INIT { NULL, 0, 0 }

uint64_t cw__hash(const void *data, size_t len);

/** A 64-bit finaliser (splitmix64): spreads the bits of `x`. */
uint64_t cw__hash_mix(uint64_t x);

/** The value stored under `key`, or NULL. */
void *cw__map_get(const cw_map *map, const char *key, size_t key_len);

/**
 * Store `value` under `key` (replacing a previous value).  If `old` is not
 * NULL it receives the previous value (or NULL).
 */
int cw__map_put(cw_map *map, const char *key, size_t key_len, void *value, void **old);

/** Iterate: start with *iter = 0; returns NULL at the end. */
cw_map_entry *cw__map_next(const cw_map *map, size_t *iter);

void cw__map_free(cw_map *map);

#endif
