/* error.c - the thread-local last error. */
#include "util/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static _Thread_local cw_error last_error;

const cw_error *cw_error_last(void)
{
	return &last_error;
}

void cw_error_clear(void)
{
	last_error.code = 0;
	last_error.message[0] = '\0';
}

CW_PRINTF(3, 0) static void set_message(int code, const char *prefix, const char *fmt, va_list ap)
{
	/* Formatted before anything is written: an argument may be the last
	 * message itself (locating an error a callee set). */
	char text[CW_ERROR_MESSAGE_MAX];
	vsnprintf(text, sizeof(text), fmt, ap);
	last_error.code = code;
	snprintf(last_error.message, sizeof(last_error.message), "%s%s", prefix ? prefix : "", text);
}

int cw__error_set(int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	set_message(code, NULL, fmt, ap);
	va_end(ap);
	return code;
}

int cw__error_set_at(int code, const char *path, size_t line, size_t col,
                     const char *fmt, ...)
{
	char where[512] = "";
	va_list ap;
	if (path && line && col)
		snprintf(where, sizeof(where), "%s:%zu:%zu: ", path, line, col);
	else if (path && line)
		snprintf(where, sizeof(where), "%s:%zu: ", path, line);
	else if (path)
		snprintf(where, sizeof(where), "%s: ", path);
	va_start(ap, fmt);
	set_message(code, where, fmt, ap);
	va_end(ap);
	return code;
}

int cw__error_prefix(const char *fmt, ...)
{
	char old[CW_ERROR_MESSAGE_MAX];
	char prefix[CW_ERROR_MESSAGE_MAX];
	va_list ap;
	memcpy(old, last_error.message, sizeof(old));
	va_start(ap, fmt);
	vsnprintf(prefix, sizeof(prefix), fmt, ap);
	va_end(ap);
	snprintf(last_error.message, sizeof(last_error.message), "%s: %s", prefix, old);
	return last_error.code;
}

int cw__error_oom(void)
{
	return cw__error_set(CW_ENOMEM, "out of memory");
}

void cw__error_position(const char *data, size_t len, size_t offset,
                        size_t *line, size_t *col)
{
	size_t l = 1, c = 1;
	if (offset > len)
		offset = len;
	for (size_t i = 0; i < offset; i++) {
		if (data[i] == '\n') {
			l++;
			c = 1;
		} else {
			c++;
		}
	}
	*line = l;
	*col = c;
}

const char *cw_error_name(int code)
{
	switch (code) {
	case CW_OK: return "ok";
	case CW_ENOMEM: return "out of memory";
	case CW_EINVALID: return "invalid input";
	case CW_EUSAGE: return "usage error";
	case CW_ENOTFOUND: return "not found";
	case CW_EIO: return "I/O error";
	case CW_ELIMIT: return "limit exceeded";
	case CW_EUNSUPPORTED: return "unsupported";
	case CW_EINTERNAL: return "internal error";
	default: return "error";
	}
}

int cw_error_exit_code(int code)
{
	switch (code) {
	case CW_OK:
		return CW_EXIT_OK;
	case CW_EINVALID:
	case CW_EUSAGE:
	case CW_ENOTFOUND:
	case CW_ELIMIT:
	case CW_EUNSUPPORTED:
		return CW_EXIT_USAGE;
	default:
		return CW_EXIT_INTERNAL;
	}
}

const char *cw_version_string(void)
{
	return CW_VERSION_STRING;
}
