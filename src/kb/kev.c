/*
 * kev.c - the CISA Known Exploited Vulnerabilities catalog.
 *
 * Format: the catalog JSON (schema known_exploited_vulnerabilities_schema.json,
 * catalogVersion 2025.x): {title, catalogVersion, dateReleased, count,
 * vulnerabilities: [{cveID, vendorProject, product, vulnerabilityName,
 * dateAdded, shortDescription, requiredAction, dueDate,
 * knownRansomwareCampaignUse, notes, cwes}]}.  Loading a catalog replaces
 * the KEV data of the KB (the catalog is always published whole).
 */
#include "kb/kb_internal.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>

static bool valid_cve(const char *id)
{
	return id && cw__kb_is_cve(id, strlen(id));
}

int cw_kb_builder_add_kev(cw_kb_builder *b, const char *path)
{
	cw_buf data = CW_BUF_INIT;
	json_t *root = NULL, *vulns, *v;
	size_t i;
	int error;

	cw__kb_source_begin(b, "kev", path);
	if ((error = cw__kb_read_maybe_gz(&data, path, CW_KB_DOCUMENT_MAX)) < 0 ||
	    (error = cw__json_parse(&root, data.ptr ? data.ptr : "", data.len, path)) < 0)
		goto done;
	vulns = json_object_get(root, "vulnerabilities");
	if (!json_is_array(vulns)) {
		error = cw__error_set(CW_EINVALID, "%s: not a KEV catalog (no \"vulnerabilities\" array)",
		                      path);
		goto done;
	}
	if ((error = cw__kb_exec(b->db, "DELETE FROM kev")) < 0)
		goto done;
	json_array_foreach(vulns, i, v) {
		sqlite3_stmt *st = b->st[ST_KEV];
		const char *cve = cw__json_get_str(v, "cveID");
		json_t *cwes = json_object_get(v, "cwes");
		b->src_records++;
		if (!valid_cve(cve) || !cw__json_get_str(v, "dateAdded")) {
			char label[64];
			snprintf(label, sizeof(label), "vulnerabilities[%zu]", i);
			if ((error = cw__kb_malformed(b, valid_cve(cve) ? cve : label,
			                              "missing or invalid \"cveID\" or \"dateAdded\"")) < 0)
				goto done;
			continue;
		}
		sqlite3_bind_text(st, 1, cve, -1, SQLITE_STATIC);
		cw__kb_bind_text(st, 2, cw__json_get_str(v, "vendorProject"));
		cw__kb_bind_text(st, 3, cw__json_get_str(v, "product"));
		cw__kb_bind_text(st, 4, cw__json_get_str(v, "vulnerabilityName"));
		cw__kb_bind_text(st, 5, cw__json_get_str(v, "dateAdded"));
		cw__kb_bind_text(st, 6, cw__json_get_str(v, "dueDate"));
		cw__kb_bind_text(st, 7, cw__json_get_str(v, "knownRansomwareCampaignUse"));
		cw__kb_bind_text(st, 8, cw__json_get_str(v, "shortDescription"));
		cw__kb_bind_text(st, 9, cw__json_get_str(v, "requiredAction"));
		cw__kb_bind_text(st, 10, cw__json_get_str(v, "notes"));
		if (json_is_array(cwes)) {
			char *text = json_dumps(cwes, JSON_COMPACT);
			if (!text) {
				error = cw__error_oom();
				goto done;
			}
			sqlite3_bind_text(st, 11, text, -1, free);
		}
		if ((error = cw__kb_step_done(b, st)) < 0)
			goto done;
		b->stats.kev++;
	}
	{
		const char *version = cw__json_get_str(root, "catalogVersion");
		const char *released = cw__json_get_str(root, "dateReleased");
		if ((version && (error = cw__kb_meta_set(b->db, "kev_catalog_version", version)) < 0) ||
		    (released && (error = cw__kb_meta_set(b->db, "kev_date_released", released)) < 0))
			goto done;
	}
	error = cw__kb_source_end(b, "kev", path);
done:
	json_decref(root);
	cw__buf_free(&data);
	return error;
}
