/* archive.c - libarchive readers (see archive.h). */
#include "util/archive.h"

struct archive *cw__archive_reader(bool packages)
{
	struct archive *a = archive_read_new();
	if (!a)
		return NULL;
	archive_read_support_filter_gzip(a);
	archive_read_support_filter_zstd(a);
	archive_read_support_filter_none(a);
	archive_read_support_format_tar(a);
	if (packages) {
		archive_read_support_filter_bzip2(a);
		archive_read_support_filter_xz(a);
		archive_read_support_filter_lzma(a);
		archive_read_support_format_gnutar(a);
		archive_read_support_format_zip(a);
	}
	return a;
}
