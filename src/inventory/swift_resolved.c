/*
 * swift_resolved.c - Swift Package Manager's Package.resolved, versions 1,
 * 2 and 3 (https://github.com/apple/swift-package-manager, PinsStore).
 *
 *   v1: {"object": {"pins": [{"package": "Name", "repositoryURL": "https://host/owner/repo.git",
 *                             "state": {"branch": null, "revision": "sha", "version": "1.2.3"}}]},
 *        "version": 1}
 *   v2/v3: {"pins": [{"identity": "repo", "kind": "remoteSourceControl",
 *                     "location": "https://host/owner/repo.git",
 *                     "state": {"revision": "sha", "version": "1.2.3"}}],
 *           "version": 2, "originHash": "..." (v3)}
 *
 * The component name is the repository location without scheme and ".git"
 * ("host/owner/repo": the purl namespace is "host/owner"); pins on a branch
 * or revision use the revision as the version (purl swift needs one).  The
 * file has no graph: every pin hangs off the root.
 */
#include "inventory/lang_more.h"

#include <string.h>

#include "util/error.h"

/* "https://host/owner/repo.git", "git@host:owner/repo.git", "ssh://git@host/owner/repo" -> "host/owner/repo". */
static char *location_name(cw_arena *arena, const char *loc, const char *identity)
{
	const char *p = strstr(loc, "://");
	if (!p && (loc[0] == '/' || loc[0] == '.' || loc[0] == '~'))  /* a local checkout */
		return cw__arena_printf(arena, "local/%s", identity && *identity ? identity : "package");
	p = p ? p + 3 : loc;
	const char *at = strchr(p, '@'), *slash = strchr(p, '/');
	if (at && (!slash || at < slash))
		p = at + 1;
	size_t n = strlen(p);
	while (n && p[n - 1] == '/')
		n--;
	if (n > 4 && !memcmp(p + n - 4, ".git", 4))
		n -= 4;
	char *s = cw__arena_strndup(arena, p, n);
	if (!s)
		return NULL;
	for (char *q = s; *q; q++)
		if (*q == ':')
			*q = '/';
	const char *last = strrchr(s, '/');
	if (!last || last == s || !last[1]) /* a local path or an odd location: local/<identity> */
		return cw__arena_printf(arena, "local/%s", identity ? identity : (last && last[1] ? last + 1 : s));
	return s;
}

static int read_pins(cw__inv_source *src, json_t *doc, cw__line_cursor *cur)
{
	cw_arena *arena = &src->inv->arena;
	size_t root, i;
	json_t *pin;
	int error;
	json_t *pins = json_object_get(doc, "pins");
	if (!pins)
		pins = json_object_get(json_object_get(doc, "object"), "pins");
	if (!json_is_array(pins))
		return cw__error_set_at(CW_EINVALID, src->path, 1, 1, "expected \"pins\" (or \"object\": {\"pins\"}) as an array");
	if ((error = cw__lang_file_root(src, "swift", &root)) < 0)
		return error;
	json_array_foreach(pins, i, pin) {
		const char *identity = cw__json_get_str(pin, "identity");
		const char *pkg = cw__json_get_str(pin, "package");
		const char *loc = cw__json_get_str(pin, "location");
		if (!loc)
			loc = cw__json_get_str(pin, "repositoryURL");
		json_t *state = json_object_get(pin, "state");
		const char *version = cw__json_get_str(state, "version"), *rev = cw__json_get_str(state, "revision");
		size_t line = cw__line_cursor_find_json(cur, identity ? "identity" : "package");
		cw__comp_spec spec;
		size_t idx;
		if (!loc || !*loc)
			return cw__error_set_at(CW_EINVALID, src->path, line, 0, "pin without \"location\" / \"repositoryURL\"");
		char *name = location_name(arena, loc, identity ? identity : pkg);
		if (!name)
			return cw_error_last()->code;
		spec = (cw__comp_spec){ .ecosystem = "swift", .name = cw_slice_of(name) };
		spec.version = cw_slice_of(version && *version ? version : rev ? rev : "");
		spec.line = line;
		if (rev && *rev) {
			char *r = cw__arena_printf(arena, "git+%s#%s", loc, rev);
			if (!r)
				return cw_error_last()->code;
			spec.resolved = cw_slice_of(r);
		}
		if (!spec.version.len)
			return cw__error_set_at(CW_EINVALID, src->path, line, 0, "pin \"%s\" has neither version nor revision", name);
		if ((error = cw__inv_add(src, &spec, &idx)) < 0 || (error = cw__inv_edge(src, root, idx, CW_SCOPE_REQUIRED)) < 0)
			return error;
	}
	return 0;
}

int cw__extract_swift_resolved(cw__inv_source *src)
{
	return cw__lang_json_read(src, read_pins);
}
