/*
 * files.c - finding and identifying the license files of a tree.
 *
 * The walk enters every folder (node_modules, vendor, site-packages:
 * that is where the packages are) except version-control metadata and
 * kernel file systems met on another device (/proc, /sys), never follows a
 * directory symlink and visits names in byte order, so results do not
 * depend on readdir.  A file counts as a license file by its name alone
 * (cw__license_file_name), or by being a text in a LICENSES/ folder
 * (REUSE, PEP 639); its package is read from the metadata beside it
 * (pkgmeta.c), once per folder.
 *
 * Cost: one readdir per folder, one read per license file (capped, larger
 * files are listed as skipped) and one identification per distinct file
 * content -- node_modules trees hold hundreds of byte-identical license
 * files, which a content hash catches.
 */
#include "license/files.h"
#include "license/notice.h"
#include "chainwarden/inventory.h"
#include "chainwarden/log.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <strings.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "util/arena.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/fs.h"
#include "util/map.h"
#include "util/str.h"
#include "util/vec.h"

#define DEFAULT_MAX_FILE ((size_t)1 << 20)
#define DEFAULT_MAX_FILES 200000
#define DEFAULT_MIN_COVERAGE 75.0
#define WALK_MAX_DEPTH 64
#define MAX_ID_MATCHES 16

struct cw_license_files {
	cw_arena arena;           /* holds this struct too (cw__arena_new_owner) */
	CW_VEC(cw_license_file) files;
	const cw_license_db *db;
	cw_license_scan_options opts;
	/* scratch while building, released by finish_build() */
	cw_map by_content;            /* "hash:len" -> index + 1 of the first file with it */
	cw_buf text;                  /* the file being read */
	/* the package of the folder last looked at */
	char pkg_dir[4096];
	cw__pkg_id pkg;
	bool pkg_valid;
};

bool cw__license_file_name(const char *name)
{
	static const char *const prefixes[] = { "licen", "copying", "notice", "unlicense" };
	/* code and data that merely have such a name (lib/license.js, Notice.java) */
	static const char *const code[] = {
		"js", "cjs", "mjs", "ts", "mts", "cts", "jsx", "tsx", "map", "json", "c", "h", "cc",
		"cpp", "hpp", "go", "py", "pyc", "pyi", "rb", "java", "class", "kt", "cs", "php", "rs",
		"sh", "pl", "pm", "swift", "scala", "lua", "yml", "yaml", "xml", "toml", "css", "scss",
		"vue", "svelte", "erb", "ex", "exs", "dart", "gz", "zip", "png", "svg", "jpg", "gif",
		"o", "so", "a", "dll", "exe", "d",
	};
	size_t n = strlen(name), plen = 0;
	const char *dot, *rest;
	bool match = false;

	if (n == 0 || n > 128)
		return false;
	for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]) && !match; i++) {
		plen = strlen(prefixes[i]);
		match = n >= plen && strncasecmp(name, prefixes[i], plen) == 0;
	}
	if (match) {
		rest = name + plen;
		/* "licen" must go on as "se"/"ce" (LICENSE, LICENCE), not "licensing.md" */
		if (plen == 5) {
			if (strncasecmp(rest, "se", 2) != 0 && strncasecmp(rest, "ce", 2) != 0)
				return false;
			rest += 2;
		}
		/* LICENSE, LICENSE.txt, LICENSE-MIT, LICENSE_APACHE, COPYING.LIB, LICENSES? no */
		if (*rest && *rest != '.' && *rest != '-' && *rest != '_')
			return false;
	} else {
		/* MIT-LICENSE, BSD_LICENSE.txt */
		const char *l = NULL;
		for (const char *p = name; *p; p++)
			if ((*p == '-' || *p == '_') && (strncasecmp(p + 1, "license", 7) == 0 ||
			                                 strncasecmp(p + 1, "licence", 7) == 0))
				l = p + 8;
		if (!l || (*l && *l != '.'))
			return false;
	}
	if ((dot = strrchr(name, '.')) && dot[1]) {
		for (size_t i = 0; i < sizeof(code) / sizeof(code[0]); i++)
			if (strcasecmp(dot + 1, code[i]) == 0)
				return false;
	}
	return true;
}

bool cw_license_file_name_is_license(const char *name)
{
	return name && cw__license_file_name(name);
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static const char *base_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

/* The folder a license file's package lives in: licenses/ folders (PEP 639
 * dist-info/licenses, LICENSES/ of REUSE, wheels' license_files/) belong
 * to their parent. */
static void package_dir_of(char *out, size_t cap, const char *dir)
{
	const char *base = base_of(dir);
	snprintf(out, cap, "%s", dir);
	if (base != dir && (strcasecmp(base, "licenses") == 0 || strcasecmp(base, "licences") == 0 ||
	                    strcasecmp(base, "license") == 0 ||
	                    strcasecmp(base, "license_files") == 0 /* older wheels */))
		out[base - dir - 1] = '\0';
}

/* The matches joined with AND, canonicalised when they parse. */
static const char *expression_of(cw_license_files *lf, const cw_license_match *m, size_t n)
{
	cw_buf b = CW_BUF_INIT;
	cw_license_expr *e = NULL;
	char *canon = NULL;
	const char *out;
	if (!n)
		return "NOASSERTION";
	for (size_t i = 0; i < n; i++) {
		bool compound = strchr(m[i].id, ' ') != NULL && n > 1;
		cw__buf_printf(&b, "%s%s%s%s", i ? " AND " : "", compound ? "(" : "", m[i].id,
		               compound ? ")" : "");
	}
	if (cw__buf_grow(&b, 0) < 0) {
		cw__buf_free(&b);
		return NULL;
	}
	if (cw_license_expr_parse(&e, b.ptr, b.len, CW_LICENSE_PARSE_ALLOW_UNKNOWN |
	                                            CW_LICENSE_PARSE_LAX_OPERATORS) == 0 &&
	    cw_license_expr_simplify(e) == 0 && cw_license_expr_to_string(&canon, e) == 0)
		out = cw__arena_strdup(&lf->arena, canon);
	else
		out = cw__arena_strndup(&lf->arena, b.ptr, b.len);
	cw_error_clear();
	free(canon);
	cw_license_expr_free(e);
	cw__buf_free(&b);
	return out;
}

/* Identify text (already in lf->text) into f. */
static int identify(cw_license_files *lf, cw_license_file *f)
{
	cw_license_match *m = NULL, idm[MAX_ID_MATCHES];
	char **notices = NULL;
	size_t n = 0, nnotices = 0;
	const char *text = lf->text.ptr ? lf->text.ptr : "";
	double min_cov = 100;
	int error;

	if (lf->db) {
		double cov = lf->opts.min_coverage > 0 ? lf->opts.min_coverage : DEFAULT_MIN_COVERAGE;
		if ((error = cw_license_identify(&m, &n, lf->db, text, lf->text.len, cov)) < 0)
			return error;
	} else {
		memset(idm, 0, sizeof(idm));
		cw__license_find_spdx_ids(text, lf->text.len, idm, &n, MAX_ID_MATCHES);
		m = n ? malloc(n * sizeof(*m)) : NULL;
		if (n && !m)
			return cw__error_oom();
		if (n)
			memcpy(m, idm, n * sizeof(*m));
	}
	if (n) {
		cw_license_match *copy = cw__arena_alloc(&lf->arena, n * sizeof(*copy));
		if (!copy) {
			free(m);
			return cw_error_last()->code;
		}
		memcpy(copy, m, n * sizeof(*copy));
		f->matches = copy;
		f->match_count = n;
		for (size_t i = 0; i < n; i++)
			if (m[i].coverage < min_cov)
				min_cov = m[i].coverage;
		f->confidence = min_cov / 100.0;
	}
	free(m);
	if (!(f->expression = expression_of(lf, f->matches, f->match_count)))
		return cw_error_last()->code;
	if ((error = cw_license_copyrights(&notices, &nnotices, text, lf->text.len)) < 0)
		return error;
	if (nnotices) {
		const char **c = cw__arena_alloc(&lf->arena, nnotices * sizeof(*c));
		size_t kept = 0;
		for (size_t i = 0; c && i < nnotices; i++) {
			/* the license's own notice ("Copyright (C) 2007 Free Software
			 * Foundation, Inc.") is part of its text, not a holder */
			bool own = false;
			for (size_t k = 0; k < f->match_count && !own && lf->db; k++) {
				const char *lt = cw_license_db_text(lf->db, f->matches[k].id);
				own = lt && strstr(lt, notices[i]) != NULL;
			}
			if (!own && !(c[kept++] = cw__arena_strdup(&lf->arena, notices[i])))
				c = NULL;
		}
		if (!c) {
			cw_license_copyrights_free(notices, nnotices);
			return cw_error_last()->code;
		}
		f->copyrights = kept ? c : NULL;
		f->copyright_count = kept;
	}
	cw_license_copyrights_free(notices, nnotices);
	return 0;
}

static int finish_file(cw_license_files *lf, cw_license_file *fp);

/* Read, identify (or reuse the result of a byte-identical file) and record one file. */
static int add_file(cw_license_files *lf, const char *path, const char *dir, off_t size)
{
	size_t max = lf->opts.max_file_size ? lf->opts.max_file_size : DEFAULT_MAX_FILE;
	cw_license_file f;
	char pkg_dir[4096];
	int error;

	memset(&f, 0, sizeof(f));
	f.component = SIZE_MAX;
	if (!(f.path = cw__arena_strdup(&lf->arena, path)))
		return cw_error_last()->code;
	package_dir_of(pkg_dir, sizeof(pkg_dir), dir);
	if (!lf->pkg_valid || strcmp(pkg_dir, lf->pkg_dir) != 0) {
		snprintf(lf->pkg_dir, sizeof(lf->pkg_dir), "%s", pkg_dir);
		cw__pkg_of_dir(&lf->pkg, pkg_dir);
		lf->pkg_valid = true;
	}
	if (!(f.package_dir = cw__arena_strdup(&lf->arena, pkg_dir)))
		return cw_error_last()->code;
	if (lf->pkg.ecosystem) {
		f.ecosystem = lf->pkg.ecosystem;
		if (!(f.name = cw__arena_strdup(&lf->arena, lf->pkg.name)) ||
		    (lf->pkg.version[0] && !(f.version = cw__arena_strdup(&lf->arena, lf->pkg.version))))
			return cw_error_last()->code;
	}
	f.expression = "NOASSERTION";
	if ((size_t)size > max) {
		if (!(f.skipped = cw__arena_printf(&lf->arena, "larger than %zu bytes", max)))
			return cw_error_last()->code;
		return cw_vec_push(&lf->files, f);
	}
	cw__buf_clear(&lf->text);
	if ((error = cw__file_read(&lf->text, path, max)) < 0) {
		if (error == CW_ENOMEM)
			return error;
		if (!(f.skipped = cw__arena_strdup(&lf->arena, cw_error_last()->message)))
			return cw_error_last()->code;
		cw_error_clear();
		return cw_vec_push(&lf->files, f);
	}
	return finish_file(lf, &f);
}

/* Identify lf->text for f (or reuse the result of a byte-identical file) and record f. */
static int finish_file(cw_license_files *lf, cw_license_file *fp)
{
	cw_license_file f = *fp;
	char key[48];
	void *seen;
	int error;

	snprintf(key, sizeof(key), "%016llx:%zu",
	         (unsigned long long)cw__hash(lf->text.ptr ? lf->text.ptr : "", lf->text.len),
	         lf->text.len);
	if ((seen = cw__map_get(&lf->by_content, key, strlen(key)))) {
		const cw_license_file *o = &lf->files.items[(uintptr_t)seen - 1];
		f.expression = o->expression;
		f.confidence = o->confidence;
		f.matches = o->matches;
		f.match_count = o->match_count;
		f.copyrights = o->copyrights;
		f.copyright_count = o->copyright_count;
		return cw_vec_push(&lf->files, f);
	}
	if ((error = identify(lf, &f)) < 0 || (error = cw_vec_push(&lf->files, f)) < 0)
		return error;
	{
		char *k = cw__arena_strdup(&lf->arena, key);
		if (!k)
			return cw_error_last()->code;
		return cw__map_put(&lf->by_content, k, strlen(k), (void *)(uintptr_t)lf->files.len, NULL);
	}
}

static size_t max_files(const cw_license_files *lf)
{
	return lf->opts.max_files ? lf->opts.max_files : DEFAULT_MAX_FILES;
}

/* Kernel file systems (/proc, /sys, ...) hold no license files and can be
 * huge or endless: not entered when a scan of "/" or a mount reaches them. */
static bool kernel_fs(const char *path)
{
	struct statfs sf;
	if (statfs(path, &sf) != 0)
		return true;
	switch ((unsigned long)sf.f_type) {
	case 0x9fa0:      /* proc */
	case 0x62656572:  /* sysfs */
	case 0x1cd1:      /* devpts */
	case 0x27e0eb:    /* cgroup */
	case 0x63677270:  /* cgroup2 */
	case 0x64626720:  /* debugfs */
	case 0x74726163:  /* tracefs */
	case 0x73636673:  /* securityfs */
		return true;
	default:
		return false;
	}
}

/* REUSE's LICENSES/ folder (and PEP 639's dist-info licenses/) holds license
 * texts under any name ("MIT.txt", "Apache-2.0.txt"). */
static bool licenses_folder(const char *dir)
{
	const char *base = base_of(dir);
	return strcmp(base, "LICENSES") == 0 || strcmp(base, "licenses") == 0 ||
	       strcmp(base, "LICENCES") == 0;
}

static bool text_like(const char *name)
{
	/* lists of people and project notes that wheels also put there */
	static const char *const others[] = { "authors", "contributors", "maintainers", "credits",
	                                      "readme", "changelog", "changes", "history" };
	const char *dot = strrchr(name, '.');
	for (size_t i = 0; i < sizeof(others) / sizeof(others[0]); i++)
		if (strncasecmp(name, others[i], strlen(others[i])) == 0)
			return false;
	return name[0] != '.' && (!dot || strcasecmp(dot, ".txt") == 0 || strcasecmp(dot, ".md") == 0 ||
	                          strcasecmp(dot, ".rst") == 0 || strcasecmp(dot, ".html") == 0 ||
	                          /* "Apache-2.0", "GPL-2.0-or-later": the dot of an id */
	                          cw_is_digit((unsigned char)dot[1]));
}

static int walk(cw_license_files *lf, const char *dir, int depth, dev_t dev)
{
	bool any_name;
	CW_VEC(char *) names = CW_VEC_INIT;
	DIR *d;
	struct dirent *de;
	int error = 0;

	if (depth > WALK_MAX_DEPTH || lf->files.len >= max_files(lf))
		return 0;
	if (!(d = opendir(dir)))
		return 0; /* unreadable folders are skipped, as the inventory walk does */
	while ((de = readdir(d)) != NULL) {
		const char *n = de->d_name;
		char *copy;
		if (!strcmp(n, ".") || !strcmp(n, "..") || !strcmp(n, ".git") || !strcmp(n, ".hg") ||
		    !strcmp(n, ".svn"))
			continue;
		if (!(copy = strdup(n)) || (error = cw_vec_push(&names, copy)) < 0) {
			free(copy);
			error = error ? error : cw__error_oom();
			goto done;
		}
	}
	if (names.len)
		qsort(names.items, names.len, sizeof(char *), compare_names);
	any_name = licenses_folder(dir);
	for (size_t i = 0; i < names.len && error == 0 && lf->files.len < max_files(lf); i++) {
		char path[4096];
		struct stat st;
		bool is_dir, is_reg;
		if (snprintf(path, sizeof(path), "%s/%s", dir, names.items[i]) >= (int)sizeof(path))
			continue;
		if (lstat(path, &st) != 0)
			continue;
		is_dir = S_ISDIR(st.st_mode);
		is_reg = S_ISREG(st.st_mode);
		if (is_dir && (st.st_dev == dev || !kernel_fs(path)))
			error = walk(lf, path, depth + 1, st.st_dev);
		else if (is_reg && (cw__license_file_name(names.items[i]) ||
		                    (any_name && text_like(names.items[i]))))
			error = add_file(lf, path, dir, st.st_size);
	}
done:
	closedir(d);
	for (size_t i = 0; i < names.len; i++)
		free(names.items[i]);
	cw_vec_free(&names);
	return error;
}

/* The end of building `lf`: the scratch buffer and the content index go;
 * *out gets it unless `error` (then it is freed). */
static int finish_build(cw_license_files **out, cw_license_files *lf, int error)
{
	cw__buf_free(&lf->text);
	cw__map_free(&lf->by_content);
	if (error < 0) {
		cw_license_files_free(lf);
		return error;
	}
	*out = lf;
	return 0;
}

int cw_license_files_scan(cw_license_files **out, const char *path, const cw_license_db *db,
                          const cw_license_scan_options *opts)
{
	cw_license_files *lf;
	struct stat st;
	int error = 0;

	*out = NULL;
	if (opts && opts->version != CW_LICENSE_SCAN_OPTIONS_VERSION)
		return cw__error_set(CW_EUSAGE, "cw_license_files_scan: options version %u", opts->version);
	if (stat(path, &st) != 0)
		return cw__error_set(errno == ENOENT ? CW_ENOTFOUND : CW_EIO, "%s: %s", path,
		                     strerror(errno));
	if (!(lf = cw__arena_new_owner(cw_license_files, arena)))
		return cw_error_last()->code;
	lf->db = db;
	if (opts)
		lf->opts = *opts;
	if (S_ISDIR(st.st_mode)) {
		size_t n = strlen(path);
		char root[4096];
		/* "dir/" and "dir" give the same paths */
		while (n > 1 && path[n - 1] == '/')
			n--;
		snprintf(root, sizeof(root), "%.*s", (int)n, path);
		error = walk(lf, root, 0, st.st_dev);
		if (error == 0 && lf->files.len >= max_files(lf))
			cw_log_warn("%s: stopped after %zu license files", path, lf->files.len);
	} else if (S_ISREG(st.st_mode)) {
		char *dir = strdup(path), *slash;
		if (!dir) {
			error = cw__error_oom();
		} else {
			slash = strrchr(dir, '/');
			if (slash)
				*slash = '\0';
			error = add_file(lf, path, slash ? (slash == dir ? "/" : dir) : ".", st.st_size);
			free(dir);
		}
	} else {
		error = cw__error_set(CW_EUNSUPPORTED, "%s: not a file or directory", path);
	}
	return finish_build(out, lf, error);
}

/* The directory part of `path` into out (for package_dir). */
static void dir_part(char *out, size_t cap, const char *path)
{
	const char *slash = strrchr(path, '/');
	snprintf(out, cap, "%.*s", slash ? (int)(slash - path) : 1, slash ? path : ".");
}

int cw_license_files_from_inventory(cw_license_files **out, const cw_inventory *inv,
                                    const cw_license_db *db, const cw_license_scan_options *opts)
{
	cw_license_files *lf;
	int error = 0;

	*out = NULL;
	if (opts && opts->version != CW_LICENSE_SCAN_OPTIONS_VERSION)
		return cw__error_set(CW_EUSAGE, "cw_license_files_from_inventory: options version %u",
		                     opts->version);
	if (!(lf = cw__arena_new_owner(cw_license_files, arena)))
		return cw_error_last()->code;
	lf->db = db;
	if (opts)
		lf->opts = *opts;
	for (size_t i = 0; i < cw_inventory_license_file_count(inv) && error == 0; i++) {
		const cw_inventory_license_file *k = cw_inventory_license_file_get(inv, i);
		const cw_component *c = cw_inventory_component(inv, k->component);
		cw_license_file f;
		char dir[4096], pkg_dir[4096];
		memset(&f, 0, sizeof(f));
		f.component = k->component;
		f.expression = "NOASSERTION";
		dir_part(dir, sizeof(dir), k->path);
		package_dir_of(pkg_dir, sizeof(pkg_dir), dir);
		/* copies: the list may outlive the inventory */
		if (!(f.path = cw__arena_strdup(&lf->arena, k->path)) ||
		    !(f.package_dir = cw__arena_strdup(&lf->arena, pkg_dir)) ||
		    (c->ecosystem && !(f.ecosystem = cw__arena_strdup(&lf->arena, c->ecosystem))) ||
		    (c->name && !(f.name = cw__arena_strdup(&lf->arena, c->name))) ||
		    (c->version && !(f.version = cw__arena_strdup(&lf->arena, c->version)))) {
			error = cw_error_last()->code;
			break;
		}
		cw__buf_clear(&lf->text);
		if ((error = cw__buf_put(&lf->text, k->text, k->len)) == 0)
			error = finish_file(lf, &f);
	}
	return finish_build(out, lf, error);
}

size_t cw_license_files_count(const cw_license_files *lf)
{
	return lf ? lf->files.len : 0;
}

const cw_license_file *cw_license_files_get(const cw_license_files *lf, size_t i)
{
	return lf && i < lf->files.len ? &lf->files.items[i] : NULL;
}

void cw_license_files_free(cw_license_files *lf)
{
	if (!lf)
		return;
	cw_vec_free(&lf->files);
	cw__arena_free_owner(&lf->arena);
}
