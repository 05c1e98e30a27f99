/*
 * kb_internal.h - what the files of the KB module share: the builder, the
 * prepared statements and small SQLite helpers.  See docs/kb.md for the
 * schema and the life of a build.
 */
#ifndef CW_KB_INTERNAL_H
#define CW_KB_INTERNAL_H

#include <sqlite3.h>
#include <zstd.h>

#include "chainwarden/kb.h"
#include "chainwarden/log.h"
#include "util/buf.h"
#include "util/json.h"
#include "util/progress.h"

/** Largest single OSV record or NVD document accepted. */
#define CW_KB_RECORD_MAX ((size_t)16 << 20)
#define CW_KB_DOCUMENT_MAX ((size_t)1 << 30)

/* A zip member's deflate stream and CRC-32, as stored in the archive. */
typedef struct {
	const unsigned char *deflate;
	size_t deflate_len;
	uint32_t crc32;
} cw__kb_packed;

/* Prepared statements of a builder (indexes into cw_kb_builder.st). */
enum {
	ST_ADV_LOOKUP, ST_ADV_INSERT, ST_SEVERITY, ST_AFFECTED, ST_MALFORMED,
	ST_NVD_LOOKUP, ST_NVD_INSERT, ST_NVD_METRIC, ST_NVD_CWE, ST_NVD_CPE, ST_NVD_REF,
	ST_KEV, ST_EPSS,
	ST_COUNT
};

struct cw_kb_builder {
	sqlite3 *db;
	char *path;          /* final path, NULL in memory */
	char *tmp_path;      /* temporary file being written */
	int64_t generation;  /* this build's generation (base's + 1) */
	bool incremental;    /* started from a base KB */
	bool finished;
	bool progress;
	sqlite3_stmt *st[ST_COUNT];
	ZSTD_CCtx *zc;
	cw_buf zbuf;         /* compression scratch */
	struct cw__kbj_doc_s *jdoc; /* OSV fast path: flat tree (jflat.h), reused */
	cw_buf jbuf;         /* OSV fast path: JSON column scratch */
	const cw__kb_packed *packed; /* the zip member being ingested, or NULL */
	bool slow_json;      /* OSV: read with jansson only (tests compare both readers) */
	uint64_t fast_records; /* valid OSV records read by jflat */
	cw_kb_build_stats stats;
	/* the source being ingested: its name and counters */
	char source[256];
	uint64_t src_records, src_malformed;
};

/* schema.c */
int cw__kb_schema_create(sqlite3 *db);
int cw__kb_schema_indexes(sqlite3 *db);
int cw__kb_schema_check(sqlite3 *db);
int cw__kb_sql_error(sqlite3 *db, const char *what);
int cw__kb_exec(sqlite3 *db, const char *sql);
int cw__kb_meta_set(sqlite3 *db, const char *key, const char *value);
/** Meta value (malloc'd) or NULL. */
char *cw__kb_meta_get(sqlite3 *db, const char *key);

/* build.c */
void cw__kb_source_begin(cw_kb_builder *b, const char *kind, const char *path);
int cw__kb_source_end(cw_kb_builder *b, const char *kind, const char *path);
/** Count and log a skipped record; never fails the build (returns 0). */
int cw__kb_malformed(cw_kb_builder *b, const char *id, const char *reason);
int cw__kb_compress(cw_kb_builder *b, const char *data, size_t len);
/**
 * The stored form of an OSV record into b->zbuf: the zip member's deflate
 * stream wrapped as a gzip member when b->packed is set (no compression
 * work), else zstd.  cw__kb_raw_decode() reads either.
 */
int cw__kb_store_raw(cw_kb_builder *b, const char *data, size_t len);
/** Decode a stored record of `size` bytes (gzip or zstd) into out[size]. */
int cw__kb_raw_decode(char *out, size_t size, const void *stored, size_t stored_len);
/* sqlite helpers: bind text (NULL binds NULL), run a reset statement */
int cw__kb_bind_text(sqlite3_stmt *st, int i, const char *s);
int cw__kb_step_done(cw_kb_builder *b, sqlite3_stmt *st);
/** The end of cw__kb_step_done() for a statement already stepped (rc: what step returned). */
int cw__kb_step_result(cw_kb_builder *b, sqlite3_stmt *st, int rc);
/** Finalize `n` statements and clear the pointers. */
void cw__kb_finalize_all(sqlite3_stmt **st, int n);

/* osv.c: one record; 0 (also when skipped as malformed) or a fatal error */
int cw__kb_osv_ingest(cw_kb_builder *b, const char *data, size_t len, const char *label);
/* osv.c: reading the flat tree of a record (jflat.h) */
struct cw__kbj_doc_s;
bool cw__kb_osv_absent(const struct cw__kbj_doc_s *d, uint32_t v);
/** String member `key` of object node `obj` (NUL-terminated), or NULL. */
const char *cw__kb_osv_str(const struct cw__kbj_doc_s *d, uint32_t obj, const char *key);
/** First item of array node `v` (0 when absent or no array). */
uint32_t cw__kb_osv_items(const struct cw__kbj_doc_s *d, uint32_t v);
/** The kind of a range event ("introduced", ...) and its value, or NULL. */
const char *cw__kb_osv_event_kind(const struct cw__kbj_doc_s *d, uint32_t ev, const char **value);
/* osv_write.c: 1 when the record is new or changed (its old rows are deleted), 0 to keep it */
int cw__kb_osv_check_existing(cw_kb_builder *b, const char *id, const char *modified);
/*
 * osv_write.c: the rows of the checked record in b->jdoc; 0, a fatal
 * error, or CW__KB_OSV_EXISTS (nothing written) when its id is in the KB.
 */
#define CW__KB_OSV_EXISTS 1
int cw__kb_osv_write(cw_kb_builder *b, const char *data, size_t len);
/* nvd.c */
int cw__kb_nvd_ingest(cw_kb_builder *b, const char *data, size_t len, const char *label);
/* groups.c: link alias groups over every id in the KB */
int cw__kb_groups_build(sqlite3 *db);

/* source.c, zip.c: reading inputs; `packed` is NULL unless the member was deflated */
typedef int (*cw__kb_entry_fn)(void *ctx, const char *name, const char *data, size_t len,
                               const cw__kb_packed *packed);
/** Call `fn` for each *.json member of a zip (mapped, inflated with libdeflate). */
int cw__kb_zip_each(const char *path, cw__kb_entry_fn fn, void *ctx);
/** The same over a zip held in memory; `path` names it in errors. */
int cw__kb_zip_each_mem(const char *path, const void *bytes, size_t size, cw__kb_entry_fn fn,
                        void *ctx);
/** Whether a file or member name ends in ".json" (and has more before it). */
bool cw__kb_is_json_name(const char *name);
/** Call `fn` for each *.json file under a directory (sorted, recursive). */
int cw__kb_dir_each(const char *path, cw__kb_entry_fn fn, void *ctx);
/** Read a file that may be gzip-compressed (detected by magic) with a cap. */
int cw__kb_read_maybe_gz(cw_buf *out, const char *path, size_t max);

/* util for all files */
/** Create the directories above `path` (mkdir -p of its parent). */
int cw__kb_mkdir_parents(const char *path);
/** Whether s[0..len) is a CVE id: CVE-YYYY-NNNN with 4 or more digits. */
bool cw__kb_is_cve(const char *s, size_t len);
char *cw__kb_strdup(const char *s);
/** Current UTC time as RFC 3339 "YYYY-MM-DDTHH:MM:SSZ". */
void cw__kb_now(char out[32]);

#endif
