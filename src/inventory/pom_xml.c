/*
 * pom_xml.c - Maven's pom.xml (POM 4.0.0, https://maven.apache.org/pom.html),
 * read without network: what the file itself and its parents found in the
 * same tree say.
 *
 * - Coordinates: groupId / version inherited from <parent> when absent.
 * - Properties: <properties> of the POM and of its parents (the child wins),
 *   the built-ins ${project.version} / ${project.groupId} /
 *   ${project.artifactId} / ${project.parent.version} (and the old
 *   ${version} / ${pom.version} forms), expanded recursively (bounded).
 * - Parent: looked up at <relativePath> (default ../pom.xml; a directory
 *   means its pom.xml; an empty element means none) relative to the file,
 *   used only when its groupId:artifactId match; up to 8 levels.  The
 *   parent's <dependencies> are inherited.
 * - Versions: a dependency without one takes it from <dependencyManagement>
 *   (the POM's, then the parents'); scope too.  A version that is still a
 *   property reference, absent, or a range ("[1.0,2.0)") is reported as
 *   such: the component has no version and `declared` holds what was written.
 * - Scopes: compile/runtime -> required, test -> dev, provided/system ->
 *   peer (supplied by the runtime environment), <optional>true -> optional;
 *   BOMs imported by dependencyManagement (scope import) are listed as dev
 *   components (they fix versions, they are not shipped).
 * Profiles and plugin dependencies are not read.
 */
#include "inventory/lang_more.h"
#include "inventory/xml_tree.h"

#include <string.h>

#include "util/error.h"

#define MAX_PARENTS 8
#define MAX_EXPANSION 16
#define MAX_EXPANDED 4096

typedef struct {
	const cw_xnode *project;
	const char *group, *artifact, *version;   /* effective */
} pom;

typedef struct {
	cw__inv_source *src;
	cw_arena scratch;           /* parents' trees and expansions */
	pom chain[MAX_PARENTS + 1]; /* [0] the file, then its parents */
	size_t depth;
} pctx;

static const char *text_of(const cw_xnode *n, const char *name)
{
	const char *t = cw__xml_child_text(n, name);
	return t && *t ? t : NULL;
}

static const char *property(pctx *c, const char *name, size_t len)
{
	char key[256];
	if (len >= sizeof(key))
		return NULL;
	memcpy(key, name, len);
	key[len] = '\0';
	const pom *p = &c->chain[0];
	if (!strcmp(key, "project.version") || !strcmp(key, "pom.version") || !strcmp(key, "version"))
		return p->version;
	if (!strcmp(key, "project.groupId") || !strcmp(key, "pom.groupId") || !strcmp(key, "groupId"))
		return p->group;
	if (!strcmp(key, "project.artifactId") || !strcmp(key, "pom.artifactId") || !strcmp(key, "artifactId"))
		return p->artifact;
	if (!strcmp(key, "project.parent.version") || !strcmp(key, "parent.version"))
		return text_of(cw__xml_child(p->project, "parent"), "version");
	if (!strcmp(key, "project.parent.groupId") || !strcmp(key, "parent.groupId"))
		return text_of(cw__xml_child(p->project, "parent"), "groupId");
	for (size_t i = 0; i <= c->depth; i++) {
		const char *v = cw__xml_child_text(cw__xml_child(c->chain[i].project, "properties"), key);
		if (v)
			return v;
	}
	return NULL;
}

/* Expand ${...} in `s`; *resolved false when a reference stays unknown. */
static const char *expand(pctx *c, const char *s, bool *resolved)
{
	cw_buf out = { 0 };
	const char *cur = s;
	char *r = NULL;
	*resolved = true;
	if (!s || !strstr(s, "${"))
		return s;
	for (int round = 0; round < MAX_EXPANSION && strstr(cur, "${"); round++) {
		cw__buf_clear(&out);
		const char *p = cur;
		bool changed = false;
		while (*p && out.len <= MAX_EXPANDED) {
			const char *open = strstr(p, "${"), *close = open ? strchr(open + 2, '}') : NULL;
			if (!open || !close) {
				cw__buf_puts(&out, p);
				break;
			}
			cw__buf_put(&out, p, (size_t)(open - p));
			const char *v = property(c, open + 2, (size_t)(close - open - 2));
			if (v) {
				cw__buf_puts(&out, v);
				changed = true;
			} else {
				cw__buf_put(&out, open, (size_t)(close + 1 - open));
			}
			p = close + 1;
		}
		/* properties that double at each level must not blow up */
		if (!out.ptr || out.len > MAX_EXPANDED || !(r = cw__arena_strndup(&c->scratch, out.ptr, out.len)))
			break;
		cur = r;
		if (!changed)
			break;
	}
	cw__buf_free(&out);
	if (strstr(cur, "${"))
		*resolved = false;
	return cur;
}

/* Load the parents found in the tree. */
static void load_parents(pctx *c)
{
	char rel[1024] = "";
	for (c->depth = 0; c->depth < MAX_PARENTS; c->depth++) {
		const cw_xnode *parent = cw__xml_child(c->chain[c->depth].project, "parent");
		const cw_xnode *relnode = cw__xml_child(parent, "relativePath");
		const char *relpath = relnode ? relnode->text : "../pom.xml";
		cw_buf text = { 0 };
		cw_xnode *doc = NULL;
		char next[1024];
		size_t rl = strlen(rel);

		if (!parent || !c->src->dir || !*relpath)
			return;
		/* directory of the current POM (relative to the scanned file's) + relativePath */
		while (rl > 0 && rel[rl - 1] != '/')
			rl--;
		size_t pl = strlen(relpath);
		bool is_dir = pl < 4 || strcmp(relpath + pl - 4, ".xml") != 0;
		if ((size_t)snprintf(next, sizeof(next), "%.*s%s%s", (int)rl, rel, relpath,
		                     is_dir ? (relpath[pl - 1] == '/' ? "pom.xml" : "/pom.xml") : "") >= sizeof(next))
			return;
		if (cw__inv_read_sibling(c->src, next, &text) < 0 ||
		    cw__xml_parse(&doc, &c->scratch, next, text.ptr, text.len) < 0 || strcmp(doc->name, "project") != 0) {
			cw__buf_free(&text);
			return;
		}
		cw__buf_free(&text);
		const char *pg = text_of(parent, "groupId"), *pa = text_of(parent, "artifactId");
		const char *g = text_of(doc, "groupId") ? text_of(doc, "groupId") : text_of(cw__xml_child(doc, "parent"), "groupId");
		if (!pa || !text_of(doc, "artifactId") || strcmp(pa, text_of(doc, "artifactId")) != 0 ||
		    (pg && g && strcmp(pg, g) != 0))
			return;
		pom *p = &c->chain[c->depth + 1];
		p->project = doc;
		p->group = g;
		p->artifact = text_of(doc, "artifactId");
		p->version = text_of(doc, "version") ? text_of(doc, "version") : text_of(cw__xml_child(doc, "parent"), "version");
		snprintf(rel, sizeof(rel), "%s", next);
	}
}

/* The managed <dependency> for group:artifact, searching the file then its parents. */
static const cw_xnode *managed(pctx *c, const char *group, const char *artifact)
{
	for (size_t i = 0; i <= c->depth; i++) {
		const cw_xnode *deps = cw__xml_child(cw__xml_child(c->chain[i].project, "dependencyManagement"), "dependencies");
		for (size_t k = 0; deps && k < deps->count; k++) {
			const cw_xnode *d = deps->children[k];
			bool r1, r2;
			if (strcmp(d->name, "dependency") != 0)
				continue;
			const char *g = expand(c, text_of(d, "groupId"), &r1), *a = expand(c, text_of(d, "artifactId"), &r2);
			if (g && a && !strcmp(g, group) && !strcmp(a, artifact))
				return d;
		}
	}
	return NULL;
}

static int add_dep(pctx *c, const cw_xnode *d, size_t root, bool import_only, bool inherited)
{
	cw_arena *arena = &c->src->inv->arena;
	cw__comp_spec spec;
	bool rg, ra, rv = true;
	size_t idx;
	int error;

	const char *group = expand(c, text_of(d, "groupId"), &rg);
	const char *artifact = expand(c, text_of(d, "artifactId"), &ra);
	if (!group || !artifact)
		return cw__error_set_at(CW_EINVALID, c->src->path, d->line, 0, "dependency without groupId or artifactId");
	const char *scope = text_of(d, "scope"), *raw = text_of(d, "version"), *optional = text_of(d, "optional");
	if (import_only && (!scope || strcmp(scope, "import") != 0))
		return 0;
	const cw_xnode *m = (!raw || !scope) && !import_only ? managed(c, group, artifact) : NULL;
	if (!raw)
		raw = text_of(m, "version");
	if (!scope)
		scope = text_of(m, "scope");
	const char *version = raw ? expand(c, raw, &rv) : NULL;

	spec = (cw__comp_spec){ .ecosystem = "maven" };
	spec.line = inherited ? 0 : d->line;   /* a parent's line is in another file */
	spec.scope_set = true;
	char *name = cw__arena_printf(arena, "%s:%s", group, artifact);
	if (!name)
		return cw_error_last()->code;
	spec.name = cw_slice_of(name);
	if (version && rv && rg && ra && version[0] != '[' && version[0] != '(')
		spec.version = cw_slice_of(version);
	else if (version)
		spec.declared = cw_slice_of(version);  /* a range or an unresolved property */
	if (!scope || !strcmp(scope, "compile") || !strcmp(scope, "runtime"))
		spec.scope = CW_SCOPE_REQUIRED;
	else if (!strcmp(scope, "test") || !strcmp(scope, "import"))
		spec.scope = CW_SCOPE_DEV;
	else if (!strcmp(scope, "provided") || !strcmp(scope, "system"))
		spec.scope = CW_SCOPE_PEER;
	else
		spec.scope = CW_SCOPE_REQUIRED;
	if (optional && !strcmp(optional, "true") && spec.scope == CW_SCOPE_REQUIRED)
		spec.scope = CW_SCOPE_OPTIONAL;
	if ((error = cw__inv_add(c->src, &spec, &idx)) < 0)
		return error;
	return cw__inv_edge(c->src, root, idx, spec.scope);
}

int cw__extract_pom_xml(cw__inv_source *src)
{
	cw_xnode *doc = NULL;
	pctx c;
	size_t root;
	int error;

	memset(&c, 0, sizeof(c));
	c.src = src;
	if ((error = cw__lang_xml_root(src, "project", &doc)) < 0)
		goto done;
	const cw_xnode *parent = cw__xml_child(doc, "parent");
	c.chain[0].project = doc;
	c.chain[0].group = text_of(doc, "groupId") ? text_of(doc, "groupId") : text_of(parent, "groupId");
	c.chain[0].artifact = text_of(doc, "artifactId");
	c.chain[0].version = text_of(doc, "version") ? text_of(doc, "version") : text_of(parent, "version");
	load_parents(&c);

	bool r1 = true, r2 = true;
	const char *rv = expand(&c, c.chain[0].version, &r1);
	const char *rg = expand(&c, c.chain[0].group, &r2);
	char *rname = c.chain[0].artifact
	              ? cw__arena_printf(&src->inv->arena, "%s%s%s", rg && r2 ? rg : "", rg && r2 ? ":" : "", c.chain[0].artifact)
	              : NULL;
	if ((error = cw__lang_root_or_generic(src, "maven", rname ? cw_slice_of(rname) : (cw_slice){ NULL, 0 },
	                               rv && r1 ? cw_slice_of(rv) : (cw_slice){ NULL, 0 }, doc->line, &root)) < 0)
		goto done;
	/* the file's dependencies, then inherited ones (the nearest declaration wins: same purl merges) */
	for (size_t i = 0; i <= c.depth; i++) {
		const cw_xnode *deps = cw__xml_child(c.chain[i].project, "dependencies");
		for (size_t k = 0; deps && k < deps->count; k++)
			if (!strcmp(deps->children[k]->name, "dependency") &&
			    (error = add_dep(&c, deps->children[k], root, false, i > 0)) < 0)
				goto done;
	}
	/* imported BOMs */
	const cw_xnode *mdeps = cw__xml_child(cw__xml_child(doc, "dependencyManagement"), "dependencies");
	for (size_t k = 0; mdeps && k < mdeps->count; k++)
		if (!strcmp(mdeps->children[k]->name, "dependency") &&
		    (error = add_dep(&c, mdeps->children[k], root, true, false)) < 0)
			goto done;
done:
	cw__arena_free(&c.scratch);
	return error;
}
