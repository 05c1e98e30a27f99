/*
 * upstream_config.c - the options of cw_scan_upstream(): the caller's,
 * merged with the `upstream:` section of the config (ignore) file, and the
 * ignore entries that name a signal.
 *
 *     upstream:
 *       allowed_hosts: [registry.example]
 *       internal: ["acme-*"]              # name globs
 *       internal_hosts: [npm.acme.internal]
 *       popular: [popular-npm.txt]      # relative to the config file
 *       package_dirs: [vendor/unpacked] # relative to the config file
 *       drift: true
 *       fresh_days: 7
 *       registry_metadata: packuments   # relative to the config file
 *       registry_url: https://registry.example/
 *
 * Lists add to the caller's; a scalar the caller set wins.
 *
 * Ignoring: an entry of the ignore file whose `id` is a signal name
 * ("no-integrity", "install-script", ...) suppresses that signal, for its
 * `package` (name or purl) when given, until its `expires` date.
 *
 * Options come from the caller and from the `upstream:` section of the
 * config (ignore) file:
 *
 *     upstream:
 *       allowed_hosts: [registry.example]
 *       internal: ["acme-*"]              # name globs
 *       internal_hosts: [npm.acme.internal]
 *       popular: [popular-npm.txt]      # relative to the config file
 *       package_dirs: [vendor/unpacked] # relative to the config file
 *       drift: true
 *       fresh_days: 7
 *       registry_metadata: packuments   # relative to the config file
 *       registry_url: https://registry.example/
 */
#include "match/match.h"
#include "match/upstream.h"
#include "inventory/yaml_tree.h"
#include "util/error.h"
#include "util/fs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define DEFAULT_FRESH_DAYS 7

/* A string list of the merged config: the options' array it starts from, its
 * key in the config file, and whether its entries are paths (then relative to
 * the config file). */
typedef struct {
	cw__str_vec *list;
	const char *const *given;
	size_t given_count;
	const char *key;
	bool is_path;
} str_list;

#define STR_LISTS 5

/* The lists of `m`, with what `o` gives (NULL: nothing). */
static void str_lists(str_list out[STR_LISTS], cw__upstream_cfg *m, const cw_upstream_options *o)
{
	static const cw_upstream_options none;
	const cw_upstream_options *g = o ? o : &none;
	const str_list lists[STR_LISTS] = {
		{ &m->allowed, g->allowed_hosts, g->allowed_host_count, "allowed_hosts", false },
		{ &m->internal, g->internal_patterns, g->internal_pattern_count, "internal", false },
		{ &m->internal_hosts, g->internal_hosts, g->internal_host_count, "internal_hosts", false },
		{ &m->popular, g->popular_files, g->popular_file_count, "popular", true },
		{ &m->pkg_dirs, g->package_dirs, g->package_dir_count, "package_dirs", true },
	};
	memcpy(out, lists, sizeof(lists));
}

void cw__upstream_cfg_free(cw__upstream_cfg *m)
{
	str_list lists[STR_LISTS];
	str_lists(lists, m, NULL);
	for (size_t i = 0; i < STR_LISTS; i++)
		cw_vec_free(lists[i].list);
	cw__arena_free(&m->arena);
}

/* A path from the config file, relative to the file's directory. */
static const char *config_path(cw__upstream_cfg *m, const char *config, cw_slice s)
{
	const char *slash = strrchr(config, '/');
	if (s.len && s.ptr[0] == '/')
		return cw__arena_strndup(&m->arena, s.ptr, s.len);
	if (!slash)
		return cw__arena_strndup(&m->arena, s.ptr, s.len);
	return cw__arena_printf(&m->arena, "%.*s/%.*s", (int)(slash - config), config, (int)s.len, s.ptr);
}

/* A scalar or a list of scalars into `v`. */
static int config_list(cw__upstream_cfg *m, cw__str_vec *v, const char *path, const cw_ynode *n, bool is_path)
{
	const cw_ynode *const *items = (const cw_ynode *const *)&n;
	size_t count = 1;
	if (n->type == CW_YN_SEQ) {
		items = (const cw_ynode *const *)n->items;
		count = n->count;
	}
	for (size_t i = 0; i < count; i++) {
		const char *s;
		if (items[i]->type != CW_YN_SCALAR)
			return cw__error_set_at(CW_EINVALID, path, items[i]->line, 1, "expected a string or a list of strings");
		s = is_path ? config_path(m, path, items[i]->str)
		            : cw__arena_strndup(&m->arena, items[i]->str.ptr, items[i]->str.len);
		if (!s)
			return cw_error_last()->code;
		if (cw_vec_push(v, s) < 0)
			return cw_error_last()->code;
	}
	return 0;
}

static int read_config(cw__upstream_cfg *m, const str_list *lists, const char *path, bool *drift_set,
                       bool *days_set)
{
	cw_arena arena = CW_ARENA_INIT;
	cw_buf data = CW_BUF_INIT;
	cw_ynode *root = NULL;
	const cw_ynode *up;
	int error;

	if ((error = cw__file_read(&data, path, (size_t)16 << 20)) < 0 ||
	    (error = cw__yaml_parse(&root, &arena, path, data.ptr ? data.ptr : "", data.len)) < 0)
		goto done;
	if (!root || root->type != CW_YN_MAP || !(up = cw__yaml_get(root, "upstream")))
		goto done;
	if (up->type != CW_YN_MAP) {
		error = cw__error_set_at(CW_EINVALID, path, up->line, 1, "'upstream' must be a mapping");
		goto done;
	}
	for (size_t i = 0; i + 1 < up->count && error >= 0; i += 2) {
		const cw_ynode *k = up->items[i], *v = up->items[i + 1];
		const char *key = k->type == CW_YN_SCALAR && k->str.ptr ? k->str.ptr : "";
		bool scalar = v->type == CW_YN_SCALAR && v->str.ptr;
		size_t li = 0;
		while (li < STR_LISTS && strcmp(key, lists[li].key))
			li++;
		if (li < STR_LISTS)
			error = config_list(m, lists[li].list, path, v, lists[li].is_path);
		else if (!strcmp(key, "drift") && scalar &&
		         (!strcmp(v->str.ptr, "true") || !strcmp(v->str.ptr, "false"))) {
			if (!*drift_set)
				m->drift = !strcmp(v->str.ptr, "true");
		} else if (!strcmp(key, "fresh_days") && scalar && v->str.len && v->str.len < 6 &&
		           strspn(v->str.ptr, "0123456789") == v->str.len) {
			if (!*days_set) {
				m->fresh_days = atoi(v->str.ptr);
				if (m->fresh_days == 0)
					m->fresh_days = -1; /* 0 days: off */
				*days_set = true;
			}
		} else if (!strcmp(key, "registry_metadata") && scalar) {
			if (!m->metadata && !(m->metadata = config_path(m, path, v->str)))
				error = cw_error_last()->code;
		} else if (!strcmp(key, "registry_url") && scalar) {
			if (!m->url && !(m->url = cw__arena_strndup(&m->arena, v->str.ptr, v->str.len)))
				error = cw_error_last()->code;
		} else {
			error = cw__error_set_at(CW_EINVALID, path, k->line, 1,
			                         "upstream: bad key or value '%s' (expected allowed_hosts, internal, "
			                         "internal_hosts, popular, package_dirs, drift: true|false, "
			                         "fresh_days: N, registry_metadata, registry_url)", key);
		}
	}
done:
	cw__arena_free(&arena);
	cw__buf_free(&data);
	return error;
}

static bool package_is(const cw_upstream_finding *u, cw_slice pkg)
{
	const char *purl = u->package ? u->package->purl : NULL;
	if (strlen(u->name) == pkg.len && !memcmp(u->name, pkg.ptr, pkg.len))
		return true;
	return purl && !strncmp(purl, pkg.ptr, pkg.len) &&
	       (purl[pkg.len] == '\0' || purl[pkg.len] == '@' || purl[pkg.len] == '?');
}

/* The ignore list of the config file, applied to upstream findings (ignore.c checks its syntax). */
int cw__upstream_apply_ignore(cw_scan_result *r, const char *path, int64_t now)
{
	cw_arena arena = CW_ARENA_INIT;
	cw_buf data = CW_BUF_INIT;
	cw_ynode *root = NULL;
	const cw_ynode *list;
	char today[16];
	time_t t = (time_t)now;
	struct tm tm;
	int error;

	gmtime_r(&t, &tm);
	strftime(today, sizeof(today), "%Y-%m-%d", &tm);
	if ((error = cw__file_read(&data, path, (size_t)16 << 20)) < 0 ||
	    (error = cw__yaml_parse(&root, &arena, path, data.ptr ? data.ptr : "", data.len)) < 0)
		goto done;
	if (!root || root->type != CW_YN_MAP || !(list = cw__yaml_get(root, "ignore")) || list->type != CW_YN_SEQ)
		goto done;
	for (size_t i = 0; i < list->count; i++) {
		const cw_ynode *e = list->items[i];
		cw_slice id, pkg, reason, expires;
		const char *why = NULL;
		if (e->type != CW_YN_MAP)
			continue;
		id = cw__yaml_str(e, "id");
		pkg = cw__yaml_str(e, "package");
		reason = cw__yaml_str(e, "reason");
		expires = cw__yaml_str(e, "expires");
		if (!id.len || !reason.len || (expires.len == 10 && memcmp(expires.ptr, today, 10) < 0))
			continue;
		for (size_t k = 0; k < r->upstream.len; k++) {
			cw_upstream_finding *u = &r->upstream.items[k];
			if (strlen(u->signal) != id.len || strncasecmp(u->signal, id.ptr, id.len) ||
			    (pkg.len && !package_is(u, pkg)))
				continue;
			if (!why && !(why = cw__arena_strndup(&r->arena, reason.ptr, reason.len))) {
				error = cw_error_last()->code;
				goto done;
			}
			u->ignored = true;
			u->ignore_reason = why;
		}
	}
done:
	cw__arena_free(&arena);
	cw__buf_free(&data);
	return error;
}

int cw__upstream_cfg_load(cw__upstream_cfg *m, const cw_upstream_options *o)
{
	bool drift_set = !o->drift, days_set = o->fresh_days != 0;
	str_list lists[STR_LISTS];
	int error = 0;
	str_lists(lists, m, o);
	m->drift = o->drift;
	m->fresh_days = o->fresh_days;
	m->metadata = o->registry_metadata;
	m->url = o->registry_url;
	m->now = o->now ? o->now : (int64_t)time(NULL);
	for (size_t i = 0; i < STR_LISTS; i++)
		for (size_t k = 0; k < lists[i].given_count && error >= 0; k++)
			error = cw_vec_push(lists[i].list, lists[i].given[k]);
	if (error < 0)
		return error;
	if (o->config_file && (error = read_config(m, lists, o->config_file, &drift_set, &days_set)) < 0)
		return error;
	if (m->fresh_days == 0)
		m->fresh_days = DEFAULT_FRESH_DAYS;
	return 0;
}
