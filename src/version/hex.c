/*
 * hex.c - Hex (Elixir/Erlang) versions and requirements, as Elixir's
 * Version module defines them.
 *
 * https://hexdocs.pm/elixir/Version.html
 *
 * Versions: strict SemVer 2.0.0 (MAJOR.MINOR.PATCH[-pre][+build], no
 * leading zeros); SemVer precedence, build metadata ignored.
 *
 * Requirements: comparators joined by "and" / "or" ("and" binds tighter):
 *   == != > >= < <=   with a full version; a bare version means ==
 *   ~> 2.0            >= 2.0.0 and < 3.0.0-0
 *   ~> 2.1.3          >= 2.1.3 and < 2.2.0-0
 * "!" is an alias of "!=".  A prerelease version is tested like any other
 * (Version.match?/2 with its default allow_pre: true); the "-0" on the ~>
 * upper bound keeps 3.0.0-rc out of "~> 2.0", as Elixir does.
 *
 * Comparisons use Version.compare/2's order throughout.  (Elixir versions
 * that match through ETS match specs compare two prereleases of the same
 * MAJOR.MINOR.PATCH by identifier count first, so "> 1.0.0-beta" admits
 * 1.0.0-alpha.1 there; we follow SemVer precedence.)  "~> 2.0-beta" (a
 * prerelease on a two-part version) is rejected.
 */
#include <string.h>

#include "util/error.h"
#include "util/str.h"
#include "version/scheme.h"
#include "version/semver_range.h"

static int hex_parse(void **out, const char *str, size_t len)
{
	return cw__semver_parse((cw__semver **)out, str, len, 0, UINT64_MAX, "Hex");
}

static int bad(const char *str, size_t len, const char *reason)
{
	return cw__sv_range_error("Hex requirement", str, len, reason);
}

static bool word_is(cw_slice w, const char *s)
{
	return w.len == strlen(s) && memcmp(w.ptr, s, w.len) == 0;
}

static int pessimistic(cw__sv_range *r, cw_slice v, const char *all, size_t all_len)
{
	cw__semver_partial x;
	const char *reason;
	cw__semver *lo;
	int error;
	if (cw__semver_parse_partial(&x, v.ptr, v.len, 0, &reason) < 0)
		return bad(all, all_len, reason);
	if (x.nparts < 2)
		return bad(all, all_len, "~> needs MAJOR.MINOR or MAJOR.MINOR.PATCH");
	if (x.num[x.nparts == 2 ? 0 : 1] == UINT64_MAX)
		return bad(all, all_len, "a number is too large");
	if ((error = cw__semver_make(&lo, x.num[0], x.num[1], x.nparts == 3 ? x.num[2] : 0, x.pre,
	                             x.pre_len)) < 0 ||
	    (error = cw__sv_range_add(r, CW__OP_GE, lo)) < 0)
		return error;
	if (x.nparts == 2)
		return cw__sv_range_add_make(r, CW__OP_LT, x.num[0] + 1, 0, 0, "0");
	return cw__sv_range_add_make(r, CW__OP_LT, x.num[0], x.num[1] + 1, 0, "0");
}

static int hex_parse_range(void **out, const char *str, size_t len)
{
	static const struct { const char *text; cw__sv_op op; } ops[] = {
		{ "==", CW__OP_EQ }, { "!=", CW__OP_NE }, { ">=", CW__OP_GE }, { "<=", CW__OP_LE },
		{ ">", CW__OP_GT }, { "<", CW__OP_LT }, { "!", CW__OP_NE },
	};
	cw__sv_range *r = NULL;
	const char *p = str, *end = str + len;
	bool want_cmp = true;
	int error;

	*out = NULL;
	if (len > 65536)
		return cw__error_set(CW_ELIMIT, "Hex requirement longer than 65536 bytes");
	if ((error = cw__sv_range_new(&r, cw__semver_compare, CW__PRE_ANY)) < 0)
		return error;
	for (;;) {
		cw_slice w;
		while (p < end && cw_is_space(*p))
			p++;
		if (p == end)
			break;
		w.ptr = p;
		while (p < end && !cw_is_space(*p))
			p++;
		w.len = (size_t)(p - w.ptr);
		if (!want_cmp) {
			if (word_is(w, "or") && (error = cw__sv_range_end_set(r)) < 0)
				goto done;
			if (!word_is(w, "or") && !word_is(w, "and")) {
				error = bad(str, len, "expected 'and' or 'or' between comparators");
				goto done;
			}
			want_cmp = true;
			continue;
		}
		{
			cw__sv_op op = CW__OP_EQ;
			bool tilde = false;
			cw_slice v = w;
			size_t n = 0;
			if (w.len >= 2 && memcmp(w.ptr, "~>", 2) == 0) {
				tilde = true;
				n = 2;
			}
			for (size_t i = 0; !tilde && !n && i < sizeof(ops) / sizeof(ops[0]); i++) {
				size_t k = strlen(ops[i].text);
				if (w.len >= k && memcmp(w.ptr, ops[i].text, k) == 0) {
					op = ops[i].op;
					n = k;
				}
			}
			if (n && n == w.len) { /* "~> 2.0": the version is the next word */
				while (p < end && cw_is_space(*p))
					p++;
				v.ptr = p;
				while (p < end && !cw_is_space(*p))
					p++;
				v.len = (size_t)(p - v.ptr);
			} else {
				v.ptr += n;
				v.len -= n;
			}
			if (v.len == 0) {
				error = bad(str, len, "expected a version after an operator");
				goto done;
			}
			if (tilde) {
				error = pessimistic(r, v, str, len);
			} else {
				void *ver;
				if ((error = hex_parse(&ver, v.ptr, v.len)) < 0) {
					cw__error_prefix("invalid Hex requirement '%.*s'", (int)(len > 120 ? 120 : len), str);
					goto done;
				}
				error = cw__sv_range_add(r, op, ver);
			}
			if (error < 0)
				goto done;
			want_cmp = false;
		}
	}
	if (want_cmp)
		error = bad(str, len, r->ncmps ? "a trailing 'and' or 'or'" : "empty requirement");
done:
	return cw__sv_range_finish(out, r, error);
}

const cw_version_scheme cw__scheme_hex =
	CW__SV_SCHEME("semver-hex", hex_parse, cw__sv_compare_version, hex_parse_range);
