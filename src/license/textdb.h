/* textdb.h - the indexed license texts (internal; see chainwarden/license.h). */
#ifndef CW_LICENSE_TEXTDB_H
#define CW_LICENSE_TEXTDB_H

#include "chainwarden/license.h"
#include "util/arena.h"
#include "util/map.h"

#define CW_SHINGLE 4

typedef struct {
	const char *id;
	const char *text;         /* as loaded (in the arena) */
	uint64_t *shingles;       /* distinct, sorted */
	size_t shingle_count;
	uint64_t *ordered;        /* in text order, with repeats */
	size_t ordered_count;
	size_t later_phrases;     /* "any later version" in the text itself */
	size_t terms_end;         /* shingles before "END OF TERMS AND CONDITIONS" (the
	                             how-to-apply appendix after it is optional), or
	                             ordered_count */
	int group;                /* index of the first license with the same text */
	bool only, or_later;      /* id ends in -only / -or-later */
} cw__license_text;

typedef struct {
	uint64_t hash;
	uint32_t first;           /* into postings */
	uint32_t count;
} cw__posting_head;

struct cw_license_db {
	cw_arena arena;
	cw_map words;             /* word -> id + 1 */
	uint32_t word_count;
	cw__license_text *licenses;
	size_t count;
	cw__posting_head *heads;  /* open addressing on hash, power-of-two size */
	size_t head_cap;
	uint32_t *postings;       /* license indices */
};

/** The postings of one shingle, or NULL. */
const cw__posting_head *cw__license_db_postings(const cw_license_db *db, uint64_t hash);

/**
 * Word ids of a token list (words never seen in a license text get ids
 * that match nothing) and their 4-gram hashes.  `shingles` gets one hash
 * per position (count - 3 of them, or one for shorter texts).
 */
int cw__license_shingles(uint64_t **shingles, size_t *count, const cw_license_db *db,
                         const void *tokens);

/** "any later version" occurrences in a token list. */
size_t cw__count_later_phrases(const void *tokens);

#endif
