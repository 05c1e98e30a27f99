/*
 * requirements.c - pip requirements files, requirements*.txt
 * (https://pip.pypa.io/en/stable/reference/requirements-file-format/).
 *
 * One requirement per logical line (a trailing backslash continues it;
 * " #" starts a comment):
 *   name[extras] <specifier> ; <marker>  --hash=sha256:<hex> ...
 *   name @ https://host/name-1.0.tar.gz   |   ./local/path   |   git+https://...#egg=name
 *   -r other.txt / --requirement other.txt    include (relative to this file)
 *   -c constraints.txt / --constraint ...     pins for requirements named elsewhere
 *   -e <path or VCS URL>  / --editable ...    an editable install
 *   -i / --index-url / --extra-index-url / -f / --find-links / --no-binary ... (ignored)
 *
 * A "==" or "===" pin (no wildcard) gives the version; anything else is
 * kept as declared (the text of the requirement, markers included, is
 * the component's `declared`), with the version a constraint file pins,
 * if any.  URL, path and VCS requirements are reported with the URL as
 * their location (name from "#egg=", a wheel or sdist file name, or the
 * last path segment).  "-e ." (the project itself) is not a component.
 * Includes are read relative to the including file, never by absolute
 * path or URL nor outside the first file's directory (symbolic links
 * resolved), at most 16 deep, each file once.  Every requirement is an
 * edge from the root, except those pip-compile's "# via" comments say come
 * only from other packages of the file (edges from those); a file whose
 * name says dev or test
 * (requirements-dev.txt, test-requirements.txt) gives dev scope.
 */
#include "inventory/lang.h"

#include <limits.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "chainwarden/log.h"
#include "util/error.h"

#define MAX_INCLUDE_DEPTH 16

typedef struct {
	size_t comp, line;
} rrec;

typedef struct {
	cw_slice name;
	size_t rec;
} rvia;

typedef struct {
	cw__inv_source *src;
	size_t root;
	cw_scope scope;
	cw_map seen;          /* relative paths already read */
	cw_map pins;          /* PEP 503 name -> constraint version (arena string) */
	cw__lang_index names; /* requirement components by name (for "# via") */
	CW_VEC(rrec) recs;
} rctx;

/* Logical line: strips comments, joins continuations; returns the next offset. */
static size_t logical_line(const char *d, size_t len, size_t pos, cw_buf *out, size_t *lines)
{
	cw__buf_clear(out);
	*lines = 0;
	while (pos < len) {
		const char *nl = memchr(d + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - d) : len;
		size_t e = end;
		(*lines)++;
		if (e > pos && d[e - 1] == '\r')
			e--;
		/* A comment: '#' at the start or after whitespace. */
		for (size_t k = pos; k < e; k++)
			if (d[k] == '#' && (k == pos || cw_is_space(d[k - 1]))) {
				e = k;
				break;
			}
		bool cont = e > pos && d[e - 1] == '\\';
		if (cont)
			e--;
		if (cw__buf_put(out, d + pos, e - pos) < 0)
			return len;
		pos = nl ? end + 1 : len;
		if (!cont)
			break;
		if (cw__buf_putc(out, ' ') < 0)
			return len;
	}
	return pos;
}

/* scheme://... (git+https://, file://) */
static bool is_url(cw_slice s)
{
	size_t i = 0;
	while (i < s.len && (cw_is_alnum(s.ptr[i]) || s.ptr[i] == '+' || s.ptr[i] == '-' || s.ptr[i] == '.'))
		i++;
	return i && i + 2 < s.len && s.ptr[i] == ':' && s.ptr[i + 1] == '/' && s.ptr[i + 2] == '/';
}

static bool is_path(cw_slice s)
{
	return s.len && (s.ptr[0] == '.' || s.ptr[0] == '/' || s.ptr[0] == '~' ||
	                 memchr(s.ptr, '/', s.len) != NULL || cw__slice_ends_with(s, CW_SLICE(".whl")) ||
	                 cw__slice_ends_with(s, CW_SLICE(".tar.gz")) || cw__slice_ends_with(s, CW_SLICE(".zip")));
}

/* Name for a URL or path requirement: #egg=, a distribution file name, or the last segment. */
static cw_slice name_of_location(cw_slice url)
{
	const char *egg = NULL;
	for (size_t i = 0; i + 4 <= url.len; i++)
		if (!memcmp(url.ptr + i, "egg=", 4) && i && (url.ptr[i - 1] == '#' || url.ptr[i - 1] == '&'))
			egg = url.ptr + i + 4;
	if (egg) {
		size_t n = 0;
		while (egg + n < url.ptr + url.len && egg[n] != '&' && egg[n] != '[')
			n++;
		return (cw_slice){ egg, n };
	}
	size_t end = url.len;
	for (size_t i = 0; i < url.len; i++)
		if (url.ptr[i] == '#' || url.ptr[i] == '?') {
			end = i;
			break;
		}
	while (end && url.ptr[end - 1] == '/')
		end--;
	/* git+https://host/org/repo.git@v1.0 -> repo */
	size_t start = end;
	while (start && url.ptr[start - 1] != '/')
		start--;
	cw_slice seg = { url.ptr + start, end - start };
	for (size_t i = 0; i < seg.len; i++)
		if (seg.ptr[i] == '@') {
			seg.len = i;
			break;
		}
	if (cw__slice_ends_with(seg, CW_SLICE(".git")))
		seg.len -= 4;
	/* name-1.0.tar.gz / name-1.0-py3-none-any.whl: the name ends at "-<digit>". */
	for (size_t i = 0; i + 1 < seg.len; i++)
		if (seg.ptr[i] == '-' && cw_is_digit(seg.ptr[i + 1])) {
			seg.len = i;
			break;
		}
	return seg;
}

static int read_file(rctx *c, const char *rel, size_t depth, bool constraints, const char *from, size_t line);

/* "-r x" / "--requirement=x" / "-rx": the argument after an option. */
static bool option_arg(cw_slice line, const char *shortopt, const char *longopt, cw_slice *arg)
{
	size_t sl = strlen(shortopt), ll = strlen(longopt);
	cw_slice rest;
	if (line.len > ll && !memcmp(line.ptr, longopt, ll) && (line.ptr[ll] == '=' || cw_is_space(line.ptr[ll])))
		rest = (cw_slice){ line.ptr + ll + 1, line.len - ll - 1 };
	else if (sl && line.len > sl && !memcmp(line.ptr, shortopt, sl))
		rest = (cw_slice){ line.ptr + sl, line.len - sl };
	else
		return false;
	rest = cw__slice_trim(rest);
	if (rest.len && rest.ptr[0] == '=')
		rest = cw__slice_trim((cw_slice){ rest.ptr + 1, rest.len - 1 });
	*arg = rest;
	return true;
}

/* Collapse "./" and "dir/../" so that each file has one name (for the
 * read-once check); leading "../" stay. */
static void normalize(char *p)
{
	char *seg[256];
	size_t n = 0, up = 0;
	char out[4096];
	size_t o = 0;
	char *save = NULL;
	for (char *t = strtok_r(p, "/", &save); t; t = strtok_r(NULL, "/", &save)) {
		if (!strcmp(t, ".") || !*t)
			continue;
		if (!strcmp(t, "..")) {
			if (n)
				n--;
			else
				up++;
			continue;
		}
		if (n < sizeof(seg) / sizeof(seg[0]))
			seg[n++] = t;
	}
	for (size_t i = 0; i < up && o + 3 < sizeof(out); i++) {
		memcpy(out + o, "../", 3);
		o += 3;
	}
	for (size_t i = 0; i < n; i++) {
		size_t l = strlen(seg[i]);
		if (o + l + 2 >= sizeof(out))
			break;
		memcpy(out + o, seg[i], l);
		o += l;
		if (i + 1 < n)
			out[o++] = '/';
	}
	out[o] = '\0';
	memcpy(p, out, o + 1);
}

static int include(rctx *c, const char *base_rel, cw_slice arg, size_t depth, bool constraints,
                   const char *path, size_t lineno)
{
	char rel[4096];
	if (!arg.len)
		return cw__error_set_at(CW_EINVALID, path, lineno, 1, "include without a file name");
	if (is_url(arg) || arg.ptr[0] == '/' || arg.ptr[0] == '~') {
		cw_log_warn("%s:%zu: include \"%.*s\" not read (only relative paths are)", path, lineno,
		            (int)arg.len, arg.ptr);
		return 0;
	}
	const char *slash = strrchr(base_rel, '/');
	int n = snprintf(rel, sizeof(rel), "%.*s%.*s", slash ? (int)(slash - base_rel + 1) : 0, base_rel,
	                 (int)arg.len, arg.ptr);
	if (n < 0 || (size_t)n >= sizeof(rel))
		return cw__error_set_at(CW_EINVALID, path, lineno, 1, "include path too long");
	normalize(rel);
	if (depth + 1 > MAX_INCLUDE_DEPTH)
		return cw__error_set_at(CW_ELIMIT, path, lineno, 1, "includes nested more than %d deep", MAX_INCLUDE_DEPTH);
	if (!c->src->dir) {
		cw_log_warn("%s:%zu: include \"%s\" not read (no directory)", path, lineno, rel);
		return 0;
	}
	return read_file(c, rel, depth + 1, constraints, path, lineno);
}

static int requirement(rctx *c, cw_slice line, const char *file, size_t lineno, bool constraints)
{
	cw_slice req = line, opts = { NULL, 0 };
	cw__comp_spec spec;
	cw__pep508 r;
	size_t idx, before = c->src->inv->comps.len;
	int error;

	/* Per-requirement options start at the first " --" or " -". */
	for (size_t i = 0; i + 1 < line.len; i++)
		if (cw_is_space(line.ptr[i]) && line.ptr[i + 1] == '-' && i + 2 < line.len &&
		    (line.ptr[i + 2] == '-' || cw_is_alpha(line.ptr[i + 2]))) {
			req = cw__slice_trim((cw_slice){ line.ptr, i });
			opts = (cw_slice){ line.ptr + i, line.len - i };
			break;
		}
	spec = (cw__comp_spec){ .ecosystem = "pypi", .line = lineno, .scope = c->scope, .scope_set = true };

	/* A bare URL or path (possibly with "; marker" after a space). */
	cw_slice loc = req;
	for (size_t i = 0; i + 1 < loc.len; i++)
		if (cw_is_space(loc.ptr[i]) && loc.ptr[i + 1] == ';') {
			loc.len = i;
			break;
		}
	bool named = cw__pep508_parse(req, &r);
	if (!(named && r.url.len) && (is_url(loc) || is_path(loc))) {
		/* "./pkg[extra]", ".[dev]": the extras are not part of the path. */
		if (!is_url(loc) && loc.len && loc.ptr[loc.len - 1] == ']')
			for (size_t i = 0; i < loc.len; i++)
				if (loc.ptr[i] == '[') {
					loc.len = i;
					break;
				}
		if (cw__slice_eq(loc, CW_SLICE(".")) || cw__slice_eq(loc, CW_SLICE("./")))
			return 0;   /* the project itself */
		spec.name = name_of_location(loc);
		spec.resolved = loc;
		spec.declared = req;
		if (!spec.name.len)
			return cw__error_set_at(CW_EINVALID, file, lineno, 1, "cannot tell the package name of \"%.*s\"",
			                        (int)loc.len, loc.ptr);
	} else {
		if (!named)
			return cw__error_set_at(CW_EINVALID, file, lineno, 1, "expected a requirement (name, URL or path)");
		spec.name = r.name;
		spec.version = cw__pep440_pin(r.specifier);
		spec.resolved = r.url;
		if (r.url.len || r.extras.len || r.marker.len || !spec.version.len)
			spec.declared = req;
		if (!spec.version.len && !r.url.len) {
			char key[256];
			const char *pin;
			if (cw__pep503(r.name, key, sizeof(key)) && (pin = cw__map_get(&c->pins, key, strlen(key))) != NULL)
				spec.version = cw_slice_of(pin);
		}
	}
	if (constraints) {
		char key[256];
		if (spec.version.len && cw__pep503(spec.name, key, sizeof(key))) {
			char *v = cw__arena_strndup(&c->src->inv->arena, spec.version.ptr, spec.version.len);
			if (!v)
				return cw_error_last()->code;
			char *k = cw__arena_strdup(&c->src->inv->arena, key);
			if (!k)
				return cw_error_last()->code;
			return cw__map_put(&c->pins, k, strlen(k), v, NULL);
		}
		return 0;
	}
	if ((error = cw__inv_add(c->src, &spec, &idx)) < 0)
		return error;
	if (c->src->inv->comps.len > before && file != c->src->path) {
		cw__comp *cc = cw__inv_comp(c->src->inv, idx);
		cc->pub.file = file;
	}
	/* --hash=alg:hex (also "--hash alg:hex"). */
	for (size_t i = 0; i + 6 < opts.len; i++) {
		if (memcmp(opts.ptr + i, "--hash", 6) != 0)
			continue;
		size_t s = i + 6;
		while (s < opts.len && (opts.ptr[s] == '=' || cw_is_space(opts.ptr[s])))
			s++;
		size_t e = s;
		while (e < opts.len && !cw_is_space(opts.ptr[e]))
			e++;
		if ((error = cw__lang_add_hash_text(c->src, idx, (cw_slice){ opts.ptr + s, e - s })) < 0)
			return error;
		i = e;
	}
	if ((error = cw__lang_index_put(&c->names, cw_slice_of(cw__inv_comp(c->src->inv, idx)->pub.name),
	                                (cw_slice){ NULL, 0 }, idx)) < 0)
		return error;
	return cw_vec_push(&c->recs, ((rrec){ idx, lineno }));
}

/*
 * pip-compile annotates each requirement with where it comes from:
 *     pydantic==2.6.4 \
 *         --hash=sha256:...
 *         # via
 *         #   sigstore
 *         #   -r requirements.in
 * A requirement only "via" other packages of the file is their dependency
 * (edges from them); one via an input file (-r/-c), or without
 * annotation, is a direct dependency of the root.
 */
static int link_requirements(rctx *c, const char *data, size_t len, size_t first_rec)
{
	CW_VEC(rvia) vias = CW_VEC_INIT;
	size_t lineno = 0, r = first_rec, cur = SIZE_MAX, pos = 0;
	bool in_via = false;
	int error = 0;

	while (pos < len && error >= 0) {
		const char *nl = memchr(data + pos, '\n', len - pos);
		cw_slice line = cw__slice_trim((cw_slice){ data + pos, (nl ? (size_t)(nl - data) : len) - pos });
		pos = nl ? (size_t)(nl - data) + 1 : len;
		lineno++;
		while (r < c->recs.len && c->recs.items[r].line <= lineno)
			cur = r++;
		if (!line.len || line.ptr[0] != '#') {
			in_via = false;
			continue;
		}
		cw_slice body = cw__slice_trim((cw_slice){ line.ptr + 1, line.len - 1 });
		if (cw__slice_starts_with(body, CW_SLICE("via")) && (body.len == 3 || body.ptr[3] == ' ')) {
			in_via = cur != SIZE_MAX;
			body = cw__slice_trim((cw_slice){ body.ptr + 3, body.len - 3 });
		} else if (!in_via || line.len < 2 || line.ptr[1] != ' ' || !body.len) {
			in_via = false;
			continue;
		}
		if (in_via && body.len)
			error = cw_vec_push(&vias, ((rvia){ body, cur }));
	}
	for (size_t k = first_rec; k < c->recs.len && error >= 0; k++) {
		size_t from_pkgs = 0;
		bool from_input = false, any = false;
		for (size_t v = 0; v < vias.len; v++) {
			if (vias.items[v].rec != k)
				continue;
			any = true;
			cw_slice name = vias.items[v].name;
			if (name.ptr[0] == '-') {
				from_input = true;
				continue;
			}
			/* "sigstore (pyproject.toml)" or "setuptools (via ...)" forms: the first word. */
			for (size_t i = 0; i < name.len; i++)
				if (name.ptr[i] == ' ') {
					name.len = i;
					from_input = true;
					break;
				}
			size_t p = cw__lang_index_get(&c->names, name, (cw_slice){ NULL, 0 });
			if (p == SIZE_MAX || p == c->recs.items[k].comp) {
				from_input = true;
				continue;
			}
			if ((error = cw__inv_edge(c->src, p, c->recs.items[k].comp, c->scope)) < 0)
				break;
			from_pkgs++;
		}
		if (error >= 0 && (!any || from_input || !from_pkgs))
			error = cw__inv_edge(c->src, c->root, c->recs.items[k].comp, c->scope);
	}
	cw_vec_free(&vias);
	return error;
}

static int parse_text(rctx *c, const char *rel, const char *file, const char *data, size_t len,
                      size_t depth, bool constraints)
{
	cw_buf line = CW_BUF_INIT;
	size_t pos = 0, lineno = 1, n, first_rec = c->recs.len;
	int error = 0;

	while (pos < len && error >= 0) {
		size_t start_line = lineno;
		pos = logical_line(data, len, pos, &line, &n);
		lineno += n;
		cw_slice s = cw__slice_trim((cw_slice){ line.ptr, line.len });
		cw_slice arg;
		if (!s.len)
			continue;
		if (option_arg(s, "-r", "--requirement", &arg))
			error = include(c, rel, arg, depth, constraints, file, start_line);
		else if (option_arg(s, "-c", "--constraint", &arg))
			error = include(c, rel, arg, depth, true, file, start_line);
		else if (option_arg(s, "-e", "--editable", &arg))
			error = requirement(c, arg, file, start_line, constraints);
		else if (s.ptr[0] == '-')
			continue;   /* index, find-links, binary and other global options */
		else
			error = requirement(c, s, file, start_line, constraints);
	}
	cw__buf_free(&line);
	if (error >= 0 && !constraints)
		error = link_requirements(c, data, len, first_rec);
	return error;
}

/* True when dir/rel exists and resolves (symbolic links included) inside
 * `dir`: an include never reads a file outside the first file's directory. */
static bool inside_dir(const char *dir, const char *rel)
{
	char base[PATH_MAX], target[PATH_MAX], joined[PATH_MAX];
	size_t n;
	if (snprintf(joined, sizeof(joined), "%s/%s", dir, rel) >= (int)sizeof(joined) ||
	    !realpath(dir, base) || !realpath(joined, target))
		return true;   /* missing: reported as such when read */
	n = strlen(base);
	return !strncmp(base, target, n) && (target[n] == '/' || (n == 1 && base[0] == '/'));
}

static int read_file(rctx *c, const char *rel, size_t depth, bool constraints, const char *from, size_t line)
{
	cw_buf text = CW_BUF_INIT;
	char *path;
	int error;

	char *rel_copy = cw__arena_strdup(&c->src->inv->arena, rel);
	if (!rel_copy)
		return cw_error_last()->code;
	if (cw__map_get(&c->seen, rel, strlen(rel)))
		return 0;
	if (!inside_dir(c->src->dir, rel)) {
		cw_log_warn("%s:%zu: include \"%s\" not read (outside %s)", from, line, rel, c->src->dir);
		return 0;
	}
	if ((error = cw__map_put(&c->seen, rel_copy, strlen(rel_copy), (void *)1, NULL)) < 0)
		return error;
	if ((error = cw__inv_read_sibling(c->src, rel, &text)) < 0) {
		cw__buf_free(&text);
		return cw__error_set_at(error, from, line, 1, "cannot read included file %s", rel);
	}
	if (!(path = cw__arena_printf(&c->src->inv->arena, "%s/%s", c->src->dir, rel))) {
		cw__buf_free(&text);
		return cw_error_last()->code;
	}
	error = parse_text(c, rel_copy, path, text.ptr ? text.ptr : "", text.len, depth, constraints);
	cw__buf_free(&text);
	return error;
}

static bool dev_file(const char *path)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	return strstr(base, "dev") || strstr(base, "test");
}

int cw__extract_requirements(cw__inv_source *src)
{
	rctx c = { .src = src, .names.normalize = true,
	           .scope = dev_file(src->path) ? CW_SCOPE_DEV : CW_SCOPE_REQUIRED };
	const char *base = strrchr(src->path, '/');
	int error;

	base = base ? base + 1 : src->path;
	if ((error = cw__lang_add_root(src, "pypi", (cw_slice){ NULL, 0 }, (cw_slice){ NULL, 0 }, 1, &c.root)) < 0)
		goto done;
	if ((error = cw__map_put(&c.seen, base, strlen(base), (void *)1, NULL)) < 0)
		goto done;
	/* Constraint files first so that their pins apply to every requirement. */
	{
		cw_buf line = CW_BUF_INIT;
		size_t pos = 0, n, lineno = 1;
		while (pos < src->len && error >= 0) {
			size_t at = lineno;
			cw_slice arg;
			pos = logical_line(src->data, src->len, pos, &line, &n);
			lineno += n;
			if (option_arg(cw__slice_trim((cw_slice){ line.ptr, line.len }), "-c", "--constraint", &arg))
				error = include(&c, base, arg, 0, true, src->path, at);
		}
		cw__buf_free(&line);
		if (error < 0)
			goto done;
	}
	error = parse_text(&c, base, src->path, src->data, src->len, 0, false);
done:
	cw__map_free(&c.seen);
	cw__map_free(&c.pins);
	cw_vec_free(&c.recs);
	cw__lang_index_free(&c.names);
	return error;
}
