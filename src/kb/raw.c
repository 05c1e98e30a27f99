/*
 * raw.c - the stored form of ingested records (advisories.raw, nvd.raw):
 * the original bytes, compressed, so `db show --raw` gives them back
 * exactly.
 *
 * Two forms, told apart by their magic numbers:
 *  - a gzip member (RFC 1952, 1f 8b): an OSV record read from a zip keeps
 *    the deflate stream the zip already holds, with a 10-byte gzip header
 *    and the zip's CRC-32 and the size as trailer, so ingest does no
 *    compression work at all;
 *  - a zstd frame (RFC 8878, 28 b5 2f fd, level 1): everything else
 *    (directories, single files, NVD records).
 */
#include "kb/kb_internal.h"
#include "util/error.h"

#include <libdeflate.h>
#include <string.h>

int cw__kb_compress(cw_kb_builder *b, const char *data, size_t len)
{
	size_t bound = ZSTD_compressBound(len), n;
	int error;
	cw__buf_clear(&b->zbuf);
	if ((error = cw__buf_grow(&b->zbuf, bound + 1)) < 0)
		return error;
	/* parameters were set once in cw_kb_builder_new(); compress2 keeps them */
	n = ZSTD_compress2(b->zc, b->zbuf.ptr, bound, data, len);
	if (ZSTD_isError(n))
		return cw__error_set(CW_EINTERNAL, "zstd: %s", ZSTD_getErrorName(n));
	b->zbuf.len = n;
	return 0;
}

static void put_le32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
	p[2] = (unsigned char)(v >> 16);
	p[3] = (unsigned char)(v >> 24);
}

int cw__kb_store_raw(cw_kb_builder *b, const char *data, size_t len)
{
	static const unsigned char header[10] = { 0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff };
	const cw__kb_packed *p = b->packed;
	unsigned char *out;
	int error;

	if (!p)
		return cw__kb_compress(b, data, len);
	cw__buf_clear(&b->zbuf);
	if ((error = cw__buf_grow(&b->zbuf, sizeof(header) + p->deflate_len + 8)) < 0)
		return error;
	out = (unsigned char *)b->zbuf.ptr;
	memcpy(out, header, sizeof(header));
	memcpy(out + sizeof(header), p->deflate, p->deflate_len);
	put_le32(out + sizeof(header) + p->deflate_len, p->crc32);
	put_le32(out + sizeof(header) + p->deflate_len + 4, (uint32_t)len);
	b->zbuf.len = sizeof(header) + p->deflate_len + 8;
	return 0;
}

int cw__kb_raw_decode(char *out, size_t size, const void *stored, size_t stored_len)
{
	const unsigned char *s = stored;
	size_t n;

	if (stored_len >= 18 && s[0] == 0x1f && s[1] == 0x8b) {
		struct libdeflate_decompressor *d = libdeflate_alloc_decompressor();
		enum libdeflate_result r;
		if (!d)
			return cw__error_oom();
		r = libdeflate_gzip_decompress(d, stored, stored_len, out, size, &n);
		libdeflate_free_decompressor(d);
		return r == LIBDEFLATE_SUCCESS && n == size ? 0 : CW_EINVALID;
	}
	n = ZSTD_decompress(out, size, stored, stored_len);
	return !ZSTD_isError(n) && n == size ? 0 : CW_EINVALID;
}
