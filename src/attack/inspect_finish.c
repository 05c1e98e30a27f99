/*
 * inspect_finish.c - the end of an inspect session: the install commands
 * of package.json are scanned as files of their own, the files they run
 * are resolved (as node or a shell would, from the package root, then
 * relative to each file, three levels deep), then inspect_evaluate.c turns
 * the matches into findings.
 */
#include "attack/inspect_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/error.h"
#include "util/map.h"

#define INSTALL_DEPTH 3

/* "dir/" + "./x/../y.js" -> "dir/y.js" in buf; false if it leaves the package. */
static bool join_path(char *buf, size_t cap, const char *dir, size_t dir_len, const char *ref)
{
	size_t n = 0;
	if (ref[0] == '/')
		return false;
	if (dir_len >= cap)
		return false;
	memcpy(buf, dir, dir_len);
	n = dir_len;
	for (const char *p = ref; *p; ) {
		const char *e = strchr(p, '/');
		size_t k = e ? (size_t)(e - p) : strlen(p);
		if (k == 0 || (k == 1 && p[0] == '.')) {
			/* skip */
		} else if (k == 2 && p[0] == '.' && p[1] == '.') {
			if (n == 0)
				return false;
			n--;   /* drop the trailing '/' and the last component */
			while (n > 0 && buf[n - 1] != '/')
				n--;
		} else {
			if (n + k + 2 >= cap)
				return false;
			memcpy(buf + n, p, k);
			n += k;
			if (e)
				buf[n++] = '/';
		}
		if (!e)
			break;
		p = e + 1;
	}
	buf[n] = 0;
	return n > 0 && buf[n - 1] != '/';
}

static cw__inspect_file *find_file(const cw_map *names, cw_inspect_session *s, const char *path)
{
	void *v = cw__map_get(names, path, strlen(path));
	return v ? &s->files.items[(size_t)(uintptr_t)v - 1] : NULL;
}

/* Resolve `ref` from directory `dir` as node or a shell would. */
static cw__inspect_file *resolve(const cw_map *names, cw_inspect_session *s, const char *dir,
                                 size_t dir_len, const char *ref)
{
	static const char *const tails[] = { "", ".js", ".cjs", ".mjs", "/index.js" };
	char path[512], tried[600];
	if (!join_path(path, sizeof(path), dir, dir_len, ref))
		return NULL;
	for (size_t i = 0; i < sizeof(tails) / sizeof(tails[0]); i++) {
		cw__inspect_file *f;
		snprintf(tried, sizeof(tried), "%s%s", path, tails[i]);
		if ((f = find_file(names, s, tried)))
			return f;
	}
	return NULL;
}

/* Mark install files: from the command's references, then theirs. */
static int mark_install(cw_inspect_session *s, const cw_map *names, cw__inspect_file *from,
                        bool *install, int level)
{
	const char *root = s->manifest_dir ? s->manifest_dir : "";
	for (size_t i = 0; i < from->refs.len; i++) {
		const char *ref = from->refs.items[i];
		cw__inspect_file *t = NULL;
		if (level > 0) {   /* relative to the file that names it first */
			const char *slash = strrchr(from->name, '/');
			t = resolve(names, s, from->name, slash ? (size_t)(slash - from->name) + 1 : 0, ref);
		}
		if (!t)            /* scripts run in the package root */
			t = resolve(names, s, root, strlen(root), ref);
		if (!t || !t->code || install[t - s->files.items])
			continue;
		install[t - s->files.items] = true;
		if (level < INSTALL_DEPTH)
			mark_install(s, names, t, install, level + 1);
	}
	return 0;
}

typedef struct {
	cw_inspect_report *report;
	const cw_inspect_rules *rules;
	size_t *first;            /* rule -> index in the file's matches, or SIZE_MAX */
} finish_ctx;

int cw_inspect_session_finish(cw_inspect_report **out, cw_inspect_session *s)
{
	cw_inspect_report *rep = NULL;
	cw_map names = CW_MAP_INIT;
	bool *install = NULL;
	size_t real_files;
	int error = 0;

	*out = NULL;
	if (!(rep = cw__arena_new_owner(cw_inspect_report, arena))) {
		error = cw_error_last()->code;
		goto done;
	}
	/* The install commands, scanned as files of their own. */
	real_files = s->files.len;
	for (size_t i = 0; i < real_files; i++)
		if ((error = cw__map_put(&names, s->files.items[i].name, strlen(s->files.items[i].name),
		                         (void *)(uintptr_t)(i + 1), NULL)) < 0)
			goto done;
	for (size_t i = 0; i < s->scripts.len; i++) {
		const cw__inspect_script *sc = &s->scripts.items[i];
		cw__inspect_file *f;
		char name[256];
		snprintf(name, sizeof(name), "%spackage.json#scripts.%s",
		         s->manifest_dir ? s->manifest_dir : "", sc->name);
		if ((error = cw__inspect_file_new(s, name, &f)) < 0)
			goto done;
		f->scope = CW_SCOPE_INSTALL_COMMAND;
		if ((error = cw__inspect_scan(s, f, sc->command, strlen(sc->command), true)) < 0 ||
		    (error = cw__inspect_command_refs(s, f, sc->command, strlen(sc->command))) < 0)
			goto done;
	}
	if (!(install = calloc(s->files.len + 1, sizeof(bool)))) {
		error = cw__error_oom();
		goto done;
	}
	for (size_t i = 0; i < s->files.len; i++) {
		cw__inspect_file *f = &s->files.items[i];
		if (f->scope & CW_SCOPE_INSTALL_FILE)
			install[i] = true;
		if ((f->scope & (CW_SCOPE_INSTALL_COMMAND | CW_SCOPE_SETUP_PY)) &&
		    (error = mark_install(s, &names, f, install, 0)) < 0)
			goto done;
	}
	if ((error = cw__inspect_evaluate(s, rep, install)) < 0)
		goto done;
	for (size_t i = 0; i < s->scripts.len; i++) {
		cw__inspect_script sc = { cw__arena_strdup(&rep->arena, s->scripts.items[i].name),
		                          cw__arena_strdup(&rep->arena, s->scripts.items[i].command) };
		if (!sc.name || !sc.command) {
			error = cw_error_last()->code;
			goto done;
		}
		if ((error = cw_vec_push(&rep->scripts, sc)) < 0)
			goto done;
	}
	rep->stats = s->stats;
done:
	cw__map_free(&names);
	free(install);
	cw_inspect_session_free(s);
	if (error < 0)
		cw_inspect_report_free(rep);
	else
		*out = rep;
	return error;
}
