/* map.c - open-addressing hash map (see map.h). */
#include "util/map.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>

/* FNV-1a with a final avalanche (from splitmix64): cheap, no dependencies,
 * and good enough spread for linear probing on package names. */
uint64_t cw__hash_mix(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	x ^= x >> 31;
	return x;
}

uint64_t cw__hash(const void *data, size_t len)
{
	const unsigned char *p = data;
	uint64_t h = 0xcbf29ce484222325ULL;
	for (size_t i = 0; i < len; i++) {
		h ^= p[i];
		h *= 0x100000001b3ULL;
	}
	return cw__hash_mix(h);
}

static cw_map_entry *find_slot(cw_map_entry *slots, size_t cap, const char *key,
                               size_t key_len, uint64_t hash)
{
	size_t i = (size_t)hash & (cap - 1);
	for (;;) {
		cw_map_entry *e = &slots[i];
		if (!e->key)
			return e;
		if (e->hash == hash && e->key_len == key_len &&
		    memcmp(e->key, key, key_len) == 0)
			return e;
		i = (i + 1) & (cap - 1);
	}
}

void *cw__map_get(const cw_map *map, const char *key, size_t key_len)
{
	cw_map_entry *e;
	if (!map->cap)
		return NULL;
	e = find_slot(map->slots, map->cap, key, key_len, cw__hash(key, key_len));
	return e->key ? e->value : NULL;
}

static int rehash(cw_map *map, size_t cap)
{
	cw_map_entry *slots = calloc(cap, sizeof(*slots));
	if (!slots)
		return cw__error_oom();
	for (size_t i = 0; i < map->cap; i++) {
		cw_map_entry *e = &map->slots[i];
		if (e->key)
			*find_slot(slots, cap, e->key, e->key_len, e->hash) = *e;
	}
	free(map->slots);
	map->slots = slots;
	map->cap = cap;
	return 0;
}

int cw__map_put(cw_map *map, const char *key, size_t key_len, void *value, void **old)
{
	uint64_t hash = cw__hash(key, key_len);
	cw_map_entry *e;
	int error;

	/* Keep the load factor under 3/4 (key non-NULL marks a used slot). */
	if ((map->count + 1) * 4 > map->cap * 3) {
		if (map->cap > ((size_t)1 << 40))
			return cw__error_set(CW_ELIMIT, "hash map too large");
		if ((error = rehash(map, map->cap ? map->cap * 2 : 16)) < 0)
			return error;
	}
	e = find_slot(map->slots, map->cap, key ? key : "", key_len, hash);
	if (old)
		*old = e->key ? e->value : NULL;
	if (!e->key) {
		e->key = key ? key : "";
		e->key_len = key_len;
		e->hash = hash;
		map->count++;
	}
	e->value = value;
	return 0;
}

cw_map_entry *cw__map_next(const cw_map *map, size_t *iter)
{
	while (*iter < map->cap) {
		cw_map_entry *e = &map->slots[(*iter)++];
		if (e->key)
			return e;
	}
	return NULL;
}

void cw__map_free(cw_map *map)
{
	free(map->slots);
	map->slots = NULL;
	map->cap = map->count = 0;
}
