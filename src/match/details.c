/*
 * details.c - what a finding says about its vulnerability: ids, severity
 * and CVSS (the best statement), EPSS, KEV, fixed versions, and the
 * priority order.  The rules are documented in docs/scan.md.
 *
 * Best CVSS statement, among the OSV `severity` entries of every advisory
 * of the alias group and the NVD metrics of every CVE of the group: the
 * highest CVSS version wins (4.0 > 3.1 > 3.0 > 2.0); at equal versions,
 * NVD's own (Primary) metric, then an OSV advisory's (GHSA and the
 * ecosystem databases), then a secondary NVD source (a CNA).  The score is
 * computed from the vector (chainwarden/cvss.h) so every source is scored
 * the same way; vectors that do not parse are skipped.  Without any
 * vector, an OSV record's database_specific.severity (GHSA's
 * LOW/MODERATE/HIGH/CRITICAL) gives the severity, and the score stays -1.
 *
 * Malicious packages (an OSV MAL- id in the alias group, or an advisory
 * whose affected entry has the RustSec category "malicious") are findings of
 * kind "malicious", severity critical, and sort before everything else
 * (100000 is added to their priority_score).
 *
 * Priority: findings sort by (KEV first, then EPSS probability descending,
 * then CVSS score / severity descending, then id).  priority_score is the
 * same order as one number: 10000 * kev + 10 * round(1000 * epss) + score,
 * where score is the CVSS score, or 9.5 / 7.5 / 5.0 / 2.0 for a severity
 * without a score.
 */
#include "match/match.h"
#include "chainwarden/cvss.h"
#include "util/error.h"
#include "util/str.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const fail_level_names[] = { "none", "any", "low", "medium", "high", "critical", "kev" };
static const cw_name_table fail_levels = {
	fail_level_names, sizeof(fail_level_names) / sizeof(fail_level_names[0]), "--fail-on level",
	"critical, high, medium, low, kev, any or none"
};

static int version_rank(cw_cvss_version v)
{
	switch (v) {
	case CW_CVSS_V4_0: return 4;
	case CW_CVSS_V3_1: return 3;
	case CW_CVSS_V3_0: return 2;
	default: return 1;
	}
}

static int source_rank(const cw__kb_severity *s)
{
	if (!strncmp(s->source, "osv:", 4))
		return 2;
	return s->primary ? 3 : 1;
}

static cw_severity from_cvss(cw_cvss_severity s)
{
	switch (s) {
	case CW_CVSS_SEVERITY_LOW: return CW_SEVERITY_LOW;
	case CW_CVSS_SEVERITY_MEDIUM: return CW_SEVERITY_MEDIUM;
	case CW_CVSS_SEVERITY_HIGH: return CW_SEVERITY_HIGH;
	case CW_CVSS_SEVERITY_CRITICAL: return CW_SEVERITY_CRITICAL;
	default: return CW_SEVERITY_UNKNOWN;
	}
}

static cw_severity from_word(const char *w)
{
	if (!w)
		return CW_SEVERITY_UNKNOWN;
	if (!strcasecmp(w, "critical"))
		return CW_SEVERITY_CRITICAL;
	if (!strcasecmp(w, "high"))
		return CW_SEVERITY_HIGH;
	if (!strcasecmp(w, "moderate") || !strcasecmp(w, "medium"))
		return CW_SEVERITY_MEDIUM;
	if (!strcasecmp(w, "low"))
		return CW_SEVERITY_LOW;
	return CW_SEVERITY_UNKNOWN;
}

const char *cw_severity_name(cw_severity s)
{
	static const char *const names[] = { "unknown", "low", "medium", "high", "critical" };
	return (unsigned)s < 5 ? names[s] : "unknown";
}

/* The details of one vulnerability group, as a finding template. */
static int compute_details(cw__finding *f, const cw__kb_vuln *vp)
{
	cw__kb_vuln v = *vp;
	int best_v = 0, best_s = 0;
	cw_finding *p = &f->pub;
	f->group = v.ids[0];
	p->aliases = (const char *const *)v.ids; /* the display id is taken out later */
	p->alias_count = v.id_count;
	p->summary = v.summary;
	p->published = v.published;
	p->cvss_score = -1;
	for (size_t i = 0; i < v.severity_count; i++) {
		const cw__kb_severity *s = &v.severities[i];
		cw_cvss cv;
		cw_cvss_scores sc;
		int vr, sr;
		if (cw_cvss_parse_str(&cv, s->vector) < 0 || cw_cvss_score(&sc, &cv) < 0)
			continue;
		vr = version_rank(cv.version);
		sr = source_rank(s);
		if (vr < best_v || (vr == best_v && sr <= best_s))
			continue;
		best_v = vr;
		best_s = sr;
		p->cvss_vector = s->vector;
		p->cvss_version = cw_cvss_version_name(cv.version);
		p->cvss_source = s->source;
		p->cvss_score = cv.version == CW_CVSS_V4_0 ? sc.score : sc.base;
		p->severity = from_cvss(cw_cvss_severity_of(cv.version, p->cvss_score));
	}
	if (!p->cvss_vector)
		p->severity = from_word(v.db_severity);
	if (v.malicious)
		p->kind = CW_FINDING_MALICIOUS;
	p->kev = v.kev;
	p->kev_date_added = v.kev_date_added;
	p->kev_due_date = v.kev_due_date;
	p->kev_ransomware = v.kev_ransomware && !strcasecmp(v.kev_ransomware, "Known");
	p->epss = v.epss;
	p->epss_score = v.epss_score;
	p->epss_percentile = v.epss_percentile;
	return 0;
}

/*
 * Fill f's vulnerability fields (group, aliases, summary, CVSS, EPSS, KEV)
 * for advisory `adv` (or `id`); f's public part is zero but for what the
 * caller may have set about the component (component, package, match).
 * The KB is asked and the CVSS vectors are scored once per advisory per
 * scan (cached in r->vulns as a template): an advisory matches every
 * version of a package installed several times, and a group's other
 * advisories land in the same finding.
 */
int cw__scan_details(cw_scan_result *r, cw__kb_lookup *lk, cw__finding *f, int64_t adv, const char *id)
{
	cw__finding *tpl;
	char key[32];
	int error;

	snprintf(key, sizeof(key), "%lld", (long long)adv);
	if (id)
		snprintf(key, sizeof(key), "id:%.20s", id);
	if (!(tpl = cw__map_get(&r->vulns, key, strlen(key)))) {
		cw__kb_vuln v;
		char *k;
		if ((error = id ? cw__kb_lookup_vuln_id(lk, &r->arena, id, &v)
		                : cw__kb_lookup_vuln(lk, &r->arena, adv, &v)) < 0)
			return error;
		if (!(tpl = cw__arena_calloc(&r->arena, 1, sizeof(*tpl))) || !(k = cw__arena_strdup(&r->arena, key)))
			return cw_error_last()->code;
		if ((error = compute_details(tpl, &v)) < 0 ||
		    (error = cw__map_put(&r->vulns, k, strlen(k), tpl, NULL)) < 0)
			return error;
	}
	{
		/* the template holds the vulnerability's fields and nothing else;
		 * the finding, what the caller set about the component */
		cw_finding p = tpl->pub;
		p.component = f->pub.component;
		p.package = f->pub.package;
		p.match = f->pub.match;
		f->pub = p;
		f->group = tpl->group;
	}
	return 0;
}

typedef struct {
	const cw_version_scheme *scheme;
} sort_ctx;

static sort_ctx g_sort; /* qsort has no context argument; set just before the call */

static int cmp_version_str(const void *pa, const void *pb)
{
	const char *a = *(const char *const *)pa, *b = *(const char *const *)pb;
	int c = 0;
	if (cw_version_compare_strings(&c, g_sort.scheme, a, b) < 0)
		return strcmp(a, b);
	return c ? c : strcmp(a, b);
}

int cw__scan_fixed_versions(cw_scan_result *r, cw__finding *f);

/* A known malicious package: an id of its alias group is an OSV MAL- id
 * (the OpenSSF malicious-packages database; GHSA malware advisories alias
 * them), or a matched advisory's affected entry has the category
 * "malicious" (RustSec; see cw__scan_details).  Every such record means
 * "remove it", whatever its CVSS says. */
static bool is_malicious(const cw_finding *p)
{
	if (!strncmp(p->id, "MAL-", 4))
		return true;
	for (size_t i = 0; i < p->alias_count; i++)
		if (!strncmp(p->aliases[i], "MAL-", 4))
			return true;
	for (size_t i = 0; i < p->advisory_count; i++)
		if (!strncmp(p->advisories[i], "MAL-", 4))
			return true;
	return false;
}

const char *cw_finding_kind_name(cw_finding_kind kind)
{
	static const char *const names[] = { "vulnerability", "malicious", "suspicious" };
	return (unsigned)kind < 3 ? names[kind] : "vulnerability";
}

/* Fixed versions from the matched ranges; display id and aliases. */
int cw__scan_fixed_versions(cw_scan_result *r, cw__finding *f)
{
	cw_finding *p = &f->pub;
	size_t n = 0, cap = 0, k = 0;
	const char **fixed = NULL, **aliases;

	for (size_t i = 0; i < f->matched_count; i++)
		for (size_t j = 0; j < f->matched[i]->range_count; j++)
			cap += f->matched[i]->ranges[j].event_count;
	if (cap && !(fixed = cw__arena_alloc(&r->arena, cap * sizeof(*fixed))))
		return cw_error_last()->code;
	for (size_t i = 0; i < f->matched_count; i++) {
		const cw__kb_affected *a = f->matched[i];
		for (size_t j = 0; j < a->range_count; j++) {
			if (!strcmp(a->ranges[j].type, "GIT"))
				continue;
			for (size_t e = 0; e < a->ranges[j].event_count; e++) {
				const char *val = a->ranges[j].events[e].value;
				bool dup = false;
				if (a->ranges[j].events[e].kind != 'f')
					continue;
				for (size_t d = 0; d < n && !dup; d++)
					dup = !strcmp(fixed[d], val);
				if (!dup && !(fixed[n++] = cw__arena_strdup(&r->arena, val))) /* entries are freed later */
					return cw_error_last()->code;
			}
		}
	}
	if (n > 1) {
		g_sort.scheme = cw_version_scheme_for(f->matched[0]->ecosystem);
		qsort(fixed, n, sizeof(*fixed), cmp_version_str);
	}
	p->fixed_versions = fixed;
	p->fixed_count = n;

	/* Display id: the (smallest) matched advisory id; aliases: the rest of the group. */
	p->id = p->advisories[0];
	if (!(aliases = cw__arena_alloc(&r->arena, (p->alias_count + 1) * sizeof(*aliases))))
		return cw_error_last()->code;
	for (size_t i = 0; i < p->alias_count; i++)
		if (strcmp(p->aliases[i], p->id))
			aliases[k++] = p->aliases[i];
	p->aliases = aliases;
	p->alias_count = k;
	if (p->kind == CW_FINDING_MALICIOUS || is_malicious(p)) {
		p->kind = CW_FINDING_MALICIOUS;
		p->severity = CW_SEVERITY_CRITICAL;
	}
	return 0;
}

static double sev_score(const cw_finding *f)
{
	static const double mid[] = { 0, 2.0, 5.0, 7.5, 9.5 };
	if (f->cvss_score >= 0)
		return f->cvss_score;
	return mid[f->severity];
}

static int cmp_finding(const void *pa, const void *pb)
{
	const cw_finding *a = &(*(cw__finding *const *)pa)->pub;
	const cw_finding *b = &(*(cw__finding *const *)pb)->pub;
	int c;
	if (a->priority_score != b->priority_score)
		return a->priority_score > b->priority_score ? -1 : 1;
	if ((c = strcmp(a->id, b->id)))
		return c;
	if ((c = strcmp(a->package->name, b->package->name)))
		return c;
	return a->component < b->component ? -1 : a->component > b->component;
}

void cw__scan_sort(cw_scan_result *r);

void cw__scan_sort(cw_scan_result *r)
{
	for (size_t i = 0; i < r->findings.len; i++) {
		cw_finding *p = &r->findings.items[i]->pub;
		p->priority_score = (p->kind == CW_FINDING_MALICIOUS ? 100000.0 : 0.0) +
		                    (p->kev ? 10000.0 : 0.0) +
		                    10.0 * round(1000.0 * (p->epss ? p->epss_score : 0.0)) + sev_score(p);
	}
	if (r->findings.len > 1)
		qsort(r->findings.items, r->findings.len, sizeof(*r->findings.items), cmp_finding);
	for (size_t i = 0; i < r->findings.len; i++)
		r->findings.items[i]->pub.priority = i + 1;
}

int cw_fail_level_parse(cw_fail_level *out, const char *name)
{
	int i, error = cw__name_lookup(&i, &fail_levels, name);
	if (error == 0)
		*out = (cw_fail_level)i;
	return error;
}

bool cw_scan_fails(const cw_scan_result *r, cw_fail_level level)
{
	for (size_t i = 0; i < r->findings.len; i++) {
		const cw_finding *f = &r->findings.items[i]->pub;
		if (f->ignored)
			continue;
		switch (level) {
		case CW_FAIL_NONE: return false;
		case CW_FAIL_ANY: return true;
		case CW_FAIL_KEV: if (f->kev) return true; break;
		case CW_FAIL_LOW: if (f->severity >= CW_SEVERITY_LOW) return true; break;
		case CW_FAIL_MEDIUM: if (f->severity >= CW_SEVERITY_MEDIUM) return true; break;
		case CW_FAIL_HIGH: if (f->severity >= CW_SEVERITY_HIGH) return true; break;
		case CW_FAIL_CRITICAL: if (f->severity >= CW_SEVERITY_CRITICAL) return true; break;
		}
	}
	return false;
}
