/*
 * maven.c - Maven versions exactly as maven-artifact 3.8 ComparableVersion
 * orders them, and Maven version ranges (VersionRange).
 *
 * A version is lowercased and split into a tree of items: '.' separates
 * items of a list, '-' starts a sub-list, and a change between digits and
 * letters also starts a sub-list ("1.0alpha1" = 1, 0, [alpha, [1]]).
 * Numbers compare numerically; qualifiers in the order alpha < beta <
 * milestone < rc = cr < snapshot < "" = final = ga = release < sp, then
 * unknown qualifiers in string order; "a", "b" and "m" directly followed by
 * a digit mean alpha, beta and milestone.  Each list drops its trailing
 * "null" items (0, "", ga, final, release, empty lists) so 1.0.0 = 1 = 1-ga.
 * Between kinds: number > list > qualifier, and a missing item compares as
 * the null of the other side (1-rc < 1 < 1-sp; 1.1 > 1-1).
 *
 * Numbers keep the size class ComparableVersion gives them (int up to 9
 * digits, long up to 18, BigInteger beyond; an all-zero string keeps its
 * length), since items of different classes compare by class.
 * Only ASCII is lowercased and only ASCII digits are digits (Java also
 * treats other Unicode digits and letters; real versions are ASCII).
 *
 * Ranges: "[1.0,2.0)", "(,1.0]", "[1.2]", unions "[1,2),[3,4)" with the
 * same validation as VersionRange.createFromVersionSpec (unbounded,
 * overlapping or reversed ranges are errors).  A bare version "1.0" is a
 * "soft" requirement in Maven, which any version satisfies; for matching
 * advisories that is useless, so here (as in OSV, whose Maven ranges are
 * exact versions and bounds) a bare version means exactly that version.
 */
#include "version/oplist.h"
#include "util/error.h"
#include "util/str.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

extern const cw_version_scheme cw__scheme_maven;

enum { ITEM_NUM, ITEM_STR, ITEM_LIST };

/* Qualifier ranks: the index in ComparableVersion.QUALIFIERS; unknown
 * qualifiers rank 7 and then compare by text ("7-" + text in Java). */
enum { Q_ALPHA, Q_BETA, Q_MILESTONE, Q_RC, Q_SNAPSHOT, Q_RELEASE, Q_SP, Q_UNKNOWN };

typedef struct {
	uint8_t type;
	uint8_t cls;        /* numbers: 1 int, 2 long, 3 BigInteger */
	uint8_t rank;       /* strings: Q_* */
	uint8_t removed;
	uint32_t off, len;  /* number digits without leading zeros / unknown qualifier text */
	int32_t parent, first, last, next;  /* lists: children; -1 = none */
} item;

typedef struct {
	uint32_t nitems;
	char *text;   /* lowercased copy */
	item items[];
} maven_version;

static int32_t next_live(const maven_version *v, int32_t i)
{
	while (i >= 0 && v->items[i].removed)
		i = v->items[i].next;
	return i;
}

static int num_cmp(const maven_version *va, const item *a, const maven_version *vb, const item *b)
{
	int c;
	if (a->cls != b->cls)
		return a->cls < b->cls ? -1 : 1;
	if (a->len != b->len)
		return a->len < b->len ? -1 : 1;
	c = memcmp(va->text + a->off, vb->text + b->off, a->len);
	return (c > 0) - (c < 0);
}

/* Java's comparableQualifier(a).compareTo(comparableQualifier(b)). */
static int qual_cmp(const maven_version *va, const item *a, const maven_version *vb, const item *b)
{
	int c;
	if (a->rank != b->rank)
		return a->rank < b->rank ? -1 : 1;
	if (a->rank != Q_UNKNOWN)
		return 0;
	c = memcmp(va->text + a->off, vb->text + b->off, a->len < b->len ? a->len : b->len);
	if (c)
		return c < 0 ? -1 : 1;
	return (a->len > b->len) - (a->len < b->len);
}

static bool item_is_null(const maven_version *v, const item *it)
{
	switch (it->type) {
	case ITEM_NUM:
		return it->len == 0;
	case ITEM_STR:
		return it->rank == Q_RELEASE;
	default:
		return next_live(v, it->first) < 0;
	}
}

static int item_cmp(const maven_version *va, int32_t ia, const maven_version *vb, int32_t ib);

/* a.compareTo(null) */
static int item_cmp_null(const maven_version *va, int32_t ia)
{
	const item *a = &va->items[ia];
	switch (a->type) {
	case ITEM_NUM:
		return a->len == 0 ? 0 : 1;
	case ITEM_STR:
		return a->rank == Q_RELEASE ? 0 : a->rank < Q_RELEASE ? -1 : 1;
	default:
		for (int32_t c = next_live(va, a->first); c >= 0; c = next_live(va, va->items[c].next)) {
			int r = item_cmp_null(va, c);
			if (r)
				return r;
		}
		return 0;
	}
}

static int item_cmp(const maven_version *va, int32_t ia, const maven_version *vb, int32_t ib)
{
	const item *a = &va->items[ia], *b = &vb->items[ib];
	switch (a->type) {
	case ITEM_NUM:
		return b->type == ITEM_NUM ? num_cmp(va, a, vb, b) : 1;
	case ITEM_STR:
		return b->type == ITEM_STR ? qual_cmp(va, a, vb, b) : -1;
	default:
		if (b->type == ITEM_NUM)
			return -1;
		if (b->type == ITEM_STR)
			return 1;
		{
			int32_t l = next_live(va, a->first), r = next_live(vb, b->first);
			while (l >= 0 || r >= 0) {
				int c;
				if (l < 0)
					c = -item_cmp_null(vb, r);
				else if (r < 0)
					c = item_cmp_null(va, l);
				else
					c = item_cmp(va, l, vb, r);
				if (c)
					return c;
				if (l >= 0)
					l = next_live(va, va->items[l].next);
				if (r >= 0)
					r = next_live(vb, vb->items[r].next);
			}
			return 0;
		}
	}
}

static int maven_compare(const void *a, const void *b)
{
	return item_cmp(a, 0, b, 0);
}

/* ---- parsing ------------------------------------------------------------ */

static int32_t add_item(maven_version *v, int32_t parent, uint8_t type)
{
	int32_t i = (int32_t)v->nitems++;
	item *it = &v->items[i];
	memset(it, 0, sizeof(*it));
	it->type = type;
	it->parent = parent;
	it->first = it->last = it->next = -1;
	if (parent >= 0) {
		item *p = &v->items[parent];
		if (p->last >= 0)
			v->items[p->last].next = i;
		else
			p->first = i;
		p->last = i;
	}
	return i;
}

static void add_number(maven_version *v, int32_t list, uint32_t off, uint32_t len)
{
	int32_t i = add_item(v, list, ITEM_NUM);
	item *it = &v->items[i];
	uint32_t z = 0, kept;
	while (z < len && v->text[off + z] == '0')
		z++;
	kept = z == len ? len : len - z;   /* stripLeadingZeroes keeps "000" */
	it->cls = kept <= 9 ? 1 : kept <= 18 ? 2 : 3;
	it->off = off + (z == len ? len : z);
	it->len = z == len ? 0 : len - z;
}

static void add_string(maven_version *v, int32_t list, uint32_t off, uint32_t len,
                       bool followed_by_digit)
{
	static const struct { const char *text; uint8_t rank; } names[] = {
		{ "alpha", Q_ALPHA }, { "beta", Q_BETA }, { "milestone", Q_MILESTONE },
		{ "rc", Q_RC }, { "cr", Q_RC }, { "snapshot", Q_SNAPSHOT }, { "", Q_RELEASE },
		{ "ga", Q_RELEASE }, { "final", Q_RELEASE }, { "release", Q_RELEASE },
		{ "sp", Q_SP },
	};
	int32_t i = add_item(v, list, ITEM_STR);
	item *it = &v->items[i];
	const char *s = v->text + off;

	it->rank = Q_UNKNOWN;
	it->off = off;
	it->len = len;
	if (followed_by_digit && len == 1) {
		if (*s == 'a')
			it->rank = Q_ALPHA;
		else if (*s == 'b')
			it->rank = Q_BETA;
		else if (*s == 'm')
			it->rank = Q_MILESTONE;
		if (it->rank != Q_UNKNOWN)
			return;
	}
	for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++) {
		if (strlen(names[k].text) == len && memcmp(names[k].text, s, len) == 0) {
			it->rank = names[k].rank;
			return;
		}
	}
}

static void add_parsed(maven_version *v, int32_t list, bool digit, uint32_t off, uint32_t len)
{
	if (digit)
		add_number(v, list, off, len);
	else
		add_string(v, list, off, len, false);
}

/* ListItem.normalize(): drop trailing nulls, looking through sub-lists. */
static void normalize(maven_version *v, int32_t list)
{
	int32_t kids[2048];
	size_t n = 0;
	for (int32_t c = v->items[list].first; c >= 0 && n < 2048; c = v->items[c].next) {
		if (!v->items[c].removed)
			kids[n++] = c;
	}
	while (n-- > 0) {
		item *it = &v->items[kids[n]];
		if (item_is_null(v, it))
			it->removed = 1;
		else if (it->type != ITEM_LIST)
			break;
	}
}

/* Drop the removed items from the sibling chains, so compare walks only
 * live items (next_live() then never skips). */
static void unlink_removed(maven_version *v)
{
	for (uint32_t i = 0; i < v->nitems; i++) {
		item *it = &v->items[i];
		if (it->type != ITEM_LIST)
			continue;
		int32_t *link = &it->first;
		for (int32_t c = it->first; c >= 0; c = v->items[c].next) {
			if (!v->items[c].removed) {
				*link = c;
				link = &v->items[c].next;
			}
		}
		*link = -1;
	}
}

static int maven_parse(void **out, const char *str, size_t len)
{
	maven_version *v;
	int32_t list, lists[2 * CW__VERSION_MAX_LEN + 4];
	size_t nlists = 0, start = 0;
	bool digit = false;
	int error;

	*out = NULL;
	if ((error = cw__version_check_text("Maven", str, len)) < 0)
		return error;
	if (len == 0)
		return cw__error_set(CW_EINVALID, "Maven version: empty");
	v = malloc(sizeof(*v) + (3 * len + 3) * sizeof(item) + len + 1);
	if (!v)
		return cw__error_oom();
	v->nitems = 0;
	v->text = (char *)(v->items + 3 * len + 3);
	for (size_t i = 0; i < len; i++)
		v->text[i] = cw_to_lower(str[i]);
	v->text[len] = '\0';

	list = add_item(v, -1, ITEM_LIST);
	lists[nlists++] = list;
	for (size_t i = 0; i < len; i++) {
		char c = v->text[i];
		if (c == '.' || c == '-') {
			if (i == start)
				add_number(v, list, (uint32_t)i, 0);   /* IntItem.ZERO */
			else
				add_parsed(v, list, digit, (uint32_t)start, (uint32_t)(i - start));
			start = i + 1;
			if (c == '-') {
				list = add_item(v, list, ITEM_LIST);
				lists[nlists++] = list;
			}
		} else if (cw_is_digit(c)) {
			if (!digit && i > start) {
				/* "X1": a non-empty list starts a sub-list first */
				if (v->items[list].first >= 0) {
					list = add_item(v, list, ITEM_LIST);
					lists[nlists++] = list;
				}
				add_string(v, list, (uint32_t)start, (uint32_t)(i - start), true);
				start = i;
				list = add_item(v, list, ITEM_LIST);
				lists[nlists++] = list;
			}
			digit = true;
		} else {
			if (digit && i > start) {
				add_number(v, list, (uint32_t)start, (uint32_t)(i - start));
				start = i;
				list = add_item(v, list, ITEM_LIST);
				lists[nlists++] = list;
			}
			digit = false;
		}
	}
	if (len > start) {
		/* a trailing qualifier after other items goes to a sub-list */
		if (!digit && v->items[list].first >= 0) {
			list = add_item(v, list, ITEM_LIST);
			lists[nlists++] = list;
		}
		add_parsed(v, list, digit, (uint32_t)start, (uint32_t)(len - start));
	}
	while (nlists > 0)
		normalize(v, lists[--nlists]);
	unlink_removed(v);
	*out = v;
	return 0;
}

static void maven_free(void *v)
{
	free(v);
}

/* ---- ranges --------------------------------------------------------------- */

typedef struct {
	void *lower, *upper;   /* NULL = unbounded */
	bool lower_inclusive, upper_inclusive;
} restriction;

typedef struct {
	void *exact;           /* a bare version */
	size_t count;
	restriction r[];
} maven_range;

static const cw__range_shape maven_range_shape = {
	offsetof(maven_range, r), sizeof(restriction), 1, { offsetof(maven_range, exact) },
	2, { offsetof(restriction, lower), offsetof(restriction, upper) }
};

static cw_slice trim(cw_slice s)
{
	/* Java's String.trim(): every char <= ' ' */
	while (s.len && (unsigned char)s.ptr[0] <= ' ') {
		s.ptr++;
		s.len--;
	}
	while (s.len && (unsigned char)s.ptr[s.len - 1] <= ' ')
		s.len--;
	return s;
}

static int range_error(cw_slice spec, const char *why)
{
	return cw__error_set(CW_EINVALID, "Maven range '%.*s': %s",
	                     (int)(spec.len > 200 ? 200 : spec.len), spec.ptr, why);
}

static int parse_restriction(restriction *r, cw_slice all, cw_slice s)
{
	cw_slice body;
	const char *comma;
	int error;

	r->lower_inclusive = s.ptr[0] == '[';
	r->upper_inclusive = s.ptr[s.len - 1] == ']';
	if (s.len < 2)
		return range_error(all, "unbounded range");
	body = trim((cw_slice){ s.ptr + 1, s.len - 2 });
	comma = memchr(body.ptr, ',', body.len);
	if (!comma) {
		if (!r->lower_inclusive || !r->upper_inclusive)
			return range_error(all, "a single version must be surrounded by []");
		if (body.len == 0)
			return range_error(all, "empty version");
		if ((error = maven_parse(&r->lower, body.ptr, body.len)) < 0 ||
		    (error = maven_parse(&r->upper, body.ptr, body.len)) < 0)
			return error;
		return 0;
	}
	cw_slice lo = trim((cw_slice){ body.ptr, (size_t)(comma - body.ptr) });
	cw_slice hi = trim((cw_slice){ comma + 1, body.len - (size_t)(comma + 1 - body.ptr) });
	if (lo.len && (error = maven_parse(&r->lower, lo.ptr, lo.len)) < 0)
		return error;
	if (hi.len && (error = maven_parse(&r->upper, hi.ptr, hi.len)) < 0)
		return error;
	if (r->lower && r->upper) {
		int c = maven_compare(r->upper, r->lower);
		if (c < 0 || (c == 0 && (!r->lower_inclusive || !r->upper_inclusive)))
			return range_error(all, "range defies version ordering");
	}
	return 0;
}

static int maven_parse_range(void **out, const char *str, size_t len)
{
	maven_range *range;
	cw_slice all = { str, len }, p;
	void *upper_prev = NULL;
	int error = 0;

	*out = NULL;
	if (!(range = cw__range_alloc(&maven_range_shape, "Maven range", "restrictions", "[(", str,
	                              len)))
		return cw_error_last()->code;
	p = trim(all);
	while (p.len && (p.ptr[0] == '[' || p.ptr[0] == '(')) {
		const char *close1 = memchr(p.ptr, ')', p.len), *close2 = memchr(p.ptr, ']', p.len);
		const char *close = close2;
		restriction *r = &range->r[range->count];
		if (!close2 || (close1 && close1 < close2))
			close = close1 ? close1 : close2;
		if (!close) {
			error = range_error(all, "unbounded range");
			goto done;
		}
		range->count++;
		if ((error = parse_restriction(r, all, (cw_slice){ p.ptr, (size_t)(close + 1 - p.ptr) })) < 0)
			goto done;
		/* VersionRange checks each restriction against the previous upper bound */
		if (upper_prev && (!r->lower || maven_compare(r->lower, upper_prev) < 0)) {
			error = range_error(all, "ranges overlap");
			goto done;
		}
		upper_prev = r->upper;
		p = trim((cw_slice){ close + 1, (size_t)(p.ptr + p.len - close - 1) });
		if (p.len && p.ptr[0] == ',')
			p = trim((cw_slice){ p.ptr + 1, p.len - 1 });
	}
	if (p.len) {
		if (range->count) {
			error = range_error(all, "only fully-qualified sets allowed in multiple set scenario");
			goto done;
		}
		if ((error = maven_parse(&range->exact, p.ptr, p.len)) < 0)
			goto done;
	} else if (range->count == 0) {
		error = range_error(all, "empty range");
		goto done;
	}
	*out = range;
	range = NULL;
done:
	cw__range_free(range);
	return error;
}

static bool restriction_contains(const restriction *r, const void *v)
{
	if (r->lower) {
		int c = maven_compare(r->lower, v);
		if ((c == 0 && !r->lower_inclusive) || c > 0)
			return false;
	}
	if (r->upper) {
		int c = maven_compare(r->upper, v);
		if ((c == 0 && !r->upper_inclusive) || c < 0)
			return false;
	}
	return true;
}

static bool maven_satisfies(const void *data, const void *version)
{
	const maven_range *range = data;
	if (range->exact)
		return maven_compare(range->exact, version) == 0;
	for (size_t i = 0; i < range->count; i++) {
		if (restriction_contains(&range->r[i], version))
			return true;
	}
	return false;
}

const cw_version_scheme cw__scheme_maven = {
	"maven", maven_parse, maven_compare, maven_free,
	maven_parse_range, maven_satisfies, cw__range_free
};
