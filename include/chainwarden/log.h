/*
 * chainwarden/log.h - leveled logging to stderr (or to a handler).
 *
 * The library logs warnings about skipped input (a malformed advisory, an
 * unreadable file) here rather than failing the whole operation.  The CLI
 * sets the level from -v/-q; a server installs its own handler.
 */
#ifndef CHAINWARDEN_LOG_H
#define CHAINWARDEN_LOG_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
	CW_LOG_ERROR = 0,
	CW_LOG_WARN = 1,
	CW_LOG_INFO = 2,
	CW_LOG_DEBUG = 3,
	CW_LOG_TRACE = 4
} cw_log_level;

/** A log sink; `message` is borrowed and has no trailing newline. */
typedef void (*cw_log_handler)(cw_log_level level, const char *message, void *ctx);

/** Messages above `level` are dropped.  Default: CW_LOG_WARN. */
CW_EXTERN void cw_log_set_level(cw_log_level level);
CW_EXTERN cw_log_level cw_log_get_level(void);

/** Route messages to `handler` (NULL restores the stderr default). */
CW_EXTERN void cw_log_set_handler(cw_log_handler handler, void *ctx);

/** Log a message (printf format). */
CW_EXTERN void cw_log(cw_log_level level, const char *fmt, ...) CW_PRINTF(2, 3);

#define cw_log_error(...) cw_log(CW_LOG_ERROR, __VA_ARGS__)
#define cw_log_warn(...)  cw_log(CW_LOG_WARN, __VA_ARGS__)
#define cw_log_info(...)  cw_log(CW_LOG_INFO, __VA_ARGS__)
#define cw_log_debug(...) cw_log(CW_LOG_DEBUG, __VA_ARGS__)

#ifdef __cplusplus
}
#endif
#endif
