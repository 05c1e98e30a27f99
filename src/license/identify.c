/*
 * identify.c - which licenses does a text contain?
 *
 * The text's distinct 4-gram shingles are looked up in the inverted index;
 * each license's coverage is the share of its shingles found.  Among the
 * licenses above the threshold, the best explains the most of the text
 * (shingles found), discounted by the fourth power of its "prefix
 * coverage": how completely it is found up to the last part present, so
 * that an optional trailing part such as Apache-2.0's appendix may be
 * missing without a near neighbour (Pixar, a modified Apache-2.0 without
 * the appendix) winning.  Ties go to the higher coverage.
 * The best license is taken, its shingles are
 * removed from the text's, and the search repeats, so a file holding MIT
 * and Apache-2.0 yields both while a BSD-3-Clause text does not also yield
 * BSD-2-Clause (whose shingles it contains).
 */
#include "license/textdb.h"
#include "license/notice.h"
#include "license/textnorm.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/error.h"

#define MAX_MATCHES 16

static int compare_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

static bool contains(const uint64_t *sorted, size_t n, uint64_t h)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (sorted[mid] == h)
			return true;
		if (sorted[mid] < h)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

/* The densest run of the text's positions whose shingles belong to the
 * license (gaps of up to MAX_GAP positions bridged): where it stands. */
#define MAX_GAP 24
static void find_region(const cw__license_text *lt, const uint64_t *positions, size_t npos,
                        size_t *first, size_t *last)
{
	size_t run_start = 0, run_hits = 0, last_hit = 0, best_hits = 0;
	bool in_run = false;
	for (size_t p = 0; p < npos; p++) {
		if (!contains(lt->shingles, lt->shingle_count, positions[p]))
			continue;
		if (!in_run || p - last_hit > MAX_GAP) {
			run_start = p;
			run_hits = 0;
			in_run = true;
		}
		run_hits++;
		last_hit = p;
		if (run_hits > best_hits) {
			best_hits = run_hits;
			*first = run_start;
			*last = p + CW_SHINGLE - 1;
		}
	}
}

#define TOP_CANDIDATES 8

static double coverage_of(const cw_license_db *db, const uint32_t *hits, size_t l)
{
	return 100.0 * hits[l] / (double)db->licenses[l].shingle_count;
}

/* Index of `h` in the sorted distinct array, or -1. */
static ptrdiff_t find_index(const uint64_t *sorted, size_t n, uint64_t h)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (sorted[mid] == h)
			return (ptrdiff_t)mid;
		if (sorted[mid] < h)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

static bool found_at(const cw__license_text *lt, size_t i, const uint64_t *distinct,
                     size_t ndistinct, const bool *consumed)
{
	ptrdiff_t k = find_index(distinct, ndistinct, lt->ordered[i]);
	return k >= 0 && !consumed[k];
}

/* Share of the license's shingles (in text order) found in the text, over
 * the shortest prefix that holds 98% of those found: a missing trailing
 * part does not count, even when a few of its common phrases ("WITHOUT
 * WARRANTIES OR CONDITIONS OF ANY KIND") also occur earlier. */
static double prefix_coverage(const cw__license_text *lt, const uint64_t *distinct,
                              size_t ndistinct, const bool *consumed)
{
	size_t total = 0, found = 0, need, end = lt->terms_end;
	/* the optional appendix after "END OF TERMS AND CONDITIONS" does not
	 * count, unless the text holds little of the terms themselves */
	for (size_t i = 0; i < end; i++)
		total += found_at(lt, i, distinct, ndistinct, consumed);
	if (!total)
		end = lt->ordered_count;
	for (size_t i = total ? end : 0; i < end; i++)
		total += found_at(lt, i, distinct, ndistinct, consumed);
	need = total - total / 50;
	for (size_t i = 0; i < end && total; i++) {
		found += found_at(lt, i, distinct, ndistinct, consumed);
		if (found >= need)
			return 100.0 * (double)found / (double)(i + 1);
	}
	return 0;
}

/* Among licenses with the same text, the one the notice asks for. */
static size_t pick_in_group(const cw_license_db *db, size_t winner, size_t later_in_text)
{
	const cw__license_text *w = &db->licenses[winner];
	bool later = later_in_text > w->later_phrases;
	for (size_t i = 0; i < db->count; i++) {
		const cw__license_text *l = &db->licenses[i];
		if (l->group == w->group && (later ? l->or_later : l->only))
			return i;
	}
	return winner;
}

int cw_license_identify(cw_license_match **out, size_t *count, const cw_license_db *db,
                        const char *text, size_t len, double min_coverage)
{
	cw__text_tokens tokens;
	uint64_t *positions = NULL, *distinct = NULL;
	size_t npos = 0, ndistinct = 0, nmatches = 0;
	bool *consumed = NULL, *taken_group = NULL;
	uint32_t *hits = NULL;
	cw_license_match *matches = NULL;
	int error;

	*out = NULL;
	*count = 0;
	if ((error = cw__text_tokenize(&tokens, text, len)) < 0)
		return error;
	if ((error = cw__license_shingles(&positions, &npos, db, &tokens)) < 0)
		goto done;
	if (!(distinct = malloc((npos ? npos : 1) * sizeof(*distinct))) ||
	    !(consumed = calloc(npos ? npos : 1, 1)) ||
	    !(taken_group = calloc(db->count, 1)) ||
	    !(hits = malloc(db->count * sizeof(*hits))) ||
	    !(matches = calloc(MAX_MATCHES, sizeof(*matches)))) {
		error = cw__error_oom();
		goto done;
	}
	memcpy(distinct, positions, npos * sizeof(*distinct));
	qsort(distinct, npos, sizeof(*distinct), compare_u64);
	for (size_t i = 0; i < npos; i++)
		if (!ndistinct || distinct[ndistinct - 1] != distinct[i])
			distinct[ndistinct++] = distinct[i];

	while (nmatches < MAX_MATCHES) {
		size_t best = (size_t)-1;
		double best_cov = 0;
		memset(hits, 0, db->count * sizeof(*hits));
		for (size_t i = 0; i < ndistinct; i++) {
			const cw__posting_head *h;
			if (consumed[i] || !(h = cw__license_db_postings(db, distinct[i])))
				continue;
			for (uint32_t k = 0; k < h->count; k++)
				hits[db->postings[h->first + k]]++;
		}
		double best_rank = 0;
		size_t top[TOP_CANDIDATES], ntop = 0;
		/* The few best by plain coverage are ranked by prefix coverage. */
		for (size_t l = 0; l < db->count; l++) {
			const cw__license_text *lt = &db->licenses[l];
			size_t at;
			if (!hits[l] || taken_group[lt->group] ||
			    100.0 * hits[l] / (double)lt->shingle_count < min_coverage)
				continue;
			for (at = ntop; at > 0 && coverage_of(db, hits, top[at - 1]) <
			                          coverage_of(db, hits, l); at--)
				if (at < TOP_CANDIDATES)
					top[at] = top[at - 1];
			if (at < TOP_CANDIDATES) {
				top[at] = l;
				if (ntop < TOP_CANDIDATES)
					ntop++;
			}
		}
		for (size_t t = 0; t < ntop; t++) {
			size_t l = top[t];
			const cw__license_text *lt = &db->licenses[l];
			double cov = coverage_of(db, hits, l), rank;
			/* Shingles explained, discounted steeply by what is missing
			 * before the end: the license that accounts for most of the
			 * text wins (Python-2.0 over the HPND notice inside it), and of
			 * near neighbours the one found whole (Apache-2.0, not Pixar). */
			double f = prefix_coverage(lt, distinct, ndistinct, consumed) / 100.0;
			rank = (double)hits[l] * f * f * f * f;
			if (best == (size_t)-1 || rank > best_rank + 1e-9 ||
			    (rank > best_rank - 1e-9 && (cov > best_cov + 1e-9 ||
			     (cov > best_cov - 1e-9 && hits[l] > hits[best]))))
				best = l, best_cov = cov, best_rank = rank;
		}
		if (best == (size_t)-1)
			break;
		{
			const cw__license_text *lt = &db->licenses[best];
			size_t first = (size_t)-1, last = 0;
			for (size_t i = 0; i < ndistinct; i++)
				if (!consumed[i] && contains(lt->shingles, lt->shingle_count, distinct[i]))
					consumed[i] = true;
			find_region(lt, positions, npos, &first, &last);
			if (last >= tokens.count)
				last = tokens.count - 1;
			taken_group[lt->group] = true;
			snprintf(matches[nmatches].id, sizeof(matches[nmatches].id), "%s",
			         db->licenses[pick_in_group(db, best,
			                                    cw__count_later_phrases(&tokens))].id);
			matches[nmatches].method = "text";
			/* Report how much of the license the text holds, shared
			 * phrases included (selection above discounted them). */
			size_t present = 0;
			for (size_t i = 0; i < lt->shingle_count; i++)
				present += find_index(distinct, ndistinct, lt->shingles[i]) >= 0;
			matches[nmatches].coverage = 100.0 * (double)present / (double)lt->shingle_count;
			matches[nmatches].start_line = first == (size_t)-1 ? 0 : tokens.tokens[first].line;
			matches[nmatches].end_line = first == (size_t)-1 ? 0 : tokens.tokens[last].line;
			nmatches++;
		}
	}
	cw__license_find_notices(&tokens, matches, &nmatches, MAX_MATCHES);
	cw__license_find_spdx_ids(text, len, matches, &nmatches, MAX_MATCHES);
	*out = matches;
	*count = nmatches;
	matches = NULL;
done:
	free(matches);
	free(hits);
	free(taken_group);
	free(consumed);
	free(distinct);
	free(positions);
	cw__text_tokens_free(&tokens);
	return error;
}
