/* archive.c - libarchive readers (see archive.h). */
#include "util/archive.h"
#include "util/error.h"

int cw__archive_reader(struct archive **out, bool packages)
{
	struct archive *a;
	int error;

	*out = NULL;
	if ((error = cw__archive_load()) < 0)
		return error;
	if (!(a = CW_ARCHIVE(archive_read_new)()))
		return cw__error_oom();
	CW_ARCHIVE(archive_read_support_filter_gzip)(a);
	CW_ARCHIVE(archive_read_support_filter_zstd)(a);
	CW_ARCHIVE(archive_read_support_filter_none)(a);
	CW_ARCHIVE(archive_read_support_format_tar)(a);
	if (packages) {
		CW_ARCHIVE(archive_read_support_filter_bzip2)(a);
		CW_ARCHIVE(archive_read_support_filter_xz)(a);
		CW_ARCHIVE(archive_read_support_filter_lzma)(a);
		CW_ARCHIVE(archive_read_support_format_gnutar)(a);
		CW_ARCHIVE(archive_read_support_format_zip)(a);
	}
	*out = a;
	return 0;
}
