/* fs.h - reading whole files with a size cap. */
#ifndef CW_UTIL_FS_H
#define CW_UTIL_FS_H

#include "util/buf.h"

/** Default cap for one input file (lockfiles, SBOMs, advisories). */
#define CW_FILE_DEFAULT_MAX ((size_t)1 << 30)

/**
 * Read all of `path` ("-" is stdin) into `out` (appending).  Files larger
 * than `max` bytes (0: CW_FILE_DEFAULT_MAX) fail with CW_ELIMIT; a missing
 * file is CW_ENOTFOUND, other failures CW_EIO; the message names the path.
 */
int cw__file_read(cw_buf *out, const char *path, size_t max);

/** Write `len` bytes to `path` ("-" is stdout), replacing it. */
int cw__file_write(const char *path, const void *data, size_t len);

#endif
