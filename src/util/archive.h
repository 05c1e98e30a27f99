/* archive.h - libarchive readers set up the same way wherever archives are
 * read (image layers and tarballs, package archives). */
#ifndef CW_UTIL_ARCHIVE_H
#define CW_UTIL_ARCHIVE_H

#include <stdbool.h>

#include "util/lib_archive.h"

/* A reader of tar streams, plain or gzip or zstd compressed; with
 * `packages`, also of the other forms packages ship in (bzip2, xz and lzma
 * compressed tars, zip).  0, or CW_EUNSUPPORTED when libarchive cannot be
 * loaded, CW_ENOMEM. */
int cw__archive_reader(struct archive **out, bool packages);

#endif
