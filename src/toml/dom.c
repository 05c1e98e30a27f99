/*
 * dom.c - storage and lookups for parsed TOML documents (see toml.h).
 *
 * A table keeps its keys in an array in document order.  Small tables are
 * searched linearly; from INDEX_FROM keys on, an open-addressing hash
 * index (slot = entry number + 1, load at most 1/2) makes lookups and the
 * duplicate-key checks of the parser O(1), so a hostile table with a
 * million keys costs linear time.  Everything lives in the arena: grown
 * arrays leave their old copy behind, which at most doubles their cost.
 */
#include <stdio.h>
#include <string.h>

#include "toml/parser.h"
#include "util/error.h"
#include "util/map.h"

#define INDEX_FROM 16
/* Half of uint32: index slots (load 1/2) must fit in 32 bits too. */
#define MAX_ITEMS ((size_t)1 << 30)

static bool key_eq(const cw_toml_entry *e, const char *key, size_t len)
{
	return e->key_len == len && memcmp(e->key, key, len) == 0;
}

static void index_put(uint32_t *index, size_t cap, const cw_toml_entry *e, uint32_t n)
{
	size_t mask = cap - 1, slot = (size_t)cw__hash(e->key, e->key_len) & mask;
	while (index[slot])
		slot = (slot + 1) & mask;
	index[slot] = n + 1;
}

static int index_rebuild(cw_arena *arena, cw_toml_value *table, size_t cap)
{
	uint32_t *index = cw__arena_calloc(arena, cap, sizeof(*index));
	if (!index)
		return cw_error_last()->code;
	for (size_t i = 0; i < table->u.table.len; i++)
		index_put(index, cap, &table->u.table.items[i], (uint32_t)i);
	table->u.table.index = index;
	table->u.table.index_cap = (uint32_t)cap;
	return 0;
}

cw_toml_value *cw__toml_table_find(const cw_toml_value *table, const char *key, size_t len)
{
	const cw_toml_entry *items;
	if (!table || table->type != CW_TOML_TABLE)
		return NULL;
	items = table->u.table.items;
	if (table->u.table.index) {
		size_t mask = table->u.table.index_cap - 1;
		size_t slot = (size_t)cw__hash(key, len) & mask;
		uint32_t n;
		while ((n = table->u.table.index[slot])) {
			if (key_eq(&items[n - 1], key, len))
				return items[n - 1].value;
			slot = (slot + 1) & mask;
		}
		return NULL;
	}
	for (size_t i = 0; i < table->u.table.len; i++) {
		if (key_eq(&items[i], key, len))
			return items[i].value;
	}
	return NULL;
}

/* Room for one more element in an arena array of `*cap` elements. */
static int grow(cw_arena *arena, void **items, uint32_t *cap, uint32_t len, size_t elem)
{
	uint32_t ncap;
	void *n;
	if (len < *cap)
		return 0;
	if (len >= MAX_ITEMS)
		return cw__error_set(CW_ELIMIT, "more than %zu elements in one TOML table or array",
		                     MAX_ITEMS);
	ncap = !*cap ? 4 : *cap > MAX_ITEMS / 2 ? (uint32_t)MAX_ITEMS : *cap * 2;
	if (!(n = cw__arena_alloc(arena, (size_t)ncap * elem)))
		return cw_error_last()->code;
	if (len)
		memcpy(n, *items, (size_t)len * elem);
	*items = n;
	*cap = ncap;
	return 0;
}

int cw__toml_table_insert(cw_arena *arena, cw_toml_value *table, const char *key, size_t len,
                          cw_toml_value *value)
{
	cw_toml_entry *e;
	uint32_t n = table->u.table.len;
	int error;

	if ((error = grow(arena, (void **)&table->u.table.items, &table->u.table.cap, n,
	                  sizeof(cw_toml_entry))) < 0)
		return error;
	e = &table->u.table.items[n];
	e->key = key;
	e->key_len = len;
	e->value = value;
	table->u.table.len++;
	if (table->u.table.index && ((size_t)n + 1) * 2 <= table->u.table.index_cap)
		index_put(table->u.table.index, table->u.table.index_cap, e, n);
	else if (n + 1 >= INDEX_FROM)
		return index_rebuild(arena, table,
		                     table->u.table.index_cap ? (size_t)table->u.table.index_cap * 2
		                                              : INDEX_FROM * 4);
	return 0;
}

int cw__toml_array_push(cw_arena *arena, cw_toml_value *array, cw_toml_value *value)
{
	int error;
	if ((error = grow(arena, (void **)&array->u.array.items, &array->u.array.cap,
	                  array->u.array.len, sizeof(cw_toml_value *))) < 0)
		return error;
	array->u.array.items[array->u.array.len++] = value;
	return 0;
}

/* ---- lookups ---------------------------------------------------------- */

const cw_toml_value *cw__toml_get_n(const cw_toml_value *table, const char *key, size_t key_len)
{
	return key ? cw__toml_table_find(table, key, key_len) : NULL;
}

const cw_toml_value *cw__toml_get(const cw_toml_value *table, const char *key)
{
	return key ? cw__toml_table_find(table, key, strlen(key)) : NULL;
}

const cw_toml_value *cw__toml_get_path(const cw_toml_value *table, const char *path)
{
	const char *parts[CW_TOML_MAX_DEPTH];
	size_t lens[CW_TOML_MAX_DEPTH], n = 0;
	cw_arena arena = CW_ARENA_INIT;
	const cw_toml_value *v = table;

	if (!path || !table)
		return NULL;
	/* The last error is the caller's: a lookup miss is not an error. */
	{
		cw_error saved = *cw_error_last();
		if (cw__toml_split_key(&arena, path, strlen(path), parts, lens, CW_TOML_MAX_DEPTH,
		                       &n) < 0)
			v = NULL;
		for (size_t i = 0; v && i < n; i++)
			v = cw__toml_table_find(v, parts[i], lens[i]);
		if (saved.code)
			cw__error_set(saved.code, "%s", saved.message);
		else
			cw_error_clear();
	}
	cw__arena_free(&arena);
	return v;
}

const char *cw__toml_str(const cw_toml_value *v, size_t *len)
{
	if (!v || v->type != CW_TOML_STRING)
		return NULL;
	if (len)
		*len = v->u.str.len;
	return v->u.str.ptr;
}

const char *cw__toml_get_str(const cw_toml_value *table, const char *key)
{
	return cw__toml_str(cw__toml_get(table, key), NULL);
}

bool cw__toml_int(const cw_toml_value *v, int64_t *out)
{
	if (!v || v->type != CW_TOML_INTEGER)
		return false;
	*out = v->u.integer;
	return true;
}

bool cw__toml_bool(const cw_toml_value *v, bool *out)
{
	if (!v || v->type != CW_TOML_BOOL)
		return false;
	*out = v->u.boolean;
	return true;
}

size_t cw__toml_array_len(const cw_toml_value *array)
{
	return array && array->type == CW_TOML_ARRAY ? array->u.array.len : 0;
}

const cw_toml_value *cw__toml_array_at(const cw_toml_value *array, size_t i)
{
	return i < cw__toml_array_len(array) ? array->u.array.items[i] : NULL;
}

size_t cw__toml_table_len(const cw_toml_value *table)
{
	return table && table->type == CW_TOML_TABLE ? table->u.table.len : 0;
}

const cw_toml_entry *cw__toml_table_at(const cw_toml_value *table, size_t i)
{
	return i < cw__toml_table_len(table) ? &table->u.table.items[i] : NULL;
}

const char *cw__toml_type_name(int type)
{
	switch (type) {
	case CW_TOML_TABLE:
		return "table";
	case CW_TOML_ARRAY:
		return "array";
	case CW_TOML_STRING:
		return "string";
	case CW_TOML_INTEGER:
		return "integer";
	case CW_TOML_FLOAT:
		return "float";
	case CW_TOML_BOOL:
		return "bool";
	case CW_TOML_DATETIME:
		return "datetime";
	case CW_TOML_DATETIME_LOCAL:
		return "datetime-local";
	case CW_TOML_DATE_LOCAL:
		return "date-local";
	case CW_TOML_TIME_LOCAL:
		return "time-local";
	default:
		return "unknown";
	}
}

size_t cw__toml_datetime_format(const cw_toml_value *v, char *buf, size_t size)
{
	const cw_toml_datetime *dt;
	size_t n = 0;
	int w;

	if (!v || v->type < CW_TOML_DATETIME || v->type > CW_TOML_TIME_LOCAL || size < 40)
		return 0;
	dt = &v->u.dt;
	if (v->type != CW_TOML_TIME_LOCAL)
		n += (size_t)snprintf(buf + n, size - n, "%04d-%02d-%02d", dt->year, dt->month,
		                      dt->day);
	if (v->type == CW_TOML_DATE_LOCAL)
		return n;
	if (n)
		buf[n++] = 'T';
	n +=
	    (size_t)snprintf(buf + n, size - n, "%02d:%02d:%02d", dt->hour, dt->minute, dt->second);
	if (dt->frac_digits) {
		uint32_t ns = dt->nanosecond;
		for (int k = dt->frac_digits; k < 9; k++)
			ns /= 10;
		n += (size_t)snprintf(buf + n, size - n, ".%0*u", (int)dt->frac_digits,
		                      (unsigned)ns);
	}
	if (v->type == CW_TOML_DATETIME) {
		if (dt->offset_z) {
			buf[n++] = 'Z';
			buf[n] = '\0';
		} else {
			int off = dt->offset_minutes < 0 ? -dt->offset_minutes : dt->offset_minutes;
			w = snprintf(buf + n, size - n, "%c%02d:%02d",
			             dt->offset_minutes < 0 ? '-' : '+', off / 60, off % 60);
			n += (size_t)w;
		}
	}
	return n;
}
