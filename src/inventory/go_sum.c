/*
 * go_sum.c - Go's go.sum (https://go.dev/ref/mod#go-sum-files) with the
 * go.mod next to it.
 *
 *   <module> <version> h1:<base64 sha256 dirhash>          the module's code
 *   <module> <version>/go.mod h1:<base64 sha256>           only its go.mod
 *
 * Every (module, version) is a component.  A pair with only a "/go.mod"
 * line was needed to compute the module graph but its code is not part of
 * the build: it is reported with the "optional" scope.  The go.mod next to
 * the file gives the root (its module path), the requirements (edges from
 * the root; "// indirect" ones are transitive) and the replacements.
 * Without it every module hangs off a root named after the directory.
 * The h1: hashes are Go's directory hashes, not digests of a file, so they
 * are not reported as component hashes.
 */
#include "inventory/golang.h"
#include "inventory/lang_more.h"

#include <stdlib.h>
#include <string.h>

#include "util/error.h"

typedef struct {
	cw_slice path, version;
	size_t line;
	bool zip;
} gsum;

int cw__extract_go_sum(cw__inv_source *src)
{
	CW_VEC(gsum) sums = CW_VEC_INIT;
	cw__gomod m;
	cw_buf text = CW_BUF_INIT;
	bool have_mod;
	size_t root;
	cw__lines lines;
	cw_slice line;
	int error = 0;

	memset(&m, 0, sizeof(m));
	cw__lines_init(&lines, src->data, src->len);
	while (cw__lines_next(&lines, &line)) {
		size_t lineno = lines.number;
		cw_slice f[3];
		size_t nf = cw__go_fields(line, f, 3);
		if (!nf)
			continue;
		if (nf != 3 || !f[1].len || f[1].ptr[0] != 'v' || !memchr(f[2].ptr, ':', f[2].len)) {
			error = cw__error_set_at(CW_EINVALID, src->path, lineno, 1,
			                         "expected: <module> <version>[/go.mod] <hash>");
			goto done;
		}
		gsum g = { f[0], f[1], lineno, true };
		if (cw__slice_ends_with(g.version, CW_SLICE("/go.mod"))) {
			g.version.len -= 7;
			g.zip = false;
		}
		if ((error = cw_vec_push(&sums, g)) < 0)
			goto done;
	}

	if ((error = cw__gomod_sibling_root(src, "go.mod", &m, &text, &have_mod, &root)) < 0)
		goto done;
	if (have_mod && (error = cw__gomod_add_requires(src, &m, root)) < 0)
		goto done;

	/* Zip lines first so that a pair's scope is decided by its strongest line. */
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < sums.len; i++) {
			gsum *g = &sums.items[i];
			size_t c;
			if (g->zip != (pass == 0))
				continue;
			if ((error = cw__gomod_add(src, have_mod ? &m : NULL, g->path, g->version, g->line, &c)) < 0)
				goto done;
			cw__comp *cc = cw__inv_comp(src->inv, c);
			if (!cc->scope_set) {
				/* First seen here: not a go.mod requirement. */
				cc->scope_set = true;
				cc->pub.scope = g->zip ? CW_SCOPE_REQUIRED : CW_SCOPE_OPTIONAL;
			}
			if (cc->pub.line == 0)
				cc->pub.line = g->line;
			if (!have_mod && g->zip && (error = cw__inv_edge(src, root, c, CW_SCOPE_REQUIRED)) < 0)
				goto done;
		}
	}
	if (!have_mod)
		for (size_t i = 0; i < src->inv->comps.len; i++)
			if (cw__inv_comp(src->inv, i)->pub.root == root && i != root)
				cw__inv_comp(src->inv, i)->pub.direct = false;
done:
	cw__gomod_free(&m);
	cw__buf_free(&text);
	cw_vec_free(&sums);
	return error;
}
