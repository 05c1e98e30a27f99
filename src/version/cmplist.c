/*
 * cmplist.c - comparator lists ("<op> version", ",", "||") over any scheme;
 * the grammar is in cmplist.h.
 */
#include "version/cmplist.h"

#include <stdlib.h>
#include <string.h>

#include "util/error.h"
#include "util/str.h"
#include "version/semver_range.h" /* cw__sv_op */

typedef struct {
	cw__sv_op op;
	void *version; /* NULL for "*" */
} item;

typedef struct {
	const cw_version_scheme *scheme;
	size_t n, cap;
	item *items;
	size_t nsets;
	size_t *set_end;
} cmplist;

void cw__cmplist_free(void *data)
{
	cmplist *l = data;
	if (!l)
		return;
	for (size_t i = 0; i < l->n; i++) {
		if (l->items[i].version)
			l->scheme->free_version(l->items[i].version);
	}
	free(l->items);
	free(l->set_end);
	free(l);
}

static int push(cmplist *l, cw__sv_op op, void *version)
{
	int error = cw__sv_cmps_room((void **)&l->items, &l->cap, sizeof(*l->items), l->n);
	if (error < 0 && version)
		l->scheme->free_version(version);
	else if (error == 0)
		l->items[l->n++] = (item){ op, version };
	return error;
}

static cw__sv_op read_op(const char **p, const char *end)
{
	const char *s = *p;
	cw__sv_op op = CW__OP_EQ;
	if (end - s >= 2 && (s[0] == '<' || s[0] == '>' || s[0] == '=' || s[0] == '!') &&
	    s[1] == '=') {
		op = s[0] == '<' ? CW__OP_LE : s[0] == '>' ? CW__OP_GE : s[0] == '=' ? CW__OP_EQ
		                                                                      : CW__OP_NE;
		s += 2;
	} else if (s < end && (*s == '<' || *s == '>' || *s == '=')) {
		op = *s == '<' ? CW__OP_LT : *s == '>' ? CW__OP_GT : CW__OP_EQ;
		s++;
	}
	while (s < end && cw_is_space(*s))
		s++;
	*p = s;
	return op;
}

static int parse_set(cmplist *l, const char *s, const char *end, const char *all, size_t len)
{
	int error;
	size_t before = l->n;
	while (s < end) {
		const char *v;
		cw__sv_op op;
		void *version = NULL;
		while (s < end && (cw_is_space(*s) || *s == ','))
			s++;
		if (s == end)
			break;
		op = read_op(&s, end);
		v = s;
		while (s < end && !cw_is_space(*s) && *s != ',' && *s != '<' && *s != '>' &&
		       *s != '=' && *s != '!')
			s++;
		if (s == v)
			return cw__error_set(CW_EINVALID, "invalid %s range '%.*s': expected a version at offset %zu",
			                     l->scheme->name, (int)(len > 120 ? 120 : len), all,
			                     (size_t)(v - all));
		if (s - v == 1 && *v == '*' && op == CW__OP_EQ) {
			op = CW__OP_ANY;
		} else if ((error = l->scheme->parse(&version, v, (size_t)(s - v))) < 0) {
			return cw__error_prefix("invalid %s range '%.*s'", l->scheme->name,
			                        (int)(len > 120 ? 120 : len), all);
		}
		if ((error = push(l, op, version)) < 0)
			return error;
	}
	if (l->n == before)
		return cw__error_set(CW_EINVALID, "invalid %s range '%.*s': an empty alternative",
		                     l->scheme->name, (int)(len > 120 ? 120 : len), all);
	return 0;
}

int cw__cmplist_new(void **out, const cw_version_scheme *scheme)
{
	cmplist *l = calloc(1, sizeof(*l));
	*out = l;
	if (!l)
		return cw__error_oom();
	l->scheme = scheme;
	return 0;
}

int cw__cmplist_add(void *list, int op, void *version)
{
	return push(list, (cw__sv_op)op, version);
}

int cw__cmplist_end_set(void *list)
{
	cmplist *l = list;
	size_t *ends = realloc(l->set_end, (l->nsets + 1) * sizeof(*ends));
	if (!ends)
		return cw__error_oom();
	l->set_end = ends;
	l->set_end[l->nsets++] = l->n;
	return 0;
}

int cw__cmplist_parse(void **out, const cw_version_scheme *scheme, const char *str, size_t len)
{
	cmplist *l;
	const char *p = str, *end = str + len;
	int error = 0;

	*out = NULL;
	if (!(l = calloc(1, sizeof(*l))))
		return cw__error_oom();
	l->scheme = scheme;
	for (;;) {
		const char *bar = p;
		while (bar + 1 < end && !(bar[0] == '|' && bar[1] == '|'))
			bar++;
		if (bar + 1 >= end)
			bar = end;
		if ((error = parse_set(l, p, bar, str, len)) < 0)
			goto done;
		if ((error = cw__cmplist_end_set(l)) < 0)
			goto done;
		if (bar == end)
			break;
		p = bar + 2;
	}
	*out = l;
	l = NULL;
done:
	cw__cmplist_free(l);
	return error;
}

static bool test(const cmplist *l, const item *it, const void *v)
{
	int c;
	if (it->op == CW__OP_ANY)
		return true;
	c = l->scheme->compare(v, it->version);
	return cw__sv_op_holds(it->op, c);
}

bool cw__cmplist_satisfies(const void *range, const void *version)
{
	const cmplist *l = range;
	size_t start = 0;
	for (size_t s = 0; s < l->nsets; s++) {
		bool ok = true;
		for (size_t i = start; i < l->set_end[s] && ok; i++)
			ok = test(l, &l->items[i], version);
		if (ok)
			return true;
		start = l->set_end[s];
	}
	return false;
}
