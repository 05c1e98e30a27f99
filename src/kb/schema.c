/*
 * schema.c - the KB's SQLite schema (version CW_KB_SCHEMA_VERSION) and
 * small SQLite helpers.
 *
 * How the KB is laid out (docs/kb.md has the full description):
 *
 *  - advisories: one row per OSV record (`name` is the OSV id), with its
 *    `aliases`, `related` and `upstream` ids as JSON arrays (read whole,
 *    by the alias groups and `db show`, never searched).  The
 *    matcher-facing parts are normalized into child tables keyed by the
 *    advisory's rowid: severity, affected (ecosystem, normalized name, purl,
 *    explicit versions as a JSON array, ecosystem_specific/database_specific
 *    JSON), ranges and events (kept as strings: the version module parses
 *    them at match time).  `extra` keeps the top-level fields that have no column,
 *    and `raw` the original record compressed (raw.c), so nothing of the
 *    input is lost; `db show` takes details, references and credits, only
 *    ever shown, from there.
 *  - nvd + nvd_metrics/nvd_cwes/nvd_cpes/nvd_refs: NVD CVE API 2.0 records.
 *  - kev, epss: one row per CVE.
 *  - id_groups: every id known to any source, mapped to the group of ids
 *    linked by aliases (connected components), so a query by any id finds
 *    the whole group.
 *  - `generation` on advisories and nvd says which build last wrote the
 *    row: an incremental update bumps it only for rewritten records.
 *  - meta, sources, malformed: build metadata; fetches: HTTP validators
 *    (ETag, Last-Modified) of the feeds `db update` downloaded.
 */
#include "kb/kb_internal.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>

static const char schema_sql[] =
	"CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;"
	"CREATE TABLE sources(name TEXT PRIMARY KEY, kind TEXT NOT NULL, location TEXT,"
	" records INTEGER NOT NULL DEFAULT 0, malformed INTEGER NOT NULL DEFAULT 0,"
	" generation INTEGER, ingested_at TEXT);"
	"CREATE TABLE fetches(url TEXT PRIMARY KEY, etag TEXT, last_modified TEXT,"
	" fetched_at TEXT, generation INTEGER) WITHOUT ROWID;"
	"CREATE TABLE malformed(source TEXT, record TEXT, reason TEXT, generation INTEGER);"
	/* the stored record last: reading a column after it would walk its overflow pages */
	"CREATE TABLE advisories(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE,"
	" schema_version TEXT, modified TEXT, published TEXT, withdrawn TEXT,"
	" aliases TEXT, related TEXT, upstream TEXT, summary TEXT, extra TEXT,"
	" source TEXT, generation INTEGER NOT NULL, raw_size INTEGER, raw BLOB);"
	"CREATE TABLE severity(adv INTEGER NOT NULL, affected INTEGER, type TEXT, score TEXT);"
	"CREATE TABLE affected(id INTEGER PRIMARY KEY, adv INTEGER NOT NULL, seq INTEGER,"
	" ecosystem TEXT, eco_base TEXT, name TEXT, norm_name TEXT, purl TEXT,"
	" versions TEXT, ecosystem_specific TEXT, database_specific TEXT, ranges TEXT);"
"CREATE TABLE nvd(id INTEGER PRIMARY KEY, cve TEXT NOT NULL UNIQUE,"
	" source_identifier TEXT, published TEXT, last_modified TEXT, status TEXT,"
	" description TEXT, raw BLOB, raw_size INTEGER, generation INTEGER NOT NULL);"
	"CREATE TABLE nvd_metrics(nvd INTEGER NOT NULL, version TEXT, source TEXT, type TEXT,"
	" vector TEXT, base_score REAL, severity TEXT);"
	"CREATE TABLE nvd_cwes(nvd INTEGER NOT NULL, source TEXT, cwe TEXT);"
	"CREATE TABLE nvd_cpes(nvd INTEGER NOT NULL, config INTEGER, node INTEGER,"
	" operator TEXT, negate INTEGER, vulnerable INTEGER, criteria TEXT, match_id TEXT,"
	" part TEXT, vendor TEXT, product TEXT, version TEXT, cpe_update TEXT,"
	" start_including TEXT, start_excluding TEXT, end_including TEXT, end_excluding TEXT);"
	"CREATE TABLE nvd_refs(nvd INTEGER NOT NULL, url TEXT, source TEXT, tags TEXT);"
	"CREATE TABLE kev(cve TEXT PRIMARY KEY, vendor TEXT, product TEXT, name TEXT,"
	" date_added TEXT, due_date TEXT, ransomware TEXT, description TEXT,"
	" required_action TEXT, notes TEXT, cwes TEXT) WITHOUT ROWID;"
	"CREATE TABLE epss(cve TEXT PRIMARY KEY, score REAL, percentile REAL) WITHOUT ROWID;"
	"CREATE TABLE id_groups(id TEXT PRIMARY KEY, grp INTEGER NOT NULL) WITHOUT ROWID;";

/* Created after a fresh bulk load (faster than maintaining them per row). */
static const char index_sql[] =
	"CREATE INDEX IF NOT EXISTS severity_adv ON severity(adv);"
	"CREATE INDEX IF NOT EXISTS affected_adv ON affected(adv);"
	"CREATE INDEX IF NOT EXISTS affected_pkg ON affected(eco_base, norm_name);"
	"CREATE INDEX IF NOT EXISTS nvd_metrics_nvd ON nvd_metrics(nvd);"
	"CREATE INDEX IF NOT EXISTS nvd_cwes_nvd ON nvd_cwes(nvd);"
	"CREATE INDEX IF NOT EXISTS nvd_cpes_nvd ON nvd_cpes(nvd);"
	"CREATE INDEX IF NOT EXISTS nvd_cpes_product ON nvd_cpes(vendor, product);"
	"CREATE INDEX IF NOT EXISTS nvd_refs_nvd ON nvd_refs(nvd);";

int cw__kb_sql_error(sqlite3 *db, const char *what)
{
	return cw__error_set(CW_EIO, "KB: %s: %s", what, db ? sqlite3_errmsg(db) : "no database");
}

void cw__kb_finalize_all(sqlite3_stmt **st, int n)
{
	for (int i = 0; i < n; i++) {
		sqlite3_finalize(st[i]);
		st[i] = NULL;
	}
}

int cw__kb_exec(sqlite3 *db, const char *sql)
{
	char *msg = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		int error = cw__error_set(CW_EIO, "KB: %s", msg ? msg : sqlite3_errmsg(db));
		sqlite3_free(msg);
		return error;
	}
	return 0;
}

int cw__kb_schema_create(sqlite3 *db)
{
	char version[16];
	int error;
	if ((error = cw__kb_exec(db, schema_sql)) < 0)
		return error;
	snprintf(version, sizeof(version), "%d", CW_KB_SCHEMA_VERSION);
	return cw__kb_meta_set(db, "schema_version", version);
}

int cw__kb_schema_indexes(sqlite3 *db)
{
	return cw__kb_exec(db, index_sql);
}

int cw__kb_meta_set(sqlite3 *db, const char *key, const char *value)
{
	sqlite3_stmt *st = NULL;
	int error = 0;
	if (sqlite3_prepare_v2(db, "INSERT OR REPLACE INTO meta(key, value) VALUES(?, ?)",
	                       -1, &st, NULL) != SQLITE_OK)
		return cw__kb_sql_error(db, "writing metadata");
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		error = cw__kb_sql_error(db, "writing metadata");
	sqlite3_finalize(st);
	return error;
}

char *cw__kb_meta_get(sqlite3 *db, const char *key)
{
	sqlite3_stmt *st = NULL;
	char *value = NULL;
	if (sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key = ?", -1, &st, NULL) != SQLITE_OK)
		return NULL;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		value = cw__kb_strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return value;
}

int cw__kb_schema_check(sqlite3 *db)
{
	char *version = cw__kb_meta_get(db, "schema_version");
	int error = 0;
	if (!version)
		return cw__error_set(CW_EINVALID, "not a chainwarden KB (no schema version)");
	if (atoi(version) != CW_KB_SCHEMA_VERSION)
		error = cw__error_set(CW_EUNSUPPORTED,
		                      "KB schema version %s, this chainwarden reads version %d "
		                      "(rebuild it with 'chainwarden db build' or 'db update')",
		                      version, CW_KB_SCHEMA_VERSION);
	free(version);
	return error;
}

char *cw__kb_strdup(const char *s)
{
	size_t len;
	char *copy;
	if (!s)
		return NULL;
	len = strlen(s);
	if ((copy = malloc(len + 1)))
		memcpy(copy, s, len + 1);
	return copy;
}

bool cw__kb_is_cve(const char *s, size_t len)
{
	if (len < 13 || len > 32 || strncmp(s, "CVE-", 4) != 0 || s[8] != '-')
		return false;
	for (size_t i = 4; i < len; i++)
		if (i != 8 && !(s[i] >= '0' && s[i] <= '9'))
			return false;
	return true;
}
