/* textnorm.c - license text -> normalised word tokens (see textnorm.h). */
#include "license/textnorm.h"

#include <stdlib.h>
#include <string.h>

#include "util/error.h"
#include "util/str.h"
#include "util/vec.h"

/* Cap on tokens per text: the longest SPDX text has ~8,000 words. */
#define MAX_TOKENS 200000

/* SPDX equivalent words, British and variant spellings to one form. */
static const char *const equivalents[][2] = {
	{ "licence", "license" }, { "licences", "licenses" }, { "licenced", "licensed" },
	{ "acknowledgement", "acknowledgment" }, { "acknowledgements", "acknowledgments" },
	{ "analogue", "analog" }, { "authorise", "authorize" }, { "authorised", "authorized" },
	{ "behaviour", "behavior" }, { "centre", "center" }, { "favour", "favor" },
	{ "offence", "offense" }, { "organisation", "organization" },
	{ "organisations", "organizations" }, { "practise", "practice" },
	{ "recognise", "recognize" }, { "sublicence", "sublicense" },
	{ "utilise", "utilize" }, { "whilst", "while" }, { "https", "http" },
};

static bool is_word_byte(unsigned char c)
{
	return cw_is_alnum(c) || c >= 0x80;
}

/* Skip comment markers and list bullets at the start of a line. */
static size_t skip_line_prefix(const char *s, size_t len)
{
	size_t i = 0;
	for (;;) {
		size_t start = i;
		while (i < len && (s[i] == ' ' || s[i] == '\t'))
			i++;
		/* comment markers */
		while (i < len && strchr("#*/;!%>-|", s[i]))
			i++;
		if (i + 3 <= len && memcmp(s + i, "dnl", 3) == 0 && (i + 3 == len || s[i + 3] == ' '))
			i += 3;
		while (i < len && (s[i] == ' ' || s[i] == '\t'))
			i++;
		/* bullets: "1.", "1)", "(a)", "a.", "iv.", "*", "-", "•" (UTF-8) */
		if (i + 3 <= len && (unsigned char)s[i] == 0xe2 && (unsigned char)s[i + 1] == 0x80 &&
		    (unsigned char)s[i + 2] == 0xa2) {
			i += 3;
		} else {
			size_t j = i + (i < len && s[i] == '(');
			size_t k = j;
			while (k < len && k - j < 4 && cw_is_alnum((unsigned char)s[k]))
				k++;
			if (k > j && k < len && (s[k] == '.' || s[k] == ')') &&
			    (k + 1 == len || s[k + 1] == ' ' || s[k + 1] == '\t') &&
			    (k - j <= 2 || strspn(s + j, "ivxlIVXL") >= k - j))
				i = k + 1;
		}
		if (i == start)
			return i;
	}
}

/* A year (19xx or 20xx) somewhere in the slice. */
static bool has_year(cw_slice s)
{
	for (size_t i = 0; i + 4 <= s.len; i++)
		if ((s.ptr[i] == '1' && s.ptr[i + 1] == '9') || (s.ptr[i] == '2' && s.ptr[i + 1] == '0'))
			if (cw_is_digit((unsigned char)s.ptr[i + 2]) && cw_is_digit((unsigned char)s.ptr[i + 3]) &&
			    (i == 0 || !cw_is_digit((unsigned char)s.ptr[i - 1])))
				return true;
	return false;
}

/* A copyright notice: "Copyright" or "©" with a year, a (c) sign or a
 * template's placeholder; "(c)" itself only before a year or "Copyright"
 * ("(c) You must retain ..." is Apache-2.0's list item c).  "Copyright
 * notice, this list of conditions" (a re-wrapped clause) is not one. */
bool cw__is_copyright_line(const char *s, size_t len)
{
	cw_slice line = { s, len };
	bool sign = false;
	if (cw__slice_starts_with(line, CW_SLICE("\xc2\xa9")))
		return true;
	if (len >= 3 && cw__slice_eq_nocase((cw_slice){ s, 3 }, CW_SLICE("(c)"))) {
		cw_slice rest = cw__slice_trim((cw_slice){ s + 3, len - 3 });
		return has_year(rest) || (rest.len >= 9 &&
		       cw__slice_eq_nocase((cw_slice){ rest.ptr, 9 }, CW_SLICE("copyright")));
	}
	if (len < 9 || !cw__slice_eq_nocase((cw_slice){ s, 9 }, CW_SLICE("copyright")))
		return false;
	for (size_t i = 9; i < len; i++)
		sign = sign || (i + 3 <= len && cw__slice_eq_nocase((cw_slice){ s + i, 3 }, CW_SLICE("(c)"))) ||
		       (i + 2 <= len && (unsigned char)s[i] == 0xc2 && (unsigned char)s[i + 1] == 0xa9) ||
		       s[i] == '<' || s[i] == '[';
	return sign || has_year((cw_slice){ s + 9, len - 9 });
}

/* A list item number inside a line ("conditions: 1. Redistributions"),
 * as re-wrapping leaves them: up to two digits, one letter or a short roman
 * numeral, after ':', ';' or '.', before ". " or ") ". */
static bool is_inline_bullet(const char *line, size_t start, size_t end, size_t n)
{
	size_t p = start;
	size_t len = end - start;
	while (p > 0 && (line[p - 1] == ' ' || line[p - 1] == '\t' || line[p - 1] == '('))
		p--;
	if (p == start || (p > 0 && !strchr(":;.", line[p - 1])))
		return false;
	if (end + 1 >= n || (line[end] != '.' && line[end] != ')') ||
	    (line[end + 1] != ' ' && line[end + 1] != '\t'))
		return false;
	if (len <= 2 && cw_is_digit((unsigned char)line[start]))
		return true;
	return len == 1 || strspn(line + start, "ivxIVX") >= len;
}

static int push_token(cw__text_tokens *t, const char *w, size_t len, size_t line)
{
	char lower[64];
	const char *word = lower;
	int error;
	if (len > sizeof(lower))
		len = sizeof(lower); /* longer "words" are noise; keep a prefix */
	for (size_t i = 0; i < len; i++)
		lower[i] = cw_to_lower(w[i]);
	for (size_t i = 0; i < sizeof(equivalents) / sizeof(equivalents[0]); i++) {
		if (strlen(equivalents[i][0]) == len && memcmp(equivalents[i][0], lower, len) == 0) {
			word = equivalents[i][1];
			len = strlen(word);
			break;
		}
	}
	if (t->count >= MAX_TOKENS)
		return cw__error_set(CW_ELIMIT, "license text longer than %d words", MAX_TOKENS);
	if ((error = cw__vec_reserve((void **)&t->tokens, &t->cap, sizeof(*t->tokens),
	                             t->count + 1)) < 0)
		return error;
	t->tokens[t->count].offset = (uint32_t)t->words.len;
	t->tokens[t->count].len = (uint16_t)len;
	t->tokens[t->count].line = (uint32_t)line;
	t->count++;
	return cw__buf_put(&t->words, word, len);
}

int cw__text_tokenize(cw__text_tokens *out, const char *text, size_t len)
{
	size_t pos = 0, line_no = 0;
	int error = 0;
	memset(out, 0, sizeof(*out));
	while (pos < len && error == 0) {
		const char *line = text + pos;
		const char *nl = memchr(line, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - line) : len - pos;
		size_t i;
		pos += n + (nl != NULL);
		line_no++;
		i = skip_line_prefix(line, n);
		if (cw__is_copyright_line(line + i, n - i))
			continue;
		while (i < n && error == 0) {
			size_t start;
			while (i < n && !is_word_byte((unsigned char)line[i]))
				i++;
			start = i;
			while (i < n && is_word_byte((unsigned char)line[i]))
				i++;
			if (i > start && !is_inline_bullet(line, start, i, n))
				error = push_token(out, line + start, i - start, line_no);
		}
	}
	if (error < 0)
		cw__text_tokens_free(out);
	return error;
}

void cw__text_tokens_free(cw__text_tokens *t)
{
	cw__buf_free(&t->words);
	free(t->tokens);
	t->tokens = NULL;
	t->count = t->cap = 0;
}
