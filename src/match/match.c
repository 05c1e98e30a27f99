/*
 * match.c - cw_scan_run(): match an inventory against the KB.
 *
 * How it works (docs/scan.md has the user-facing description):
 *
 *  1. Each library component with a resolved version is mapped to an OSV
 *     ecosystem and a name (target()): the purl type gives the ecosystem
 *     (npm -> npm, pypi -> PyPI, golang -> Go, cargo -> crates.io, ...);
 *     distribution packages (deb/apk/rpm with a `distro` qualifier) are
 *     looked up by their source package (`upstream` qualifier, as the
 *     system extractors write it) and source version in the release's
 *     ecosystem ("Debian:12", "Alpine:v3.19", "Ubuntu:22.04"); RPMs by
 *     binary and source package with the epoch (rpm_targets()).  The name
 *     is normalized with cw_kb_normalize_name, the function the KB index
 *     uses.
 *  2. One indexed query returns the affected entries of non-withdrawn
 *     advisories for (ecosystem, name), with ranges and events, once per
 *     scan (lookup(): a package installed at several versions is asked
 *     once); range.c evaluates them with the ecosystem's version
 *     semantics, each entry's ranges parsed once (cw__scan_affects).
 *  3. Matched advisories of one component are merged by alias group (the
 *     KB's connected components of aliases): one finding per vulnerability,
 *     listing every id.  details.c picks the severity, EPSS and KEV.
 *  4. graph.c adds dependency paths and fix recommendations, ignore.c the
 *     ignore file, vex.c VEX statements, baseline.c drops findings already
 *     in a baseline; findings are sorted by priority (details.c).  The KB
 *     cache is freed before the report (release_kb_cache()).
 */
#include "match/match.h"
#include "chainwarden/purl.h"
#include "util/error.h"
#include "util/heap.h"
#include "util/map.h"
#include "util/str.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void cw__scan_sort(cw_scan_result *r);

int cw__scan_warn(cw_scan_result *r, const char *fmt, ...)
{
	va_list ap;
	char buf[512];
	const char *copy;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (r->warnings.len >= 1000)
		return 0; /* enough to explain; do not grow without bound */
	if (!(copy = cw__arena_strdup(&r->arena, buf)))
		return cw_error_last()->code;
	return cw_vec_push(&r->warnings, copy);
}

static const struct { const char *type, *osv; } ecosystems[] = {
	{ "npm", "npm" }, { "pypi", "PyPI" }, { "golang", "Go" }, { "cargo", "crates.io" },
	{ "maven", "Maven" }, { "gem", "RubyGems" }, { "composer", "Packagist" },
	{ "nuget", "NuGet" }, { "hex", "Hex" }, { "pub", "Pub" }, { "swift", "SwiftURL" },
	{ "hackage", "Hackage" }, { "cran", "CRAN" }, { "conan", "ConanCenter" },
};

/* What to look up for one component. */
typedef struct {
	char eco_base[64];   /* query key, e.g. "Debian" */
	char eco_full[96];   /* exact ecosystem an entry must have ("Debian:12"), "" = any */
	char suse_sp[32];    /* SUSE: entries "SUSE:Linux Enterprise <product> <this>" ("15 SP5") */
	char name[512];
	char version[256];
	cw_match_kind kind;
} target;

/* The major release: "9.3" -> "9". */
static int major_len(const char *rel)
{
	return (int)strcspn(rel, ".");
}

/* An RPM distribution's OSV ecosystem: its prefix, and what of the release follows. */
typedef struct {
	const char *id;     /* os-release ID */
	const char *base;   /* the ecosystem queried */
	const char *full;   /* the exact ecosystem up to the release (SUSE: none, see suse_sp) */
	enum { REL_MAJOR, REL_WHOLE, REL_NONE, REL_SUSE_SP } rel;
} rpm_ecosystem;

/*
 * RPM distributions (os-release ID, as the purl `distro` qualifier
 * "<ID>-<VERSION_ID>" carries it) and their OSV ecosystems: AlmaLinux and
 * Rocky Linux by major release ("AlmaLinux:9"), Red Hat by the CPE-like
 * product stream ("Red Hat:enterprise_linux:9::appstream", any repository;
 * the EUS/AUS streams are not matched), openSUSE Leap by release
 * ("openSUSE:Leap 15.5"), Tumbleweed as one rolling ecosystem, SUSE Linux
 * Enterprise by service pack, whatever the product or module ("SUSE:Linux
 * Enterprise Server 15 SP5", "SUSE:Linux Enterprise Module for Basesystem
 * 15 SP5"), SLE Micro by release, Mageia by release.  Fedora, CentOS,
 * Oracle and Amazon Linux have no OSV ecosystem.
 */
static const rpm_ecosystem rpm_distros[] = {
	{ "almalinux", "AlmaLinux", "AlmaLinux:", REL_MAJOR },
	{ "rocky", "Rocky Linux", "Rocky Linux:", REL_MAJOR },
	{ "rhel", "Red Hat", "Red Hat:enterprise_linux:", REL_MAJOR },
	{ "opensuse-leap", "openSUSE", "openSUSE:Leap ", REL_WHOLE },
	{ "opensuse-leap-micro", "openSUSE", "openSUSE:Leap Micro ", REL_WHOLE },
	{ "opensuse-tumbleweed", "openSUSE", "openSUSE:Tumbleweed", REL_NONE },
	{ "sles", "SUSE", NULL, REL_SUSE_SP },
	{ "sled", "SUSE", NULL, REL_SUSE_SP },
	{ "sles_sap", "SUSE", NULL, REL_SUSE_SP },
	{ "sle-micro", "SUSE", "SUSE:Linux Enterprise Micro ", REL_WHOLE },
	{ "mageia", "Mageia", "Mageia:", REL_MAJOR },
};

static bool rpm_distro(target *t, const char *id, size_t idlen, const char *rel)
{
	const rpm_ecosystem *d = rpm_distros, *end = d + sizeof(rpm_distros) / sizeof(rpm_distros[0]);
	const char *dot;
	while (d < end && (strlen(d->id) != idlen || strncmp(id, d->id, idlen)))
		d++;
	if (d == end)
		return false;
	snprintf(t->eco_base, sizeof(t->eco_base), "%s", d->base);
	if (d->rel == REL_MAJOR)
		snprintf(t->eco_full, sizeof(t->eco_full), "%s%.*s", d->full, major_len(rel), rel);
	else if (d->rel == REL_WHOLE)
		snprintf(t->eco_full, sizeof(t->eco_full), "%s%s", d->full, rel);
	else if (d->rel == REL_NONE)
		snprintf(t->eco_full, sizeof(t->eco_full), "%s", d->full);
	else if ((dot = strchr(rel, '.')) && strcmp(dot + 1, "0"))
		snprintf(t->suse_sp, sizeof(t->suse_sp), "%.*s SP%s", (int)(dot - rel), rel, dot + 1);
	else
		snprintf(t->suse_sp, sizeof(t->suse_sp), "%.*s", major_len(rel), rel);
	return true;
}

/* "debian-12" -> "Debian:12", "alpine-3.19" -> "Alpine:v3.19", "ubuntu-22.04" -> "Ubuntu:22.04",
 * RPM distributions: rpm_distro(). */
static bool distro_ecosystem(target *t, const char *type, const char *distro)
{
	const char *dash = strrchr(distro, '-');
	const char *rel = dash ? dash + 1 : NULL;
	size_t idlen = dash ? (size_t)(dash - distro) : strlen(distro);
	const char *base = NULL;
	if (!rel || !*rel)
		return false;
	if (!strcmp(type, "rpm"))
		return rpm_distro(t, distro, idlen, rel);
	if (!strncmp(distro, "debian", idlen) && idlen == 6)
		base = "Debian";
	else if (!strncmp(distro, "ubuntu", idlen) && idlen == 6)
		base = "Ubuntu";
	else if (!strncmp(distro, "alpine", idlen) && idlen == 6)
		base = "Alpine";
	if (!base)
		return false;
	snprintf(t->eco_base, sizeof(t->eco_base), "%s", base);
	if (!strcmp(base, "Alpine")) {
		/* Alpine releases are "v3.19": major.minor of the release. */
		const char *d1 = strchr(rel, '.'), *d2 = d1 ? strchr(d1 + 1, '.') : NULL;
		int len = d2 ? (int)(d2 - rel) : (int)strlen(rel);
		snprintf(t->eco_full, sizeof(t->eco_full), "Alpine:v%.*s", len, rel);
	} else {
		snprintf(t->eco_full, sizeof(t->eco_full), "%s:%s", base, rel);
	}
	return true;
}

/* "openssl-3.0.7-24.el9.src.rpm" -> "openssl", "3.0.7-24.el9" (false: not a source rpm name). */
static bool split_srpm(const char *srpm, char *name, size_t nsize, char *version, size_t vsize)
{
	size_t n = strlen(srpm), r, v;
	if (n > 8 && !strcmp(srpm + n - 8, ".src.rpm"))
		n -= 8;
	else if (n > 10 && !strcmp(srpm + n - 10, ".nosrc.rpm"))
		n -= 10;
	else
		return false;
	for (r = n; r > 0 && srpm[r - 1] != '-'; r--)
		;
	if (r < 2)
		return false;
	for (v = r - 1; v > 0 && srpm[v - 1] != '-'; v--)
		;
	if (v < 2)
		return false;
	snprintf(name, nsize, "%.*s", (int)(v - 1), srpm);
	snprintf(version, vsize, "%.*s", (int)(n - v), srpm + v);
	return true;
}

/*
 * An RPM package is looked up under its binary name and version (AlmaLinux,
 * Rocky, Red Hat and SUSE advisories list every binary package) and, when
 * it differs, under its source package's (`alt`; the component's
 * source_name / source_version, else the `upstream` source rpm file name).
 * Versions carry the package epoch ("1:3.0.7-24.el9") from the `epoch`
 * qualifier -- subpackages share their source package's epoch -- as the
 * advisories' fixed versions do; rpm's ordering takes a missing epoch as 0.
 */
static int rpm_targets(target *t, target *alt, const cw_component *c, const cw_purl *p)
{
	const char *epoch = cw_purl_qualifier_get(p, "epoch"), *up = cw_purl_qualifier_get(p, "upstream");
	char sname[256] = "", sver[256] = "";
	if (epoch && !strcmp(epoch, "0"))
		epoch = NULL;
	snprintf(t->version, sizeof(t->version), "%s%s%s", epoch ? epoch : "", epoch ? ":" : "", c->version);
	if (c->source_name && c->source_version) {
		snprintf(sname, sizeof(sname), "%s", c->source_name);
		snprintf(sver, sizeof(sver), "%s", c->source_version);
	} else if (!up || !split_srpm(up, sname, sizeof(sname), sver, sizeof(sver))) {
		return 1;
	}
	if (!strcmp(sname, t->name))
		return 1;
	*alt = *t;
	snprintf(alt->name, sizeof(alt->name), "%s", sname);
	snprintf(alt->version, sizeof(alt->version), "%s%s%s", epoch ? epoch : "", epoch ? ":" : "", sver);
	return 2;
}

/* 1 or 2 targets to look up (`alt` the second), 0 to skip, <0 error. */
static int make_target(target *t, target *alt, const cw_component *c)
{
	memset(t, 0, sizeof(*t));
	if (c->kind != CW_COMPONENT_LIBRARY || !c->version || !c->ecosystem || !c->name)
		return 0;
	snprintf(t->version, sizeof(t->version), "%s", c->version);
	snprintf(t->name, sizeof(t->name), "%s", c->name);
	if (!strcmp(c->ecosystem, "deb") || !strcmp(c->ecosystem, "apk") ||
	    !strcmp(c->ecosystem, "rpm")) {
		cw_purl *p = NULL;
		const char *distro, *up;
		int ok = 0;
		if (!c->purl || cw_purl_parse(&p, c->purl, strlen(c->purl)) < 0)
			return 0;
		distro = cw_purl_qualifier_get(p, "distro");
		if (distro && distro_ecosystem(t, c->ecosystem, distro)) {
			t->kind = CW_MATCH_DISTRO;
			if (!strcmp(c->ecosystem, "rpm")) {
				ok = rpm_targets(t, alt, c, p);
			} else {
				if ((up = cw_purl_qualifier_get(p, "upstream"))) {
					const char *at = strchr(up, '@');
					if (at) {
						snprintf(t->name, sizeof(t->name), "%.*s", (int)(at - up), up);
						snprintf(t->version, sizeof(t->version), "%s", at + 1);
					} else {
						snprintf(t->name, sizeof(t->name), "%s", up);
					}
				}
				ok = 1;
			}
		}
		cw_purl_free(p);
		return ok;
	}
	for (size_t i = 0; i < sizeof(ecosystems) / sizeof(ecosystems[0]); i++) {
		if (!strcmp(c->ecosystem, ecosystems[i].type)) {
			snprintf(t->eco_base, sizeof(t->eco_base), "%s", ecosystems[i].osv);
			if (!strcmp(c->ecosystem, "maven")) { /* purl group/artifact -> OSV group:artifact */
				char *slash = strchr(t->name, '/');
				if (slash)
					*slash = ':';
			}
			t->kind = CW_MATCH_ECOSYSTEM;
			return 1;
		}
	}
	return 0;
}

/* Entry ecosystem `a` is release `b` ("Debian:12"), or a variant of it
 * ("Ubuntu:22.04:LTS" for "Ubuntu:22.04"); case-insensitive. */
static bool eco_equal(const char *a, const char *b)
{
	for (; *a && *b; a++, b++)
		if (cw_to_lower(*a) != cw_to_lower(*b))
			return false;
	return !*b && (!*a || *a == ':');
}

/* Whether entry ecosystem `eco` is the one of a target (its eco_full and suse_sp). */
static bool eco_rule_matches(const char *eco_full, const char *suse_sp, const char *eco)
{
	static const char suse[] = "SUSE:Linux Enterprise ";
	if (suse_sp[0]) { /* "SUSE:Linux Enterprise <product> <sp>" */
		size_t n = strlen(eco), k = strlen(suse_sp);
		return !strncmp(eco, suse, sizeof(suse) - 1) && n > sizeof(suse) - 1 + k &&
		       !strcmp(eco + n - k, suse_sp) && eco[n - k - 1] == ' ';
	}
	if (eco_full[0])
		return eco_equal(eco, eco_full);
	return !strchr(eco, ':'); /* a release-specific entry for a package without a release */
}

static bool eco_matches(const target *t, const char *eco)
{
	return eco_rule_matches(t->eco_full, t->suse_sp, eco);
}

/* One alias group's finding for component `ci`, created on first use. */
static int finding_for(cw__finding **out, cw_scan_result *r, cw__kb_lookup *lk, cw_map *groups,
                       size_t ci, int64_t adv, cw_match_kind kind)
{
	cw__finding tmp, *f, *old;
	char buf[300], *key = buf;
	int error, n;
	/* The group of the advisory (details.c caches it per advisory), then
	 * the component's finding of that group, if there is one already. */
	memset(&tmp, 0, sizeof(tmp));
	if ((error = cw__scan_details(r, lk, &tmp, adv, NULL)) < 0)
		return error;
	if ((n = snprintf(buf, sizeof(buf), "%zu\n%s", ci, tmp.group)) < 0)
		return cw__error_set(CW_EINVALID, "scan: bad advisory id");
	if ((size_t)n >= sizeof(buf) && !(key = cw__arena_printf(&r->arena, "%zu\n%s", ci, tmp.group)))
		return cw_error_last()->code;
	if ((old = cw__map_get(groups, key, (size_t)n))) {
		if (tmp.pub.kind == CW_FINDING_MALICIOUS) /* another advisory of the group says so */
			old->pub.kind = CW_FINDING_MALICIOUS;
		*out = old;
		return 0;
	}
	if (!(f = cw__arena_alloc(&r->arena, sizeof(*f))) ||
	    (key == buf && !(key = cw__arena_strndup(&r->arena, buf, (size_t)n))))
		return cw_error_last()->code;
	*f = tmp;
	f->pub.component = ci;
	f->pub.package = cw_inventory_component(r->inv, ci);
	f->pub.match = kind;
	if ((error = cw__map_put(groups, key, (size_t)n, f, NULL)) < 0)
		return error;
	if ((error = cw_vec_push(&r->findings, f)) < 0)
		return error;
	*out = f;
	return 0;
}

static int add_matched(cw_scan_result *r, cw__finding *f, const cw__kb_affected *a)
{
	const cw__kb_affected **m;
	const char **advs, *id;
	size_t i;
	for (i = 0; i < f->matched_count; i++)
		if (f->matched[i] == a)
			return 0;
	if (!(m = cw__arena_alloc(&r->arena, (f->matched_count + 1) * sizeof(*m))))
		return cw_error_last()->code;
	if (f->matched_count)
		memcpy(m, f->matched, f->matched_count * sizeof(*m));
	m[f->matched_count++] = a;
	f->matched = m;
	for (i = 0; i < f->pub.advisory_count; i++)
		if (!strcmp(f->pub.advisories[i], a->id))
			return 0;
	if (!(advs = cw__arena_alloc(&r->arena, (f->pub.advisory_count + 1) * sizeof(*advs))) ||
	    !(id = cw__arena_strdup(&r->arena, a->id))) /* the entry goes with the KB cache */
		return cw_error_last()->code;
	/* keep sorted */
	for (i = 0; i < f->pub.advisory_count && strcmp(f->pub.advisories[i], a->id) < 0; i++)
		advs[i] = f->pub.advisories[i];
	advs[i] = id;
	for (; i < f->pub.advisory_count; i++)
		advs[i + 1] = f->pub.advisories[i];
	f->pub.advisories = advs;
	f->pub.advisory_count++;
	return 0;
}

/* The KB entries of one (eco_base, normalized name), asked once per scan. */
typedef struct {
	cw__kb_affected *list;
	size_t count;
} cached_lookup;

/* Entries live in r->kb_arena until the fix recommendations are computed
 * (findings reference the matched ones; cw__scan_affects() keys its
 * prepared ranges by their address); then release_kb_cache() frees them,
 * as the reports need none of it (ids and fixed versions are copied). */
static int lookup(cw_scan_result *r, cw__kb_lookup *lk, const char *eco_base, const char *norm,
                  cw__kb_affected **list, size_t *count)
{
	cached_lookup *c;
	char buf[600], *key = buf;
	int error, klen = snprintf(buf, sizeof(buf), "%s\n%s", eco_base, norm);
	if (klen < 0)
		return cw__error_set(CW_EINVALID, "scan: bad package name");
	if ((size_t)klen >= sizeof(buf) && !(key = cw__arena_printf(&r->kb_arena, "%s\n%s", eco_base, norm)))
		return cw_error_last()->code;
	if (!(c = cw__map_get(&r->lookups, key, (size_t)klen))) {
		if (!(c = cw__arena_calloc(&r->kb_arena, 1, sizeof(*c))) ||
		    (key == buf && !(key = cw__arena_strndup(&r->kb_arena, buf, (size_t)klen))))
			return cw_error_last()->code;
		if ((error = cw__kb_lookup_affected(lk, &r->kb_arena, eco_base, norm, &c->list, &c->count)) < 0 ||
		    (error = cw__map_put(&r->lookups, key, (size_t)klen, c, NULL)) < 0)
			return error;
	}
	*list = c->list;
	*count = c->count;
	return 0;
}

/* What a vulnerable component was looked up as: graph.c asks
 * cw__scan_candidate_blocked() about its fix candidates. */
struct cw__comp_lookup {
	const cw__kb_affected *list;
	size_t count;
	char eco_full[96], suse_sp[32];  /* the target's (eco_rule_matches) */
	const cw_version_scheme *scheme;
	cw__comp_lookup *next;          /* the source package's lookup of an RPM */
};

static bool matched_by_component(const cw_scan_result *r, size_t first, size_t last, const cw__kb_affected *a)
{
	for (size_t m = first; m < last; m++) {
		const cw__finding *g = r->findings.items[m];
		for (size_t k = 0; k < g->matched_count; k++)
			if (g->matched[k] == a)
				return true;
	}
	return false;
}

/*
 * Whether fix candidate `cand` of the component of findings [first, last)
 * (adjacent in match order) is affected by an entry of its lookups that
 * none of its findings matched -- another advisory's `versions` list
 * naming it, or a range covering it: recommending it would trade one
 * known vulnerability for another.  Asked lazily, from the smallest
 * candidate up, so that a component's unmatched entries are evaluated for
 * about one candidate, not all of them.
 */
bool cw__scan_candidate_blocked(cw_scan_result *r, size_t ci, size_t first, size_t last, const cw_version *cand)
{
	const char *cs = cw_version_string_of(cand);
	for (const cw__comp_lookup *l = r->comp_lookups ? r->comp_lookups[ci] : NULL; l; l = l->next) {
		for (size_t k = 0; k < l->count; k++) {
			bool bad = false;
			if (!eco_rule_matches(l->eco_full, l->suse_sp, l->list[k].ecosystem) || matched_by_component(r, first, last, &l->list[k]))
				continue;
			if (cw__scan_affects(r, &l->list[k], l->scheme, cs, cand, &bad))
				return true;
		}
	}
	return false;
}

static int remember_lookup(cw_scan_result *r, size_t ci, const cw__kb_affected *list, size_t count,
                           const target *t, const cw_version_scheme *scheme)
{
	cw__comp_lookup *l, **at;
	if (!r->comp_lookups &&
	    !(r->comp_lookups = cw__arena_calloc(&r->kb_arena, cw_inventory_component_count(r->inv) + 1,
	                                         sizeof(*r->comp_lookups))))
		return cw_error_last()->code;
	if (!(l = cw__arena_calloc(&r->kb_arena, 1, sizeof(*l))))
		return cw_error_last()->code;
	l->list = list;
	l->count = count;
	memcpy(l->eco_full, t->eco_full, sizeof(l->eco_full));
	memcpy(l->suse_sp, t->suse_sp, sizeof(l->suse_sp));
	l->scheme = scheme;
	for (at = &r->comp_lookups[ci]; *at; at = &(*at)->next)
		;
	*at = l;
	return 0;
}

static int match_target(cw_scan_result *r, cw__kb_lookup *lk, cw_map *groups, size_t ci,
                        const cw_map *names, const target *tp)
{
	const cw_component *c = cw_inventory_component(r->inv, ci);
	cw__kb_affected *list = NULL;
	size_t count = 0;
	const cw_version_scheme *scheme;
	cw_version *v = NULL;
	char *norm = NULL;
	size_t nmatched = 0;
	target t = *tp;
	int error;

	if ((error = cw_kb_normalize_name(&norm, t.eco_full[0] ? t.eco_full : t.eco_base, t.name,
	                                  strlen(t.name))) < 0)
		return error;
	if (names) {
		char key[600];
		int n = snprintf(key, sizeof(key), "%s\n%s", t.eco_base, norm);
		if (n > 0 && (size_t)n < sizeof(key) && !cw__map_get(names, key, (size_t)n)) {
			free(norm);
			return 0; /* no advisory names this package */
		}
	}
	error = lookup(r, lk, t.eco_base, norm, &list, &count);
	free(norm);
	if (error < 0 || count == 0)
		return error;
	scheme = cw_version_scheme_for(t.eco_full[0] ? t.eco_full : t.eco_base);
	if (cw_version_parse(&v, scheme, t.version, strlen(t.version)) < 0) {
		v = NULL; /* only explicit `versions` lists can match it */
		if ((error = cw__scan_warn(r, "%s: version '%s' is not a valid %s version; only "
		                           "explicitly listed versions (and ranges of every version) can "
		                           "match", c->purl ? c->purl : c->name, t.version,
		                           cw_version_scheme_name(scheme))) < 0)
			return error;
	}
	for (size_t i = 0; i < count; i++) {
		cw__finding *f = NULL;
		bool bad = false;
		if (!eco_matches(&t, list[i].ecosystem))
			continue;
		if (!cw__scan_affects(r, &list[i], scheme, t.version, v, &bad)) {
			if (bad && (error = cw__scan_warn(r, "%s: a range of %s has a version that does not "
			                                  "parse as %s; that range was not evaluated",
			                                  c->purl ? c->purl : c->name, list[i].id,
			                                  cw_version_scheme_name(scheme))) < 0)
				goto done;
			continue;
		}
		if ((error = finding_for(&f, r, lk, groups, ci, list[i].adv, t.kind)) < 0 ||
		    (error = add_matched(r, f, &list[i])) < 0)
			goto done;
		nmatched++;
	}
	if (nmatched && nmatched < count)
		error = remember_lookup(r, ci, list, count, &t, scheme);
done:
	cw_version_free(v);
	return error;
}

static int match_component(cw_scan_result *r, cw__kb_lookup *lk, cw_map *groups, size_t ci,
                           const cw_map *names)
{
	target t, alt;
	int n = make_target(&t, &alt, cw_inventory_component(r->inv, ci)), error;
	if (n == 0)
		r->cpe_candidate[ci] = 1;
	if (n <= 0)
		return n;
	if ((error = match_target(r, lk, groups, ci, names, &t)) < 0 || n < 2)
		return error;
	return match_target(r, lk, groups, ci, names, &alt);
}

int cw__scan_fixed_versions(cw_scan_result *r, cw__finding *f);

/* Free the KB cache once nothing needs the entries (see lookup()). */
static void release_kb_cache(cw_scan_result *r)
{
	size_t it = 0;
	cw_map_entry *e;
	while ((e = cw__map_next(&r->prepared, &it)))
		cw__osv_prepared_free(e->value);
	cw__map_free(&r->prepared);
	cw__map_free(&r->lookups);
	for (size_t i = 0; i < r->findings.len; i++) {
		r->findings.items[i]->matched = NULL;
		r->findings.items[i]->matched_count = 0;
	}
	r->comp_lookups = NULL;
	if (r->kb_arena.head) {
		cw__arena_free(&r->kb_arena);
		cw__heap_release(); /* its pages, before the report is built */
	}
}

/* Above this many components, the KB's name set is loaded first (measured:
 * the pass costs about as much as a few hundred lookups). */
#define NAME_SET_MIN 500

int cw_scan_run(cw_scan_result **out, const cw_inventory *inv, cw_kb *kb,
                const cw_scan_options *opts)
{
	cw_scan_options defaults = CW_SCAN_OPTIONS_INIT;
	cw_scan_result *r;
	cw__kb_lookup *lk = NULL;
	cw_map groups = CW_MAP_INIT;
	cw_arena name_arena = CW_ARENA_INIT;
	cw_map names = CW_MAP_INIT;
	int error;

	*out = NULL;
	if (!opts)
		opts = &defaults;
	if (!inv || !kb)
		return cw__error_set(CW_EINVALID, "scan: no inventory or KB");
	if (!(r = calloc(1, sizeof(*r))))
		return cw__error_oom();
	r->inv = inv;
	if (!(r->cpe_candidate = calloc(cw_inventory_component_count(inv) + 1, 1))) {
		error = cw__error_oom();
		goto done;
	}
	if ((error = cw__kb_lookup_new(&lk, kb)) < 0)
		goto done;
	/* Many components: one pass over the name index beats a query per miss. */
	if (cw_inventory_component_count(inv) > NAME_SET_MIN &&
	    (error = cw__kb_lookup_names(lk, &name_arena, &names)) < 0)
		goto done;
	for (size_t i = 0; i < cw_inventory_component_count(inv); i++) {
		if ((error = match_component(r, lk, &groups, i, names.count ? &names : NULL)) < 0)
			goto done;
	}
	for (size_t i = 0; i < r->findings.len; i++)
		if ((error = cw__scan_fixed_versions(r, r->findings.items[i])) < 0)
			goto done;
	if (opts->cpe && (error = cw__scan_cpe(r, lk)) < 0)
		goto done;
	cw__kb_lookup_free(lk); /* ends its read transaction: a baseline SBOM is scanned with the same KB */
	lk = NULL;
	if (opts->ignore_file && (error = cw__scan_apply_ignore(r, opts->ignore_file, opts->today)) < 0)
		goto done;
	for (size_t i = 0; i < opts->vex_file_count; i++)
		if ((error = cw__scan_apply_vex(r, opts->vex_files[i])) < 0)
			goto done;
	if ((error = cw__scan_vex_finish(r)) < 0)
		goto done;
	if ((error = cw__scan_paths(r)) < 0 || (error = cw__scan_fixes(r)) < 0)
		goto done;
	release_kb_cache(r);
	if (opts->baseline_file && (error = cw__scan_apply_baseline(r, opts->baseline_file, kb, opts)) < 0)
		goto done;
	cw__scan_sort(r);
	*out = r;
	r = NULL;
done:
	cw__map_free(&names);
	cw__arena_free(&name_arena);
	cw__map_free(&groups);
	cw__kb_lookup_free(lk);
	cw_scan_result_free(r);
	return error;
}

void cw_scan_result_free(cw_scan_result *r)
{
	if (!r)
		return;
	release_kb_cache(r);
	cw_vec_free(&r->findings);
	cw_vec_free(&r->fixes);
	cw_vec_free(&r->warnings);
	cw_vec_free(&r->fix_first);
	cw_vec_free(&r->baseline_fixed);
	cw__map_free(&r->baseline_upstream);
	cw_vec_free(&r->upstream);
	cw__map_free(&r->vulns);
	free(r->cpe_candidate);
	cw__arena_free(&r->arena);
	free(r);
}

size_t cw_scan_finding_count(const cw_scan_result *r) { return r->findings.len; }
const cw_finding *cw_scan_finding(const cw_scan_result *r, size_t i) { return &r->findings.items[i]->pub; }
size_t cw_scan_fix_count(const cw_scan_result *r) { return r->fixes.len; }
const cw_scan_fix *cw_scan_fix_at(const cw_scan_result *r, size_t i) { return &r->fixes.items[i]; }
const cw_inventory *cw_scan_inventory(const cw_scan_result *r) { return r->inv; }
size_t cw_scan_warning_count(const cw_scan_result *r) { return r->warnings.len; }
const char *cw_scan_warning(const cw_scan_result *r, size_t i) { return r->warnings.items[i]; }
