/*
 * build.c - the KB builder: creates a fresh KB (or copies a base KB for an
 * incremental update) in a temporary file next to the target, ingests the
 * sources, links alias groups, fsyncs and renames the file into place.
 *
 * Bulk-load settings: the temporary file is private until the rename, so
 * it is written without a journal and without syncs (one fsync at the end);
 * a crash leaves only a stray temporary file, never a broken KB.
 */
#include "kb/kb_internal.h"
#include "kb/jflat.h"
#include "chainwarden/log.h"
#include "util/error.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char *const statement_sql[ST_COUNT] = {
	[ST_ADV_LOOKUP] = "SELECT id, modified FROM advisories WHERE name = ?",
	[ST_ADV_INSERT] = "INSERT INTO advisories(name, schema_version, modified, published,"
	                  " withdrawn, summary, extra, raw, raw_size, source, generation,"
	                  " aliases, related, upstream) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
	[ST_SEVERITY] = "INSERT INTO severity(adv, affected, type, score) VALUES(?,?,?,?)",
	[ST_AFFECTED] = "INSERT INTO affected(adv, seq, ecosystem, eco_base, name, norm_name, purl,"
	                " versions, ecosystem_specific, database_specific, ranges)"
	                " VALUES(?,?,?,?,?,?,?,?,?,?,?)",
	[ST_MALFORMED] = "INSERT INTO malformed(source, record, reason, generation) VALUES(?,?,?,?)",
	[ST_NVD_LOOKUP] = "SELECT id, last_modified FROM nvd WHERE cve = ?",
	[ST_NVD_INSERT] = "INSERT INTO nvd(cve, source_identifier, published, last_modified, status,"
	                  " description, raw, raw_size, generation) VALUES(?,?,?,?,?,?,?,?,?)",
	[ST_NVD_METRIC] = "INSERT INTO nvd_metrics(nvd, version, source, type, vector, base_score,"
	                  " severity) VALUES(?,?,?,?,?,?,?)",
	[ST_NVD_CWE] = "INSERT INTO nvd_cwes(nvd, source, cwe) VALUES(?,?,?)",
	[ST_NVD_CPE] = "INSERT INTO nvd_cpes(nvd, config, node, operator, negate, vulnerable,"
	               " criteria, match_id, part, vendor, product, version, cpe_update,"
	               " start_including, start_excluding, end_including, end_excluding)"
	               " VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
	[ST_NVD_REF] = "INSERT INTO nvd_refs(nvd, url, source, tags) VALUES(?,?,?,?)",
	[ST_KEV] = "INSERT OR REPLACE INTO kev(cve, vendor, product, name, date_added, due_date,"
	           " ransomware, description, required_action, notes, cwes)"
	           " VALUES(?,?,?,?,?,?,?,?,?,?,?)",
	[ST_EPSS] = "INSERT OR REPLACE INTO epss(cve, score, percentile) VALUES(?,?,?)",
};

void cw__kb_now(char out[32])
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int cw__kb_bind_text(sqlite3_stmt *st, int i, const char *s)
{
	return s ? sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC) : sqlite3_bind_null(st, i);
}

int cw__kb_step_done(cw_kb_builder *b, sqlite3_stmt *st)
{
	return cw__kb_step_result(b, st, sqlite3_step(st));
}

int cw__kb_step_result(cw_kb_builder *b, sqlite3_stmt *st, int rc)
{
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != SQLITE_DONE)
		return cw__kb_sql_error(b->db, "writing");
	return 0;
}

static int copy_file(const char *from, int to_fd)
{
	char chunk[1 << 16];
	ssize_t n;
	int fd = open(from, O_RDONLY);
	if (fd < 0)
		return cw__error_set(errno == ENOENT ? CW_ENOTFOUND : CW_EIO,
		                     "%s: cannot open: %s", from, strerror(errno));
	while ((n = read(fd, chunk, sizeof(chunk))) > 0) {
		if (write(to_fd, chunk, (size_t)n) != n) {
			close(fd);
			return cw__error_set(CW_EIO, "copying %s: %s", from, strerror(errno));
		}
	}
	close(fd);
	return n < 0 ? cw__error_set(CW_EIO, "%s: read failed: %s", from, strerror(errno)) : 0;
}

int cw__kb_mkdir_parents(const char *path)
{
	char *copy = cw__kb_strdup(path);
	int error = 0;
	if (!copy)
		return cw__error_oom();
	for (char *p = copy + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(copy, 0755) != 0 && errno != EEXIST) {
			error = cw__error_set(CW_EIO, "%s: cannot create directory: %s", copy, strerror(errno));
			break;
		}
		*p = '/';
	}
	free(copy);
	return error;
}

static int make_temp(cw_kb_builder *b, const char *base)
{
	int fd, error = 0;
	if ((error = cw__kb_mkdir_parents(b->path)) < 0)
		return error;
	if (!(b->tmp_path = malloc(strlen(b->path) + 16)))
		return cw__error_oom();
	sprintf(b->tmp_path, "%s.tmp-XXXXXX", b->path);
	if ((fd = mkstemp(b->tmp_path)) < 0) {
		error = cw__error_set(CW_EIO, "%s: cannot create a temporary file: %s",
		                      b->tmp_path, strerror(errno));
		free(b->tmp_path);
		b->tmp_path = NULL;
		return error;
	}
	fchmod(fd, 0644);
	if (base)
		error = copy_file(base, fd);
	close(fd);
	return error;
}

int cw_kb_builder_new(cw_kb_builder **out, const char *path, const cw_kb_build_options *opts)
{
	cw_kb_builder *b;
	const char *base = opts ? opts->base : NULL;
	int error = 0;

	*out = NULL;
	if (opts && opts->version != CW_KB_BUILD_OPTIONS_VERSION)
		return cw__error_set(CW_EUSAGE, "cw_kb_builder_new: options version %u", opts->version);
	/* SQLite's memory statistics take a global mutex on every allocation;
	 * nothing here reads them.  Only possible before SQLite's first use in
	 * the process (later calls fail harmlessly with SQLITE_MISUSE). */
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	if (!(b = calloc(1, sizeof(*b))))
		return cw__error_oom();
	b->progress = opts && opts->progress;
	if (!(b->zc = ZSTD_createCCtx())) {
		error = cw__error_oom();
		goto done;
	}
	ZSTD_CCtx_setParameter(b->zc, ZSTD_c_compressionLevel, 1);
	if (path) {
		if (!(b->path = cw__kb_strdup(path))) {
			error = cw__error_oom();
			goto done;
		}
		if ((error = make_temp(b, base)) < 0)
			goto done;
	} else if (base) {
		error = cw__error_set(CW_EUSAGE, "an in-memory build cannot start from a base KB");
		goto done;
	}
	if (sqlite3_open_v2(path ? b->tmp_path : ":memory:", &b->db,
	                    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
	                    NULL) != SQLITE_OK) {
		error = cw__kb_sql_error(b->db, "opening the new KB");
		goto done;
	}
	if ((error = cw__kb_exec(b->db, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;"
	                         " PRAGMA locking_mode=EXCLUSIVE; PRAGMA cache_size=-65536;"
	                         " PRAGMA temp_store=MEMORY;"
	                         /* 8 KiB pages: fewer overflow pages for the record
	                          * texts, 5% smaller KB, 15% faster indexing than 4 KiB
	                          * (16 KiB: slower db show); a base keeps its size
	                          * until the VACUUM at the end */
	                         " PRAGMA page_size=8192;")) < 0)
		goto done;
	if (base) {
		char *gen;
		if ((error = cw__kb_schema_check(b->db)) < 0) {
			cw__error_prefix("%s", base);
			goto done;
		}
		gen = cw__kb_meta_get(b->db, "generation");
		b->generation = (gen ? atoll(gen) : 0) + 1;
		free(gen);
		b->incremental = true;
	} else {
		if ((error = cw__kb_schema_create(b->db)) < 0)
			goto done;
		b->generation = 1;
	}
	if ((error = cw__kb_exec(b->db, "BEGIN")) < 0)
		goto done;
	for (int i = 0; i < ST_COUNT && error >= 0; i++)
		if (sqlite3_prepare_v3(b->db, statement_sql[i], -1, SQLITE_PREPARE_PERSISTENT,
		                       &b->st[i], NULL) != SQLITE_OK)
			error = cw__kb_sql_error(b->db, "preparing statements");
done:
	if (error < 0) {
		cw_kb_builder_free(b); /* removes the temporary file */
		return error;
	}
	*out = b;
	return 0;
}

void cw_kb_builder_free(cw_kb_builder *b)
{
	if (!b)
		return;
	cw__kb_finalize_all(b->st, ST_COUNT);
	if (b->db)
		sqlite3_close(b->db);
	if (b->tmp_path && !b->finished)
		unlink(b->tmp_path);
	ZSTD_freeCCtx(b->zc);
	cw__buf_free(&b->zbuf);
	if (b->jdoc)
		cw__kbj_free(b->jdoc);
	free(b->jdoc);
	cw__buf_free(&b->jbuf);
	free(b->tmp_path);
	free(b->path);
	free(b);
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (slash && slash[1])
		return slash + 1;
	return path;
}

void cw__kb_source_begin(cw_kb_builder *b, const char *kind, const char *path)
{
	snprintf(b->source, sizeof(b->source), "%s:%s", kind, base_name(path));
	b->src_records = b->src_malformed = 0;
}

int cw__kb_source_end(cw_kb_builder *b, const char *kind, const char *path)
{
	sqlite3_stmt *st = NULL;
	char now[32];
	int error = 0;

	cw__kb_now(now);
	if (sqlite3_prepare_v2(b->db,
	        "INSERT INTO sources(name, kind, location, records, malformed, generation, ingested_at)"
	        " VALUES(?1,?2,?3,?4,?5,?6,?7) ON CONFLICT(name) DO UPDATE SET kind=?2, location=?3,"
	        " records=?4, malformed=?5, generation=?6, ingested_at=?7", -1, &st, NULL) != SQLITE_OK)
		return cw__kb_sql_error(b->db, "recording a source");
	sqlite3_bind_text(st, 1, b->source, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, path, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, (int64_t)b->src_records);
	sqlite3_bind_int64(st, 5, (int64_t)b->src_malformed);
	sqlite3_bind_int64(st, 6, b->generation);
	sqlite3_bind_text(st, 7, now, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		error = cw__kb_sql_error(b->db, "recording a source");
	sqlite3_finalize(st);
	return error;
}

int cw__kb_malformed(cw_kb_builder *b, const char *id, const char *reason)
{
	sqlite3_stmt *st = b->st[ST_MALFORMED];
	cw_log_warn("%s: skipped malformed record %s: %s", b->source, id, reason);
	b->stats.malformed++;
	b->src_malformed++;
	sqlite3_bind_text(st, 1, b->source, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, reason, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 4, b->generation);
	return cw__kb_step_done(b, st);
}

/* ---- OSV inputs -------------------------------------------------------- */

typedef struct {
	cw_kb_builder *b;
	cw_progress progress;
	uint64_t n;
} osv_walk;

static int osv_entry(void *ctx, const char *name, const char *data, size_t len,
                     const cw__kb_packed *packed)
{
	osv_walk *w = ctx;
	int error;
	w->b->packed = packed;
	error = cw__kb_osv_ingest(w->b, data, len, base_name(name));
	w->b->packed = NULL;
	if (w->b->progress)
		cw__progress_update(&w->progress, ++w->n);
	return error;
}

static bool has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcmp(s + n - m, suffix) == 0;
}

int cw_kb_builder_add_osv(cw_kb_builder *b, const char *path)
{
	osv_walk w = { b, { 0 }, 0 };
	struct stat sb;
	int error;

	if (stat(path, &sb) != 0)
		return cw__error_set(errno == ENOENT ? CW_ENOTFOUND : CW_EIO,
		                     "%s: %s", path, strerror(errno));
	cw__kb_source_begin(b, "osv", path);
	if (b->progress)
		cw__progress_start(&w.progress, b->source, 0);
	if (S_ISDIR(sb.st_mode)) {
		error = cw__kb_dir_each(path, osv_entry, &w);
	} else if (has_suffix(path, ".json")) {
		cw_buf data = CW_BUF_INIT;
		if ((error = cw__kb_read_maybe_gz(&data, path, CW_KB_RECORD_MAX)) == 0)
			error = osv_entry(&w, path, data.ptr ? data.ptr : "", data.len, NULL);
		cw__buf_free(&data);
	} else {
		error = cw__kb_zip_each(path, osv_entry, &w);
	}
	if (b->progress)
		cw__progress_finish(&w.progress);
	if (error < 0)
		return error;
	return cw__kb_source_end(b, "osv", path);
}

int cw_kb_builder_add_osv_record(cw_kb_builder *b, const char *data, size_t len,
                                 const char *label)
{
	return cw__kb_osv_ingest(b, data, len, label ? label : "<record>");
}

int cw_kb_builder_set_source_validators(cw_kb_builder *b, const char *url,
                                        const char *etag, const char *last_modified)
{
	sqlite3_stmt *st = NULL;
	char now[32];
	int error = 0;
	cw__kb_now(now);
	if (sqlite3_prepare_v2(b->db, "INSERT OR REPLACE INTO fetches(url, etag, last_modified,"
	                       " fetched_at, generation) VALUES(?, ?, ?, ?, ?)", -1, &st, NULL) != SQLITE_OK)
		return cw__kb_sql_error(b->db, "recording validators");
	sqlite3_bind_text(st, 1, url, -1, SQLITE_STATIC);
	cw__kb_bind_text(st, 2, etag);
	cw__kb_bind_text(st, 3, last_modified);
	sqlite3_bind_text(st, 4, now, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, b->generation);
	if (sqlite3_step(st) != SQLITE_DONE)
		error = cw__kb_sql_error(b->db, "recording validators");
	sqlite3_finalize(st);
	return error;
}

/* ---- finishing --------------------------------------------------------- */

static int sync_and_rename(cw_kb_builder *b)
{
	char *dir_copy;
	int fd;

	if ((fd = open(b->tmp_path, O_RDONLY)) < 0 || fsync(fd) != 0) {
		if (fd >= 0)
			close(fd);
		return cw__error_set(CW_EIO, "%s: fsync failed: %s", b->tmp_path, strerror(errno));
	}
	close(fd);
	if (rename(b->tmp_path, b->path) != 0)
		return cw__error_set(CW_EIO, "renaming %s to %s: %s", b->tmp_path, b->path,
		                     strerror(errno));
	b->finished = true;
	if ((dir_copy = cw__kb_strdup(b->path))) {
		if ((fd = open(dirname(dir_copy), O_RDONLY | O_DIRECTORY)) >= 0) {
			fsync(fd);
			close(fd);
		}
		free(dir_copy);
	}
	return 0;
}

int cw_kb_builder_finish(cw_kb_builder *b, cw_kb_build_stats *stats)
{
	char now[32], gen[32];
	int error;

	if (b->finished || !b->db)
		return cw__error_set(CW_EUSAGE, "KB builder already finished");
	cw__kb_now(now);
	snprintf(gen, sizeof(gen), "%lld", (long long)b->generation);
	if ((error = cw__kb_schema_indexes(b->db)) < 0 ||
	    (error = cw__kb_groups_build(b->db)) < 0 ||
	    (error = cw__kb_meta_set(b->db, "built_at", now)) < 0 ||
	    (error = cw__kb_meta_set(b->db, "generation", gen)) < 0 ||
	    (error = cw__kb_meta_set(b->db, "tool_version", cw_version_string())) < 0 ||
	    (error = cw__kb_exec(b->db, "COMMIT")) < 0)
		return error;
	if (b->incremental && (error = cw__kb_exec(b->db, "VACUUM")) < 0)
		return error;
	cw__kb_finalize_all(b->st, ST_COUNT);
	if (sqlite3_close(b->db) != SQLITE_OK)
		return cw__kb_sql_error(b->db, "closing the new KB");
	b->db = NULL;
	if (stats)
		*stats = b->stats;
	if (!b->path) {
		b->finished = true;
		return 0;
	}
	return sync_and_rename(b);
}
