/*
 * lib_archive.h - libarchive, for image tarballs, layers, JARs and package
 * archives, loaded when first needed (util/dynlib.h): call
 * cw__archive_load() first, then CW_ARCHIVE(function)(arguments).
 */
#ifndef CW_UTIL_LIB_ARCHIVE_H
#define CW_UTIL_LIB_ARCHIVE_H

#include <archive.h>
#include <archive_entry.h>

#include "util/dynlib.h"

/* Every function of the library chainwarden calls. */
#define CW_ARCHIVE_FUNCTIONS(X) \
	X(archive_entry_filetype) X(archive_entry_hardlink) X(archive_entry_mode) \
	X(archive_entry_pathname) X(archive_entry_size) X(archive_entry_size_is_set) \
	X(archive_error_string) X(archive_filter_bytes) X(archive_read_data) \
	X(archive_read_data_block) X(archive_read_free) X(archive_read_new) \
	X(archive_read_next_header) X(archive_read_open2) X(archive_read_open_filename) \
	X(archive_read_open_memory) X(archive_read_support_filter_bzip2) \
	X(archive_read_support_filter_gzip) X(archive_read_support_filter_lzma) \
	X(archive_read_support_filter_none) X(archive_read_support_filter_xz) \
	X(archive_read_support_filter_zstd) X(archive_read_support_format_gnutar) \
	X(archive_read_support_format_tar) X(archive_read_support_format_zip)

CW_DYNLIB_DECLARE(archive, CW_ARCHIVE_FUNCTIONS)
#define CW_ARCHIVE(f) (cw__archive.f)

#endif
