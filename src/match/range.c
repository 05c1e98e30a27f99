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

/* The next dot-separated number of a release ("1.011.0": "1", "11", "0"),
 * leading zeros stripped; false at the end of the release part. */
static bool next_number(const char **s, const char **num, size_t *len)
{
	const char *p = *s;
	if (!cw_is_digit(*p))
		return false;
	while (p[0] == '0' && cw_is_digit(p[1]))
		p++;
	*num = p;
	while (cw_is_digit(*p))
		p++;
	*len = (size_t)(p - *num);
	*s = *p == '.' && cw_is_digit(p[1]) ? p + 1 : ""; /* "" ends the release part */
	return true;
}

/*
 * Whether two versions can compare equal, judged on their release numbers
 * (the dot-separated numbers after any leading non-digits, "v1.2.3" ->
 * 1, 2, 3; leading zeros ignored, a missing number counts as 0, so "1.0"
 * and "1.0.0" may be equal and "1.11.27" and "1.10" may not).  In every
 * scheme where different strings can be equal (PEP 440, Maven, NuGet,
 * RubyGems trailing zeros), equal versions have equal release numbers, so
 * only pairs that pass are parsed and compared: PyPI records list
 * hundreds of versions, and parsing all that share a major version was
 * most of a worst-case scan.  (As before, an explicit zero epoch, "0:1.2"
 * in dpkg, is not seen as equal to "1.2".)
 */
static bool release_may_equal(const char *a, const char *b)
{
	while (*a && !cw_is_digit(*a))
		a++;
	while (*b && !cw_is_digit(*b))
		b++;
	for (;;) {
		const char *na = NULL, *nb = NULL;
		size_t la = 0, lb = 0;
		bool ha = next_number(&a, &na, &la), hb = next_number(&b, &nb, &lb);
		if (!ha && !hb)
			return true;
		if (ha && hb) {
			if (la != lb || memcmp(na, nb, la))
				return false;
		} else if ((ha && !(la == 1 && *na == '0')) || (hb && !(lb == 1 && *nb == '0'))) {
			return false; /* "1.2" vs "1.2.3": the missing number is 0 */
		}
	}
}

/*
 * In the explicit `versions` list: the same string, or a version equal
 * under the ecosystem's ordering (PEP 440 "1.0" == "1.0.0").  Only listed
 * versions whose release numbers can be equal are parsed
 * (release_may_equal()).
 */
static bool listed(const cw__kb_affected *a, const cw_version_scheme *scheme, const char *version_str,
                   const cw_version *version)
{
	for (size_t i = 0; i < a->version_count; i++) {
		cw_version *lv = NULL;
		bool eq;
		if (!strcmp(a->versions[i], version_str))
			return true;
		if (!version || !release_may_equal(a->versions[i], version_str))
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

/*
 * Prepared entries: the events of every range parsed and sorted once per
 * scan (cw__scan_affects), since one entry is evaluated for every
 * component of that name, every fix candidate and every version of a
 * package installed more than once.  Parsing dominated the matcher's
 * profile (PEP 440 and SemVer parsers, the event sort).
 */
typedef struct {
	const cw_version_scheme *scheme;  /* NULL: a type that is not evaluated */
	ev *evs;
	size_t n;
	bool unusable;                    /* an event does not parse */
} prange;

struct cw__osv_prepared {
	const cw__kb_affected *entry;     /* also the map key's storage */
	size_t count;
	prange ranges[];
};

void cw__osv_prepared_free(cw__osv_prepared *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->count; i++) {
		for (size_t k = 0; k < p->ranges[i].n; k++)
			cw_version_free(p->ranges[i].evs[k].v);
		free(p->ranges[i].evs);
	}
	free(p);
}

static cw__osv_prepared *prepare(const cw__kb_affected *a)
{
	cw__osv_prepared *p = calloc(1, sizeof(*p) + a->range_count * sizeof(prange));
	if (!p)
		return NULL;
	p->entry = a;
	p->count = a->range_count;
	for (size_t i = 0; i < a->range_count; i++) {
		const cw__kb_range *rg = &a->ranges[i];
		prange *pr = &p->ranges[i];
		if (strcmp(rg->type, "SEMVER") && strcmp(rg->type, "ECOSYSTEM"))
			continue; /* GIT and unknown types: see the header */
		pr->scheme = cw__osv_range_scheme(rg->type, a->ecosystem);
		if (rg->event_count && !(pr->evs = calloc(rg->event_count, sizeof(*pr->evs)))) {
			cw__osv_prepared_free(p);
			return NULL;
		}
		for (size_t e = 0; e < rg->event_count; e++) {
			ev *x = &pr->evs[pr->n];
			x->kind = rg->events[e].kind;
			x->seq = e;
			if (x->kind == 'i' && !strcmp(rg->events[e].value, "0")) {
				x->zero = true;
			} else if (parse_event(&x->v, pr->scheme, a->ecosystem, rg->events[e].value) < 0) {
				pr->unusable = true;
				break;
			}
			pr->n++;
		}
		if (!pr->unusable && pr->n > 1)
			qsort(pr->evs, pr->n, sizeof(*pr->evs), cmp_ev);
	}
	return p;
}

/* The OSV evaluation of one range over its prepared (sorted) events: 1 affected, 0 not. */
static int walk(const prange *pr, const cw_version *version)
{
	bool vulnerable = false, has_limit = false, below_limit = false;
	for (size_t i = 0; i < pr->n; i++) {
		int c = pr->evs[i].zero ? 1 : cw_version_compare(version, pr->evs[i].v);
		switch (pr->evs[i].kind) {
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
	return vulnerable && (!has_limit || below_limit);
}

static bool affects_prepared(const cw__osv_prepared *p, const cw_version_scheme *scheme,
                             const char *version_str, const cw_version *version, bool *bad)
{
	const cw__kb_affected *a = p->entry;
	if (listed(a, scheme, version_str, version))
		return true;
	if (!version) {
		/* an unparseable version is still inside a range that holds every version */
		for (size_t i = 0; i < a->range_count; i++)
			if (all_versions(&a->ranges[i]))
				return true;
		return false;
	}
	for (size_t i = 0; i < p->count; i++) {
		const prange *pr = &p->ranges[i];
		int in;
		if (!pr->scheme)
			continue;
		if (pr->unusable) {
			*bad = true;
			continue;
		}
		if (pr->scheme != scheme) { /* a SEMVER range over a non-SemVer ecosystem */
			cw_version *alt = NULL;
			if (cw_version_parse(&alt, pr->scheme, version_str, strlen(version_str)) < 0)
				continue; /* the version is not SemVer: that range cannot hold it */
			in = walk(pr, alt);
			cw_version_free(alt);
		} else {
			in = walk(pr, version);
		}
		if (in)
			return true;
	}
	return false;
}

bool cw__scan_affects(cw_scan_result *r, const cw__kb_affected *a, const cw_version_scheme *scheme,
                      const char *version_str, const cw_version *version, bool *bad)
{
	cw__osv_prepared *p = cw__map_get(&r->prepared, (const char *)&a, sizeof(a));
	if (!p) {
		if (!(p = prepare(a))) { /* out of memory: the entry cannot be evaluated */
			*bad = true;
			return false;
		}
		if (cw__map_put(&r->prepared, (const char *)&p->entry, sizeof(p->entry), p, NULL) < 0) {
			bool hit = affects_prepared(p, scheme, version_str, version, bad);
			cw__osv_prepared_free(p);
			return hit;
		}
	}
	return affects_prepared(p, scheme, version_str, version, bad);
}
