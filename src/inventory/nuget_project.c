/*
 * nuget_project.c - .NET project files: SDK-style *.csproj / *.fsproj /
 * *.vbproj PackageReference items with central package management
 * (Directory.Packages.props), and the older packages.config.
 *
 * PackageReference (https://learn.microsoft.com/nuget/consume-packages/package-references-in-project-files):
 *   <PackageReference Include="Newtonsoft.Json" Version="13.0.3" />
 *   <PackageReference Include="Serilog"><Version>3.1.1</Version></PackageReference>
 *   <PackageReference Include="X" VersionOverride="2.0.0" />      (central management)
 *   <PackageReference Include="Analyzers" PrivateAssets="all" />  -> dev (build only)
 *   <ProjectReference Include="..\Lib\Lib.csproj" />              -> workspace member
 * Central versions (https://learn.microsoft.com/nuget/consume-packages/central-package-management):
 * the nearest Directory.Packages.props in the project's directory or above
 * (up to 8 levels) gives <PackageVersion Include="X" Version="1.0" />.
 * Versions that are ranges ("[1.0,2.0)"), floating ("1.*") or MSBuild
 * properties ("$(XVersion)") are kept as declared.  Attribute names are
 * matched case-insensitively, as MSBuild does.  A project file with a
 * packages.lock.json beside it adds nothing: the lockfile has the same
 * references, resolved.  (The walker's manifest rule is not used: it also
 * skips manifests below any lockfile of another ecosystem.)
 *
 * packages.config (https://learn.microsoft.com/nuget/reference/packages-config):
 *   <packages><package id="X" version="1.0" targetFramework="net48"
 *             developmentDependency="true" /></packages>
 */
#include "inventory/lang_more.h"
#include "inventory/xml_tree.h"

#include <string.h>
#include <strings.h>

#include "util/error.h"

static bool is_plain(const char *v)
{
	return v && *v && !strpbrk(v, "[]()*,$") ;
}

/* The Include/Update value of an item, or NULL. */
static const char *item_name(const cw_xnode *n)
{
	const char *v = cw__xml_attr_nocase(n, "Include");
	return v && *v ? v : NULL;
}

/* An item's metadata: attribute or child element. */
static const char *meta(const cw_xnode *n, const char *name)
{
	const char *v = cw__xml_attr_nocase(n, name);
	if (v)
		return v;
	for (size_t i = 0; i < n->count; i++)
		if (!strcasecmp(n->children[i]->name, name))
			return n->children[i]->text;
	return NULL;
}

/* The items of `doc`: the children of its <ItemGroup>s, one per call
 * (*g and *i start at 0), then NULL. */
static const cw_xnode *next_item(const cw_xnode *doc, size_t *g, size_t *i)
{
	for (; *g < doc->count; (*g)++, *i = 0) {
		const cw_xnode *group = doc->children[*g];
		if (strcasecmp(group->name, "ItemGroup") == 0 && *i < group->count)
			return group->children[(*i)++];
	}
	return NULL;
}

/* Central versions: the nearest Directory.Packages.props. */
static int central_versions(cw__inv_source *src, cw_arena *arena, cw_map *out)
{
	char rel[64] = "Directory.Packages.props";
	for (int up = 0; up < 8; up++) {
		cw_buf text = { 0 };
		cw_xnode *doc = NULL;
		if (cw__inv_read_sibling(src, rel, &text) == 0) {
			int error = cw__xml_parse(&doc, arena, rel, text.ptr, text.len);
			cw__buf_free(&text);
			if (error < 0)
				return error;
			size_t g = 0, i = 0;
			for (const cw_xnode *it; (it = next_item(doc, &g, &i)) != NULL;) {
				const char *name = item_name(it), *version = meta(it, "Version");
				if (strcasecmp(it->name, "PackageVersion") != 0 || !name || !version)
					continue;
				char *k = cw__arena_strdup(arena, name);
				if (!k)
					return cw_error_last()->code;
				cw__str_lower(k, strlen(k));
				if ((error = cw__map_put(out, k, strlen(k), (void *)version, NULL)) < 0)
					return error;
			}
			return 0;
		}
		cw__buf_free(&text);
		if (strlen(rel) + 3 >= sizeof(rel))
			break;
		memmove(rel + 3, rel, strlen(rel) + 1);
		memcpy(rel, "../", 3);
	}
	return 0;
}

static cw_slice project_name(const char *path)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	const char *dot = strrchr(base, '.');
	return (cw_slice){ base, dot && dot != base ? (size_t)(dot - base) : strlen(base) };
}

int cw__extract_csproj(cw__inv_source *src)
{
	cw_arena scratch = { 0 };
	cw_map central = { 0 };
	cw_xnode *doc = NULL;
	size_t root;
	int error;

	if ((error = cw__lang_xml(src, &doc)) < 0)
		goto done;
	/* The lockfile beside a project file resolves the same references: it wins. */
	if (cw__lang_sibling_exists(src, "packages.lock.json"))
		goto done;
	if ((error = cw__lang_xml_expect(src, doc, "Project")) < 0 ||
	    (error = central_versions(src, &scratch, &central)) < 0)
		goto done;
	if ((error = cw__lang_root_or_generic(src, "nuget", project_name(src->path), (cw_slice){ NULL, 0 }, doc->line, &root)) < 0)
		goto done;
	size_t g = 0, i = 0;
	for (const cw_xnode *it; (it = next_item(doc, &g, &i)) != NULL;) {
		const char *name = item_name(it);
		cw__comp_spec spec;
		size_t idx;
		bool pkg = !strcasecmp(it->name, "PackageReference"), proj = !strcasecmp(it->name, "ProjectReference");
		if ((!pkg && !proj) || !name)
			continue;
		spec = (cw__comp_spec){ .ecosystem = "nuget", .line = it->line, .scope_set = true };
		if (proj) {
			char *p = cw__arena_strdup(&scratch, name);
			if (!p) {
				error = cw_error_last()->code;
				goto done;
			}
			for (char *q = p; *q; q++)
				if (*q == '\\')
					*q = '/';
			spec.kind = CW_COMPONENT_WORKSPACE;
			spec.name = project_name(p);
		} else {
			const char *version = meta(it, "VersionOverride");
			if (!version)
				version = meta(it, "Version");
			if (!version) {
				char key[512];
				size_t n = strlen(name);
				if (n < sizeof(key)) {
					memcpy(key, name, n + 1);
					cw__str_lower(key, n);
					version = cw__map_get(&central, key, n);
				}
			}
			const char *priv = meta(it, "PrivateAssets");
			spec.name = cw_slice_of(name);
			if (is_plain(version))
				spec.version = cw_slice_of(version);
			else if (version)
				spec.declared = cw_slice_of(version);
			spec.scope = priv && !strcasecmp(priv, "all") ? CW_SCOPE_DEV : CW_SCOPE_REQUIRED;
		}
		if ((error = cw__inv_add(src, &spec, &idx)) < 0 ||
		    (error = cw__inv_edge(src, root, idx, spec.scope)) < 0)
			goto done;
	}
done:
	cw__map_free(&central);
	cw__arena_free(&scratch);
	return error;
}

int cw__extract_packages_config(cw__inv_source *src)
{
	cw_xnode *doc = NULL;
	size_t root;
	int error;

	if ((error = cw__lang_xml_root(src, "packages", &doc)) < 0 ||
	    (error = cw__lang_root_or_generic(src, "nuget", (cw_slice){ NULL, 0 }, (cw_slice){ NULL, 0 }, doc->line, &root)) < 0)
		return error;
	for (size_t i = 0; i < doc->count; i++) {
		const cw_xnode *p = doc->children[i];
		cw__comp_spec spec;
		size_t idx;
		if (strcmp(p->name, "package") != 0)
			continue;
		const char *id = cw__xml_attr(p, "id"), *version = cw__xml_attr(p, "version");
		const char *dev = cw__xml_attr(p, "developmentDependency");
		if (!id || !*id || !version || !*version)
			return cw__error_set_at(CW_EINVALID, src->path, p->line, 0, "<package> needs id and version attributes");
		spec = (cw__comp_spec){ .ecosystem = "nuget", .name = cw_slice_of(id) };
		spec.version = cw_slice_of(version);
		spec.line = p->line;
		spec.scope_set = true;
		spec.scope = dev && !strcmp(dev, "true") ? CW_SCOPE_DEV : CW_SCOPE_REQUIRED;
		if ((error = cw__inv_add(src, &spec, &idx)) < 0 || (error = cw__inv_edge(src, root, idx, spec.scope)) < 0)
			return error;
	}
	return 0;
}
