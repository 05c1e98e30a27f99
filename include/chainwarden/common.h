/*
 * chainwarden/common.h - conventions shared by every public header.
 *
 * Errors: functions return int, 0 on success and a negative CW_E* code on
 * failure.  The message (with file:line:column context for parsers) is kept
 * in a thread-local "last error" read with cw_error_last().  The library
 * never calls exit() or abort().
 *
 * Ownership: output parameters come first and are named `out`; what comes
 * back through `**out` belongs to the caller and is released with the
 * matching cw_<thing>_free().  Every other pointer argument or return value
 * is borrowed: the library does not keep it past the call, and the caller
 * must not free what the library returns unless the header says so.
 *
 * Strings: input is a pointer plus length wherever untrusted data flows
 * (no NUL terminator needed); NUL-terminated variants exist for convenience.
 */
#ifndef CHAINWARDEN_COMMON_H
#define CHAINWARDEN_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define CW_EXTERN __attribute__((visibility("default")))
#define CW_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define CW_EXTERN
#define CW_PRINTF(f, a)
#endif

/** Error codes.  The CLI maps them to exit codes, see cw_error_exit_code(). */
typedef enum {
	CW_OK = 0,
	CW_ERROR = -1,          /**< generic failure (message says what) */
	CW_ENOMEM = -2,         /**< out of memory */
	CW_EINVALID = -3,       /**< input does not parse or validate */
	CW_EUSAGE = -4,         /**< wrong use of an API or command */
	CW_ENOTFOUND = -5,      /**< a named thing does not exist */
	CW_EIO = -6,            /**< reading or writing a file or socket failed */
	CW_ELIMIT = -7,         /**< input exceeds a safety cap (size, depth, count) */
	CW_EUNSUPPORTED = -8,   /**< valid input that this version cannot handle */
	CW_EINTERNAL = -9       /**< a bug: an invariant did not hold */
} cw_error_code;

/** Process exit codes of the chainwarden binary (documented in chainwarden(1)). */
enum {
	CW_EXIT_OK = 0,         /**< success, nothing to report */
	CW_EXIT_FINDINGS = 1,   /**< findings or a policy failure */
	CW_EXIT_USAGE = 2,      /**< usage or input error */
	CW_EXIT_INTERNAL = 3    /**< internal or I/O error */
};

#define CW_ERROR_MESSAGE_MAX 1024

/** The last error of the calling thread. */
typedef struct {
	int code;                           /**< a cw_error_code */
	char message[CW_ERROR_MESSAGE_MAX]; /**< human-readable, with context */
} cw_error;

/** The calling thread's last error; never NULL (code 0 when none). Borrowed. */
CW_EXTERN const cw_error *cw_error_last(void);

/** Forget the calling thread's last error. */
CW_EXTERN void cw_error_clear(void);

/** Name of an error code ("invalid input", ...), for messages. */
CW_EXTERN const char *cw_error_name(int code);

/** The process exit code for an error code: 2 for input/usage, 3 otherwise. */
CW_EXTERN int cw_error_exit_code(int code);

/** The library version, e.g. "0.1.0". */
CW_EXTERN const char *cw_version_string(void);

#ifdef __cplusplus
}
#endif
#endif
