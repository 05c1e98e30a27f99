/*
 * sbom_read.c - SBOMs back into the inventory: CycloneDX JSON 1.4, 1.5, 1.6
 * (https://cyclonedx.org/specification/overview/) and SPDX JSON 2.2, 2.3
 * (https://spdx.github.io/spdx-spec/v2.3/).
 *
 * CycloneDX: metadata.component is the root; components (nested ones
 * too) become components with their purl (parsed for ecosystem, name,
 * version), scope, hashes, licenses, distribution URL and chainwarden's own
 * properties (source file and line, scope, bundled, declared range) when
 * present; `dependencies` are the edges.  SPDX: packages with a purl
 * external reference (else name/versionInfo as generic), checksums,
 * downloadLocation, licenseDeclared and the sourceInfo chainwarden writes;
 * DESCRIBES (or documentDescribes) names the roots; DEPENDS_ON and the
 * *_DEPENDENCY_OF relationships are edges.  Documents are small next to
 * lockfiles, so they are read with jansson (no line numbers per component).
 */
#include "inventory/inventory.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chainwarden/purl.h"
#include "util/error.h"
#include "util/fs.h"
#include "util/json.h"

typedef struct {
	cw__inv_source *src;
	cw_map by_ref;         /* bom-ref / SPDXID -> component index + 1 */
	char namebuf[1024];
} rctx;

static cw_slice js(const json_t *obj, const char *key)
{
	const char *v = json_string_value(json_object_get(obj, key));
	return v ? (cw_slice){ v, strlen(v) } : (cw_slice){ NULL, 0 };
}

/* Fill ecosystem, name and version from a purl (name = namespace/name, maven namespace:name). */
static bool from_purl(rctx *c, cw__comp_spec *spec, const char *purl_str, cw_purl **keep)
{
	cw_purl *p = NULL;
	if (!purl_str || cw_purl_parse(&p, purl_str, strlen(purl_str)) < 0) {
		cw_error_clear();
		return false;
	}
	spec->ecosystem = cw__arena_strdup(&c->src->inv->arena, p->type);
	if (p->ns)  /* maven names are group:artifact in the inventory */
		snprintf(c->namebuf, sizeof(c->namebuf), "%s%s%s", p->ns, strcmp(p->type, "maven") ? "/" : ":", p->name);
	else
		snprintf(c->namebuf, sizeof(c->namebuf), "%s", p->name);
	spec->name = cw_slice_of(cw__arena_strdup(&c->src->inv->arena, c->namebuf));
	spec->version = p->version ? cw_slice_of(p->version) : (cw_slice){ NULL, 0 };
	spec->purl = cw_slice_of(purl_str);
	*keep = p;
	return spec->ecosystem && spec->name.ptr;
}

/* The document's own spelling of a name when the purl only lowercased it. */
static void prefer_doc_name(rctx *c, cw__comp_spec *spec, cw_slice group, cw_slice name)
{
	char buf[1024];
	if (!name.len)
		return;
	if (group.len)
		snprintf(buf, sizeof(buf), "%.*s/%.*s", (int)group.len, group.ptr, (int)name.len, name.ptr);
	else
		snprintf(buf, sizeof(buf), "%.*s", (int)name.len, name.ptr);
	cw_slice doc = cw_slice_of(buf);
	if (!cw__slice_eq(doc, spec->name) && cw__slice_eq_nocase(doc, spec->name)) {
		const char *copy = cw__arena_strdup(&c->src->inv->arena, buf);
		if (copy)
			spec->name = cw_slice_of(copy);
	}
}

static cw_scope scope_named(const char *s, cw_scope dflt)
{
	if (!s) return dflt;
	if (!strcmp(s, "required")) return CW_SCOPE_REQUIRED;
	if (!strcmp(s, "optional")) return CW_SCOPE_OPTIONAL;
	if (!strcmp(s, "peer")) return CW_SCOPE_PEER;
	if (!strcmp(s, "dev") || !strcmp(s, "excluded")) return CW_SCOPE_DEV;
	return dflt;
}

static int remember(rctx *c, const char *ref, size_t idx)
{
	if (!ref)
		return 0;
	const char *k = cw__arena_strdup(&c->src->inv->arena, ref);
	if (!k)
		return cw_error_last()->code;
	return cw__map_put(&c->by_ref, k, strlen(k), (void *)(uintptr_t)(idx + 1), NULL);
}

static size_t ref_index(rctx *c, const char *ref)
{
	uintptr_t v = ref ? (uintptr_t)cw__map_get(&c->by_ref, ref, strlen(ref)) : 0;
	return v ? v - 1 : SIZE_MAX;
}

/* ---- CycloneDX ----------------------------------------------------------- */

static int cdx_component(rctx *c, const json_t *jc, cw_component_kind kind)
{
	cw__comp_spec spec;
	cw_purl *p = NULL;
	cw_hash hashes[4];
	size_t idx, i;
	json_t *v;
	int error;

	spec = (cw__comp_spec){ .kind = kind, .scope_set = true };
	if (!from_purl(c, &spec, json_string_value(json_object_get(jc, "purl")), &p)) {
		cw_slice group = js(jc, "group"), name = js(jc, "name");
		if (!name.len)
			return 0;
		spec.ecosystem = "generic";
		if (group.len) {
			snprintf(c->namebuf, sizeof(c->namebuf), "%s/%s", group.ptr, name.ptr);
			spec.name = cw_slice_of(cw__arena_strdup(&c->src->inv->arena, c->namebuf));
		} else {
			spec.name = name;
		}
		spec.version = js(jc, "version");
	} else {
		prefer_doc_name(c, &spec, js(jc, "group"), js(jc, "name"));
	}
	spec.scope = scope_named(json_string_value(json_object_get(jc, "scope")), CW_SCOPE_REQUIRED);
	json_array_foreach(json_object_get(jc, "hashes"), i, v) {
		if (spec.hash_count < 4 && json_string_value(json_object_get(v, "alg")) &&
		    json_string_value(json_object_get(v, "content")))
			hashes[spec.hash_count++] = (cw_hash){ json_string_value(json_object_get(v, "alg")),
			                                       json_string_value(json_object_get(v, "content")) };
	}
	spec.hashes = hashes;
	json_array_foreach(json_object_get(jc, "licenses"), i, v) {
		if (json_string_value(json_object_get(v, "expression")))
			spec.license = js(v, "expression");
		else if (json_object_get(v, "license")) {
			json_t *l = json_object_get(v, "license");
			spec.license = js(l, "id").len ? js(l, "id") : js(l, "name");
		}
		if (spec.license.len)
			break;
	}
	json_array_foreach(json_object_get(jc, "externalReferences"), i, v) {
		const char *t = json_string_value(json_object_get(v, "type"));
		if (t && !strcmp(t, "distribution"))
			spec.resolved = js(v, "url");
	}
	json_array_foreach(json_object_get(jc, "properties"), i, v) {
		const char *n = json_string_value(json_object_get(v, "name"));
		const char *val = json_string_value(json_object_get(v, "value"));
		if (!n || !val)
			continue;
		if (!strcmp(n, "chainwarden:source:file")) spec.file = val;
		else if (!strcmp(n, "chainwarden:source:line")) spec.line = (size_t)strtoull(val, NULL, 10);
		else if (!strcmp(n, "chainwarden:scope")) spec.scope = scope_named(val, spec.scope);
		else if (!strcmp(n, "chainwarden:direct")) spec.direct = !strcmp(val, "true");
		else if (!strcmp(n, "chainwarden:bundled")) spec.bundled = !strcmp(val, "true");
		else if (!strcmp(n, "chainwarden:declared")) spec.declared = cw_slice_of(val);
		else if (!strcmp(n, "chainwarden:resolved")) spec.resolved = cw_slice_of(val);
	}
	if (kind == CW_COMPONENT_LIBRARY) {
		const char *type = json_string_value(json_object_get(jc, "type"));
		if (type && !strcmp(type, "application") && !json_object_get(jc, "scope"))
			spec.kind = CW_COMPONENT_ROOT;
	}
	error = cw__inv_add(c->src, &spec, &idx);
	cw_purl_free(p);
	if (error < 0)
		return error;
	if ((error = remember(c, json_string_value(json_object_get(jc, "bom-ref")), idx)) < 0)
		return error;
	/* Nested components are listed inside their parent. */
	json_array_foreach(json_object_get(jc, "components"), i, v)
		if ((error = cdx_component(c, v, CW_COMPONENT_LIBRARY)) < 0)
			return error;
	return 0;
}

static int read_cyclonedx(rctx *c, const json_t *doc)
{
	const char *spec = json_string_value(json_object_get(doc, "specVersion"));
	json_t *meta = json_object_get(json_object_get(doc, "metadata"), "component");
	json_t *v;
	size_t i;
	int error;

	if (!spec || (strcmp(spec, "1.4") && strcmp(spec, "1.5") && strcmp(spec, "1.6")))
		return cw__error_set_at(CW_EUNSUPPORTED, c->src->path, 0, 0,
		                        "CycloneDX specVersion %s not supported (1.4 to 1.6)", spec ? spec : "(none)");
	/* chainwarden's synthetic top of a multi-project document is not a project. */
	const char *top = json_string_value(json_object_get(meta, "bom-ref"));
	if (meta && !(top && !strcmp(top, "chainwarden:project")) &&
	    (error = cdx_component(c, meta, CW_COMPONENT_ROOT)) < 0)
		return error;
	json_array_foreach(json_object_get(doc, "components"), i, v)
		if ((error = cdx_component(c, v, CW_COMPONENT_LIBRARY)) < 0)
			return error;
	json_array_foreach(json_object_get(doc, "dependencies"), i, v) {
		size_t from = ref_index(c, json_string_value(json_object_get(v, "ref"))), k;
		json_t *d;
		if (from == SIZE_MAX)
			continue;
		json_array_foreach(json_object_get(v, "dependsOn"), k, d) {
			size_t to = ref_index(c, json_string_value(d));
			if (to != SIZE_MAX && (error = cw__inv_edge(c->src, from, to,
			                                             cw_inventory_component(c->src->inv, to)->scope)) < 0)
				return error;
		}
	}
	return 0;
}

/* ---- SPDX ------------------------------------------------------------------ */

static const char *cdx_alg(const char *spdx)
{
	static const char *const map[][2] = {
		{ "SHA1", "SHA-1" }, { "SHA256", "SHA-256" }, { "SHA384", "SHA-384" }, { "SHA512", "SHA-512" },
		{ "MD5", "MD5" }, { "SHA3-256", "SHA3-256" }, { "SHA3-512", "SHA3-512" },
		{ "BLAKE2b-256", "BLAKE2b-256" }, { "BLAKE2b-512", "BLAKE2b-512" },
	};
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (!strcmp(spdx, map[i][0]))
			return map[i][1];
	return NULL;
}

static int spdx_package(rctx *c, const json_t *pkg, bool root)
{
	cw__comp_spec spec;
	cw_purl *p = NULL;
	cw_hash hashes[4];
	char file[1024];
	size_t idx, i;
	json_t *v;
	int error;

	spec = (cw__comp_spec){ .kind = root ? CW_COMPONENT_ROOT : CW_COMPONENT_LIBRARY };
	json_array_foreach(json_object_get(pkg, "externalRefs"), i, v) {
		const char *t = json_string_value(json_object_get(v, "referenceType"));
		if (t && !strcmp(t, "purl") &&
		    from_purl(c, &spec, json_string_value(json_object_get(v, "referenceLocator")), &p))
			break;
	}
	if (!p) {
		spec.ecosystem = "generic";
		spec.name = js(pkg, "name");
		spec.version = js(pkg, "versionInfo");
		if (!spec.name.len)
			return 0;
	} else {
		prefer_doc_name(c, &spec, (cw_slice){ NULL, 0 }, js(pkg, "name"));
	}
	json_array_foreach(json_object_get(pkg, "checksums"), i, v) {
		const char *alg = json_string_value(json_object_get(v, "algorithm"));
		const char *val = json_string_value(json_object_get(v, "checksumValue"));
		if (alg && val && cdx_alg(alg) && spec.hash_count < 4)
			hashes[spec.hash_count++] = (cw_hash){ cdx_alg(alg), val };
	}
	spec.hashes = hashes;
	cw_slice dl = js(pkg, "downloadLocation");
	if (dl.len && strcmp(dl.ptr, "NOASSERTION") && strcmp(dl.ptr, "NONE"))
		spec.resolved = dl;
	cw_slice lic = js(pkg, "licenseDeclared");
	if (lic.len && strcmp(lic.ptr, "NOASSERTION") && strcmp(lic.ptr, "NONE"))
		spec.license = lic;
	/* chainwarden writes "found in FILE:LINE (scope S[, direct])". */
	const char *si = json_string_value(json_object_get(pkg, "sourceInfo"));
	if (si && !strncmp(si, "found in ", 9)) {
		const char *open = strstr(si, " (scope ");
		const char *colon = NULL;
		size_t flen = open ? (size_t)(open - si - 9) : strlen(si + 9);
		for (size_t k = flen; k > 0; k--)
			if (si[9 + k - 1] == ':') {
				colon = si + 9 + k - 1;
				break;
			}
		if (colon && (size_t)(colon - si - 9) < sizeof(file)) {
			memcpy(file, si + 9, (size_t)(colon - si - 9));
			file[colon - si - 9] = '\0';
			spec.file = file;
			spec.line = (size_t)strtoull(colon + 1, NULL, 10);
		}
		if (open) {
			char sc[16] = "";
			sscanf(open + 8, "%15[a-z]", sc);
			spec.scope = scope_named(sc, CW_SCOPE_REQUIRED);
			spec.scope_set = true;
			spec.direct = strstr(open, ", direct)") != NULL;
		}
	}
	error = cw__inv_add(c->src, &spec, &idx);
	cw_purl_free(p);
	if (error < 0)
		return error;
	return remember(c, json_string_value(json_object_get(pkg, "SPDXID")), idx);
}

static bool described(const json_t *doc, const char *id)
{
	json_t *v;
	size_t i;
	if (!id)
		return false;
	json_array_foreach(json_object_get(doc, "documentDescribes"), i, v)
		if (json_string_value(v) && !strcmp(json_string_value(v), id))
			return true;
	json_array_foreach(json_object_get(doc, "relationships"), i, v) {
		const char *t = json_string_value(json_object_get(v, "relationshipType"));
		const char *b = json_string_value(json_object_get(v, "relatedSpdxElement"));
		const char *a = json_string_value(json_object_get(v, "spdxElementId"));
		if (t && a && b && !strcmp(t, "DESCRIBES") && !strcmp(a, "SPDXRef-DOCUMENT") && !strcmp(b, id))
			return true;
	}
	return false;
}

static int read_spdx(rctx *c, const json_t *doc)
{
	const char *ver = json_string_value(json_object_get(doc, "spdxVersion"));
	json_t *v;
	size_t i;
	int error;

	if (!ver || (strcmp(ver, "SPDX-2.2") && strcmp(ver, "SPDX-2.3")))
		return cw__error_set_at(CW_EUNSUPPORTED, c->src->path, 0, 0,
		                        "%s not supported (SPDX-2.2, SPDX-2.3)", ver ? ver : "no spdxVersion");
	/* Roots first, so every other package knows its root. */
	for (int pass = 0; pass < 2; pass++)
		json_array_foreach(json_object_get(doc, "packages"), i, v) {
			bool root = described(doc, json_string_value(json_object_get(v, "SPDXID")));
			if (root == (pass == 0) && (error = spdx_package(c, v, root)) < 0)
				return error;
		}
	json_array_foreach(json_object_get(doc, "relationships"), i, v) {
		const char *t = json_string_value(json_object_get(v, "relationshipType"));
		size_t a = ref_index(c, json_string_value(json_object_get(v, "spdxElementId")));
		size_t b = ref_index(c, json_string_value(json_object_get(v, "relatedSpdxElement")));
		if (!t || a == SIZE_MAX || b == SIZE_MAX)
			continue;
		if (!strcmp(t, "DEPENDS_ON"))
			error = cw__inv_edge(c->src, a, b, cw_inventory_component(c->src->inv, b)->scope);
		else if (!strcmp(t, "DEPENDENCY_OF") || !strcmp(t, "RUNTIME_DEPENDENCY_OF"))
			error = cw__inv_edge(c->src, b, a, CW_SCOPE_REQUIRED);
		else if (!strcmp(t, "DEV_DEPENDENCY_OF") || !strcmp(t, "TEST_DEPENDENCY_OF") ||
		         !strcmp(t, "BUILD_DEPENDENCY_OF"))
			error = cw__inv_edge(c->src, b, a, CW_SCOPE_DEV);
		else if (!strcmp(t, "OPTIONAL_DEPENDENCY_OF"))
			error = cw__inv_edge(c->src, b, a, CW_SCOPE_OPTIONAL);
		else
			error = 0;
		if (error < 0)
			return error;
	}
	return 0;
}

int cw__extract_sbom(cw__inv_source *src)
{
	rctx c = { .src = src };
	cw_json *doc = NULL;
	int error;

	if ((error = cw__json_parse(&doc, src->data, src->len, src->path)) < 0)
		return error;
	if (json_string_value(json_object_get(doc, "bomFormat")) &&
	    !strcmp(json_string_value(json_object_get(doc, "bomFormat")), "CycloneDX"))
		error = read_cyclonedx(&c, doc);
	else if (json_object_get(doc, "spdxVersion"))
		error = read_spdx(&c, doc);
	else
		error = cw__error_set_at(CW_EUNSUPPORTED, src->path, 0, 0,
		                         "neither a CycloneDX nor an SPDX JSON document");
	cw__map_free(&c.by_ref);
	cw__json_free(doc);
	return error;
}

int cw_inventory_read_sbom(cw_inventory *inv, const char *path)
{
	static const cw__extractor ex = { "*.json", "SBOM", cw__extract_sbom, false };
	cw_buf data = CW_BUF_INIT;
	int error;
	if ((error = cw__file_read(&data, path, 0)) >= 0)
		error = cw__inv_extract(inv, &ex, path, NULL, data.ptr ? data.ptr : "", data.len, false);
	cw__buf_free(&data);
	return error;
}

int cw_inventory_read_sbom_data(cw_inventory *inv, const char *name, const char *data, size_t len)
{
	static const cw__extractor ex = { "*.json", "SBOM", cw__extract_sbom, false };
	return cw__inv_extract(inv, &ex, name, NULL, data, len, false);
}
