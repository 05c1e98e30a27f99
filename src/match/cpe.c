/*
 * cpe.c - NVD CPE matching for components that no ecosystem advisory
 * covers (C/C++ libraries, binaries, packages of ecosystems OSV lacks).
 *
 * Conservative by design (a CPE match is a guess about identity):
 *  - only components that no OSV ecosystem describes: purl types without
 *    an OSV ecosystem (generic, conan, ...) and distribution packages
 *    without a release qualifier.  Where OSV has an ecosystem it is the
 *    authority (NVD's CPE names for npm or PyPI packages are noisy), so a
 *    CPE finding never duplicates or contradicts ecosystem data;
 *  - the CPE product must equal the package name (the purl's; lowercase,
 *    CPE escapes removed) and the vendor must equal the name too or the purl namespace
 *    (pkg:generic/haxx/curl -> vendor haxx); names with '/', ':' or '@'
 *    (scoped npm, Go, Maven) are not tried;
 *  - only application CPEs (part a) marked vulnerable, in configurations
 *    of a single node (a configuration that adds a "running on" platform
 *    condition is skipped);
 *  - the version must equal the criterion's exact version, or satisfy its
 *    versionStart/End bounds; a bare "*" (every version) is not trusted;
 *    versions compare with the component ecosystem's scheme (the generic
 *    scheme for pkg:generic).
 * Findings are labelled match "cpe", confidence low; the CVE's alias group
 * gives aliases, CVSS, EPSS and KEV as for ecosystem findings, and an
 * exclusive upper bound is reported as the fixed version.
 */
#include "match/match.h"
#include "chainwarden/purl.h"
#include "util/error.h"
#include "util/str.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmp_str(const cw_version_scheme *s, const cw_version *v, const char *bound, int *out)
{
	cw_version *b = NULL;
	if (cw_version_parse(&b, s, bound, strlen(bound)) < 0)
		return -1;
	*out = cw_version_compare(v, b);
	cw_version_free(b);
	return 0;
}

/* Whether `v` meets the criterion; false when anything does not parse. */
static bool cpe_version_matches(const cw__kb_cpe *c, const cw_version_scheme *s, const cw_version *v)
{
	int x;
	bool bounded = false;
	if (!strcmp(c->version, "-") || !*c->version)
		return false;
	if (strcmp(c->version, "*"))
		return cmp_str(s, v, c->version, &x) == 0 && x == 0;
	if (c->start_including && *c->start_including) {
		if (cmp_str(s, v, c->start_including, &x) < 0 || x < 0)
			return false;
		bounded = true;
	}
	if (c->start_excluding && *c->start_excluding) {
		if (cmp_str(s, v, c->start_excluding, &x) < 0 || x <= 0)
			return false;
		bounded = true;
	}
	if (c->end_including && *c->end_including) {
		if (cmp_str(s, v, c->end_including, &x) < 0 || x > 0)
			return false;
		bounded = true;
	}
	if (c->end_excluding && *c->end_excluding) {
		if (cmp_str(s, v, c->end_excluding, &x) < 0 || x >= 0)
			return false;
		bounded = true;
	}
	return bounded;
}

static int add_cpe_finding(cw_scan_result *r, cw__kb_lookup *lk, size_t ci, const cw__kb_cpe *c)
{
	cw__finding *f;
	const char **one, **aliases;
	size_t k = 0;
	int error;

	/* one finding per CVE and component */
	for (size_t i = r->findings.len; i-- > 0 && r->findings.items[i]->pub.component == ci;)
		if (!strcmp(r->findings.items[i]->pub.id, c->cve))
			return 0;
	if (!(f = cw__arena_calloc(&r->arena, 1, sizeof(*f))) ||
	    !(one = cw__arena_alloc(&r->arena, 2 * sizeof(*one))))
		return cw_error_last()->code;
	f->pub.component = ci;
	f->pub.package = cw_inventory_component(r->inv, ci);
	f->pub.match = CW_MATCH_CPE;
	if ((error = cw__scan_details(r, lk, f, 0, c->cve)) < 0)
		return error;
	one[0] = c->cve;
	f->pub.id = c->cve;
	f->pub.advisories = one;
	f->pub.advisory_count = 1;
	if (!(aliases = cw__arena_alloc(&r->arena, (f->pub.alias_count + 1) * sizeof(*aliases))))
		return cw_error_last()->code;
	for (size_t i = 0; i < f->pub.alias_count; i++)
		if (strcmp(f->pub.aliases[i], c->cve))
			aliases[k++] = f->pub.aliases[i];
	f->pub.aliases = aliases;
	f->pub.alias_count = k;
	if (c->end_excluding && *c->end_excluding) {
		one[1] = c->end_excluding;
		f->pub.fixed_versions = &one[1];
		f->pub.fixed_count = 1;
	}
	return cw_vec_push(&r->findings, f);
}

static int match_one(cw_scan_result *r, cw__kb_lookup *lk, size_t ci, cw_arena *scratch)
{
	const cw_component *c = cw_inventory_component(r->inv, ci);
	char product[256], vendor[256] = "";
	const cw_version_scheme *scheme;
	cw_version *v = NULL;
	cw__kb_cpe *list = NULL;
	size_t count = 0, n;
	int error = 0;

	if (c->kind != CW_COMPONENT_LIBRARY || !c->version || !c->name || !r->cpe_candidate[ci])
		return 0;
	/* the purl's name and namespace (pkg:generic/haxx/curl), else the component name */
	snprintf(product, sizeof(product), "%s", c->name);
	if (c->purl) {
		cw_purl *p = NULL;
		if (cw_purl_parse(&p, c->purl, strlen(c->purl)) == 0) {
			snprintf(product, sizeof(product), "%s", p->name);
			if (p->ns && strlen(p->ns) < sizeof(vendor) && !strchr(p->ns, '/'))
				for (size_t i = 0; i <= strlen(p->ns); i++)
					vendor[i] = cw_to_lower(p->ns[i]);
		}
		cw_purl_free(p);
	}
	n = strlen(product);
	if (!n || n >= sizeof(product) - 1 || strpbrk(product, "/:@ "))
		return 0;
	for (size_t i = 0; i < n; i++)
		product[i] = cw_to_lower(product[i]);
	if ((error = cw__kb_lookup_cpe(lk, scratch, product, vendor[0] ? vendor : NULL, &list, &count)) < 0 ||
	    count == 0)
		return error;
	scheme = cw_version_scheme_for(c->ecosystem);
	if (cw_version_parse(&v, scheme, c->version, strlen(c->version)) < 0)
		return 0;
	for (size_t i = 0; i < count && error >= 0; i++) {
		if (!cpe_version_matches(&list[i], scheme, v))
			continue;
		/* keep the strings: the scratch arena goes after this component */
		cw__kb_cpe keep = list[i];
		if (!(keep.cve = cw__arena_strdup(&r->arena, list[i].cve)) ||
		    (list[i].end_excluding && !(keep.end_excluding = cw__arena_strdup(&r->arena, list[i].end_excluding)))) {
			error = cw_error_last()->code;
			break;
		}
		error = add_cpe_finding(r, lk, ci, &keep);
	}
	cw_version_free(v);
	return error;
}

int cw__scan_cpe(cw_scan_result *r, cw__kb_lookup *lk)
{
	cw_arena scratch = CW_ARENA_INIT;
	int error = 0;
	for (size_t i = 0; i < cw_inventory_component_count(r->inv) && error >= 0; i++) {
		error = match_one(r, lk, i, &scratch);
		cw__arena_free(&scratch);
	}
	return error;
}
