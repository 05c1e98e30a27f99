/* sha1.h - SHA-1 (FIPS 180-4), for artifact identities that are SHA-1 by
 * convention (Maven Central, JAR checksums); never for security decisions. */
#ifndef CW_UTIL_SHA1_H
#define CW_UTIL_SHA1_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
	uint32_t h[5];
	uint64_t len;
	unsigned char block[64];
	size_t used;
} cw_sha1;

void cw__sha1_init(cw_sha1 *s);
void cw__sha1_update(cw_sha1 *s, const void *data, size_t len);
void cw__sha1_final(cw_sha1 *s, unsigned char out[20]);

#endif
