/*
 * source.c - reading KB inputs: directories of JSON files, and files that
 * may be gzip-compressed (NVD yearly feeds, EPSS CSV).  Every read has a
 * cap.  Zip archives are read by zip.c.
 */
#include "kb/kb_internal.h"
#include "util/error.h"
#include "util/fs.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>

bool cw__kb_is_json_name(const char *name)
{
	size_t n = strlen(name);
	return n > 5 && strcmp(name + n - 5, ".json") == 0;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int dir_walk(const char *path, cw__kb_entry_fn fn, void *ctx, int depth, cw_buf *data)
{
	DIR *dir;
	struct dirent *de;
	char **names = NULL;
	size_t count = 0, cap = 0;
	int error = 0;

	if (depth > 32)
		return cw__error_set(CW_ELIMIT, "%s: directories nested too deep", path);
	if (!(dir = opendir(path)))
		return cw__error_set(errno == ENOENT ? CW_ENOTFOUND : CW_EIO,
		                     "%s: cannot open directory: %s", path, strerror(errno));
	while ((de = readdir(dir))) {
		char *name;
		if (de->d_name[0] == '.')
			continue;
		if (count == cap) {
			char **grown = realloc(names, (cap = cap ? cap * 2 : 64) * sizeof(*names));
			if (!grown) {
				error = cw__error_oom();
				goto done;
			}
			names = grown;
		}
		if (!(name = malloc(strlen(path) + strlen(de->d_name) + 2))) {
			error = cw__error_oom();
			goto done;
		}
		sprintf(name, "%s/%s", path, de->d_name);
		names[count++] = name;
	}
	if (count)
		qsort(names, count, sizeof(*names), cmp_names);
	for (size_t i = 0; i < count && !error; i++) {
		struct stat sb;
		if (stat(names[i], &sb) != 0)
			continue;
		if (S_ISDIR(sb.st_mode)) {
			error = dir_walk(names[i], fn, ctx, depth + 1, data);
		} else if (S_ISREG(sb.st_mode) && cw__kb_is_json_name(names[i])) {
			cw__buf_clear(data);
			if ((error = cw__file_read(data, names[i], CW_KB_RECORD_MAX)) < 0) {
				if (error != CW_ELIMIT)
					break;
				cw_log_warn("%s: skipped: %s", names[i], cw_error_last()->message);
				error = 0;
				continue;
			}
			error = fn(ctx, names[i], data->ptr ? data->ptr : "", data->len, NULL);
		}
	}
done:
	closedir(dir);
	for (size_t i = 0; i < count; i++)
		free(names[i]);
	free(names);
	return error;
}

int cw__kb_dir_each(const char *path, cw__kb_entry_fn fn, void *ctx)
{
	cw_buf data = CW_BUF_INIT;
	int error = dir_walk(path, fn, ctx, 0, &data);
	cw__buf_free(&data);
	return error;
}

int cw__kb_read_maybe_gz(cw_buf *out, const char *path, size_t max)
{
	gzFile gz;
	int error = 0;

	/* gzread passes uncompressed input through unchanged. */
	if (!(gz = gzopen(path, "rb")))
		return cw__error_set(errno == ENOENT ? CW_ENOTFOUND : CW_EIO,
		                     "%s: cannot open: %s", path, strerror(errno));
	gzbuffer(gz, 1 << 17);
	for (;;) {
		int n;
		if ((error = cw__buf_grow(out, 1 << 17)) < 0)
			break;
		n = gzread(gz, out->ptr + out->len, 1 << 17);
		if (n < 0) {
			int zerr;
			const char *msg = gzerror(gz, &zerr);
			error = cw__error_set(CW_EINVALID, "%s: %s", path, msg);
			break;
		}
		out->len += (size_t)n;
		out->ptr[out->len] = '\0';
		if (out->len > max) {
			error = cw__error_set(CW_ELIMIT, "%s: larger than %zu bytes", path, max);
			break;
		}
		if (n == 0)
			break;
	}
	gzclose(gz);
	return error;
}
