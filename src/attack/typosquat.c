/*
 * typosquat.c - is a dependency name a near miss of a popular one?
 *
 * Three indexes over the popular names, all built once:
 *   - exact names (a popular package is never a squat);
 *   - skeletons: the name without separators ("crossenv" ~ "cross-env"),
 *     with look-alike characters folded ("l0dash" ~ "lodash"), and for npm
 *     scoped names the scope joined to the name ("types-node" ~ "@types/node");
 *   - deletion neighbourhoods (the SymSpell idea): every string obtained by
 *     deleting one character.  A query generates its own deletions and
 *     looks them up, so it meets only candidates within one edit instead of
 *     comparing with all names; candidates are confirmed with the
 *     optimal-string-alignment distance.
 * Names under 5 characters only match by an adjacent swap or a look-alike
 * (too many short names are one edit apart); longer ones allow one edit.
 * Two edits were tried and dropped: they doubled the false positives on
 * real package names and cost ~100 MB of index for 17,000 names.  Two npm
 * names in the same scope are never a squat of each other: the scope's
 * owner publishes both.  Combosquats (a
 * popular name with an affix such as "-js") are checked last, against the
 * top of the list only.  The most popular candidate wins.
 */
#include "chainwarden/attack.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/arena.h"
#include "util/error.h"
#include "util/map.h"
#include "util/str.h"
#include "util/vec.h"

#define MAX_NAME 214          /* npm's limit; longer names are not checked */
#define COMBO_TOP 20000       /* combosquats: any name on the list */

typedef struct {
	const char *name;
	size_t rank;              /* 1-based */
} popular;

struct cw_typosquat_index {
	cw_arena arena;           /* holds this struct too (cw__arena_new_owner) */
	bool npm;
	CW_VEC(popular) names;
	cw_map exact;             /* name -> popular index + 1 */
	cw_map skeleton;          /* skeleton -> popular index + 1 (best rank) */
	/* hash of a deletion -> head of a chain (entry + 1): open addressing */
	uint64_t *del_keys;
	uint32_t *del_heads;
	size_t del_cap, del_count;
	CW_VEC(uint32_t) chain;   /* per deletion entry: next entry + 1 */
	CW_VEC(uint32_t) chain_name; /* per deletion entry: popular index */
	cw_map allowed;           /* "name\ttarget" -> non-NULL */
};

static const char *const kind_names[] = {
	"none", "edit", "swap", "homoglyph", "separator", "scope", "combo",
};

const char *cw_squat_kind_name(cw_squat_kind kind)
{
	return (unsigned)kind < sizeof(kind_names) / sizeof(kind_names[0]) ? kind_names[kind]
	                                                                    : "none";
}

int cw_typosquat_index_new(cw_typosquat_index **out, const char *ecosystem)
{
	cw_typosquat_index *ix = cw__arena_new_owner(cw_typosquat_index, arena);
	if (!ix)
		return cw_error_last()->code;
	ix->npm = ecosystem && strcmp(ecosystem, "npm") == 0;
	*out = ix;
	return 0;
}

size_t cw_typosquat_index_count(const cw_typosquat_index *index)
{
	return index->names.len;
}

void cw_typosquat_index_free(cw_typosquat_index *ix)
{
	if (!ix)
		return;
	cw_vec_free_all(&ix->names, &ix->chain, &ix->chain_name);
	cw__map_free(&ix->exact);
	cw__map_free(&ix->skeleton);
	free(ix->del_keys);
	free(ix->del_heads);
	cw__map_free(&ix->allowed);
	cw__arena_free_owner(&ix->arena);
}

/* ---- skeletons ----------------------------------------------------- */

/* Look-alikes folded to one character; multi-letter ones first. */
static size_t fold_glyph(const char *s, size_t i, size_t len, char *out)
{
	if (i + 1 < len && s[i] == 'r' && s[i + 1] == 'n')
		return *out = 'm', 2;
	if (i + 1 < len && s[i] == 'v' && s[i + 1] == 'v')
		return *out = 'w', 2;
	if (i + 1 < len && s[i] == 'c' && s[i + 1] == 'l')
		return *out = 'd', 2;
	switch (s[i]) {
	case '0': *out = 'o'; break;
	case '1': case 'i': case '|': *out = 'l'; break;
	case '3': *out = 'e'; break;
	case '5': *out = 's'; break;
	case '$': *out = 's'; break;
	default: *out = cw_to_lower(s[i]);
	}
	return 1;
}

static bool is_separator(char c)
{
	return c == '-' || c == '_' || c == '.';
}

/* The name without separators, look-alikes folded; "@scope/name" becomes
 * "scopename".  Returns the length written to out (size >= MAX_NAME + 1). */
static size_t skeleton_of(const char *s, size_t len, char *out)
{
	size_t n = 0;
	for (size_t i = 0; i < len && n < MAX_NAME;) {
		if (is_separator(s[i]) || s[i] == '@' || s[i] == '/') {
			i++;
			continue;
		}
		i += fold_glyph(s, i, len, &out[n++]);
	}
	out[n] = '\0';
	return n;
}

/* ---- edit distance ------------------------------------------------- */

/* Optimal string alignment distance, stopping early past `max`. */
static int osa_distance(const char *a, size_t la, const char *b, size_t lb, int max)
{
	int row0[MAX_NAME + 2], row1[MAX_NAME + 2], row2[MAX_NAME + 2];
	int *prev2 = row0, *prev = row1, *cur = row2;
	if (la > MAX_NAME || lb > MAX_NAME)
		return max + 1;
	if ((la > lb ? la - lb : lb - la) > (size_t)max)
		return max + 1;
	for (size_t j = 0; j <= lb; j++)
		prev[j] = (int)j;
	for (size_t i = 1; i <= la; i++) {
		int best = max + 1;
		cur[0] = (int)i;
		for (size_t j = 1; j <= lb; j++) {
			int cost = a[i - 1] != b[j - 1];
			int v = prev[j] + 1;
			if (cur[j - 1] + 1 < v)
				v = cur[j - 1] + 1;
			if (prev[j - 1] + cost < v)
				v = prev[j - 1] + cost;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    prev2[j - 2] + 1 < v)
				v = prev2[j - 2] + 1;
			cur[j] = v;
			if (v < best)
				best = v;
		}
		if (best > max)
			return max + 1;
		int *t = prev2;
		prev2 = prev;
		prev = cur;
		cur = t;
	}
	return prev[lb];
}

/* One adjacent swap turns a into b? */
static bool is_swap(const char *a, const char *b, size_t len)
{
	size_t i = 0;
	while (i < len && a[i] == b[i])
		i++;
	return i + 1 < len && a[i] == b[i + 1] && a[i + 1] == b[i] &&
	       memcmp(a + i + 2, b + i + 2, len - i - 2) == 0;
}

static int max_edits(size_t len)
{
	return len < 5 ? 0 : 1;
}

/* ---- building ------------------------------------------------------ */

/* The slot of hash `h` in the deletion table (empty or holding h). */
static size_t del_slot(const cw_typosquat_index *ix, uint64_t h)
{
	size_t i = (size_t)h & (ix->del_cap - 1);
	while (ix->del_heads[i] && ix->del_keys[i] != h)
		i = (i + 1) & (ix->del_cap - 1);
	return i;
}

static int del_grow(cw_typosquat_index *ix)
{
	size_t cap = ix->del_cap ? ix->del_cap * 2 : 1u << 16;
	uint64_t *keys = calloc(cap, sizeof(*keys));
	uint32_t *heads = calloc(cap, sizeof(*heads));
	cw_typosquat_index old = *ix;
	if (!keys || !heads) {
		free(keys);
		free(heads);
		return cw__error_oom();
	}
	ix->del_keys = keys;
	ix->del_heads = heads;
	ix->del_cap = cap;
	for (size_t i = 0; i < old.del_cap; i++) {
		if (old.del_heads[i]) {
			size_t j = del_slot(ix, old.del_keys[i]);
			keys[j] = old.del_keys[i];
			heads[j] = old.del_heads[i];
		}
	}
	free(old.del_keys);
	free(old.del_heads);
	return 0;
}

static int add_delete(cw_typosquat_index *ix, const char *s, size_t len, uint32_t name)
{
	uint64_t h = cw__hash(s, len);
	uint32_t entry = (uint32_t)ix->chain.len;
	size_t slot;
	int error;
	if ((ix->del_count + 1) * 2 > ix->del_cap && (error = del_grow(ix)) < 0)
		return error;
	slot = del_slot(ix, h);
	if ((error = cw_vec_push(&ix->chain, ix->del_heads[slot])) < 0 ||
	    (error = cw_vec_push(&ix->chain_name, name)) < 0)
		return error;
	if (!ix->del_heads[slot])
		ix->del_count++;
	ix->del_keys[slot] = h;
	ix->del_heads[slot] = entry + 1;
	return 0;
}

/* All strings one deletion away, and the name. */
static int add_deletes(cw_typosquat_index *ix, const char *s, size_t len, uint32_t name)
{
	char buf[MAX_NAME];
	int error = add_delete(ix, s, len, name);
	for (size_t i = 0; i < len && error == 0; i++) {
		memcpy(buf, s, i);
		memcpy(buf + i, s + i + 1, len - i - 1);
		error = add_delete(ix, buf, len - 1, name);
	}
	return error;
}

static int add_name(cw_typosquat_index *ix, const char *s, size_t len, size_t rank)
{
	char skel[MAX_NAME + 1];
	size_t slen;
	char *name;
	uint32_t id;
	int error;

	if (!len || len > MAX_NAME || cw__map_get(&ix->exact, s, len))
		return 0; /* already known with a better rank */
	if (!(name = cw__arena_strndup(&ix->arena, s, len)))
		return cw_error_last()->code;
	cw__str_lower(name, len);
	id = (uint32_t)ix->names.len;
	if ((error = cw_vec_push(&ix->names, ((popular){ name, rank }))) < 0 ||
	    (error = cw__map_put(&ix->exact, name, len, (void *)(uintptr_t)(id + 1), NULL)) < 0)
		return error;
	slen = skeleton_of(name, len, skel);
	if (slen && !cw__map_get(&ix->skeleton, skel, slen)) {
		char *k = cw__arena_strndup(&ix->arena, skel, slen);
		if (!k || (error = cw__map_put(&ix->skeleton, k, slen,
		                               (void *)(uintptr_t)(id + 1), NULL)) < 0)
			return k ? error : cw_error_last()->code;
	}
	return len >= 4 ? add_deletes(ix, name, len, id) : 0;
}

int cw_typosquat_index_add_list(cw_typosquat_index *ix, const char *text, size_t len,
                                const char *path)
{
	size_t pos = 0, rank = 0, line_no = 0;
	int error = 0;
	while (pos < len && error == 0) {
		const char *line = text + pos;
		const char *nl = memchr(line, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - line) : len - pos;
		cw_slice name = cw__slice_trim((cw_slice){ line, n });
		pos += n + (nl != NULL);
		line_no++;
		if (!name.len || name.ptr[0] == '#')
			continue;
		if (memchr(name.ptr, ' ', name.len) || memchr(name.ptr, '\t', name.len))
			return cw__error_set_at(CW_EINVALID, path, line_no, 0,
			                        "expected one package name per line");
		error = add_name(ix, name.ptr, name.len, ++rank);
	}
	return error;
}

int cw_typosquat_index_add_allowed(cw_typosquat_index *ix, const char *text, size_t len,
                                   const char *path)
{
	size_t pos = 0, line_no = 0;
	while (pos < len) {
		const char *line = text + pos;
		const char *nl = memchr(line, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - line) : len - pos;
		cw_slice l = cw__slice_trim((cw_slice){ line, n });
		size_t sep;
		char *key;
		int error;
		pos += n + (nl != NULL);
		line_no++;
		if (!l.len || l.ptr[0] == '#')
			continue;
		sep = strcspn(l.ptr, " \t");
		if (sep >= l.len)
			return cw__error_set_at(CW_EINVALID, path, line_no, 0,
			                        "expected NAME and TARGET separated by a tab or space");
		cw_slice target = cw__slice_trim((cw_slice){ l.ptr + sep, l.len - sep });
		if (!(key = cw__arena_printf(&ix->arena, "%.*s\t%.*s", (int)sep, l.ptr,
		                             (int)target.len, target.ptr)))
			return cw_error_last()->code;
		cw__str_lower(key, strlen(key));
		if ((error = cw__map_put(&ix->allowed, key, strlen(key), key, NULL)) < 0)
			return error;
	}
	return 0;
}

/* ---- checking ------------------------------------------------------ */

static bool is_allowed(const cw_typosquat_index *ix, const char *name, const char *target)
{
	char key[2 * MAX_NAME + 2];
	int n = snprintf(key, sizeof(key), "%s\t%s", name, target);
	return n > 0 && (size_t)n < sizeof(key) && cw__map_get(&ix->allowed, key, (size_t)n);
}

/* Keep the most popular acceptable candidate. */
static void consider(const cw_typosquat_index *ix, const char *name, uint32_t id,
                     cw_squat_kind kind, int distance, cw_typosquat_match *best)
{
	const popular *p = &ix->names.items[id];
	if (strcmp(p->name, name) == 0 || is_allowed(ix, name, p->name))
		return;
	if (ix->npm && name[0] == '@' && p->name[0] == '@') {
		const char *a = strchr(name, '/'), *b = strchr(p->name, '/');
		if (a && b && a - name == b - p->name && memcmp(name, p->name, (size_t)(a - name)) == 0)
			return; /* same scope, same owner */
	}
	if (best->kind == CW_SQUAT_NONE || p->rank < best->target_rank) {
		best->kind = kind;
		best->target = p->name;
		best->target_rank = p->rank;
		best->distance = distance;
	}
}

static void check_deletes(const cw_typosquat_index *ix, const char *q, size_t len,
                          const char *probe, size_t plen, cw_typosquat_match *best)
{
	uintptr_t entry;
	int max = max_edits(len);
	if (!ix->del_cap)
		return;
	entry = ix->del_heads[del_slot(ix, cw__hash(probe, plen))];
	while (entry) {
		uint32_t id = ix->chain_name.items[entry - 1];
		const popular *p = &ix->names.items[id];
		size_t tl = strlen(p->name);
		int allowed_edits = max > max_edits(tl) ? max_edits(tl) : max;
		int d = osa_distance(q, len, p->name, tl, allowed_edits > 0 ? allowed_edits : 1);
		if (d >= 1 && tl == len && is_swap(q, p->name, len))
			consider(ix, q, id, CW_SQUAT_SWAP, 1, best);
		else if (d >= 1 && d <= allowed_edits)
			consider(ix, q, id, CW_SQUAT_EDIT, d, best);
		entry = ix->chain.items[entry - 1];
	}
}

static void check_edits(const cw_typosquat_index *ix, const char *q, size_t len,
                        cw_typosquat_match *best)
{
	char buf[MAX_NAME];
	check_deletes(ix, q, len, q, len, best);
	for (size_t i = 0; i < len; i++) {
		memcpy(buf, q, i);
		memcpy(buf + i, q + i + 1, len - i - 1);
		check_deletes(ix, q, len, buf, len - 1, best);
	}
}

/* "lodash-js", "node-lodash", "lodash.js": a popular name with an affix,
 * and the two most abused ones glued on ("noderequest", "mysqljs"). */
static void check_combo(const cw_typosquat_index *ix, const char *q, size_t len,
                        cw_typosquat_match *best)
{
	static const struct { const char *affix; bool glued; } affixes[] = {
		{ "js", true }, { "node", true }, { "npm", false }, { "python", false },
		{ "py", false }, { "official", false }, { "lib", false }, { "pkg", false },
		{ "package", false }, { "dev", false },
	};
	for (size_t a = 0; a < sizeof(affixes) / sizeof(affixes[0]); a++) {
		size_t al = strlen(affixes[a].affix);
		for (int glued = 0; glued <= (int)affixes[a].glued; glued++) {
			size_t cut = al + (size_t)!glued; /* affix plus its separator */
			const char *rest[2] = { NULL, NULL };
			/* Glued affixes need a longer rest: "nodes" is not node + s. */
			if (len < cut + (glued ? 4 : 2))
				continue;
			if (memcmp(q, affixes[a].affix, al) == 0 && (glued || is_separator(q[al])))
				rest[0] = q + cut;
			if (memcmp(q + len - al, affixes[a].affix, al) == 0 &&
			    (glued || is_separator(q[len - al - 1])))
				rest[1] = q;
			for (int k = 0; k < 2; k++) {
				uintptr_t id;
				if (!rest[k])
					continue;
				id = (uintptr_t)cw__map_get(&ix->exact, rest[k], len - cut);
				if (id && ix->names.items[id - 1].rank <= COMBO_TOP)
					consider(ix, q, (uint32_t)(id - 1), CW_SQUAT_COMBO, 0, best);
			}
		}
	}
}

bool cw_typosquat_check(const cw_typosquat_index *ix, const char *name,
                        cw_typosquat_match *match)
{
	char q[MAX_NAME + 1], skel[MAX_NAME + 1];
	size_t len = strlen(name), slen;
	uintptr_t id;

	memset(match, 0, sizeof(*match));
	if (!len || len > MAX_NAME)
		return false;
	memcpy(q, name, len + 1);
	cw__str_lower(q, len);
	if (cw__map_get(&ix->exact, q, len))
		return false; /* popular itself */

	/* Same skeleton: separators, look-alikes or a dropped scope. */
	slen = skeleton_of(q, len, skel);
	if (slen >= 4 && (id = (uintptr_t)cw__map_get(&ix->skeleton, skel, slen))) {
		const char *target = ix->names.items[id - 1].name;
		cw_squat_kind kind = CW_SQUAT_HOMOGLYPH;
		char ts[MAX_NAME + 1], qs[MAX_NAME + 1];
		size_t tn = 0, qn = 0;
		/* Without separators the two are equal: a separator trick. */
		for (const char *p = target; *p; p++)
			if (!is_separator(*p) && *p != '@' && *p != '/')
				ts[tn++] = *p;
		for (size_t i = 0; i < len; i++)
			if (!is_separator(q[i]) && q[i] != '@' && q[i] != '/')
				qs[qn++] = q[i];
		if (tn == qn && memcmp(ts, qs, tn) == 0)
			kind = ix->npm && (target[0] == '@') != (q[0] == '@') ? CW_SQUAT_SCOPE
			                                                   : CW_SQUAT_SEPARATOR;
		consider(ix, q, (uint32_t)(id - 1), kind, 0, match);
		if (match->kind != CW_SQUAT_NONE)
			return true;
	}
	check_edits(ix, q, len, match);
	check_combo(ix, q, len, match);
	return match->kind != CW_SQUAT_NONE;
}
