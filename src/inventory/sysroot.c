/*
 * sysroot.c - inventory of a root filesystem: the distribution (os-release),
 * its package databases and the language packages installed in it.  The
 * same code serves a directory on disk (cw__sysroot_scan_dir) and the
 * merged filesystem of a container image (image.c), which both hand over
 * the few files that matter as (path, content, layer) records.
 *
 * etc/os-release and usr/lib/os-release are read only as regular files
 * (etc/os-release is usually a symlink, possibly absolute, that must not
 * be followed out of the root); etc/ wins when both are regular files.
 */
#include "inventory/inventory.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sodium.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/error.h"
#include "util/fs.h"

#define SYS_DB_MAX       ((size_t)512 << 20)  /* a package database */
#define SYS_FILE_MAX     ((size_t)4 << 20)    /* os-release, package.json, METADATA */
#define SYS_WALK_DEPTH   64
#define SYS_JAR_MAX      ((size_t)256 << 20)  /* a Java archive */

bool cw__sysroot_wants(const char *rel, size_t *cap)
{
	const cw__sys_extractor *ex;
	if (!strcmp(rel, "etc/os-release") || !strcmp(rel, "usr/lib/os-release")) {
		*cap = SYS_FILE_MAX;
		return true;
	}
	if (!(ex = cw__sys_extractor_for_path(rel)))
		return false;
	*cap = ex->basename || ex->extract == cw__extract_dpkg_status ? SYS_DB_MAX
	     : ex->extract == cw__extract_java_archive ? SYS_JAR_MAX : SYS_FILE_MAX;
	return true;
}

static const cw__sysfile *find(const cw__sysfile *files, size_t count, const char *path)
{
	for (size_t i = 0; i < count; i++)
		if (!strcmp(files[i].path, path) && files[i].data)
			return &files[i];
	return NULL;
}

static int read_os_release(cw_inventory *inv, const cw__sysfile *files, size_t count, const char *label)
{
	const cw__sysfile *f = find(files, count, "etc/os-release");
	cw__os_release os;
	char *where;
	if (!f)
		f = find(files, count, "usr/lib/os-release");
	if (!f)
		return 0;
	if (!(where = cw__arena_printf(&inv->arena, "%s/%s", label, f->path)))
		return cw_error_last()->code;
	if (cw__os_release_parse(&os, &inv->arena, where, f->data, f->len) < 0)
		return cw__inv_fail(inv, cw_error_last()->message);
	inv->sys.distro_ns = os.purl_ns;
	inv->sys.distro = os.purl_distro;
	inv->image->os_id = os.id;
	inv->image->os_version = os.version_id;
	inv->image->os_name = os.pretty;
	return 0;
}

int cw__sysroot_scan(cw_inventory *inv, const cw__sysfile *files, size_t count, const char *label)
{
	int error = 0;

	if (!inv->image && !(inv->image = cw__arena_calloc(&inv->arena, 1, sizeof(*inv->image))))
		return cw_error_last()->code;
	memset(&inv->sys, 0, sizeof(inv->sys));
	if ((error = read_os_release(inv, files, count, label)) < 0)
		goto done;
	for (size_t i = 0; i < count; i++) {
		const cw__sysfile *f = &files[i];
		const cw__sys_extractor *sx = f->data && !f->extract ? cw__sys_extractor_for_path(f->path) : NULL;
		cw__extractor ex;
		char *where;
		if (f->data && f->extract)
			ex = (cw__extractor){ "*", "executable", f->extract, false };
		else if (sx)
			ex = (cw__extractor){ sx->path, sx->format, sx->extract, false };
		else
			continue;
		if (!(where = cw__arena_printf(&inv->arena, "%s/%s", label, f->path))) {
			error = cw_error_last()->code;
			goto done;
		}
		inv->sys.layer = f->layer;
		size_t first = inv->comps.len;
		if ((error = cw__inv_extract(inv, &ex, where, NULL, f->data, f->len, false)) >= 0 && f->sha256)
			error = cw__inv_hash_roots(inv, first, f->sha256);
		if (error < 0) {
			if (error == CW_ENOMEM)
				goto done;
			if ((error = cw__inv_fail(inv, cw_error_last()->message)) < 0)
				goto done;
		}
	}
done:
	memset(&inv->sys, 0, sizeof(inv->sys));
	return error;
}

/* ---- a root filesystem on disk ----------------------------------------- */

typedef struct {
	cw_inventory *inv;
	const char *root;
	CW_VEC(cw__sysfile) files;
	cw_buf path;
} dirscan;

static int cmp_file(const void *a, const void *b)
{
	return strcmp(((const cw__sysfile *)a)->path, ((const cw__sysfile *)b)->path);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* An ELF executable without Go build information: its cargo-auditable
 * section, if any (the file is mapped, only the headers and that section
 * are touched). */
static int rust_file(dirscan *ds, cw_arena *arena, const char *rel, int fd, const char *sha256)
{
	struct stat st;
	const char *sec;
	size_t n;
	int error = 0;
	if (fstat(fd, &st) < 0 || st.st_size < 64 || (uint64_t)st.st_size > ((uint64_t)4 << 30))
		return 0;
	void *map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (map == MAP_FAILED)
		return 0;
	if (cw__elf_section(map, (size_t)st.st_size, ".dep-v0", &sec, &n) == 0 && n <= SYS_FILE_MAX) {
		char *copy = cw__arena_alloc(arena, n + 1);
		if (!copy)
			error = cw_error_last()->code;
		else {
			memcpy(copy, sec, n);
			error = cw_vec_push(&ds->files, ((cw__sysfile){ rel, copy, n, NULL, cw__extract_rust_section, sha256 }));
		}
	}
	munmap(map, (size_t)st.st_size);
	return error;
}

/* An executable on disk: keep its Go build information, if any. */
static int go_file(dirscan *ds, cw_arena *arena, const char *rel, const char *full)
{
	cw__go_finder f;
	char buf[64 * 1024];
	ssize_t got;
	bool first = true;
	int fd = open(full, O_RDONLY | O_CLOEXEC | O_NOFOLLOW), error = 0;

	if (fd < 0)
		return 0;
	crypto_hash_sha256_state sha;
	bool hashing = ds->inv->hash_files, complete = false;
	const char *hex = NULL;

	memset(&f, 0, sizeof(f));
	crypto_hash_sha256_init(&sha);
	while ((got = read(fd, buf, sizeof(buf))) > 0) {
		if (first && !cw__go_exec_magic((const unsigned char *)buf, (size_t)got))
			break;
		first = false;
		if (hashing)
			crypto_hash_sha256_update(&sha, (const unsigned char *)buf, (size_t)got);
		if ((error = cw__go_finder_feed(&f, buf, (size_t)got)) < 0 || (f.done && !hashing))
			break;
	}
	complete = got == 0 && !first;
	if (error >= 0 && hashing && complete) {
		unsigned char d[crypto_hash_sha256_BYTES];
		char *h = cw__arena_alloc(arena, 2 * sizeof(d) + 1);
		if (!h)
			error = cw_error_last()->code;
		else {
			crypto_hash_sha256_final(&sha, d);
			sodium_bin2hex(h, 2 * sizeof(d) + 1, d, sizeof(d));
			hex = h;
		}
	}
	if (error >= 0 && !f.found && !first)
		error = rust_file(ds, arena, rel, fd, hex);
	close(fd);
	if (error >= 0 && f.found && f.out.len) {
		char *copy = cw__arena_alloc(arena, f.out.len);
		if (!copy)
			error = cw_error_last()->code;
		else {
			memcpy(copy, f.out.ptr, f.out.len);
			error = cw_vec_push(&ds->files, ((cw__sysfile){ rel, copy, f.out.len, NULL, cw__extract_go_binary, hex }));
		}
	}
	cw__buf_free(&f.out);
	return error;
}

/* Walk rel (relative to the root; "" for the root), collecting wanted regular files. */
static int walk(dirscan *ds, cw_arena *arena, const char *rel, int depth)
{
	CW_VEC(char *) names = CW_VEC_INIT;
	DIR *d = NULL;
	struct dirent *de;
	char *dir = NULL;
	int error = 0;

	if (depth > SYS_WALK_DEPTH)
		return 0;
	if (!(dir = cw__arena_printf(arena, "%s%s%s", ds->root, rel[0] ? "/" : "", rel)))
		return cw_error_last()->code;
	if (!(d = opendir(dir)))
		return 0;     /* unreadable directories are skipped */
	while ((de = readdir(d)) != NULL) {
		char *n;
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (!rel[0] && (!strcmp(de->d_name, "proc") || !strcmp(de->d_name, "sys") || !strcmp(de->d_name, "dev")))
			continue;
		if (!(n = strdup(de->d_name)) || (error = cw_vec_push(&names, n)) < 0) {
			free(n);
			error = error ? error : cw__error_oom();
			goto done;
		}
	}
	if (names.len)
		qsort(names.items, names.len, sizeof(char *), cmp_str);
	for (size_t i = 0; i < names.len; i++) {
		struct stat st;
		size_t cap;
		char *r = cw__arena_printf(arena, "%s%s%s", rel, rel[0] ? "/" : "", names.items[i]);
		char *full = r ? cw__arena_printf(arena, "%s/%s", ds->root, r) : NULL;
		if (!full) {
			error = cw_error_last()->code;
			goto done;
		}
		if (lstat(full, &st) < 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			if ((error = walk(ds, arena, r, depth + 1)) < 0)
				goto done;
		} else if (S_ISREG(st.st_mode) && (st.st_mode & 0111) && st.st_size >= 1024 &&
		           !cw__sysroot_wants(r, &cap)) {
			if ((error = go_file(ds, arena, r, full)) < 0)
				goto done;
		} else if (S_ISREG(st.st_mode) && cw__sysroot_wants(r, &cap)) {
			cw_buf data = CW_BUF_INIT;
			data.max = cap + 1;
			if (cw__file_read(&data, full, cap) < 0) {
				cw__buf_free(&data);
				if ((error = cw__inv_fail(ds->inv, cw_error_last()->message)) < 0)
					goto done;
				continue;
			}
			char *copy = cw__arena_alloc(arena, data.len + 1);
			if (!copy) {
				cw__buf_free(&data);
				error = cw_error_last()->code;
				goto done;
			}
			size_t len = data.len;
			if (len)
				memcpy(copy, data.ptr, len);
			copy[len] = '\0';
			cw__buf_free(&data);
			if ((error = cw_vec_push(&ds->files, ((cw__sysfile){ r, copy, len, NULL, NULL, NULL }))) < 0)
				goto done;
		}
	}
done:
	if (d)
		closedir(d);
	for (size_t i = 0; i < names.len; i++)
		free(names.items[i]);
	cw_vec_free(&names);
	return error;
}

int cw__sysroot_scan_dir(cw_inventory *inv, const char *dir)
{
	cw_arena arena = CW_ARENA_INIT;
	dirscan ds;
	size_t n = strlen(dir);
	int error;

	memset(&ds, 0, sizeof(ds));
	ds.inv = inv;
	while (n > 1 && dir[n - 1] == '/')
		n--;
	if (!(ds.root = cw__arena_strndup(&arena, dir, n))) {
		error = cw_error_last()->code;
		goto done;
	}
	if ((error = walk(&ds, &arena, "", 0)) < 0)
		goto done;
	if (ds.files.len)
		qsort(ds.files.items, ds.files.len, sizeof(cw__sysfile), cmp_file);
	error = cw__sysroot_scan(inv, ds.files.items, ds.files.len, ds.root);
done:
	cw_vec_free(&ds.files);
	cw__arena_free(&arena);
	return error;
}

bool cw__sysroot_is_rootfs(const char *dir)
{
	static const char *const marks[] = {
		"var/lib/dpkg/status", "var/lib/dpkg/status.d", "lib/apk/db/installed",
		"usr/lib/sysimage/rpm/rpmdb.sqlite", "var/lib/rpm/rpmdb.sqlite",
		"etc/os-release", "usr/lib/os-release",
	};
	char path[4096];
	struct stat st;
	for (size_t i = 0; i < sizeof(marks) / sizeof(marks[0]); i++) {
		if (snprintf(path, sizeof(path), "%s/%s", dir, marks[i]) >= (int)sizeof(path))
			return false;
		if (lstat(path, &st) == 0)
			return true;
	}
	return false;
}
