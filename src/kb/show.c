/*
 * show.c - `db show ID`: the alias group of an id and everything the KB
 * holds about it.  OSV advisories are rebuilt from the normalized tables
 * (affected, ranges, events, ...), in OSV member order, so what is shown is
 * exactly what the matcher will use; `db show --raw` gives the stored input.
 */
#include "kb/kb_query.h"
#include "util/error.h"
#include "util/str.h"

#include <stdlib.h>
#include <string.h>

static json_t *string_column_array(cw_kb *kb, const char *sql, int64_t key, const char *kind)
{
	sqlite3_stmt *st = NULL;
	json_t *arr = json_array();
	if (cw__kb_prepare(kb, &st, sql) < 0)
		return arr;
	sqlite3_bind_int64(st, 1, key);
	if (kind)
		sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW)
		json_array_append_new(arr, json_string((const char *)sqlite3_column_text(st, 0)));
	sqlite3_finalize(st);
	return arr;
}

static void set_nonempty(json_t *obj, const char *key, json_t *arr)
{
	if (json_array_size(arr))
		json_object_set_new(obj, key, arr);
	else
		json_decref(arr);
}

static json_t *severity_array(cw_kb *kb, int64_t adv, int64_t affected)
{
	sqlite3_stmt *st = NULL;
	json_t *arr = json_array();
	const char *sql = affected
		? "SELECT type, score FROM severity WHERE adv = ?1 AND affected = ?2 ORDER BY rowid"
		: "SELECT type, score FROM severity WHERE adv = ?1 AND affected IS NULL ORDER BY rowid";
	if (cw__kb_prepare(kb, &st, sql) < 0)
		return arr;
	sqlite3_bind_int64(st, 1, adv);
	if (affected)
		sqlite3_bind_int64(st, 2, affected);
	while (sqlite3_step(st) == SQLITE_ROW) {
		json_t *s = json_object();
		cw__kb_set_col(s, "type", st, 0);
		cw__kb_set_col(s, "score", st, 1);
		json_array_append_new(arr, s);
	}
	sqlite3_finalize(st);
	return arr;
}

static json_t *ranges_array(cw_kb *kb, int64_t affected)
{
	sqlite3_stmt *st = NULL, *ev = NULL;
	json_t *arr = json_array();
	if (cw__kb_prepare(kb, &st, "SELECT id, type, repo, database_specific FROM ranges"
	                   " WHERE affected = ? ORDER BY seq") < 0 ||
	    cw__kb_prepare(kb, &ev, "SELECT kind, value FROM events WHERE rng = ? ORDER BY seq") < 0)
		goto done;
	sqlite3_bind_int64(st, 1, affected);
	while (sqlite3_step(st) == SQLITE_ROW) {
		json_t *r = json_object(), *events = json_array();
		cw__kb_set_col(r, "type", st, 1);
		cw__kb_set_col(r, "repo", st, 2);
		sqlite3_bind_int64(ev, 1, sqlite3_column_int64(st, 0));
		while (sqlite3_step(ev) == SQLITE_ROW) {
			json_t *e = json_object();
			cw__kb_set_col(e, (const char *)sqlite3_column_text(ev, 0), ev, 1);
			json_array_append_new(events, e);
		}
		sqlite3_reset(ev);
		json_object_set_new(r, "events", events);
		cw__kb_set_json_col(r, "database_specific", st, 3);
		json_array_append_new(arr, r);
	}
done:
	sqlite3_finalize(st);
	sqlite3_finalize(ev);
	return arr;
}

static json_t *affected_array(cw_kb *kb, int64_t adv)
{
	sqlite3_stmt *st = NULL;
	json_t *arr = json_array();
	if (cw__kb_prepare(kb, &st, "SELECT id, ecosystem, name, purl, versions, ecosystem_specific,"
	                   " database_specific FROM affected WHERE adv = ? ORDER BY seq") < 0)
		return arr;
	sqlite3_bind_int64(st, 1, adv);
	while (sqlite3_step(st) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		json_t *a = json_object(), *pkg = json_object();
		cw__kb_set_col(pkg, "ecosystem", st, 1);
		cw__kb_set_col(pkg, "name", st, 2);
		cw__kb_set_col(pkg, "purl", st, 3);
		if (json_object_size(pkg))
			json_object_set_new(a, "package", pkg);
		else
			json_decref(pkg);
		set_nonempty(a, "severity", severity_array(kb, adv, id));
		set_nonempty(a, "ranges", ranges_array(kb, id));
		cw__kb_set_json_col(a, "versions", st, 4);
		cw__kb_set_json_col(a, "ecosystem_specific", st, 5);
		cw__kb_set_json_col(a, "database_specific", st, 6);
		json_array_append_new(arr, a);
	}
	sqlite3_finalize(st);
	return arr;
}

int cw__kb_osv_rebuild(json_t **out, cw_kb *kb, const char *name)
{
	sqlite3_stmt *st = NULL;
	json_t *rec;
	int64_t adv;
	int error;

	*out = NULL;
	if ((error = cw__kb_prepare(kb, &st, "SELECT id, schema_version, name, modified, published,"
	                            " withdrawn, summary, details, extra, refs, credits FROM advisories"
	                            " WHERE name = ?")) < 0)
		return error;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_finalize(st);
		return 0;
	}
	adv = sqlite3_column_int64(st, 0);
	rec = json_object();
	cw__kb_set_col(rec, "schema_version", st, 1);
	cw__kb_set_col(rec, "id", st, 2);
	cw__kb_set_col(rec, "modified", st, 3);
	cw__kb_set_col(rec, "published", st, 4);
	cw__kb_set_col(rec, "withdrawn", st, 5);
	set_nonempty(rec, "aliases", string_column_array(kb,
		"SELECT alias FROM aliases WHERE adv = ?1 AND kind = ?2 ORDER BY rowid", adv, "alias"));
	set_nonempty(rec, "related", string_column_array(kb,
		"SELECT alias FROM aliases WHERE adv = ?1 AND kind = ?2 ORDER BY rowid", adv, "related"));
	set_nonempty(rec, "upstream", string_column_array(kb,
		"SELECT alias FROM aliases WHERE adv = ?1 AND kind = ?2 ORDER BY rowid", adv, "upstream"));
	cw__kb_set_col(rec, "summary", st, 6);
	cw__kb_set_col(rec, "details", st, 7);
	set_nonempty(rec, "severity", severity_array(kb, adv, 0));
	set_nonempty(rec, "affected", affected_array(kb, adv));
	cw__kb_set_json_col(rec, "references", st, 9);
	cw__kb_set_json_col(rec, "credits", st, 10);
	if (sqlite3_column_text(st, 8)) {
		json_t *extra = json_loads((const char *)sqlite3_column_text(st, 8), 0, NULL);
		if (extra)
			json_object_update(rec, extra);
		json_decref(extra);
	}
	sqlite3_finalize(st);
	*out = rec;
	return 0;
}

static json_t *nvd_record(cw_kb *kb, const char *cve)
{
	sqlite3_stmt *st = NULL, *q = NULL;
	json_t *rec = NULL, *arr;
	int64_t id;

	if (cw__kb_prepare(kb, &st, "SELECT id, cve, status, published, last_modified, description,"
	                   " source_identifier FROM nvd WHERE cve = ?") < 0)
		return NULL;
	sqlite3_bind_text(st, 1, cve, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_ROW)
		goto done;
	id = sqlite3_column_int64(st, 0);
	rec = json_object();
	cw__kb_set_col(rec, "id", st, 1);
	cw__kb_set_col(rec, "status", st, 2);
	cw__kb_set_col(rec, "published", st, 3);
	cw__kb_set_col(rec, "lastModified", st, 4);
	cw__kb_set_col(rec, "sourceIdentifier", st, 6);
	cw__kb_set_col(rec, "description", st, 5);
	arr = json_array();
	if (cw__kb_prepare(kb, &q, "SELECT version, source, type, vector, base_score, severity"
	                   " FROM nvd_metrics WHERE nvd = ? ORDER BY rowid") == 0) {
		sqlite3_bind_int64(q, 1, id);
		while (sqlite3_step(q) == SQLITE_ROW) {
			json_t *m = json_object();
			cw__kb_set_col(m, "version", q, 0);
			cw__kb_set_col(m, "source", q, 1);
			cw__kb_set_col(m, "type", q, 2);
			cw__kb_set_col(m, "vectorString", q, 3);
			cw__kb_set_col(m, "baseScore", q, 4);
			cw__kb_set_col(m, "baseSeverity", q, 5);
			json_array_append_new(arr, m);
		}
	}
	sqlite3_finalize(q);
	q = NULL;
	json_object_set_new(rec, "metrics", arr);
	json_object_set_new(rec, "cwes", string_column_array(kb,
		"SELECT DISTINCT cwe FROM nvd_cwes WHERE nvd = ? ORDER BY cwe", id, NULL));
	arr = json_array();
	if (cw__kb_prepare(kb, &q, "SELECT criteria, vulnerable, versionStartIncluding,"
	                   " versionStartExcluding, versionEndIncluding, versionEndExcluding,"
	                   " config, node, operator, negate FROM (SELECT *, start_including AS"
	                   " versionStartIncluding, start_excluding AS versionStartExcluding,"
	                   " end_including AS versionEndIncluding, end_excluding AS"
	                   " versionEndExcluding FROM nvd_cpes WHERE nvd = ? ORDER BY rowid)") == 0) {
		sqlite3_bind_int64(q, 1, id);
		while (sqlite3_step(q) == SQLITE_ROW) {
			json_t *m = json_object();
			cw__kb_set_col(m, "criteria", q, 0);
			json_object_set_new(m, "vulnerable", json_boolean(sqlite3_column_int(q, 1)));
			cw__kb_set_col(m, "versionStartIncluding", q, 2);
			cw__kb_set_col(m, "versionStartExcluding", q, 3);
			cw__kb_set_col(m, "versionEndIncluding", q, 4);
			cw__kb_set_col(m, "versionEndExcluding", q, 5);
			cw__kb_set_col(m, "configuration", q, 6);
			cw__kb_set_col(m, "node", q, 7);
			cw__kb_set_col(m, "operator", q, 8);
			if (sqlite3_column_int(q, 9))
				json_object_set_new(m, "negate", json_true());
			json_array_append_new(arr, m);
		}
	}
	sqlite3_finalize(q);
	json_object_set_new(rec, "cpes", arr);
	arr = json_array();
	if (cw__kb_prepare(kb, &q, "SELECT url, source, tags FROM nvd_refs WHERE nvd = ? ORDER BY rowid") == 0) {
		sqlite3_bind_int64(q, 1, id);
		while (sqlite3_step(q) == SQLITE_ROW) {
			json_t *r = json_object();
			cw__kb_set_col(r, "url", q, 0);
			cw__kb_set_col(r, "source", q, 1);
			cw__kb_set_json_col(r, "tags", q, 2);
			json_array_append_new(arr, r);
		}
	}
	sqlite3_finalize(q);
	json_object_set_new(rec, "references", arr);
done:
	sqlite3_finalize(st);
	return rec;
}

static json_t *row_object(cw_kb *kb, const char *sql, const char *id)
{
	sqlite3_stmt *st = NULL;
	json_t *obj = NULL;
	if (cw__kb_prepare(kb, &st, sql) < 0)
		return NULL;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		obj = json_object();
		for (int i = 0; i < sqlite3_column_count(st); i++) {
			const char *name = sqlite3_column_name(st, i);
			if (strcmp(name, "cwes") == 0)
				cw__kb_set_json_col(obj, name, st, i);
			else
				cw__kb_set_col(obj, name, st, i);
		}
	}
	sqlite3_finalize(st);
	return obj;
}

/* The ids of the alias group of `id` (just `id` when it is in no group). */
static int group_ids(json_t **out, cw_kb *kb, const char *id)
{
	sqlite3_stmt *st = NULL;
	json_t *ids = json_array();
	int error;

	if ((error = cw__kb_prepare(kb, &st, "SELECT id FROM id_groups WHERE grp ="
	                            " (SELECT grp FROM id_groups WHERE id = ?) ORDER BY id")) < 0) {
		json_decref(ids);
		return error;
	}
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW)
		json_array_append_new(ids, json_string((const char *)sqlite3_column_text(st, 0)));
	sqlite3_finalize(st);
	if (!json_array_size(ids))
		json_array_append_new(ids, json_string(id));
	*out = ids;
	return 0;
}

static int show_exact(json_t **out, cw_kb *kb, const char *id)
{
	json_t *ids = NULL, *osv = json_array(), *nvd = json_array(), *kev = json_array();
	json_t *epss = json_array(), *doc, *v;
	char *model = NULL, *date = NULL;
	size_t i;
	int error;

	*out = NULL;
	if ((error = group_ids(&ids, kb, id)) < 0)
		goto done;
	model = cw__kb_meta_get(kb->db, "epss_model_version");
	date = cw__kb_meta_get(kb->db, "epss_score_date");
	json_array_foreach(ids, i, v) {
		const char *one = json_string_value(v);
		json_t *rec = NULL;
		if ((error = cw__kb_osv_rebuild(&rec, kb, one)) < 0)
			goto done;
		if (rec)
			json_array_append_new(osv, rec);
		if ((rec = nvd_record(kb, one)))
			json_array_append_new(nvd, rec);
		if ((rec = row_object(kb, "SELECT cve AS cveID, vendor AS vendorProject, product,"
		                      " name AS vulnerabilityName, date_added AS dateAdded,"
		                      " due_date AS dueDate, ransomware AS knownRansomwareCampaignUse,"
		                      " description AS shortDescription, required_action AS requiredAction,"
		                      " notes, cwes FROM kev WHERE cve = ?", one)))
			json_array_append_new(kev, rec);
		if ((rec = row_object(kb, "SELECT cve, score AS epss, percentile FROM epss WHERE cve = ?",
		                      one))) {
			if (model)
				json_object_set_new(rec, "model_version", json_string(model));
			if (date)
				json_object_set_new(rec, "score_date", json_string(date));
			json_array_append_new(epss, rec);
		}
	}
	if (!json_array_size(osv) && !json_array_size(nvd) && !json_array_size(kev) &&
	    !json_array_size(epss))
		goto done; /* not found: *out stays NULL */
	doc = json_object();
	json_object_set_new(doc, "query", json_string(id));
	json_object_set_new(doc, "ids", ids);
	json_object_set_new(doc, "osv", osv);
	json_object_set_new(doc, "nvd", nvd);
	json_object_set_new(doc, "kev", kev);
	json_object_set_new(doc, "epss", epss);
	ids = osv = nvd = kev = epss = NULL;
	*out = doc;
done:
	free(model);
	free(date);
	json_decref(ids);
	json_decref(osv);
	json_decref(nvd);
	json_decref(kev);
	json_decref(epss);
	return error;
}

int cw_kb_show(char **out, cw_kb *kb, const char *id, cw_kb_format format)
{
	json_t *doc = NULL;
	int error;

	*out = NULL;
	if ((error = show_exact(&doc, kb, id)) < 0)
		return error;
	if (!doc) {
		/* ids differ only in case (ghsa-... finds GHSA-...): find the stored
		 * spelling; a scan, but only for ids not found as given */
		sqlite3_stmt *st = NULL;
		char *canonical = NULL;
		if ((error = cw__kb_prepare(kb, &st, "SELECT id FROM id_groups WHERE id = ?1 COLLATE NOCASE"
		                            " UNION ALL SELECT cve FROM epss WHERE cve = upper(?1)"
		                            " LIMIT 1")) < 0)
			return error;
		sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW &&
		    !(canonical = cw__kb_strdup((const char *)sqlite3_column_text(st, 0))))
			error = cw__error_oom();
		sqlite3_finalize(st);
		if (canonical && strcmp(canonical, id) != 0)
			error = show_exact(&doc, kb, canonical);
		free(canonical);
		if (error < 0)
			return error;
	}
	if (!doc)
		return cw__error_set(CW_ENOTFOUND, "no advisory or CVE record for %s in %s", id, kb->path);
	error = cw__kb_finish_output(out, doc, format, cw__kb_render_show);
	json_decref(doc);
	return error;
}
