/*
 * baseline.c - `scan --baseline FILE`: report only the findings that are
 * new since a previous state, for pull-request gates.
 *
 * FILE is one of
 *   - a chainwarden JSON report ("schema": "chainwarden-scan/1"): its
 *     findings are the baseline;
 *   - a CycloneDX document with a `vulnerabilities` section (chainwarden's
 *     `--format cyclonedx`, or another tool's VEX/VDR): each vulnerability id
 *     (and references[].id) with each purl of its `affects` is a baseline
 *     finding;
 *   - an SBOM without vulnerabilities (CycloneDX or SPDX JSON): it is scanned
 *     now, with the same KB and options, and those findings are the
 *     baseline.  This answers "which vulnerabilities does this change add",
 *     not "which were published since the old report".
 *
 * The key of a finding is (vulnerability, package): the vulnerability is any
 * id of the finding (id, aliases, advisories; compared ignoring case), the
 * package its purl without version, qualifiers and subpath (else ecosystem
 * and name).  So an upgrade that leaves a package vulnerable to the same
 * CVE is not new, a CVE known under another alias is not new, and moving a
 * lockfile does not make its findings new.  Current findings whose key is in
 * the baseline are left out of the result (counted as unchanged, ignored or
 * not); baseline findings whose key no current finding has are counted as
 * fixed.  The fix recommendation was computed before, over all findings.
 */
#include "match/jtree.h"
#include "match/match.h"
#include "chainwarden/purl.h"
#include "util/error.h"
#include "util/fs.h"
#include "util/str.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BASELINE_MAX_FILE ((size_t)256 << 20)

/* One baseline finding: its ids and package. */
typedef struct {
	const char **ids;
	size_t id_count;
	const char *package;  /* versionless package key */
} bfinding;

typedef CW_VEC(const char *) strvec;

typedef struct {
	cw_scan_result *r;
	cw_arena *arena;
	CW_VEC(bfinding) items;
	cw_map keys;          /* "ID|package" of the baseline findings */
	cw_map current;       /* "ID|package" of the current findings */
} bctx;

/* "type/ns/name" of a purl, or NULL when it does not parse. */
static char *package_key(cw_arena *arena, const char *purl)
{
	cw_purl *p = NULL;
	char *key = NULL;
	if (!purl || cw_purl_parse_ext(&p, purl, strlen(purl), CW_PURL_PARSE_LENIENT) < 0)
		return NULL;
	key = cw__arena_printf(arena, "pkg:%s/%s%s%s", p->type, p->ns ? p->ns : "", p->ns ? "/" : "", p->name);
	cw_purl_free(p);
	return key;
}

static char *component_key(cw_arena *arena, const cw_component *c)
{
	char *key = package_key(arena, c->purl);
	if (!key)
		key = cw__arena_printf(arena, "%s:%s", c->ecosystem ? c->ecosystem : "", c->name ? c->name : "");
	return key;
}

static char *make_key(cw_arena *arena, const char *id, const char *package)
{
	char *k = cw__arena_printf(arena, "%s|%s", id, package);
	for (char *s = k; s && *s != '|'; s++)
		*s = (char)(*s >= 'a' && *s <= 'z' ? *s - 32 : *s);
	return k;
}

static int add(bctx *b, const char **ids, size_t n, const char *package)
{
	bfinding f = { ids, n, package };
	int error;
	if ((error = cw_vec_push(&b->items, f)) < 0)
		return error;
	for (size_t i = 0; i < n; i++) {
		char *k = make_key(b->arena, ids[i], package);
		if (!k)
			return cw_error_last()->code;
		if ((error = cw__map_put(&b->keys, k, strlen(k), (void *)(uintptr_t)b->items.len, NULL)) < 0)
			return error;
	}
	return 0;
}

/* The strings of a JSON array (non-strings skipped), appended to `out`. */
static int strings_of(bctx *b, const cw__jt *arr, const char *member, strvec *out)
{
	int error;
	for (size_t i = 0; arr && arr->type == CW_JT_ARRAY && i < arr->count; i++) {
		const cw__jt *it = arr->items[i];
		const char *s = member ? cw__jt_str(it, member) : it->type == CW_JT_STRING ? it->str : NULL;
		(void)b;
		if (s && (error = cw_vec_push(out, s)) < 0)
			return error;
	}
	return 0;
}

static int keep_ids(bctx *b, strvec *ids, const char ***out)
{
	if (!(*out = cw__arena_alloc(b->arena, (ids->len + 1) * sizeof(**out))))
		return cw_error_last()->code;
	memcpy(*out, ids->items, ids->len * sizeof(**out));
	return 0;
}

/* "SIGNAL|package" of an upstream finding (the package as for vulnerabilities). */
static char *upstream_key(cw_arena *arena, const char *signal, const char *package)
{
	return cw__arena_printf(arena, "%s|%s", signal, package);
}

/* The report's upstream findings (the `upstream` array; older reports have none). */
static int upstream_from_report(bctx *b, const cw__jt_doc *doc)
{
	const cw__jt *list = cw__jt_get(doc->root, "upstream");
	if (!list)
		return 0;
	if (list->type != CW_JT_ARRAY)
		return cw__jt_error(doc, list, "'upstream' must be an array");
	for (size_t i = 0; i < list->count; i++) {
		const cw__jt *u = list->items[i], *pkg = cw__jt_get(u, "package");
		const char *signal = cw__jt_str(u, "signal"), *name = cw__jt_str(pkg, "name"), *eco = cw__jt_str(pkg, "ecosystem");
		char *pk, *key;
		if (!signal || !name)
			return cw__jt_error(doc, u, "an upstream finding needs a 'signal' and a 'package' with a 'name'");
		if (!(pk = package_key(&b->r->arena, cw__jt_str(pkg, "purl"))) &&
		    !(pk = cw__arena_printf(&b->r->arena, "%s:%s", eco ? eco : "", name)))
			return cw_error_last()->code;
		if (!(key = upstream_key(&b->r->arena, signal, pk)))
			return cw_error_last()->code;
		if (cw__map_put(&b->r->baseline_upstream, key, strlen(key), key, NULL) < 0)
			return cw_error_last()->code;
	}
	return 0;
}

static int from_report(bctx *b, const cw__jt_doc *doc)
{
	const cw__jt *list = cw__jt_get(doc->root, "findings");
	strvec ids = CW_VEC_INIT;
	int error = 0;
	if (!list || list->type != CW_JT_ARRAY)
		return cw__jt_error(doc, list ? list : doc->root, "a chainwarden-scan/1 report needs a 'findings' array");
	for (size_t i = 0; i < list->count && error >= 0; i++) {
		const cw__jt *f = list->items[i], *pkg = cw__jt_get(f, "package");
		const char *id = cw__jt_str(f, "id"), *purl = cw__jt_str(pkg, "purl"), *key;
		const char **kept;
		if (!id || !pkg || pkg->type != CW_JT_OBJECT) {
			error = cw__jt_error(doc, f, "a finding needs an 'id' and a 'package' object");
			break;
		}
		if (!(key = package_key(b->arena, purl)) &&
		    !(key = cw__arena_printf(b->arena, "%s:%s", cw__jt_str(pkg, "ecosystem") ? cw__jt_str(pkg, "ecosystem") : "",
		                             cw__jt_str(pkg, "name") ? cw__jt_str(pkg, "name") : ""))) {
			error = cw_error_last()->code;
			break;
		}
		ids.len = 0;
		if ((error = cw_vec_push(&ids, id)) < 0 ||
		    (error = strings_of(b, cw__jt_get(f, "aliases"), NULL, &ids)) < 0 ||
		    (error = strings_of(b, cw__jt_get(f, "advisories"), NULL, &ids)) < 0 ||
		    (error = keep_ids(b, &ids, &kept)) < 0)
			break;
		error = add(b, kept, ids.len, key);
	}
	cw_vec_free(&ids);
	if (error >= 0)
		error = upstream_from_report(b, doc);
	return error;
}

static int from_cyclonedx(bctx *b, const cw__jt_doc *doc, const cw__jt *vulns)
{
	strvec ids = CW_VEC_INIT;
	int error = 0;
	if (vulns->type != CW_JT_ARRAY)
		return cw__jt_error(doc, vulns, "'vulnerabilities' must be an array");
	for (size_t i = 0; i < vulns->count && error >= 0; i++) {
		const cw__jt *v = vulns->items[i], *affects = cw__jt_get(v, "affects");
		const char *id = cw__jt_str(v, "id");
		const char **kept;
		if (!id) {
			error = cw__jt_error(doc, v, "a vulnerability needs an 'id'");
			break;
		}
		ids.len = 0;
		if ((error = cw_vec_push(&ids, id)) < 0 ||
		    (error = strings_of(b, cw__jt_get(v, "references"), "id", &ids)) < 0 ||
		    (error = keep_ids(b, &ids, &kept)) < 0)
			break;
		for (size_t k = 0; affects && affects->type == CW_JT_ARRAY && k < affects->count; k++) {
			const char *key = package_key(b->arena, cw__jt_str(affects->items[k], "ref"));
			if (key && (error = add(b, kept, ids.len, key)) < 0)
				break;
		}
	}
	cw_vec_free(&ids);
	return error;
}

/* An SBOM: scan it now with the same KB and options (without a baseline). */
static int from_sbom(bctx *b, const char *path, const char *data, size_t len, cw_kb *kb,
                     const cw_scan_options *opts)
{
	cw_scan_options o = *opts;
	cw_inventory *inv = NULL;
	cw_scan_result *old = NULL;
	strvec ids = CW_VEC_INIT;
	int error;
	o.baseline_file = NULL;
	if ((error = cw_inventory_new(&inv)) < 0 || (error = cw_inventory_read_sbom_data(inv, path, data, len)) < 0 ||
	    (error = cw_scan_run(&old, inv, kb, &o)) < 0) {
		if (error == CW_EUNSUPPORTED) {
			char why[256];
			snprintf(why, sizeof(why), "%s", cw_error_last()->message);
			error = cw__error_set(CW_EINVALID, "%s: not a baseline: expected a chainwarden JSON report, a "
			                      "CycloneDX document or an SPDX / CycloneDX SBOM (%s)", path, why);
		}
		goto done;
	}
	for (size_t i = 0; i < cw_scan_finding_count(old) && error >= 0; i++) {
		const cw_finding *f = cw_scan_finding(old, i);
		const char **kept, *key;
		ids.len = 0;
		if ((error = cw_vec_push(&ids, f->id)) < 0)
			break;
		for (size_t k = 0; k < f->alias_count && error >= 0; k++)
			error = cw_vec_push(&ids, f->aliases[k]);
		for (size_t k = 0; k < f->advisory_count && error >= 0; k++)
			error = cw_vec_push(&ids, f->advisories[k]);
		if (error < 0)
			break;
		for (size_t k = 0; k < ids.len; k++) /* the old result is freed below */
			if (!(ids.items[k] = cw__arena_strdup(b->arena, ids.items[k])))
				error = cw_error_last()->code;
		if (error < 0 || (error = keep_ids(b, &ids, &kept)) < 0)
			break;
		if (!(key = component_key(b->arena, f->package))) {
			error = cw_error_last()->code;
			break;
		}
		error = add(b, kept, ids.len, key);
	}
done:
	cw_vec_free(&ids);
	cw_scan_result_free(old);
	cw_inventory_free(inv);
	return error;
}

/* Whether finding f's key is in the baseline (marks the baseline entries it meets). */
static int in_baseline(bctx *b, const cw_finding *f, bool *out)
{
	const char *pkg = component_key(b->arena, f->package);
	size_t n = 1 + f->alias_count + f->advisory_count;
	*out = false;
	if (!pkg)
		return cw_error_last()->code;
	for (size_t k = 0; k < n; k++) {
		const char *id = k == 0 ? f->id : k <= f->alias_count ? f->aliases[k - 1]
		                                                       : f->advisories[k - 1 - f->alias_count];
		char *key = make_key(b->arena, id, pkg);
		void *hit;
		if (!key)
			return cw_error_last()->code;
		int error;
		if ((hit = cw__map_get(&b->keys, key, strlen(key))))
			*out = true;
		if ((error = cw__map_put(&b->current, key, strlen(key), (void *)f, NULL)) < 0)
			return error;
	}
	return 0;
}

int cw__scan_apply_baseline(cw_scan_result *r, const char *path, cw_kb *kb, const cw_scan_options *opts)
{
	cw_arena arena = CW_ARENA_INIT;
	cw_buf data = CW_BUF_INIT;
	cw__jt_doc doc;
	bctx b;
	const char *schema, *bom;
	const cw__jt *vulns;
	size_t kept = 0;
	int error;

	memset(&b, 0, sizeof(b));
	b.r = r;
	b.arena = &arena;
	if ((error = cw__file_read(&data, path, BASELINE_MAX_FILE)) < 0 ||
	    (error = cw__jt_parse(&doc, &arena, path, data.ptr ? data.ptr : "", data.len)) < 0)
		goto done;
	if (doc.root->type != CW_JT_OBJECT) {
		error = cw__jt_error(&doc, doc.root, "a baseline must be a JSON object (a scan report or an SBOM)");
		goto done;
	}
	schema = cw__jt_str(doc.root, "schema");
	bom = cw__jt_str(doc.root, "bomFormat");
	vulns = cw__jt_get(doc.root, "vulnerabilities");
	if (schema && !strcmp(schema, "chainwarden-scan/1"))
		error = from_report(&b, &doc);
	else if (schema)
		error = cw__jt_error(&doc, cw__jt_get(doc.root, "schema"), "unsupported report schema '%s' "
		                     "(expected chainwarden-scan/1)", schema);
	else if (bom && !strcmp(bom, "CycloneDX") && vulns)
		error = from_cyclonedx(&b, &doc, vulns);
	else
		error = from_sbom(&b, path, data.ptr ? data.ptr : "", data.len, kb, opts);
	if (error < 0)
		goto done;
	/* keep the findings that are new */
	for (size_t i = 0; i < r->findings.len; i++) {
		bool old = false;
		if ((error = in_baseline(&b, &r->findings.items[i]->pub, &old)) < 0)
			goto done;
		if (old)
			r->baseline_unchanged++;
		else
			r->findings.items[kept++] = r->findings.items[i];
	}
	r->findings.len = kept;
	for (size_t i = 0; i < b.items.len; i++) {
		const bfinding *f = &b.items.items[i];
		bool seen = false;
		char *key;
		for (size_t k = 0; k < f->id_count && !seen; k++) {
			if (!(key = make_key(&arena, f->ids[k], f->package))) {
				error = cw_error_last()->code;
				goto done;
			}
			seen = cw__map_get(&b.current, key, strlen(key)) != NULL;
		}
		if (seen)
			continue;
		if (!(key = cw__arena_printf(&r->arena, "%s|%s", f->id_count ? f->ids[0] : "", f->package))) {
			error = cw_error_last()->code;
			goto done;
		}
		if ((error = cw_vec_push(&r->baseline_fixed, key)) < 0)
			goto done;
	}
	r->baseline = true;
done:
	cw__map_free(&b.keys);
	cw__map_free(&b.current);
	cw_vec_free(&b.items);
	cw__buf_free(&data);
	cw__arena_free(&arena);
	return error;
}

size_t cw_scan_baseline_unchanged(const cw_scan_result *r) { return r->baseline_unchanged; }
size_t cw_scan_baseline_fixed_count(const cw_scan_result *r) { return r->baseline_fixed.len; }
const char *cw_scan_baseline_fixed(const cw_scan_result *r, size_t i) { return r->baseline_fixed.items[i]; }

/*
 * Upstream findings (cw_scan_upstream) that a report baseline already had:
 * the same signal on the same package.  Left out like old vulnerability
 * findings and counted as unchanged.
 */
int cw__scan_baseline_upstream(cw_scan_result *r)
{
	size_t kept = 0;
	if (!r->baseline)
		return 0;
	for (size_t i = 0; i < r->upstream.len; i++) {
		const cw_upstream_finding *u = &r->upstream.items[i];
		char *pk = u->package ? component_key(&r->arena, u->package) : NULL, *key;
		if (!pk && !(pk = cw__arena_printf(&r->arena, "%s:%s", u->ecosystem ? u->ecosystem : "", u->name ? u->name : "")))
			return cw_error_last()->code;
		if (!(key = upstream_key(&r->arena, u->signal, pk)))
			return cw_error_last()->code;
		if (cw__map_get(&r->baseline_upstream, key, strlen(key)))
			r->baseline_upstream_unchanged++;
		else
			r->upstream.items[kept++] = r->upstream.items[i];
	}
	r->upstream.len = kept;
	return 0;
}
