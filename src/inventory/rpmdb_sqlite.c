/*
 * rpmdb_sqlite.c - the rpm database in its SQLite form (rpm >= 4.16:
 * usr/lib/sysimage/rpm/rpmdb.sqlite on Fedora/RHEL 9+/Amazon Linux 2023,
 * var/lib/rpm/rpmdb.sqlite): table Packages(hnum, blob), one header blob
 * per installed package, parsed by rpm_header.c.  The database is opened
 * in memory from the bytes given (sqlite3_deserialize), never from disk,
 * so an image's database needs no temporary file.  Berkeley DB
 * ("Packages") and NDB ("Packages.db") databases are not read.
 * The gpg-pubkey pseudo-packages (imported signing keys) are skipped.
 */
#include "inventory/inventory.h"
#include "inventory/rpm_header.h"

#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "util/error.h"

/* "openssl-3.0.7-24.el9.src.rpm" -> name "openssl", version "3.0.7-24.el9". */
static void split_srpm(const char *srpm, cw_slice *name, cw_slice *version)
{
	size_t n = strlen(srpm);
	*name = (cw_slice){ NULL, 0 };
	*version = (cw_slice){ NULL, 0 };
	if (n > 8 && !strcmp(srpm + n - 8, ".src.rpm"))
		n -= 8;
	else if (n > 10 && !strcmp(srpm + n - 10, ".nosrc.rpm"))
		n -= 10;
	else
		return;
	size_t r = n;
	while (r > 0 && srpm[r - 1] != '-')
		r--;                     /* start of release */
	if (r < 2)
		return;
	size_t v = r - 1;
	while (v > 0 && srpm[v - 1] != '-')
		v--;                     /* start of version */
	if (v < 2)
		return;
	*name = (cw_slice){ srpm, v - 1 };
	*version = (cw_slice){ srpm + v, n - v };
}

static int add_pkg(cw__inv_source *src, const cw__rpm_pkg *pkg, size_t line)
{
	cw_inventory *inv = src->inv;
	cw__comp_spec spec;
	cw_purl_qualifier q[4];
	size_t nq = 0, idx;
	char *ver, *epoch = NULL;

	if (!strcmp(pkg->name, "gpg-pubkey"))
		return 0;
	ver = pkg->release ? cw__arena_printf(&inv->arena, "%s-%s", pkg->version, pkg->release)
	                   : cw__arena_strdup(&inv->arena, pkg->version);
	if (!ver)
		return cw_error_last()->code;
	spec = (cw__comp_spec){ .ecosystem = "rpm", .kind = CW_COMPONENT_LIBRARY,
	                        .name = cw_slice_of(pkg->name) };
	spec.version = cw_slice_of(ver);
	if (pkg->arch)
		spec.arch = cw_slice_of(pkg->arch);
	if (pkg->license)
		spec.license = cw_slice_of(pkg->license);
	if (pkg->sourcerpm)
		split_srpm(pkg->sourcerpm, &spec.source_name, &spec.source_version);
	spec.line = line;
	spec.scope_set = true;
	spec.ns = inv->sys.distro_ns ? inv->sys.distro_ns : "redhat";
	if (pkg->arch)
		q[nq].key = "arch", q[nq++].value = pkg->arch;
	if (pkg->epoch >= 0) {
		if (!(epoch = cw__arena_printf(&inv->arena, "%lld", (long long)pkg->epoch)))
			return cw_error_last()->code;
		q[nq].key = "epoch", q[nq++].value = epoch;
	}
	if (inv->sys.distro)
		q[nq].key = "distro", q[nq++].value = inv->sys.distro;
	if (pkg->sourcerpm)
		q[nq].key = "upstream", q[nq++].value = pkg->sourcerpm;
	spec.quals = q;
	spec.qual_count = nq;
	return cw__inv_add(src, &spec, &idx);
}

int cw__extract_rpmdb_sqlite(cw__inv_source *src)
{
	static const char magic[16] = "SQLite format 3";
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	unsigned char *copy = NULL;
	int rc, error = 0;

	if (src->len < 100 || memcmp(src->data, magic, 16) != 0)
		return cw__error_set_at(CW_EUNSUPPORTED, src->path, 0, 0,
		                        "not a SQLite rpm database (Berkeley DB and NDB databases are not supported)");
	if ((rc = sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE, NULL)) != SQLITE_OK) {
		error = cw__error_set(CW_ENOMEM, "sqlite: %s", sqlite3_errstr(rc));
		goto done;
	}
	if (!(copy = sqlite3_malloc64(src->len))) {
		error = cw__error_oom();
		goto done;
	}
	memcpy(copy, src->data, src->len);
	/* A WAL-mode file (bytes 18-19 == 2) cannot be opened from memory;
	 * mark it legacy: a database in an image is read at rest. */
	if (copy[18] == 2)
		copy[18] = 1;
	if (copy[19] == 2)
		copy[19] = 1;
	rc = sqlite3_deserialize(db, "main", copy, (sqlite3_int64)src->len, (sqlite3_int64)src->len,
	                         SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_READONLY);
	copy = NULL;    /* owned by sqlite now, also on failure */
	if (rc != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "SELECT hnum, blob FROM Packages ORDER BY hnum", -1, &st, NULL) != SQLITE_OK) {
		error = cw__error_set_at(CW_EINVALID, src->path, 0, 0, "not an rpm database: %s", sqlite3_errmsg(db));
		goto done;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		cw__rpm_pkg pkg;
		const void *blob = sqlite3_column_blob(st, 1);
		int n = sqlite3_column_bytes(st, 1);
		sqlite3_int64 hnum = sqlite3_column_int64(st, 0);
		if ((error = cw__rpm_header_parse(&pkg, &src->inv->arena, blob, blob ? (size_t)n : 0)) < 0) {
			char why[256];
			snprintf(why, sizeof(why), "%s", cw_error_last()->message);
			error = cw__error_set_at(error, src->path, 0, 0, "package %lld: %s", (long long)hnum, why);
			goto done;
		}
		if ((error = add_pkg(src, &pkg, (size_t)hnum)) < 0)
			goto done;
	}
	if (rc != SQLITE_DONE)
		error = cw__error_set_at(CW_EINVALID, src->path, 0, 0, "rpm database: %s", sqlite3_errmsg(db));
done:
	sqlite3_free(copy);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return error;
}
