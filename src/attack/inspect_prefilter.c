/*
 * inspect_prefilter.c - the literal prefilter of the inspect rules: an
 * Aho-Corasick automaton (Aho & Corasick, CACM 18(6), 1975) compiled to a
 * full DFA, case-insensitive for ASCII.  One pass over a file marks every
 * rule literal that occurs, so a regex runs only where its literal is.
 *
 * The DFA has one row of 256 transitions per state (states <= total bytes
 * of the literals + 1, a few hundred for the default rules); upper-case
 * bytes take the transition of their lower-case letter.
 */
#include "attack/inspect_internal.h"

#include <stdlib.h>
#include <string.h>

#include "util/error.h"
#include "util/str.h"

#define PF_MAX_STATES ((size_t)1 << 20)

int cw__prefilter_build(cw__prefilter *pf, const char *const *literals, const size_t *lens,
                        size_t count)
{
	size_t total = 1, states = 1, qhead = 0, qtail = 0;
	uint32_t *fail = NULL, *queue = NULL;
	uint32_t *term = NULL;   /* state -> the literal ending there, or UINT32_MAX */
	int error = 0;

	memset(pf, 0, sizeof(*pf));
	for (size_t i = 0; i < count; i++)
		total += lens[i];
	if (total > PF_MAX_STATES)
		return cw__error_set(CW_ELIMIT, "prefilter literals too long (%zu bytes)", total);
	pf->literals = count;
	pf->delta = calloc(total * 256, sizeof(uint32_t));
	fail = calloc(total, sizeof(uint32_t));
	queue = calloc(total, sizeof(uint32_t));
	term = malloc(total * sizeof(uint32_t));
	if (!pf->delta || !fail || !queue || !term) {
		error = cw__error_oom();
		goto done;
	}
	for (size_t s = 0; s < total; s++)
		term[s] = UINT32_MAX;
	/* 0 in delta means "no edge" while building the trie (state 0 is the root
	 * and never a child). */
	for (size_t i = 0; i < count; i++) {
		uint32_t s = 0;
		for (size_t j = 0; j < lens[i]; j++) {
			unsigned char c = (unsigned char)cw_to_lower(literals[i][j]);
			if (!pf->delta[(size_t)s * 256 + c])
				pf->delta[(size_t)s * 256 + c] = (uint32_t)states++;
			s = pf->delta[(size_t)s * 256 + c];
		}
		term[s] = (uint32_t)i;  /* literals are distinct (the caller dedups) */
	}
	/* BFS: failure links, then complete the DFA. */
	for (unsigned c = 0; c < 256; c++) {
		uint32_t t = pf->delta[c];
		if (t) {
			fail[t] = 0;
			queue[qtail++] = t;
		}
	}
	while (qhead < qtail) {
		uint32_t s = queue[qhead++];
		for (unsigned c = 0; c < 256; c++) {
			uint32_t t = pf->delta[(size_t)s * 256 + c];
			if (t) {
				fail[t] = pf->delta[(size_t)fail[s] * 256 + c];
				queue[qtail++] = t;
			} else {
				pf->delta[(size_t)s * 256 + c] = pf->delta[(size_t)fail[s] * 256 + c];
			}
		}
	}
	/* Upper-case letters behave as lower-case ones. */
	for (size_t s = 0; s < states; s++)
		for (unsigned c = 'A'; c <= 'Z'; c++)
			pf->delta[s * 256 + c] = pf->delta[s * 256 + (c | 0x20)];
	/* Outputs: the literal ending at s plus those along the failure chain
	 * (BFS order guarantees fail[s] is done before s). */
	{
		size_t n = 0;
		for (size_t s = 0; s < states; s++)
			for (uint32_t t = (uint32_t)s; ; t = fail[t]) {
				if (term[t] != UINT32_MAX)
					n++;
				if (t == 0)
					break;
			}
		pf->out = malloc((n + 1) * sizeof(uint32_t));
		pf->out_start = malloc((states + 1) * sizeof(uint32_t));
		if (!pf->out || !pf->out_start) {
			error = cw__error_oom();
			goto done;
		}
		n = 0;
		for (size_t s = 0; s < states; s++) {
			pf->out_start[s] = (uint32_t)n;
			for (uint32_t t = (uint32_t)s; ; t = fail[t]) {
				if (term[t] != UINT32_MAX)
					pf->out[n++] = term[t];
				if (t == 0)
					break;
			}
		}
		pf->out_start[states] = (uint32_t)n;
	}
	pf->states = states;
done:
	free(fail);
	free(queue);
	free(term);
	if (error < 0)
		cw__prefilter_free(pf);
	return error;
}

void cw__prefilter_run(const cw__prefilter *pf, const unsigned char *data, size_t len,
                       uint64_t *seen)
{
	const uint32_t *delta = pf->delta, *start = pf->out_start;
	uint32_t s = 0;

	if (!pf->literals)
		return;
	for (size_t i = 0; i < len; i++) {
		s = delta[(size_t)s * 256 + data[i]];
		if (start[s] != start[s + 1])
			for (uint32_t k = start[s]; k < start[s + 1]; k++)
				seen[pf->out[k] >> 6] |= (uint64_t)1 << (pf->out[k] & 63);
	}
}

void cw__prefilter_free(cw__prefilter *pf)
{
	free(pf->delta);
	free(pf->out_start);
	free(pf->out);
	memset(pf, 0, sizeof(*pf));
}
