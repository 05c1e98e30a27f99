/* arena.c - chunked bump allocator (see arena.h). */
#include "util/arena.h"
#include "util/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ALIGN 16
#define CHUNK_SIZE ((size_t)64 * 1024)

struct cw_arena_chunk {
	cw_arena_chunk *next;
	size_t size;
	size_t used;
	_Alignas(ALIGN) unsigned char data[];
};

static size_t align_up(size_t n)
{
	return (n + (ALIGN - 1)) & ~(size_t)(ALIGN - 1);
}

static int reserve(cw_arena *arena, size_t size)
{
	size_t max = arena->max ? arena->max : CW_ARENA_DEFAULT_MAX;
	if (size > max || arena->used > max - size)
		return cw__error_set(CW_ELIMIT, "memory cap of %zu bytes exceeded", max);
	arena->used += size;
	return 0;
}

void *cw__arena_alloc(cw_arena *arena, size_t size)
{
	cw_arena_chunk *chunk;
	size_t need = align_up(size ? size : 1);

	if (need < size || reserve(arena, need) < 0) {
		if (need < size)
			cw__error_set(CW_ELIMIT, "allocation too large");
		return NULL;
	}
#ifndef CW_ARENA_USE_MALLOC
	chunk = arena->head;
	if (chunk && chunk->size - chunk->used >= need) {
		void *p = chunk->data + chunk->used;
		chunk->used += need;
		return p;
	}
#endif
	{
#ifdef CW_ARENA_USE_MALLOC
		size_t chunk_size = need;
#else
		/* Big requests get a chunk of their own, behind the current one. */
		size_t chunk_size = need > CHUNK_SIZE / 4 ? need : CHUNK_SIZE;
#endif
		chunk = malloc(sizeof(*chunk) + chunk_size);
		if (!chunk) {
			cw__error_oom();
			return NULL;
		}
		chunk->size = chunk_size;
		chunk->used = need;
		if (!arena->head || chunk_size == need) {
			chunk->next = arena->head ? arena->head->next : NULL;
			if (arena->head)
				arena->head->next = chunk;
			else
				arena->head = chunk;
		} else {
			chunk->next = arena->head;
			arena->head = chunk;
		}
		return chunk->data;
	}
}

void *cw__arena_calloc(cw_arena *arena, size_t count, size_t size)
{
	void *p;
	if (size && count > (size_t)-1 / size) {
		cw__error_set(CW_ELIMIT, "allocation too large");
		return NULL;
	}
	p = cw__arena_alloc(arena, count * size);
	if (p)
		memset(p, 0, count * size);
	return p;
}

char *cw__arena_strndup(cw_arena *arena, const char *str, size_t len)
{
	char *p = cw__arena_alloc(arena, len + 1);
	if (!p)
		return NULL;
	if (len)
		memcpy(p, str, len);
	p[len] = '\0';
	return p;
}

char *cw__arena_strdup(cw_arena *arena, const char *str)
{
	return str ? cw__arena_strndup(arena, str, strlen(str)) : NULL;
}

char *cw__arena_printf(cw_arena *arena, const char *fmt, ...)
{
	va_list ap;
	int n;
	char *p;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0) {
		cw__error_set(CW_EINTERNAL, "bad format string");
		return NULL;
	}
	p = cw__arena_alloc(arena, (size_t)n + 1);
	if (!p)
		return NULL;
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

void cw__arena_free(cw_arena *arena)
{
	cw_arena_chunk *chunk = arena->head;
	while (chunk) {
		cw_arena_chunk *next = chunk->next;
		free(chunk);
		chunk = next;
	}
	arena->head = NULL;
	arena->used = 0;
}

void *cw__arena_new_owner_at(size_t size, size_t arena_offset)
{
	cw_arena arena = CW_ARENA_INIT;
	unsigned char *obj = cw__arena_calloc(&arena, 1, size);
	if (obj)
		memcpy(obj + arena_offset, &arena, sizeof(arena));
	return obj;
}

void cw__arena_free_owner(cw_arena *arena)
{
	cw_arena copy = *arena;   /* *arena is freed with its chunks */
	cw__arena_free(&copy);
}
