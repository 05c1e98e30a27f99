/*
 * inventory.c - the component model: components, dependency edges, roots,
 * failures; deduplication by purl within one source file.
 *
 * How it works: components live in the inventory's arena (stable addresses)
 * and are numbered in insertion order.  While one file is extracted, a
 * cw__inv_source maps purl -> component so that a package listed at several
 * places of the same lockfile (npm's nested node_modules) becomes one
 * component whose edges are the union of its occurrences.  Edges are kept
 * twice: in one flat array (for iteration by writers and matchers) and in a
 * per-component adjacency list (for dependency paths and deduplication).
 */
#include "inventory/inventory.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "chainwarden/purl.h"
#include "util/error.h"

int cw_inventory_new(cw_inventory **out)
{
	cw_inventory *inv = calloc(1, sizeof(*inv));
	if (!inv)
		return cw__error_oom();
	*out = inv;
	return 0;
}

void cw_inventory_free(cw_inventory *inv)
{
	if (!inv)
		return;
	free(inv->adj_start);
	free(inv->targets);
	cw_vec_free(&inv->comps);
	cw_vec_free(&inv->deps);
	cw_vec_free(&inv->failures);
	cw__arena_free(&inv->arena);
	free(inv);
}

size_t cw_inventory_component_count(const cw_inventory *inv)
{
	return inv->comps.len;
}

const cw_component *cw_inventory_component(const cw_inventory *inv, size_t i)
{
	return i < inv->comps.len ? &inv->comps.items[i]->pub : NULL;
}

cw__comp *cw__inv_comp(const cw_inventory *inv, size_t i)
{
	return inv->comps.items[i];
}

size_t cw_inventory_dependency_count(const cw_inventory *inv)
{
	return inv->deps.len;
}

const cw_dependency *cw_inventory_dependency(const cw_inventory *inv, size_t i)
{
	return i < inv->deps.len ? &inv->deps.items[i] : NULL;
}

int cw_inventory_dependencies_of(const cw_inventory *inv, size_t component,
                                 const size_t **out, size_t *count)
{
	if (component >= inv->comps.len)
		return cw__error_set(CW_EUSAGE, "no component %zu", component);
	if (!inv->adj_start || component + 1 > inv->comps.len) {
		*out = NULL;
		*count = 0;
		return 0;
	}
	*out = inv->targets + inv->adj_start[component];
	*count = inv->adj_start[component + 1] - inv->adj_start[component];
	return 0;
}

size_t cw_inventory_failure_count(const cw_inventory *inv)
{
	return inv->failures.len;
}

const char *cw_inventory_failure(const cw_inventory *inv, size_t i)
{
	return i < inv->failures.len ? inv->failures.items[i] : NULL;
}

int cw__inv_add_hash(cw_inventory *inv, size_t idx, const char *algorithm, const char *hex)
{
	cw__comp *c = inv->comps.items[idx];
	cw_hash *h = cw__arena_alloc(&inv->arena, (c->pub.hash_count + 1) * sizeof(cw_hash));
	if (!h)
		return cw_error_last()->code;
	if (c->pub.hash_count)
		memcpy(h, c->pub.hashes, c->pub.hash_count * sizeof(cw_hash));
	h[c->pub.hash_count].algorithm = algorithm;     /* static CycloneDX names */
	if (!(h[c->pub.hash_count].hex = cw__arena_strdup(&inv->arena, hex)))
		return cw_error_last()->code;
	c->pub.hashes = h;
	c->pub.hash_count++;
	return 0;
}

int cw__inv_hash_roots(cw_inventory *inv, size_t first, const char *hex)
{
	int error = 0;
	for (size_t i = first; i < inv->comps.len && error >= 0; i++)
		if (inv->comps.items[i]->pub.kind == CW_COMPONENT_ROOT)
			error = cw__inv_add_hash(inv, i, "SHA-256", hex);
	return error;
}

const char *cw__inv_sha256_hex(cw_arena *arena, const void *data, size_t len)
{
	unsigned char d[crypto_hash_sha256_BYTES];
	char hex[2 * crypto_hash_sha256_BYTES + 1];
	if (sodium_init() < 0) {
		cw__error_set(CW_EINTERNAL, "libsodium failed to initialise");
		return NULL;
	}
	crypto_hash_sha256(d, data, len);
	sodium_bin2hex(hex, sizeof(hex), d, sizeof(d));
	return cw__arena_strdup(arena, hex);
}

const cw_image_info *cw_inventory_image(const cw_inventory *inv)
{
	return inv->image;
}

const char *cw_scope_name(cw_scope scope)
{
	switch (scope) {
	case CW_SCOPE_REQUIRED: return "required";
	case CW_SCOPE_OPTIONAL: return "optional";
	case CW_SCOPE_PEER: return "peer";
	case CW_SCOPE_DEV: return "dev";
	}
	return "required";
}

int cw__inv_fail(cw_inventory *inv, const char *message)
{
	char *copy = cw__arena_strdup(&inv->arena, message);
	if (!copy)
		return cw_error_last()->code;
	return cw_vec_push(&inv->failures, copy);
}

/* Where a full name splits into purl namespace and name, or NULL. */
static const char *purl_ns_split(const char *type, const char *name)
{
	if (!strcmp(type, "maven"))
		return strrchr(name, ':');
	if (!strcmp(type, "composer"))
		return strchr(name, '/');
	if (!strcmp(type, "swift"))
		return strrchr(name, '/');
	if (!strcmp(type, "golang")) {
		const char *slash = strrchr(name, '/');
		return slash && slash > name && slash[1] ? slash : NULL;
	}
	return NULL;
}

/* The purl of a component, canonicalised by the purl module. */
static int make_purl(char **out, const char *type, const char *name, const char *version,
                     const cw__comp_spec *spec)
{
	cw_purl *purl = NULL;
	char ns[512];
	const char *base = name;
	const char *nsp = NULL;
	int error;
	const char *slash;

	char *norm = NULL;

	if (name[0] == '@' && (slash = strchr(name, '/')) != NULL &&
	    (size_t)(slash - name) < sizeof(ns)) {
		memcpy(ns, name, (size_t)(slash - name));
		ns[slash - name] = '\0';
		nsp = ns;
		base = slash + 1;
	} else if ((slash = purl_ns_split(type, name)) != NULL && (size_t)(slash - name) < sizeof(ns)) {
		/* maven "group:artifact", composer "vendor/name", swift "host/owner/name",
		 * Go: the module path up to the last '/' is the namespace */
		memcpy(ns, name, (size_t)(slash - name));
		ns[slash - name] = '\0';
		nsp = ns;
		base = slash + 1;
	} else if (!strcmp(type, "pypi")) {
		/* PEP 503: runs of '-', '_', '.' become one '-', lowercase. */
		size_t n = 0, len = strlen(name);
		if (!(norm = malloc(len + 1)))
			return cw__error_oom();
		for (size_t i = 0; i < len; i++) {
			char ch = name[i];
			if (ch == '-' || ch == '_' || ch == '.') {
				if (!n || norm[n - 1] != '-')
					norm[n++] = '-';
			} else {
				norm[n++] = cw_to_lower(ch);
			}
		}
		norm[n] = '\0';
		base = norm;
	}
	if (spec->ns) {
		/* System packages name their namespace (the distro). */
		nsp = spec->ns;
		base = name;
	}
	error = cw_purl_build(&purl, type, nsp, base, version, spec->quals, spec->qual_count, NULL);
	free(norm);
	if (error < 0)
		return error;
	error = cw_purl_to_string(out, purl);
	cw_purl_free(purl);
	return error;
}

static char *slice_dup(cw_arena *arena, cw_slice s)
{
	return s.ptr ? cw__arena_strndup(arena, s.ptr, s.len) : NULL;
}

static int merge(cw__comp *c, const cw__comp_spec *spec)
{
	if (spec->scope_set) {
		if (!c->scope_set || spec->scope < c->pub.scope)
			c->pub.scope = spec->scope;
		c->scope_set = true;
	}
	if (!spec->bundled)
		c->pub.bundled = false;
	if (spec->install_script)
		c->pub.install_script = true;
	return 0;
}

int cw__inv_add(cw__inv_source *src, const cw__comp_spec *spec, size_t *out)
{
	cw_inventory *inv = src->inv;
	cw_arena *arena = &inv->arena;
	char *name = NULL, *version = NULL, *purl = NULL;
	cw__comp *c;
	void *found;
	int error = 0;

	if (!spec->name.len)
		return cw__error_set_at(CW_EINVALID, src->path, spec->line, 0, "package without a name");
	if (!(name = slice_dup(arena, spec->name)))
		return cw_error_last()->code;
	if (spec->version.len && !(version = slice_dup(arena, spec->version)))
		return cw_error_last()->code;
	if (spec->purl.len) {
		if (cw_purl_canonicalize(&purl, spec->purl.ptr, spec->purl.len) < 0 &&
		    !(purl = strndup(spec->purl.ptr, spec->purl.len)))
			return cw__error_oom();
		cw_error_clear();
	} else if ((error = make_purl(&purl, spec->ecosystem, name, version, spec)) < 0) {
		return cw__error_set_at(error, src->path, spec->line, 0, "%s", cw_error_last()->message);
	}

	/* Components read back from an SBOM keep their own source files:
	 * deduplicate per (purl, file) there. */
	const char *key = purl;
	if (spec->file && !(key = cw__arena_printf(arena, "%s\n%s", purl, spec->file))) {
		free(purl);
		return cw_error_last()->code;
	}
	if ((found = cw__map_get(&src->by_purl, key, strlen(key))) != NULL) {
		c = found;
		/* A root and a dependency with the same purl stay two components. */
		if (c->pub.kind == spec->kind) {
			free(purl);
			*out = c->pub.index;
			return merge(c, spec);
		}
	}

	if (!(c = cw__arena_calloc(arena, 1, sizeof(*c)))) {
		error = cw_error_last()->code;
		goto done;
	}
	c->pub.index = inv->comps.len;
	c->pub.kind = spec->kind;
	c->pub.ecosystem = spec->ecosystem;
	c->pub.name = name;
	c->pub.version = version;
	c->pub.declared = spec->declared.len ? slice_dup(arena, spec->declared) : NULL;
	c->pub.purl = cw__arena_strdup(arena, purl);
	c->pub.scope = spec->scope;
	c->scope_set = spec->scope_set;
	c->pub.bundled = spec->bundled;
	c->pub.install_script = spec->install_script;
	c->pub.file = spec->file ? cw__arena_strdup(arena, spec->file) : src->path;
	c->pub.direct = spec->direct;
	c->pub.line = spec->line;
	c->pub.resolved = spec->resolved.len ? slice_dup(arena, spec->resolved) : NULL;
	c->pub.license = spec->license.len ? slice_dup(arena, spec->license) : NULL;
	c->pub.root = src->root == SIZE_MAX ? c->pub.index : src->root;
	c->pub.arch = spec->arch.len ? slice_dup(arena, spec->arch) : NULL;
	c->pub.source_name = spec->source_name.len ? slice_dup(arena, spec->source_name) : NULL;
	c->pub.source_version = spec->source_version.len ? slice_dup(arena, spec->source_version) : NULL;
	c->pub.layer = spec->layer ? spec->layer : inv->sys.layer;
	c->pub.evidence = spec->evidence;
	if (!c->pub.purl) {
		error = cw_error_last()->code;
		goto done;
	}
	if (spec->integrity.len) {
		/* SRI may list several hashes separated by spaces; keep up to two. */
		cw_slice rest = spec->integrity;
		cw_hash *store = cw__arena_alloc(arena, 2 * sizeof(cw_hash));
		if (!store) {
			error = cw_error_last()->code;
			goto done;
		}
		while (rest.len && c->pub.hash_count < 2) {
			size_t n = 0;
			while (n < rest.len && rest.ptr[n] != ' ')
				n++;
			cw_slice one = { rest.ptr, n };
			if (n && cw__sri_decode(arena, one, &store[c->pub.hash_count]) == 1)
				c->pub.hash_count++;
			while (n < rest.len && rest.ptr[n] == ' ')
				n++;
			rest.ptr += n;
			rest.len -= n;
		}
		c->pub.hashes = store;
	} else if (spec->hash_count) {
		size_t n = spec->hash_count < 4 ? spec->hash_count : 4;
		cw_hash *store = cw__arena_alloc(arena, n * sizeof(cw_hash));
		if (!store) {
			error = cw_error_last()->code;
			goto done;
		}
		for (size_t i = 0; i < n; i++) {
			store[i].algorithm = cw__arena_strdup(arena, spec->hashes[i].algorithm);
			store[i].hex = cw__arena_strdup(arena, spec->hashes[i].hex);
			if (!store[i].algorithm || !store[i].hex) {
				error = cw_error_last()->code;
				goto done;
			}
		}
		c->pub.hashes = store;
		c->pub.hash_count = n;
	}
	if ((error = cw_vec_push(&inv->comps, c)) < 0)
		goto done;
	if (key == purl)
		key = c->pub.purl;
	if (spec->kind == CW_COMPONENT_LIBRARY || !cw__map_get(&src->by_purl, key, strlen(key)))
		if ((error = cw__map_put(&src->by_purl, key, strlen(key), c, NULL)) < 0)
			goto done;
	if (spec->kind == CW_COMPONENT_ROOT && src->root == SIZE_MAX) {
		src->root = c->pub.index;
		c->pub.root = c->pub.index;
	}
	*out = c->pub.index;
done:
	free(purl);
	return error;
}

int cw__inv_edge(cw__inv_source *src, size_t from, size_t to, cw_scope scope)
{
	cw_inventory *inv = src->inv;
	cw__comp *f, *t;

	if (from == to || from >= inv->comps.len || to >= inv->comps.len)
		return 0;
	f = inv->comps.items[from];
	t = inv->comps.items[to];
	if (f->pub.kind != CW_COMPONENT_LIBRARY && t->pub.kind == CW_COMPONENT_LIBRARY)
		t->pub.direct = true;
	return cw_vec_push(&inv->deps, ((cw_dependency){ from, to, scope }));
}

static int cmp_edge(const void *pa, const void *pb)
{
	const cw_dependency *a = pa, *b = pb;
	if (a->from != b->from)
		return a->from < b->from ? -1 : 1;
	if (a->to != b->to)
		return a->to < b->to ? -1 : 1;
	return (int)a->scope - (int)b->scope;
}

/* In-place heapsort: glibc's qsort would allocate a copy of the array
 * (a merge sort), which for a 50 MB lockfile is the peak of memory use. */
static void sift(cw_dependency *e, size_t root, size_t n)
{
	for (;;) {
		size_t child = 2 * root + 1;
		if (child >= n)
			return;
		if (child + 1 < n && cmp_edge(&e[child], &e[child + 1]) < 0)
			child++;
		if (cmp_edge(&e[root], &e[child]) >= 0)
			return;
		cw_dependency t = e[root];
		e[root] = e[child];
		e[child] = t;
		root = child;
	}
}

static void sort_edges(cw_dependency *e, size_t n)
{
	for (size_t i = n / 2; i-- > 0;)
		sift(e, i, n);
	for (size_t end = n; end-- > 1;) {
		cw_dependency t = e[0];
		e[0] = e[end];
		e[end] = t;
		sift(e, 0, end);
	}
}

/* Sort and deduplicate this file's edges (keeping the strongest scope) and
 * rebuild the CSR index over all edges. */
static int finish_edges(cw__inv_source *src)
{
	cw_inventory *inv = src->inv;
	/* No edges yet: items is NULL, and NULL + 0 is undefined behaviour. */
	cw_dependency *e = inv->deps.items ? inv->deps.items + src->first_edge : NULL;
	size_t n = inv->deps.len - src->first_edge, u = 0;
	size_t ncomp = inv->comps.len, *start, *targets;

	sort_edges(e, n);
	for (size_t i = 0; i < n; i++)
		if (!u || e[u - 1].from != e[i].from || e[u - 1].to != e[i].to)
			e[u++] = e[i];
	inv->deps.len = src->first_edge + u;

	start = realloc(inv->adj_start, (ncomp + 1) * sizeof(size_t));
	if (!start)
		return cw__error_oom();
	inv->adj_start = start;
	targets = realloc(inv->targets, (inv->deps.len + 1) * sizeof(size_t));
	if (!targets)
		return cw__error_oom();
	inv->targets = targets;
	size_t k = 0;
	for (size_t c = 0; c < ncomp; c++) {
		start[c] = k;
		while (k < inv->deps.len && inv->deps.items[k].from == c) {
			targets[k] = inv->deps.items[k].to;
			k++;
		}
	}
	start[ncomp] = k;
	return 0;
}

/*
 * A component's scope is the "best" way it can be reached from the root:
 * required beats optional beats peer beats dev; along a path the worst edge
 * counts.  A worklist relaxation: each component's level only goes down,
 * at most four times, so the work is bounded by 4 x edges.
 */
static void derive_scopes(cw__inv_source *src)
{
	cw_inventory *inv = src->inv;
	size_t first, *work = NULL, nwork = 0, n;
	unsigned char *level = NULL;

	if (src->root == SIZE_MAX)
		return;
	first = src->root;
	n = inv->comps.len - first;
	level = malloc(n);
	work = malloc((4 * n + 1) * sizeof(size_t));
	if (!level || !work)
		goto done;
	memset(level, 0xff, n);
	level[0] = 0;
	work[nwork++] = first;
	while (nwork) {
		size_t c = work[--nwork];
		unsigned char lv = level[c - first];
		for (size_t k = inv->adj_start[c]; k < inv->adj_start[c + 1]; k++) {
			size_t d = inv->deps.items[k].to;
			unsigned char es = (unsigned char)inv->deps.items[k].scope;
			unsigned char nl = lv > es ? lv : es;
			if (d < first || inv->comps.items[d]->pub.kind != CW_COMPONENT_LIBRARY)
				continue;
			if (level[d - first] > nl && nwork < 4 * n + 1) {
				level[d - first] = nl;
				work[nwork++] = d;
			}
		}
	}
	for (size_t i = 1; i < n; i++) {
		cw__comp *c = inv->comps.items[first + i];
		if (!c->scope_set && c->pub.kind == CW_COMPONENT_LIBRARY)
			c->pub.scope = level[i] == 0xff ? CW_SCOPE_REQUIRED : (cw_scope)level[i];
	}
done:
	free(level);
	free(work);
}

int cw__inv_extract(cw_inventory *inv, const cw__extractor *ex, const char *path,
                    const char *dir, const char *data, size_t len, bool mapped)
{
	cw__inv_source src;
	int error, ferror;

	src = (cw__inv_source){ .inv = inv, .root = SIZE_MAX, .data = data, .len = len, .mapped = mapped };
	if (!(src.path = cw__arena_strdup(&inv->arena, path)))
		return cw_error_last()->code;
	if (dir && !(src.dir = cw__arena_strdup(&inv->arena, dir)))
		return cw_error_last()->code;
	src.first_edge = inv->deps.len;
	error = ex->extract(&src);
	/* What was read before a failure stays, with a consistent graph. */
	if ((ferror = finish_edges(&src)) < 0 && error >= 0)
		error = ferror;
	if (error >= 0 && src.derive_scopes)
		derive_scopes(&src);
	cw__map_free(&src.by_purl);
	return error;
}

size_t cw__inv_line_at(const cw__inv_source *src, size_t offset)
{
	size_t line, col;
	cw__error_position(src->data, src->len, offset, &line, &col);
	return line;
}

/* Breadth-first from the root over the CSR index; parents give the path. */
int cw_inventory_dependency_path(const cw_inventory *inv, size_t component,
                                 size_t **out, size_t *len)
{
	size_t n = inv->comps.len, root, *parent = NULL, *queue = NULL, head = 0, tail = 0;
	int error = 0;

	*out = NULL;
	*len = 0;
	if (component >= n)
		return cw__error_set(CW_EUSAGE, "no component %zu", component);
	root = inv->comps.items[component]->pub.root;
	parent = malloc(n * sizeof(size_t));
	queue = malloc(n * sizeof(size_t));
	if (!parent || !queue) {
		error = cw__error_oom();
		goto done;
	}
	for (size_t i = 0; i < n; i++)
		parent[i] = SIZE_MAX;
	parent[root] = root;
	queue[tail++] = root;
	while (head < tail && parent[component] == SIZE_MAX) {
		size_t c = queue[head++];
		for (size_t k = inv->adj_start ? inv->adj_start[c] : 0;
		     inv->adj_start && k < inv->adj_start[c + 1]; k++) {
			size_t d = inv->deps.items[k].to;
			if (parent[d] == SIZE_MAX) {
				parent[d] = c;
				queue[tail++] = d;
			}
		}
	}
	if (parent[component] == SIZE_MAX) {
		error = cw__error_set(CW_ENOTFOUND, "%s is not reachable from its root",
		                      inv->comps.items[component]->pub.purl);
		goto done;
	}
	size_t depth = 1;
	for (size_t c = component; c != root; c = parent[c])
		depth++;
	if (!(*out = malloc(depth * sizeof(size_t)))) {
		error = cw__error_oom();
		goto done;
	}
	*len = depth;
	for (size_t c = component, i = depth; i-- > 0; c = parent[c])
		(*out)[i] = c;
done:
	free(parent);
	free(queue);
	return error;
}
