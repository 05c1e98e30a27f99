/*
 * zip.c - reading the *.json members of a zip archive (the OSV
 * per-ecosystem all.zip export) for KB ingest.
 *
 * Spec: PKWARE APPNOTE.TXT 6.3.x, the parts every zip writer uses: the end
 * of central directory record (and its ZIP64 form, needed past 65,535
 * members or 4 GiB), central directory headers with the ZIP64 extended
 * information extra field, local headers; members stored (method 0) or
 * deflated (method 8).  Encrypted members and other methods are an error.
 *
 * Why not libarchive: the archive is mapped and each member is inflated in
 * one call with libdeflate (about twice zlib's speed), and the member's
 * deflate stream is handed to the callback as well, so the KB can keep the
 * original record as it was compressed in the zip (wrapped as a gzip
 * member, see cw__kb_store_raw) instead of compressing it again.
 *
 * Members are visited in the order of their local headers (as libarchive's
 * seekable reader does); every offset and length read from the archive is
 * checked against the mapped size before use.
 */
#include "kb/kb_internal.h"
#include "util/error.h"

#include <errno.h>
#include <fcntl.h>
#include <libdeflate.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct {
	uint64_t offset;    /* of the local header */
	uint64_t csize, usize;
	uint32_t crc;
	uint16_t method, flags;
	const unsigned char *name;
	uint16_t name_len;
	bool skip;          /* a directory, link or other non-regular member */
} member;

typedef struct {
	const char *path;
	const unsigned char *p;
	size_t size;
} zip_in;

static uint16_t rd16(const unsigned char *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t rd32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t rd64(const unsigned char *p)
{
	return (uint64_t)rd32(p) | (uint64_t)rd32(p + 4) << 32;
}

static int broken(const zip_in *z, const char *what)
{
	return cw__error_set(CW_EINVALID, "%s: broken zip: %s", z->path, what);
}

/* [off, off+len) lies inside the archive */
static bool inside(const zip_in *z, uint64_t off, uint64_t len)
{
	return off <= z->size && len <= z->size - off;
}

/* Where the central directory starts and how many entries it has. */
static int find_directory(const zip_in *z, uint64_t *cd_off, uint64_t *cd_size, uint64_t *count)
{
	size_t min = z->size > 65535 + 22 ? z->size - (65535 + 22) : 0, eocd;
	const unsigned char *p = z->p;

	if (z->size < 22)
		return broken(z, "too short for an end of central directory record");
	for (eocd = z->size - 22;; eocd--) {
		if (rd32(p + eocd) == 0x06054b50 && eocd + 22 + rd16(p + eocd + 20) <= z->size)
			break;
		if (eocd == min)
			return broken(z, "no end of central directory record");
	}
	*count = rd16(p + eocd + 10);
	*cd_size = rd32(p + eocd + 12);
	*cd_off = rd32(p + eocd + 16);
	if (rd16(p + eocd + 4) != 0 || rd16(p + eocd + 6) != 0)
		return broken(z, "multi-disk archives are not supported");
	if (*count == 0xFFFF || *cd_size == 0xFFFFFFFF || *cd_off == 0xFFFFFFFF) {
		uint64_t z64;
		if (eocd < 20 || rd32(p + eocd - 20) != 0x07064b50)
			return broken(z, "ZIP64 end of central directory locator missing");
		z64 = rd64(p + eocd - 20 + 8);
		if (!inside(z, z64, 56) || rd32(p + z64) != 0x06064b50)
			return broken(z, "bad ZIP64 end of central directory record");
		*count = rd64(p + z64 + 32);
		*cd_size = rd64(p + z64 + 40);
		*cd_off = rd64(p + z64 + 48);
	}
	if (!inside(z, *cd_off, *cd_size) || *count > *cd_size / 46)
		return broken(z, "central directory out of bounds");
	return 0;
}

/* The ZIP64 extended information extra field overrides saturated sizes. */
static int apply_zip64(const zip_in *z, member *m, const unsigned char *extra, size_t len,
                       bool want_u, bool want_c, bool want_off)
{
	while (len >= 4) {
		uint16_t id = rd16(extra), n = rd16(extra + 2);
		const unsigned char *f = extra + 4;
		if ((size_t)n > len - 4)
			break;
		if (id == 0x0001) {
			size_t need = 8u * ((size_t)want_u + want_c + want_off);
			if (n < need)
				return broken(z, "short ZIP64 extra field");
			if (want_u)
				m->usize = rd64(f), f += 8;
			if (want_c)
				m->csize = rd64(f), f += 8;
			if (want_off)
				m->offset = rd64(f);
			return 0;
		}
		extra += 4 + n;
		len -= 4 + (size_t)n;
	}
	if (want_u || want_c || want_off)
		return broken(z, "ZIP64 sizes without a ZIP64 extra field");
	return 0;
}

static int read_directory(const zip_in *z, member **out, size_t *count_out)
{
	uint64_t cd_off = 0, cd_size = 0, count = 0, pos;
	member *ms = NULL;
	int error;

	*out = NULL;
	*count_out = 0;
	if ((error = find_directory(z, &cd_off, &cd_size, &count)) < 0)
		return error;
	if (count && !(ms = calloc((size_t)count, sizeof(*ms))))
		return cw__error_oom();
	pos = cd_off;
	for (uint64_t i = 0; i < count; i++) {
		const unsigned char *h = z->p + pos;
		member *m = &ms[i];
		uint16_t n, e, c;
		uint32_t mode;
		if (!inside(z, pos, 46) || pos + 46 > cd_off + cd_size || rd32(h) != 0x02014b50) {
			error = broken(z, "bad central directory header");
			goto done;
		}
		n = rd16(h + 28);
		e = rd16(h + 30);
		c = rd16(h + 32);
		if (pos + 46 + n + e + c > cd_off + cd_size) {
			error = broken(z, "central directory header out of bounds");
			goto done;
		}
		m->flags = rd16(h + 8);
		m->method = rd16(h + 10);
		m->crc = rd32(h + 16);
		m->csize = rd32(h + 20);
		m->usize = rd32(h + 24);
		m->offset = rd32(h + 42);
		m->name = h + 46;
		m->name_len = n;
		if ((error = apply_zip64(z, m, h + 46 + n, e, m->usize == 0xFFFFFFFF,
		                         m->csize == 0xFFFFFFFF, m->offset == 0xFFFFFFFF)) < 0)
			goto done;
		/* Unix "made by": the file type in the high half of the external attributes */
		mode = rd32(h + 38) >> 16;
		m->skip = (n && m->name[n - 1] == '/') ||
		          (h[5] == 3 && (mode & S_IFMT) != 0 && (mode & S_IFMT) != S_IFREG);
		pos += 46u + n + e + c;
	}
done:
	if (error < 0)
		free(ms);
	else
		*out = ms, *count_out = (size_t)count;
	return error;
}

static int by_offset(const void *a, const void *b)
{
	const member *x = a, *y = b;
	if (x->offset != y->offset)
		return x->offset < y->offset ? -1 : 1;
	return x < y ? -1 : x > y;
}

/* Inflate (or copy) member `m` into `data`; its packed form into *packed. */
static int extract(const zip_in *z, struct libdeflate_decompressor *dec, const member *m,
                   const char *name, cw_buf *data, cw__kb_packed *packed)
{
	const unsigned char *lh = z->p + m->offset, *body;
	uint64_t start;
	size_t got;
	int error;

	if (!inside(z, m->offset, 30) || rd32(lh) != 0x04034b50)
		return cw__error_set(CW_EINVALID, "%s: %s: bad local header", z->path, name);
	start = m->offset + 30 + rd16(lh + 26) + rd16(lh + 28);
	if (!inside(z, start, m->csize))
		return cw__error_set(CW_EINVALID, "%s: %s: data out of bounds", z->path, name);
	body = z->p + start;
	if (m->flags & 1)
		return cw__error_set(CW_EUNSUPPORTED, "%s: %s: encrypted members are not supported",
		                     z->path, name);
	cw__buf_clear(data);
	if ((error = cw__buf_grow(data, (size_t)m->usize + 1)) < 0)
		return error;
	if (m->method == 0) {
		if (m->csize != m->usize)
			return cw__error_set(CW_EINVALID, "%s: %s: stored sizes differ", z->path, name);
		memcpy(data->ptr, body, (size_t)m->usize);
		packed->deflate = NULL;
	} else if (m->method == 8) {
		if (libdeflate_deflate_decompress(dec, body, (size_t)m->csize, data->ptr,
		                                  (size_t)m->usize, &got) != LIBDEFLATE_SUCCESS ||
		    got != m->usize)
			return cw__error_set(CW_EINVALID, "%s: %s: corrupt deflate data", z->path, name);
		packed->deflate = body;
		packed->deflate_len = (size_t)m->csize;
	} else {
		return cw__error_set(CW_EUNSUPPORTED, "%s: %s: compression method %u is not supported",
		                     z->path, name, m->method);
	}
	data->len = (size_t)m->usize;
	data->ptr[data->len] = '\0';
	if (libdeflate_crc32(0, data->ptr, data->len) != m->crc)
		return cw__error_set(CW_EINVALID, "%s: %s: CRC-32 mismatch", z->path, name);
	packed->crc32 = m->crc;
	return 0;
}

int cw__kb_zip_each_mem(const char *path, const void *bytes, size_t size, cw__kb_entry_fn fn,
                        void *ctx)
{
	zip_in z = { path, bytes, size };
	struct libdeflate_decompressor *dec = NULL;
	member *ms = NULL;
	size_t count = 0;
	cw_buf data = CW_BUF_INIT, name = CW_BUF_INIT;
	int error;

	if ((error = read_directory(&z, &ms, &count)) < 0)
		return error;
	if (!(dec = libdeflate_alloc_decompressor())) {
		error = cw__error_oom();
		goto done;
	}
	if (count)
		qsort(ms, count, sizeof(*ms), by_offset);
	for (size_t i = 0; i < count; i++) {
		cw__kb_packed packed = { NULL, 0, 0 };
		cw__buf_clear(&name);
		if ((error = cw__buf_put(&name, (const char *)ms[i].name, ms[i].name_len)) < 0)
			goto done;
		if (ms[i].skip || !name.ptr || !cw__kb_is_json_name(name.ptr))
			continue;
		if (ms[i].usize > CW_KB_RECORD_MAX) {
			cw_log_warn("%s: %s: skipped, larger than %zu bytes", path, name.ptr,
			            (size_t)CW_KB_RECORD_MAX);
			continue;
		}
		if ((error = extract(&z, dec, &ms[i], name.ptr, &data, &packed)) < 0 ||
		    (error = fn(ctx, name.ptr, data.ptr, data.len, packed.deflate ? &packed : NULL)) < 0)
			goto done;
	}
done:
	libdeflate_free_decompressor(dec);
	free(ms);
	cw__buf_free(&data);
	cw__buf_free(&name);
	return error;
}

int cw__kb_zip_each(const char *path, cw__kb_entry_fn fn, void *ctx)
{
	struct stat sb;
	void *map;
	int fd, error;

	if ((fd = open(path, O_RDONLY)) < 0)
		return cw__error_set(errno == ENOENT ? CW_ENOTFOUND : CW_EIO,
		                     "%s: cannot read zip: %s", path, strerror(errno));
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		close(fd);
		return cw__error_set(CW_EINVALID, "%s: cannot read zip: not a regular file", path);
	}
	if (sb.st_size == 0) {
		close(fd);
		return cw__error_set(CW_EINVALID, "%s: broken zip: empty file", path);
	}
	map = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
	close(fd);
	if (map == MAP_FAILED)
		return cw__error_set(CW_EIO, "%s: cannot map: %s", path, strerror(errno));
	madvise(map, (size_t)sb.st_size, MADV_SEQUENTIAL);
	error = cw__kb_zip_each_mem(path, map, (size_t)sb.st_size, fn, ctx);
	munmap(map, (size_t)sb.st_size);
	return error;
}
