/*
 * test_inventory_cargo.c - Cargo.lock v1 to v4.
 *
 * Fixtures: every [[package]] of ripgrep's and cargo's Cargo.lock (v4)
 * equals expected.json (workspace members included).  Small lockfiles in
 * the shapes cargo wrote over time check v1's [metadata] checksums and
 * "name version (source)" references, v2's bare names, v3's git sources,
 * the graph and the errors.
 */
#include "cw_test.h"
#include "cw_inv_check.h"

#include <stdio.h>
#include <string.h>

#include "util/error.h"

static void test_fixture__cargo_ripgrep(void **s)
{
	(void)s;
	/* Cargo.toml names the root crate ripgrep: a ROOT component, still a package. */
	cw_inv_check_fixture("fixtures/other-ecosystems/cargo/ripgrep/Cargo.lock",
	                     "fixtures/other-ecosystems/cargo/ripgrep/expected.json", CW_KINDS_ALL);
}

static void test_fixture__cargo_cargo(void **s)
{
	(void)s;
	/* No Cargo.toml in the fixture and many unreferenced members: a synthetic root. */
	cw_inv_check_fixture("fixtures/other-ecosystems/cargo/cargo/Cargo.lock",
	                     "fixtures/other-ecosystems/cargo/cargo/expected.json",
	                     CW_KINDS_LIBRARY | CW_KIND_BIT(CW_COMPONENT_WORKSPACE));
}

/* cargo-platform 0.3.3 is both a workspace member and a registry crate:
 * "cargo-platform 0.3.3" names the local one, "(registry+...)" the other. */
static void test_cargo_same_name_version(void **s)
{
	(void)s;
	cw_inventory *inv = cw_inv_scan(cw_test_shared("fixtures/other-ecosystems/cargo/cargo/Cargo.lock"));
	size_t local = SIZE_MAX, reg = SIZE_MAX;
	for (size_t i = 0; i < cw_inventory_component_count(inv); i++) {
		const cw_component *c = cw_inventory_component(inv, i);
		if (strcmp(c->name, "cargo-platform"))
			continue;
		if (c->kind == CW_COMPONENT_WORKSPACE)
			local = i;
		else
			reg = i;
	}
	assert_int_not_equal(local, SIZE_MAX);
	assert_int_not_equal(reg, SIZE_MAX);
	assert_int_equal(cw_inventory_component(inv, local)->line, 512);
	assert_int_equal(cw_inventory_component(inv, reg)->hash_count, 1);
	size_t cargo = cw_inv_find(inv, "cargo", "0.101.0");
	size_t meta = cw_inv_find(inv, "cargo_metadata", NULL);
	assert_true(cw_inv_depends(inv, cargo, local));
	assert_false(cw_inv_depends(inv, cargo, reg));
	assert_true(cw_inv_depends(inv, meta, reg));
	assert_false(cw_inv_depends(inv, meta, local));
	cw_inventory_free(inv);
}

static void test_ripgrep_graph(void **s)
{
	(void)s;
	cw_inventory *inv = cw_inv_scan(cw_test_shared("fixtures/other-ecosystems/cargo/ripgrep/Cargo.lock"));
	size_t root = cw_inv_root(inv);
	const cw_component *rc = cw_inventory_component(inv, root);
	assert_string_equal(rc->name, "ripgrep");
	assert_string_equal(rc->purl, "pkg:cargo/ripgrep@15.2.0");
	size_t grep = cw_inv_find(inv, "grep", NULL);
	assert_int_equal(cw_inventory_component(inv, grep)->kind, CW_COMPONENT_WORKSPACE);
	assert_true(cw_inv_depends(inv, root, grep));
	/* aho-corasick: checksum from the lockfile, line of its [[package]] header. */
	size_t ac = cw_inv_find(inv, "aho-corasick", "1.1.5");
	const cw_component *c = cw_inventory_component(inv, ac);
	assert_int_equal(c->hash_count, 1);
	assert_string_equal(c->hashes[0].algorithm, "SHA-256");
	assert_string_equal(c->hashes[0].hex, "c982642fa9e8606056828ee9a8505737230110bb1099153c79efe865c59d12ba");
	assert_int_equal(c->line, 5);
	/* Workspace members count as roots for "direct" (grep-searcher uses it). */
	assert_true(c->direct);
	/* cfg-if is only reached through other crates. */
	assert_false(cw_inventory_component(inv, cw_inv_find(inv, "cfg-if", NULL))->direct);
	assert_true(cw_inventory_component(inv, cw_inv_find(inv, "anyhow", NULL))->direct);
	/* memchr is depended on by aho-corasick. */
	assert_true(cw_inv_depends(inv, ac, cw_inv_find(inv, "memchr", NULL)));
	cw_inventory_free(inv);
}

/* Cargo 1.30-era lockfile: [root], "name version (source)" references and
 * the checksums in [metadata]. */
static const char v1_lock[] =
	"[[package]]\n"
	"name = \"app\"\n"
	"version = \"0.1.0\"\n"
	"dependencies = [\n"
	" \"rand 0.6.5 (registry+https://registry-index.example/crates)\",\n"
	" \"rand 0.7.3 (registry+https://registry-index.example/crates)\",\n"
	"]\n"
	"\n"
	"[[package]]\n"
	"name = \"libc\"\n"
	"version = \"0.2.66\"\n"
	"source = \"registry+https://registry-index.example/crates\"\n"
	"\n"
	"[[package]]\n"
	"name = \"rand\"\n"
	"version = \"0.6.5\"\n"
	"source = \"registry+https://registry-index.example/crates\"\n"
	"dependencies = [\n"
	" \"libc 0.2.66 (registry+https://registry-index.example/crates)\",\n"
	"]\n"
	"\n"
	"[[package]]\n"
	"name = \"rand\"\n"
	"version = \"0.7.3\"\n"
	"source = \"registry+https://registry-index.example/crates\"\n"
	"dependencies = [\n"
	" \"libc 0.2.66 (registry+https://registry-index.example/crates)\",\n"
	"]\n"
	"\n"
	"[metadata]\n"
	"\"checksum libc 0.2.66 (registry+https://registry-index.example/crates)\" = \"d515b1f41455adea1313a4a2ac8a8a477634fbae63cc6100e3aebb207ce61558\"\n"
	"\"checksum rand 0.6.5 (registry+https://registry-index.example/crates)\" = \"6d71dacdc3c88c1fde3885a3be3fbab9f35724e6ce99467f7d9c5026132184ca\"\n"
	"\"checksum rand 0.7.3 (registry+https://registry-index.example/crates)\" = \"6a6b1679d49b24bbfe0c803429aa1874472f50d9b363131f0e89fc356b544d03\"\n";

static void test_v1(void **s)
{
	(void)s;
	cw_inventory *inv = cw_inv_parse("Cargo.lock", v1_lock);
	size_t root = cw_inv_root(inv);
	size_t r6 = cw_inv_find(inv, "rand", "0.6.5"), r7 = cw_inv_find(inv, "rand", "0.7.3");
	size_t libc = cw_inv_find(inv, "libc", "0.2.66");
	assert_string_equal(cw_inventory_component(inv, root)->name, "app");
	assert_true(cw_inv_depends(inv, root, r6));
	assert_true(cw_inv_depends(inv, root, r7));
	assert_true(cw_inv_depends(inv, r6, libc));
	assert_true(cw_inventory_component(inv, r6)->direct);
	assert_false(cw_inventory_component(inv, libc)->direct);
	assert_int_equal(cw_inventory_component(inv, r7)->hash_count, 1);
	assert_string_equal(cw_inventory_component(inv, r7)->hashes[0].hex,
	                    "6a6b1679d49b24bbfe0c803429aa1874472f50d9b363131f0e89fc356b544d03");
	assert_string_equal(cw_inventory_component(inv, libc)->purl, "pkg:cargo/libc@0.2.66");
	assert_int_equal(cw_inventory_component_count(inv), 4);
	cw_inventory_free(inv);
}

/* v2 (Rust 1.41-1.52): no version key, inline checksums, "name" or "name version". */
static const char v2_lock[] =
	"# This file is automatically @generated by Cargo.\n"
	"# It is not intended for manual editing.\n"
	"[[package]]\n"
	"name = \"cfg-if\"\n"
	"version = \"0.1.10\"\n"
	"source = \"registry+https://registry-index.example/crates\"\n"
	"checksum = \"4785bdd1c96b2a846b2bd7cc02e86b6b3dbf14e7e53446c4f54c92a361040822\"\n"
	"\n"
	"[[package]]\n"
	"name = \"cfg-if\"\n"
	"version = \"1.0.0\"\n"
	"source = \"registry+https://registry-index.example/crates\"\n"
	"checksum = \"baf1de4339761588bc0619e3cbc0120ee582ebb74b53b4efbf79117bd2da40fd\"\n"
	"\n"
	"[[package]]\n"
	"name = \"log\"\n"
	"version = \"0.4.14\"\n"
	"source = \"registry+https://registry-index.example/crates\"\n"
	"checksum = \"51b9bbe6c47d51fc3e1a9b945965946b4c44142ab8792c50835a980d362c2710\"\n"
	"dependencies = [\n"
	" \"cfg-if 1.0.0\",\n"
	"]\n"
	"\n"
	"[[package]]\n"
	"name = \"tool\"\n"
	"version = \"0.2.0\"\n"
	"dependencies = [\n"
	" \"cfg-if 0.1.10\",\n"
	" \"log\",\n"
	"]\n";

static void test_v2(void **s)
{
	(void)s;
	cw_inventory *inv = cw_inv_parse("Cargo.lock", v2_lock);
	size_t root = cw_inv_root(inv);
	size_t old = cw_inv_find(inv, "cfg-if", "0.1.10"), cur = cw_inv_find(inv, "cfg-if", "1.0.0");
	size_t log = cw_inv_find(inv, "log", "0.4.14");
	assert_string_equal(cw_inventory_component(inv, root)->name, "tool");
	assert_true(cw_inv_depends(inv, root, old));
	assert_false(cw_inv_depends(inv, root, cur));
	assert_true(cw_inv_depends(inv, log, cur));
	assert_true(cw_inv_depends(inv, root, log));
	assert_string_equal(cw_inventory_component(inv, log)->hashes[0].hex,
	                    "51b9bbe6c47d51fc3e1a9b945965946b4c44142ab8792c50835a980d362c2710");
	cw_inventory_free(inv);
}

/* v3: version = 3, a git source (kept as the location), a workspace of two crates. */
static const char v3_lock[] =
	"version = 3\n"
	"\n"
	"[[package]]\n"
	"name = \"cli\"\n"
	"version = \"0.1.0\"\n"
	"dependencies = [\n"
	" \"core\",\n"
	" \"serde\",\n"
	"]\n"
	"\n"
	"[[package]]\n"
	"name = \"core\"\n"
	"version = \"0.1.0\"\n"
	"dependencies = [\n"
	" \"tinyvec\",\n"
	"]\n"
	"\n"
	"[[package]]\n"
	"name = \"serde\"\n"
	"version = \"1.0.136\"\n"
	"source = \"registry+https://registry-index.example/crates\"\n"
	"checksum = \"ce31e24b01e1e524df96f1c2fdd054405f8d7376249a5110886fb4b658484789\"\n"
	"\n"
	"[[package]]\n"
	"name = \"tinyvec\"\n"
	"version = \"1.5.1\"\n"
	"source = \"git+https://github.com/Lokathor/tinyvec?branch=main#b9e1e8e8f3c4a3f1e5f6a7b8c9d0e1f2a3b4c5d6\"\n";

static void test_v3_git_workspace(void **s)
{
	(void)s;
	cw_inventory *inv = cw_inv_parse("Cargo.lock", v3_lock);
	size_t root = cw_inv_root(inv);
	size_t core = cw_inv_find(inv, "core", "0.1.0"), tv = cw_inv_find(inv, "tinyvec", "1.5.1");
	/* cli is the one local crate nothing depends on: the root. */
	assert_string_equal(cw_inventory_component(inv, root)->name, "cli");
	assert_int_equal(cw_inventory_component(inv, core)->kind, CW_COMPONENT_WORKSPACE);
	assert_true(cw_inv_depends(inv, root, core));
	assert_true(cw_inv_depends(inv, core, tv));
	assert_string_equal(cw_inventory_component(inv, tv)->resolved,
	                    "git+https://github.com/Lokathor/tinyvec?branch=main#b9e1e8e8f3c4a3f1e5f6a7b8c9d0e1f2a3b4c5d6");
	assert_int_equal(cw_inventory_component(inv, tv)->hash_count, 0);
	cw_inventory_free(inv);
}

/* Cargo before 1.24 wrote the root crate as [root]. */
static void test_v1_root_table(void **s)
{
	(void)s;
	cw_inventory *inv = cw_inv_parse("Cargo.lock",
		"[root]\n"
		"name = \"hello\"\n"
		"version = \"0.1.0\"\n"
		"dependencies = [\n"
		" \"itoa 0.3.4 (registry+https://registry-index.example/crates)\",\n"
		"]\n"
		"\n"
		"[[package]]\n"
		"name = \"itoa\"\n"
		"version = \"0.3.4\"\n"
		"source = \"registry+https://registry-index.example/crates\"\n"
		"\n"
		"[metadata]\n"
		"\"checksum itoa 0.3.4 (registry+https://registry-index.example/crates)\" = \"8324a32baf01e2ae060e9de58ed0bc2320c9a2833491ee36cd3b4c414de4db8c\"\n");
	size_t root = cw_inv_root(inv), itoa = cw_inv_find(inv, "itoa", "0.3.4");
	assert_string_equal(cw_inventory_component(inv, root)->name, "hello");
	assert_int_equal(cw_inventory_component(inv, root)->line, 1);
	assert_true(cw_inv_depends(inv, root, itoa));
	assert_string_equal(cw_inventory_component(inv, itoa)->hashes[0].hex,
	                    "8324a32baf01e2ae060e9de58ed0bc2320c9a2833491ee36cd3b4c414de4db8c");
	assert_int_equal(cw_inventory_component_count(inv), 2);
	cw_inventory_free(inv);
}

static void test_errors(void **s)
{
	(void)s;
	assert_int_equal(cw_inv_parse_fail("Cargo.lock", "version = 5\n"), CW_EUNSUPPORTED);
	assert_int_equal(cw_inv_parse_fail("Cargo.lock",
	                                   "version = 4\n[[package]]\nname = \"a\"\nversion = \"1.0.0\"\n"
	                                   "dependencies = [\n \"missing\",\n]\n"),
	                 CW_EINVALID);
	assert_non_null(strstr(cw_error_last()->message, "Cargo.lock:6:"));
	assert_non_null(strstr(cw_error_last()->message, "missing"));
	assert_int_equal(cw_inv_parse_fail("Cargo.lock", "[[package]]\nname = \"a\"\n"), CW_EINVALID);
	assert_non_null(strstr(cw_error_last()->message, "Cargo.lock:1:"));
	assert_int_equal(cw_inv_parse_fail("Cargo.lock", "[[package]\nname = \"a\"\n"), CW_EINVALID);
	assert_non_null(strstr(cw_error_last()->message, "Cargo.lock:1:"));
	assert_int_equal(cw_inv_parse_fail("Cargo.lock", "package = 3\n"), CW_EINVALID);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixture__cargo_ripgrep),
		cmocka_unit_test(test_fixture__cargo_cargo),
		cmocka_unit_test(test_ripgrep_graph),
		cmocka_unit_test(test_cargo_same_name_version),
		cmocka_unit_test(test_v1),
		cmocka_unit_test(test_v1_root_table),
		cmocka_unit_test(test_v2),
		cmocka_unit_test(test_v3_git_workspace),
		cmocka_unit_test(test_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
