/*
 * go_vendor.c - Go's vendor/modules.txt, written by `go mod vendor`
 * (format: cmd/go/internal/modload/vendor.go):
 *
 *   # github.com/a/b v1.2.3                    a vendored module
 *   ## explicit; go 1.21                       required by the main go.mod
 *   github.com/a/b/pkg                         its vendored packages
 *   # example.com/old v1.0.0 => example.com/new v1.1.0     replaced module
 *   # example.com/loc v0.1.0 => ../loc                     directory replacement
 *   # example.com/x => example.com/y v1.0.0    replacement record, no packages
 *
 * Each "# module version" line is a component; "## explicit" ones are edges
 * from the root.  The root is the module of ../go.mod (whose "// indirect"
 * marks say which explicit ones are transitive); without it the root is
 * named after the project directory.  Only a file in a directory named
 * "vendor" is read; another modules.txt is not Go's and is ignored.
 */
#include "inventory/golang.h"

#include <stdlib.h>
#include <string.h>

#include "util/error.h"

static size_t split(cw_slice line, cw_slice *f, size_t max)
{
	size_t n = 0, i = 0;
	while (i < line.len) {
		while (i < line.len && cw_is_space(line.ptr[i]))
			i++;
		size_t s = i;
		while (i < line.len && !cw_is_space(line.ptr[i]))
			i++;
		if (i > s) {
			if (n == max)
				return max + 1;
			f[n++] = (cw_slice){ line.ptr + s, i - s };
		}
	}
	return n;
}

int cw__extract_go_vendor(cw__inv_source *src)
{
	const char *d = src->data, *end = src->data + src->len;
	const char *slash = strrchr(src->path, '/');
	cw__gomod m;
	cw_buf text = CW_BUF_INIT;
	bool have_mod;
	size_t lineno = 0, root, cur = SIZE_MAX;
	cw_slice cur_path = { NULL, 0 };
	int error = 0;

	memset(&m, 0, sizeof(m));
	/* Only vendor/modules.txt (by path; a bare "modules.txt" is not read). */
	if (!slash || slash - src->path < 6 || memcmp(slash - 6, "vendor", 6) ||
	    (slash - src->path > 6 && slash[-7] != '/'))
		return 0;

	have_mod = cw__gomod_sibling(src, "../go.mod", &m, &text) == 0;
	if (!have_mod) {
		cw__gomod_free(&m);
		memset(&m, 0, sizeof(m));
	}
	cw_error_clear();
	if ((error = cw__lang_add_root(src, "golang", m.module, (cw_slice){ NULL, 0 }, m.module_line, &root)) < 0)
		goto done;

	while (d < end) {
		const char *nl = memchr(d, '\n', (size_t)(end - d));
		cw_slice line = { d, nl ? (size_t)(nl - d) : (size_t)(end - d) };
		cw_slice f[6];
		size_t nf;
		d = nl ? nl + 1 : end;
		lineno++;
		line = cw__slice_trim(line);
		if (!line.len)
			continue;
		if (cw__slice_starts_with(line, CW_SLICE("## "))) {
			if (cur == SIZE_MAX)
				continue;
			/* "## explicit" or "## explicit; go 1.21" */
			cw_slice rest = { line.ptr + 3, line.len - 3 };
			if (cw__slice_starts_with(rest, CW_SLICE("explicit")) &&
			    (rest.len == 8 || rest.ptr[8] == ';')) {
				if ((error = cw__inv_edge(src, root, cur, CW_SCOPE_REQUIRED)) < 0)
					goto done;
				if (have_mod)
					for (size_t i = 0; i < m.require.len; i++)
						if (cw__slice_eq(m.require.items[i].path, cur_path) && m.require.items[i].indirect)
							cw__inv_comp(src->inv, cur)->pub.direct = false;
			}
			continue;
		}
		if (line.ptr[0] != '#') {
			if (cur == SIZE_MAX && !cw__slice_starts_with(line, CW_SLICE("#"))) {
				error = cw__error_set_at(CW_EINVALID, src->path, lineno, 1,
				                         "package line before any \"# module version\" line");
				goto done;
			}
			continue;
		}
		nf = split((cw_slice){ line.ptr + 1, line.len - 1 }, f, 5);
		cur = SIZE_MAX;
		if (nf < 1 || nf > 5) {
			error = cw__error_set_at(CW_EINVALID, src->path, lineno, 1, "expected: # <module> <version> [=> <replacement>]");
			goto done;
		}
		if (nf == 1 || cw__slice_eq(f[1], CW_SLICE("=>")))
			continue;   /* a replacement record without a vendored version */
		if (f[1].ptr[0] != 'v' || (nf > 2 && (!cw__slice_eq(f[2], CW_SLICE("=>")) || nf < 4))) {
			error = cw__error_set_at(CW_EINVALID, src->path, lineno, 1, "expected: # <module> <version> [=> <replacement>]");
			goto done;
		}
		cw__comp_spec spec;
		memset(&spec, 0, sizeof(spec));
		spec.ecosystem = "golang";
		spec.name = f[0];
		spec.version = f[1];
		spec.line = lineno;
		if (nf == 5) {
			spec.name = f[3];
			spec.version = f[4];
		} else if (nf == 4) {
			spec.declared = f[1];
			spec.version = (cw_slice){ NULL, 0 };
			spec.resolved = f[3];
		}
		if ((error = cw__inv_add(src, &spec, &cur)) < 0)
			goto done;
		cur_path = f[0];
	}
done:
	cw__gomod_free(&m);
	cw__buf_free(&text);
	return error;
}
