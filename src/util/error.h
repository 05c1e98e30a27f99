/* error.h - setting the thread-local last error (see chainwarden/common.h). */
#ifndef CW_UTIL_ERROR_H
#define CW_UTIL_ERROR_H

#include "chainwarden/common.h"

/** Set the last error and return `code`, so `return cw__error_set(...)` reads well. */
int cw__error_set(int code, const char *fmt, ...) CW_PRINTF(2, 3);

/**
 * Set an error located in an input: "path:line:col: message".  `line` and
 * `col` are 1-based; 0 omits them.  `path` NULL omits the location.  The
 * arguments may include the last error's own message.
 */
int cw__error_set_at(int code, const char *path, size_t line, size_t col,
                     const char *fmt, ...) CW_PRINTF(5, 6);

/** Prefix the current message with context ("reading KB: ..."); returns the code. */
int cw__error_prefix(const char *fmt, ...) CW_PRINTF(1, 2);

/** Shorthand for the out-of-memory error. */
int cw__error_oom(void);

/** 1-based line and column of byte `offset` in `data`. */
void cw__error_position(const char *data, size_t len, size_t offset,
                        size_t *line, size_t *col);

#endif
