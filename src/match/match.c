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
 *     ecosystem ("Debian:12", "Alpine:v3.19", "Ubuntu:22.04").  The name is
 *     normalized with cw_kb_normalize_name, the function the KB index uses.
 *  2. One indexed query returns the affected entries of non-withdrawn
 *     advisories for (ecosystem, name), with ranges and events; range.c
 *     evaluates them with the ecosystem's version semantics.
 *  3. Matched advisories of one component are merged by alias group (the
 *     KB's connected components of aliases): one finding per vulnerability,
 *     listing every id.  details.c picks the severity, EPSS and KEV.
 *  4. graph.c adds dependency paths and fix recommendations, ignore.c the
 *     ignore file; findings are sorted by priority (details.c).
 */
#include "match/match.h"
#include "chainwarden/purl.h"
#include "util/error.h"
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
	char name[512];
	char version[256];
	cw_match_kind kind;
} target;

/* "debian-12" -> "Debian:12", "alpine-3.19" -> "Alpine:v3.19", "ubuntu-22.04" -> "Ubuntu:22.04". */
static bool distro_ecosystem(target *t, const char *type, const char *distro)
{
	const char *dash = strrchr(distro, '-');
	const char *rel = dash ? dash + 1 : NULL;
	size_t idlen = dash ? (size_t)(dash - distro) : strlen(distro);
	const char *base = NULL;
	if (!strncmp(distro, "debian", idlen) && idlen == 6)
		base = "Debian";
	else if (!strncmp(distro, "ubuntu", idlen) && idlen == 6)
		base = "Ubuntu";
	else if (!strncmp(distro, "alpine", idlen) && idlen == 6)
		base = "Alpine";
	if (!base || !rel || !*rel)
		return false;
	(void)type;
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

/* 1 when there is something to look up, 0 to skip, <0 error. */
static int make_target(target *t, const cw_component *c)
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
			if ((up = cw_purl_qualifier_get(p, "upstream"))) {
				const char *at = strchr(up, '@');
				if (at) {
					snprintf(t->name, sizeof(t->name), "%.*s", (int)(at - up), up);
					snprintf(t->version, sizeof(t->version), "%s", at + 1);
				} else {
					snprintf(t->name, sizeof(t->name), "%s", up);
				}
			}
			t->kind = CW_MATCH_DISTRO;
			ok = 1;
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

/* One alias group's finding for component `ci`, created on first use. */
static int finding_for(cw__finding **out, cw_scan_result *r, cw__kb_lookup *lk, cw_map *groups,
                       size_t ci, int64_t adv, cw_match_kind kind)
{
	cw__finding *f;
	int error;
	/* The group of an advisory: ask the KB once per advisory per component. */
	f = cw__arena_calloc(&r->arena, 1, sizeof(*f));
	if (!f)
		return cw_error_last()->code;
	f->pub.component = ci;
	f->pub.package = cw_inventory_component(r->inv, ci);
	f->pub.match = kind;
	if ((error = cw__scan_details(r, lk, f, adv, NULL)) < 0)
		return error;
	{
		char *key = cw__arena_printf(&r->arena, "%zu\n%s", ci, f->group);
		cw__finding *old;
		if (!key)
			return cw_error_last()->code;
		if ((old = cw__map_get(groups, key, strlen(key)))) {
			if (f->pub.kind == CW_FINDING_MALICIOUS) /* another advisory of the group says so */
				old->pub.kind = CW_FINDING_MALICIOUS;
			*out = old;
			return 0;
		}
		if ((error = cw__map_put(groups, key, strlen(key), f, NULL)) < 0)
			return error;
	}
	if ((error = cw_vec_push(&r->findings, f)) < 0)
		return error;
	*out = f;
	return 0;
}

static int add_matched(cw_scan_result *r, cw__finding *f, const cw__kb_affected *a)
{
	const cw__kb_affected **m;
	const char **advs;
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
	if (!(advs = cw__arena_alloc(&r->arena, (f->pub.advisory_count + 1) * sizeof(*advs))))
		return cw_error_last()->code;
	/* keep sorted */
	for (i = 0; i < f->pub.advisory_count && strcmp(f->pub.advisories[i], a->id) < 0; i++)
		advs[i] = f->pub.advisories[i];
	advs[i] = a->id;
	for (; i < f->pub.advisory_count; i++)
		advs[i + 1] = f->pub.advisories[i];
	f->pub.advisories = advs;
	f->pub.advisory_count++;
	return 0;
}

/* A matched entry outlives the per-component scratch arena: copy it into the result's. */
static int keep_entry(cw_scan_result *r, const cw__kb_affected *src, const cw__kb_affected **out)
{
	cw_arena *ar = &r->arena;
	cw__kb_affected *a = cw__arena_alloc(ar, sizeof(*a));
	if (!a)
		return cw_error_last()->code;
	*a = *src;
	a->versions = NULL;
	a->version_count = 0; /* not needed after matching (fix candidates come from ranges) */
	if (!(a->id = cw__arena_strdup(ar, src->id)) || !(a->ecosystem = cw__arena_strdup(ar, src->ecosystem)))
		return cw_error_last()->code;
	a->name = NULL;
	if (src->range_count && !(a->ranges = cw__arena_alloc(ar, src->range_count * sizeof(*a->ranges))))
		return cw_error_last()->code;
	for (size_t i = 0; i < src->range_count; i++) {
		cw__kb_range *rg = &a->ranges[i];
		*rg = src->ranges[i];
		if (!(rg->type = cw__arena_strdup(ar, src->ranges[i].type)))
			return cw_error_last()->code;
		if (rg->event_count && !(rg->events = cw__arena_alloc(ar, rg->event_count * sizeof(*rg->events))))
			return cw_error_last()->code;
		for (size_t e = 0; e < rg->event_count; e++) {
			rg->events[e].kind = src->ranges[i].events[e].kind;
			if (!(rg->events[e].value = cw__arena_strdup(ar, src->ranges[i].events[e].value)))
				return cw_error_last()->code;
		}
	}
	*out = a;
	return 0;
}

static int match_component(cw_scan_result *r, cw__kb_lookup *lk, cw_map *groups, size_t ci,
                           cw_arena *scratch, const cw_map *names)
{
	const cw_component *c = cw_inventory_component(r->inv, ci);
	cw__kb_affected *list = NULL;
	size_t count = 0;
	const cw_version_scheme *scheme;
	cw_version *v = NULL;
	char *norm = NULL;
	target t;
	int error;

	if ((error = make_target(&t, c)) <= 0) {
		if (error == 0)
			r->cpe_candidate[ci] = 1;
		return error;
	}
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
	error = cw__kb_lookup_affected(lk, scratch, t.eco_base, norm, &list, &count);
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
		const cw__kb_affected *kept = NULL;
		cw__finding *f = NULL;
		bool bad = false;
		if (t.eco_full[0] && !eco_equal(list[i].ecosystem, t.eco_full))
			continue;
		if (!t.eco_full[0] && strchr(list[i].ecosystem, ':'))
			continue; /* a release-specific entry for a package without a release */
		if (!cw__osv_affects(&list[i], scheme, t.version, v, &bad)) {
			if (bad && (error = cw__scan_warn(r, "%s: a range of %s has a version that does not "
			                                  "parse as %s; that range was not evaluated",
			                                  c->purl ? c->purl : c->name, list[i].id,
			                                  cw_version_scheme_name(scheme))) < 0)
				goto done;
			continue;
		}
		if ((error = finding_for(&f, r, lk, groups, ci, list[i].adv, t.kind)) < 0 ||
		    (error = keep_entry(r, &list[i], &kept)) < 0 || (error = add_matched(r, f, kept)) < 0)
			goto done;
	}
done:
	cw_version_free(v);
	return error;
}

int cw__scan_fixed_versions(cw_scan_result *r, cw__finding *f);

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
	cw_arena scratch = CW_ARENA_INIT, name_arena = CW_ARENA_INIT;
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
		error = match_component(r, lk, &groups, i, &scratch, names.count ? &names : NULL);
		cw__arena_free(&scratch); /* the KB rows of one component */
		if (error < 0)
			goto done;
	}
	for (size_t i = 0; i < r->findings.len; i++)
		if ((error = cw__scan_fixed_versions(r, r->findings.items[i])) < 0)
			goto done;
	if (opts->cpe && (error = cw__scan_cpe(r, lk)) < 0)
		goto done;
	if (opts->ignore_file && (error = cw__scan_apply_ignore(r, opts->ignore_file, opts->today)) < 0)
		goto done;
	if ((error = cw__scan_paths(r)) < 0 || (error = cw__scan_fixes(r)) < 0)
		goto done;
	cw__scan_sort(r);
	*out = r;
	r = NULL;
done:
	cw__map_free(&names);
	cw__arena_free(&name_arena);
	cw__arena_free(&scratch);
	cw__map_free(&groups);
	cw__kb_lookup_free(lk);
	cw_scan_result_free(r);
	return error;
}

void cw_scan_result_free(cw_scan_result *r)
{
	if (!r)
		return;
	cw_vec_free(&r->findings);
	cw_vec_free(&r->fixes);
	cw_vec_free(&r->warnings);
	cw_vec_free(&r->fix_first);
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
