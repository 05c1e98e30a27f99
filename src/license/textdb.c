/*
 * textdb.c - loading and indexing SPDX license texts for identification.
 *
 * Each text is tokenised (textnorm.c), its words interned, and cut into
 * word 4-grams ("shingles") hashed to 64 bits.  An inverted index maps each
 * shingle to the licenses that contain it, so a query touches only the
 * licenses it shares text with.  Licenses whose normalised texts are equal
 * (GPL-2.0-only / GPL-2.0-or-later) share a group.
 */
#include "license/textdb.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "license/textnorm.h"
#include "util/error.h"
#include "util/fs.h"
#include "util/json.h"
#include "util/str.h"
#include "util/vec.h"

#define UNKNOWN_WORD 0xffffffffu

static uint64_t shingle_hash(const uint32_t *ids, size_t n)
{
	uint64_t h = 0x9e3779b97f4a7c15ULL;
	for (size_t i = 0; i < n; i++)
		h = cw__hash_mix(h ^ ids[i]);
	return h;
}

static int compare_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

/* Word ids for the tokens; `intern` adds new words (loading), otherwise
 * unknown words get UNKNOWN_WORD. */
static int word_ids(uint32_t **out, cw_license_db *db, const cw__text_tokens *t, bool intern)
{
	uint32_t *ids = malloc((t->count ? t->count : 1) * sizeof(*ids));
	if (!ids)
		return cw__error_oom();
	for (size_t i = 0; i < t->count; i++) {
		const char *w = t->words.ptr + t->tokens[i].offset;
		size_t len = t->tokens[i].len;
		uintptr_t v = (uintptr_t)cw__map_get(&db->words, w, len);
		if (!v && intern) {
			char *key = cw__arena_strndup(&db->arena, w, len);
			int error;
			if (!key || (error = cw__map_put(&db->words, key, len,
			                                 (void *)(uintptr_t)(db->word_count + 1), NULL)) < 0) {
				free(ids);
				return key ? error : cw_error_last()->code;
			}
			v = ++db->word_count;
		}
		ids[i] = v ? (uint32_t)(v - 1) : UNKNOWN_WORD;
	}
	*out = ids;
	return 0;
}

static int shingles_of(uint64_t **out, size_t *count, const uint32_t *ids, size_t n)
{
	size_t m = n >= CW_SHINGLE ? n - CW_SHINGLE + 1 : (n ? 1 : 0);
	uint64_t *h = malloc((m ? m : 1) * sizeof(*h));
	if (!h)
		return cw__error_oom();
	for (size_t i = 0; i < m; i++)
		h[i] = shingle_hash(ids + i, n >= CW_SHINGLE ? CW_SHINGLE : n);
	*out = h;
	*count = m;
	return 0;
}

int cw__license_shingles(uint64_t **shingles, size_t *count, const cw_license_db *db,
                         const void *tokens)
{
	uint32_t *ids;
	int error;
	/* Lookups only: the db is not modified (intern == false). */
	if ((error = word_ids(&ids, (cw_license_db *)db, tokens, false)) < 0)
		return error;
	error = shingles_of(shingles, count, ids, ((const cw__text_tokens *)tokens)->count);
	free(ids);
	return error;
}

size_t cw__count_later_phrases(const void *tokens)
{
	const cw__text_tokens *t = tokens;
	size_t n = 0;
	for (size_t i = 0; i + 2 < t->count; i++) {
		const char *a = t->words.ptr + t->tokens[i].offset;
		const char *b = t->words.ptr + t->tokens[i + 1].offset;
		const char *c = t->words.ptr + t->tokens[i + 2].offset;
		if (t->tokens[i].len == 3 && memcmp(a, "any", 3) == 0 &&
		    t->tokens[i + 1].len == 5 && memcmp(b, "later", 5) == 0 &&
		    t->tokens[i + 2].len == 7 && memcmp(c, "version", 7) == 0)
			n++;
	}
	return n;
}

/* Where "end of terms and conditions" starts (a shingle index), else `count`:
 * what follows (Apache's and the GNU licenses' "how to apply" appendix) is
 * optional per the SPDX templates, and often cut or filled in. */
static size_t end_of_terms(const cw__text_tokens *t, size_t count)
{
	static const char *const phrase[] = { "end", "of", "terms", "and", "conditions" };
	for (size_t i = 0; i + 5 <= t->count; i++) {
		size_t k = 0;
		while (k < 5 && t->tokens[i + k].len == strlen(phrase[k]) &&
		       memcmp(t->words.ptr + t->tokens[i + k].offset, phrase[k], strlen(phrase[k])) == 0)
			k++;
		if (k == 5)
			return i < count ? i : count;
	}
	return count;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);
	return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* Add one license text to the db (texts of deprecated ids are skipped). */
static int add_text(cw_license_db *db, cw_map *groups, const char *id, const char *text,
                    size_t len, size_t *cap)
{
	const cw_license_info *info = cw_license_lookup(id, strlen(id));
	cw__text_tokens tokens;
	cw__license_text *lt;
	uint32_t *ids = NULL;
	uint64_t whole;
	int error;

	if (info && info->deprecated)
		return 0;
	if ((error = cw__text_tokenize(&tokens, text, len)) < 0)
		return cw__error_prefix("license %s", id);
	if (!tokens.count)
		goto done;
	if ((error = cw__vec_reserve((void **)&db->licenses, cap, sizeof(*db->licenses),
	                             db->count + 1)) < 0 ||
	    (error = word_ids(&ids, db, &tokens, true)) < 0)
		goto done;
	lt = &db->licenses[db->count];
	memset(lt, 0, sizeof(*lt));
	if (!(lt->id = cw__arena_strdup(&db->arena, info ? info->id : id)) ||
	    !(lt->text = cw__arena_strndup(&db->arena, text, len))) {
		error = cw_error_last()->code;
		goto done;
	}
	if ((error = shingles_of(&lt->ordered, &lt->ordered_count, ids, tokens.count)) < 0)
		goto done;
	if (!(lt->shingles = malloc((lt->ordered_count ? lt->ordered_count : 1) * sizeof(uint64_t)))) {
		free(lt->ordered);
		error = cw__error_oom();
		goto done;
	}
	memcpy(lt->shingles, lt->ordered, lt->ordered_count * sizeof(uint64_t));
	lt->shingle_count = lt->ordered_count;
	qsort(lt->shingles, lt->shingle_count, sizeof(uint64_t), compare_u64);
	{
		size_t u = 0;
		for (size_t i = 0; i < lt->shingle_count; i++)
			if (!u || lt->shingles[u - 1] != lt->shingles[i])
				lt->shingles[u++] = lt->shingles[i];
		lt->shingle_count = u;
	}
	lt->later_phrases = cw__count_later_phrases(&tokens);
	lt->terms_end = end_of_terms(&tokens, lt->ordered_count);
	lt->only = ends_with(lt->id, "-only");
	lt->or_later = ends_with(lt->id, "-or-later");
	/* Same normalised text, same group. */
	whole = cw__hash(ids, tokens.count * sizeof(*ids));
	{
		char key[17];
		char *k;
		void *first;
		snprintf(key, sizeof(key), "%016llx", (unsigned long long)whole);
		first = cw__map_get(groups, key, 16);
		lt->group = first ? (int)((uintptr_t)first - 1) : (int)db->count;
		if (!first && (!(k = cw__arena_strndup(&db->arena, key, 16)) ||
		               (error = cw__map_put(groups, k, 16,
		                                    (void *)(uintptr_t)(db->count + 1), NULL)) < 0)) {
			error = error ? error : cw_error_last()->code;
			free(lt->shingles);
			free(lt->ordered);
			goto done;
		}
	}
	db->count++;
done:
	free(ids);
	cw__text_tokens_free(&tokens);
	return error;
}

static int load_json(cw_license_db *db, cw_map *groups, const char *path, size_t *cap)
{
	cw_buf data = CW_BUF_INIT;
	cw_json *root = NULL;
	const char *id;
	cw_json *value;
	int error;

	if ((error = cw__file_read(&data, path, 0)) < 0 ||
	    (error = cw__json_parse(&root, data.ptr, data.len, path)) < 0)
		goto done;
	if (!json_is_object(root)) {
		error = cw__error_set_at(CW_EINVALID, path, 1, 1,
		                         "expected an object {id: {licenseText: ...}}");
		goto done;
	}
	json_object_foreach(root, id, value) {
		cw_json *text = json_object_get(value, "licenseText");
		if (!json_is_string(text)) {
			error = cw__error_set_at(CW_EINVALID, path, 0, 0,
			                         "license '%s': expected a string licenseText", id);
			goto done;
		}
		if ((error = add_text(db, groups, id, json_string_value(text),
		                      json_string_length(text), cap)) < 0)
			goto done;
	}
done:
	cw__json_free(root);
	cw__buf_free(&data);
	return error;
}

static int load_dir(cw_license_db *db, cw_map *groups, const char *path, size_t *cap)
{
	DIR *dir = opendir(path);
	struct dirent *de;
	int error = 0;
	if (!dir)
		return cw__error_set(CW_EIO, "%s: cannot open directory", path);
	while (error == 0 && (de = readdir(dir))) {
		size_t n = strlen(de->d_name);
		char file[4096], id[256];
		cw_buf text = CW_BUF_INIT;
		if (n <= 4 || strcmp(de->d_name + n - 4, ".txt") != 0 || n - 4 >= sizeof(id))
			continue;
		memcpy(id, de->d_name, n - 4);
		id[n - 4] = '\0';
		snprintf(file, sizeof(file), "%s/%s", path, de->d_name);
		if ((error = cw__file_read(&text, file, 16u << 20)) == 0)
			error = add_text(db, groups, id, text.ptr ? text.ptr : "", text.len, cap);
		cw__buf_free(&text);
	}
	closedir(dir);
	return error;
}

typedef struct {
	uint64_t hash;
	uint32_t license;
} pair;

static int compare_pair(const void *a, const void *b)
{
	const pair *x = a, *y = b;
	if (x->hash != y->hash)
		return x->hash < y->hash ? -1 : 1;
	return x->license < y->license ? -1 : x->license > y->license;
}

static int build_index(cw_license_db *db)
{
	size_t total = 0, k = 0, heads = 0;
	pair *pairs;

	for (size_t i = 0; i < db->count; i++)
		total += db->licenses[i].shingle_count;
	if (!(pairs = malloc((total ? total : 1) * sizeof(*pairs))) ||
	    !(db->postings = malloc((total ? total : 1) * sizeof(*db->postings)))) {
		free(pairs);
		return cw__error_oom();
	}
	for (size_t i = 0; i < db->count; i++)
		for (size_t j = 0; j < db->licenses[i].shingle_count; j++)
			pairs[k++] = (pair){ db->licenses[i].shingles[j], (uint32_t)i };
	qsort(pairs, total, sizeof(*pairs), compare_pair);
	for (size_t i = 0; i < total; i++)
		heads += !i || pairs[i].hash != pairs[i - 1].hash;
	db->head_cap = 16;
	while (db->head_cap < heads * 2)
		db->head_cap *= 2;
	if (!(db->heads = calloc(db->head_cap, sizeof(*db->heads)))) {
		free(pairs);
		return cw__error_oom();
	}
	for (size_t i = 0; i < total;) {
		size_t j = i, slot = (size_t)pairs[i].hash & (db->head_cap - 1);
		while (j < total && pairs[j].hash == pairs[i].hash) {
			db->postings[j] = pairs[j].license;
			j++;
		}
		while (db->heads[slot].count)
			slot = (slot + 1) & (db->head_cap - 1);
		db->heads[slot] = (cw__posting_head){ pairs[i].hash, (uint32_t)i, (uint32_t)(j - i) };
		i = j;
	}
	free(pairs);
	return 0;
}

const cw__posting_head *cw__license_db_postings(const cw_license_db *db, uint64_t hash)
{
	size_t slot = (size_t)hash & (db->head_cap - 1);
	while (db->heads[slot].count) {
		if (db->heads[slot].hash == hash)
			return &db->heads[slot];
		slot = (slot + 1) & (db->head_cap - 1);
	}
	return NULL;
}

/* The end of a load: index what was read, or free it all on an error. */
static int db_finish(cw_license_db **out, cw_license_db *db, cw_map *groups, int error)
{
	if (error == 0)
		error = build_index(db);
	cw__map_free(groups);
	if (error < 0) {
		cw_license_db_free(db);
		return error;
	}
	*out = db;
	return 0;
}

int cw_license_db_load(cw_license_db **out, const char *path)
{
	cw_license_db *db = calloc(1, sizeof(*db));
	cw_map groups = CW_MAP_INIT;
	struct stat st;
	size_t cap = 0;
	int error;

	*out = NULL;
	if (!db)
		return cw__error_oom();
	if (stat(path, &st) != 0)
		error = cw__error_set(CW_ENOTFOUND, "%s: no such license list", path);
	else if (S_ISDIR(st.st_mode))
		error = load_dir(db, &groups, path, &cap);
	else
		error = load_json(db, &groups, path, &cap);
	if (error == 0 && db->count == 0)
		error = cw__error_set(CW_EINVALID, "%s: no license texts found", path);
	return db_finish(out, db, &groups, error);
}

int cw_license_db_from_texts(cw_license_db **out, size_t count, const char *const *ids,
                             const char *const *texts, const size_t *lens)
{
	cw_license_db *db = calloc(1, sizeof(*db));
	cw_map groups = CW_MAP_INIT;
	size_t cap = 0;
	int error = 0;

	*out = NULL;
	if (!db)
		return cw__error_oom();
	for (size_t i = 0; i < count && error == 0; i++)
		error = add_text(db, &groups, ids[i], texts[i], lens[i], &cap);
	if (error == 0 && db->count == 0)
		error = cw__error_set(CW_EINVALID, "no license texts given");
	return db_finish(out, db, &groups, error);
}

const char *cw_license_db_text(const cw_license_db *db, const char *id)
{
	for (size_t i = 0; i < db->count; i++)
		if (strcasecmp(db->licenses[i].id, id) == 0)
			return db->licenses[i].text;
	return NULL;
}

size_t cw_license_db_count(const cw_license_db *db)
{
	return db->count;
}

void cw_license_db_free(cw_license_db *db)
{
	if (!db)
		return;
	for (size_t i = 0; i < db->count; i++) {
		free(db->licenses[i].shingles);
		free(db->licenses[i].ordered);
	}
	free(db->licenses);
	free(db->heads);
	free(db->postings);
	cw__map_free(&db->words);
	cw__arena_free(&db->arena);
	free(db);
}
