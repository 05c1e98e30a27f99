/* archive.h - libarchive readers set up the same way wherever archives are
 * read (image layers and tarballs, package archives). */
#ifndef CW_UTIL_ARCHIVE_H
#define CW_UTIL_ARCHIVE_H

#include <archive.h>
#include <stdbool.h>

/* A reader of tar streams, plain or gzip or zstd compressed; with
 * `packages`, also of the other forms packages ship in (bzip2, xz and lzma
 * compressed tars, zip).  NULL when out of memory (no error set). */
struct archive *cw__archive_reader(bool packages);

#endif
