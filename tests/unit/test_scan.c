/*
 * test_scan.c - the matcher (src/match) on real advisories: a KB built at
 * test time from the shared OSV zips, the NVD sample and the KEV catalog,
 * plus a few hand-written records (distribution advisories, which the
 * shared data has none of, and an alias of a real advisory).
 *
 * Expected finding sets come from reading the advisories' ranges (ids and
 * bounds are facts of the data): each package is tested inside a range and
 * just outside every boundary.  tests/e2e/scan_npm.py checks the same
 * engine end to end against an independent evaluator.
 */
#include "cw_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "chainwarden/inventory.h"
#include "chainwarden/kb.h"
#include "chainwarden/scan.h"
#include "inventory/manual.h"

static char kb_path[256];
static cw_kb *kb;

/* Hand-written OSV records (ids that no real database uses). */
static const char *const extra_records[] = {
	"{\"id\":\"TEST-DEB-0001\",\"modified\":\"2026-01-01T00:00:00Z\",\"aliases\":[\"CVE-2099-0001\"],"
	"\"affected\":[{\"package\":{\"ecosystem\":\"Debian:12\",\"name\":\"openssl\"},\"ranges\":[{\"type\":"
	"\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"3.0.11-1~deb12u2\"}]}]}]}",
	"{\"id\":\"TEST-DEB-0002\",\"modified\":\"2026-01-01T00:00:00Z\","
	"\"affected\":[{\"package\":{\"ecosystem\":\"Debian:11\",\"name\":\"openssl\"},\"ranges\":[{\"type\":"
	"\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"9.9.9-1\"}]}]}]}",
	"{\"id\":\"TEST-APK-0001\",\"modified\":\"2026-01-01T00:00:00Z\","
	"\"affected\":[{\"package\":{\"ecosystem\":\"Alpine:v3.19\",\"name\":\"openssl\"},\"ranges\":[{\"type\":"
	"\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"3.1.4-r1\"}]}]}]}",
	"{\"id\":\"TEST-UBU-0001\",\"modified\":\"2026-01-01T00:00:00Z\","
	"\"affected\":[{\"package\":{\"ecosystem\":\"Ubuntu:22.04:LTS\",\"name\":\"openssl\"},\"ranges\":[{\"type\":"
	"\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"3.0.2-0ubuntu1.15\"}]}]}]}",
	/* a release that only starts like Debian 12's */
	"{\"id\":\"TEST-DEB-0003\",\"modified\":\"2026-01-01T00:00:00Z\","
	"\"affected\":[{\"package\":{\"ecosystem\":\"Debian:120\",\"name\":\"openssl\"},\"ranges\":[{\"type\":"
	"\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"}]}]}]}",
	/* the same vulnerability as PYSEC-2019-217 (CVE-2019-10906), from another database */
	"{\"id\":\"TEST-ALIAS-0001\",\"modified\":\"2026-01-01T00:00:00Z\",\"aliases\":[\"CVE-2019-10906\"],"
	"\"affected\":[{\"package\":{\"ecosystem\":\"PyPI\",\"name\":\"Jinja2\"},\"ranges\":[{\"type\":"
	"\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"2.10.1\"}]}]}]}",
	/* RPM distributions: binary and source names, epochs, releases, SUSE service packs */
	"{\"id\":\"TEST-ALMA-0001\",\"modified\":\"2026-01-01T00:00:00Z\",\"affected\":[{\"package\":{\"ecosystem\":\"AlmaLinux:9\",\"name\":\"openssl-libs\"},\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"1:3.0.7-25.el9\"}]}]}]}",
	"{\"id\":\"TEST-ALMA-0002\",\"modified\":\"2026-01-01T00:00:00Z\",\"affected\":[{\"package\":{\"ecosystem\":\"AlmaLinux:9\",\"name\":\"openssl\"},\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"3.0.7-30.el9\"}]}]}]}",
	"{\"id\":\"TEST-ALMA-0003\",\"modified\":\"2026-01-01T00:00:00Z\",\"affected\":[{\"package\":{\"ecosystem\":\"AlmaLinux:8\",\"name\":\"openssl-libs\"},\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"1:9.9-1.el8\"}]}]}]}",
	"{\"id\":\"TEST-RHEL-0001\",\"modified\":\"2026-01-01T00:00:00Z\",\"affected\":[{\"package\":{\"ecosystem\":\"Red Hat:enterprise_linux:9::appstream\",\"name\":\"openssl\"},\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"1:3.0.7-27.el9\"}]}]}]}",
	"{\"id\":\"TEST-ROCKY-0001\",\"modified\":\"2026-01-01T00:00:00Z\",\"affected\":[{\"package\":{\"ecosystem\":\"Rocky Linux:9\",\"name\":\"openssl-libs\"},\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"1:3.0.7-22.el9\"}]}]}]}",
	"{\"id\":\"TEST-SUSE-0001\",\"modified\":\"2026-01-01T00:00:00Z\",\"affected\":[{\"package\":{\"ecosystem\":\"SUSE:Linux Enterprise Module for Basesystem 15 SP5\",\"name\":\"libopenssl3\"},\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"3.0.8-150500.5.8.1\"}]}]}]}",
	"{\"id\":\"TEST-SUSE-0002\",\"modified\":\"2026-01-01T00:00:00Z\",\"affected\":[{\"package\":{\"ecosystem\":\"SUSE:Linux Enterprise Server 15 SP4\",\"name\":\"libopenssl3\"},\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"9.9-1\"}]}]}]}",
	"{\"id\":\"TEST-OSUSE-0001\",\"modified\":\"2026-01-01T00:00:00Z\",\"affected\":[{\"package\":{\"ecosystem\":\"openSUSE:Leap 15.5\",\"name\":\"libopenssl3\"},\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"3.0.8-150500.5.8.1\"}]}]}]}",
	/* fix candidates and explicit `versions` lists (a made-up PyPI package) */
	"{\"id\":\"TEST-VERS-A\",\"modified\":\"2026-01-01T00:00:00Z\","
	"\"affected\":[{\"package\":{\"ecosystem\":\"PyPI\",\"name\":\"cw-test-pkg\"},\"ranges\":["
	"{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"1.0.1\"}]},"
	"{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"1.1.0\"},{\"fixed\":\"1.1.2\"}]}]}]}",
	"{\"id\":\"TEST-VERS-B\",\"modified\":\"2026-01-01T00:00:00Z\","
	"\"affected\":[{\"package\":{\"ecosystem\":\"PyPI\",\"name\":\"cw-test-pkg\"},"
	"\"versions\":[\"1.0.1\",\"1.0.2\"]}]}",
	"{\"id\":\"TEST-VERS-C\",\"modified\":\"2026-01-01T00:00:00Z\","
	"\"affected\":[{\"package\":{\"ecosystem\":\"PyPI\",\"name\":\"cw-test-pkg\"},\"ranges\":["
	"{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"1.0.2\"}]}]}]}",
};

static int add_sources(cw_kb_builder *b)
{
	static const char *const zips[] = { "data/osv/npm.zip", "data/osv/Go.zip", "data/osv/PyPI.zip",
	                                     "data/osv/crates.io.zip" };
	int error = 0;
	for (size_t i = 0; i < 4 && error >= 0; i++)
		error = cw_kb_builder_add_osv(b, cw_test_shared(zips[i]));
	for (size_t i = 0; i < sizeof(extra_records) / sizeof(extra_records[0]) && error >= 0; i++)
		error = cw_kb_builder_add_osv_record(b, extra_records[i], strlen(extra_records[i]), "test");
	if (error >= 0)
		error = cw_kb_builder_add_nvd(b, cw_test_shared("data/nvd/nvdcve-2.0-sample.json"));
	if (error >= 0)
		error = cw_kb_builder_add_kev(b, cw_test_shared("data/kev/known_exploited_vulnerabilities.json"));
	return error;
}

static int setup(void **state)
{
	(void)state;
	return cw_test_kb_build(&kb, kb_path, sizeof(kb_path), add_sources);
}

static int teardown(void **state)
{
	(void)state;
	cw_test_kb_remove(kb, kb_path);
	return 0;
}

static cw_scan_result *scan_list(cw_inventory **inv, const char *list, const cw_scan_options *o)
{
	cw_scan_result *r = NULL;
	cw_assert_ok(cw_inventory_new(inv));
	cw_assert_ok(cw__inventory_add_list(*inv, "list.txt", list, strlen(list)));
	cw_assert_ok(cw_scan_run(&r, *inv, kb, o));
	return r;
}

/* The sorted "name@version id" lines of the result, joined by '\n'. */
static char *finding_set(const cw_scan_result *r)
{
	size_t n = cw_scan_finding_count(r), len = 0;
	char **lines = calloc(n + 1, sizeof(char *)), *out;
	for (size_t i = 0; i < n; i++) {
		const cw_finding *f = cw_scan_finding(r, i);
		size_t l = strlen(f->package->name) + strlen(f->package->version) + strlen(f->id) + 4;
		lines[i] = malloc(l);
		snprintf(lines[i], l, "%s@%s %s", f->package->name, f->package->version, f->id);
		len += l;
	}
	for (size_t i = 0; i + 1 < n; i++) /* small n: insertion sort */
		for (size_t j = i + 1; j < n; j++)
			if (strcmp(lines[j], lines[i]) < 0) {
				char *t = lines[i];
				lines[i] = lines[j];
				lines[j] = t;
			}
	out = calloc(len + 1, 1);
	for (size_t i = 0; i < n; i++) {
		strcat(out, lines[i]);
		if (i + 1 < n)
			strcat(out, "\n");
		free(lines[i]);
	}
	free(lines);
	return out;
}

static void check(const char *list, const char *want)
{
	cw_inventory *inv;
	cw_scan_result *r = scan_list(&inv, list, NULL);
	char *got = finding_set(r);
	assert_string_equal(got, want);
	free(got);
	cw_scan_result_free(r);
	cw_inventory_free(inv);
}

static void test_scan__go_semver_ranges_and_boundaries(void **state)
{
	(void)state;
	/* GO-2020-0001 [0,1.6.0)  GO-2021-0052 [0,1.7.7)  GO-2023-1737 [1.3.1-0.20190301021747-ccb9e902956d,1.9.1) */
	check("golang example.com/app v0.0.0\n"
	      "  golang github.com/gin-gonic/gin v1.7.6\n"
	      "  golang github.com/gin-gonic/gin v1.7.7\n"
	      "  golang github.com/gin-gonic/gin v1.9.1\n"
	      "  golang github.com/gin-gonic/gin v1.3.1-0.20190301021747-ccb9e902956d\n"
	      "  golang github.com/gin-gonic/gin v1.3.0\n"
	      "  golang github.com/gin-gonic/gin v1.6.0\n",
	      "github.com/gin-gonic/gin@v1.3.0 GO-2020-0001\n"
	      "github.com/gin-gonic/gin@v1.3.0 GO-2021-0052\n"
	      "github.com/gin-gonic/gin@v1.3.1-0.20190301021747-ccb9e902956d GO-2020-0001\n"
	      "github.com/gin-gonic/gin@v1.3.1-0.20190301021747-ccb9e902956d GO-2021-0052\n"
	      "github.com/gin-gonic/gin@v1.3.1-0.20190301021747-ccb9e902956d GO-2023-1737\n"
	      "github.com/gin-gonic/gin@v1.6.0 GO-2021-0052\n"
	      "github.com/gin-gonic/gin@v1.6.0 GO-2023-1737\n"
	      "github.com/gin-gonic/gin@v1.7.6 GO-2021-0052\n"
	      "github.com/gin-gonic/gin@v1.7.6 GO-2023-1737\n"
	      "github.com/gin-gonic/gin@v1.7.7 GO-2023-1737");
}

static void test_scan__pypi_pep440_versions_lists_last_affected_withdrawn(void **state)
{
	(void)state;
	/* jinja2: PYSEC-2014-8 <2.7.2, PYSEC-2014-82 <2.7.3, PYSEC-2019-220 <2.8.1,
	 * PYSEC-2019-217 <2.10.1 (+ TEST-ALIAS-0001, same CVE), PYSEC-2021-66 <2.11.3.
	 * gratient: PYSEC-2024-1 lists only version 0.5.  py: PYSEC-2022-42969
	 * last_affected 1.11.0.  arrayfire: PYSEC-2019-144 is withdrawn. */
	check("pypi app 1.0\n"
	      "  pypi Jinja2 2.10\n"
	      "  pypi jinja2 2.10.1\n"
	      "  pypi jinja2 2.11.3\n"
	      "  pypi jinja2 2.7.2\n"
	      "  pypi gratient 0.5\n"
	      "  pypi gratient 0.6\n"
	      /* equal to the listed 0.5 under PEP 440 (trailing zeros); 0.50 is not */
	      "  pypi gratient 0.5.0.0\n"
	      "  pypi gratient 0.50\n"
	      "  pypi py 1.11.0\n"
	      "  pypi py 1.11.1\n"
	      "  pypi arrayfire 3.5.0\n",
	      "Jinja2@2.10 PYSEC-2019-217\n"
	      "Jinja2@2.10 PYSEC-2021-66\n"
	      "gratient@0.5 PYSEC-2024-1\n"
	      "gratient@0.5.0.0 PYSEC-2024-1\n"
	      "jinja2@2.10.1 PYSEC-2021-66\n"
	      "jinja2@2.7.2 PYSEC-2014-82\n"
	      "jinja2@2.7.2 PYSEC-2019-217\n"
	      "jinja2@2.7.2 PYSEC-2019-220\n"
	      "jinja2@2.7.2 PYSEC-2021-66\n"
	      "py@1.11.0 PYSEC-2022-42969");
}

static void test_scan__crates_ranges_and_fix_recommendation(void **state)
{
	cw_inventory *inv;
	cw_scan_result *r;
	bool seen = false;
	(void)state;
	/* smallvec: RUSTSEC-2018-0003 [0.3.2,0.3.4) [0.4.0,0.4.5) [0.5.0,0.5.1) [0.6.0,0.6.3);
	 * 2018-0018 [0,0.6.13); 2019-0009 [0.6.5,0.6.10); 2019-0012 [0.6.3,0.6.10);
	 * 2021-0003 [0.6.3,0.6.14) [1.0.0,1.6.1).  libusb: 2016-0004 last_affected 0.3.0.
	 * spin: 2019-0031 is withdrawn, 2019-0013 is not. */
	check("cargo app 1.0.0\n"
	      "  cargo smallvec 0.6.9\n"
	      "  cargo smallvec 0.6.10\n"
	      "  cargo smallvec 0.6.14\n"
	      "  cargo smallvec 1.6.0\n"
	      "  cargo smallvec 1.6.1\n"
	      "  cargo smallvec 0.6.2\n"
	      "  cargo smallvec 0.6.3\n"
	      "  cargo libusb 0.3.0\n"
	      "  cargo libusb 0.3.1\n"
	      "  cargo spin 0.0.0-0\n",
	      "libusb@0.3.0 RUSTSEC-2016-0004\n"
	      "smallvec@0.6.10 RUSTSEC-2018-0018\n"
	      "smallvec@0.6.10 RUSTSEC-2021-0003\n"
	      "smallvec@0.6.2 RUSTSEC-2018-0003\n"
	      "smallvec@0.6.2 RUSTSEC-2018-0018\n"
	      "smallvec@0.6.3 RUSTSEC-2018-0018\n"
	      "smallvec@0.6.3 RUSTSEC-2019-0012\n"
	      "smallvec@0.6.3 RUSTSEC-2021-0003\n"
	      "smallvec@0.6.9 RUSTSEC-2018-0018\n"
	      "smallvec@0.6.9 RUSTSEC-2019-0009\n"
	      "smallvec@0.6.9 RUSTSEC-2019-0012\n"
	      "smallvec@0.6.9 RUSTSEC-2021-0003\n"
	      "smallvec@1.6.0 RUSTSEC-2021-0003\n"
	      "spin@0.0.0-0 RUSTSEC-2019-0013");

	/* 0.6.9: the fixes are 0.6.10 (still in 2018-0018 and 2021-0003), 0.6.13
	 * (still in 2021-0003) and 0.6.14: only 0.6.14 fixes all four. */
	r = scan_list(&inv, "cargo app 1.0.0\n  cargo smallvec 0.6.9\n  cargo smallvec 1.6.0\n", NULL);
	assert_int_equal(cw_scan_fix_count(r), 2);
	for (size_t i = 0; i < cw_scan_fix_count(r); i++) {
		const cw_scan_fix *fx = cw_scan_fix_at(r, i);
		const cw_component *c = cw_inventory_component(inv, fx->component);
		if (!strcmp(c->version, "0.6.9")) {
			assert_string_equal(fx->version, "0.6.14");
			assert_int_equal(fx->finding_count, 4);
			seen = true;
		} else {
			assert_string_equal(fx->version, "1.6.1");
		}
	}
	assert_true(seen);
	cw_scan_result_free(r);
	cw_inventory_free(inv);
}

static void test_scan__npm_ranges(void **state)
{
	(void)state;
	/* lodash: x_NSWG-ECO-368 <4.17.5, 493 <4.17.11, 516 [4.17.15,4.17.19);
	 * bassmaster: x_NSWG-ECO-1 last_affected 1.5.1; express: x_NSWG-ECO-8 <3.11.0-0, [4.0.0-0,4.5.0-0) */
	check("npm app 1.0.0\n"
	      "  npm lodash 4.17.4\n"
	      "  npm lodash 4.17.5\n"
	      "  npm lodash 4.17.11\n"
	      "  npm lodash 4.17.14\n"
	      "  npm lodash 4.17.15\n"
	      "  npm lodash 4.17.19\n"
	      "  npm bassmaster 1.5.1\n"
	      "  npm bassmaster 1.5.2\n"
	      "  npm express 4.4.9\n"
	      "  npm express 4.5.0\n"
	      "  npm express 3.10.9\n"
	      "  npm express 3.11.0\n",
	      "bassmaster@1.5.1 x_NSWG-ECO-1\n"
	      "express@3.10.9 x_NSWG-ECO-8\n"
	      "express@4.4.9 x_NSWG-ECO-8\n"
	      "lodash@4.17.15 x_NSWG-ECO-516\n"
	      "lodash@4.17.4 x_NSWG-ECO-368\n"
	      "lodash@4.17.4 x_NSWG-ECO-493\n"
	      "lodash@4.17.5 x_NSWG-ECO-493");
}

static void test_scan__aliases_merge_into_one_finding(void **state)
{
	cw_inventory *inv;
	cw_scan_result *r;
	const cw_finding *f;
	bool cve = false, ghsa = false, test = false;
	(void)state;
	r = scan_list(&inv, "pypi app 1.0\n  pypi jinja2 2.10\n", NULL);
	assert_int_equal(cw_scan_finding_count(r), 2); /* PYSEC-2019-217 (+TEST-ALIAS-0001), PYSEC-2021-66 */
	f = cw_scan_finding(r, 0);
	if (strcmp(f->id, "PYSEC-2019-217"))
		f = cw_scan_finding(r, 1);
	assert_string_equal(f->id, "PYSEC-2019-217");
	assert_int_equal(f->advisory_count, 2);
	assert_string_equal(f->advisories[1], "TEST-ALIAS-0001");
	for (size_t i = 0; i < f->alias_count; i++) {
		cve |= !strcmp(f->aliases[i], "CVE-2019-10906");
		ghsa |= !strcmp(f->aliases[i], "GHSA-462w-v97r-4m45");
		test |= !strcmp(f->aliases[i], "TEST-ALIAS-0001");
		assert_string_not_equal(f->aliases[i], "PYSEC-2019-217");
	}
	assert_true(cve && ghsa && test);
	assert_int_equal(f->fixed_count, 1);
	assert_string_equal(f->fixed_versions[0], "2.10.1");
	cw_scan_result_free(r);
	cw_inventory_free(inv);
}

static void test_scan__distro_packages_match_by_source_and_release(void **state)
{
	(void)state;
	check("deb image 1\n"
	      "  deb libssl3 3.0.11-1~deb12u1 pkg:deb/debian/libssl3@3.0.11-1~deb12u1?arch=amd64&distro=debian-12&upstream=openssl\n"
	      "  deb libssl3 3.0.11-1~deb12u2 pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12&upstream=openssl\n"
	      /* binary version newer than the fix, source version older: the source version counts */
	      "  deb libfoo 9.0 pkg:deb/debian/libfoo@9.0?distro=debian-12&upstream=openssl%403.0.9-1\n"
	      /* no distro qualifier: the release is unknown, nothing is matched */
	      "  deb libssl3 3.0.1-1 pkg:deb/debian/libssl3@3.0.1-1?upstream=openssl\n"
	      "  apk libcrypto3 3.1.4-r0 pkg:apk/alpine/libcrypto3@3.1.4-r0?distro=alpine-3.19.1&upstream=openssl\n"
	      "  apk libcrypto3 3.1.4-r1 pkg:apk/alpine/libcrypto3@3.1.4-r1?distro=alpine-3.19.1&upstream=openssl\n"
	      "  apk libcrypto3-318 3.1.4-r0 pkg:apk/alpine/libcrypto3-318@3.1.4-r0?distro=alpine-3.18.4&upstream=openssl\n"
	      /* Ubuntu's ecosystems carry a suffix ("Ubuntu:22.04:LTS") */
	      "  deb libssl3u 3.0.2-0ubuntu1.14 pkg:deb/ubuntu/libssl3u@3.0.2-0ubuntu1.14?distro=ubuntu-22.04&upstream=openssl\n"
	      "  deb libssl3v 3.0.2-0ubuntu1.15 pkg:deb/ubuntu/libssl3v@3.0.2-0ubuntu1.15?distro=ubuntu-22.04&upstream=openssl\n",
	      "libcrypto3@3.1.4-r0 TEST-APK-0001\n"
	      "libfoo@9.0 TEST-DEB-0001\n"
	      "libssl3@3.0.11-1~deb12u1 TEST-DEB-0001\n"
	      "libssl3u@3.0.2-0ubuntu1.14 TEST-UBU-0001");
}

static void test_scan__rpm_distributions_by_release_name_and_epoch(void **state)
{
	cw_inventory *inv;
	cw_scan_result *r;
	(void)state;
	check("rpm image 1\n"
	      /* epoch 1: below ALMA-0001's 1:3.0.7-25; above ALMA-0002's 3.0.7-30 (epoch 0) */
	      "  rpm openssl-libs 3.0.7-24.el9 pkg:rpm/almalinux/openssl-libs@3.0.7-24.el9?arch=x86_64&epoch=1&distro=almalinux-9.3&upstream=openssl-3.0.7-24.el9.src.rpm\n"
	      /* no epoch (0): below both, the second through the source package name */
	      "  rpm openssl-libs 3.0.7-23.el9 pkg:rpm/almalinux/openssl-libs@3.0.7-23.el9?distro=almalinux-9.3&upstream=openssl-3.0.7-23.el9.src.rpm\n"
	      "  rpm openssl-libs 1.1.1k-7.el8 pkg:rpm/almalinux/openssl-libs@1.1.1k-7.el8?epoch=1&distro=almalinux-8.9&upstream=openssl-1.1.1k-7.el8.src.rpm\n"
	      /* Red Hat names the source package, in a per-repository stream of release 9 */
	      "  rpm rh-openssl-libs 3.0.7-24.el9 pkg:rpm/redhat/rh-openssl-libs@3.0.7-24.el9?epoch=1&distro=rhel-9.2&upstream=openssl-3.0.7-24.el9.src.rpm\n"
	      /* Rocky: equal to the fix, not affected */
	      "  rpm openssl-libs 3.0.7-22.el9 pkg:rpm/rocky/openssl-libs@3.0.7-22.el9?epoch=1&distro=rocky-9.3&upstream=openssl-3.0.7-22.el9.src.rpm\n"
	      /* SLES 15.5 = any product or module of 15 SP5; not SP4 */
	      "  rpm libopenssl3 3.0.8-150500.5.7.1 pkg:rpm/suse/libopenssl3@3.0.8-150500.5.7.1?distro=sles-15.5&upstream=openssl-3-3.0.8-150500.5.7.1.src.rpm\n"
	      "  rpm libopenssl3 3.0.8-150500.5.6.1 pkg:rpm/opensuse/libopenssl3@3.0.8-150500.5.6.1?distro=opensuse-leap-15.5\n"
	      /* no OSV ecosystem for Fedora; no release: nothing */
	      "  rpm openssl-libs 3.0.0-1.fc39 pkg:rpm/fedora/openssl-libs@3.0.0-1.fc39?distro=fedora-39\n"
	      "  rpm openssl-libs 3.0.0-1 pkg:rpm/redhat/openssl-libs@3.0.0-1\n",
	      "libopenssl3@3.0.8-150500.5.6.1 TEST-OSUSE-0001\n"
	      "libopenssl3@3.0.8-150500.5.7.1 TEST-SUSE-0001\n"
	      "openssl-libs@1.1.1k-7.el8 TEST-ALMA-0003\n"
	      "openssl-libs@3.0.7-23.el9 TEST-ALMA-0001\n"
	      "openssl-libs@3.0.7-23.el9 TEST-ALMA-0002\n"
	      "openssl-libs@3.0.7-24.el9 TEST-ALMA-0001\n"
	      "rh-openssl-libs@3.0.7-24.el9 TEST-RHEL-0001");
	/* the fix keeps the epoch, and is above the installed epoch:version */
	r = scan_list(&inv, "rpm image 1\n  rpm openssl-libs 3.0.7-24.el9 pkg:rpm/almalinux/openssl-libs@3.0.7-24.el9?"
	              "epoch=1&distro=almalinux-9.3&upstream=openssl-3.0.7-24.el9.src.rpm\n", NULL);
	assert_int_equal(cw_scan_fix_count(r), 1);
	assert_string_equal(cw_scan_fix_at(r, 0)->version, "1:3.0.7-25.el9");
	assert_int_equal(cw_scan_finding(r, 0)->match, CW_MATCH_DISTRO);
	cw_scan_result_free(r);
	cw_inventory_free(inv);
}

static void test_scan__kev_first_and_nvd_severity(void **state)
{
	cw_inventory *inv;
	cw_scan_result *r;
	const cw_finding *first, *req = NULL;
	(void)state;
	/* salt 3000.1: PYSEC-2020-102/103 alias KEV CVEs; requests 2.30.0: PYSEC-2023-74
	 * aliases CVE-2023-32681, which the NVD sample scores (CVSS 3.1, 6.1 by NVD). */
	r = scan_list(&inv, "pypi app 1.0\n  pypi requests 2.30.0\n  pypi salt 3000.1\n", NULL);
	first = cw_scan_finding(r, 0);
	assert_true(first->kev);
	assert_string_equal(first->package->name, "salt");
	assert_int_equal(first->priority, 1);
	assert_non_null(first->kev_due_date);
	for (size_t i = 0; i < cw_scan_finding_count(r); i++) {
		const cw_finding *f = cw_scan_finding(r, i);
		if (i > 0)
			assert_true(cw_scan_finding(r, i - 1)->priority_score >= f->priority_score);
		if (!strcmp(f->id, "PYSEC-2023-74"))
			req = f;
	}
	assert_non_null(req);
	assert_false(req->kev);
	assert_non_null(req->cvss_vector);
	assert_string_equal(req->cvss_version, "3.1");
	assert_string_equal(req->cvss_source, "nvd@nist.gov");
	assert_true(req->cvss_score > 6.0 && req->cvss_score < 6.2);
	assert_int_equal(req->severity, CW_SEVERITY_MEDIUM);
	assert_true(cw_scan_fails(r, CW_FAIL_KEV));
	cw_scan_result_free(r);
	cw_inventory_free(inv);
}

static void test_scan__paths_and_direct_dependency(void **state)
{
	cw_inventory *inv;
	cw_scan_result *r;
	const cw_finding *f;
	const cw_scan_fix *fx;
	(void)state;
	r = scan_list(&inv, "npm app 1.0.0\n"
	                    "  npm web 2.0.0\n"
	                    "    npm mid 1.0.0\n"
	                    "      npm lodash 4.17.4\n"
	                    "  npm other 1.0.0\n",
	              NULL);
	assert_int_equal(cw_scan_finding_count(r), 2);
	f = cw_scan_finding(r, 0);
	assert_int_equal(f->path_count, 1);
	assert_int_equal(f->paths[0].len, 4);
	assert_string_equal(cw_inventory_component(inv, f->paths[0].nodes[0])->name, "app");
	assert_string_equal(cw_inventory_component(inv, f->paths[0].nodes[1])->name, "web");
	assert_string_equal(cw_inventory_component(inv, f->paths[0].nodes[2])->name, "mid");
	assert_string_equal(cw_inventory_component(inv, f->paths[0].nodes[3])->name, "lodash");
	assert_int_equal(cw_scan_fix_count(r), 1);
	fx = cw_scan_fix_at(r, 0);
	assert_string_equal(fx->version, "4.17.11");
	assert_int_equal(fx->direct_count, 1);
	assert_string_equal(cw_inventory_component(inv, fx->direct[0])->name, "web");
	cw_scan_result_free(r);
	cw_inventory_free(inv);
}

static void test_scan__cpe_matching_is_conservative(void **state)
{
	cw_inventory *inv;
	cw_scan_result *r;
	(void)state;
	/* NVD sample: CVE-2023-52071 cpe curl:curl 8.4.0 and 8.5.0 (exact versions);
	 * CVE-2020-19909 haxx:curl 7.65.2; CVE-2021-32715 hyper:hyper < 0.14.10. */
	check("generic app 1.0\n"
	      "  generic curl 8.4.0\n"
	      "  generic curl 8.6.0\n"
	      /* vendor haxx is neither the name nor a namespace: not trusted */
	      "  generic curl 7.65.2\n"
	      "  generic libcurl-haxx 7.65.2 pkg:generic/haxx/curl@7.65.2\n"
	      "  generic hyper 0.14.9\n"
	      "  generic hyper 0.14.10\n"
	      /* a Debian package without a release: no OSV ecosystem, CPE applies */
	      "  deb curl 8.5.0 pkg:deb/debian/curl@8.5.0\n",
	      "curl@8.4.0 CVE-2023-52071\n"
	      "curl@8.5.0 CVE-2023-52071\n"
	      "hyper@0.14.9 CVE-2021-32715\n"
	      "libcurl-haxx@7.65.2 CVE-2020-19909");

	/* the crate hyper has OSV advisories: CVE-2021-32715 comes as an alias of
	 * RUSTSEC-2021-0078, never as a separate CPE finding */
	r = scan_list(&inv, "cargo app 1.0.0\n  cargo hyper 0.14.9\n", NULL);
	assert_true(cw_scan_finding_count(r) > 0);
	for (size_t i = 0; i < cw_scan_finding_count(r); i++) {
		const cw_finding *f = cw_scan_finding(r, i);
		assert_int_equal(f->match, CW_MATCH_ECOSYSTEM);
		assert_string_not_equal(f->id, "CVE-2021-32715");
	}
	cw_scan_result_free(r);
	cw_inventory_free(inv);

	r = scan_list(&inv, "generic app 1.0\n  generic hyper 0.14.9\n", NULL);
	assert_int_equal(cw_scan_finding_count(r), 1);
	assert_int_equal(cw_scan_finding(r, 0)->match, CW_MATCH_CPE);
	assert_int_equal(cw_scan_finding(r, 0)->fixed_count, 1);
	assert_string_equal(cw_scan_finding(r, 0)->fixed_versions[0], "0.14.10");
	assert_non_null(cw_scan_finding(r, 0)->cvss_vector); /* NVD's metrics of the CVE */
	cw_scan_result_free(r);
	cw_inventory_free(inv);
}

static void write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
}

static void test_scan__ignore_file_by_alias_package_and_expiry(void **state)
{
	cw_scan_options o = CW_SCAN_OPTIONS_INIT;
	cw_inventory *inv;
	cw_scan_result *r;
	char path[] = "/tmp/cw_test_ignore_XXXXXX";
	size_t ignored = 0;
	int fd = mkstemp(path);
	(void)state;
	assert_true(fd >= 0);
	close(fd);
	/* by CVE alias (x_NSWG-ECO-368 = CVE-2018-3721) for lodash only; an expired entry; a wrong package */
	write_file(path, "ignore:\n"
	                 "  - id: CVE-2018-3721\n    package: lodash\n    reason: not reachable\n    expires: 2027-01-01\n"
	                 "  - id: x_NSWG-ECO-493\n    reason: old\n    expires: 2020-01-01\n"
	                 "  - id: x_NSWG-ECO-1\n    package: express\n    reason: wrong package\n");
	o.ignore_file = path;
	o.today = "2026-11-26";
	r = scan_list(&inv, "npm app 1.0.0\n  npm lodash 4.17.4\n  npm bassmaster 1.5.1\n", &o);
	assert_int_equal(cw_scan_finding_count(r), 3);
	for (size_t i = 0; i < cw_scan_finding_count(r); i++) {
		const cw_finding *f = cw_scan_finding(r, i);
		if (f->ignored) {
			ignored++;
			assert_string_equal(f->id, "x_NSWG-ECO-368");
			assert_string_equal(f->ignore_reason, "not reachable");
		}
	}
	assert_int_equal(ignored, 1);
	assert_int_equal(cw_scan_warning_count(r), 1); /* the expired entry */
	assert_non_null(strstr(cw_scan_warning(r, 0), "expired"));
	cw_scan_result_free(r);
	cw_inventory_free(inv);

	/* a missing reason is an input error with the line */
	write_file(path, "ignore:\n  - id: CVE-2018-3721\n");
	cw_assert_ok(cw_inventory_new(&inv));
	cw_assert_ok(cw__inventory_add_list(inv, "l", "npm a 1\n  npm lodash 4.17.4\n", 25));
	assert_int_equal(cw_scan_run(&r, inv, kb, &o), CW_EINVALID);
	assert_non_null(strstr(cw_error_last()->message, ":2:"));
	assert_non_null(strstr(cw_error_last()->message, "reason"));
	cw_inventory_free(inv);
	unlink(path);
}

/* The recommended version for the only vulnerable component of `list` (NULL: none). */
static char *recommended(const char *list, char **set)
{
	cw_inventory *inv;
	cw_scan_result *r = scan_list(&inv, list, NULL);
	char *v = NULL;
	assert_int_equal(cw_scan_fix_count(r), 1);
	if (cw_scan_fix_at(r, 0)->version)
		v = strdup(cw_scan_fix_at(r, 0)->version);
	*set = finding_set(r);
	cw_scan_result_free(r);
	cw_inventory_free(inv);
	return v;
}

static void test_scan__fix_candidates_respect_versions_lists(void **state)
{
	char *v, *set;
	(void)state;
	/* 1.0.0: A (first range) and C.  Candidates 1.0.1, 1.0.2 (fix A and C) are
	 * listed as affected by B, which 1.0.0 is not affected by: 1.1.2 it is. */
	v = recommended("pypi app 1\n  pypi cw-test-pkg 1.0.0\n", &set);
	assert_string_equal(set, "cw-test-pkg@1.0.0 TEST-VERS-A\ncw-test-pkg@1.0.0 TEST-VERS-C");
	assert_non_null(v);
	assert_string_equal(v, "1.1.2");
	free(v);
	free(set);
	/* 1.0.1: listed by B, in C's range.  C's fix 1.0.2 is listed by B too, and B
	 * (versions only) has no fix: nothing can be recommended. */
	v = recommended("pypi app 1\n  pypi cw-test-pkg 1.0.1\n", &set);
	assert_string_equal(set, "cw-test-pkg@1.0.1 TEST-VERS-B\ncw-test-pkg@1.0.1 TEST-VERS-C");
	assert_null(v);
	free(set);
	/* 1.1.0: A's second range only; its fix 1.1.2 is listed nowhere */
	v = recommended("pypi app 1\n  pypi cw-test-pkg 1.1.1\n", &set);
	assert_string_equal(set, "cw-test-pkg@1.1.1 TEST-VERS-A");
	assert_string_equal(v, "1.1.2");
	free(v);
	free(set);
}

static int sink(void *payload, const char *data, size_t len)
{
	FILE *fp = payload;
	return fwrite(data, 1, len, fp) == len ? 0 : CW_EIO;
}

static void test_scan__reports_are_well_formed(void **state)
{
	static const cw_report_format formats[] = { CW_REPORT_TABLE, CW_REPORT_JSON, CW_REPORT_SARIF,
	                                            CW_REPORT_MARKDOWN, CW_REPORT_HTML, CW_REPORT_CYCLONEDX };
	cw_inventory *inv;
	cw_scan_result *r;
	(void)state;
	r = scan_list(&inv, "npm app 1.0.0\n  npm lodash 4.17.4\n", NULL);
	for (size_t i = 0; i < 6; i++) {
		cw_report_options ro = CW_REPORT_OPTIONS_INIT;
		char *text = NULL;
		size_t len = 0;
		FILE *fp = open_memstream(&text, &len);
		ro.format = formats[i];
		ro.deterministic = true;
		cw_assert_ok(cw_scan_report(r, &ro, sink, fp));
		fclose(fp);
		assert_non_null(strstr(text, "x_NSWG-ECO-368"));
		if (formats[i] == CW_REPORT_JSON || formats[i] == CW_REPORT_SARIF || formats[i] == CW_REPORT_CYCLONEDX) {
			json_error_t err;
			json_t *doc = json_loads(text, 0, &err);
			assert_non_null(doc);
			if (formats[i] == CW_REPORT_SARIF)
				assert_string_equal(json_string_value(json_object_get(doc, "version")), "2.1.0");
			if (formats[i] == CW_REPORT_CYCLONEDX)
				assert_int_equal(json_array_size(json_object_get(doc, "vulnerabilities")), 2);
			json_decref(doc);
		}
		free(text);
	}
	cw_scan_result_free(r);
	cw_inventory_free(inv);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scan__go_semver_ranges_and_boundaries),
		cmocka_unit_test(test_scan__pypi_pep440_versions_lists_last_affected_withdrawn),
		cmocka_unit_test(test_scan__crates_ranges_and_fix_recommendation),
		cmocka_unit_test(test_scan__npm_ranges),
		cmocka_unit_test(test_scan__aliases_merge_into_one_finding),
		cmocka_unit_test(test_scan__distro_packages_match_by_source_and_release),
		cmocka_unit_test(test_scan__rpm_distributions_by_release_name_and_epoch),
		cmocka_unit_test(test_scan__kev_first_and_nvd_severity),
		cmocka_unit_test(test_scan__paths_and_direct_dependency),
		cmocka_unit_test(test_scan__cpe_matching_is_conservative),
		cmocka_unit_test(test_scan__ignore_file_by_alias_package_and_expiry),
		cmocka_unit_test(test_scan__reports_are_well_formed),
		cmocka_unit_test(test_scan__fix_candidates_respect_versions_lists),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
