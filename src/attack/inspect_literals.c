/*
 * inspect_literals.c - string literals of JS, Python and shell source, and
 * the Shannon entropy of a string, for the blob and entropy detectors.
 *
 * Not a lexer: comments and regex literals are not recognised, so a quote
 * inside them can pair with a later one.  That only matters for literals
 * the detectors accept (long runs of base64/hex, or very high entropy),
 * which code between two stray quotes almost never is.  The scan stays
 * linear: an unterminated '...' or "..." kills that quote character until
 * the end of the line (no later one on the line can be terminated either),
 * an unterminated `...` or triple quote until the end of its window.
 */
#include "attack/inspect_internal.h"

#include <math.h>
#include <string.h>

#define BACKTICK_WINDOW ((size_t)4 << 20)

double cw__shannon_entropy(const unsigned char *data, size_t len)
{
	size_t counts[256] = { 0 };
	double h = 0;

	if (len == 0)
		return 0;
	for (size_t i = 0; i < len; i++)
		counts[data[i]]++;
	for (size_t c = 0; c < 256; c++)
		if (counts[c]) {
			double p = (double)counts[c] / (double)len;
			h -= p * log2(p);
		}
	return h;
}

/* End of the literal opened by `q` at `start` (index of the closing quote),
 * or SIZE_MAX; *stop is where the search gave up. */
static size_t close_quote(const char *d, size_t len, size_t start, char q, bool multiline,
                          size_t limit, size_t *stop)
{
	size_t end = start + limit < len && limit ? start + limit : len;
	for (size_t i = start; i < end; i++) {
		char c = d[i];
		if (c == '\\') {
			i++;
			continue;
		}
		if (c == q)
			return i;
		if (c == '\n' && !multiline) {
			*stop = i;
			return SIZE_MAX;
		}
	}
	*stop = end;
	return SIZE_MAX;
}

static size_t close_triple(const char *d, size_t len, size_t start, char q, size_t *stop)
{
	size_t end = start + BACKTICK_WINDOW < len ? start + BACKTICK_WINDOW : len;
	for (size_t i = start; i < end; i++) {
		if (d[i] == '\\') {
			i++;
			continue;
		}
		if (d[i] == q && i + 2 < len && d[i + 1] == q && d[i + 2] == q)
			return i;
	}
	*stop = end;
	return SIZE_MAX;
}

void cw__literals_each(const char *data, size_t len, bool python, size_t min_len,
                       cw__literal_cb cb, void *ctx)
{
	static const char quotes[3] = { '\'', '"', '`' };
	/* dead[k]: quote kind k cannot open a terminated literal before this
	 * offset (kind 3: Python triple quotes) */
	size_t dead[4] = { 0, 0, 0, 0 };
	/* next[k]: the next quote k at or after i (len: none); kept between
	 * iterations so each memchr covers new ground only */
	size_t next[3] = { 0, 0, 0 };
	bool known[3] = { false, false, false };
	size_t i = 0;

	while (i < len) {
		size_t at = len;
		for (int k = 0; k < 3; k++) {
			if (k == 2 && python)
				continue;
			if (!known[k] || next[k] < i) {
				const char *q = memchr(data + i, quotes[k], len - i);
				next[k] = q ? (size_t)(q - data) : len;
				known[k] = true;
			}
			if (next[k] < at)
				at = next[k];
		}
		if (at >= len)
			break;
		char q = data[at];
		size_t stop = 0, close;
		int kind = q == '\'' ? 0 : q == '"' ? 1 : 2;
		bool triple = python && at + 2 < len && data[at + 1] == q && data[at + 2] == q;
		if (triple)
			kind = 3;
		if (at < dead[kind]) {
			i = at + (triple ? 3 : 1);
			continue;
		}
		if (triple)
			close = close_triple(data, len, at + 3, q, &stop);
		else
			close = close_quote(data, len, at + 1, q, q == '`', q == '`' ? BACKTICK_WINDOW : 0,
			                    &stop);
		if (close == SIZE_MAX) {
			dead[kind] = stop;
			i = at + (triple ? 3 : 1);
			continue;
		}
		size_t body = at + (triple ? 3 : 1);
		if (close - body >= min_len)
			cb(ctx, data + body, close - body, body);
		i = close + (triple ? 3 : 1);
	}
}
