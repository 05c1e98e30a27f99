/*
 * cargo.c - crates.io versions and Cargo version requirements.
 *
 * https://doc.rust-lang.org/cargo/reference/specifying-dependencies.html
 * and the `semver` crate (1.x) that Cargo uses.
 *
 * Versions: strict SemVer 2.0.0 (MAJOR.MINOR.PATCH, no leading zeros, no
 * "v"), numbers up to 2^64-1.  Ordering is SemVer precedence; build
 * metadata is ignored (the semver crate breaks ties on it only to make Ord
 * total, which no requirement looks at).
 *
 * Requirements: comparators separated by commas, all of which must hold.
 *   1.2.3, ^1.2.3  >=1.2.3 <2.0.0    ^0.2.3 >=0.2.3 <0.3.0   ^0.0.3 =0.0.3
 *   ^1.2           >=1.2.0 <2.0.0    ^0.0   >=0.0.0 <0.1.0   ^1     >=1.0.0 <2.0.0
 *   ~1.2.3         >=1.2.3 <1.3.0    ~1.2   >=1.2.0 <1.3.0   ~1     >=1.0.0 <2.0.0
 *   1.*, =1        >=1.0.0 <2.0.0    1.2.*, =1.2  >=1.2.0 <1.3.0       *  any
 *   >1.2           >=1.3.0           <=1.2  <1.3.0           >=1, <1   as 1.0.0
 * A prerelease version only matches when a comparator names a prerelease of
 * the same MAJOR.MINOR.PATCH (the semver crate's rule, as npm's).
 */
#include <string.h>

#include "util/error.h"
#include "util/str.h"
#include "version/scheme.h"
#include "version/semver_range.h"

static int cargo_parse(void **out, const char *str, size_t len)
{
	return cw__semver_parse((cw__semver **)out, str, len, 0, UINT64_MAX, "crates.io");
}

static int bad(const char *str, size_t len, const char *reason)
{
	return cw__sv_range_error("Cargo requirement", str, len, reason);
}

typedef enum { C_CARET, C_EQ, C_GT, C_GE, C_LT, C_LE, C_TILDE } cargo_op;

static cargo_op read_op(cw_slice *s, bool *explicit_op)
{
	static const struct { const char *text; cargo_op op; } ops[] = {
		{ ">=", C_GE }, { "<=", C_LE }, { "=", C_EQ }, { ">", C_GT },
		{ "<", C_LT }, { "~", C_TILDE }, { "^", C_CARET },
	};
	*explicit_op = false;
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		size_t n = strlen(ops[i].text);
		if (s->len >= n && memcmp(s->ptr, ops[i].text, n) == 0) {
			s->ptr += n;
			s->len -= n;
			*s = cw__slice_trim(*s);
			*explicit_op = true;
			return ops[i].op;
		}
	}
	return C_CARET;
}

static int add(cw__sv_range *r, cw__sv_op op, const uint64_t n[3], const char *pre,
               size_t pre_len)
{
	cw__semver *v;
	int error;
	if ((error = cw__semver_make(&v, n[0], n[1], n[2], pre, pre_len)) < 0)
		return error;
	return cw__sv_range_add(r, op, v);
}

/* n with part k incremented and the parts after it zeroed. */
static bool bump(uint64_t out[3], const uint64_t n[3], int k)
{
	if (n[k] == UINT64_MAX)
		return false;
	for (int i = 0; i < 3; i++)
		out[i] = i < k ? n[i] : i == k ? n[i] + 1 : 0;
	return true;
}

static int comparator(cw__sv_range *r, const char *all, size_t all_len, cw_slice s)
{
	cw__semver_partial x;
	const char *reason;
	bool explicit_op, wildcard;
	cargo_op op = read_op(&s, &explicit_op);
	uint64_t lo[3], hi[3];
	unsigned n = 0; /* concrete parts */
	int k, error;

	if (s.len == 0)
		return bad(all, all_len, "expected a version");
	for (size_t i = 0; i < s.len; i++) {
		if (cw_is_space(s.ptr[i]))
			return bad(all, all_len, "comparators must be separated by commas");
	}
	if (cw__semver_parse_partial(&x, s.ptr, s.len, CW__SVP_WILDCARDS, &reason) < 0)
		return bad(all, all_len, reason);
	while (n < 3 && !x.wild[n])
		n++;
	for (unsigned i = n; i < 3; i++) {
		if (!x.wild[i])
			return bad(all, all_len, "a number after a wildcard");
	}
	wildcard = x.nparts > n;
	if (n == 0) {
		if (explicit_op)
			return bad(all, all_len, "'*' with an operator");
		return cw__sv_range_add(r, CW__OP_ANY, NULL);
	}
	if (wildcard && x.pre_len)
		return bad(all, all_len, "a prerelease after a wildcard");
	if (wildcard && !explicit_op)
		op = C_EQ;
	for (int i = 0; i < 3; i++)
		lo[i] = i < (int)n ? x.num[i] : 0;
	/* Which part the upper bound increments, for the two-sided forms. */
	switch (op) {
	case C_EQ:
		if (n == 3)
			return add(r, CW__OP_EQ, lo, x.pre, x.pre_len);
		k = (int)n - 1;
		break;
	case C_TILDE:
		k = n == 1 ? 0 : 1;
		break;
	case C_CARET:
		if (lo[0] > 0 || n == 1)
			k = 0;
		else if (n == 2 || lo[1] > 0)
			k = 1;
		else
			k = 2;
		break;
	case C_GT: /* >1.2 is >=1.3.0; <=1.2 is <1.3.0 */
	case C_LE:
		if (n == 3)
			return add(r, op == C_GT ? CW__OP_GT : CW__OP_LE, lo, x.pre, x.pre_len);
		if (!bump(hi, lo, (int)n - 1))
			return bad(all, all_len, "a number is too large");
		return add(r, op == C_GT ? CW__OP_GE : CW__OP_LT, hi, NULL, 0);
	case C_GE:
		return add(r, CW__OP_GE, lo, x.pre, x.pre_len);
	case C_LT:
		return add(r, CW__OP_LT, lo, x.pre, x.pre_len);
	default:
		return cw__error_set(CW_EINTERNAL, "Cargo requirement: unexpected operator");
	}
	if (!bump(hi, lo, k))
		return bad(all, all_len, "a number is too large");
	if ((error = add(r, CW__OP_GE, lo, x.pre, x.pre_len)) < 0)
		return error;
	return add(r, CW__OP_LT, hi, NULL, 0);
}

static int cargo_parse_range(void **out, const char *str, size_t len)
{
	cw__sv_range *r = NULL;
	const char *p = str, *end = str + len;
	int error;

	*out = NULL;
	if (len > 65536)
		return cw__error_set(CW_ELIMIT, "Cargo requirement longer than 65536 bytes");
	if (cw__slice_trim((cw_slice){ str, len }).len == 0)
		return bad(str, len, "empty requirement");
	if ((error = cw__sv_range_new(&r, cw__semver_compare, CW__PRE_SAME_TUPLE)) < 0)
		return error;
	while (p <= end) {
		const char *comma = memchr(p, ',', (size_t)(end - p));
		const char *stop = comma ? comma : end;
		cw_slice part = cw__slice_trim((cw_slice){ p, (size_t)(stop - p) });
		if (part.len == 0) {
			error = bad(str, len, "an empty comparator");
			goto done;
		}
		if ((error = comparator(r, str, len, part)) < 0)
			goto done;
		if (!comma)
			break;
		p = comma + 1;
	}
done:
	return cw__sv_range_finish(out, r, error);
}

const cw_version_scheme cw__scheme_cargo =
	CW__SV_SCHEME("semver-cargo", cargo_parse, cw__sv_compare_version, cargo_parse_range);
