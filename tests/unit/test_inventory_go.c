/*
 * test_inventory_go.c - go.mod, go.sum and vendor/modules.txt.
 *
 * Fixture (prometheus): the unique (module, version) pairs of go.sum equal
 * expected.json (482); a pair with only a "/go.mod" line is optional
 * (has_zip_hash false), the others required (299); go.mod alone gives
 * exactly expected.json's go_mod_require list (250) with "// indirect" ones
 * not direct.  Small files check replace/exclude, quoting and
 * vendor/modules.txt.
 */
#include "cw_test.h"
#include "cw_inv_check.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/error.h"

static void test_fixture__go_sum(void **s)
{
	(void)s;
	cw_inv_check_fixture("fixtures/other-ecosystems/go/go.sum", "fixtures/other-ecosystems/go/expected.json",
	                     CW_KINDS_LIBRARY);
}

static const cw_component *by_name_version(const cw_inventory *inv, const char *name, const char *version)
{
	for (size_t i = 0; i < cw_inventory_component_count(inv); i++) {
		const cw_component *c = cw_inventory_component(inv, i);
		if (c->kind == CW_COMPONENT_LIBRARY && !strcmp(c->name, name) && c->version && !strcmp(c->version, version))
			return c;
	}
	return NULL;
}

static void test_go_sum_scopes(void **s)
{
	(void)s;
	cw_inventory *inv = cw_inv_scan(cw_test_shared("fixtures/other-ecosystems/go/go.sum"));
	json_error_t jerr;
	json_t *exp = json_load_file(cw_test_shared("fixtures/other-ecosystems/go/expected.json"), 0, &jerr), *p;
	size_t i, zip = 0, ok = 0;
	assert_non_null(exp);
	json_array_foreach(json_object_get(exp, "packages"), i, p) {
		const cw_component *c = by_name_version(inv, json_string_value(json_object_get(p, "name")),
		                                        json_string_value(json_object_get(p, "version")));
		assert_non_null(c);
		bool has_zip = json_is_true(json_object_get(p, "has_zip_hash"));
		zip += has_zip;
		ok += (c->scope == CW_SCOPE_OPTIONAL) == !has_zip;
	}
	print_message("go.sum scopes: %zu / %zu agree with has_zip_hash (%zu with a zip hash, expected %lld)\n", ok,
	              json_array_size(json_object_get(exp, "packages")), zip,
	              (long long)json_integer_value(json_object_get(exp, "zip_hash_count")));
	assert_int_equal(ok, json_array_size(json_object_get(exp, "packages")));
	assert_int_equal(zip, json_integer_value(json_object_get(exp, "zip_hash_count")));
	size_t root = cw_inv_root(inv);
	assert_string_equal(cw_inventory_component(inv, root)->name, "github.com/prometheus/prometheus");
	const cw_component *c = by_name_version(inv, "cloud.google.com/go/auth", "v0.20.0");
	assert_string_equal(c->purl, "pkg:golang/cloud.google.com/go/auth@v0.20.0");
	json_decref(exp);
	cw_inventory_free(inv);
}

static void test_fixture__go_mod_requires(void **s)
{
	(void)s;
	cw_inventory *inv = cw_inv_scan(cw_test_shared("fixtures/other-ecosystems/go/go.mod"));
	json_error_t jerr;
	json_t *exp = json_load_file(cw_test_shared("fixtures/other-ecosystems/go/expected.json"), 0, &jerr), *p;
	size_t i, matched = 0, libs = 0, root = cw_inv_root(inv);
	assert_non_null(exp);
	json_array_foreach(json_object_get(exp, "go_mod_require"), i, p) {
		const cw_component *c = by_name_version(inv, json_string_value(json_object_get(p, "name")),
		                                        json_string_value(json_object_get(p, "version")));
		if (!c) {
			print_message("  missing: %s\n", json_string_value(json_object_get(p, "name")));
			continue;
		}
		assert_int_equal(c->direct, !json_is_true(json_object_get(p, "indirect")));
		assert_true(cw_inv_depends(inv, root, c->index));
		matched++;
	}
	for (i = 0; i < cw_inventory_component_count(inv); i++)
		libs += cw_inventory_component(inv, i)->kind == CW_COMPONENT_LIBRARY;
	print_message("go.mod require: matched %zu / expected %zu (found %zu)\n", matched,
	              json_array_size(json_object_get(exp, "go_mod_require")), libs);
	assert_int_equal(matched, json_array_size(json_object_get(exp, "go_mod_require")));
	assert_int_equal(libs, matched);
	json_decref(exp);
	cw_inventory_free(inv);
}

static const char gomod[] =
	"// A service with local forks.\n"
	"module example.com/shop/api\n"
	"\n"
	"go 1.22\n"
	"\n"
	"toolchain go1.22.3\n"
	"\n"
	"require github.com/google/uuid v1.6.0\n"
	"\n"
	"require (\n"
	"\tgithub.com/gorilla/mux v1.8.1\n"
	"\tgolang.org/x/net v0.23.0 // indirect\n"
	"\t\"example.com/shop/internal\" v0.0.0-00010101000000-000000000000\n"
	"\tgithub.com/sirupsen/logrus v1.9.0\n"
	"\tgithub.com/pkg/errors v0.9.1 // indirect; see issue 12\n"
	")\n"
	"\n"
	"replace example.com/shop/internal => ../internal\n"
	"\n"
	"replace (\n"
	"\tgithub.com/sirupsen/logrus v1.9.0 => github.com/example/logrus v1.9.3-fork.1\n"
	"\tgolang.org/x/net => golang.org/x/net v0.24.0\n"
	")\n"
	"\n"
	"exclude github.com/pkg/errors v0.9.1\n"
	"\n"
	"retract [v1.0.0, v1.0.5] // published by mistake\n";

static void test_go_mod_replace_exclude(void **s)
{
	(void)s;
	cw_inventory *inv = cw_inv_parse("go.mod", gomod);
	size_t root = cw_inv_root(inv);
	assert_string_equal(cw_inventory_component(inv, root)->name, "example.com/shop/api");
	assert_int_equal(cw_inventory_component(inv, root)->line, 2);
	size_t uuid = cw_inv_find(inv, "github.com/google/uuid", "v1.6.0");
	assert_true(cw_inventory_component(inv, uuid)->direct);
	assert_int_equal(cw_inventory_component(inv, uuid)->line, 8);
	/* Module replacement: the fork is the component. */
	size_t fork = cw_inv_find(inv, "github.com/example/logrus", "v1.9.3-fork.1");
	assert_true(cw_inv_depends(inv, root, fork));
	assert_string_equal(cw_inventory_component(inv, fork)->purl, "pkg:golang/github.com/example/logrus@v1.9.3-fork.1");
	/* A version-less replacement applies to any version; indirect stays transitive. */
	size_t net = cw_inv_find(inv, "golang.org/x/net", "v0.24.0");
	assert_false(cw_inventory_component(inv, net)->direct);
	/* Directory replacement: no version, the path as location, declared version kept. */
	size_t internal = cw_inv_find(inv, "example.com/shop/internal", NULL);
	const cw_component *ic = cw_inventory_component(inv, internal);
	assert_null(ic->version);
	assert_string_equal(ic->resolved, "../internal");
	assert_string_equal(ic->declared, "v0.0.0-00010101000000-000000000000");
	/* The excluded version is not a component; nothing named logrus v1.9.0 either. */
	for (size_t i = 0; i < cw_inventory_component_count(inv); i++) {
		const cw_component *c = cw_inventory_component(inv, i);
		assert_true(strcmp(c->name, "github.com/pkg/errors") != 0);
		assert_true(strcmp(c->name, "github.com/sirupsen/logrus") != 0);
	}
	assert_int_equal(cw_inventory_component_count(inv), 6);
	cw_inventory_free(inv);
}

/* A directory with go.mod and go.sum: go.mod is a manifest, read through go.sum only. */
static void test_go_directory(void **s)
{
	(void)s;
	cw_inventory *inv = cw_inv_scan(cw_test_shared("fixtures/other-ecosystems/go"));
	size_t roots = 0, libs = 0;
	for (size_t i = 0; i < cw_inventory_component_count(inv); i++) {
		const cw_component *c = cw_inventory_component(inv, i);
		roots += c->kind == CW_COMPONENT_ROOT;
		libs += c->kind == CW_COMPONENT_LIBRARY;
		if (c->kind == CW_COMPONENT_LIBRARY)
			assert_non_null(strstr(c->file, "go.sum"));
	}
	assert_int_equal(roots, 1);
	assert_int_equal(libs, 482);
	cw_inventory_free(inv);
}

static void test_go_errors(void **s)
{
	(void)s;
	assert_int_equal(cw_inv_parse_fail("go.mod", "module x\nrequire (\n\ta v1.0.0\n"), CW_EINVALID);
	assert_non_null(strstr(cw_error_last()->message, "go.mod:2:"));
	assert_int_equal(cw_inv_parse_fail("go.mod", "module x\nrequire a 1.0.0\n"), CW_EINVALID);
	assert_non_null(strstr(cw_error_last()->message, "go.mod:2:"));
	assert_int_equal(cw_inv_parse_fail("go.mod", "module \"x\nrequire a v1.0.0\n"), CW_EINVALID);
	assert_int_equal(cw_inv_parse_fail("go.mod", "module x\nreplace a => \n"), CW_EINVALID);
	assert_int_equal(cw_inv_parse_fail("go.sum", "a v1.0.0 h1:abc=\nbroken line\n"), CW_EINVALID);
	assert_non_null(strstr(cw_error_last()->message, "go.sum:2:"));
}

static void test_go_sum_alone(void **s)
{
	(void)s;
	cw_inventory *inv = cw_inv_parse("go.sum",
		"github.com/davecgh/go-spew v1.1.1 h1:vj9j/u1bqnvCEfJOwUhtlOARqs3+rkHYY13jYWTU97c=\n"
		"github.com/davecgh/go-spew v1.1.1/go.mod h1:J7Y8YcW2NihsgmVo/mv3lAwl/skON4iLHjSsI+c5H38=\n"
		"github.com/stretchr/testify v1.8.0/go.mod h1:yNjHg4UonilssWZ8iaSj1OCr/vHnekPRkoO+kdMU+MU=\n");
	size_t spew = cw_inv_find(inv, "github.com/davecgh/go-spew", "v1.1.1");
	size_t testify = cw_inv_find(inv, "github.com/stretchr/testify", "v1.8.0");
	assert_int_equal(cw_inventory_component(inv, spew)->scope, CW_SCOPE_REQUIRED);
	assert_int_equal(cw_inventory_component(inv, spew)->line, 1);
	assert_int_equal(cw_inventory_component(inv, testify)->scope, CW_SCOPE_OPTIONAL);
	assert_false(cw_inventory_component(inv, spew)->direct);
	assert_int_equal(cw_inventory_component_count(inv), 3);
	cw_inventory_free(inv);
}

static void test_vendor_modules(void **s)
{
	(void)s;
	char dir[] = "/tmp/cw-go-vendor-XXXXXX", vend[64], path[128];
	assert_non_null(mkdtemp(dir));
	snprintf(vend, sizeof(vend), "%s/vendor", dir);
	assert_int_equal(mkdir(vend, 0700), 0);
	cw_inv_write(dir, "go.mod",
		"module example.com/tool\n\ngo 1.21\n\nrequire (\n\tgithub.com/spf13/cobra v1.8.0\n"
		"\tgithub.com/spf13/pflag v1.0.5 // indirect\n\tgithub.com/old/lib v1.0.0\n)\n"
		"replace github.com/old/lib v1.0.0 => github.com/new/lib v1.2.0\n"
		"replace example.com/local => ./local\n");
	cw_inv_write(vend, "modules.txt",
		"# github.com/inconshreveable/mousetrap v1.1.0\n"
		"## explicit; go 1.18\n"
		"github.com/inconshreveable/mousetrap\n"
		"# github.com/spf13/cobra v1.8.0\n"
		"## explicit; go 1.15\n"
		"github.com/spf13/cobra\n"
		"# github.com/spf13/pflag v1.0.5\n"
		"## explicit; go 1.12\n"
		"github.com/spf13/pflag\n"
		"# github.com/old/lib v1.0.0 => github.com/new/lib v1.2.0\n"
		"## explicit\n"
		"github.com/old/lib\n"
		"# golang.org/x/sys v0.15.0\n"
		"golang.org/x/sys/unix\n"
		"# example.com/local => ./local\n");
	snprintf(path, sizeof(path), "%s/modules.txt", vend);
	cw_inventory *inv = cw_inv_scan(path);
	size_t root = cw_inv_root(inv);
	assert_string_equal(cw_inventory_component(inv, root)->name, "example.com/tool");
	size_t cobra = cw_inv_find(inv, "github.com/spf13/cobra", "v1.8.0");
	size_t pflag = cw_inv_find(inv, "github.com/spf13/pflag", "v1.0.5");
	size_t sys = cw_inv_find(inv, "golang.org/x/sys", "v0.15.0");
	size_t lib = cw_inv_find(inv, "github.com/new/lib", "v1.2.0");
	assert_true(cw_inventory_component(inv, cobra)->direct);
	assert_true(cw_inv_depends(inv, root, pflag));
	assert_false(cw_inventory_component(inv, pflag)->direct);
	assert_false(cw_inv_depends(inv, root, sys));
	assert_true(cw_inv_depends(inv, root, lib));
	assert_int_equal(cw_inventory_component(inv, sys)->line, 13);
	assert_int_equal(cw_inventory_component_count(inv), 6);
	cw_inventory_free(inv);
	/* A modules.txt outside a vendor directory is not Go's: nothing read. */
	cw_inventory *other = cw_inv_parse("docs/modules.txt", "# not go\nsome text\n");
	assert_int_equal(cw_inventory_component_count(other), 0);
	cw_inventory_free(other);
	snprintf(path, sizeof(path), "rm -rf '%s'", dir);
	assert_int_equal(system(path), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixture__go_sum),
		cmocka_unit_test(test_go_sum_scopes),
		cmocka_unit_test(test_fixture__go_mod_requires),
		cmocka_unit_test(test_go_mod_replace_exclude),
		cmocka_unit_test(test_go_directory),
		cmocka_unit_test(test_go_errors),
		cmocka_unit_test(test_go_sum_alone),
		cmocka_unit_test(test_vendor_modules),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
