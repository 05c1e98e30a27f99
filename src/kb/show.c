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

/* The severity statements of advisory `adv` itself (affected 0) or of one affected entry. */
static json_t *severity_array(cw_kb *kb, int64_t adv, int64_t affected)
{
	if (affected)
		return cw__kb_rows(kb, "SELECT type, score FROM severity WHERE affected = :num AND adv ="
		                   " (SELECT adv FROM affected WHERE id = :num) ORDER BY rowid",
		                   affected, NULL, NULL);
	return cw__kb_rows(kb, "SELECT type, score FROM severity WHERE adv = :num AND affected IS NULL"
	                   " ORDER BY rowid", adv, NULL, NULL);
}

static json_t *ranges_array(cw_kb *kb, int64_t affected)
{
	sqlite3_stmt *st = NULL;
	json_t *arr = json_array();
	if (cw__kb_prepare(kb, &st, "SELECT id, type, repo, database_specific FROM ranges"
	                   " WHERE affected = ? ORDER BY seq") < 0)
		return arr;
	sqlite3_bind_int64(st, 1, affected);
	while (sqlite3_step(st) == SQLITE_ROW) {
		json_t *r = json_object();
		cw__kb_set_col(r, "type", st, 1);
		cw__kb_set_col(r, "repo", st, 2);
		json_object_set_new(r, "events", cw__kb_values(kb, "SELECT json_object(kind, value) AS e"
		                                               " FROM events WHERE rng = :num ORDER BY seq",
		                                               sqlite3_column_int64(st, 0), NULL, "e"));
		cw__kb_set_json_col(r, "database_specific", st, 3);
		json_array_append_new(arr, r);
	}
	sqlite3_finalize(st);
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
		cw__kb_set_nonempty(a, "severity", severity_array(kb, adv, id));
		cw__kb_set_nonempty(a, "ranges", ranges_array(kb, id));
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
	for (size_t i = 0; i < 3; i++) {
		static const char *const kinds[][2] = {
			{ "aliases", "alias" }, { "related", "related" }, { "upstream", "upstream" }
		};
		cw__kb_set_nonempty(rec, kinds[i][0], cw__kb_values(kb, "SELECT alias FROM aliases"
		                    " WHERE adv = :num AND kind = :text ORDER BY rowid", adv, kinds[i][1], NULL));
	}
	cw__kb_set_col(rec, "summary", st, 6);
	cw__kb_set_col(rec, "details", st, 7);
	cw__kb_set_nonempty(rec, "severity", severity_array(kb, adv, 0));
	cw__kb_set_nonempty(rec, "affected", affected_array(kb, adv));
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
	json_t *rec = cw__kb_row(kb, "SELECT cve AS id, status, published, last_modified AS lastModified,"
	                         " source_identifier AS sourceIdentifier, description FROM nvd"
	                         " WHERE cve = :text", 0, cve, NULL);
	if (!rec)
		return NULL;
	json_object_set_new(rec, "metrics", cw__kb_rows(kb, "SELECT m.version, m.source, m.type,"
		" m.vector AS vectorString, m.base_score AS baseScore, m.severity AS baseSeverity"
		" FROM nvd_metrics m JOIN nvd n ON n.id = m.nvd WHERE n.cve = :text ORDER BY m.rowid",
		0, cve, NULL));
	json_object_set_new(rec, "cwes", cw__kb_values(kb, "SELECT DISTINCT c.cwe FROM nvd_cwes c"
		" JOIN nvd n ON n.id = c.nvd WHERE n.cve = :text ORDER BY c.cwe", 0, cve, NULL));
	json_object_set_new(rec, "cpes", cw__kb_rows(kb, "SELECT c.criteria,"
		" CASE WHEN c.vulnerable THEN 'true' ELSE 'false' END AS vulnerable,"
		" c.start_including AS versionStartIncluding, c.start_excluding AS versionStartExcluding,"
		" c.end_including AS versionEndIncluding, c.end_excluding AS versionEndExcluding,"
		" c.config AS configuration, c.node, c.operator,"
		" CASE WHEN c.negate THEN 'true' END AS negate"
		" FROM nvd_cpes c JOIN nvd n ON n.id = c.nvd WHERE n.cve = :text ORDER BY c.rowid",
		0, cve, "vulnerable negate"));
	json_object_set_new(rec, "references", cw__kb_rows(kb, "SELECT r.url, r.source, r.tags"
		" FROM nvd_refs r JOIN nvd n ON n.id = r.nvd WHERE n.cve = :text ORDER BY r.rowid",
		0, cve, "tags"));
	return rec;
}

/* The ids of the alias group of `id` (just `id` when it is in no group). */
static json_t *group_ids(cw_kb *kb, const char *id)
{
	json_t *ids = cw__kb_values(kb, "SELECT id FROM id_groups WHERE grp ="
	                            " (SELECT grp FROM id_groups WHERE id = :text) ORDER BY id", 0, id, NULL);
	if (!json_array_size(ids))
		json_array_append_new(ids, json_string(id));
	return ids;
}

static int show_exact(json_t **out, cw_kb *kb, const char *id)
{
	json_t *ids = NULL, *osv = json_array(), *nvd = json_array(), *kev = json_array();
	json_t *epss = json_array(), *doc, *v;
	char *model = NULL, *date = NULL;
	size_t i;
	int error = 0;

	*out = NULL;
	ids = group_ids(kb, id);
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
		if ((rec = cw__kb_row(kb, "SELECT cve AS cveID, vendor AS vendorProject, product,"
		                      " name AS vulnerabilityName, date_added AS dateAdded,"
		                      " due_date AS dueDate, ransomware AS knownRansomwareCampaignUse,"
		                      " description AS shortDescription, required_action AS requiredAction,"
		                      " notes, cwes FROM kev WHERE cve = :text", 0, one, "cwes")))
			json_array_append_new(kev, rec);
		if ((rec = cw__kb_row(kb, "SELECT cve, score AS epss, percentile FROM epss"
		                      " WHERE cve = :text", 0, one, NULL))) {
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
