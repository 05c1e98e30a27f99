/*
 * gradle_verification.c - gradle/verification-metadata.xml, Gradle's
 * dependency verification file (format 1.x,
 * https://docs.gradle.org/current/userguide/dependency_verification.html).
 *
 *   <verification-metadata>
 *     <components>
 *       <component group="g" name="a" version="1.0">
 *         <artifact name="a-1.0.jar"><sha256 value="hex" origin="..."/><sha512 value="hex"/></artifact>
 *         <artifact name="a-1.0.pom">...</artifact>
 *
 * Every component Gradle verified (build scripts and plugins included) with
 * the checksums of its main artifact (the .jar/.aar when there is one, else
 * the first listed): sha256 and sha512.  The file has no graph and no
 * scopes: components are not attached to the root (not known as direct).
 */
#include "inventory/lang_more.h"
#include "inventory/xml_tree.h"

#include <string.h>

#include "util/error.h"

static bool main_artifact(const char *name)
{
	size_t n = name ? strlen(name) : 0;
	return n > 4 && (!strcmp(name + n - 4, ".jar") || !strcmp(name + n - 4, ".aar"));
}

int cw__extract_gradle_verification(cw__inv_source *src)
{
	cw_arena *arena = &src->inv->arena;
	cw_xnode *doc = NULL;
	size_t root;
	int error;

	if ((error = cw__lang_xml_root(src, "verification-metadata", &doc)) < 0 ||
	    (error = cw__lang_file_root(src, "maven", &root)) < 0)
		return error;
	const cw_xnode *comps = cw__xml_child(doc, "components");
	for (size_t i = 0; comps && i < comps->count; i++) {
		const cw_xnode *c = comps->children[i];
		if (strcmp(c->name, "component") != 0)
			continue;
		const char *g = cw__xml_attr(c, "group"), *a = cw__xml_attr(c, "name"), *v = cw__xml_attr(c, "version");
		if (!g || !*g || !a || !*a || !v || !*v)
			return cw__error_set_at(CW_EINVALID, src->path, c->line, 0,
			                        "<component> needs group, name and version attributes");
		const cw_xnode *art = NULL;
		for (size_t k = 0; k < c->count; k++) {
			if (strcmp(c->children[k]->name, "artifact") != 0)
				continue;
			if (!art || (!main_artifact(cw__xml_attr(art, "name")) && main_artifact(cw__xml_attr(c->children[k], "name"))))
				art = c->children[k];
		}
		cw__comp_spec spec;
		size_t idx;
		char *name = cw__arena_printf(arena, "%s:%s", g, a);
		if (!name)
			return cw_error_last()->code;
		spec = (cw__comp_spec){ .ecosystem = "maven", .name = cw_slice_of(name) };
		spec.version = cw_slice_of(v);
		spec.line = c->line;
		const char *s256 = cw__xml_attr(cw__xml_child(art, "sha256"), "value");
		const char *s512 = cw__xml_attr(cw__xml_child(art, "sha512"), "value");
		cw_slice h1 = s256 ? cw__lang_hex_sri(arena, "sha256", s256, strlen(s256)) : (cw_slice){ NULL, 0 };
		cw_slice h2 = s512 ? cw__lang_hex_sri(arena, "sha512", s512, strlen(s512)) : (cw_slice){ NULL, 0 };
		if (h1.len && h2.len) {
			char *both = cw__arena_printf(arena, "%.*s %.*s", (int)h2.len, h2.ptr, (int)h1.len, h1.ptr);
			if (!both)
				return cw_error_last()->code;
			spec.integrity = cw_slice_of(both);
		} else {
			spec.integrity = h1.len ? h1 : h2;
		}
		if ((error = cw__inv_add(src, &spec, &idx)) < 0)
			return error;
	}
	return 0;
}
