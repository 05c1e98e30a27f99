/*
 * repo.c - open the repository to score (a local path, or a URL cloned into
 * a cache), list the files of the HEAD tree and read blobs.
 *
 * Everything is read from the object database, never from a work tree, so
 * a bare clone and a checkout with local edits give the same report: the
 * report describes what was committed.  libgit2 1.5+.
 */
#include "health/health_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "chainwarden/log.h"
#include "util/error.h"
#include "util/map.h"
#include "util/str.h"

/* Trees deeper or wider than this are not listed further (hostile repos). */
#define MAX_TREE_FILES ((size_t)2000000)

int cw__health_git_error(int code, const char *what)
{
	const git_error *e = CW_GIT2(git_error_last)();
	return cw__error_set(code, "%s: %s", what, e && e->message ? e->message : "libgit2 error");
}

bool cw__health_is_url(const char *spec)
{
	return strstr(spec, "://") != NULL || (strncmp(spec, "git@", 4) == 0 && strchr(spec, ':'));
}

/* mkdir -p */
static int make_dirs(char *path)
{
	for (char *p = path + 1; ; p++) {
		if (*p == '/' || *p == '\0') {
			char c = *p;
			*p = '\0';
			if (mkdir(path, 0755) < 0 && errno != EEXIST) {
				int err = errno;
				*p = c;
				return cw__error_set(CW_EIO, "cannot create %s: %s", path, strerror(err));
			}
			*p = c;
			if (c == '\0')
				break;
		}
	}
	return 0;
}

static const char *default_cache_dir(cw_arena *arena)
{
	const char *xdg = getenv("XDG_CACHE_HOME");
	const char *home = getenv("HOME");
	if (xdg && *xdg == '/')
		return cw__arena_printf(arena, "%s/chainwarden/repos", xdg);
	if (home && *home)
		return cw__arena_printf(arena, "%s/.cache/chainwarden/repos", home);
	return cw__arena_strdup(arena, "/tmp/chainwarden-repos");
}

/* The cache folder of a URL: its readable tail plus a hash of the whole. */
static char *cache_path(cw_arena *arena, const char *dir, const char *url)
{
	char name[96];
	size_t n = 0, len = strlen(url);
	const char *tail = url + len;
	/* last two path segments: owner_repo */
	for (int slashes = 0; tail > url && slashes < 2; tail--)
		if (tail[-1] == '/' || tail[-1] == ':')
			if (++slashes == 2)
				break;
	/* never a password or token of https://user:token@host/x in a folder name */
	if (strchr(tail, '@'))
		tail = strrchr(tail, '@') + 1;
	for (const char *p = tail; *p && n < 60; p++)
		name[n++] = cw_is_alnum(*p) || *p == '-' || *p == '.' ? *p : '_';
	while (n > 0 && name[n - 1] == '.')
		n--;
	name[n] = '\0';
	return cw__arena_printf(arena, "%s/%s-%016llx.git", dir, name,
	                        (unsigned long long)cw__hash(url, len));
}

static int clone_or_fetch(git_repository **out, const char **path_out, const char *url,
                          const char *cache_dir, cw_arena *arena)
{
	git_clone_options copts;
	git_remote *remote = NULL;
	char *dir, *path;
	int error;

	if (!cache_dir && !(cache_dir = default_cache_dir(arena)))
		return cw_error_last()->code;
	if (!(dir = cw__arena_strdup(arena, cache_dir)) || !(path = cache_path(arena, cache_dir, url)))
		return cw_error_last()->code;
	if ((error = make_dirs(dir)) < 0)
		return error;
	*path_out = path;
	if (CW_GIT2(git_repository_open_bare)(out, path) == 0) {
		/* cached: bring it up to date when the network allows */
		if (CW_GIT2(git_remote_lookup)(&remote, *out, "origin") == 0) {
			if (CW_GIT2(git_remote_fetch)(remote, NULL, NULL, NULL) < 0) {
				const git_error *e = CW_GIT2(git_error_last)();
				cw_log_warn("fetching %s failed (%s); scoring the cached clone", url,
				            e && e->message ? e->message : "error");
			}
			CW_GIT2(git_remote_free)(remote);
		}
		return 0;
	}
	if (CW_GIT2(git_clone_options_init)(&copts, GIT_CLONE_OPTIONS_VERSION) < 0)
		return cw__health_git_error(CW_EINTERNAL, "clone options");
	copts.bare = 1;
	if (CW_GIT2(git_clone)(out, url, path, &copts) < 0)
		return cw__health_git_error(CW_EIO, url);
	return 0;
}

int cw__health_repo_open(git_repository **out, const char **path_out, const char *spec,
                         const char *cache_dir, cw_arena *arena)
{
	git_buf found = { 0 };
	*out = NULL;
	if (cw__health_is_url(spec))
		return clone_or_fetch(out, path_out, spec, cache_dir, arena);
	if (CW_GIT2(git_repository_discover)(&found, spec, 0, NULL) < 0)
		return cw__error_set(CW_ENOTFOUND, "%s: not a git repository", spec);
	if (CW_GIT2(git_repository_open)(out, found.ptr) < 0) {
		CW_GIT2(git_buf_dispose)(&found);
		return cw__health_git_error(CW_EIO, spec);
	}
	*path_out = CW_GIT2(git_repository_workdir)(*out) ? CW_GIT2(git_repository_workdir)(*out)
	                                         : CW_GIT2(git_repository_path)(*out);
	*path_out = cw__arena_strdup(arena, *path_out);
	CW_GIT2(git_buf_dispose)(&found);
	return *path_out ? 0 : cw_error_last()->code;
}

typedef struct {
	cw__hfile_vec *out;
	cw_arena *arena;
	int error;
} walk_state;

static int walk_cb(const char *root, const git_tree_entry *entry, void *payload)
{
	walk_state *st = payload;
	cw__hfile f;
	if (CW_GIT2(git_tree_entry_type)(entry) != GIT_OBJECT_BLOB)
		return 0;
	if (st->out->len >= MAX_TREE_FILES) {
		st->error = cw__error_set(CW_ELIMIT, "more than %zu files in the HEAD tree", MAX_TREE_FILES);
		return -1;
	}
	f.path = cw__arena_printf(st->arena, "%s%s", root, CW_GIT2(git_tree_entry_name)(entry));
	if (!f.path) {
		st->error = cw_error_last()->code;
		return -1;
	}
	CW_GIT2(git_oid_cpy)(&f.oid, CW_GIT2(git_tree_entry_id)(entry));
	f.mode = (uint32_t)CW_GIT2(git_tree_entry_filemode)(entry);
	if ((st->error = cw_vec_push(st->out, f)) < 0)
		return -1;
	return 0;
}

static int compare_files(const void *a, const void *b)
{
	return strcmp(((const cw__hfile *)a)->path, ((const cw__hfile *)b)->path);
}

int cw__health_repo_files(cw__hfile_vec *out, git_repository *repo, cw_arena *arena)
{
	git_object *obj = NULL;
	git_tree *tree = NULL;
	walk_state st = { out, arena, 0 };
	int error = 0;

	if (CW_GIT2(git_repository_head_unborn)(repo) == 1)
		return 0;
	if (CW_GIT2(git_revparse_single)(&obj, repo, "HEAD^{tree}") < 0)
		return cw__health_git_error(CW_EINVALID, "reading HEAD");
	tree = (git_tree *)obj;
	if (CW_GIT2(git_tree_walk)(tree, GIT_TREEWALK_PRE, walk_cb, &st) < 0 && st.error == 0)
		st.error = cw__health_git_error(CW_EIO, "walking the HEAD tree");
	error = st.error;
	CW_GIT2(git_object_free)(obj);
	if (error == 0 && out->len > 1)
		qsort(out->items, out->len, sizeof(*out->items), compare_files);
	return error;
}

int cw__health_blob_read(cw_buf *out, git_repository *repo, const cw__hfile *file, size_t max)
{
	git_blob *blob = NULL;
	size_t size;
	int error;
	if (CW_GIT2(git_blob_lookup)(&blob, repo, &file->oid) < 0)
		return cw__health_git_error(CW_EIO, file->path);
	size = (size_t)CW_GIT2(git_blob_rawsize)(blob);
	if (size > max)
		size = max;
	error = cw__buf_put(out, CW_GIT2(git_blob_rawcontent)(blob), size);
	CW_GIT2(git_blob_free)(blob);
	return error;
}
