/*
 * test_inventory_system.c - system inventories: the dpkg, apk and rpm
 * databases, os-release, installed npm/python packages, the RPM header
 * parser, and container images (docker-archive and OCI layout fixtures).
 *
 * Fixture tests compare with ../shared/fixtures/{debian,container}/
 * expected.json, produced by dpkg-query from the same databases; they
 * print matched/expected.  Image tests on synthetic inputs (whiteouts,
 * bombs, traversal) live in tests/e2e/sbom_images.py, which builds the
 * archives at test time.
 */
#include "cw_test.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inventory/inventory.h"
#include "inventory/rpm_header.h"
#include "util/error.h"
#include "util/sha1.h"

static cw_inventory *parse(const char *name, const char *text)
{
	cw_inventory *inv = NULL;
	cw_assert_ok(cw_inventory_new(&inv));
	cw_assert_ok(cw_inventory_parse_data(inv, name, text, strlen(text)));
	return inv;
}

static const cw_component *find(const cw_inventory *inv, const char *name)
{
	for (size_t i = 0; i < cw_inventory_component_count(inv); i++)
		if (!strcmp(cw_inventory_component(inv, i)->name, name))
			return cw_inventory_component(inv, i);
	return NULL;
}

static const char *str(const json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? s : "";
}

static bool same(const char *a, const char *b)
{
	return !strcmp(a ? a : "", b ? b : "");
}

/* Every expected package of `ecosystem` is one component with the same
 * name, version, source, arch (and layer index when `diff_ids`); no extra
 * components of that ecosystem.  Returns the number matched. */
static size_t match_expected(const cw_inventory *inv, json_t *packages, const char *ecosystem,
                             json_t *diff_ids)
{
	size_t i, matched = 0, want = 0, have = 0;
	json_t *p;
	for (size_t k = 0; k < cw_inventory_component_count(inv); k++)
		have += !strcmp(cw_inventory_component(inv, k)->ecosystem, ecosystem);
	json_array_foreach(packages, i, p) {
		if (strcmp(str(p, "ecosystem"), ecosystem) != 0)
			continue;
		want++;
		size_t hits = 0;
		for (size_t k = 0; k < cw_inventory_component_count(inv); k++) {
			const cw_component *c = cw_inventory_component(inv, k);
			if (strcmp(c->ecosystem, ecosystem) || strcmp(c->name, str(p, "name")) ||
			    !same(c->version, str(p, "version")))
				continue;
			if (json_object_get(p, "arch") && !same(c->arch, str(p, "arch")))
				continue;
			if (json_object_get(p, "source_name") &&
			    (!same(c->source_name, str(p, "source_name")) ||
			     !same(c->source_version, str(p, "source_version"))))
				continue;
			if (diff_ids) {
				json_int_t l = json_integer_value(json_object_get(p, "layer"));
				if (!same(c->layer, json_string_value(json_array_get(diff_ids, (size_t)(l - 1)))))
					continue;
			}
			hits++;
		}
		if (hits == 1)
			matched++;
		else
			print_message("  %s %s %s: %zu matching components\n", ecosystem, str(p, "name"),
			              str(p, "version"), hits);
	}
	print_message("  %s: matched %zu/%zu expected, %zu components\n", ecosystem, matched, want, have);
	assert_int_equal(matched, want);
	assert_int_equal(have, want);
	return matched;
}

/* ---- dpkg ----------------------------------------------------------------- */

static void test_dpkg__fixture_equals_dpkg_query(void **state)
{
	(void)state;
	json_error_t jerr;
	json_t *exp = json_load_file(cw_test_shared("fixtures/debian/expected.json"), 0, &jerr);
	cw_inventory *inv = NULL;
	assert_non_null(exp);
	cw_assert_ok(cw_inventory_new(&inv));
	cw_assert_ok(cw_inventory_scan_path(inv, cw_test_shared("fixtures/debian/status"), NULL));
	assert_int_equal(cw_inventory_failure_count(inv), 0);
	/* Every stanza whose files are on disk: 829 ii + iF + iU (expected.json's count). */
	assert_int_equal(match_expected(inv, json_object_get(exp, "packages"), "deb", NULL),
	                 json_integer_value(json_object_get(exp, "count")));
	const cw_component *bash = find(inv, "bash");
	assert_non_null(bash);
	assert_string_equal(bash->purl, "pkg:deb/debian/bash@5.2.15-2%2Bb8?arch=amd64&upstream=bash%405.2.15-2");
	cw_inventory_free(inv);
	json_decref(exp);
}

static void test_dpkg__states_source_and_errors(void **state)
{
	(void)state;
	cw_inventory *inv = parse("var/lib/dpkg/status",
		"Package: gone\nStatus: deinstall ok config-files\nVersion: 1.0\nArchitecture: amd64\n\n"
		"Package: never\nStatus: purge ok not-installed\nVersion: 2.0\n\n"
		"Package: libfoo1\nStatus: install ok unpacked\nSource: foo (1:1.2-3)\nVersion: 1:1.2-3+b1\n"
		"Architecture: amd64\nDescription: a\n multi-line\n .\n description\n\n\n"
		"Package: foo-doc\nStatus: install ok installed\nSource: foo\nVersion: 1:1.2-3\nArchitecture: all\n");
	assert_int_equal(cw_inventory_component_count(inv), 2);
	const cw_component *c = find(inv, "libfoo1");
	assert_non_null(c);
	assert_string_equal(c->source_name, "foo");
	assert_string_equal(c->source_version, "1:1.2-3");
	assert_string_equal(c->version, "1:1.2-3+b1");
	c = find(inv, "foo-doc");
	assert_string_equal(c->source_version, "1:1.2-3");
	assert_string_equal(c->purl, "pkg:deb/debian/foo-doc@1:1.2-3?arch=all&upstream=foo");
	cw_inventory_free(inv);

	cw_assert_ok(cw_inventory_new(&inv));
	const char *bad = "Package: a\nVersion: 1\n\nPackage b\n";
	assert_int_equal(cw_inventory_parse_data(inv, "status", bad, strlen(bad)), CW_EINVALID);
	assert_non_null(strstr(cw_error_last()->message, "status:4:1: expected 'Field: value'"));
	bad = "Package: a\n\n";
	assert_int_equal(cw_inventory_parse_data(inv, "status", bad, strlen(bad)), CW_EINVALID);
	assert_non_null(strstr(cw_error_last()->message, "status:1: package a has no Version"));
	bad = "Package: a\nVersion: 1\nSource: s (2\n";
	assert_int_equal(cw_inventory_parse_data(inv, "status", bad, strlen(bad)), CW_EINVALID);
	assert_non_null(strstr(cw_error_last()->message, "Source: expected 'name (version)'"));
	cw_inventory_free(inv);
}

/* ---- apk -------------------------------------------------------------------- */

static void test_apk__fields_origin_license_and_errors(void **state)
{
	(void)state;
	cw_inventory *inv = parse("lib/apk/db/installed",
		"C:Q1abc=\nP:musl\nV:1.2.4_git20230717-r4\nA:x86_64\nS:383152\nI:622592\nT:the musl c library\n"
		"U:https://musl.libc.org/\nL:MIT\no:musl\nm:Someone\nt:1700000000\nc:abc\nF:lib\nR:ld-musl-x86_64.so.1\n"
		"a:0:0:755\nZ:Q1xyz=\n\n"
		"P:libcrypto3\nV:3.1.4-r5\nA:x86_64\nL:Apache-2.0\no:openssl\n");
	assert_int_equal(cw_inventory_component_count(inv), 2);
	const cw_component *c = find(inv, "libcrypto3");
	assert_string_equal(c->source_name, "openssl");
	assert_string_equal(c->license, "Apache-2.0");
	assert_string_equal(c->purl, "pkg:apk/alpine/libcrypto3@3.1.4-r5?arch=x86_64");
	c = find(inv, "musl");
	assert_string_equal(c->version, "1.2.4_git20230717-r4");
	cw_inventory_free(inv);

	cw_assert_ok(cw_inventory_new(&inv));
	const char *bad = "P:a\nV:1\nnot a field\n";
	assert_int_equal(cw_inventory_parse_data(inv, "installed", bad, strlen(bad)), CW_EINVALID);
	assert_non_null(strstr(cw_error_last()->message, "installed:3:1: expected 'K:value'"));
	cw_inventory_free(inv);
}

/* ---- os-release --------------------------------------------------------------- */

static void check_os(const char *text, const char *ns, const char *distro)
{
	cw_arena arena = CW_ARENA_INIT;
	cw__os_release os;
	cw_assert_ok(cw__os_release_parse(&os, &arena, "os-release", text, strlen(text)));
	assert_string_equal(os.purl_ns, ns);
	assert_string_equal(os.purl_distro, distro);
	cw__arena_free(&arena);
}

static void test_os_release__distros(void **state)
{
	(void)state;
	check_os("PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=\"Debian GNU/Linux\"\nVERSION_ID=\"12\"\n"
	         "VERSION_CODENAME=bookworm\nID=debian\n", "debian", "debian-12");
	check_os("NAME=\"Alpine Linux\"\nID=alpine\nVERSION_ID=3.19.1\n", "alpine", "alpine-3.19");
	check_os("ID=ubuntu\nID_LIKE=debian\nVERSION_ID=\"22.04\"\n", "ubuntu", "ubuntu-22.04");
	check_os("ID=\"rhel\"\nVERSION_ID=\"9.3\"\n", "redhat", "rhel-9.3");
	check_os("ID='rocky'\nVERSION_ID='9.3'\n", "rocky", "rocky-9.3");
	check_os("ID=\"amzn\"\nVERSION_ID=\"2023\"\n", "amazon", "amzn-2023");
	check_os("ID=\"opensuse-leap\"\nVERSION_ID=\"15.5\"\n", "opensuse", "opensuse-leap-15.5");
	check_os("ID=wolfi\nVERSION_ID=20230201\n", "wolfi", "wolfi-20230201");
	check_os("# comment\n\nID=debian\nVERSION_CODENAME=trixie\n", "debian", "debian-trixie");
	cw_arena arena = CW_ARENA_INIT;
	cw__os_release os;
	assert_int_equal(cw__os_release_parse(&os, &arena, "os-release", "ID=x\njunk\n", 11), CW_EINVALID);
	assert_non_null(strstr(cw_error_last()->message, "os-release:2:1: expected KEY=value"));
	cw__arena_free(&arena);
}

/* ---- rpm header ------------------------------------------------------------------- */

static void put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

static void test_rpm_header__bounds(void **state)
{
	(void)state;
	cw_arena arena = CW_ARENA_INIT;
	cw__rpm_pkg pkg;
	unsigned char h[8 + 3 * 16 + 16];
	memset(h, 0, sizeof(h));
	put32(h, 3);
	put32(h + 4, 16);
	/* NAME "abc" at 0, VERSION "1.0" at 4, EPOCH 7 at 8 */
	put32(h + 8, 1000), put32(h + 12, 6), put32(h + 16, 0), put32(h + 20, 1);
	put32(h + 24, 1001), put32(h + 28, 6), put32(h + 32, 4), put32(h + 36, 1);
	put32(h + 40, 1003), put32(h + 44, 4), put32(h + 48, 8), put32(h + 52, 1);
	memcpy(h + 56, "abc\0001.0\0", 8);
	put32(h + 64, 7);
	cw_assert_ok(cw__rpm_header_parse(&pkg, &arena, h, sizeof(h)));
	assert_string_equal(pkg.name, "abc");
	assert_string_equal(pkg.version, "1.0");
	assert_int_equal(pkg.epoch, 7);
	/* Truncated data, offsets past the end, unterminated strings. */
	assert_int_equal(cw__rpm_header_parse(&pkg, &arena, h, sizeof(h) - 1), CW_EINVALID);
	put32(h + 32, 16);
	assert_int_equal(cw__rpm_header_parse(&pkg, &arena, h, sizeof(h)), CW_EINVALID);
	assert_non_null(strstr(cw_error_last()->message, "beyond"));
	put32(h + 32, 12);
	memset(h + 68, 'x', 4);     /* data bytes 12..15: no NUL before the end */
	assert_int_equal(cw__rpm_header_parse(&pkg, &arena, h, sizeof(h)), CW_EINVALID);
	assert_non_null(strstr(cw_error_last()->message, "not terminated"));
	put32(h, 0x7fffffff);
	assert_int_equal(cw__rpm_header_parse(&pkg, &arena, h, sizeof(h)), CW_EINVALID);
	cw__arena_free(&arena);
}

/* ---- installed language packages ------------------------------------------------------ */

static void test_sys_paths__which_files_are_read(void **state)
{
	(void)state;
	size_t cap;
	assert_true(cw__sysroot_wants("var/lib/dpkg/status", &cap));
	assert_true(cw__sysroot_wants("var/lib/dpkg/status.d/base-files", &cap));
	assert_false(cw__sysroot_wants("var/lib/dpkg/status.d/base-files.md5sums", &cap));
	assert_false(cw__sysroot_wants("var/lib/dpkg/status-old", &cap));
	assert_true(cw__sysroot_wants("app/node_modules/debug/package.json", &cap));
	assert_true(cw__sysroot_wants("node_modules/@babel/core/package.json", &cap));
	assert_true(cw__sysroot_wants("a/node_modules/x/node_modules/y/package.json", &cap));
	assert_false(cw__sysroot_wants("app/node_modules/debug/lib/package.json", &cap));
	assert_false(cw__sysroot_wants("app/package.json", &cap));
	assert_false(cw__sysroot_wants("app/xnode_modules/debug/package.json", &cap));
	assert_true(cw__sysroot_wants("usr/lib/python3/dist-packages/six-1.16.0.dist-info/METADATA", &cap));
	assert_true(cw__sysroot_wants("usr/lib/python3.11/site-packages/foo.egg-info/PKG-INFO", &cap));
	assert_false(cw__sysroot_wants("usr/lib/python3/x.dist-info/sub/METADATA", &cap));
	assert_true(cw__sysroot_wants("etc/os-release", &cap));
	assert_false(cw__sysroot_wants("etc/status", &cap));
}

static void test_python_metadata__headers(void **state)
{
	(void)state;
	cw_inventory *inv = NULL;
	const char *meta = "Metadata-Version: 2.1\nName: Jinja2\nVersion: 3.1.2\nLicense: BSD-3-Clause\n"
	                   "Classifier: x\n\nLong description\nName: not-this\n";
	cw_assert_ok(cw_inventory_new(&inv));
	cw__extractor ex = { "METADATA", "python metadata", cw__extract_python_metadata, false };
	cw_assert_ok(cw__inv_extract(inv, &ex, "x.dist-info/METADATA", NULL, meta, strlen(meta), false));
	assert_int_equal(cw_inventory_component_count(inv), 1);
	assert_string_equal(cw_inventory_component(inv, 0)->purl, "pkg:pypi/jinja2@3.1.2");
	assert_string_equal(cw_inventory_component(inv, 0)->license, "BSD-3-Clause");
	assert_int_equal(cw__inv_extract(inv, &ex, "y/METADATA", NULL, "Name: a\n", 8, false), CW_EINVALID);
	assert_non_null(strstr(cw_error_last()->message, "no Version header"));
	cw_inventory_free(inv);
}

/* ---- SHA-1 (FIPS 180-4 examples) ---------------------------------------------------------- */

static void sha1_hex(const char *msg, size_t len, size_t step, char hex[41])
{
	cw_sha1 s;
	unsigned char d[20];
	cw__sha1_init(&s);
	for (size_t off = 0; off < len; off += step)
		cw__sha1_update(&s, msg + off, len - off < step ? len - off : step);
	cw__sha1_final(&s, d);
	for (int i = 0; i < 20; i++)
		snprintf(hex + 2 * i, 3, "%02x", d[i]);
}

static void test_sha1__vectors(void **state)
{
	(void)state;
	char hex[41];
	const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	sha1_hex("abc", 3, 3, hex);
	assert_string_equal(hex, "a9993e364706816aba3e25717850c26c9cd0d89d");
	sha1_hex("", 0, 1, hex);
	assert_string_equal(hex, "da39a3ee5e6b4b0d3255bfef95601890afd80709");
	for (size_t step = 1; step <= 64; step += 7) {
		sha1_hex(two, strlen(two), step, hex);
		assert_string_equal(hex, "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
	}
	char *million = malloc(1000000);
	memset(million, 'a', 1000000);
	sha1_hex(million, 1000000, 4096, hex);
	assert_string_equal(hex, "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
	free(million);
}

/* ---- container images --------------------------------------------------------------------- */

static cw_inventory *scan_image(const char *rel)
{
	cw_inventory *inv = NULL;
	cw_assert_ok(cw_inventory_new(&inv));
	cw_assert_ok(cw_inventory_scan_path(inv, cw_test_shared(rel), NULL));
	for (size_t i = 0; i < cw_inventory_failure_count(inv); i++)
		fail_msg("unexpected failure: %s", cw_inventory_failure(inv, i));
	return inv;
}

static void check_image(const char *rel)
{
	json_error_t jerr;
	json_t *exp = json_load_file(cw_test_shared("fixtures/container/expected.json"), 0, &jerr);
	json_t *info = json_load_file(cw_test_shared("fixtures/container/image-info.json"), 0, &jerr);
	assert_non_null(exp);
	assert_non_null(info);
	print_message("%s\n", rel);
	cw_inventory *inv = scan_image(rel);
	json_t *ids = json_object_get(info, "diff_ids");
	size_t n = match_expected(inv, json_object_get(exp, "packages"), "deb", ids) +
	           match_expected(inv, json_object_get(exp, "packages"), "npm", ids);
	assert_int_equal(n, json_integer_value(json_object_get(exp, "count")));
	assert_int_equal(cw_inventory_component_count(inv), n);
	const cw_image_info *img = cw_inventory_image(inv);
	assert_non_null(img);
	assert_string_equal(img->ref, str(info, "ref"));
	assert_string_equal(img->config_digest, str(info, "config_digest"));
	assert_string_equal(img->os_id, "debian");
	assert_string_equal(img->os_version, "12");
	assert_string_equal(img->architecture, "amd64");
	assert_int_equal(img->layer_count, 2);
	if (img->manifest_digest)
		assert_string_equal(img->manifest_digest, str(info, "manifest_digest"));
	const cw_component *jq = find(inv, "jq");
	assert_non_null(jq);
	assert_string_equal(jq->purl, "pkg:deb/debian/jq@1.6-2.1%2Bdeb12u2?arch=amd64&distro=debian-12");
	cw_inventory_free(inv);
	json_decref(exp);
	json_decref(info);
}

static void test_image__docker_archive_equals_expected(void **state)
{
	(void)state;
	check_image("fixtures/container/docker-archive/image.docker-archive.tar.gz");
}

static void test_image__oci_layout_equals_expected(void **state)
{
	(void)state;
	check_image("fixtures/container/oci/image.oci-layout.tar");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dpkg__fixture_equals_dpkg_query),
		cmocka_unit_test(test_dpkg__states_source_and_errors),
		cmocka_unit_test(test_apk__fields_origin_license_and_errors),
		cmocka_unit_test(test_os_release__distros),
		cmocka_unit_test(test_rpm_header__bounds),
		cmocka_unit_test(test_sys_paths__which_files_are_read),
		cmocka_unit_test(test_python_metadata__headers),
		cmocka_unit_test(test_sha1__vectors),
		cmocka_unit_test(test_image__docker_archive_equals_expected),
		cmocka_unit_test(test_image__oci_layout_equals_expected),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
