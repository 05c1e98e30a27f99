/*
 * cyclonedx.c - CycloneDX 1.6 JSON output
 * (https://cyclonedx.org/docs/1.6/json/).
 *
 * One root (one lockfile): it is metadata.component.  Several roots: the
 * metadata component is the scanned project (named by the options) and
 * each root is an "application" component it depends on.  Components carry
 * purl, bom-ref, scope (dev dependencies are "excluded": not needed at run
 * time), hashes, licenses, the resolved URL as a "distribution" external
 * reference and their source file:line as properties.  The dependencies
 * section is the graph.
 */
#include "inventory/sbom.h"

#include <stdlib.h>
#include <string.h>

#define TOP_REF "chainwarden:project"

static const char *cdx_scope(cw_scope s)
{
	switch (s) {
	case CW_SCOPE_OPTIONAL:
	case CW_SCOPE_PEER: return "optional";
	case CW_SCOPE_DEV: return "excluded";
	default: return "required";
	}
}

/* {"name": ..., "value": ...} for each pair with a value. */
static void properties(cw_jw *jw, const cw_jw_pair *props, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		const cw_jw_pair p[] = { { "name", props[i].key }, { "value", props[i].value } };
		if (props[i].value)
			cw__jw_object_of(jw, p, 2);
	}
}

static void license(cw_jw *jw, const char *license)
{
	cw__jw_key_array(jw, "licenses");
	cw__jw_object_begin(jw);
	if (cw__sbom_is_expression(license)) {
		cw__jw_member_string(jw, "expression", license);
	} else {
		cw__jw_key_object(jw, "license");
		cw__jw_member_string(jw, "name", license);
		cw__jw_object_end(jw);
	}
	cw__jw_object_end(jw);
	cw__jw_array_end(jw);
}

static void component(cw__sbom *s, const cw_component *c)
{
	cw_jw *jw = &s->jw;
	bool lib = c->kind == CW_COMPONENT_LIBRARY;
	bool url = c->resolved && strstr(c->resolved, "://");
	const char *slash = c->name[0] == '@' ? strchr(c->name, '/') : NULL;
	char where[64];

	snprintf(where, sizeof(where), "%zu", c->line);
	const cw_jw_pair head[] = {
		{ "name", slash ? slash + 1 : c->name },
		{ "version", c->version },
		{ "scope", lib ? cdx_scope(c->scope) : NULL },
	};
	const cw_jw_pair ref[] = { { "type", "distribution" }, { "url", c->resolved } };
	const cw_jw_pair props[] = {
		{ "chainwarden:source:file", c->file },
		{ "chainwarden:source:line", c->file ? where : NULL },
		{ "chainwarden:scope", lib ? cw_scope_name(c->scope) : NULL },
		{ "chainwarden:direct", !lib ? NULL : c->direct ? "true" : "false" },
		{ "chainwarden:bundled", c->bundled ? "true" : NULL },
		{ "chainwarden:declared", c->declared },
		{ "chainwarden:resolved", c->resolved && !url ? c->resolved : NULL },
		{ "chainwarden:arch", c->arch },
		{ "chainwarden:source:package", c->source_name },
		{ "chainwarden:source:version", c->source_version },
		{ "chainwarden:layer", c->layer },
		{ "chainwarden:evidence", c->evidence },
	};

	cw__jw_object_begin(jw);
	cw__jw_member_string(jw, "type", lib ? "library" : "application");
	cw__jw_member_string(jw, "bom-ref", s->refs[c->index]);
	if (slash) {
		cw__jw_key(jw, "group");
		cw__jw_string_n(jw, c->name, (size_t)(slash - c->name));
	}
	cw__jw_members(jw, head, CW_JW_COUNT(head));
	if (c->hash_count) {
		cw__jw_key_array(jw, "hashes");
		for (size_t i = 0; i < c->hash_count; i++) {
			cw__jw_object_begin(jw);
			cw__jw_member_string(jw, "alg", c->hashes[i].algorithm);
			cw__jw_member_string(jw, "content", c->hashes[i].hex);
			cw__jw_object_end(jw);
		}
		cw__jw_array_end(jw);
	}
	if (c->license)
		license(jw, c->license);
	cw__jw_member_string(jw, "purl", c->purl);
	if (url) {
		cw__jw_key_array(jw, "externalReferences");
		cw__jw_object_of(jw, ref, CW_JW_COUNT(ref));
		cw__jw_array_end(jw);
	}
	cw__jw_key_array(jw, "properties");
	properties(jw, props, CW_JW_COUNT(props));
	cw__jw_array_end(jw);
	cw__jw_object_end(jw);
}

static void component_at(cw__sbom *s, size_t c)
{
	if (c != s->single_root)
		component(s, cw_inventory_component(s->inv, c));
}

/* What is known of a scanned image or root filesystem. */
static void image_properties(cw_jw *jw, const cw_image_info *img)
{
	char key[64];
	const cw_jw_pair image[] = {
		{ "chainwarden:image:ref", img->ref },
		{ "chainwarden:image:manifest-digest", img->manifest_digest },
		{ "chainwarden:image:config-digest", img->config_digest },
		{ "chainwarden:image:os", img->os },
		{ "chainwarden:image:architecture", img->architecture },
	};
	const cw_jw_pair os[] = {
		{ "chainwarden:os:id", img->os_id },
		{ "chainwarden:os:version", img->os_version },
		{ "chainwarden:os:name", img->os_name },
	};
	cw__jw_key_array(jw, "properties");
	properties(jw, image, CW_JW_COUNT(image));
	properties(jw, os, CW_JW_COUNT(os));
	for (size_t i = 0; i < img->layer_count; i++) {
		snprintf(key, sizeof(key), "chainwarden:image:layer:%zu", i + 1);
		cw__jw_object_begin(jw);
		cw__jw_member_string(jw, "name", key);
		cw__jw_member_string(jw, "value", img->diff_ids[i]);
		cw__jw_object_end(jw);
	}
	cw__jw_array_end(jw);
}

/* The metadata component when there are several roots: the project, image or system. */
static void top_component(cw__sbom *s)
{
	cw_jw *jw = &s->jw;
	const cw_image_info *img = cw_inventory_image(s->inv);
	const cw_jw_pair top[] = {
		{ "type", !img ? "application" : img->config_digest ? "container" : "operating-system" },
		{ "bom-ref", TOP_REF },
		{ "name", s->opts->name ? s->opts->name : img && img->ref ? img->ref
		          : img && img->os_name ? img->os_name : "project" },
		{ "version", img ? img->config_digest : NULL },
	};
	cw__jw_object_begin(jw);
	cw__jw_members(jw, top, CW_JW_COUNT(top));
	if (img)
		image_properties(jw, img);
	cw__jw_object_end(jw);
}

static void depends_entry(cw__sbom *s, size_t c)
{
	cw_jw *jw = &s->jw;
	size_t n = 0, *deps = cw__sbom_sorted_deps(s, c, &n);
	cw__jw_object_begin(jw);
	cw__jw_member_string(jw, "ref", s->refs[c]);
	cw__jw_key_array(jw, "dependsOn");
	for (size_t i = 0; i < n; i++)
		cw__jw_string(jw, s->refs[deps[i]]);
	cw__jw_array_end(jw);
	cw__jw_object_end(jw);
	free(deps);
}

/* The project's entry when there are several roots: it depends on them. */
static void top_depends_entry(cw__sbom *s)
{
	cw_jw *jw = &s->jw;
	cw__jw_object_begin(jw);
	cw__jw_member_string(jw, "ref", TOP_REF);
	cw__jw_key_array(jw, "dependsOn");
	for (size_t i = 0; i < cw_inventory_component_count(s->inv); i++)
		if (cw_inventory_component(s->inv, s->order[i])->kind == CW_COMPONENT_ROOT)
			cw__jw_string(jw, s->refs[s->order[i]]);
	cw__jw_array_end(jw);
	cw__jw_object_end(jw);
}

int cw__sbom_write_cyclonedx(cw__sbom *s)
{
	cw_jw *jw = &s->jw;
	char serial[64];
	int error;

	snprintf(serial, sizeof(serial), "urn:uuid:%s", s->uuid);
	const cw_jw_pair head[] = {
		{ "$schema", "http://cyclonedx.org/schema/bom-1.6.schema.json" },
		{ "bomFormat", "CycloneDX" },
		{ "specVersion", "1.6" },
		{ "serialNumber", serial },
	};
	const cw_jw_pair tool[] = { { "type", "application" }, { "name", "chainwarden" },
	                            { "version", cw_version_string() } };
	cw__jw_object_begin(jw);
	cw__jw_members(jw, head, CW_JW_COUNT(head));
	cw__jw_member_int(jw, "version", 1);

	cw__jw_key_object(jw, "metadata");
	cw__jw_member_string(jw, "timestamp", s->timestamp);
	cw__jw_key_object(jw, "tools");
	cw__jw_key_array(jw, "components");
	cw__jw_object_of(jw, tool, CW_JW_COUNT(tool));
	cw__jw_array_end(jw);
	cw__jw_object_end(jw);
	cw__jw_key(jw, "component");
	if (s->single_root != SIZE_MAX)
		component(s, cw_inventory_component(s->inv, s->single_root));
	else
		top_component(s);
	cw__jw_object_end(jw);

	if ((error = cw__sbom_array(s, "components", NULL, component_at)) < 0 ||
	    (error = cw__sbom_array(s, "dependencies", s->single_root == SIZE_MAX ? top_depends_entry : NULL,
	                            depends_entry)) < 0)
		return error;
	cw__jw_object_end(jw);
	return 0;
}
