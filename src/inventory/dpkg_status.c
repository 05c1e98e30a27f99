/*
 * dpkg_status.c - the dpkg database: var/lib/dpkg/status, and the
 * per-package files of var/lib/dpkg/status.d/ written by distroless images.
 *
 * Format: deb-control(5) paragraphs separated by blank lines, "Field: value"
 * with continuation lines starting with a space or tab (dpkg 1.x; the same
 * format since the 1990s).  A package is reported when its files are on
 * disk: every Status except "not-installed" and "config-files" (so the
 * half-configured "iF" and unpacked "iU" states count, as their files are
 * there; dpkg-query -W lists them too).  A status.d paragraph has no Status
 * field and counts as installed.
 *
 * "Source: name (version)" gives the source package and its version (the
 * unit of Debian security advisories); without it the source is the binary
 * package itself, and without "(version)" the source version is the
 * package's version, as dpkg-query's ${source:Package} / ${source:Version}.
 */
#include "inventory/inventory.h"

#include <stdio.h>
#include <string.h>

#include "util/error.h"

typedef struct {
	cw_slice package, version, arch, source, status;
	size_t line;
	bool any;
} stanza;

/* The value of a single-line field, trimmed. */
static cw_slice value_of(const char *p, const char *end)
{
	return cw__slice_trim((cw_slice){ p, (size_t)(end - p) });
}

static bool status_on_disk(cw_slice status)
{
	/* "want flag state": the state is the last word. */
	size_t i = status.len;
	while (i > 0 && status.ptr[i - 1] != ' ')
		i--;
	cw_slice state = { status.ptr + i, status.len - i };
	return !cw__slice_eq(state, CW_SLICE("not-installed")) &&
	       !cw__slice_eq(state, CW_SLICE("config-files"));
}

/* The package of a paragraph (none for an empty one, or one not installed). */
static int emit(cw__inv_source *src, const void *para)
{
	const stanza *st = para;
	cw_inventory *inv = src->inv;
	cw__comp_spec spec;
	cw_purl_qualifier q[3];
	size_t nq = 0, idx;
	cw_slice sname = st->package, sver = st->version;
	char *upstream = NULL;
	int error = 0;

	if (!st->any)
		return 0;
	if ((error = cw__sys_require(src, st->line, st->package, st->version,
	                             "paragraph without a Package field", "Version")) < 0)
		return error;
	if (st->status.len && !status_on_disk(st->status))
		return 0;
	if (st->source.len) {
		/* "name" or "name (version)" */
		const char *open = memchr(st->source.ptr, '(', st->source.len);
		sname = cw__slice_trim((cw_slice){ st->source.ptr,
		                                   open ? (size_t)(open - st->source.ptr) : st->source.len });
		if (open) {
			const char *close = memchr(open, ')', st->source.len - (size_t)(open - st->source.ptr));
			if (!close)
				return cw__error_set_at(CW_EINVALID, src->path, st->line, 0,
				                        "Source: expected 'name (version)', found '%.*s'",
				                        (int)st->source.len, st->source.ptr);
			sver = cw__slice_trim((cw_slice){ open + 1, (size_t)(close - open - 1) });
		}
	}
	spec = (cw__comp_spec){ .ecosystem = "deb", .kind = CW_COMPONENT_LIBRARY, .name = st->package,
	                        .version = st->version, .arch = st->arch, .source_name = sname,
	                        .source_version = sver, .line = st->line, .scope_set = true,
	                        .ns = inv->sys.distro_ns ? inv->sys.distro_ns : "debian" };
	if ((error = cw__sys_quals(inv, st->arch, q, &nq)) < 0)
		return error;
	if (!cw__slice_eq(sname, st->package) || !cw__slice_eq(sver, st->version)) {
		upstream = cw__slice_eq(sver, st->version)
		                   ? cw__arena_strndup(&inv->arena, sname.ptr, sname.len)
		                   : cw__arena_printf(&inv->arena, "%.*s@%.*s", (int)sname.len, sname.ptr,
		                                      (int)sver.len, sver.ptr);
		if (!upstream)
			return cw_error_last()->code;
		q[nq].key = "upstream", q[nq++].value = upstream;
	}
	spec.quals = q;
	spec.qual_count = nq;
	error = cw__inv_add(src, &spec, &idx);
	return error;
}

/* "Field: value", a continuation line or a comment. */
static int dpkg_line(cw__inv_source *src, void *para, cw_slice text, size_t line)
{
	stanza *st = para;
	const char *p = text.ptr, *le = text.ptr + text.len;
	if (*p == ' ' || *p == '\t') {
		if (!st->any)
			return cw__error_set_at(CW_EINVALID, src->path, line, 1,
			                        "continuation line outside a field");
		return 0;
	}
	if (*p == '#')
		return 0;   /* comment lines are allowed in control files */
	const char *colon = memchr(p, ':', text.len);
	if (!colon || colon == p)
		return cw__error_set_at(CW_EINVALID, src->path, line, 1, "expected 'Field: value'");
	cw_slice key = { p, (size_t)(colon - p) };
	cw_slice val = value_of(colon + 1, le);
	if (!st->any)
		st->line = line;
	st->any = true;
	if (cw__slice_eq_nocase(key, CW_SLICE("Package")))
		st->package = val;
	else if (cw__slice_eq_nocase(key, CW_SLICE("Version")))
		st->version = val;
	else if (cw__slice_eq_nocase(key, CW_SLICE("Architecture")))
		st->arch = val;
	else if (cw__slice_eq_nocase(key, CW_SLICE("Source")))
		st->source = val;
	else if (cw__slice_eq_nocase(key, CW_SLICE("Status")))
		st->status = val;
	return 0;
}

int cw__extract_dpkg_status(cw__inv_source *src)
{
	static const cw__paragraph_reader reader = { true, dpkg_line, emit };
	stanza st;
	return cw__paragraphs_read(src, &reader, &st, sizeof(st));
}
