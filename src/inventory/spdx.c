/*
 * spdx.c - SPDX 2.3 JSON output (https://spdx.github.io/spdx-spec/v2.3/).
 *
 * Every component is a package (SPDXRef-Package-<rank>) with its purl as a
 * PACKAGE-MANAGER external reference, checksums, the resolved URL as
 * downloadLocation and the declared license; the document DESCRIBES each
 * root, and each edge is a DEPENDS_ON relationship.
 */
#include "inventory/sbom.h"

#include <stdlib.h>
#include <string.h>

static const char *spdx_alg(const char *cdx)
{
	if (!strcmp(cdx, "SHA-512")) return "SHA512";
	if (!strcmp(cdx, "SHA-384")) return "SHA384";
	if (!strcmp(cdx, "SHA-256")) return "SHA256";
	if (!strcmp(cdx, "SHA-1")) return "SHA1";
	return NULL;
}

static void id_of(const cw__sbom *s, size_t c, char *out, size_t size)
{
	snprintf(out, size, "SPDXRef-Package-%zu", s->rank[c] + 1);
}

static void package(cw__sbom *s, const cw_component *c)
{
	cw_jw *jw = &s->jw;
	char id[48], info[64];

	id_of(s, c->index, id, sizeof(id));
	cw__jw_object_begin(jw);
	cw__jw_member_string(jw, "name", c->name);
	cw__jw_member_string(jw, "SPDXID", id);
	if (c->version)
		cw__jw_member_string(jw, "versionInfo", c->version);
	cw__jw_member_string(jw, "downloadLocation",
	                     c->resolved && strstr(c->resolved, "://") ? c->resolved : "NOASSERTION");
	cw__jw_member_bool(jw, "filesAnalyzed", false);
	if (c->hash_count) {
		cw__jw_key_array(jw, "checksums");
		for (size_t i = 0; i < c->hash_count; i++) {
			const char *alg = spdx_alg(c->hashes[i].algorithm);
			if (!alg)
				continue;
			cw__jw_object_begin(jw);
			cw__jw_member_string(jw, "algorithm", alg);
			cw__jw_member_string(jw, "checksumValue", c->hashes[i].hex);
			cw__jw_object_end(jw);
		}
		cw__jw_array_end(jw);
	}
	cw__jw_member_string(jw, "licenseConcluded", "NOASSERTION");
	cw__jw_member_string(jw, "licenseDeclared",
	                     cw__sbom_is_expression(c->license) ? c->license : "NOASSERTION");
	cw__jw_member_string(jw, "copyrightText", "NOASSERTION");
	if (c->file) {
		snprintf(info, sizeof(info), ":%zu", c->line);
		cw__jw_key(jw, "sourceInfo");
		cw_buf tmp = CW_BUF_INIT;
		if (cw__buf_printf(&tmp, "found in %s%s (scope %s%s)", c->file, info, cw_scope_name(c->scope),
		                   c->direct ? ", direct" : "") == 0)
			cw__jw_string(jw, tmp.ptr);
		else
			cw__jw_string(jw, c->file);
		cw__buf_free(&tmp);
	}
	cw__jw_member_string(jw, "primaryPackagePurpose",
	                     c->kind == CW_COMPONENT_LIBRARY ? "LIBRARY" : "APPLICATION");
	cw__jw_key_array(jw, "externalRefs");
	cw__jw_object_begin(jw);
	cw__jw_member_string(jw, "referenceCategory", "PACKAGE-MANAGER");
	cw__jw_member_string(jw, "referenceType", "purl");
	cw__jw_member_string(jw, "referenceLocator", c->purl);
	cw__jw_object_end(jw);
	cw__jw_array_end(jw);
	cw__jw_object_end(jw);
}

static void package_at(cw__sbom *s, size_t c)
{
	package(s, cw_inventory_component(s->inv, c));
}

static void relationship(cw_jw *jw, const char *a, const char *type, const char *b)
{
	const cw_jw_pair r[] = { { "spdxElementId", a }, { "relationshipType", type }, { "relatedSpdxElement", b } };
	cw__jw_object_of(jw, r, CW_JW_COUNT(r));
}

/* The document DESCRIBES each root. */
static void describes(cw__sbom *s)
{
	char a[48];
	for (size_t i = 0; i < cw_inventory_component_count(s->inv); i++) {
		size_t c = s->order[i];
		if (cw_inventory_component(s->inv, c)->kind == CW_COMPONENT_ROOT) {
			id_of(s, c, a, sizeof(a));
			relationship(&s->jw, "SPDXRef-DOCUMENT", "DESCRIBES", a);
		}
	}
}

/* DEPENDS_ON relationships of component `c`. */
static void depends_on(cw__sbom *s, size_t c)
{
	char a[48], b[48];
	size_t nd, *deps = cw__sbom_sorted_deps(s, c, &nd);
	id_of(s, c, a, sizeof(a));
	for (size_t k = 0; k < nd; k++) {
		id_of(s, deps[k], b, sizeof(b));
		relationship(&s->jw, a, "DEPENDS_ON", b);
	}
	free(deps);
}

int cw__sbom_write_spdx(cw__sbom *s)
{
	cw_jw *jw = &s->jw;
	const char *name = s->opts->name ? s->opts->name : "project";
	char creator[64];
	cw_buf ns = CW_BUF_INIT;
	int error;

	if (s->single_root != SIZE_MAX && !s->opts->name)
		name = cw_inventory_component(s->inv, s->single_root)->name;
	if ((error = cw__buf_printf(&ns, "https://chainwarden.invalid/spdxdocs/%s-%s", name, s->uuid)) < 0)
		return error;
	for (size_t i = 0; i < ns.len; i++)
		if (ns.ptr[i] == ' ' || ns.ptr[i] == '@' || ns.ptr[i] == '#')
			ns.ptr[i] = '-';
	snprintf(creator, sizeof(creator), "Tool: chainwarden-%s", cw_version_string());

	const cw_jw_pair head[] = {
		{ "spdxVersion", "SPDX-2.3" },
		{ "dataLicense", "CC0-1.0" },
		{ "SPDXID", "SPDXRef-DOCUMENT" },
		{ "name", name },
		{ "documentNamespace", ns.ptr },
	};
	cw__jw_object_begin(jw);
	cw__jw_members(jw, head, CW_JW_COUNT(head));
	cw__buf_free(&ns);
	cw__jw_key_object(jw, "creationInfo");
	cw__jw_member_string(jw, "created", s->timestamp);
	cw__jw_key_array(jw, "creators");
	cw__jw_string(jw, creator);
	cw__jw_array_end(jw);
	cw__jw_object_end(jw);

	if ((error = cw__sbom_array(s, "packages", NULL, package_at)) < 0 ||
	    (error = cw__sbom_array(s, "relationships", describes, depends_on)) < 0)
		return error;
	cw__jw_object_end(jw);
	return 0;
}
