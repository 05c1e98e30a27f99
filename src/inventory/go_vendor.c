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
#include "inventory/lang_more.h"

#include <stdlib.h>
#include <string.h>

#include "util/error.h"

int cw__extract_go_vendor(cw__inv_source *src)
{
	const char *slash = strrchr(src->path, '/');
	cw__gomod m;
	cw_buf text = CW_BUF_INIT;
	bool have_mod;
	size_t root, cur = SIZE_MAX;
	cw__lines lines;
	cw_slice line;
	cw_slice cur_path = { NULL, 0 };
	int error = 0;

	memset(&m, 0, sizeof(m));
	/* Only vendor/modules.txt (by path; a bare "modules.txt" is not read). */
	if (!slash || slash - src->path < 6 || memcmp(slash - 6, "vendor", 6) ||
	    (slash - src->path > 6 && slash[-7] != '/'))
		return 0;

	if ((error = cw__gomod_sibling_root(src, "../go.mod", &m, &text, &have_mod, &root)) < 0)
		goto done;

	cw__lines_init(&lines, src->data, src->len);
	while (cw__lines_next(&lines, &line)) {
		size_t lineno = lines.number, nf;
		cw_slice f[6];
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
		nf = cw__go_fields((cw_slice){ line.ptr + 1, line.len - 1 }, f, 5);
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
		cw__comp_spec spec = { .ecosystem = "golang", .name = f[0], .version = f[1], .line = lineno };
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
