/*
 * ignore.c - the ignore file (.chainwarden.yaml or --ignore FILE), YAML:
 *
 *     ignore:
 *       - id: CVE-2021-23337          # any id of the finding (display id or alias)
 *         package: lodash             # optional: package name or purl
 *         reason: "not reachable: template() is never called"   # required
 *         expires: 2026-12-31         # optional; after this date the finding comes back
 *
 * An entry without `id` or `reason`, or with an `expires` that is not a
 * YYYY-MM-DD date, is an input error (file:line: what is wrong).  An
 * expired entry is reported as a warning and suppresses nothing.
 */
#include "match/match.h"
#include "inventory/yaml_tree.h"
#include "util/error.h"
#include "util/fs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static bool is_date(cw_slice s)
{
	if (s.len != 10 || s.ptr[4] != '-' || s.ptr[7] != '-')
		return false;
	for (size_t i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !cw_is_digit(s.ptr[i]))
			return false;
	return true;
}

static bool finding_has_id(const cw_finding *f, cw_slice id)
{
	if (strlen(f->id) == id.len && !strncasecmp(f->id, id.ptr, id.len))
		return true;
	for (size_t i = 0; i < f->alias_count; i++)
		if (strlen(f->aliases[i]) == id.len && !strncasecmp(f->aliases[i], id.ptr, id.len))
			return true;
	return false;
}

static bool package_is(const cw_component *c, cw_slice pkg)
{
	if (strlen(c->name) == pkg.len && !memcmp(c->name, pkg.ptr, pkg.len))
		return true;
	if (c->purl && !strncmp(c->purl, pkg.ptr, pkg.len) &&
	    (c->purl[pkg.len] == '\0' || c->purl[pkg.len] == '@' || c->purl[pkg.len] == '?'))
		return true;
	return false;
}

int cw__scan_apply_ignore(cw_scan_result *r, const char *path, const char *today)
{
	cw_buf data = CW_BUF_INIT;
	int error;
	if ((error = cw__file_read(&data, path, (size_t)16 << 20)) >= 0)
		error = cw__scan_apply_ignore_data(r, path, data.ptr ? data.ptr : "", data.len, today);
	cw__buf_free(&data);
	return error;
}

int cw__scan_apply_ignore_data(cw_scan_result *r, const char *path, const char *text, size_t len,
                               const char *today)
{
	cw_arena arena = CW_ARENA_INIT;
	cw_ynode *root = NULL;
	const cw_ynode *list;
	char now[16];
	int error;

	if (!today) {
		time_t t = time(NULL);
		struct tm tm;
		gmtime_r(&t, &tm);
		strftime(now, sizeof(now), "%Y-%m-%d", &tm);
		today = now;
	}
	if (!today || strlen(today) < 10)
		return cw__error_set(CW_EINVALID, "ignore: the date must be YYYY-MM-DD");
	if ((error = cw__yaml_parse(&root, &arena, path, text, len)) < 0)
		goto done;
	if (!root)
		goto done; /* empty file: nothing ignored */
	if (root->type == CW_YN_MAP && !cw__yaml_get(root, "ignore") && cw__yaml_get(root, "upstream"))
		goto done; /* only the upstream settings (upstream.c) */
	if (root->type != CW_YN_MAP || !(list = cw__yaml_get(root, "ignore"))) {
		error = cw__error_set_at(CW_EINVALID, path, root->line, 1,
		                         "expected a mapping with an 'ignore' list");
		goto done;
	}
	if (list->type != CW_YN_SEQ) {
		error = cw__error_set_at(CW_EINVALID, path, list->line, 1, "'ignore' must be a list");
		goto done;
	}
	for (size_t i = 0; i < list->count; i++) {
		const cw_ynode *e = list->items[i];
		cw_slice id, pkg, reason, expires;
		const char *why;
		if (e->type != CW_YN_MAP) {
			error = cw__error_set_at(CW_EINVALID, path, e->line, 1,
			                         "an ignore entry must be a mapping (id, reason, ...)");
			goto done;
		}
		id = cw__yaml_str(e, "id");
		pkg = cw__yaml_str(e, "package");
		reason = cw__yaml_str(e, "reason");
		expires = cw__yaml_str(e, "expires");
		if (!id.len || !reason.len) {
			error = cw__error_set_at(CW_EINVALID, path, e->line, 1,
			                         "an ignore entry needs an 'id' and a 'reason'");
			goto done;
		}
		if (expires.len && !is_date(expires)) {
			error = cw__error_set_at(CW_EINVALID, path, e->line, 1,
			                         "'expires' must be a date YYYY-MM-DD, not '%.*s'",
			                         (int)expires.len, expires.ptr);
			goto done;
		}
		if (expires.len && memcmp(expires.ptr, today, 10) < 0) {
			if ((error = cw__scan_warn(r, "%s:%zu: ignore entry for %.*s expired on %.*s; the "
			                           "finding is reported again", path, e->line, (int)id.len,
			                           id.ptr, (int)expires.len, expires.ptr)) < 0)
				goto done;
			continue;
		}
		if (!(why = cw__arena_strndup(&r->arena, reason.ptr, reason.len))) {
			error = cw_error_last()->code;
			goto done;
		}
		for (size_t k = 0; k < r->findings.len; k++) {
			cw_finding *f = &r->findings.items[k]->pub;
			if (!finding_has_id(f, id) || (pkg.len && !package_is(f->package, pkg)))
				continue;
			f->ignored = true;
			f->ignore_reason = why;
		}
	}
done:
	cw__arena_free(&arena);
	return error;
}
