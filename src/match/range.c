/*
 * range.c - OSV affected-range evaluation
 * (https://ossf.github.io/osv-schema/#evaluation), schema 1.0-1.7.
 *
 * A version is affected by an `affected` entry when it is listed in
 * `versions` (exact string, or equal under the ecosystem's ordering), or
 * when it falls in one of its SEMVER / ECOSYSTEM ranges.  For one range,
 * as the specification's pseudo-code does: the events are sorted by their
 * version ("0" lowest; at equal versions the record's order is kept), then
 * walked in order:
 *
 *     introduced  v >= introduced ("0": always)   -> affected
 *     fixed       v >= fixed                      -> not affected
 *     last_affected  v > last_affected            -> not affected
 *
 * and the state after the walk is the answer.  `limit` events bound the
 * range from above: when a range has limits, v must be below one of them.
 * GIT ranges (commit hashes) cannot be evaluated against a package version
 * and are skipped: a record with only GIT ranges matches through its
 * `versions` list alone.  A range whose only events are `introduced: "0"`
 * holds every version, even one that does not parse (malicious-package
 * records say "all versions" that way).  Other unknown range types are skipped too.
 *
 * Versions are compared with the ecosystem's exact semantics
 * (chainwarden/version.h).  SEMVER ranges use SemVer 2.0 precedence: the
 * ecosystem's scheme for npm, Go and crates.io (which are SemVer), the
 * strict SemVer scheme (crates.io's) for others.  Go ranges are written
 * without the "v" of Go module versions; it is added before parsing.
 * An event that does not parse makes its whole range unusable (reported to
 * the caller through *bad, never a silent match).
 */
#include "match/match.h"
#include "util/str.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const cw_version_scheme *cw__osv_range_scheme(const char *range_type, const char *ecosystem)
{
	const cw_version_scheme *eco = cw_version_scheme_for(ecosystem);
	if (range_type && !strcmp(range_type, "SEMVER")) {
		const char *n = cw_version_scheme_name(eco);
		if (strstr(n, "semver") || strstr(n, "go") || strstr(n, "cargo"))
			return eco;
		return cw_version_scheme_for("crates.io");
	}
	return eco;
}

static bool is_go(const char *ecosystem)
{
	return ecosystem && !strncmp(ecosystem, "Go", 2) && (!ecosystem[2] || ecosystem[2] == ':');
}

static int parse_event(cw_version **out, const cw_version_scheme *scheme, const char *eco,
                       const char *value)
{
	char buf[256];
	if (is_go(eco) && value[0] != 'v' && strlen(value) < sizeof(buf) - 1) {
		buf[0] = 'v';
		strcpy(buf + 1, value);
		value = buf;
	}
	return cw_version_parse(out, scheme, value, strlen(value));
}

typedef struct {
	char kind;
	bool zero;
	cw_version *v;
	size_t seq;
} ev;

static int cmp_ev(const void *pa, const void *pb)
{
	const ev *a = pa, *b = pb;
	int c;
	if (a->zero || b->zero)
		c = (int)b->zero - (int)a->zero;
	else
		c = cw_version_compare(a->v, b->v);
	if (c)
		return c;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* 1 affected, 0 not, -1 range unusable. */
static int in_range(const cw__kb_range *rg, const char *eco, const cw_version *version,
                    const cw_version_scheme *scheme)
{
	ev stackbuf[16], *evs = stackbuf;
	size_t n = 0;
	int result = -1;
	bool vulnerable = false, has_limit = false, below_limit = false;

	if (rg->event_count > 16 && !(evs = calloc(rg->event_count, sizeof(*evs))))
		return -1;
	for (size_t i = 0; i < rg->event_count; i++) {
		const cw__kb_event *e = &rg->events[i];
		ev *x = &evs[n];
		memset(x, 0, sizeof(*x));
		x->kind = e->kind;
		x->seq = i;
		if (e->kind == 'i' && !strcmp(e->value, "0")) {
			x->zero = true;
		} else if (parse_event(&x->v, scheme, eco, e->value) < 0) {
			goto done;
		}
		n++;
	}
	qsort(evs, n, sizeof(*evs), cmp_ev);
	for (size_t i = 0; i < n; i++) {
		int c = evs[i].zero ? 1 : cw_version_compare(version, evs[i].v);
		switch (evs[i].kind) {
		case 'i': if (c >= 0) vulnerable = true; break;
		case 'f': if (c >= 0) vulnerable = false; break;
		case 'l': if (c > 0) vulnerable = false; break;
		case 'x':
			has_limit = true;
			if (c < 0)
				below_limit = true;
			break;
		}
	}
	result = vulnerable && (!has_limit || below_limit);
done:
	for (size_t i = 0; i < n; i++)
		cw_version_free(evs[i].v);
	if (evs != stackbuf)
		free(evs);
	return result;
}

/* The leading number of a version ("v1.2" -> "1"), for a cheap prefilter. */
static size_t lead(const char *s, const char **start)
{
	size_t n = 0;
	while (*s && !cw_is_digit(*s))
		s++;
	*start = s;
	while (s[n] && cw_is_digit(s[n]))
		n++;
	return n;
}

/*
 * In the explicit `versions` list: the same string, or a version equal
 * under the ecosystem's ordering (PEP 440 "1.0" == "1.0.0").  Parsing
 * every listed version is costly (PyPI records list dozens), so only
 * those with the same leading number as `version` are parsed: versions
 * that compare equal have equal leading numbers in every scheme where a
 * textual difference can still be equal (PEP 440 allows leading zeros:
 * "01" is compared after stripping them).
 */
static bool listed(const cw__kb_affected *a, const cw_version_scheme *scheme, const char *version_str,
                   const cw_version *version)
{
	const char *vs, *ls;
	size_t vn = lead(version_str, &vs);
	while (vn > 1 && *vs == '0')
		vs++, vn--;
	for (size_t i = 0; i < a->version_count; i++) {
		cw_version *lv = NULL;
		size_t ln;
		bool eq;
		if (!strcmp(a->versions[i], version_str))
			return true;
		if (!version)
			continue;
		ln = lead(a->versions[i], &ls);
		while (ln > 1 && *ls == '0')
			ls++, ln--;
		if (ln != vn || memcmp(ls, vs, vn))
			continue;
		eq = cw_version_parse(&lv, scheme, a->versions[i], strlen(a->versions[i])) == 0 &&
		     cw_version_compare(lv, version) == 0;
		cw_version_free(lv);
		if (eq)
			return true;
	}
	return false;
}

/* A range that holds every version: its only events are `introduced: "0"`
 * (how malicious-package records say "all versions"). */
static bool all_versions(const cw__kb_range *rg)
{
	if (!rg->event_count || (strcmp(rg->type, "SEMVER") && strcmp(rg->type, "ECOSYSTEM")))
		return false;
	for (size_t e = 0; e < rg->event_count; e++)
		if (rg->events[e].kind != 'i' || strcmp(rg->events[e].value, "0"))
			return false;
	return true;
}

bool cw__osv_affects(const cw__kb_affected *a, const cw_version_scheme *scheme,
                     const char *version_str, const cw_version *version, bool *bad)
{
	if (listed(a, scheme, version_str, version))
		return true;
	if (!version) {
		/* an unparseable version is still inside a range that holds every version */
		for (size_t i = 0; i < a->range_count; i++)
			if (all_versions(&a->ranges[i]))
				return true;
		return false;
	}
	for (size_t i = 0; i < a->range_count; i++) {
		const cw__kb_range *rg = &a->ranges[i];
		const cw_version_scheme *rs;
		int in;
		if (strcmp(rg->type, "SEMVER") && strcmp(rg->type, "ECOSYSTEM"))
			continue; /* GIT and unknown types: see the header */
		rs = cw__osv_range_scheme(rg->type, a->ecosystem);
		if (rs != scheme) { /* a SEMVER range over a non-SemVer ecosystem */
			cw_version *alt = NULL;
			if (cw_version_parse(&alt, rs, version_str, strlen(version_str)) < 0)
				continue; /* the version is not SemVer: that range cannot hold it */
			in = in_range(rg, a->ecosystem, alt, rs);
			cw_version_free(alt);
		} else {
			in = in_range(rg, a->ecosystem, version, rs);
		}
		if (in < 0)
			*bad = true;
		else if (in)
			return true;
	}
	return false;
}
