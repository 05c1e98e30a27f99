/*
 * semver.c - the one SemVer parser and comparator behind the npm, Go, Cargo,
 * NuGet, Hex and Pub schemes.
 *
 * https://semver.org/spec/v2.0.0.html (precedence: section 11).
 *
 * Numeric parts are kept as uint64_t (a scheme may lower the limit);
 * prerelease identifiers are split once, with numeric ones converted, so
 * that compare never looks at text except to order two alphanumeric labels.
 */
#include "version/semver.h"

#include <stdlib.h>
#include <string.h>

#include "util/error.h"
#include "util/str.h"

static int fail(const char *what, const char *str, size_t len, const char *reason)
{
	int shown = len > 80 ? 80 : (int)len;
	return cw__error_set(CW_EINVALID, "invalid %s version '%.*s%s': %s", what, shown, str,
	                     len > 80 ? "..." : "", reason);
}

static bool is_ident_char(char c)
{
	return cw_is_alnum(c) || c == '-';
}

/* Read a decimal number at *p; false when there is none or it exceeds max. */
static int read_num(uint64_t *out, const char **p, const char *end, uint64_t max,
                    bool leading_zeros, const char **reason)
{
	const char *s = *p;
	uint64_t v = 0;
	if (s == end || !cw_is_digit(*s)) {
		*reason = "expected a number";
		return -1;
	}
	if (*s == '0' && s + 1 < end && cw_is_digit(s[1]) && !leading_zeros) {
		*reason = "a number has a leading zero";
		return -1;
	}
	for (; s < end && cw_is_digit(*s); s++) {
		uint64_t d = (uint64_t)(*s - '0');
		if (v > (max - d) / 10) {
			*reason = "a number is too large";
			return -1;
		}
		v = v * 10 + d;
	}
	*out = v;
	*p = s;
	return 0;
}

/* Count the dot-separated identifiers in [s, end) and check their characters. */
static int check_ids(size_t *count, const char *s, const char *end, bool pre,
                     bool pre_leading_zeros, const char **reason)
{
	size_t n = 0;
	const char *start = s;
	for (const char *p = s;; p++) {
		if (p == end || *p == '.') {
			bool digits = true;
			if (p == start) {
				*reason = pre ? "empty prerelease identifier" : "empty build identifier";
				return -1;
			}
			for (const char *q = start; q < p; q++)
				digits = digits && cw_is_digit(*q);
			if (pre && digits && *start == '0' && p - start > 1 && !pre_leading_zeros) {
				*reason = "a numeric prerelease identifier has a leading zero";
				return -1;
			}
			n++;
			if (p == end)
				break;
			start = p + 1;
		} else if (!is_ident_char(*p)) {
			*reason = pre ? "bad character in the prerelease" : "bad character in the build metadata";
			return -1;
		}
	}
	if (n > CW__SEMVER_MAX_IDS) {
		*reason = "too many identifiers";
		return -1;
	}
	*count = n;
	return 0;
}

/* Fill ids from a checked identifier list copied at `text`. */
static void split_ids(cw__semver_id *ids, const char *text, size_t len)
{
	const char *start = text, *end = text + len;
	for (const char *p = text;; p++) {
		if (p == end || *p == '.') {
			cw__semver_id *id = ids++;
			bool digits = true;
			uint64_t v = 0;
			id->str = start;
			id->len = (uint32_t)(p - start);
			for (const char *q = start; q < p && digits; q++) {
				digits = cw_is_digit(*q);
				if (digits && v <= (UINT64_MAX - 9) / 10)
					v = v * 10 + (uint64_t)(*q - '0');
				else if (digits)
					v = UINT64_MAX; /* marks overflow, see below */
			}
			if (!digits) {
				id->kind = CW__ID_ALNUM;
			} else {
				/* Strip leading zeros so big numbers compare by length. */
				while (id->len > 1 && id->str[0] == '0') {
					id->str++;
					id->len--;
				}
				id->kind = (id->len > 19 || v == UINT64_MAX) ? CW__ID_BIGNUM : CW__ID_NUM;
				id->num = v;
			}
			if (p == end)
				break;
			start = p + 1;
		}
	}
}

static cw__semver *alloc_version(size_t npre, size_t nbuild, const char *pre,
                                 size_t pre_len, const char *build, size_t build_len)
{
	size_t ids = (npre + nbuild) * sizeof(cw__semver_id);
	cw__semver *v = malloc(sizeof(*v) + ids + pre_len + build_len + 2);
	char *text;
	if (!v)
		return NULL;
	memset(v, 0, sizeof(*v));
	text = (char *)v + sizeof(*v) + ids;
	v->npre = (uint16_t)npre;
	v->nbuild = (uint16_t)nbuild;
	v->pre = v->ids;
	v->build = v->ids + npre;
	if (npre) {
		memcpy(text, pre, pre_len);
		split_ids(v->ids, text, pre_len);
	}
	if (nbuild) {
		memcpy(text + pre_len + 1, build, build_len);
		split_ids(v->ids + npre, text + pre_len + 1, build_len);
	}
	return v;
}

int cw__semver_parse(cw__semver **out, const char *str, size_t len, unsigned flags,
                     uint64_t max_num, const char *what)
{
	const char *p = str, *end = str + len, *reason = NULL;
	const char *pre = NULL, *build = NULL;
	size_t pre_len = 0, build_len = 0, npre = 0, nbuild = 0;
	uint64_t nums[4] = { 0, 0, 0, 0 };
	unsigned parts = 0, max_parts = (flags & CW__SV_FOUR_PARTS) ? 4 : 3;
	bool lz = (flags & CW__SV_LEADING_ZEROS) != 0;
	cw__semver *v;

	*out = NULL;
	if (len == 0)
		return fail(what, str, len, "empty version");
	if (len > CW__SEMVER_MAX_LEN)
		return fail(what, str, len, "longer than 1024 bytes");
	if ((flags & CW__SV_V_PREFIX) && *p == 'v')
		p++;
	for (;;) {
		if (read_num(&nums[parts], &p, end, max_num, lz, &reason) < 0)
			return fail(what, str, len, reason);
		parts++;
		if (p == end || *p != '.' || parts == max_parts)
			break;
		p++;
	}
	if (parts < 3 && !(flags & CW__SV_PARTIAL))
		return fail(what, str, len, "expected MAJOR.MINOR.PATCH");
	if (p < end && *p == '-') {
		pre = ++p;
		while (p < end && *p != '+')
			p++;
		pre_len = (size_t)(p - pre);
		if (check_ids(&npre, pre, p, true, (flags & CW__SV_PRE_LEADING_ZEROS) != 0,
		              &reason) < 0)
			return fail(what, str, len, reason);
	}
	if (p < end && *p == '+') {
		build = ++p;
		p = end;
		build_len = (size_t)(end - build);
		if (check_ids(&nbuild, build, end, false, true, &reason) < 0)
			return fail(what, str, len, reason);
	}
	if (p != end)
		return fail(what, str, len, parts == max_parts || (p < end && *p != '.')
		                                ? "unexpected character after the version number"
		                                : "too many numeric parts");
	if ((npre || nbuild) && parts < 3 && !(flags & CW__SV_PARTIAL_PRE))
		return fail(what, str, len, "a prerelease or build needs MAJOR.MINOR.PATCH");
	if (!(v = alloc_version(npre, nbuild, pre, pre_len, build, build_len)))
		return cw__error_oom();
	v->major = nums[0];
	v->minor = nums[1];
	v->patch = nums[2];
	v->revision = nums[3];
	v->parts = (uint8_t)parts;
	*out = v;
	return 0;
}

int cw__semver_parse_partial(cw__semver_partial *out, const char *str, size_t len,
                             unsigned flags, const char **reason)
{
	const char *p = str, *end = str + len;
	size_t n;
	memset(out, 0, sizeof(*out));
	for (unsigned i = 0; i < 3; i++)
		out->wild[i] = true;
	for (;;) {
		unsigned i = out->nparts;
		if (p < end && (*p == 'x' || *p == 'X' || *p == '*') && (flags & CW__SVP_WILDCARDS)) {
			p++;
		} else if (read_num(&out->num[i], &p, end, UINT64_MAX, false, reason) < 0) {
			return -1;
		} else {
			out->wild[i] = false;
		}
		out->nparts++;
		if (p == end || *p != '.' || out->nparts == 3)
			break;
		p++;
	}
	if (out->nparts == 3 && p < end && *p == '-') {
		out->pre = ++p;
		while (p < end && *p != '+')
			p++;
		out->pre_len = (size_t)(p - out->pre);
		if (check_ids(&n, out->pre, p, true, false, reason) < 0)
			return -1;
	}
	if (out->nparts == 3 && p < end && *p == '+') {
		out->build = ++p;
		out->build_len = (size_t)(end - p);
		p = end;
		if (check_ids(&n, out->build, end, false, true, reason) < 0)
			return -1;
	}
	if (p != end) {
		*reason = "unexpected character in a version";
		return -1;
	}
	return 0;
}

int cw__semver_make(cw__semver **out, uint64_t major, uint64_t minor, uint64_t patch,
                    const char *pre, size_t pre_len)
{
	size_t npre = 0;
	const char *reason;
	cw__semver *v;
	*out = NULL;
	if (pre_len && check_ids(&npre, pre, pre + pre_len, true, true, &reason) < 0)
		return cw__error_set(CW_EINTERNAL, "bad prerelease for a bound: %s", reason);
	if (!(v = alloc_version(npre, 0, pre, pre_len, NULL, 0)))
		return cw__error_oom();
	v->major = major;
	v->minor = minor;
	v->patch = patch;
	v->parts = 3;
	*out = v;
	return 0;
}

static int cmp_u64(uint64_t a, uint64_t b)
{
	return (a > b) - (a < b);
}

static int cmp_text(const char *a, size_t na, const char *b, size_t nb, bool nocase)
{
	size_t n = na < nb ? na : nb;
	for (size_t i = 0; i < n; i++) {
		unsigned char ca = (unsigned char)a[i], cb = (unsigned char)b[i];
		if (nocase) {
			ca = (unsigned char)cw_to_lower((char)ca);
			cb = (unsigned char)cw_to_lower((char)cb);
		}
		if (ca != cb)
			return ca < cb ? -1 : 1;
	}
	return cmp_u64(na, nb);
}

static int compare_id(const cw__semver_id *a, const cw__semver_id *b, bool nocase)
{
	if (a->kind == CW__ID_NUM && b->kind == CW__ID_NUM)
		return cmp_u64(a->num, b->num);
	if ((a->kind == CW__ID_ALNUM) != (b->kind == CW__ID_ALNUM))
		return a->kind == CW__ID_ALNUM ? 1 : -1; /* numeric sorts first */
	if (a->kind == CW__ID_ALNUM)
		return cmp_text(a->str, a->len, b->str, b->len, nocase);
	/* At least one big number: more digits is larger (no leading zeros). */
	if (a->len != b->len)
		return cmp_u64(a->len, b->len);
	return cmp_text(a->str, a->len, b->str, b->len, false);
}

int cw__semver_compare_ids(const cw__semver_id *a, size_t na, const cw__semver_id *b,
                           size_t nb, bool nocase)
{
	size_t n = na < nb ? na : nb;
	for (size_t i = 0; i < n; i++) {
		int c = compare_id(&a[i], &b[i], nocase);
		if (c)
			return c;
	}
	return cmp_u64(na, nb);
}

static int compare_main(const cw__semver *a, const cw__semver *b)
{
	int c;
	if ((c = cmp_u64(a->major, b->major)) || (c = cmp_u64(a->minor, b->minor)) ||
	    (c = cmp_u64(a->patch, b->patch)) || (c = cmp_u64(a->revision, b->revision)))
		return c;
	return 0;
}

static int compare_pre(const cw__semver *a, const cw__semver *b, bool nocase)
{
	if (!a->npre || !b->npre)
		return (a->npre == 0) - (b->npre == 0); /* a release sorts last */
	return cw__semver_compare_ids(a->pre, a->npre, b->pre, b->npre, nocase);
}

int cw__semver_compare(const cw__semver *a, const cw__semver *b)
{
	int c = compare_main(a, b);
	return c ? c : compare_pre(a, b, false);
}

int cw__semver_compare_nocase(const cw__semver *a, const cw__semver *b)
{
	int c = compare_main(a, b);
	return c ? c : compare_pre(a, b, true);
}

int cw__semver_compare_with_build(const cw__semver *a, const cw__semver *b)
{
	int c = cw__semver_compare(a, b);
	if (c)
		return c;
	if (!a->nbuild || !b->nbuild)
		return (a->nbuild != 0) - (b->nbuild != 0); /* no build sorts first */
	return cw__semver_compare_ids(a->build, a->nbuild, b->build, b->nbuild, false);
}

bool cw__semver_same_tuple(const cw__semver *a, const cw__semver *b)
{
	return a->major == b->major && a->minor == b->minor && a->patch == b->patch &&
	       a->revision == b->revision;
}
