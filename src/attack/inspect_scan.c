/*
 * inspect_scan.c - running the rules over one file: the literal
 * prefilter, the PCRE2 patterns of the rules it lets through, and the
 * string-literal detectors (hex and base64 blobs, Shannon entropy).
 * See inspect_internal.h for where this sits.
 */
#include "attack/inspect_internal.h"

#include <stdio.h>
#include <string.h>

#include "util/error.h"
#include "util/str.h"

#define COUNT_MAX 1000

const char *cw__inspect_snippet(cw_arena *arena, const char *p, size_t len, size_t max)
{
	char *out, *o;
	bool cut = len > max;
	if (cut)
		len = max;
	if (!(out = cw__arena_alloc(arena, len * 4 + 4)))
		return NULL;
	o = out;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)p[i];
		if (c == '\t' || c == '\n' || c == '\r') {
			*o++ = ' ';
		} else if (c < 0x20 || c >= 0x7f || c == '\\') {
			if (c == '\\') {
				*o++ = '\\';
				*o++ = '\\';
			} else {
				o += snprintf(o, 5, "\\x%02x", c);
			}
		} else {
			*o++ = (char)c;
		}
	}
	if (cut) {
		memcpy(o, "...", 3);
		o += 3;
	}
	*o = 0;
	return out;
}

static size_t line_of(const char *data, size_t offset)
{
	size_t line = 1;
	const char *p = data, *end = data + offset;
	while (p < end && (p = memchr(p, '\n', (size_t)(end - p)))) {
		line++;
		p++;
	}
	return line;
}

static int add_match(cw_inspect_session *s, cw__inspect_file *f, size_t rule, const char *data,
                     size_t len, size_t at, size_t end, size_t count)
{
	cw__inspect_match m;
	size_t max = s->opts.max_evidence, stop = end;
	/* Show a little of the line after a short match (the argument of eval(...)). */
	if (stop - at < max) {
		size_t want = at + max < len ? at + max : len;
		while (stop < want && data[stop] != '\n')
			stop++;
	}
	m.rule = rule;
	m.line = line_of(data, at);
	m.count = count;
	if (!(m.evidence = cw__inspect_snippet(&s->arena, data + at, stop - at, max)))
		return cw_error_last()->code;
	return cw_vec_push(&f->matches, m);
}

/* Does the rule apply to a file of these scopes (maybe an install file)? */
static bool in_scope(const cw__inspect_rule *r, const cw__inspect_file *f)
{
	return (r->scope & f->scope) || ((r->scope & CW_SCOPE_INSTALL_FILE) && f->code);
}

static int run_pattern(cw_inspect_session *s, cw__inspect_file *f, size_t ri, const char *data,
                       size_t len)
{
	const cw__inspect_rule *r = &s->rules->rules.items[ri];
	size_t first = SIZE_MAX, first_end = 0, count = 0;

	for (size_t k = 0; k < r->code_count && count < COUNT_MAX; k++) {
		PCRE2_SIZE start = 0;
		while (start <= len && count < COUNT_MAX) {
			int rc = pcre2_match(r->codes[k], (PCRE2_SPTR)data, len, start, 0, s->md, s->mctx);
			if (rc == PCRE2_ERROR_NOMATCH)
				break;
			if (rc < 0) {
				/* Match or depth limit: a pathological input for this pattern.
				 * Treat as no (further) match rather than fail the package. */
				break;
			}
			PCRE2_SIZE *ov = pcre2_get_ovector_pointer(s->md);
			if (ov[0] < first) {
				first = ov[0];
				first_end = ov[1] > ov[0] ? ov[1] : ov[0];
			}
			count++;
			start = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
			if (r->kind == CW_INSPECT_SIGNAL)
				break;   /* signals need one match, not a count */
		}
	}
	if (!count)
		return 0;
	return add_match(s, f, ri, data, len, first, first_end, count);
}

/* Literal detectors: state of one file. */
typedef struct {
	cw_inspect_session *s;
	cw__inspect_file *f;
	const char *data;
	size_t len;
	size_t *rules;               /* detector rule indices in scope */
	size_t rule_count;
	size_t *first, *first_end, *count;
} detect_ctx;

static bool is_hex(unsigned char c)
{
	return cw_is_digit(c) || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f');
}

static bool is_b64(unsigned char c)
{
	return cw_is_alnum(c) || c == '+' || c == '/' || c == '-' || c == '_' || c == '=';
}

static bool all_in(const char *p, size_t n, bool (*pred)(unsigned char))
{
	for (size_t i = 0; i < n; i++)
		if (!pred((unsigned char)p[i]))
			return false;
	return true;
}

static void on_literal(void *vctx, const char *lit, size_t len, size_t offset)
{
	detect_ctx *ctx = vctx;
	double entropy = -1;

	/* data: URIs (fonts, images) are data, not hidden code */
	if (len >= 5 && !memcmp(lit, "data:", 5))
		return;
	for (size_t i = 0; i < ctx->rule_count; i++) {
		const cw__inspect_rule *r = &ctx->s->rules->rules.items[ctx->rules[i]];
		bool hit = false;
		if (len < r->min_length)
			continue;
		switch (r->detector) {
		case CW_DETECT_HEX_BLOB:
			hit = all_in(lit, len, is_hex);
			break;
		case CW_DETECT_BASE64_BLOB:
			/* mixed case and digits: not a hex string, not a long word */
			if (all_in(lit, len, is_b64) && !all_in(lit, len, is_hex)) {
				if (entropy < 0)
					entropy = cw__shannon_entropy((const unsigned char *)lit, len);
				hit = entropy >= (r->min_entropy > 0 ? r->min_entropy : 4.5);
			}
			break;
		case CW_DETECT_ENTROPY:
			if (entropy < 0)
				entropy = cw__shannon_entropy((const unsigned char *)lit, len);
			hit = entropy >= r->min_entropy;
			break;
		case CW_DETECT_UNSAFE_PATH:
			break;
		}
		if (hit) {
			if (offset < ctx->first[i]) {
				ctx->first[i] = offset;
				ctx->first_end[i] = offset + len;
			}
			if (ctx->count[i] < COUNT_MAX)
				ctx->count[i]++;
		}
	}
}

static int run_detectors(cw_inspect_session *s, cw__inspect_file *f, const char *data, size_t len)
{
	const cw_inspect_rules *rules = s->rules;
	size_t idx[64], first[64], first_end[64], count[64], n = 0;
	detect_ctx ctx;
	int error = 0;

	for (size_t i = 0; i < rules->rules.len && n < 64; i++) {
		const cw__inspect_rule *r = &rules->rules.items[i];
		if (r->type == CW_RULE_DETECTOR && r->detector != CW_DETECT_UNSAFE_PATH && in_scope(r, f)) {
			idx[n] = i;
			first[n] = SIZE_MAX;
			first_end[n] = 0;
			count[n] = 0;
			n++;
		}
	}
	if (!n)
		return 0;
	ctx = (detect_ctx){ s, f, data, len, idx, n, first, first_end, count };
	cw__literals_each(data, len, (f->scope & CW_SCOPE_PYTHON) != 0, rules->min_literal_len,
	                  on_literal, &ctx);
	for (size_t i = 0; i < n && error == 0; i++)
		if (count[i])
			error = add_match(s, f, idx[i], data, len, first[i], first_end[i], count[i]);
	return error;
}

int cw__inspect_scan(cw_inspect_session *s, cw__inspect_file *f, const char *data, size_t len,
                     bool install_command)
{
	const cw_inspect_rules *rules = s->rules;
	bool prefiltered = false;
	int error = 0;

	for (size_t i = 0; i < rules->rules.len; i++) {
		const cw__inspect_rule *r = &rules->rules.items[i];
		if (r->type != CW_RULE_PATTERN || !in_scope(r, f))
			continue;
		if (r->literal_count) {
			bool any = false;
			if (!prefiltered) {
				memset(s->seen, 0, s->seen_words * sizeof(uint64_t));
				cw__prefilter_run(&rules->pf, (const unsigned char *)data, len, s->seen);
				prefiltered = true;
			}
			for (size_t k = 0; k < r->literal_count && !any; k++)
				any = (s->seen[r->literals[k] >> 6] >> (r->literals[k] & 63)) & 1;
			if (!any)
				continue;
		}
		if ((error = run_pattern(s, f, i, data, len)) < 0)
			return error;
	}
	if (!install_command && (error = run_detectors(s, f, data, len)) < 0)
		return error;
	return 0;
}
