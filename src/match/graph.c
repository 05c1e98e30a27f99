/*
 * graph.c - dependency paths of vulnerable components and fix
 * recommendations.
 *
 * Paths: a breadth-first search from the vulnerable component over the
 * reversed dependency edges finds every component that (transitively)
 * depends on it, each with its next hop towards it.  Every direct
 * dependency reached (in BFS order, so the shortest first) gives one path
 * root -> direct -> ... -> vulnerable; at most CW_SCAN_MAX_PATHS are kept.
 * The direct dependencies reached are the ones to upgrade for a
 * transitive package.
 *
 * Fix: the candidates are the `fixed` versions of every finding of the
 * component that are above the installed version; the smallest candidate
 * that none of the component's matched advisories affects is recommended
 * (so it fixes every finding at once, even when the ranges of different
 * advisories overlap unevenly).  None: no fixed version is known.
 */
#include "match/match.h"
#include "util/error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
	size_t *rev_start, *rev;   /* CSR of reversed edges */
	size_t *next, *queue;      /* BFS: next hop towards the target; SIZE_MAX unvisited */
	size_t n;
} graph;

static void graph_free(graph *g)
{
	free(g->rev_start);
	free(g->rev);
	free(g->next);
	free(g->queue);
}

static int graph_init(graph *g, const cw_inventory *inv)
{
	size_t ne = cw_inventory_dependency_count(inv);
	size_t *fill;
	memset(g, 0, sizeof(*g));
	g->n = cw_inventory_component_count(inv);
	g->rev_start = calloc(g->n + 1, sizeof(size_t));
	g->rev = calloc(ne ? ne : 1, sizeof(size_t));
	g->next = malloc((g->n ? g->n : 1) * sizeof(size_t));
	g->queue = malloc((g->n ? g->n : 1) * sizeof(size_t));
	fill = calloc(g->n + 1, sizeof(size_t));
	if (!g->rev_start || !g->rev || !g->next || !g->queue || !fill) {
		free(fill);
		return cw__error_oom();
	}
	for (size_t i = 0; i < ne; i++)
		g->rev_start[cw_inventory_dependency(inv, i)->to + 1]++;
	for (size_t i = 0; i < g->n; i++)
		g->rev_start[i + 1] += g->rev_start[i];
	for (size_t i = 0; i < ne; i++) {
		const cw_dependency *d = cw_inventory_dependency(inv, i);
		g->rev[g->rev_start[d->to] + fill[d->to]++] = d->from;
	}
	free(fill);
	for (size_t i = 0; i < g->n; i++)
		g->next[i] = SIZE_MAX;
	return 0;
}

/* BFS from `target`; fills `direct` (up to `max`) with direct dependencies reached. */
static size_t bfs(graph *g, const cw_inventory *inv, size_t target, size_t *direct, size_t max,
                  size_t *visited_count)
{
	size_t head = 0, tail = 0, nd = 0;
	g->next[target] = target;
	g->queue[tail++] = target;
	while (head < tail) {
		size_t u = g->queue[head++];
		const cw_component *c = cw_inventory_component(inv, u);
		if (c->direct && c->kind == CW_COMPONENT_LIBRARY && nd < max)
			direct[nd++] = u;
		for (size_t k = g->rev_start[u]; k < g->rev_start[u + 1]; k++) {
			size_t p = g->rev[k];
			if (g->next[p] != SIZE_MAX)
				continue;
			g->next[p] = u;
			g->queue[tail++] = p;
		}
	}
	*visited_count = tail;
	return nd;
}

static void bfs_reset(graph *g, size_t count)
{
	for (size_t i = 0; i < count; i++)
		g->next[g->queue[i]] = SIZE_MAX;
}

/* Paths for all findings of one component (they share them). */
static int component_paths(cw_scan_result *r, graph *g, size_t ci, cw_scan_path **out,
                           size_t *count, size_t **direct_out, size_t *direct_count)
{
	const cw_inventory *inv = r->inv;
	size_t direct[64], nd, visited;
	cw_scan_path *paths;
	size_t np = 0;

	nd = bfs(g, inv, ci, direct, 64, &visited);
	paths = cw__arena_calloc(&r->arena, nd ? (nd < CW_SCAN_MAX_PATHS ? nd : CW_SCAN_MAX_PATHS) : 1,
	                         sizeof(*paths));
	*direct_out = cw__arena_alloc(&r->arena, (nd ? nd : 1) * sizeof(size_t));
	if (!paths || !*direct_out) {
		bfs_reset(g, visited);
		return cw_error_last()->code;
	}
	*direct_count = 0;
	for (size_t i = 0; i < nd; i++) {
		if (direct[i] != ci)
			(*direct_out)[(*direct_count)++] = direct[i];
		if (np < CW_SCAN_MAX_PATHS) {
			size_t len = 2, u = direct[i], *nodes;
			while (u != ci) {
				u = g->next[u];
				len++;
			}
			if (!(nodes = cw__arena_alloc(&r->arena, len * sizeof(size_t)))) {
				bfs_reset(g, visited);
				return cw_error_last()->code;
			}
			nodes[0] = cw_inventory_component(inv, direct[i])->root;
			u = direct[i];
			for (size_t k = 1; k < len; k++) {
				nodes[k] = u;
				u = g->next[u];
			}
			paths[np].nodes = nodes;
			paths[np++].len = len;
		}
	}
	if (nd == 0) { /* not reachable from a direct dependency: the component alone */
		size_t *nodes = cw__arena_alloc(&r->arena, sizeof(size_t));
		if (!nodes) {
			bfs_reset(g, visited);
			return cw_error_last()->code;
		}
		nodes[0] = ci;
		paths[0].nodes = nodes;
		paths[0].len = 1;
		np = 1;
	}
	bfs_reset(g, visited);
	*out = paths;
	*count = np;
	return 0;
}

int cw__scan_paths(cw_scan_result *r)
{
	graph g;
	int error = 0;
	if (r->findings.len == 0)
		return 0;
	if ((error = graph_init(&g, r->inv)) < 0)
		goto done;
	for (size_t i = 0; i < r->findings.len; i++) {
		cw__finding *f = r->findings.items[i];
		cw_scan_path *paths = NULL;
		size_t np = 0, *direct = NULL, nd = 0;
		bool shared = false;
		/* Findings of one component are adjacent in match order: reuse. */
		if (i > 0 && r->findings.items[i - 1]->pub.component == f->pub.component) {
			f->pub.paths = r->findings.items[i - 1]->pub.paths;
			f->pub.path_count = r->findings.items[i - 1]->pub.path_count;
			f->fix = r->findings.items[i - 1]->fix;
			shared = true;
		}
		if (shared)
			continue;
		if ((error = component_paths(r, &g, f->pub.component, &paths, &np, &direct, &nd)) < 0)
			goto done;
		f->pub.paths = paths;
		f->pub.path_count = np;
		f->fix = r->fixes.len;
		{
			cw_scan_fix fix;
			memset(&fix, 0, sizeof(fix));
			fix.component = f->pub.component;
			fix.direct = direct;
			fix.direct_count = nd;
			if ((error = cw_vec_push(&r->fixes, fix)) < 0 || (error = cw_vec_push(&r->fix_first, i)) < 0)
				goto done;
		}
	}
done:
	graph_free(&g);
	return error;
}

static int parse_for(cw_version **out, const cw_version_scheme *s, const char *eco, const char *v)
{
	char buf[256];
	if (!strncmp(eco, "Go", 2) && v[0] != 'v' && strlen(v) < sizeof(buf) - 1) {
		buf[0] = 'v';
		strcpy(buf + 1, v);
		return cw_version_parse(out, s, buf, strlen(buf));
	}
	return cw_version_parse(out, s, v, strlen(v));
}

static const cw_version_scheme *g_scheme;

static int cmp_cand(const void *pa, const void *pb)
{
	return cw_version_compare(*(cw_version *const *)pa, *(cw_version *const *)pb);
}

/* Whether a finding of the component (first..last) still affects `cand`. */
static bool still_affected(cw_scan_result *r, size_t first, size_t last, const cw_version *cand)
{
	for (size_t m = first; m < last; m++) {
		const cw__finding *g = r->findings.items[m];
		if (g->pub.ignored)
			continue;
		for (size_t a = 0; a < g->matched_count; a++) {
			bool bad = false;
			if (cw__scan_affects(r, g->matched[a], g_scheme, cw_version_string_of(cand), cand, &bad))
				return true;
		}
	}
	return false;
}

/* The installed version as the advisories write it: an RPM's with its
 * epoch ("1:3.0.7-24.el9", the purl's `epoch` qualifier). */
static const char *installed(const cw_component *c, char *buf, size_t size)
{
	const char *q = c->purl ? strchr(c->purl, '?') : NULL, *e;
	size_t n;
	if (!q || !c->ecosystem || strcmp(c->ecosystem, "rpm"))
		return c->version;
	for (e = q; (e = strstr(e, "epoch=")); e++)
		if (e[-1] == '?' || e[-1] == '&')
			break;
	if (!e || (n = strcspn(e + 6, "&#")) == 0 || (n == 1 && e[6] == '0'))
		return c->version;
	snprintf(buf, size, "%.*s:%s", (int)n, e + 6, c->version);
	return buf;
}

int cw__scan_fixes(cw_scan_result *r)
{
	int error = 0;
	for (size_t k = 0; k < r->fixes.len && error >= 0; k++) {
		cw_scan_fix *fix = &r->fixes.items[k];
		const cw_component *c = cw_inventory_component(r->inv, fix->component);
		size_t first = r->fix_first.items[k], last = first, nc = 0, cap = 0;
		const char *eco = NULL;
		cw_version *cur = NULL, **cands = NULL;
		char evr[300];

		while (last < r->findings.len && r->findings.items[last]->pub.component == fix->component)
			last++;
		for (size_t i = first; i < last; i++) {
			cw__finding *f = r->findings.items[i];
			if (f->pub.ignored)
				continue;
			fix->finding_count++;
			cap += f->pub.fixed_count;
			if (!eco && f->matched_count) /* CPE findings have no OSV entry: no fix computed from them */
				eco = f->matched[0]->ecosystem;
		}
		if (!eco)
			continue;
		g_scheme = cw_version_scheme_for(eco);
		if (parse_for(&cur, g_scheme, eco, installed(c, evr, sizeof(evr))) < 0)
			continue;
		if (cap && !(cands = calloc(cap, sizeof(*cands)))) {
			error = cw__error_oom();
			goto next;
		}
		/* candidates: fixed versions above the installed one, ascending */
		for (size_t i = first; i < last; i++) {
			cw__finding *f = r->findings.items[i];
			if (f->pub.ignored)
				continue;
			for (size_t j = 0; j < f->pub.fixed_count; j++) {
				cw_version *cand = NULL;
				if (parse_for(&cand, g_scheme, eco, f->pub.fixed_versions[j]) < 0)
					continue;
				if (cw_version_compare(cand, cur) <= 0) {
					cw_version_free(cand);
					continue;
				}
				cands[nc++] = cand;
			}
		}
		if (nc > 1)
			qsort(cands, nc, sizeof(*cands), cmp_cand);
		for (size_t i = 0; i < nc; i++) {
			if (i > 0 && cw_version_compare(cands[i], cands[i - 1]) == 0)
				continue;
			if (!still_affected(r, first, last, cands[i]) &&
			    !cw__scan_candidate_blocked(r, fix->component, first, last, cands[i])) {
				fix->version = cw__arena_strdup(&r->arena, cw_version_string_of(cands[i]));
				break;
			}
		}
	next:
		for (size_t i = 0; i < nc; i++)
			cw_version_free(cands[i]);
		free(cands);
		cw_version_free(cur);
	}
	return error;
}
