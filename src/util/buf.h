/*
 * buf.h - a growable byte buffer with a hard cap (like curl's dynbuf).
 *
 * The content is always NUL-terminated once anything was appended, so
 * `ptr` can be used as a C string.  Growth past `max` fails with CW_ELIMIT.
 */
#ifndef CW_UTIL_BUF_H
#define CW_UTIL_BUF_H

#include <stdarg.h>
#include <stddef.h>

#include "chainwarden/common.h"

#define CW_BUF_DEFAULT_MAX ((size_t)1 << 30)

typedef struct {
	char *ptr;
	size_t len;
	size_t cap;
	size_t max;   /* 0 means CW_BUF_DEFAULT_MAX */
} cw_buf;

#define CW_BUF_INIT { NULL, 0, 0, 0 }

int cw__buf_grow(cw_buf *buf, size_t extra);
int cw__buf_put(cw_buf *buf, const void *data, size_t len);
int cw__buf_puts(cw_buf *buf, const char *str);
int cw__buf_putc(cw_buf *buf, char c);
int cw__buf_printf(cw_buf *buf, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int cw__buf_vprintf(cw_buf *buf, const char *fmt, va_list ap) CW_PRINTF(2, 0);

/** Empty the buffer, keeping its memory. */
void cw__buf_clear(cw_buf *buf);

/** Hand the content to the caller (free() it); the buffer is reset. Never NULL. */
char *cw__buf_detach(cw_buf *buf);

void cw__buf_free(cw_buf *buf);

#endif
