/* fs.c - whole-file reads and writes with clear errors. */
#include "util/fs.h"
#include "util/error.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

int cw__file_read(cw_buf *out, const char *path, size_t max)
{
	enum { CHUNK = 65536 };
	size_t start = out->len;
	FILE *fp;
	int error = 0;

	if (!max)
		max = CW_FILE_DEFAULT_MAX;
	fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	if (!fp)
		return cw__error_set(errno == ENOENT ? CW_ENOTFOUND : CW_EIO,
		                     "%s: cannot open: %s", path, strerror(errno));
	for (;;) {
		size_t n;
		if ((error = cw__buf_grow(out, CHUNK)) < 0)
			break;
		n = fread(out->ptr + out->len, 1, CHUNK, fp);
		out->len += n;
		out->ptr[out->len] = '\0';
		if (out->len - start > max) {
			error = cw__error_set(CW_ELIMIT, "%s: file larger than %zu bytes", path, max);
			break;
		}
		if (n < CHUNK) {
			if (ferror(fp))
				error = cw__error_set(CW_EIO, "%s: read failed: %s", path, strerror(errno));
			break;
		}
	}
	if (fp != stdin)
		fclose(fp);
	return error;
}

int cw__file_write(const char *path, const void *data, size_t len)
{
	FILE *fp = strcmp(path, "-") == 0 ? stdout : fopen(path, "wb");
	int error = 0;
	if (!fp)
		return cw__error_set(CW_EIO, "%s: cannot create: %s", path, strerror(errno));
	if (len && fwrite(data, 1, len, fp) != len)
		error = cw__error_set(CW_EIO, "%s: write failed: %s", path, strerror(errno));
	if (fp == stdout) {
		if (fflush(fp) != 0 && !error)
			error = cw__error_set(CW_EIO, "stdout: write failed: %s", strerror(errno));
	} else if (fclose(fp) != 0 && !error) {
		error = cw__error_set(CW_EIO, "%s: write failed: %s", path, strerror(errno));
	}
	return error;
}
