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

static void property(cw_jw *jw, const char *name, const char *value)
{
	cw__jw_object_begin(jw);
	cw__jw_member_string(jw, "name", name);
	cw__jw_member_string(jw, "value", value);
	cw__jw_object_end(jw);
}

static void component(cw__sbom *s, const cw_component *c)
{
	cw_jw *jw = &s->jw;
	char where[64];
	const char *slash = NULL;

	cw__jw_object_begin(jw);
	cw__jw_member_string(jw, "type", c->kind == CW_COMPONENT_LIBRARY ? "library" : "application");
	cw__jw_member_string(jw, "bom-ref", s->refs[c->index]);
	if (c->name[0] == '@' && (slash = strchr(c->name, '/')) != NULL) {
		cw__jw_key(jw, "group");
		cw__jw_string_n(jw, c->name, (size_t)(slash - c->name));
		cw__jw_member_string(jw, "name", slash + 1);
	} else {
		cw__jw_member_string(jw, "name", c->name);
	}
	if (c->version)
		cw__jw_member_string(jw, "version", c->version);
	if (c->kind == CW_COMPONENT_LIBRARY)
		cw__jw_member_string(jw, "scope", cdx_scope(c->scope));
	if (c->hash_count) {
		cw__jw_key(jw, "hashes");
		cw__jw_array_begin(jw);
		for (size_t i = 0; i < c->hash_count; i++) {
			cw__jw_object_begin(jw);
			cw__jw_member_string(jw, "alg", c->hashes[i].algorithm);
			cw__jw_member_string(jw, "content", c->hashes[i].hex);
			cw__jw_object_end(jw);
		}
		cw__jw_array_end(jw);
	}
	if (c->license) {
		cw__jw_key(jw, "licenses");
		cw__jw_array_begin(jw);
		cw__jw_object_begin(jw);
		if (cw__sbom_is_expression(c->license)) {
			cw__jw_member_string(jw, "expression", c->license);
		} else {
			cw__jw_key(jw, "license");
			cw__jw_object_begin(jw);
			cw__jw_member_string(jw, "name", c->license);
			cw__jw_object_end(jw);
		}
		cw__jw_object_end(jw);
		cw__jw_array_end(jw);
	}
	cw__jw_member_string(jw, "purl", c->purl);
	if (c->resolved && strstr(c->resolved, "://")) {
		cw__jw_key(jw, "externalReferences");
		cw__jw_array_begin(jw);
		cw__jw_object_begin(jw);
		cw__jw_member_string(jw, "type", "distribution");
		cw__jw_member_string(jw, "url", c->resolved);
		cw__jw_object_end(jw);
		cw__jw_array_end(jw);
	}
	cw__jw_key(jw, "properties");
	cw__jw_array_begin(jw);
	if (c->file) {
		cw__jw_object_begin(jw);
		cw__jw_member_string(jw, "name", "chainwarden:source:file");
		cw__jw_member_string(jw, "value", c->file);
		cw__jw_object_end(jw);
		snprintf(where, sizeof(where), "%zu", c->line);
		property(jw, "chainwarden:source:line", where);
	}
	if (c->kind == CW_COMPONENT_LIBRARY) {
		property(jw, "chainwarden:scope", cw_scope_name(c->scope));
		property(jw, "chainwarden:direct", c->direct ? "true" : "false");
	}
	if (c->bundled)
		property(jw, "chainwarden:bundled", "true");
	if (c->declared)
		property(jw, "chainwarden:declared", c->declared);
	if (c->resolved && !strstr(c->resolved, "://"))
		property(jw, "chainwarden:resolved", c->resolved);
	if (c->arch)
		property(jw, "chainwarden:arch", c->arch);
	if (c->source_name)
		property(jw, "chainwarden:source:package", c->source_name);
	if (c->source_version)
		property(jw, "chainwarden:source:version", c->source_version);
	if (c->layer)
		property(jw, "chainwarden:layer", c->layer);
	if (c->evidence)
		property(jw, "chainwarden:evidence", c->evidence);
	cw__jw_array_end(jw);
	cw__jw_object_end(jw);
}

/* What is known of a scanned image or root filesystem. */
static void image_properties(cw_jw *jw, const cw_image_info *img)
{
	char key[64];
	cw__jw_key(jw, "properties");
	cw__jw_array_begin(jw);
	if (img->ref)
		property(jw, "chainwarden:image:ref", img->ref);
	if (img->manifest_digest)
		property(jw, "chainwarden:image:manifest-digest", img->manifest_digest);
	if (img->config_digest)
		property(jw, "chainwarden:image:config-digest", img->config_digest);
	if (img->os)
		property(jw, "chainwarden:image:os", img->os);
	if (img->architecture)
		property(jw, "chainwarden:image:architecture", img->architecture);
	if (img->os_id)
		property(jw, "chainwarden:os:id", img->os_id);
	if (img->os_version)
		property(jw, "chainwarden:os:version", img->os_version);
	if (img->os_name)
		property(jw, "chainwarden:os:name", img->os_name);
	for (size_t i = 0; i < img->layer_count; i++) {
		snprintf(key, sizeof(key), "chainwarden:image:layer:%zu", i + 1);
		property(jw, key, img->diff_ids[i]);
	}
	cw__jw_array_end(jw);
}

static void depends_entry(cw__sbom *s, const char *ref, size_t c)
{
	cw_jw *jw = &s->jw;
	size_t n = 0, *deps = c == SIZE_MAX ? NULL : cw__sbom_sorted_deps(s, c, &n);
	cw__jw_object_begin(jw);
	cw__jw_member_string(jw, "ref", ref);
	cw__jw_key(jw, "dependsOn");
	cw__jw_array_begin(jw);
	for (size_t i = 0; i < n; i++)
		cw__jw_string(jw, s->refs[deps[i]]);
	cw__jw_array_end(jw);
	cw__jw_object_end(jw);
	free(deps);
}

int cw__sbom_write_cyclonedx(cw__sbom *s)
{
	cw_jw *jw = &s->jw;
	size_t n = cw_inventory_component_count(s->inv);
	char serial[64];
	int error;

	snprintf(serial, sizeof(serial), "urn:uuid:%s", s->uuid);
	cw__jw_object_begin(jw);
	cw__jw_member_string(jw, "$schema", "http://cyclonedx.org/schema/bom-1.6.schema.json");
	cw__jw_member_string(jw, "bomFormat", "CycloneDX");
	cw__jw_member_string(jw, "specVersion", "1.6");
	cw__jw_member_string(jw, "serialNumber", serial);
	cw__jw_member_int(jw, "version", 1);

	cw__jw_key(jw, "metadata");
	cw__jw_object_begin(jw);
	cw__jw_member_string(jw, "timestamp", s->timestamp);
	cw__jw_key(jw, "tools");
	cw__jw_object_begin(jw);
	cw__jw_key(jw, "components");
	cw__jw_array_begin(jw);
	cw__jw_object_begin(jw);
	cw__jw_member_string(jw, "type", "application");
	cw__jw_member_string(jw, "name", "chainwarden");
	cw__jw_member_string(jw, "version", cw_version_string());
	cw__jw_object_end(jw);
	cw__jw_array_end(jw);
	cw__jw_object_end(jw);
	cw__jw_key(jw, "component");
	if (s->single_root != SIZE_MAX) {
		component(s, cw_inventory_component(s->inv, s->single_root));
	} else {
		const cw_image_info *img = cw_inventory_image(s->inv);
		cw__jw_object_begin(jw);
		cw__jw_member_string(jw, "type", !img ? "application" : img->config_digest ? "container" : "operating-system");
		cw__jw_member_string(jw, "bom-ref", TOP_REF);
		cw__jw_member_string(jw, "name", s->opts->name ? s->opts->name
		                                 : img && img->ref ? img->ref
		                                 : img && img->os_name ? img->os_name : "project");
		if (img && img->config_digest)
			cw__jw_member_string(jw, "version", img->config_digest);
		if (img)
			image_properties(jw, img);
		cw__jw_object_end(jw);
	}
	cw__jw_object_end(jw);

	cw__jw_key(jw, "components");
	cw__jw_array_begin(jw);
	for (size_t i = 0; i < n; i++) {
		if (s->order[i] == s->single_root)
			continue;
		component(s, cw_inventory_component(s->inv, s->order[i]));
		if ((error = cw__sbom_flush(s, false)) < 0)
			return error;
	}
	cw__jw_array_end(jw);

	cw__jw_key(jw, "dependencies");
	cw__jw_array_begin(jw);
	if (s->single_root == SIZE_MAX) {
		cw__jw_object_begin(jw);
		cw__jw_member_string(jw, "ref", TOP_REF);
		cw__jw_key(jw, "dependsOn");
		cw__jw_array_begin(jw);
		for (size_t i = 0; i < n; i++)
			if (cw_inventory_component(s->inv, s->order[i])->kind == CW_COMPONENT_ROOT)
				cw__jw_string(jw, s->refs[s->order[i]]);
		cw__jw_array_end(jw);
		cw__jw_object_end(jw);
	}
	for (size_t i = 0; i < n; i++) {
		depends_entry(s, s->refs[s->order[i]], s->order[i]);
		if ((error = cw__sbom_flush(s, false)) < 0)
			return error;
	}
	cw__jw_array_end(jw);
	cw__jw_object_end(jw);
	return 0;
}
