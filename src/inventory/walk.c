/*
 * walk.c - finding the files to read: one named file, or a directory tree.
 *
 * The walk skips .git and node_modules (their contents are installs, not
 * manifests), honours --exclude globs (matched against the path relative to
 * the scan root and against the base name), never follows a directory
 * symlink and reads a file symlink only when it resolves inside the tree.
 * Names are visited in byte order so results do not depend on readdir.
 * A manifest (package.json, pyproject.toml, go.mod) is read only when no
 * lockfile of its ecosystem sits in its directory or an ancestor (workspace
 * members are covered by the root's lockfile).
 */
#include "inventory/inventory.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/error.h"
#include "util/fs.h"

#define WALK_MAX_DEPTH 64

typedef struct {
	cw_inventory *inv;
	const cw_inventory_scan_options *opts;
	char root_real[PATH_MAX];
	size_t root_len;         /* length of the scan root as given, for relative paths */
} walker;

/* "a/b" joined; NULL on allocation failure. */
static char *join(const char *dir, const char *name)
{
	size_t a = strlen(dir), b = strlen(name);
	char *out = malloc(a + b + 2);
	if (!out)
		return NULL;
	memcpy(out, dir, a);
	out[a] = '/';
	memcpy(out + a + 1, name, b + 1);
	return out;
}

static int record_failure(cw_inventory *inv)
{
	return cw__inv_fail(inv, cw_error_last()->message);
}

static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return strdup(".");
	if (slash == path)
		return strdup("/");
	return strndup(path, (size_t)(slash - path));
}

/*
 * Read and extract one file; parse failures are recorded, not returned.
 * Regular files are mapped (private, read-only) rather than copied, so an
 * extractor of a huge lockfile can give pages it has parsed back to the
 * kernel (cw__jp_release()): peak memory then tracks the model, not the
 * file.  Anything that cannot be mapped is read into a buffer.
 */
static int read_one(cw_inventory *inv, const cw__extractor *ex, const char *path, size_t max)
{
	cw_buf data = CW_BUF_INIT;
	char *dir = NULL;
	void *map = MAP_FAILED;
	size_t map_len = 0;
	struct stat st;
	int fd = -1, error;

	if (!max)
		max = CW_FILE_DEFAULT_MAX;
	if (!(dir = dir_of(path))) {
		error = cw__error_oom();
		goto done;
	}
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
	    st.st_size > 0) {
		if ((uint64_t)st.st_size > max) {
			cw__error_set(CW_ELIMIT, "%s: file larger than %zu bytes", path, max);
			error = record_failure(inv);
			goto done;
		}
		map_len = (size_t)st.st_size;
		map = mmap(NULL, map_len, PROT_READ, MAP_PRIVATE, fd, 0);
	}
	if (map != MAP_FAILED) {
		(void)madvise(map, map_len, MADV_SEQUENTIAL);
		error = cw__inv_extract(inv, ex, path, dir, map, map_len, true);
	} else {
		data.max = max + 1;
		if ((error = cw__file_read(&data, path, max)) < 0) {
			error = error == CW_ENOMEM ? error : record_failure(inv);
			goto done;
		}
		error = cw__inv_extract(inv, ex, path, dir, data.ptr ? data.ptr : "", data.len, false);
	}
	if (error < 0)
		error = error == CW_ENOMEM ? error : record_failure(inv);
done:
	if (map != MAP_FAILED)
		munmap(map, map_len);
	if (fd >= 0)
		close(fd);
	free(dir);
	cw__buf_free(&data);
	return error;
}

/* ELF, PE or Mach-O by the first bytes. */
static bool is_executable(const char *path)
{
	unsigned char head[4];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n = fd >= 0 ? read(fd, head, sizeof(head)) : -1;
	if (fd >= 0)
		close(fd);
	return n == (ssize_t)sizeof(head) && cw__go_exec_magic(head, sizeof(head));
}

static bool excluded(const walker *w, const char *path, const char *name)
{
	const char *rel = path + w->root_len;
	while (*rel == '/')
		rel++;
	for (size_t i = 0; i < w->opts->exclude_count; i++) {
		const char *g = w->opts->excludes[i];
		if (fnmatch(g, rel, FNM_PATHNAME) == 0 || fnmatch(g, name, 0) == 0 ||
		    fnmatch(g, rel, 0) == 0)
			return true;
	}
	return false;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int cw__dir_names(DIR *d, bool (*skip)(const char *name, const void *arg), const void *arg, cw__names *out)
{
	struct dirent *de;
	char *copy;
	int error = 0;
	while ((de = readdir(d)) != NULL) {
		const char *n = de->d_name;
		if (!strcmp(n, ".") || !strcmp(n, "..") || (skip && skip(n, arg)))
			continue;
		if (!(copy = strdup(n)) || (error = cw_vec_push(out, copy)) < 0) {
			free(copy);
			return error ? error : cw__error_oom();
		}
	}
	if (out->len)
		qsort(out->items, out->len, sizeof(char *), cmp_names);
	return 0;
}

void cw__names_free(cw__names *names)
{
	for (size_t i = 0; i < names->len; i++)
		free(names->items[i]);
	cw_vec_free(names);
}

static bool skip_in_project(const char *name, const void *arg)
{
	(void)arg;
	return !strcmp(name, ".git") || !strcmp(name, "node_modules");
}

static bool inside_root(const walker *w, const char *path)
{
	char real[PATH_MAX];
	if (!realpath(path, real))
		return false;
	size_t n = strlen(w->root_real);
	if (n == 1)
		return true;
	return strncmp(real, w->root_real, n) == 0 && (real[n] == '/' || real[n] == '\0');
}

/* Which ecosystem a file format belongs to, from the first word of its
 * format name: a manifest is left out only when a lockfile of the same
 * ecosystem covers it (a Go module under a repository whose root has a
 * package-lock.json is still read). */
static const char *family(const cw__extractor *ex)
{
	static const char *const groups[][2] = {
		{ "npm", "npm" }, { "yarn", "npm" }, { "pnpm", "npm" }, { "bun", "npm" },
		{ "pip", "python" }, { "poetry", "python" }, { "pipenv", "python" },
		{ "pdm", "python" }, { "uv", "python" }, { "PEP", "python" }, { "Python", "python" },
	};
	size_t n = strcspn(ex->format, " ");
	for (size_t i = 0; i < sizeof(groups) / sizeof(groups[0]); i++)
		if (strlen(groups[i][0]) == n && strncmp(groups[i][0], ex->format, n) == 0)
			return groups[i][1];
	return ex->format; /* its own family: "Go ...", "Cargo ..." compared by first word */
}

#define MAX_FAMILIES 16

typedef struct {
	const char *names[MAX_FAMILIES];
	size_t count;
} families;

static bool same_family(const char *a, const char *b)
{
	size_t n = strcspn(a, " ");
	return n == strcspn(b, " ") && strncmp(a, b, n) == 0;
}

static bool has_family(const families *f, const char *name)
{
	for (size_t i = 0; i < f->count; i++)
		if (same_family(f->names[i], name))
			return true;
	return false;
}

static void add_family(families *f, const char *name)
{
	if (!has_family(f, name) && f->count < MAX_FAMILIES)
		f->names[f->count++] = name;
}

static int walk_dir(walker *w, const char *dir, int depth, families covered)
{
	cw__names names = CW_VEC_INIT, subdirs = CW_VEC_INIT, files = CW_VEC_INIT;
	DIR *d = NULL;
	int error = 0;

	if (depth > WALK_MAX_DEPTH)
		return 0;
	if (!(d = opendir(dir))) {
		cw__error_set(CW_EIO, "%s: cannot open directory: %s", dir, strerror(errno));
		return record_failure(w->inv);
	}
	if ((error = cw__dir_names(d, skip_in_project, NULL, &names)) < 0)
		goto done;

	for (size_t i = 0; i < names.len; i++) {
		struct stat st;
		char *path = NULL;
		const cw__extractor *ex;
		if (!(path = join(dir, names.items[i]))) {
			error = cw__error_oom();
			goto done;
		}
		if (excluded(w, path, names.items[i]) || lstat(path, &st) < 0) {
			free(path);
			continue;
		}
		if (S_ISLNK(st.st_mode)) {
			/* Directory links are never followed; file links only inside the tree. */
			if (stat(path, &st) < 0 || !S_ISREG(st.st_mode) || !inside_root(w, path)) {
				free(path);
				continue;
			}
		}
		if (S_ISDIR(st.st_mode)) {
			if ((error = cw_vec_push(&subdirs, path)) < 0) {
				free(path);
				goto done;
			}
		} else if (S_ISREG(st.st_mode) && (ex = cw__extractor_find(names.items[i])) != NULL) {
			if (!ex->manifest)
				add_family(&covered, family(ex));
			if ((error = cw_vec_push(&files, path)) < 0) {
				free(path);
				goto done;
			}
		} else {
			free(path);
		}
	}
	for (size_t i = 0; i < files.len; i++) {
		const char *base = strrchr(files.items[i], '/') + 1;
		const cw__extractor *ex = cw__extractor_find(base);
		if (ex->manifest && has_family(&covered, family(ex)))
			continue;
		if ((error = read_one(w->inv, ex, files.items[i], w->opts->max_file_size)) < 0)
			goto done;
	}
	for (size_t i = 0; i < subdirs.len; i++)
		if ((error = walk_dir(w, subdirs.items[i], depth + 1, covered)) < 0)
			goto done;
done:
	if (d)
		closedir(d);
	cw__names_free(&names);
	cw__names_free(&subdirs);
	cw__names_free(&files);
	return error;
}

int cw_inventory_scan_path(cw_inventory *inv, const char *path,
                           const cw_inventory_scan_options *opts)
{
	static const cw_inventory_scan_options defaults = CW_INVENTORY_SCAN_OPTIONS_INIT;
	struct stat st;
	walker w;

	if (!opts)
		opts = &defaults;
	if (opts->version != CW_INVENTORY_SCAN_OPTIONS_VERSION)
		return cw__error_set(CW_EUSAGE, "scan options version %u not supported", opts->version);
	if (stat(path, &st) < 0)
		return cw__error_set(errno == ENOENT ? CW_ENOTFOUND : CW_EIO, "%s: %s", path, strerror(errno));
	inv->hash_files = opts->hash_files;
	if (!S_ISDIR(st.st_mode)) {
		const char *base = strrchr(path, '/');
		const cw__extractor *ex = cw__extractor_find(base ? base + 1 : path);
		const cw__sys_extractor *sx;
		int error;
		if (!ex && (sx = cw__sys_extractor_for_name(base ? base + 1 : path)) != NULL) {
			cw__extractor sys = { sx->basename, sx->format, sx->extract, false };
			return read_one(inv, &sys, path, opts->max_file_size);
		}
		if (!ex && (sx = cw__sys_extractor_for_path(base ? base + 1 : path)) != NULL &&
		    sx->extract == cw__extract_java_archive) {
			cw__extractor jar = { "*.jar", "java archive", cw__extract_java_archive, false };
			return read_one(inv, &jar, path, opts->max_file_size);
		}
		if (!ex) {
			/* Not a lockfile: perhaps a container image archive. */
			if ((error = cw__image_scan(inv, path)) != CW_EUNSUPPORTED)
				return error;
			if (is_executable(path)) {
				cw__extractor go = { "*", "executable", cw__extract_executable, false };
				return read_one(inv, &go, path, opts->max_file_size);
			}
			return cw__error_set(CW_EUNSUPPORTED, "%s: not a supported lockfile, manifest, package database or image", path);
		}
		return read_one(inv, ex, path, opts->max_file_size);
	}
	{
		/* An OCI image layout directory, or a root filesystem. */
		int error = cw__image_scan(inv, path);
		if (error != CW_EUNSUPPORTED)
			return error;
		if (cw__sysroot_is_rootfs(path))
			return cw__sysroot_scan_dir(inv, path);
	}
	memset(&w, 0, sizeof(w));
	w.inv = inv;
	w.opts = opts;
	w.root_len = strlen(path);
	if (!realpath(path, w.root_real))
		return cw__error_set(CW_EIO, "%s: %s", path, strerror(errno));
	/* Strip trailing slashes so joined paths read "dir/file". */
	char *root = strdup(path);
	if (!root)
		return cw__error_oom();
	size_t n = strlen(root);
	while (n > 1 && root[n - 1] == '/')
		root[--n] = '\0';
	w.root_len = n;
	int error = walk_dir(&w, root, 0, (families){ { NULL }, 0 });
	free(root);
	return error;
}

int cw_inventory_parse_data(cw_inventory *inv, const char *name, const char *data, size_t len)
{
	const char *base = strrchr(name, '/');
	const cw__extractor *ex = cw__extractor_find(base ? base + 1 : name);
	const cw__sys_extractor *sx;
	if (!ex && (sx = cw__sys_extractor_for_name(base ? base + 1 : name)) != NULL) {
		cw__extractor sys = { sx->basename, sx->format, sx->extract, false };
		return cw__inv_extract(inv, &sys, name, NULL, data, len, false);
	}
	if (!ex)
		return cw__error_set(CW_EUNSUPPORTED, "%s: not a supported lockfile or manifest", name);
	return cw__inv_extract(inv, ex, name, NULL, data, len, false);
}

int cw__inv_read_sibling(const cw__inv_source *src, const char *name, cw_buf *out)
{
	char *path = NULL;
	struct stat st;
	int error;
	if (!src->dir)
		return cw__error_set(CW_ENOTFOUND, "no directory for %s", name);
	if (!(path = join(src->dir, name)))
		return cw__error_oom();
	if (stat(path, &st) < 0 || !S_ISREG(st.st_mode))
		error = cw__error_set(CW_ENOTFOUND, "%s: not found", path);
	else
		error = cw__file_read(out, path, (size_t)64 << 20);
	free(path);
	return error;
}
