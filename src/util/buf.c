/* buf.c - capped growable buffer (see buf.h). */
#include "util/buf.h"
#include "util/error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cw__buf_grow(cw_buf *buf, size_t extra)
{
	size_t max = buf->max ? buf->max : CW_BUF_DEFAULT_MAX;
	size_t need, cap;
	char *p;

	if (extra > max || buf->len > max - extra)
		return cw__error_set(CW_ELIMIT, "buffer cap of %zu bytes exceeded", max);
	need = buf->len + extra + 1;
	if (need <= buf->cap)
		return 0;
	cap = buf->cap ? buf->cap : 64;
	while (cap < need)
		cap = cap > ((size_t)-1) / 2 ? need : cap * 2;
	if (cap > max + 1)
		cap = max + 1;
	p = realloc(buf->ptr, cap);
	if (!p)
		return cw__error_oom();
	buf->ptr = p;
	buf->cap = cap;
	return 0;
}

int cw__buf_put(cw_buf *buf, const void *data, size_t len)
{
	int error;
	if ((error = cw__buf_grow(buf, len)) < 0)
		return error;
	if (len)
		memcpy(buf->ptr + buf->len, data, len);
	buf->len += len;
	buf->ptr[buf->len] = '\0';
	return 0;
}

int cw__buf_puts(cw_buf *buf, const char *str)
{
	return cw__buf_put(buf, str, strlen(str));
}

int cw__buf_putc(cw_buf *buf, char c)
{
	return cw__buf_put(buf, &c, 1);
}

int cw__buf_vprintf(cw_buf *buf, const char *fmt, va_list ap)
{
	va_list copy;
	int n, error;

	va_copy(copy, ap);
	n = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	if (n < 0)
		return cw__error_set(CW_EINTERNAL, "bad format string");
	if ((error = cw__buf_grow(buf, (size_t)n)) < 0)
		return error;
	vsnprintf(buf->ptr + buf->len, (size_t)n + 1, fmt, ap);
	buf->len += (size_t)n;
	return 0;
}

int cw__buf_printf(cw_buf *buf, const char *fmt, ...)
{
	va_list ap;
	int error;
	va_start(ap, fmt);
	error = cw__buf_vprintf(buf, fmt, ap);
	va_end(ap);
	return error;
}

void cw__buf_clear(cw_buf *buf)
{
	buf->len = 0;
	if (buf->ptr)
		buf->ptr[0] = '\0';
}

char *cw__buf_detach(cw_buf *buf)
{
	char *p = buf->ptr;
	if (!p) {
		p = malloc(1);
		if (p)
			p[0] = '\0';
	}
	buf->ptr = NULL;
	buf->len = buf->cap = 0;
	return p;
}

void cw__buf_free(cw_buf *buf)
{
	free(buf->ptr);
	buf->ptr = NULL;
	buf->len = buf->cap = 0;
}
