/*
 * hashes.c - integrity strings to hex digests.
 *
 * npm, yarn, pnpm and bun write Subresource Integrity strings
 * (https://www.w3.org/TR/SRI/): "<algo>-<base64 digest>".  CycloneDX and
 * SPDX want the digest in hex with their own algorithm names.
 */
#include "inventory/inventory.h"

#include <string.h>

static int b64(unsigned char c)
{
	if (c >= 'A' && c <= 'Z') return c - 'A';
	if (c >= 'a' && c <= 'z') return c - 'a' + 26;
	if (c >= '0' && c <= '9') return c - '0' + 52;
	if (c == '+' || c == '-') return 62;
	if (c == '/' || c == '_') return 63;
	return -1;
}

/* Returns 1 when decoded, 0 when the algorithm or encoding is not usable. */
int cw__sri_decode(cw_arena *arena, cw_slice sri, cw_hash *out)
{
	static const struct { const char *prefix; const char *name; size_t bytes; } algos[] = {
		{ "sha512-", "SHA-512", 64 }, { "sha384-", "SHA-384", 48 },
		{ "sha256-", "SHA-256", 32 }, { "sha1-", "SHA-1", 20 },
	};
	static const char hexd[] = "0123456789abcdef";
	for (size_t a = 0; a < sizeof(algos) / sizeof(algos[0]); a++) {
		size_t plen = strlen(algos[a].prefix);
		if (sri.len <= plen || memcmp(sri.ptr, algos[a].prefix, plen) != 0)
			continue;
		unsigned char bytes[64];
		size_t nb = 0;
		unsigned acc = 0;
		int bits = 0;
		for (size_t i = plen; i < sri.len; i++) {
			unsigned char ch = (unsigned char)sri.ptr[i];
			if (ch == '=')
				break;
			int v = b64(ch);
			if (v < 0)
				return 0;
			acc = (acc << 6) | (unsigned)v;
			bits += 6;
			if (bits >= 8) {
				bits -= 8;
				if (nb >= sizeof(bytes))
					return 0;
				bytes[nb++] = (unsigned char)(acc >> bits);
				acc &= (1u << bits) - 1;
			}
		}
		if (nb != algos[a].bytes)
			return 0;
		char *hex = cw__arena_alloc(arena, nb * 2 + 1);
		if (!hex)
			return 0;
		for (size_t i = 0; i < nb; i++) {
			hex[2 * i] = hexd[bytes[i] >> 4];
			hex[2 * i + 1] = hexd[bytes[i] & 15];
		}
		hex[nb * 2] = '\0';
		out->algorithm = algos[a].name;
		out->hex = hex;
		return 1;
	}
	return 0;
}
