/*
 * show.c - `db show ID`: the alias group of an id and everything the KB
 * holds about it.  OSV advisories are rebuilt from the normalized tables
 * (advisories, severity, affected), in OSV member order, so what is shown is
 * exactly what the matcher will use (details, references and credits, which
 * nothing matches on, come from the stored record); `db show --raw` gives
 * the stored input.
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

/*
 * Replace member `key` of `row` (the rowid a query put there, keeping the
 * member's place) by fill(kb, rowid); an empty array removes the member
 * when `drop_empty`.
 */
static void fill_one(json_t *row, cw_kb *kb, const char *key, bool drop_empty,
                     json_t *(*fill)(cw_kb *, int64_t))
{
	json_t *arr = fill(kb, json_integer_value(json_object_get(row, key)));
	if (drop_empty && !json_array_size(arr)) {
		json_object_del(row, key);
		json_decref(arr);
	} else {
		json_object_set_new(row, key, arr);
	}
}

/* fill_one() for every object of `rows`; returns `rows`. */
static json_t *fill_member(json_t *rows, cw_kb *kb, const char *key, bool drop_empty,
                           json_t *(*fill)(cw_kb *, int64_t))
{
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row)
		fill_one(row, kb, key, drop_empty, fill);
	return rows;
}

static json_t *affected_severity(cw_kb *kb, int64_t affected)
{
	return severity_array(kb, 0, affected);
}

static json_t *affected_array(cw_kb *kb, int64_t adv)
{
	/* json_patch drops the null members of `package`; no member at all: no package */
	json_t *rows = cw__kb_rows(kb, "SELECT NULLIF(json_patch('{}', json_object('ecosystem',"
		" ecosystem, 'name', name, 'purl', purl)), '{}') AS package, id AS severity,"
		" ranges, versions, ecosystem_specific, database_specific FROM affected"
		" WHERE adv = :num ORDER BY seq", adv, NULL,
		"package ranges versions ecosystem_specific database_specific");
	return fill_member(rows, kb, "severity", true, affected_severity);
}

static json_t *advisory_severity(cw_kb *kb, int64_t adv)
{
	return severity_array(kb, adv, 0);
}

/*
 * Members that have no column, only shown: taken from the stored record,
 * in the places the query held for them (an empty array, like an absent
 * member, is left out).
 */
static int fill_from_stored(json_t *rec, cw_kb *kb, const char *name)
{
	static const char *const keys[] = { "details", "references", "credits" };
	json_t *stored;
	char *data = NULL;
	size_t len;
	int error;

	if ((error = cw_kb_raw(&data, &len, kb, name)) < 0)
		return error;
	stored = json_loadb(data, len, JSON_ALLOW_NUL, NULL);
	free(data);
	if (!json_is_object(stored)) {
		json_decref(stored);
		return cw__error_set(CW_EINVALID, "%s: stored record of %s is not a JSON object",
		                     kb->path, name);
	}
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		json_t *v = json_object_get(stored, keys[i]);
		if (!v || json_is_null(v) || (json_is_array(v) && !json_array_size(v)))
			json_object_del(rec, keys[i]);
		else
			json_object_set(rec, keys[i], v);
	}
	json_decref(stored);
	return 0;
}

int cw__kb_osv_rebuild(json_t **out, cw_kb *kb, const char *name)
{
	/* OSV member order; the members with rows elsewhere first get the
	 * advisory's rowid, those in the stored record only a placeholder */
	json_t *rec = cw__kb_row(kb, "SELECT schema_version, name AS id, modified, published,"
		" withdrawn, aliases, related, upstream, summary, id AS details,"
		" id AS severity, id AS affected, id AS \"references\", id AS credits, extra"
		" FROM advisories WHERE name = :text", 0, name, "aliases related upstream");
	const char *text;
	json_t *extra = NULL;
	int error;

	*out = NULL;
	if (!rec)
		return 0;
	if ((error = fill_from_stored(rec, kb, name)) < 0) {
		json_decref(rec);
		return error;
	}
	fill_one(rec, kb, "severity", true, advisory_severity);
	fill_one(rec, kb, "affected", true, affected_array);
	/* the top-level members without a column, after all others */
	if ((text = json_string_value(json_object_get(rec, "extra"))))
		extra = json_loads(text, 0, NULL);
	json_object_del(rec, "extra");
	if (extra)
		json_object_update(rec, extra);
	json_decref(extra);
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
