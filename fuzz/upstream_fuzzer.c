/*
 * upstream_fuzzer.c - libFuzzer harness for the upstream-attack readers of
 * src/attack: the packument publish-time reader with its ISO 8601 parser,
 * and the lockfile / manifest drift check (npm, Cargo, Pipenv).
 *
 * The first byte picks the reader (mod 4: times, npm, Cargo, Pipenv); the rest is the input (for drift, the
 * manifest and the lockfile separated by the first NUL byte).
 * Properties: only input/resource errors come back; an accepted time
 * formats back (gmtime) to a "Z" timestamp that parses to the same
 * second; every drift result names a package, both files and a valid kind,
 * and a mismatch has both the declared range and the locked version.
 */
#define _POSIX_C_SOURCE 200809L /* gmtime_r */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "chainwarden/attack.h"

static void check(int ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "upstream fuzzer: %s\n", what);
		abort();
	}
}

static void times(const char *data, size_t size)
{
	int64_t t = 0, again = 0;
	int rc = cw_packument_publish_time(&t, data, size, "fuzz.json", "1.0.0");
	check(rc == 0 || rc == CW_ENOTFOUND || rc == CW_EINVALID || rc == CW_ELIMIT || rc == CW_ENOMEM,
	      "packument: unexpected error code");
	if (cw_iso8601_parse(&t, data, size) == 0 && t >= -62135596800LL && t <= 253402300799LL) {
		time_t tt = (time_t)t;
		struct tm tm;
		char buf[32];
		check(gmtime_r(&tt, &tm) != NULL, "gmtime");
		snprintf(buf, sizeof(buf), "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900, tm.tm_mon + 1,
		         tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
		/* a leap second (:60) normalises to the next minute, still the same instant */
		check(cw_iso8601_parse(&again, buf, strlen(buf)) == 0 && again == t, "time round trip");
	}
}

static void drift(const char *data, size_t size, int kind)
{
	const char *nul = memchr(data, '\0', size);
	size_t mlen = nul ? (size_t)(nul - data) : size;
	const char *lock = nul ? nul + 1 : "";
	size_t llen = nul ? size - mlen - 1 : 0;
	cw_drift_list *l = NULL;
	int rc = kind == 2 ? cw_drift_check_data(&l, "Cargo.toml", data, mlen, "Cargo.lock", lock, llen)
	       : kind == 3 ? cw_drift_check_data(&l, "Pipfile", data, mlen, "Pipfile.lock", lock, llen)
	                   : cw_drift_check_data(&l, "package.json", data, mlen, "package-lock.json", lock, llen);
	check(rc == 0 || rc == CW_EINVALID || rc == CW_ELIMIT || rc == CW_ENOMEM, "drift: unexpected error code");
	check((rc == 0) == (l != NULL), "drift: output iff success");
	for (size_t i = 0; i < cw_drift_count(l); i++) {
		const cw_drift *d = cw_drift_at(l, i);
		check(d->name && d->manifest && d->lockfile && d->kind <= CW_DRIFT_NOT_DECLARED, "drift record");
		check(d->kind != CW_DRIFT_MISMATCH || (d->declared && d->locked), "mismatch has both versions");
		check(strcmp(cw_drift_kind_name(d->kind), "drift") != 0, "kind name");
	}
	cw_drift_list_free(l);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	switch (data[0] % 4) {
	case 0: times((const char *)data + 1, size - 1); break;
	default: drift((const char *)data + 1, size - 1, data[0] % 4); break;
	}
	return 0;
}
