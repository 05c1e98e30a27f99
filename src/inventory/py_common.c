/*
 * py_common.c - declared dependencies of Python manifests, shared by the
 * lockfile extractors (direct dependencies and their scope) and by the
 * pyproject.toml extractor.
 *
 *   pyproject.toml  PEP 621 [project] dependencies (required) and
 *                   optional-dependencies (optional), PEP 735
 *                   [dependency-groups] (dev), Poetry
 *                   [tool.poetry.dependencies] (required; optional = true:
 *                   optional), [tool.poetry.dev-dependencies] and
 *                   [tool.poetry.group.<g>.dependencies] (dev; group "main":
 *                   required).  https://packaging.python.org/en/latest/specifications/pyproject-toml/
 *   Pipfile         [packages] (required), [dev-packages] (dev).
 */
#include "inventory/python.h"

#include <stdlib.h>
#include <string.h>

#include "util/error.h"

static int push(cw__py_manifest *m, cw__py_decl d)
{
	return cw_vec_push(&m->decls, d);
}

/* A list of PEP 508 strings. */
static int pep508_list(cw__py_manifest *m, const cw_toml_value *arr, cw_scope scope)
{
	int error;
	for (size_t i = 0; i < cw__toml_array_len(arr); i++) {
		const cw_toml_value *v = cw__toml_array_at(arr, i);
		cw__pep508 r;
		cw__py_decl d;
		cw_slice s = cw__lang_tstr(v);
		if (!s.len || !cw__pep508_parse(s, &r))
			continue;   /* PEP 735 include-group tables, junk */
		memset(&d, 0, sizeof(d));
		d.name = r.name;
		d.text = cw__slice_trim(s);
		d.specifier = r.specifier;
		d.url = r.url;
		d.scope = scope;
		d.line = v->line;
		if ((error = push(m, d)) < 0)
			return error;
	}
	return 0;
}

/* Poetry / Pipfile tables: name = "constraint" | { version = ..., git = ..., optional = ... }. */
static int name_table(cw__py_manifest *m, const cw_toml_value *t, cw_scope scope, bool poetry)
{
	int error;
	for (size_t i = 0; i < cw__toml_table_len(t); i++) {
		const cw_toml_entry *e = cw__toml_table_at(t, i);
		const cw_toml_value *v = e->value;
		cw__py_decl d;
		if (poetry && !strcmp(e->key, "python"))
			continue;
		memset(&d, 0, sizeof(d));
		d.name = (cw_slice){ e->key, e->key_len };
		d.scope = scope;
		d.line = v->line;
		if (v->type == CW_TOML_STRING) {
			d.specifier = d.text = cw__lang_tstr(v);
		} else if (v->type == CW_TOML_TABLE) {
			bool opt = false;
			d.specifier = d.text = cw__lang_tstr(cw__toml_get(v, "version"));
			static const char *const urls[] = { "git", "url", "path", "file", "editable" };
			for (size_t k = 0; k < sizeof(urls) / sizeof(urls[0]) && !d.url.len; k++)
				d.url = cw__lang_tstr(cw__toml_get(v, urls[k]));
			if (cw__toml_bool(cw__toml_get(v, "optional"), &opt) && opt && scope == CW_SCOPE_REQUIRED)
				d.scope = CW_SCOPE_OPTIONAL;
		} else if (v->type == CW_TOML_ARRAY) {
			/* Poetry multiple-constraints: [{version = "...", python = "..."}, ...] */
			d.specifier = d.text = cw__lang_tstr(cw__toml_get(cw__toml_array_at(v, 0), "version"));
		}
		if (poetry && d.specifier.len && cw_is_digit(d.specifier.ptr[0])) {
			d.exact = true;
			for (size_t k = 0; k < d.specifier.len; k++)
				if (!cw_is_alnum(d.specifier.ptr[k]) && !strchr(".+!-_", d.specifier.ptr[k]))
					d.exact = false;
		}
		if ((error = push(m, d)) < 0)
			return error;
	}
	return 0;
}

int cw__py_manifest_pyproject(cw__py_manifest *m, cw_arena *arena, const cw_toml_value *doc)
{
	const cw_toml_value *project = cw__toml_get(doc, "project");
	const cw_toml_value *poetry = cw__toml_get_path(doc, "tool.poetry");
	const cw_toml_value *t;
	int error;
	(void)arena;

	m->name = cw__lang_tstr(cw__toml_get(project, "name"));
	m->version = cw__lang_tstr(cw__toml_get(project, "version"));
	m->line = project ? project->line : 1;
	if (!m->name.len) {
		m->name = cw__lang_tstr(cw__toml_get(poetry, "name"));
		m->line = poetry ? poetry->line : 1;
	}
	if (!m->version.len)
		m->version = cw__lang_tstr(cw__toml_get(poetry, "version"));
	if ((error = pep508_list(m, cw__toml_get(project, "dependencies"), CW_SCOPE_REQUIRED)) < 0)
		return error;
	t = cw__toml_get(project, "optional-dependencies");
	for (size_t i = 0; i < cw__toml_table_len(t); i++)
		if ((error = pep508_list(m, cw__toml_table_at(t, i)->value, CW_SCOPE_OPTIONAL)) < 0)
			return error;
	t = cw__toml_get(doc, "dependency-groups");
	for (size_t i = 0; i < cw__toml_table_len(t); i++)
		if ((error = pep508_list(m, cw__toml_table_at(t, i)->value, CW_SCOPE_DEV)) < 0)
			return error;
	if ((error = name_table(m, cw__toml_get(poetry, "dependencies"), CW_SCOPE_REQUIRED, true)) < 0 ||
	    (error = name_table(m, cw__toml_get(poetry, "dev-dependencies"), CW_SCOPE_DEV, true)) < 0)
		return error;
	t = cw__toml_get(poetry, "group");
	for (size_t i = 0; i < cw__toml_table_len(t); i++) {
		const cw_toml_entry *g = cw__toml_table_at(t, i);
		cw_scope scope = !strcmp(g->key, "main") ? CW_SCOPE_REQUIRED : CW_SCOPE_DEV;
		if ((error = name_table(m, cw__toml_get(g->value, "dependencies"), scope, true)) < 0)
			return error;
	}
	return 0;
}

int cw__py_manifest_pipfile(cw__py_manifest *m, cw_arena *arena, const cw_toml_value *doc)
{
	int error;
	(void)arena;
	if ((error = name_table(m, cw__toml_get(doc, "packages"), CW_SCOPE_REQUIRED, false)) < 0)
		return error;
	return name_table(m, cw__toml_get(doc, "dev-packages"), CW_SCOPE_DEV, false);
}

int cw__py_manifest_sibling(cw__py_manifest *m, const cw__inv_source *src, const char *name, cw_arena *arena)
{
	const cw_toml_value *doc;
	int error;
	memset(m, 0, sizeof(*m));
	if ((error = cw__lang_toml_sibling(src, name, arena, &doc)) < 0)
		return error;
	if (!strcmp(name, "Pipfile"))
		return cw__py_manifest_pipfile(m, arena, doc);
	return cw__py_manifest_pyproject(m, arena, doc);
}

void cw__py_manifest_free(cw__py_manifest *m)
{
	cw_vec_free(&m->decls);
}

const cw__py_decl *cw__py_manifest_find(const cw__py_manifest *m, cw_slice name)
{
	char a[256], b[256];
	if (!m || !cw__pep503(name, a, sizeof(a)))
		return NULL;
	for (size_t i = 0; i < m->decls.len; i++)
		if (cw__pep503(m->decls.items[i].name, b, sizeof(b)) && !strcmp(a, b))
			return &m->decls.items[i];
	return NULL;
}

int cw__py_add_root(cw__inv_source *src, const cw__py_manifest *m, size_t *out)
{
	return cw__lang_add_root(src, "pypi", m ? m->name : (cw_slice){ NULL, 0 },
	                         m ? m->version : (cw_slice){ NULL, 0 }, m ? m->line : 1, out);
}

int cw__py_link_declared(cw__inv_source *src, const cw__py_manifest *m, const cw__lang_index *ix,
                         size_t root, size_t *found)
{
	int error;
	*found = 0;
	for (size_t i = 0; m && i < m->decls.len; i++) {
		size_t c = cw__lang_index_get(ix, m->decls.items[i].name, (cw_slice){ NULL, 0 });
		if (c == SIZE_MAX)
			continue;
		(*found)++;
		if ((error = cw__inv_edge(src, root, c, m->decls.items[i].scope)) < 0)
			return error;
	}
	return 0;
}

int cw__py_link_unreferenced(cw__inv_source *src, size_t root)
{
	cw_inventory *inv = src->inv;
	size_t n = inv->comps.len > root ? inv->comps.len - root : 0, edges = inv->deps.len;
	bool *used;
	int error = 0;
	if (!n)
		return 0;
	if (!(used = calloc(n, 1)))
		return cw__error_oom();
	for (size_t e = src->first_edge; e < edges; e++) {
		const cw_dependency *d = &inv->deps.items[e];
		if (d->from != root && d->to >= root && d->to - root < n)
			used[d->to - root] = true;
	}
	for (size_t i = 1; i < n && error >= 0; i++)
		if (!used[i] && cw__inv_comp(inv, root + i)->pub.kind == CW_COMPONENT_LIBRARY)
			error = cw__inv_edge(src, root, root + i, CW_SCOPE_REQUIRED);
	free(used);
	return error;
}

int cw__py_package_spec(cw__comp_spec *spec, const cw__inv_source *src, const cw_toml_value *p,
                        const char *array)
{
	memset(spec, 0, sizeof(*spec));
	spec->ecosystem = "pypi";
	spec->name = cw__lang_tstr(cw__toml_get(p, "name"));
	spec->version = cw__lang_tstr(cw__toml_get(p, "version"));
	spec->line = p ? p->line : 0;
	if (!spec->name.len)
		return cw__error_set_at(CW_EINVALID, src->path, spec->line, 0, "[[%s]] without a name", array);
	return 0;
}

int cw__py_add_file_hashes(cw__inv_source *src, size_t comp, const cw_toml_value *files)
{
	int error;
	for (size_t f = 0; f < cw__toml_array_len(files); f++)
		if ((error = cw__lang_add_hash_text(src, comp, cw__lang_tstr(cw__toml_get(cw__toml_array_at(files, f), "hash")))) < 0)
			return error;
	return 0;
}

int cw__py_lock_begin(cw__py_lock *l, cw__inv_source *src, const cw_toml_value *doc,
                      const char *packages_key)
{
	int error;
	memset(l, 0, sizeof(*l));
	l->ix.normalize = true;
	l->have_manifest = cw__py_manifest_sibling(&l->m, src, "pyproject.toml", &l->tmp) == 0;
	cw_error_clear();
	if ((error = cw__py_add_root(src, l->have_manifest ? &l->m : NULL, &l->root)) < 0)
		return error;
	l->pkgs = cw__toml_get(doc, packages_key);
	l->n = cw__toml_array_len(l->pkgs);
	if (l->n && !(l->comp = calloc(l->n, sizeof(size_t))))
		return cw__error_oom();
	return 0;
}

int cw__py_lock_open(cw__py_lock *l, cw__inv_source *src, const char *packages_key)
{
	const cw_toml_value *doc;
	int error;
	memset(l, 0, sizeof(*l));
	if ((error = cw__lang_toml(src, &doc)) < 0)
		return error;
	error = cw__py_lock_begin(l, src, doc, packages_key);
	l->doc = doc;
	return error;
}

static int lock_packages(cw__py_lock *l, cw__inv_source *src, const cw__py_lock_format *fmt)
{
	int error;
	for (size_t i = 0; i < l->n; i++) {
		const cw_toml_value *p = cw__toml_array_at(l->pkgs, i);
		cw__comp_spec spec;
		if ((error = cw__py_package_spec(&spec, src, p, fmt->array)) < 0 ||
		    (error = fmt->fill(src, p, &spec)) < 0 ||
		    (error = cw__inv_add(src, &spec, &l->comp[i])) < 0 ||
		    (error = cw__lang_index_put(&l->ix, spec.name, spec.version, l->comp[i])) < 0 ||
		    (error = cw__py_add_file_hashes(src, l->comp[i], cw__toml_get(p, "files"))) < 0)
			return error;
	}
	return 0;
}

int cw__py_lock_extract(cw__inv_source *src, const cw__py_lock_format *fmt)
{
	cw__py_lock l;
	int error;
	if ((error = cw__py_lock_open(&l, src, fmt->array)) >= 0 && (error = lock_packages(&l, src, fmt)) >= 0)
		error = fmt->link(&l, src);
	if ((error = cw__py_lock_finish(&l, src, error)) == 0 && fmt->derive_scopes)
		cw__inv_derive_scopes(src);
	return error;
}

int cw__py_lock_finish(cw__py_lock *l, cw__inv_source *src, int error)
{
	if (error == 0)
		error = cw__py_link_declared(src, l->have_manifest ? &l->m : NULL, &l->ix, l->root,
		                             &l->found);
	if (error == 0 && !l->found)
		error = cw__py_link_unreferenced(src, l->root);
	free(l->comp);
	cw__py_manifest_free(&l->m);
	cw__arena_free(&l->tmp);
	cw__lang_index_free(&l->ix);
	return error;
}
