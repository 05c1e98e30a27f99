/*
 * rpm_header.c - a parser for RPM header blobs, without librpm.
 *
 * Layout (rpm's lib/header.c, "RPM file format" in rpm.org docs; the same
 * since rpm 3): int32 il (index entries), int32 dl (data bytes), then il
 * entries { int32 tag, type, offset, count } and dl bytes of data, all
 * big-endian.  The database stores headers without the 8-byte magic that
 * .rpm files carry.  Types used: INT32 (4), STRING (6), STRING_ARRAY (8),
 * I18NSTRING (9; the first string is the untranslated one).
 * Tags: NAME 1000, VERSION 1001, RELEASE 1002, EPOCH 1003, LICENSE 1014,
 * ARCH 1022, SOURCERPM 1044.  Every offset and string is bounds-checked.
 */
#include "inventory/rpm_header.h"

#include <string.h>

#include "chainwarden/common.h"
#include "util/error.h"

#define RPM_MAX_INDEX 0xffff            /* rpm's own limit (hdrchkTags) */
#define RPM_MAX_DATA  (256u << 20)     /* rpm's hdrchkData */

enum { T_INT32 = 4, T_STRING = 6, T_STRING_ARRAY = 8, T_I18NSTRING = 9 };
enum { TAG_NAME = 1000, TAG_VERSION = 1001, TAG_RELEASE = 1002, TAG_EPOCH = 1003,
       TAG_LICENSE = 1014, TAG_ARCH = 1022, TAG_SOURCERPM = 1044 };

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

int cw__rpm_header_parse(cw__rpm_pkg *out, cw_arena *arena, const unsigned char *blob, size_t len)
{
	memset(out, 0, sizeof(*out));
	out->epoch = -1;
	if (len < 8)
		return cw__error_set(CW_EINVALID, "offset 0: rpm header shorter than 8 bytes");
	uint32_t il = be32(blob), dl = be32(blob + 4);
	if (il == 0 || il > RPM_MAX_INDEX)
		return cw__error_set(CW_EINVALID, "offset 0: rpm header index count %u out of range", il);
	if (dl > RPM_MAX_DATA)
		return cw__error_set(CW_EINVALID, "offset 4: rpm header data size %u out of range", dl);
	size_t data_off = 8 + (size_t)il * 16;
	if (data_off > len || dl > len - data_off)
		return cw__error_set(CW_EINVALID, "offset 0: rpm header claims %u entries and %u data bytes, blob has %zu bytes",
		                     il, dl, len);
	const unsigned char *data = blob + data_off;
	for (uint32_t i = 0; i < il; i++) {
		const unsigned char *e = blob + 8 + (size_t)i * 16;
		uint32_t tag = be32(e), type = be32(e + 4), off = be32(e + 8), count = be32(e + 12);
		const char **slot = NULL;
		switch (tag) {
		case TAG_NAME: slot = &out->name; break;
		case TAG_VERSION: slot = &out->version; break;
		case TAG_RELEASE: slot = &out->release; break;
		case TAG_LICENSE: slot = &out->license; break;
		case TAG_ARCH: slot = &out->arch; break;
		case TAG_SOURCERPM: slot = &out->sourcerpm; break;
		case TAG_EPOCH:
			if (type != T_INT32 || count < 1 || off > dl || dl - off < 4 || (off & 3))
				return cw__error_set(CW_EINVALID, "offset %zu: EPOCH is not an aligned INT32 inside the data",
				                     (size_t)(e - blob));
			out->epoch = be32(data + off);
			continue;
		default:
			continue;
		}
		if (type != T_STRING && type != T_I18NSTRING && type != T_STRING_ARRAY)
			return cw__error_set(CW_EINVALID, "offset %zu: tag %u has type %u, expected a string",
			                     (size_t)(e - blob), tag, type);
		if (off >= dl)
			return cw__error_set(CW_EINVALID, "offset %zu: tag %u data offset %u beyond %u data bytes",
			                     (size_t)(e - blob), tag, off, dl);
		const unsigned char *s = data + off;
		const unsigned char *nul = memchr(s, '\0', dl - off);
		if (!nul)
			return cw__error_set(CW_EINVALID, "offset %zu: tag %u string not terminated",
			                     (size_t)(data_off + off), tag);
		if (!(*slot = cw__arena_strndup(arena, (const char *)s, (size_t)(nul - s))))
			return cw_error_last()->code;
	}
	if (!out->name || !out->version)
		return cw__error_set(CW_EINVALID, "offset 0: rpm header without NAME or VERSION");
	return 0;
}
