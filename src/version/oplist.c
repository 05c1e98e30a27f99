/*
 * oplist.c - operator-table comparator lists (">= 1.2, << 2.0") for the schemes
 * whose ecosystems have no range syntax of their own beyond single
 * relations: dpkg, rpm and apk.  See oplist.h.
 */
#include "version/oplist.h"
#include "util/error.h"
#include "util/str.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
	unsigned mask;
	void *version;
} cmp_item;

typedef struct {
	const cw__oplist_syntax *syntax;
	size_t count;
	cmp_item items[];
} cmp_list;

int cw__version_check_text(const char *what, const char *str, size_t len)
{
	if (len > CW__VERSION_MAX_LEN)
		return cw__error_set(CW_ELIMIT, "%s version: longer than %u bytes", what,
		                     CW__VERSION_MAX_LEN);
	if (memchr(str, '\0', len))
		return cw__error_set(CW_EINVALID, "%s version: contains a NUL byte", what);
	return 0;
}

/* In front of a range from cw__range_alloc: what its block holds. */
typedef union {
	struct {
		const cw__range_shape *shape;
		size_t count;         /* items there is room for; unused ones are zero */
	} h;
	max_align_t align;        /* the range after it is aligned for anything */
} range_prefix;

void *cw__range_alloc(const cw__range_shape *shape, const char *what, const char *items,
                      const char *starts, const char *str, size_t len)
{
	size_t count = 1;
	range_prefix *mem;
	if (len > CW__VERSION_MAX_LEN * 4) {
		cw__error_set(CW_ELIMIT, "%s: longer than %u bytes", what, CW__VERSION_MAX_LEN * 4);
		return NULL;
	}
	if (memchr(str, '\0', len)) {
		cw__error_set(CW_EINVALID, "%s: contains a NUL byte", what);
		return NULL;
	}
	for (size_t i = 0; i < len; i++)
		count += strchr(starts, str[i]) != NULL;
	if (count > CW__RANGE_MAX_ITEMS) {
		cw__error_set(CW_ELIMIT, "%s: more than %u %s", what, CW__RANGE_MAX_ITEMS, items);
		return NULL;
	}
	if (!(mem = calloc(1, sizeof(*mem) + shape->items_at + count * shape->item))) {
		cw__error_oom();
		return NULL;
	}
	mem->h.shape = shape;
	mem->h.count = count;
	return mem + 1;
}

/* The pointer at byte `offset` of `base`, freed. */
static void free_member(unsigned char *base, size_t offset)
{
	void *p;
	memcpy(&p, base + offset, sizeof(p));
	free(p);
}

void cw__range_free(void *range)
{
	if (!range)
		return;
	range_prefix *mem = (range_prefix *)range - 1;
	const cw__range_shape *shape = mem->h.shape;
	unsigned char *head = range, *items = head + shape->items_at;
	for (size_t k = 0; k < shape->n_head_owned; k++)
		free_member(head, shape->head_owned[k]);
	for (size_t i = 0; i < mem->h.count; i++)
		for (size_t k = 0; k < shape->n_owned; k++)
			free_member(items + i * shape->item, shape->owned[k]);
	free(mem);
}

void cw__oplist_free(void *range)
{
	cmp_list *list = range;
	if (!list)
		return;
	for (size_t i = 0; i < list->count; i++)
		list->syntax->scheme->free_version(list->items[i].version);
	free(list);
}

/* The operator at the start of `s`, or NULL (bare version). */
static const cw__cmp_op *match_op(const cw__oplist_syntax *syntax, cw_slice s)
{
	for (const cw__cmp_op *op = syntax->ops; op->text; op++) {
		if (cw__slice_starts_with(s, cw_slice_of(op->text)))
			return op;
	}
	return NULL;
}

static int parse_item(cmp_item *item, const cw__oplist_syntax *syntax,
                      cw_slice s, size_t offset)
{
	const cw__cmp_op *op;
	int error;

	s = cw__slice_trim(s);
	if (s.len == 0)
		return cw__error_set(CW_EINVALID, "%s range: empty comparator at offset %zu",
		                     syntax->what, offset);
	op = match_op(syntax, s);
	if (op) {
		s.ptr += strlen(op->text);
		s.len -= strlen(op->text);
		s = cw__slice_trim(s);
		if (s.len == 0)
			return cw__error_set(CW_EINVALID,
			                     "%s range: operator '%s' at offset %zu has no version",
			                     syntax->what, op->text, offset);
		if (strchr("<>=!", s.ptr[0]))
			return cw__error_set(CW_EINVALID, "%s range: unknown operator at offset %zu",
			                     syntax->what, offset);
	} else if (strchr("<>=!~", s.ptr[0])) {
		return cw__error_set(CW_EINVALID, "%s range: unknown operator at offset %zu",
		                     syntax->what, offset);
	}
	item->mask = op ? op->mask : CW__CMP_EQ;
	if ((error = syntax->scheme->parse(&item->version, s.ptr, s.len)) < 0)
		return cw__error_prefix("%s range, comparator at offset %zu", syntax->what,
		                        offset);
	return 0;
}

int cw__oplist_parse(void **out, const cw__oplist_syntax *syntax,
                      const char *str, size_t len)
{
	cmp_list *list = NULL;
	size_t count = 1, start = 0;
	int error = 0;

	*out = NULL;
	if (len > CW__VERSION_MAX_LEN * 4)
		return cw__error_set(CW_ELIMIT, "%s range: longer than %u bytes", syntax->what,
		                     CW__VERSION_MAX_LEN * 4);
	for (size_t i = 0; i < len; i++)
		count += str[i] == ',';
	if (count > CW__RANGE_MAX_ITEMS)
		return cw__error_set(CW_ELIMIT, "%s range: more than %u comparators",
		                     syntax->what, CW__RANGE_MAX_ITEMS);
	if (!(list = calloc(1, sizeof(*list) + count * sizeof(list->items[0]))))
		return cw__error_oom();
	list->syntax = syntax;
	for (size_t i = 0; i <= len; i++) {
		if (i < len && str[i] != ',')
			continue;
		cw_slice item = { str + start, i - start };
		if ((error = parse_item(&list->items[list->count], syntax, item, start)) < 0)
			goto done;
		list->count++;
		start = i + 1;
	}
	*out = list;
	list = NULL;
done:
	cw__oplist_free(list);
	return error;
}

bool cw__oplist_satisfies(const void *range, const void *version)
{
	const cmp_list *list = range;
	const cw__oplist_syntax *syntax = list->syntax;

	for (size_t i = 0; i < list->count; i++) {
		const cmp_item *item = &list->items[i];
		bool ok;
		if (syntax->match)
			ok = syntax->match(item->mask, item->version, version);
		else
			ok = (item->mask &
			      cw__cmp_outcome(syntax->scheme->compare(version, item->version))) != 0;
		if (!ok)
			return false;
	}
	return true;
}

int cw__range_split(const char *str, size_t len, char sep,
                    int (*part)(void *ctx, const char *piece, size_t n), void *ctx)
{
	size_t start = 0;
	int error;
	for (size_t i = 0; i <= len; i++) {
		if (i < len && str[i] != sep)
			continue;
		if ((error = part(ctx, str + start, i - start)) < 0)
			return error;
		start = i + 1;
	}
	return 0;
}

int cw__range_parse_list(void **out, const cw__range_list *list, const char *str, size_t len)
{
	void *range;
	int error;
	*out = NULL;
	if (!(range = cw__range_alloc(&list->shape, list->what, list->items, ",", str, len)))
		return cw_error_last()->code;
	if ((error = cw__range_split(str, len, ',', list->part, range)) < 0) {
		cw__range_free(range);
		return error;
	}
	*out = range;
	return 0;
}
