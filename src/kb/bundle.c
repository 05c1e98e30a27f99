/*
 * bundle.c - offline KB bundles for air-gapped sites, signed with ed25519
 * (libsodium).
 *
 * Bundle: the 8 bytes "CWKBBND1" followed by one zstd stream of the KB
 * SQLite file.  Signature: a text file <bundle>.sig:
 *     chainwarden-kb-signature 1
 *     key <base64 ed25519 public key>
 *     sig <base64 ed25519 signature>
 * over the message "chainwarden-kb-bundle-v1\0" || BLAKE2b-512(bundle).
 * Keys: <prefix>.key ("chainwarden-kb-secret-key 1\n<base64 64 bytes>\n",
 * mode 0600) and <prefix>.pub ("chainwarden-kb-public-key 1\n<base64 32 bytes>\n").
 *
 * Import verifies the signature against the trusted public key before
 * anything is written, then decompresses into a temporary file next to
 * the KB, checks it is a KB of this schema, fsyncs and renames it.
 */
#include "kb/kb_query.h"
#include "util/error.h"
#include "util/fs.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define BUNDLE_MAGIC "CWKBBND1"
#define SIG_CONTEXT "chainwarden-kb-bundle-v1"
#define BUNDLE_MAX_KB ((uint64_t)64 << 30)

static int init_sodium(void)
{
	if (sodium_init() < 0)
		return cw__error_set(CW_EINTERNAL, "libsodium failed to initialize");
	return 0;
}

static int write_key_file(const char *path, const char *header, const unsigned char *key,
                          size_t len, mode_t mode)
{
	char b64[256];
	FILE *fp;
	int fd;
	sodium_bin2base64(b64, sizeof(b64), key, len, sodium_base64_VARIANT_ORIGINAL);
	if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode)) < 0)
		return cw__error_set(CW_EIO, "%s: cannot create: %s", path, strerror(errno));
	if (!(fp = fdopen(fd, "w"))) {
		close(fd);
		return cw__error_set(CW_EIO, "%s: %s", path, strerror(errno));
	}
	fprintf(fp, "%s\n%s\n", header, b64);
	sodium_memzero(b64, sizeof(b64));
	if (fclose(fp) != 0)
		return cw__error_set(CW_EIO, "%s: write failed: %s", path, strerror(errno));
	return 0;
}

int cw_kb_keygen(const char *prefix)
{
	unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
	char path[4096];
	int error;
	if ((error = init_sodium()) < 0)
		return error;
	if (strlen(prefix) > sizeof(path) - 8)
		return cw__error_set(CW_EUSAGE, "key path too long");
	crypto_sign_keypair(pk, sk);
	snprintf(path, sizeof(path), "%s.key", prefix);
	unlink(path);
	error = write_key_file(path, "chainwarden-kb-secret-key 1", sk, sizeof(sk), 0600);
	sodium_memzero(sk, sizeof(sk));
	if (error < 0)
		return error;
	snprintf(path, sizeof(path), "%s.pub", prefix);
	return write_key_file(path, "chainwarden-kb-public-key 1", pk, sizeof(pk), 0644);
}

static int read_key_file(unsigned char *key, size_t len, const char *path, const char *header)
{
	cw_buf data = CW_BUF_INIT;
	size_t got = 0, hlen = strlen(header);
	char *line2;
	int error;
	if ((error = cw__file_read(&data, path, 4096)) < 0)
		return error;
	if (data.len < hlen + 1 || strncmp(data.ptr, header, hlen) != 0 || data.ptr[hlen] != '\n') {
		error = cw__error_set(CW_EINVALID, "%s: not a chainwarden %s file", path,
		                      strstr(header, "secret") ? "secret key" : "public key");
		goto done;
	}
	line2 = data.ptr + hlen + 1;
	line2[strcspn(line2, "\r\n")] = '\0';
	if (sodium_base642bin(key, len, line2, strlen(line2), NULL, &got, NULL,
	                      sodium_base64_VARIANT_ORIGINAL) != 0 || got != len)
		error = cw__error_set(CW_EINVALID, "%s: malformed key", path);
done:
	sodium_memzero(data.ptr, data.cap);
	cw__buf_free(&data);
	return error;
}

/* BLAKE2b-512 of a file, streamed. */
static int hash_file(unsigned char out[crypto_generichash_BYTES_MAX], const char *path)
{
	crypto_generichash_state st;
	unsigned char chunk[1 << 16];
	ssize_t n;
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return cw__error_set(errno == ENOENT ? CW_ENOTFOUND : CW_EIO, "%s: cannot open: %s",
		                     path, strerror(errno));
	crypto_generichash_init(&st, NULL, 0, crypto_generichash_BYTES_MAX);
	while ((n = read(fd, chunk, sizeof(chunk))) > 0)
		crypto_generichash_update(&st, chunk, (unsigned long long)n);
	close(fd);
	if (n < 0)
		return cw__error_set(CW_EIO, "%s: read failed: %s", path, strerror(errno));
	crypto_generichash_final(&st, out, crypto_generichash_BYTES_MAX);
	return 0;
}

static void signed_message(unsigned char *msg, const unsigned char *digest)
{
	memcpy(msg, SIG_CONTEXT, sizeof(SIG_CONTEXT)); /* with its NUL */
	memcpy(msg + sizeof(SIG_CONTEXT), digest, crypto_generichash_BYTES_MAX);
}

int cw_kb_bundle_sign(const char *bundle_path, const char *secret_key)
{
	unsigned char sk[crypto_sign_SECRETKEYBYTES], sig[crypto_sign_BYTES];
	unsigned char digest[crypto_generichash_BYTES_MAX];
	unsigned char msg[sizeof(SIG_CONTEXT) + crypto_generichash_BYTES_MAX];
	char b64_pk[128], b64_sig[128], path[4096];
	FILE *fp;
	int error;

	if ((error = init_sodium()) < 0 ||
	    (error = read_key_file(sk, sizeof(sk), secret_key, "chainwarden-kb-secret-key 1")) < 0)
		return error;
	if ((error = hash_file(digest, bundle_path)) < 0)
		goto done;
	signed_message(msg, digest);
	crypto_sign_detached(sig, NULL, msg, sizeof(msg), sk);
	/* the public key is the second half of libsodium's secret key */
	sodium_bin2base64(b64_pk, sizeof(b64_pk), sk + crypto_sign_SEEDBYTES,
	                  crypto_sign_PUBLICKEYBYTES, sodium_base64_VARIANT_ORIGINAL);
	sodium_bin2base64(b64_sig, sizeof(b64_sig), sig, sizeof(sig), sodium_base64_VARIANT_ORIGINAL);
	snprintf(path, sizeof(path), "%s.sig", bundle_path);
	if (!(fp = fopen(path, "w"))) {
		error = cw__error_set(CW_EIO, "%s: cannot create: %s", path, strerror(errno));
		goto done;
	}
	fprintf(fp, "chainwarden-kb-signature 1\nkey %s\nsig %s\n", b64_pk, b64_sig);
	if (fclose(fp) != 0)
		error = cw__error_set(CW_EIO, "%s: write failed: %s", path, strerror(errno));
done:
	sodium_memzero(sk, sizeof(sk));
	return error;
}

int cw_kb_bundle_verify(const char *bundle_path, const char *public_key)
{
	unsigned char pk[crypto_sign_PUBLICKEYBYTES], sig_pk[crypto_sign_PUBLICKEYBYTES];
	unsigned char sig[crypto_sign_BYTES], digest[crypto_generichash_BYTES_MAX];
	unsigned char msg[sizeof(SIG_CONTEXT) + crypto_generichash_BYTES_MAX];
	char path[4096], key_b64[128], sig_b64[160];
	cw_buf text = CW_BUF_INIT;
	size_t got1 = 0, got2 = 0;
	int error;

	if ((error = init_sodium()) < 0 ||
	    (error = read_key_file(pk, sizeof(pk), public_key, "chainwarden-kb-public-key 1")) < 0)
		return error;
	snprintf(path, sizeof(path), "%s.sig", bundle_path);
	if ((error = cw__file_read(&text, path, 4096)) < 0) {
		if (error == CW_ENOTFOUND)
			error = cw__error_set(CW_EINVALID, "%s is not signed (no %s)", bundle_path, path);
		goto done;
	}
	if (sscanf(text.ptr, "chainwarden-kb-signature 1\nkey %127s\nsig %159s", key_b64, sig_b64) != 2 ||
	    sodium_base642bin(sig_pk, sizeof(sig_pk), key_b64, strlen(key_b64), NULL, &got1, NULL,
	                      sodium_base64_VARIANT_ORIGINAL) != 0 || got1 != sizeof(sig_pk) ||
	    sodium_base642bin(sig, sizeof(sig), sig_b64, strlen(sig_b64), NULL, &got2, NULL,
	                      sodium_base64_VARIANT_ORIGINAL) != 0 || got2 != sizeof(sig)) {
		error = cw__error_set(CW_EINVALID, "%s: malformed signature file", path);
		goto done;
	}
	if (sodium_memcmp(sig_pk, pk, sizeof(pk)) != 0) {
		error = cw__error_set(CW_EINVALID, "%s was signed by another key than %s", bundle_path,
		                      public_key);
		goto done;
	}
	if ((error = hash_file(digest, bundle_path)) < 0)
		goto done;
	signed_message(msg, digest);
	if (crypto_sign_verify_detached(sig, msg, sizeof(msg), pk) != 0)
		error = cw__error_set(CW_EINVALID, "%s: BAD SIGNATURE: the bundle was changed after "
		                      "it was signed", bundle_path);
done:
	cw__buf_free(&text);
	return error;
}

static int put(FILE *out, const void *data, size_t len, const char *what)
{
	if (len && fwrite(data, 1, len, out) != len)
		return cw__error_set(CW_EIO, "%s: write failed: %s", what, strerror(errno));
	return 0;
}

/* Compress `in` into `out` as one zstd frame (the streaming loop of zstd's examples). */
static int zstd_compress_file(FILE *in, FILE *out, const char *what)
{
	size_t in_cap = ZSTD_CStreamInSize(), out_cap = ZSTD_CStreamOutSize();
	char *ibuf = malloc(in_cap), *obuf = malloc(out_cap);
	ZSTD_CCtx *cc = ZSTD_createCCtx();
	int error = 0;

	if (!ibuf || !obuf || !cc) {
		error = cw__error_oom();
		goto done;
	}
	ZSTD_CCtx_setParameter(cc, ZSTD_c_compressionLevel, 9);
	ZSTD_CCtx_setParameter(cc, ZSTD_c_checksumFlag, 1);
	for (;;) {
		size_t n = fread(ibuf, 1, in_cap, in);
		bool last = n < in_cap;
		ZSTD_inBuffer ib = { ibuf, n, 0 };
		bool finished;
		if (ferror(in)) {
			error = cw__error_set(CW_EIO, "%s: read failed", what);
			goto done;
		}
		do {
			ZSTD_outBuffer ob = { obuf, out_cap, 0 };
			size_t r = ZSTD_compressStream2(cc, &ob, &ib, last ? ZSTD_e_end : ZSTD_e_continue);
			if (ZSTD_isError(r)) {
				error = cw__error_set(CW_EINTERNAL, "%s: %s", what, ZSTD_getErrorName(r));
				goto done;
			}
			if ((error = put(out, obuf, ob.pos, what)) < 0)
				goto done;
			finished = last ? r == 0 : ib.pos == ib.size;
		} while (!finished);
		if (last)
			break;
	}
done:
	ZSTD_freeCCtx(cc);
	free(ibuf);
	free(obuf);
	return error;
}

/* Decompress `in` into `out`, at most `max_out` bytes; a truncated stream is an error. */
static int zstd_decompress_file(FILE *in, FILE *out, const char *what, uint64_t max_out)
{
	size_t in_cap = ZSTD_DStreamInSize(), out_cap = ZSTD_DStreamOutSize(), n, last = 1;
	char *ibuf = malloc(in_cap), *obuf = malloc(out_cap);
	ZSTD_DCtx *dc = ZSTD_createDCtx();
	uint64_t total = 0;
	int error = 0;

	if (!ibuf || !obuf || !dc) {
		error = cw__error_oom();
		goto done;
	}
	while ((n = fread(ibuf, 1, in_cap, in)) > 0) {
		ZSTD_inBuffer ib = { ibuf, n, 0 };
		while (ib.pos < ib.size) {
			ZSTD_outBuffer ob = { obuf, out_cap, 0 };
			last = ZSTD_decompressStream(dc, &ob, &ib);
			if (ZSTD_isError(last)) {
				error = cw__error_set(CW_EINVALID, "%s: corrupt bundle: %s", what,
				                      ZSTD_getErrorName(last));
				goto done;
			}
			if ((total += ob.pos) > max_out) {
				error = cw__error_set(CW_ELIMIT, "%s: unpacks to more than %llu bytes", what,
				                      (unsigned long long)max_out);
				goto done;
			}
			if ((error = put(out, obuf, ob.pos, what)) < 0)
				goto done;
		}
	}
	if (ferror(in))
		error = cw__error_set(CW_EIO, "%s: read failed", what);
	else if (last != 0)
		error = cw__error_set(CW_EINVALID, "%s: truncated bundle", what);
done:
	ZSTD_freeDCtx(dc);
	free(ibuf);
	free(obuf);
	return error;
}

static int fsync_rename(FILE *fp, const char *tmp, const char *final)
{
	if (fflush(fp) != 0 || fsync(fileno(fp)) != 0)
		return cw__error_set(CW_EIO, "%s: %s", tmp, strerror(errno));
	if (rename(tmp, final) != 0)
		return cw__error_set(CW_EIO, "renaming %s to %s: %s", tmp, final, strerror(errno));
	return 0;
}

static FILE *open_temp(char **tmp, const char *final)
{
	int fd;
	FILE *fp;
	if (!(*tmp = malloc(strlen(final) + 16)))
		return NULL;
	sprintf(*tmp, "%s.tmp-XXXXXX", final);
	if ((fd = mkstemp(*tmp)) < 0) {
		cw__error_set(CW_EIO, "%s: cannot create a temporary file: %s", *tmp, strerror(errno));
		free(*tmp);
		*tmp = NULL;
		return NULL;
	}
	fchmod(fd, 0644);
	if (!(fp = fdopen(fd, "w+b")))
		close(fd);
	return fp;
}

/* The cleanup of export and import: close both files, remove an unfinished temporary file. */
static int close_files(FILE *in, FILE *out, char *tmp, int error)
{
	if (in)
		fclose(in);
	if (out)
		fclose(out);
	if (tmp) {
		unlink(tmp);
		free(tmp);
	}
	return error;
}

int cw_kb_export(const char *kb_path, const char *bundle_path, const char *secret_key)
{
	cw_kb *kb = NULL;
	FILE *in = NULL, *out = NULL;
	char *tmp = NULL;
	int error;

	/* refuse to ship something that is not a KB */
	if ((error = cw_kb_open(&kb, kb_path)) < 0)
		return error;
	cw_kb_free(kb);
	if (!(in = fopen(kb_path, "rb"))) {
		error = cw__error_set(CW_EIO, "%s: cannot open: %s", kb_path, strerror(errno));
		goto done;
	}
	if (!(out = open_temp(&tmp, bundle_path))) {
		error = tmp ? CW_EIO : cw_error_last()->code ? cw_error_last()->code : cw__error_oom();
		goto done;
	}
	if (fwrite(BUNDLE_MAGIC, 1, 8, out) != 8) {
		error = cw__error_set(CW_EIO, "%s: write failed", tmp);
		goto done;
	}
	if ((error = zstd_compress_file(in, out, kb_path)) < 0 ||
	    (error = fsync_rename(out, tmp, bundle_path)) < 0)
		goto done;
	free(tmp);
	tmp = NULL;
	if (secret_key)
		error = cw_kb_bundle_sign(bundle_path, secret_key);
done:
	return close_files(in, out, tmp, error);
}

int cw_kb_import(const char *bundle_path, const char *kb_path, const char *public_key,
                 bool insecure)
{
	FILE *in = NULL, *out = NULL;
	char magic[8], *tmp = NULL;
	cw_kb *kb = NULL;
	int error = 0;

	if (!insecure) {
		if (!public_key)
			return cw__error_set(CW_EUSAGE, "importing %s needs a trusted public key", bundle_path);
		if ((error = cw_kb_bundle_verify(bundle_path, public_key)) < 0)
			return cw__error_prefix("refusing to import");
	}
	if (!(in = fopen(bundle_path, "rb")))
		return cw__error_set(errno == ENOENT ? CW_ENOTFOUND : CW_EIO, "%s: cannot open: %s",
		                     bundle_path, strerror(errno));
	if (fread(magic, 1, 8, in) != 8 || memcmp(magic, BUNDLE_MAGIC, 8) != 0) {
		error = cw__error_set(CW_EINVALID, "%s: not a chainwarden KB bundle", bundle_path);
		goto done;
	}
	if ((error = cw__kb_mkdir_parents(kb_path)) < 0)
		goto done;
	if (!(out = open_temp(&tmp, kb_path))) {
		error = tmp ? CW_EIO : cw_error_last()->code ? cw_error_last()->code : cw__error_oom();
		goto done;
	}
	if ((error = zstd_decompress_file(in, out, bundle_path, BUNDLE_MAX_KB)) < 0 ||
	    fflush(out) != 0)
		goto done;
	if ((error = cw_kb_open(&kb, tmp)) < 0) {
		cw__error_prefix("%s", bundle_path);
		goto done;
	}
	cw_kb_free(kb);
	if ((error = fsync_rename(out, tmp, kb_path)) < 0)
		goto done;
	free(tmp);
	tmp = NULL;
done:
	return close_files(in, out, tmp, error);
}
