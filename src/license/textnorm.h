/*
 * textnorm.h - license text normalisation for matching (internal).
 *
 * Follows the SPDX License List Matching Guidelines
 * (https://spdx.github.io/spdx-spec/v2.3/license-matching-guidelines-and-templates/):
 * case-insensitive; whitespace and line breaks do not matter; punctuation
 * is not significant (quotes, dashes, brackets); list bullets and numbering
 * at the start of a line are ignored; copyright notices are ignored;
 * equivalent words ("licence"/"license") are the same; "http"/"https" are
 * the same.  Comment markers at line starts ("#", "//", "*", ";") go too,
 * so headers in source files match.
 */
#ifndef CW_LICENSE_TEXTNORM_H
#define CW_LICENSE_TEXTNORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

typedef struct {
	uint32_t offset;   /* into the words buffer */
	uint16_t len;
	uint32_t line;     /* 1-based line of the input */
} cw__text_token;

typedef struct {
	cw_buf words;            /* lowercase word bytes, one after another */
	cw__text_token *tokens;
	size_t count;
	size_t cap;
} cw__text_tokens;

/** Tokenise `len` bytes of license text; release with cw__text_tokens_free. */
int cw__text_tokenize(cw__text_tokens *out, const char *text, size_t len);

void cw__text_tokens_free(cw__text_tokens *t);

/** Is this line (comment markers already removed) a copyright notice? */
bool cw__is_copyright_line(const char *s, size_t len);

#endif
