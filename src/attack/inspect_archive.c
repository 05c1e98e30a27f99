/*
 * inspect_archive.c - feeding a package to an inspect session: an archive
 * (libarchive: tar, optionally gzip/bzip2/xz/lzma/zstd compressed, and zip
 * - npm tarballs, sdists, wheels) or an unpacked directory.
 *
 * Nothing is extracted: entry names are only labels, so "../" names cannot
 * escape (the unsafe-path detector reports them).  One buffer of
 * max_file_size bytes is reused for every entry; larger entries are
 * skipped and their size is charged against max_total_size, as is every
 * byte decompressed, so a decompression bomb stops with CW_ELIMIT after a
 * bounded amount of work.  Directories are walked without following
 * symbolic links; ".git" folders are skipped.
 */
#include "attack/inspect_internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/archive.h"
#include "util/error.h"

#define DIR_MAX_DEPTH 64

/* Read the entries of an opened archive into the session. */
static int read_entries(cw_inspect_session *s, struct archive *a, const char *label)
{
	struct archive_entry *entry;
	char *buf = NULL;
	size_t cap = s->opts.max_file_size;
	int r, error = 0;

	if (!(buf = malloc(cap + 1)))
		return cw__error_oom();
	while ((r = CW_ARCHIVE(archive_read_next_header)(a, &entry)) == ARCHIVE_OK || r == ARCHIVE_WARN) {
		const char *name = CW_ARCHIVE(archive_entry_pathname)(entry);
		la_int64_t declared = CW_ARCHIVE(archive_entry_size_is_set)(entry) ? CW_ARCHIVE(archive_entry_size)(entry) : -1;
		size_t len = 0;
		bool large = false;

		if (!name)
			name = "(unnamed)";
		if (CW_ARCHIVE(archive_entry_filetype)(entry) != AE_IFREG)
			continue;
		if (declared > (la_int64_t)cap) {
			large = true;
		} else {
			for (;;) {
				la_ssize_t got = CW_ARCHIVE(archive_read_data)(a, buf + len, cap + 1 - len);
				if (got < 0) {
					error = cw__error_set(CW_EINVALID, "%s: entry '%s': %s", label, name,
					                      CW_ARCHIVE(archive_error_string)(a) ? CW_ARCHIVE(archive_error_string)(a)
					                                              : "unreadable data");
					goto done;
				}
				if (got == 0)
					break;
				len += (size_t)got;
				if (len > cap) {
					large = true;
					break;
				}
			}
		}
		if (large) {
			/* skipping still decompresses: charge what the header says, or
			 * what was read plus the rest as it is skipped */
			uint64_t size = declared >= 0 ? (uint64_t)declared : len;
			if (declared < 0) {
				la_ssize_t got;
				while ((got = CW_ARCHIVE(archive_read_data)(a, buf, cap)) > 0) {
					size += (uint64_t)got;
					if (size > s->opts.max_total_size)
						break;
				}
			}
			if ((error = cw_inspect_session_skip_large(s, name, size)) < 0)
				goto done;
			continue;
		}
		if ((error = cw_inspect_session_add(s, name, buf, len)) < 0)
			goto done;
	}
	if (r != ARCHIVE_EOF)
		error = cw__error_set(CW_EINVALID, "%s: not a readable tar or zip archive: %s", label,
		                      CW_ARCHIVE(archive_error_string)(a) ? CW_ARCHIVE(archive_error_string)(a) : "unknown error");
done:
	free(buf);
	return error;
}

int cw_inspect_archive_memory(cw_inspect_report **out, const cw_inspect_rules *rules,
                              const void *data, size_t len, const char *name,
                              const cw_inspect_options *opts)
{
	cw_inspect_session *s = NULL;
	struct archive *a = NULL;
	int error;

	*out = NULL;
	if ((error = cw_inspect_session_new(&s, rules, opts)) < 0)
		return error;
	if ((error = cw__archive_reader(&a, true)) < 0)
		goto done;
	if (CW_ARCHIVE(archive_read_open_memory)(a, data, len) != ARCHIVE_OK) {
		error = cw__error_set(CW_EINVALID, "%s: not a tar or zip archive: %s", name ? name : "archive",
		                      CW_ARCHIVE(archive_error_string)(a) ? CW_ARCHIVE(archive_error_string)(a) : "unknown format");
		goto done;
	}
	if ((error = read_entries(s, a, name ? name : "archive")) < 0)
		goto done;
	CW_ARCHIVE(archive_read_free)(a);
	a = NULL;
	error = cw_inspect_session_finish(out, s);
	s = NULL;
done:
	if (a)
		CW_ARCHIVE(archive_read_free)(a);
	cw_inspect_session_free(s);
	return error;
}

static int inspect_archive_file(cw_inspect_session *s, const char *path)
{
	struct archive *a;
	int error;
	if ((error = cw__archive_reader(&a, true)) < 0)
		return error;
	if (CW_ARCHIVE(archive_read_open_filename)(a, path, 1 << 16) != ARCHIVE_OK) {
		error = cw__error_set(errno == ENOENT ? CW_ENOTFOUND : CW_EINVALID,
		                      "%s: not a tar or zip archive: %s", path,
		                      CW_ARCHIVE(archive_error_string)(a) ? CW_ARCHIVE(archive_error_string)(a) : "unknown format");
		goto done;
	}
	error = read_entries(s, a, path);
done:
	CW_ARCHIVE(archive_read_free)(a);
	return error;
}

/* Walk `dir` (`rel` is its path in the package, "" at the top). */
static int walk(cw_inspect_session *s, const char *dir, const char *rel, int depth, char *buf)
{
	DIR *d;
	struct dirent *de;
	int error = 0;

	if (depth > DIR_MAX_DEPTH)
		return cw__error_set(CW_ELIMIT, "%s: directories nested deeper than %d", dir, DIR_MAX_DEPTH);
	if (!(d = opendir(dir)))
		return cw__error_set(CW_EIO, "%s: cannot open directory: %s", dir, strerror(errno));
	while ((de = readdir(d)) && error == 0) {
		char path[4096], name[4096];
		struct stat st;
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..") || !strcmp(de->d_name, ".git"))
			continue;
		if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, de->d_name) >= sizeof(path) ||
		    (size_t)snprintf(name, sizeof(name), "%s%s%s", rel, *rel ? "/" : "", de->d_name) >= sizeof(name)) {
			error = cw__error_set(CW_ELIMIT, "%s: path too long", dir);
			break;
		}
		if (lstat(path, &st) != 0) {
			error = cw__error_set(CW_EIO, "%s: %s", path, strerror(errno));
			break;
		}
		if (S_ISDIR(st.st_mode)) {
			error = walk(s, path, name, depth + 1, buf);
		} else if (S_ISREG(st.st_mode)) {
			if ((uint64_t)st.st_size > s->opts.max_file_size) {
				error = cw_inspect_session_skip_large(s, name, (uint64_t)st.st_size);
			} else {
				int fd = open(path, O_RDONLY | O_NOFOLLOW);
				size_t len = 0;
				ssize_t got = 0;
				if (fd < 0) {
					error = cw__error_set(CW_EIO, "%s: %s", path, strerror(errno));
					break;
				}
				while (len < s->opts.max_file_size &&
				       (got = read(fd, buf + len, s->opts.max_file_size - len)) > 0)
					len += (size_t)got;
				close(fd);
				if (got < 0)
					error = cw__error_set(CW_EIO, "%s: %s", path, strerror(errno));
				else
					error = cw_inspect_session_add(s, name, buf, len);
			}
		}
	}
	closedir(d);
	return error;
}

int cw_inspect_path(cw_inspect_report **out, const cw_inspect_rules *rules, const char *path,
                    const cw_inspect_options *opts)
{
	cw_inspect_session *s = NULL;
	struct stat st;
	char *buf = NULL;
	int error;

	*out = NULL;
	if (stat(path, &st) != 0)
		return cw__error_set(errno == ENOENT ? CW_ENOTFOUND : CW_EIO, "%s: %s", path, strerror(errno));
	if ((error = cw_inspect_session_new(&s, rules, opts)) < 0)
		return error;
	if (S_ISDIR(st.st_mode)) {
		if (!(buf = malloc(s->opts.max_file_size + 1))) {
			error = cw__error_oom();
			goto done;
		}
		error = walk(s, path, "", 0, buf);
	} else {
		error = inspect_archive_file(s, path);
	}
	if (error < 0)
		goto done;
	error = cw_inspect_session_finish(out, s);
	s = NULL;
done:
	free(buf);
	cw_inspect_session_free(s);
	return error;
}
