/*
 * waiver.c - waivers and dates.
 *
 * A waiver covers a result when every selector it gives matches: `rule`
 * (the rule id), `package` (a glob on the package name, or on its purl
 * when it starts with "pkg:"; a purl pattern without '@' also matches the
 * purl without its version) and `finding` (a glob on the finding's id or
 * any alias, without regard to case; a waiver with `finding` covers only
 * results about a vulnerability).  It is in force through its `expires`
 * date (inclusive): from the next day on the result fails again, and the
 * report says which waiver expired.
 */
#include "policy/policy_internal.h"
#include "util/str.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

bool cw__pglob_purl(const char *const *patterns, size_t count, const char *purl)
{
	char base[1024];
	size_t n;
	if (!purl)
		return false;
	for (size_t i = 0; i < count; i++)
		if (cw__glob_match(patterns[i], purl, false))
			return true;
	n = strcspn(purl, "@?#");
	if (n >= sizeof(base))
		return false;
	memcpy(base, purl, n);
	base[n] = '\0';
	for (size_t i = 0; i < count; i++)
		if (!strchr(patterns[i], '@') && cw__glob_match(patterns[i], base, false))
			return true;
	return false;
}

bool cw__pglob_finding(const char *const *patterns, size_t count, const cw_finding *f)
{
	if (!f)
		return false;
	for (size_t i = 0; i < count; i++) {
		if (cw__glob_match(patterns[i], f->id, true))
			return true;
		for (size_t k = 0; k < f->alias_count; k++)
			if (cw__glob_match(patterns[i], f->aliases[k], true))
				return true;
	}
	return false;
}

static bool package_matches(const char *pattern, const cw_component *c)
{
	if (strncmp(pattern, "pkg:", 4) != 0)
		return cw__glob_match(pattern, c->name, false);
	return cw__pglob_purl(&pattern, 1, c->purl);
}

const cw__pwaiver *cw__pwaiver_find(const cw__presolved *res, const cw__prule *rule,
                                    const cw_component *c, const cw_finding *f, const char *today,
                                    const char **expired)
{
	*expired = NULL;
	for (size_t i = 0; i < res->waivers.len; i++) {
		const cw__pwaiver *w = res->waivers.items[i];
		if ((w->rule && strcmp(w->rule, rule->id)) || (w->package && !package_matches(w->package, c)) ||
		    (w->finding && !cw__pglob_finding(&w->finding, 1, f)))
			continue;
		if (strcmp(w->expires, today) < 0) {
			if (!*expired || strcmp(w->expires, *expired) > 0)
				*expired = w->expires;
			continue;
		}
		return w;
	}
	return NULL;
}

bool cw__pdate_valid(const char *s, size_t len)
{
	unsigned m, d;
	if (len < 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (size_t i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !cw_is_digit(s[i]))
			return false;
	m = (unsigned)((s[5] - '0') * 10 + (s[6] - '0'));
	d = (unsigned)((s[8] - '0') * 10 + (s[9] - '0'));
	return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

int64_t cw__pdate_days(const char *s)
{
	if (!s || !cw__pdate_valid(s, strlen(s)))
		return INT64_MIN;
	return cw__days_from_civil(atoi(s), (unsigned)((s[5] - '0') * 10 + (s[6] - '0')),
	                       (unsigned)((s[8] - '0') * 10 + (s[9] - '0')));
}
