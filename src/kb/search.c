/*
 * search.c - `db search PACKAGE [--ecosystem E]`: advisories whose affected
 * entries name the package, found through the (eco_base, norm_name) index
 * with the same normalization the matcher uses (cw_kb_normalize_name).
 * Withdrawn advisories are left out unless asked for: they no longer match.
 */
#include "kb/kb_query.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static json_t *range_summary(cw_kb *kb, int64_t affected)
{
	return cw__kb_rows(kb, "SELECT r.value ->> 'type' AS type, (SELECT group_concat(k.key || ' ' ||"
	                   " k.value, ', ') FROM json_each(r.value, '$.events') e, json_each(e.value) k)"
	                   " AS events FROM affected f, json_each(f.ranges) r WHERE f.id = :num"
	                   " ORDER BY r.key", affected, NULL, NULL);
}

static int search_one(cw_kb *kb, json_t *results, const char *eco, const char *package,
                      bool include_withdrawn)
{
	sqlite3_stmt *st = NULL;
	char *norm = NULL;
	int error;

	if ((error = cw_kb_normalize_name(&norm, eco, package, strlen(package))) < 0)
		return error;
	if ((error = cw__kb_prepare(kb, &st, "SELECT a.name, f.ecosystem, f.name, f.purl, a.withdrawn,"
	                            " a.summary, a.modified, f.id, json_array_length(f.versions)"
	                            " FROM affected f JOIN advisories a ON a.id = f.adv"
	                            " WHERE f.eco_base = ? AND f.norm_name = ?"
	                            " ORDER BY a.name, f.seq")) < 0)
		goto done;
	sqlite3_bind_text(st, 1, eco, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, norm, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		json_t *r;
		if (sqlite3_column_type(st, 4) != SQLITE_NULL && !include_withdrawn)
			continue;
		r = json_object();
		cw__kb_set_col(r, "id", st, 0);
		cw__kb_set_col(r, "ecosystem", st, 1);
		cw__kb_set_col(r, "package", st, 2);
		cw__kb_set_col(r, "purl", st, 3);
		cw__kb_set_col(r, "withdrawn", st, 4);
		cw__kb_set_col(r, "summary", st, 5);
		cw__kb_set_col(r, "modified", st, 6);
		json_object_set_new(r, "ranges", range_summary(kb, sqlite3_column_int64(st, 7)));
		if (sqlite3_column_type(st, 8) != SQLITE_NULL)
			cw__kb_set_col(r, "versions", st, 8);
		json_array_append_new(results, r);
	}
done:
	sqlite3_finalize(st);
	free(norm);
	return error;
}

int cw_kb_search(char **out, cw_kb *kb, const char *package, const char *ecosystem,
                 bool include_withdrawn, cw_kb_format format)
{
	json_t *doc = json_object(), *results, *v; /* results: a member of doc, borrowed */
	json_t *ecos = cw__kb_values(kb, "SELECT DISTINCT eco_base FROM affected"
	                             " WHERE eco_base IS NOT NULL ORDER BY eco_base", 0, NULL, NULL);
	bool matched_eco = false;
	size_t i;
	int error = 0;

	*out = NULL;
	json_object_set_new(doc, "package", json_string(package));
	if (ecosystem)
		json_object_set_new(doc, "ecosystem", json_string(ecosystem));
	if (json_object_set_new(doc, "results", results = json_array()) < 0) {
		error = cw__error_oom();
		goto done;
	}
	json_array_foreach(ecos, i, v) {
		const char *eco = json_string_value(v);
		if (ecosystem) {
			size_t base = strcspn(ecosystem, ":");
			if (strlen(eco) != base || strncasecmp(eco, ecosystem, base) != 0)
				continue;
		}
		matched_eco = true;
		if ((error = search_one(kb, results, eco, package, include_withdrawn)) < 0)
			goto done;
	}
	if (ecosystem && !matched_eco) {
		error = cw__error_set(CW_ENOTFOUND, "no ecosystem '%s' in the KB (see 'chainwarden db info')",
		                      ecosystem);
		goto done;
	}
	error = cw__kb_finish_output(out, doc, format, cw__kb_render_search);
done:
	json_decref(ecos);
	json_decref(doc);
	return error;
}
