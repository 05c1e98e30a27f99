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
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <fnmatch.h>
#include <stdio.h>
#include <string.h>
#include <fcntl.h>
#include <sodium.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "chainwarden/license.h"
#include "license/files.h"
#include "util/error.h"
#include "util/fs.h"

#define SYS_DB_MAX       ((size_t)512 << 20)  /* a package database */
#define SYS_FILE_MAX     ((size_t)4 << 20)    /* os-release, package.json, METADATA */
#define SYS_WALK_DEPTH   64
#define SYS_JAR_MAX      ((size_t)256 << 20)  /* a Java archive */

#define SYS_LICENSE_MAX  ((size_t)1 << 20)    /* a license file kept for the license module (as license scan) */

bool cw__sysroot_license_file(const char *rel)
{
	const char *slash = strrchr(rel, '/'), *nm = NULL, *rest;
	size_t dlen;
	if (!slash || !cw__license_file_name(slash + 1))
		return false;
	dlen = (size_t)(slash - rel);
	/* NAME.dist-info/, its licenses/ (PEP 639) or license_files/, NAME.egg-info/ */
	for (size_t i = 0; i < 4; i++) {
		static const char *const ends[] = { ".dist-info", ".dist-info/licenses",
		                                    ".dist-info/license_files", ".egg-info" };
		size_t n = strlen(ends[i]);
		if (dlen > n && memcmp(rel + dlen - n, ends[i], n) == 0)
			return true;
	}
	/* node_modules/NAME/ or node_modules/@SCOPE/NAME/, the package's own folder */
	for (const char *p = rel; (p = strstr(p, "node_modules/")) && p < slash; p += 13)
		if (p == rel || p[-1] == '/')
			nm = p;
	if (!nm)
		return false;
	rest = nm + 13;
	if (*rest == '@') {
		const char *s1 = memchr(rest, '/', (size_t)(slash - rest));
		return s1 && s1 + 1 < slash && !memchr(s1 + 1, '/', (size_t)(slash - s1 - 1));
	}
	return rest < slash && *rest != '.' && !memchr(rest, '/', (size_t)(slash - rest));
}

bool cw__sysroot_wants(const char *rel, size_t *cap)
{
	const cw__sys_extractor *ex;
	if (cw__sysroot_license_file(rel)) {
		*cap = SYS_LICENSE_MAX;
		return true;
	}
	if (!strcmp(rel, "etc/os-release") || !strcmp(rel, "usr/lib/os-release") ||
	    fnmatch("usr/share/doc/*/copyright", rel, FNM_PATHNAME) == 0) {
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

/* Set up the system context: the distro from os-release. */
static int sys_begin(cw_inventory *inv, const cw__sysfile *files, size_t count, const char *label)
{
	if (!inv->image && !(inv->image = cw__arena_calloc(&inv->arena, 1, sizeof(*inv->image))))
		return cw_error_last()->code;
	memset(&inv->sys, 0, sizeof(inv->sys));
	return read_os_release(inv, files, count, label);
}

/* Extract one file; parse failures are recorded, not returned. */
static int sys_one(cw_inventory *inv, const cw__sysfile *f, const char *label)
{
	const cw__sys_extractor *sx = f->data && !f->extract ? cw__sys_extractor_for_path(f->path) : NULL;
	cw__extractor ex;
	char *where;
	int error;

	if (f->data && f->extract)
		ex = (cw__extractor){ "*", "executable", f->extract, false };
	else if (sx)
		ex = (cw__extractor){ sx->path, sx->format, sx->extract, false };
	else
		return 0;
	if (!(where = cw__arena_printf(&inv->arena, "%s/%s", label, f->path)))
		return cw_error_last()->code;
	inv->sys.layer = f->layer;
	size_t first = inv->comps.len;
	if ((error = cw__inv_extract(inv, &ex, where, NULL, f->data, f->len, false)) >= 0 && f->sha256)
		error = cw__inv_hash_roots(inv, first, f->sha256);
	if (error >= 0 || error == CW_ENOMEM)
		return error;
	/* An executable that only looked like one with build information. */
	if (f->extract && error == CW_EUNSUPPORTED)
		return 0;
	return cw__inv_fail(inv, cw_error_last()->message);
}

/* Debian packages without a license get the one their copyright file
 * names (usr/share/doc/<package>/copyright), and every Debian package the
 * copyright notices it lists.  `files` NULL: read from the root directory
 * on disk. */
static void deb_copyright(cw_inventory *inv, size_t idx, const char *data, size_t len)
{
	cw__comp *c = inv->comps.items[idx];
	char **notices = NULL;
	size_t n = 0;
	if (!c->pub.license)
		c->pub.license = cw__dep5_license(&inv->arena, data, len);
	if (cw_license_dep5_copyrights(&notices, &n, data, len) == 0)
		for (size_t k = 0; k < n; k++)
			if (cw_inventory_add_copyright(inv, idx, notices[k], strlen(notices[k])) < 0)
				break;
	cw_license_copyrights_free(notices, n);
}

static void deb_licenses(cw_inventory *inv, size_t first, const cw__sysfile *files,
                         size_t count, const char *root)
{
	for (size_t i = first; i < inv->comps.len; i++) {
		cw__comp *c = inv->comps.items[i];
		char rel[512];
		const cw__sysfile *f;
		cw_buf b = CW_BUF_INIT;
		if (!c->pub.ecosystem || strcmp(c->pub.ecosystem, "deb") != 0 ||
		    snprintf(rel, sizeof(rel), "usr/share/doc/%s/copyright", c->pub.name) >= (int)sizeof(rel))
			continue;
		if (files && (f = find(files, count, rel))) {
			deb_copyright(inv, i, f->data, f->len);
		} else if (!files) {
			char full[4096];
			struct stat st;
			snprintf(full, sizeof(full), "%s/%s", root, rel);
			if (lstat(full, &st) == 0 && S_ISREG(st.st_mode) &&
			    cw__file_read(&b, full, SYS_FILE_MAX) == 0 && b.ptr)
				deb_copyright(inv, i, b.ptr, b.len);
			cw__buf_free(&b);
		}
	}
	cw_error_clear();
}

/* License files of the installed packages found since component `first`:
 * kept with their text (the image is not on disk to be read again). */
static int keep_license_files(cw_inventory *inv, size_t first, const cw__sysfile *files,
                              size_t count, const char *label)
{
	cw_map dirs = CW_MAP_INIT;
	int error = 0;
	for (size_t i = first; i < inv->comps.len && error == 0; i++) {
		const char *file = inv->comps.items[i]->pub.file, *slash;
		if (!file || !(slash = strrchr(file, '/')) ||
		    (strcmp(slash, "/package.json") != 0 && strcmp(slash, "/METADATA") != 0 &&
		     strcmp(slash, "/PKG-INFO") != 0))
			continue;
		error = cw__map_put(&dirs, file, (size_t)(slash - file), (void *)(uintptr_t)(i + 1), NULL);
	}
	for (size_t i = 0; i < count && error == 0; i++) {
		const cw__sysfile *f = &files[i];
		const char *slash, *pkg;
		char *where;
		size_t dlen;
		void *comp;
		if (!f->data || !cw__sysroot_license_file(f->path))
			continue;
		if (!(where = cw__arena_printf(&inv->arena, "%s/%s", label, f->path))) {
			error = cw_error_last()->code;
			break;
		}
		slash = strrchr(where, '/');
		dlen = (size_t)(slash - where);
		/* licenses/ and license_files/ belong to their dist-info */
		for (pkg = slash - 1; pkg > where && *pkg != '/'; pkg--)
			;
		if (!(comp = cw__map_get(&dirs, where, dlen)) && pkg > where)
			comp = cw__map_get(&dirs, where, (size_t)(pkg - where));
		if (comp)
			error = cw__inv_keep_license_file(inv, (uintptr_t)comp - 1, where, f->data, f->len);
	}
	cw__map_free(&dirs);
	return error;
}

int cw__sysroot_scan(cw_inventory *inv, const cw__sysfile *files, size_t count, const char *label)
{
	size_t first = inv->comps.len;
	int error;

	if ((error = sys_begin(inv, files, count, label)) < 0)
		goto done;
	for (size_t i = 0; i < count && error >= 0; i++)
		error = sys_one(inv, &files[i], label);
	if (error >= 0)
		deb_licenses(inv, first, files, count, label);
	if (error >= 0)
		error = keep_license_files(inv, first, files, count, label);
done:
	memset(&inv->sys, 0, sizeof(inv->sys));
	return error;
}

/* ---- a root filesystem on disk ----------------------------------------- */

/* Files are extracted as the walk finds them (os-release first), so that
 * only one file's content is in memory at a time: `scratch` holds it. */
typedef struct {
	cw_inventory *inv;
	const char *root;
	cw_arena scratch;
} dirscan;

static int emit(dirscan *ds, cw__sysfile f)
{
	int error = sys_one(ds->inv, &f, ds->root);
	cw__arena_free(&ds->scratch);
	return error;
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
		char *copy = cw__arena_alloc(&ds->scratch, n + 1);
		if (!copy)
			error = cw_error_last()->code;
		else {
			memcpy(copy, sec, n);
			error = emit(ds, ((cw__sysfile){ rel, copy, n, NULL, cw__extract_rust_section, sha256 }));
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
		char *h = cw__arena_alloc(&ds->scratch, 2 * sizeof(d) + 1);
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
		char *copy = cw__arena_alloc(&ds->scratch, f.out.len);
		if (!copy)
			error = cw_error_last()->code;
		else {
			memcpy(copy, f.out.ptr, f.out.len);
			error = emit(ds, ((cw__sysfile){ rel, copy, f.out.len, NULL, cw__extract_go_binary, hex }));
		}
	}
	cw__buf_free(&f.out);
	return error;
}

/* The kernel's pseudo filesystems at the root are not the system's files. */
static bool skip_at_root(const char *name, const void *arg)
{
	(void)arg;
	return !strcmp(name, "proc") || !strcmp(name, "sys") || !strcmp(name, "dev");
}

/* Walk rel (relative to the root; "" for the root), collecting wanted regular files. */
static int walk(dirscan *ds, cw_arena *arena, const char *rel, int depth)
{
	cw__names names = CW_VEC_INIT;
	DIR *d = NULL;
	char *dir = NULL, *r = NULL, *full = NULL;
	int error = 0;

	(void)arena;
	if (depth > SYS_WALK_DEPTH)
		return 0;
	if (!(dir = malloc(strlen(ds->root) + strlen(rel) + 2)))
		return cw__error_oom();
	sprintf(dir, "%s%s%s", ds->root, rel[0] ? "/" : "", rel);
	d = opendir(dir);
	free(dir);
	if (!d)
		return 0;     /* unreadable directories are skipped */
	if ((error = cw__dir_names(d, rel[0] ? NULL : skip_at_root, NULL, &names)) < 0)
		goto done;
	for (size_t i = 0; i < names.len; i++) {
		struct stat st;
		size_t cap;
		size_t rl = strlen(rel) + strlen(names.items[i]) + 2;
		free(r);
		free(full);
		r = malloc(rl);
		full = malloc(strlen(ds->root) + rl + 1);
		if (!r || !full) {
			error = cw__error_oom();
			goto done;
		}
		snprintf(r, rl, "%s%s%s", rel, rel[0] ? "/" : "", names.items[i]);
		snprintf(full, strlen(ds->root) + rl + 1, "%s/%s", ds->root, r);
		if (lstat(full, &st) < 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			if ((error = walk(ds, arena, r, depth + 1)) < 0)
				goto done;
		} else if (S_ISREG(st.st_mode) && (st.st_mode & 0111) && st.st_size >= 1024 &&
		           !cw__sysroot_wants(r, &cap)) {
			if ((error = go_file(ds, arena, r, full)) < 0)
				goto done;
		} else if (S_ISREG(st.st_mode) && cw__sysroot_wants(r, &cap) &&
		           /* on disk, license files are read by the license module's own walk */
		           !cw__sysroot_license_file(r)) {
			cw_buf data = CW_BUF_INIT;
			data.max = cap + 1;
			if (cw__file_read(&data, full, cap) < 0) {
				cw__buf_free(&data);
				if ((error = cw__inv_fail(ds->inv, cw_error_last()->message)) < 0)
					goto done;
				continue;
			}
			char *copy = cw__arena_alloc(&ds->scratch, data.len + 1);
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
			if ((error = emit(ds, ((cw__sysfile){ r, copy, len, NULL, NULL, NULL }))) < 0)
				goto done;
		}
	}
done:
	free(r);
	free(full);
	if (d)
		closedir(d);
	cw__names_free(&names);
	return error;
}

int cw__sysroot_scan_dir(cw_inventory *inv, const char *dir)
{
	static const char *const os_files[] = { "etc/os-release", "usr/lib/os-release" };
	cw_arena arena = CW_ARENA_INIT;
	cw__sysfile os[2];
	size_t nos = 0, n = strlen(dir), first;
	dirscan ds;
	int error;

	memset(&ds, 0, sizeof(ds));
	ds.inv = inv;
	while (n > 1 && dir[n - 1] == '/')
		n--;
	if (!(ds.root = cw__arena_strndup(&arena, dir, n))) {
		error = cw_error_last()->code;
		goto done;
	}
	/* os-release first: OS package purls need the distro. */
	for (size_t i = 0; i < 2; i++) {
		struct stat st;
		cw_buf b = CW_BUF_INIT;
		char *full = cw__arena_printf(&arena, "%s/%s", ds.root, os_files[i]);
		if (!full) {
			error = cw_error_last()->code;
			goto done;
		}
		b.max = SYS_FILE_MAX + 1;
		if (lstat(full, &st) == 0 && S_ISREG(st.st_mode) && cw__file_read(&b, full, SYS_FILE_MAX) == 0) {
			char *copy = cw__arena_strndup(&arena, b.ptr ? b.ptr : "", b.len);
			if (copy)
				os[nos++] = (cw__sysfile){ os_files[i], copy, b.len, NULL, NULL, NULL };
		}
		cw__buf_free(&b);
	}
	if ((error = sys_begin(inv, os, nos, ds.root)) < 0)
		goto done;
	first = inv->comps.len;
	if ((error = walk(&ds, &arena, "", 0)) >= 0)
		deb_licenses(inv, first, NULL, 0, ds.root);
done:
	memset(&inv->sys, 0, sizeof(inv->sys));
	cw__arena_free(&ds.scratch);
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
