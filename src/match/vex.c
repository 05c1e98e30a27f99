/*
 * vex.c - VEX input (`scan --vex FILE`): statements that a vulnerability
 * does or does not apply to a product, read from
 *
 *   - OpenVEX (https://github.com/openvex/spec, v0.2.0; the v0.0.x forms
 *     with a string `vulnerability` and string `products` / statement-level
 *     `subcomponents` are read too), recognised by its `@context`
 *     (https://openvex.dev/ns...);
 *   - CycloneDX VEX: the `vulnerabilities[].analysis` of a CycloneDX BOM,
 *     specVersion 1.4 to 1.7 (https://cyclonedx.org/docs/1.6/json/#vulnerabilities),
 *     recognised by `"bomFormat": "CycloneDX"`.
 *
 * A statement applies to a finding when one of its vulnerability ids (the
 * OpenVEX name and aliases; the CycloneDX id and references[].id) equals,
 * ignoring case, the finding's id, an alias or an advisory id, and one of
 * its products names the finding's component by purl (purl_match(): type,
 * namespace and name equal; the statement's version, qualifiers and subpath
 * only when it has them, so a versionless purl covers every version, as the
 * OpenVEX spec's matching rules say).  An OpenVEX product with
 * `subcomponents` applies to the components matching a subcomponent when the
 * product matches their root (the scanned project); a product without
 * subcomponents applies to the component it names, or to every component of
 * the root it names.  A CycloneDX `affects[].ref` is a bom-ref of the VEX
 * BOM's components (their purl is used), a purl, or a BOM-Link whose
 * fragment is one of those; `affects[].versions[].version` entries restrict
 * it to those exact versions (version ranges are not evaluated: warning).
 *
 * The last statement that applies wins (document order; files in the order
 * given).  cw__scan_vex_finish() then marks findings whose status suppresses
 * them (OpenVEX not_affected / fixed; CycloneDX not_affected /
 * false_positive / resolved / resolved_with_pedigree) as ignored with a
 * reason, the mechanism the ignore file uses; the other statuses only
 * annotate.  Malformed documents are input errors with file:line:col.
 */
#include "match/jtree.h"
#include "match/match.h"
#include "chainwarden/purl.h"
#include "util/error.h"
#include "util/fs.h"
#include "util/str.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define VEX_MAX_FILE ((size_t)64 << 20)

typedef struct idx_node {
	size_t finding;
	struct idx_node *next;
} idx_node;

typedef struct {
	cw_scan_result *r;
	const cw__jt_doc *doc;
	cw_arena *arena;          /* this file's scratch */
	cw_map ids;               /* UPPERCASE id -> idx_node list */
	cw_map refs;              /* CycloneDX bom-ref -> purl string */
	cw_purl **purls;          /* per component, parsed on first use */
	unsigned char *purl_done;
	size_t line_off, line_no; /* incremental line counting */
} vctx;

/* A product to match: a purl, optionally inside a root product, optionally exact versions. */
typedef struct {
	cw_purl *purl;
	cw_purl *root;            /* OpenVEX product of a subcomponent: must match the component's root */
	const cw__jt *versions;   /* CycloneDX affects[].versions */
	bool product_level;       /* OpenVEX product without subcomponents: may name the root */
} target;

/* One statement: what it says, its vulnerability ids and the products it names. */
typedef struct {
	const char *format, *status, *justification, *detail;
	bool suppresses;
	size_t offset;
	CW_VEC(const char *) ids;
	CW_VEC(target) targets;
} stmt_info;

static size_t line_at(vctx *c, size_t offset)
{
	if (offset < c->line_off) {
		c->line_off = 0;
		c->line_no = 1;
	}
	for (; c->line_off < offset && c->line_off < c->doc->len; c->line_off++)
		if (c->doc->data[c->line_off] == '\n')
			c->line_no++;
	return c->line_no;
}

static int index_findings(vctx *c)
{
	cw_scan_result *r = c->r;
	for (size_t i = 0; i < r->findings.len; i++) {
		const cw_finding *f = &r->findings.items[i]->pub;
		size_t n = 1 + f->alias_count + f->advisory_count;
		for (size_t k = 0; k < n; k++) {
			const char *id = k == 0 ? f->id : k <= f->alias_count ? f->aliases[k - 1]
			                                                       : f->advisories[k - 1 - f->alias_count];
			size_t len;
			char *key;
			idx_node *node, *head;
			int error;
			if (!id)
				continue;
			len = strlen(id);
			if (!(key = cw__arena_strndup(c->arena, id, len)))
				return cw_error_last()->code;
			for (size_t j = 0; j < len; j++)
				key[j] = (char)(key[j] >= 'a' && key[j] <= 'z' ? key[j] - 32 : key[j]);
			head = cw__map_get(&c->ids, key, len);
			if (head && head->finding == i)
				continue; /* the same id twice in one finding */
			if (!(node = cw__arena_alloc(c->arena, sizeof(*node))))
				return cw_error_last()->code;
			node->finding = i;
			node->next = head;
			if ((error = cw__map_put(&c->ids, key, len, node, NULL)) < 0)
				return error;
		}
	}
	return 0;
}

static const cw_purl *component_purl(vctx *c, size_t ci)
{
	const cw_component *comp;
	if (c->purl_done[ci])
		return c->purls[ci];
	c->purl_done[ci] = 1;
	comp = cw_inventory_component(c->r->inv, ci);
	if (comp->purl && cw_purl_parse_ext(&c->purls[ci], comp->purl, strlen(comp->purl), CW_PURL_PARSE_LENIENT) < 0)
		c->purls[ci] = NULL;
	return c->purls[ci];
}

static bool str_eq(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

/* `want` (from the VEX document) names `have` (a component's purl). */
static bool purl_match(const cw_purl *want, const cw_purl *have)
{
	if (!want || !have || strcmp(want->type, have->type) || !str_eq(want->ns, have->ns) ||
	    strcmp(want->name, have->name))
		return false;
	if (want->version && (!have->version || strcmp(want->version, have->version)))
		return false;
	if (want->subpath && !str_eq(want->subpath, have->subpath))
		return false;
	for (size_t i = 0; i < want->qualifier_count; i++) {
		const char *v = cw_purl_qualifier_get(have, want->qualifiers[i].key);
		if (!v || strcmp(v, want->qualifiers[i].value))
			return false;
	}
	return true;
}

static bool version_listed(const cw__jt *versions, const char *version)
{
	for (size_t i = 0; version && i < versions->count; i++) {
		const char *v = cw__jt_str(versions->items[i], "version");
		if (v && !strcmp(v, version))
			return true;
	}
	return false;
}

static bool target_applies(vctx *c, const target *t, size_t ci)
{
	const cw_component *comp = cw_inventory_component(c->r->inv, ci);
	bool m = purl_match(t->purl, component_purl(c, ci));
	if (t->root)
		m = m && comp->root != ci && purl_match(t->root, component_purl(c, comp->root));
	else if (!m && t->product_level && comp->root != ci)
		m = purl_match(t->purl, component_purl(c, comp->root));
	if (m && t->versions)
		m = version_listed(t->versions, comp->version);
	return m;
}

/* Annotate every finding that one of the statement's ids and one of its targets select. */
static int apply(vctx *c, const stmt_info *s)
{
	const char *const *ids = s->ids.items;
	const target *targets = s->targets.items;
	size_t nids = s->ids.len, nt = s->targets.len;
	cw_finding_vex v;
	char src[64];
	const char *path = c->doc->path ? c->doc->path : "<vex>";
	bool copied = false;
	memset(&v, 0, sizeof(v));
	for (size_t i = 0; i < nids; i++) {
		char key[256];
		size_t len = strlen(ids[i]);
		if (len >= sizeof(key))
			continue;
		for (size_t j = 0; j < len; j++)
			key[j] = (char)(ids[i][j] >= 'a' && ids[i][j] <= 'z' ? ids[i][j] - 32 : ids[i][j]);
		for (const idx_node *n = cw__map_get(&c->ids, key, len); n; n = n->next) {
			cw_finding *f = &c->r->findings.items[n->finding]->pub;
			bool hit = false;
			for (size_t k = 0; k < nt && !hit; k++)
				hit = target_applies(c, &targets[k], f->component);
			if (!hit)
				continue;
			if (!copied) { /* the statement's strings outlive this file's arena */
				cw_arena *ar = &c->r->arena;
				snprintf(src, sizeof(src), ":%zu", line_at(c, s->offset));
				v.format = s->format;
				v.suppresses = s->suppresses;
				if (!(v.status = cw__arena_strdup(ar, s->status)) ||
				    (s->justification && !(v.justification = cw__arena_strdup(ar, s->justification))) ||
				    (s->detail && !(v.detail = cw__arena_strdup(ar, s->detail))) ||
				    !(v.source = cw__arena_printf(ar, "%s%s", path, src)))
					return cw_error_last()->code;
				copied = true;
			}
			f->vex = v;
		}
	}
	return 0;
}

/* A purl from the document, or CW_EINVALID at `node`. */
static int parse_purl(vctx *c, const cw__jt *node, const char *s, cw_purl **out)
{
	*out = NULL;
	if (cw_purl_parse_ext(out, s, strlen(s), CW_PURL_PARSE_LENIENT) < 0)
		return cw__jt_error(c->doc, node, "%s", cw_error_last()->message);
	return 0;
}

/* The non-empty array `key` of `obj` in *out, or CW_EINVALID with the message `need`. */
static int nonempty_array(vctx *c, const cw__jt *obj, const char *key, const char *need,
                          const cw__jt **out)
{
	const cw__jt *a = cw__jt_get(obj, key);
	*out = a;
	if (!a || a->type != CW_JT_ARRAY || !a->count)
		return cw__jt_error(c->doc, a ? a : obj, "%s", need);
	return 0;
}

static bool in_list(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (!strcmp(s, *list))
			return true;
	return false;
}

/* ---- OpenVEX ----------------------------------------------------------- */

static const char *const ov_status[] = { "not_affected", "affected", "fixed", "under_investigation", NULL };
static const char *const ov_justification[] = {
	"component_not_present", "vulnerable_code_not_present", "vulnerable_code_not_in_execute_path",
	"vulnerable_code_cannot_be_controlled_by_adversary", "inline_mitigations_already_exist", NULL
};

/* The purl of an OpenVEX component (a string, or an object with @id / identifiers.purl); NULL: none. */
static int ov_component_purl(vctx *c, const cw__jt *node, cw_purl **out)
{
	const char *s = NULL;
	*out = NULL;
	if (node->type == CW_JT_STRING) {
		s = node->str;
	} else if (node->type == CW_JT_OBJECT) {
		const cw__jt *ids = cw__jt_get(node, "identifiers");
		const char *id = cw__jt_str(node, "@id");
		if (ids && ids->type != CW_JT_OBJECT)
			return cw__jt_error(c->doc, ids, "'identifiers' must be an object");
		s = cw__jt_str(ids, "purl");
		if (!s && id && !strncmp(id, "pkg:", 4))
			s = id;
		if (!s && !id && !ids)
			return cw__jt_error(c->doc, node, "a product or subcomponent needs an '@id' or 'identifiers'");
	} else {
		return cw__jt_error(c->doc, node, "a product or subcomponent must be an object or a string");
	}
	if (!s || strncmp(s, "pkg:", 4))
		return 0; /* an IRI, a CPE or a hash: not something an inventory has */
	return parse_purl(c, node, s, out);
}

/* Start reading the statement at `node` (`what` names it in the error when it is no object). */
static int stmt_begin(vctx *c, stmt_info *s, const char *format, const cw__jt *node,
                      const char *what)
{
	memset(s, 0, sizeof(*s));
	s->format = format;
	s->offset = node->offset;
	if (node->type != CW_JT_OBJECT)
		return cw__jt_error(c->doc, node, "%s must be an object", what);
	return 0;
}

/* Apply the statement when it was read without `error`, then free what it holds; the error. */
static int stmt_end(vctx *c, stmt_info *s, int error)
{
	target *t = s->targets.items;
	if (error >= 0)
		error = apply(c, s);
	for (size_t i = 0; i < s->targets.len; i++) {
		cw_purl_free(t[i].purl);
		if (i == 0 || t[i].root != t[i - 1].root)
			cw_purl_free(t[i].root);
	}
	cw_vec_free(&s->targets);
	cw_vec_free(&s->ids);
	return error;
}

static int ov_statement(vctx *c, const cw__jt *st)
{
	const cw__jt *vuln, *products, *node, *subs_legacy;
	stmt_info s;
	size_t unnamed = 0;
	int error = 0;

	if ((error = stmt_begin(c, &s, "openvex", st, "a statement")) < 0)
		return error;
	if (!(vuln = cw__jt_get(st, "vulnerability"))) {
		error = cw__jt_error(c->doc, st, "a statement needs a 'vulnerability'");
		goto done;
	}
	if (vuln->type == CW_JT_STRING) {
		if ((error = cw_vec_push(&s.ids, vuln->str)) < 0)
			goto done;
	} else if (vuln->type == CW_JT_OBJECT) {
		const char *name = cw__jt_str(vuln, "name");
		const cw__jt *aliases = cw__jt_get(vuln, "aliases");
		if (!name || !*name) {
			error = cw__jt_error(c->doc, vuln, "'vulnerability' needs a 'name' (the vulnerability id)");
			goto done;
		}
		if ((error = cw_vec_push(&s.ids, name)) < 0)
			goto done;
		if (aliases && aliases->type != CW_JT_ARRAY) {
			error = cw__jt_error(c->doc, aliases, "'aliases' must be an array of strings");
			goto done;
		}
		for (size_t i = 0; aliases && i < aliases->count; i++) {
			if (aliases->items[i]->type != CW_JT_STRING) {
				error = cw__jt_error(c->doc, aliases->items[i], "an alias must be a string");
				goto done;
			}
			if ((error = cw_vec_push(&s.ids, aliases->items[i]->str)) < 0)
				goto done;
		}
	} else {
		error = cw__jt_error(c->doc, vuln, "'vulnerability' must be an object with a 'name'");
		goto done;
	}
	if (!(node = cw__jt_get(st, "status")) || node->type != CW_JT_STRING) {
		error = cw__jt_error(c->doc, node ? node : st, "a statement needs a 'status' string");
		goto done;
	}
	if (!in_list(node->str, ov_status)) {
		error = cw__jt_error(c->doc, node, "unknown status '%s' (expected not_affected, affected, fixed "
		                     "or under_investigation)", node->str);
		goto done;
	}
	s.status = node->str;
	s.suppresses = !strcmp(s.status, "not_affected") || !strcmp(s.status, "fixed");
	if ((node = cw__jt_get(st, "justification"))) {
		if (node->type != CW_JT_STRING || !in_list(node->str, ov_justification)) {
			bool str = node->type == CW_JT_STRING;
			error = cw__jt_error(c->doc, node, "unknown justification%s%s%s (expected one of "
			                     "component_not_present, vulnerable_code_not_present, "
			                     "vulnerable_code_not_in_execute_path, "
			                     "vulnerable_code_cannot_be_controlled_by_adversary, "
			                     "inline_mitigations_already_exist)", str ? " '" : "",
			                     str ? node->str : "", str ? "'" : "");
			goto done;
		}
		s.justification = node->str;
	}
	s.detail = cw__jt_str(st, "impact_statement");
	if (!s.detail)
		s.detail = cw__jt_str(st, "action_statement");
	if (!s.detail)
		s.detail = cw__jt_str(st, "status_notes");
	if (!strcmp(s.status, "not_affected") && !s.justification && !cw__jt_str(st, "impact_statement")) {
		error = cw__jt_error(c->doc, st, "a not_affected statement needs a 'justification' or an "
		                     "'impact_statement'");
		goto done;
	}
	if ((error = nonempty_array(c, st, "products",
	                            "a statement needs a non-empty 'products' array", &products)) < 0)
		goto done;
	subs_legacy = cw__jt_get(st, "subcomponents"); /* v0.0.x: statement-level strings */
	if (subs_legacy && subs_legacy->type != CW_JT_ARRAY) {
		error = cw__jt_error(c->doc, subs_legacy, "'subcomponents' must be an array");
		goto done;
	}
	for (size_t i = 0; i < products->count; i++) {
		const cw__jt *p = products->items[i], *subs = NULL;
		cw_purl *pp = NULL;
		bool owned = false; /* pp is referenced by a pushed target */
		if ((error = ov_component_purl(c, p, &pp)) < 0)
			goto done;
		if (p->type == CW_JT_OBJECT && (subs = cw__jt_get(p, "subcomponents")) && subs->type != CW_JT_ARRAY) {
			error = cw__jt_error(c->doc, subs, "'subcomponents' must be an array");
			goto product_done;
		}
		if (!subs || !subs->count)
			subs = subs_legacy;
		if (!pp) {
			unnamed++;
			continue;
		}
		if (!subs || !subs->count) {
			target t = { pp, NULL, NULL, true };
			if ((error = cw_vec_push(&s.targets, t)) >= 0)
				owned = true;
			goto product_done;
		}
		for (size_t k = 0; k < subs->count && error >= 0; k++) {
			cw_purl *sp = NULL;
			target t;
			if ((error = ov_component_purl(c, subs->items[k], &sp)) < 0)
				break;
			if (!sp) {
				unnamed++;
				continue;
			}
			t = (target){ sp, pp, NULL, false };
			if ((error = cw_vec_push(&s.targets, t)) < 0)
				cw_purl_free(sp);
			else
				owned = true;
		}
	product_done:
		if (!owned)
			cw_purl_free(pp);
		if (error < 0)
			goto done;
	}
	if (unnamed && (error = cw__scan_warn(c->r, "%s:%zu: %zu product(s) without a purl cannot be matched",
	                                      c->doc->path, line_at(c, st->offset), unnamed)) < 0)
		goto done;
done:
	return stmt_end(c, &s, error);
}

static int openvex(vctx *c)
{
	const cw__jt *sts = cw__jt_get(c->doc->root, "statements");
	int error;
	if (!sts || sts->type != CW_JT_ARRAY)
		return cw__jt_error(c->doc, sts ? sts : c->doc->root, "an OpenVEX document needs a 'statements' array");
	for (size_t i = 0; i < sts->count; i++)
		if ((error = ov_statement(c, sts->items[i])) < 0)
			return error;
	return 0;
}

/* ---- CycloneDX VEX ----------------------------------------------------- */

static const char *const cdx_state[] = { "resolved", "resolved_with_pedigree", "exploitable", "in_triage",
	                                     "false_positive", "not_affected", NULL };
static const char *const cdx_justification[] = {
	"code_not_present", "code_not_reachable", "requires_configuration", "requires_dependency",
	"requires_environment", "protected_by_compiler", "protected_at_runtime", "protected_at_perimeter",
	"protected_by_mitigating_control", NULL
};

static int collect_refs(vctx *c, const cw__jt *comp)
{
	const char *ref, *purl;
	const cw__jt *kids;
	int error;
	if (!comp || comp->type != CW_JT_OBJECT)
		return 0;
	ref = cw__jt_str(comp, "bom-ref");
	purl = cw__jt_str(comp, "purl");
	if (ref && purl && (error = cw__map_put(&c->refs, ref, strlen(ref), (void *)purl, NULL)) < 0)
		return error;
	if ((kids = cw__jt_get(comp, "components")) && kids->type == CW_JT_ARRAY)
		for (size_t i = 0; i < kids->count; i++)
			if ((error = collect_refs(c, kids->items[i])) < 0)
				return error;
	return 0;
}

/* The purl an affects[].ref names, or NULL. */
static const char *resolve_ref(vctx *c, const char *ref, cw_buf *tmp)
{
	const char *purl = cw__map_get(&c->refs, ref, strlen(ref)), *hash;
	if (purl)
		return purl;
	if (!strncmp(ref, "pkg:", 4))
		return ref;
	if (!strncmp(ref, "urn:cdx:", 8) && (hash = strchr(ref, '#'))) { /* BOM-Link to a component */
		tmp->len = 0;
		if (cw__percent_decode(tmp, hash + 1, strlen(hash + 1)) < 0 || !tmp->ptr)
			return NULL;
		if ((purl = cw__map_get(&c->refs, tmp->ptr, tmp->len)))
			return purl;
		if (!strncmp(tmp->ptr, "pkg:", 4))
			return tmp->ptr;
	}
	return NULL;
}

static int cdx_vulnerability(vctx *c, const cw__jt *v, cw_buf *tmp)
{
	const cw__jt *an, *node, *refs, *affects;
	stmt_info s;
	int error = 0;

	if ((error = stmt_begin(c, &s, "cyclonedx", v, "a vulnerability")) < 0)
		return error;
	if (!(an = cw__jt_get(v, "analysis")))
		return 0; /* no analysis: a vulnerability listing, not a VEX statement */
	if (an->type != CW_JT_OBJECT)
		return cw__jt_error(c->doc, an, "'analysis' must be an object");
	if (!(node = cw__jt_get(an, "state")))
		return 0; /* analysis without a state says nothing about exploitability */
	if (node->type != CW_JT_STRING || !in_list(node->str, cdx_state))
		return cw__jt_error(c->doc, node, "unknown analysis state%s%s%s (expected resolved, "
		                    "resolved_with_pedigree, exploitable, in_triage, false_positive or "
		                    "not_affected)", node->type == CW_JT_STRING ? " '" : "",
		                    node->type == CW_JT_STRING ? node->str : "", node->type == CW_JT_STRING ? "'" : "");
	s.status = node->str;
	s.suppresses = !strcmp(s.status, "not_affected") || !strcmp(s.status, "false_positive") ||
	               !strncmp(s.status, "resolved", 8);
	if ((node = cw__jt_get(an, "justification"))) {
		if (node->type != CW_JT_STRING || !in_list(node->str, cdx_justification))
			return cw__jt_error(c->doc, node, "unknown analysis justification%s%s%s",
			                    node->type == CW_JT_STRING ? " '" : "",
			                    node->type == CW_JT_STRING ? node->str : "",
			                    node->type == CW_JT_STRING ? "'" : "");
		s.justification = node->str;
	}
	s.detail = cw__jt_str(an, "detail");
	if (!s.detail && (node = cw__jt_get(an, "response")) && node->type == CW_JT_ARRAY && node->count &&
	    node->items[0]->type == CW_JT_STRING)
		s.detail = node->items[0]->str;
	if (!(node = cw__jt_get(v, "id")) || node->type != CW_JT_STRING || !*node->str)
		return cw__jt_error(c->doc, node ? node : v, "a vulnerability with an analysis needs an 'id'");
	if ((error = cw_vec_push(&s.ids, node->str)) < 0)
		goto done;
	if ((refs = cw__jt_get(v, "references")) && refs->type == CW_JT_ARRAY)
		for (size_t i = 0; i < refs->count; i++) {
			const char *id = cw__jt_str(refs->items[i], "id");
			if (id && (error = cw_vec_push(&s.ids, id)) < 0)
				goto done;
		}
	if ((error = nonempty_array(c, v, "affects",
	                            "a vulnerability with an analysis needs a non-empty 'affects' array",
	                            &affects)) < 0)
		goto done;
	for (size_t i = 0; i < affects->count; i++) {
		const cw__jt *a = affects->items[i], *vers;
		const char *ref = cw__jt_str(a, "ref"), *purl;
		target t;
		if (!ref) {
			error = cw__jt_error(c->doc, a, "an 'affects' entry needs a 'ref' string");
			goto done;
		}
		if ((vers = cw__jt_get(a, "versions")) && vers->type != CW_JT_ARRAY) {
			error = cw__jt_error(c->doc, vers, "'versions' must be an array");
			goto done;
		}
		if (vers && !vers->count)
			vers = NULL;
		if (vers) {
			bool exact = false;
			for (size_t k = 0; k < vers->count; k++)
				exact |= cw__jt_str(vers->items[k], "version") != NULL;
			if (!exact) {
				if ((error = cw__scan_warn(c->r, "%s:%zu: %s: only version ranges are given for %s; "
				                           "ranges are not evaluated, the statement is not applied",
				                           c->doc->path, line_at(c, a->offset), s.ids.items[0],
				                           ref)) < 0)
					goto done;
				continue;
			}
		}
		if (!(purl = resolve_ref(c, ref, tmp))) {
			if ((error = cw__scan_warn(c->r, "%s:%zu: %s: affects ref '%s' names no component with a "
			                           "purl; not applied", c->doc->path, line_at(c, a->offset),
			                           s.ids.items[0], ref)) < 0)
				goto done;
			continue;
		}
		memset(&t, 0, sizeof(t));
		t.versions = vers;
		if ((error = parse_purl(c, a, purl, &t.purl)) < 0)
			goto done;
		if ((error = cw_vec_push(&s.targets, t)) < 0) {
			cw_purl_free(t.purl);
			goto done;
		}
	}
done:
	return stmt_end(c, &s, error);
}

static int cyclonedx(vctx *c)
{
	const cw__jt *root = c->doc->root, *spec = cw__jt_get(root, "specVersion"), *vulns, *comps;
	cw_buf tmp = CW_BUF_INIT;
	int error = 0;
	if (!spec || spec->type != CW_JT_STRING || strncmp(spec->str, "1.", 2) || spec->len != 3 ||
	    spec->str[2] < '4' || spec->str[2] > '7')
		return cw__jt_error(c->doc, spec ? spec : root, "CycloneDX VEX needs a 'specVersion' from 1.4 to "
		                    "1.7 (vulnerabilities appeared in 1.4)");
	if ((error = collect_refs(c, cw__jt_get(cw__jt_get(root, "metadata"), "component"))) < 0)
		return error;
	if ((comps = cw__jt_get(root, "components")) && comps->type == CW_JT_ARRAY)
		for (size_t i = 0; i < comps->count; i++)
			if ((error = collect_refs(c, comps->items[i])) < 0)
				return error;
	if (!(vulns = cw__jt_get(root, "vulnerabilities")))
		return cw__scan_warn(c->r, "%s: a CycloneDX document without 'vulnerabilities': no VEX statement",
		                     c->doc->path);
	if (vulns->type != CW_JT_ARRAY)
		return cw__jt_error(c->doc, vulns, "'vulnerabilities' must be an array");
	tmp.max = 1 << 16;
	for (size_t i = 0; i < vulns->count && error >= 0; i++)
		error = cdx_vulnerability(c, vulns->items[i], &tmp);
	cw__buf_free(&tmp);
	return error;
}

/* ------------------------------------------------------------------------ */

int cw__scan_apply_vex_data(cw_scan_result *r, const char *path, const char *text, size_t len)
{
	cw_arena arena = CW_ARENA_INIT;
	cw__jt_doc doc;
	vctx c;
	const char *ctx_s, *bom;
	size_t nc = cw_inventory_component_count(r->inv);
	int error;

	memset(&c, 0, sizeof(c));
	c.r = r;
	c.doc = &doc;
	c.arena = &arena;
	c.line_no = 1;
	if (!path)
		path = "<vex>";
	if ((error = cw__jt_parse(&doc, &arena, path, text, len)) < 0)
		goto done;
	if (doc.root->type != CW_JT_OBJECT) {
		error = cw__jt_error(&doc, doc.root, "expected a JSON object (an OpenVEX or CycloneDX document)");
		goto done;
	}
	if (!(c.purls = calloc(nc + 1, sizeof(*c.purls))) || !(c.purl_done = calloc(nc + 1, 1))) {
		error = cw__error_oom();
		goto done;
	}
	if ((error = index_findings(&c)) < 0)
		goto done;
	ctx_s = cw__jt_str(doc.root, "@context");
	bom = cw__jt_str(doc.root, "bomFormat");
	if (ctx_s && !strncmp(ctx_s, "https://openvex.dev/ns", 22))
		error = openvex(&c);
	else if (bom && !strcmp(bom, "CycloneDX"))
		error = cyclonedx(&c);
	else
		error = cw__jt_error(&doc, doc.root, "not a VEX document: expected an OpenVEX '@context' "
		                     "(https://openvex.dev/ns/v0.2.0) or a CycloneDX BOM ('bomFormat': \"CycloneDX\")");
done:
	for (size_t i = 0; c.purls && i < nc; i++)
		cw_purl_free(c.purls[i]);
	free(c.purls);
	free(c.purl_done);
	cw__map_free(&c.ids);
	cw__map_free(&c.refs);
	cw__arena_free(&arena);
	return error;
}

int cw__scan_apply_vex(cw_scan_result *r, const char *path)
{
	cw_buf data = CW_BUF_INIT;
	int error;
	if ((error = cw__file_read(&data, path, VEX_MAX_FILE)) >= 0)
		error = cw__scan_apply_vex_data(r, path, data.ptr ? data.ptr : "", data.len);
	cw__buf_free(&data);
	return error;
}

int cw__scan_vex_finish(cw_scan_result *r)
{
	for (size_t i = 0; i < r->findings.len; i++) {
		cw_finding *f = &r->findings.items[i]->pub;
		const cw_finding_vex *v = &f->vex;
		if (!v->format || !v->suppresses || f->ignored)
			continue;
		f->ignored = true;
		if (!(f->ignore_reason = cw__arena_printf(&r->arena, "VEX %s%s%s%s%s (%s)", v->status,
		                                          v->justification ? ", " : "",
		                                          v->justification ? v->justification : "",
		                                          v->detail ? ": " : "", v->detail ? v->detail : "",
		                                          v->source)))
			return cw_error_last()->code;
	}
	return 0;
}
