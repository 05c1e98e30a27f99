/*
 * test_inventory_python.c - requirements*.txt, poetry.lock, Pipfile.lock,
 * pdm.lock, uv.lock, pylock.toml and pyproject.toml.
 *
 * Fixtures (../shared/fixtures/other-ecosystems): poetry (78), uv (176,
 * the editable project and workspace member included), pipenv (110
 * entries, 105 unique) and pip-hashes (32) equal expected.json; poetry's
 * scopes agree with every package's groups, pipenv's with its sections.
 * Hand-written files in the shapes the tools write check includes, VCS
 * and URL requirements, markers, extras, hashes, pdm.lock, pylock.toml
 * and pyproject.toml alone.
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

#define OE "fixtures/other-ecosystems/"

static void test_fixture__poetry(void **s)
{
	(void)s;
	cw_inv_check_fixture(OE "poetry/poetry.lock", OE "poetry/expected.json", CW_KINDS_LIBRARY);
}

static void test_fixture__uv(void **s)
{
	(void)s;
	/* expected.json lists the project ("." editable) and its workspace member too. */
	cw_inv_check_fixture(OE "uv/uv.lock", OE "uv/expected.json", CW_KINDS_ALL);
}

static void test_fixture__pipenv(void **s)
{
	(void)s;
	cw_inv_check_fixture(OE "pipenv/Pipfile.lock", OE "pipenv/expected.json", CW_KINDS_LIBRARY);
}

static void test_fixture__pip_hashes(void **s)
{
	(void)s;
	cw_inv_check_fixture(OE "pip-hashes/requirements.txt", OE "pip-hashes/expected.json", CW_KINDS_LIBRARY);
}

static const cw_component *lib(const cw_inventory *inv, const char *name, const char *version)
{
	for (size_t i = 0; i < cw_inventory_component_count(inv); i++) {
		const cw_component *c = cw_inventory_component(inv, i);
		if (c->kind == CW_COMPONENT_LIBRARY && !strcmp(c->name, name) &&
		    (!version || (c->version && !strcmp(c->version, version))))
			return c;
	}
	fail_msg("no library %s@%s", name, version ? version : "*");
	return NULL;
}

/* Every package's scope follows its groups: "main" required (optional when
 * optional = true), else dev; pyproject's dependencies are direct. */
static void test_poetry_scopes(void **s)
{
	(void)s;
	cw_inventory *inv = cw_inv_scan(cw_test_shared(OE "poetry/poetry.lock"));
	json_error_t jerr;
	json_t *exp = json_load_file(cw_test_shared(OE "poetry/expected.json"), 0, &jerr), *p, *g;
	size_t i, k, ok = 0, dev = 0;
	assert_non_null(exp);
	json_array_foreach(json_object_get(exp, "packages"), i, p) {
		const cw_component *c = lib(inv, json_string_value(json_object_get(p, "name")),
		                            json_string_value(json_object_get(p, "version")));
		bool main = false;
		json_array_foreach(json_object_get(p, "groups"), k, g)
			main |= !strcmp(json_string_value(g), "main");
		cw_scope want = !main ? CW_SCOPE_DEV : json_is_true(json_object_get(p, "optional")) ? CW_SCOPE_OPTIONAL
		                                                                                    : CW_SCOPE_REQUIRED;
		ok += c->scope == want;
		dev += want == CW_SCOPE_DEV;
	}
	print_message("poetry scopes: %zu / %zu agree with groups (%zu dev)\n", ok,
	              json_array_size(json_object_get(exp, "packages")), dev);
	assert_int_equal(ok, json_array_size(json_object_get(exp, "packages")));
	size_t root = cw_inv_root(inv);
	assert_string_equal(cw_inventory_component(inv, root)->name, "poetry");
	assert_string_equal(cw_inventory_component(inv, root)->version, "2.5.0.dev0");
	const cw_component *build = lib(inv, "build", "1.5.0");
	assert_true(build->direct);
	assert_true(cw_inv_depends(inv, root, build->index));
	const cw_component *anyio = lib(inv, "anyio", "4.13.0");
	assert_false(anyio->direct);
	assert_int_equal(anyio->line, 3);
	assert_int_equal(anyio->hash_count, 2);
	assert_string_equal(anyio->hashes[0].hex, "08b310f9e24a9594186fd75b4f73f4a4152069e3853f1ed8bfbf58369f4ad708");
	assert_string_equal(anyio->purl, "pkg:pypi/anyio@4.13.0");
	/* The name is kept as written; the purl is PEP 503 normalised. */
	const cw_component *bt = lib(inv, "backports-tarfile", "1.2.0");
	assert_string_equal(bt->purl, "pkg:pypi/backports-tarfile@1.2.0");
	json_decref(exp);
	cw_inventory_free(inv);
}

static void test_pipenv_sections(void **s)
{
	(void)s;
	cw_inventory *inv = cw_inv_scan(cw_test_shared(OE "pipenv/Pipfile.lock"));
	json_error_t jerr;
	json_t *exp = json_load_file(cw_test_shared(OE "pipenv/expected.json"), 0, &jerr), *p;
	size_t i, ok = 0, n = 0;
	assert_non_null(exp);
	/* A package in default is required even when develop lists it too (with
	 * the same version; pygments, tomli... differ between the sections). */
	json_array_foreach(json_object_get(exp, "packages"), i, p) {
		const char *name = json_string_value(json_object_get(p, "name"));
		bool in_default = false;
		size_t k;
		json_t *q;
		json_array_foreach(json_object_get(exp, "packages"), k, q)
			in_default |= !strcmp(json_string_value(json_object_get(q, "name")), name) &&
			              json_equal(json_object_get(q, "version"), json_object_get(p, "version")) &&
			              !strcmp(json_string_value(json_object_get(q, "section")), "default");
		const cw_component *c = lib(inv, name, json_string_value(json_object_get(p, "version")));
		ok += c->scope == (in_default ? CW_SCOPE_REQUIRED : CW_SCOPE_DEV);
		n++;
	}
	print_message("pipenv scopes: %zu / %zu agree with sections\n", ok, n);
	assert_int_equal(ok, n);
	/* Pipfile: pytz in [packages], sphinx in [dev-packages] are direct. */
	size_t root = cw_inv_root(inv);
	const cw_component *pytz = lib(inv, "pytz", NULL), *sphinx = lib(inv, "sphinx", NULL);
	assert_true(pytz->direct);
	assert_true(sphinx->direct);
	assert_true(cw_inv_depends(inv, root, pytz->index));
	assert_false(lib(inv, "iniconfig", NULL)->direct);
	assert_int_equal(lib(inv, "exceptiongroup", "1.3.1")->hash_count, 2);
	assert_int_equal(lib(inv, "exceptiongroup", "1.3.1")->line, 17);
	assert_int_equal(lib(inv, "exceptiongroup", "1.1.0")->line, 690);   /* in develop */
	json_decref(exp);
	cw_inventory_free(inv);
}

static void test_uv_graph(void **s)
{
	(void)s;
	cw_inventory *inv = cw_inv_scan(cw_test_shared(OE "uv/uv.lock"));
	size_t root = cw_inv_root(inv);
	const cw_component *rc = cw_inventory_component(inv, root);
	assert_string_equal(rc->name, "pydantic");
	assert_null(rc->version);
	size_t core = cw_inv_find(inv, "pydantic-core", NULL);
	assert_int_equal(cw_inventory_component(inv, core)->kind, CW_COMPONENT_WORKSPACE);
	assert_true(cw_inv_depends(inv, root, core));
	/* typing-extensions: a runtime dependency; email-validator: an extra; ansi2html: dev group only. */
	const cw_component *te = lib(inv, "typing-extensions", NULL);
	assert_int_equal(te->scope, CW_SCOPE_REQUIRED);
	assert_true(te->direct);
	assert_int_equal(lib(inv, "email-validator", NULL)->scope, CW_SCOPE_OPTIONAL);
	assert_int_equal(lib(inv, "ansi2html", NULL)->scope, CW_SCOPE_DEV);
	const cw_component *aio = lib(inv, "aiohappyeyeballs", "2.6.1");
	assert_string_equal(aio->resolved, "https://pypi-files.example/packages/26/30/f84a107a9c4331c14b2b586036f40965c128aa4fee4dda5d3d51cb14ad54/aiohappyeyeballs-2.6.1.tar.gz");
	assert_int_equal(aio->hash_count, 2);   /* sdist + one wheel */
	assert_string_equal(aio->hashes[0].hex, "c3f9d0113123803ccadfdf3f0faa505bc78e6a72d1cc4806cbd719826e943558");
	assert_true(cw_inv_depends(inv, cw_inv_find(inv, "aiohttp", "3.14.3"), aio->index));
	cw_inventory_free(inv);
}

static void test_pip_hashes(void **s)
{
	(void)s;
	cw_inventory *inv = cw_inv_scan(cw_test_shared(OE "pip-hashes/requirements.txt"));
	const cw_component *at = lib(inv, "annotated-types", "0.8.0");
	assert_int_equal(at->line, 7);
	assert_int_equal(at->hash_count, 2);
	assert_string_equal(at->hashes[0].algorithm, "SHA-256");
	assert_string_equal(at->hashes[0].hex, "13b2beaad985e05e2d6407ee4c4f35590b11f8d693a258a561055cac8f64cab7");
	assert_string_equal(at->hashes[1].hex, "f072f4d804ea359e4eaf198b1af7a8b0943881a87f31bb764f8bf219bb9419e0");
	assert_true(lib(inv, "cffi", "2.1.0")->hash_count > 2);
	/* pip-compile's "# via" comments: annotated-types comes via pydantic;
	 * the direct dependencies are exactly the names of requirements.in. */
	assert_false(at->direct);
	assert_true(cw_inv_depends(inv, lib(inv, "pydantic", NULL)->index, at->index));
	size_t len, ndirect = 0, nin = 0;
	char *in = cw_test_read_file(cw_test_shared(OE "pip-hashes/requirements.in"), &len);
	assert_non_null(in);
	for (char *line = strtok(in, "\n"); line; line = strtok(NULL, "\n")) {
		char *eq = strstr(line, "==");
		if (line[0] == '#' || !eq)
			continue;
		*eq = '\0';
		assert_true(lib(inv, line, NULL)->direct);
		nin++;
	}
	free(in);
	for (size_t i = 0; i < cw_inventory_component_count(inv); i++)
		ndirect += cw_inventory_component(inv, i)->kind == CW_COMPONENT_LIBRARY && cw_inventory_component(inv, i)->direct;
	print_message("pip-compile: %zu direct, %zu in requirements.in\n", ndirect, nin);
	assert_int_equal(ndirect, nin);
	assert_true(nin > 0);
	/* cryptography is "via pyopenssl, rfc3161-client, sigstore": three parents. */
	size_t crypto = lib(inv, "cryptography", NULL)->index;
	assert_true(cw_inv_depends(inv, lib(inv, "pyopenssl", NULL)->index, crypto));
	assert_true(cw_inv_depends(inv, lib(inv, "rfc3161-client", NULL)->index, crypto));
	assert_true(cw_inv_depends(inv, lib(inv, "sigstore", NULL)->index, crypto));
	assert_false(cw_inv_depends(inv, cw_inv_root(inv), crypto));
	cw_inventory_free(inv);
}

/* ---- requirements files -------------------------------------------------- */

static char tmpdir[64];

static void mk(const char *name, const char *text)
{
	cw_inv_write(tmpdir, name, text);
}

static void test_requirements_features(void **s)
{
	(void)s;
	char path[256];
	strcpy(tmpdir, "/tmp/cw-req-XXXXXX");
	assert_non_null(mkdtemp(tmpdir));
	snprintf(path, sizeof(path), "%s/reqs", tmpdir);
	assert_int_equal(mkdir(path, 0700), 0);
	mk("requirements.txt",
	   "# Production dependencies\n"
	   "-i https://pypi-registry.example/simple\n"
	   "--extra-index-url https://mirror.example/simple\n"
	   "-r reqs/base.txt\n"
	   "-c constraints.txt\n"
	   "Django==4.2.11 \\\n"
	   "    --hash=sha256:6e6ff3db2d8dd0c986b4eec8554c8e4f919b5c1ff62a5b4390c17aff2ed6e5c4\n"
	   "requests[socks,security] >= 2.31.0, < 3 ; python_version >= \"3.8\"  # HTTP\n"
	   "zope.interface===6.2\n"
	   "celery\n"
	   "git+https://github.com/encode/httpx.git@0.27.0#egg=httpx\n"
	   "mylib @ https://files.example/mylib-1.4.0-py3-none-any.whl\n"
	   "./vendor/localpkg\n"
	   "-e .\n"
	   "-e .[dev]\n"
	   "./plugins/extra-tool[cli]\n"
	   "-e git+https://github.com/psf/black.git@24.3.0#egg=black\n"
	   "numpy==1.26.4; platform_machine != \"arm64\"\n");
	mk("reqs/base.txt", "# shared\n-r ../requirements.txt\nurllib3==2.2.1 --hash sha256:450b20ec296a467077128bff42b73080516e71b56ff59a60a02bef2232c4fa9d\n");
	mk("constraints.txt", "celery==5.3.6\nnot-required==1.0\n");
	snprintf(path, sizeof(path), "%s/requirements.txt", tmpdir);
	cw_inventory *inv = cw_inv_scan(path);
	size_t root = cw_inv_root(inv);

	const cw_component *dj = lib(inv, "Django", "4.2.11");
	assert_int_equal(dj->line, 6);
	assert_int_equal(dj->hash_count, 1);
	assert_string_equal(dj->purl, "pkg:pypi/django@4.2.11");
	assert_null(dj->declared);
	assert_true(cw_inv_depends(inv, root, dj->index));

	/* A range: no version, the requirement with its marker kept as declared. */
	const cw_component *rq = lib(inv, "requests", NULL);
	assert_null(rq->version);
	assert_string_equal(rq->declared, "requests[socks,security] >= 2.31.0, < 3 ; python_version >= \"3.8\"");
	assert_int_equal(rq->line, 8);

	assert_string_equal(lib(inv, "zope.interface", "6.2")->purl, "pkg:pypi/zope-interface@6.2");
	/* The constraint file pins celery; its other pins are not components. */
	assert_string_equal(lib(inv, "celery", NULL)->version, "5.3.6");
	assert_string_equal(lib(inv, "celery", NULL)->declared, "celery");
	for (size_t i = 0; i < cw_inventory_component_count(inv); i++)
		assert_true(strcmp(cw_inventory_component(inv, i)->name, "not-required") != 0);

	const cw_component *hx = lib(inv, "httpx", NULL);
	assert_string_equal(hx->resolved, "git+https://github.com/encode/httpx.git@0.27.0#egg=httpx");
	assert_null(hx->version);
	const cw_component *my = lib(inv, "mylib", NULL);
	assert_string_equal(my->resolved, "https://files.example/mylib-1.4.0-py3-none-any.whl");
	assert_string_equal(lib(inv, "localpkg", NULL)->resolved, "./vendor/localpkg");
	assert_string_equal(lib(inv, "extra-tool", NULL)->resolved, "./plugins/extra-tool");
	assert_string_equal(lib(inv, "black", NULL)->resolved, "git+https://github.com/psf/black.git@24.3.0#egg=black");
	assert_string_equal(lib(inv, "numpy", "1.26.4")->declared, "numpy==1.26.4; platform_machine != \"arm64\"");

	/* The include (which includes the first file back: read once). */
	const cw_component *u3 = lib(inv, "urllib3", "2.2.1");
	assert_int_equal(u3->hash_count, 1);
	assert_int_equal(u3->line, 3);
	assert_non_null(strstr(u3->file, "reqs/base.txt"));
	/* "-e ." is the project itself. */
	size_t libs = 0;
	for (size_t i = 0; i < cw_inventory_component_count(inv); i++)
		libs += cw_inventory_component(inv, i)->kind == CW_COMPONENT_LIBRARY;
	assert_int_equal(libs, 11);
	cw_inventory_free(inv);

	/* dev-requirements.txt is read too (and gives dev scope). */
	mk("dev-requirements.txt", "black==24.3.0\n");
	snprintf(path, sizeof(path), "%s/dev-requirements.txt", tmpdir);
	inv = cw_inv_scan(path);
	assert_int_equal(lib(inv, "black", "24.3.0")->scope, CW_SCOPE_DEV);
	cw_inventory_free(inv);
	/* A dev file gives dev scope; a missing include is an error naming it. */
	mk("requirements-dev.txt", "-r requirements.txt\npytest==8.1.1\n");
	snprintf(path, sizeof(path), "%s/requirements-dev.txt", tmpdir);
	inv = cw_inv_scan(path);
	assert_int_equal(lib(inv, "pytest", "8.1.1")->scope, CW_SCOPE_DEV);
	cw_inventory_free(inv);
	/* Includes never leave the first file's directory, through ".." or a link. */
	snprintf(path, sizeof(path), "%s/reqs/requirements-up.txt", tmpdir);
	mk("reqs/requirements-up.txt", "-r ../requirements-dev.txt\n-r link.txt\nsix==1.16.0\n");
	snprintf(path, sizeof(path), "%s/reqs/link.txt", tmpdir);
	assert_int_equal(symlink("/etc/hostname", path), 0);
	snprintf(path, sizeof(path), "%s/reqs/requirements-up.txt", tmpdir);
	inv = cw_inv_scan(path);
	assert_int_equal(cw_inventory_component_count(inv), 2);   /* root + six */
	lib(inv, "six", "1.16.0");
	cw_inventory_free(inv);
	mk("requirements-broken.txt", "-r nowhere.txt\n");
	snprintf(path, sizeof(path), "%s/requirements-broken.txt", tmpdir);
	cw_assert_ok(cw_inventory_new(&inv));
	cw_assert_ok(cw_inventory_scan_path(inv, path, NULL));
	assert_int_equal(cw_inventory_failure_count(inv), 1);
	print_message("missing include: %s\n", cw_inventory_failure(inv, 0));
	assert_non_null(strstr(cw_inventory_failure(inv, 0), "requirements-broken.txt"));
	assert_non_null(strstr(cw_inventory_failure(inv, 0), "nowhere.txt"));
	cw_inventory_free(inv);
	snprintf(path, sizeof(path), "rm -rf '%s'", tmpdir);
	assert_int_equal(system(path), 0);
}

static void test_requirements_errors(void **s)
{
	(void)s;
	assert_int_equal(cw_inv_parse_fail("requirements.txt", "ok==1.0\n\n>=2.0\n"), CW_EINVALID);
	assert_non_null(strstr(cw_error_last()->message, "requirements.txt:3:"));
	/* No directory (in-memory): includes are skipped with a warning, the rest is read. */
	cw_inventory *inv = cw_inv_parse("requirements.txt", "-r base.txt\nflask==3.0.2\n");
	assert_string_equal(lib(inv, "flask", "3.0.2")->purl, "pkg:pypi/flask@3.0.2");
	cw_inventory_free(inv);
}

/* ---- pdm.lock, pylock.toml, pyproject.toml -------------------------------- */

static const char pdm_lock[] =
	"# This file is @generated by PDM.\n"
	"# It is not intended for manual editing.\n"
	"\n"
	"[metadata]\n"
	"groups = [\"default\", \"test\"]\n"
	"strategy = [\"inherit_metadata\"]\n"
	"lock_version = \"4.5.0\"\n"
	"content_hash = \"sha256:2b1f0a9e0bd1a2e3c6b3a0c6f0d6a1a43b2dd6c0f5a2b1e1c9f3a7c4d2e1f0a9\"\n"
	"\n"
	"[[metadata.targets]]\n"
	"requires_python = \">=3.9\"\n"
	"\n"
	"[[package]]\n"
	"name = \"click\"\n"
	"version = \"8.1.7\"\n"
	"requires_python = \">=3.7\"\n"
	"summary = \"Composable command line interface toolkit\"\n"
	"groups = [\"default\"]\n"
	"dependencies = [\n"
	"    \"colorama; platform_system == \\\"Windows\\\"\",\n"
	"]\n"
	"files = [\n"
	"    {file = \"click-8.1.7-py3-none-any.whl\", hash = \"sha256:ae74fb96c20a0277a1d615f1e4d73c8414f5a98db8b799a7931d1582f3390c28\"},\n"
	"    {file = \"click-8.1.7.tar.gz\", hash = \"sha256:ca9853ad459e787e2192211578cc907e7594e294c7ccc834310722b41b9ca6de\"},\n"
	"]\n"
	"\n"
	"[[package]]\n"
	"name = \"colorama\"\n"
	"version = \"0.4.6\"\n"
	"groups = [\"default\", \"test\"]\n"
	"marker = \"platform_system == \\\"Windows\\\"\"\n"
	"files = [\n"
	"    {file = \"colorama-0.4.6-py2.py3-none-any.whl\", hash = \"sha256:4f1d9991f5acc0ca119f9d443620b77f9d6b33703e51011c16baf57afb285fc6\"},\n"
	"]\n"
	"\n"
	"[[package]]\n"
	"name = \"pytest\"\n"
	"version = \"8.1.1\"\n"
	"groups = [\"test\"]\n"
	"dependencies = [\n"
	"    \"colorama; sys_platform == \\\"win32\\\"\",\n"
	"    \"iniconfig\",\n"
	"]\n"
	"\n"
	"[[package]]\n"
	"name = \"iniconfig\"\n"
	"version = \"2.0.0\"\n"
	"groups = [\"test\"]\n"
	"\n"
	"[[package]]\n"
	"name = \"mylib\"\n"
	"version = \"0.3.0\"\n"
	"git = \"https://github.com/example/mylib.git\"\n"
	"revision = \"7f3c2a1e9b8d6c5f4e3d2c1b0a9f8e7d6c5b4a39\"\n"
	"groups = [\"default\"]\n";

static void test_pdm_lock(void **s)
{
	(void)s;
	cw_inventory *inv = cw_inv_parse("pdm.lock", pdm_lock);
	size_t root = cw_inv_root(inv);
	const cw_component *click = lib(inv, "click", "8.1.7"), *pytest = lib(inv, "pytest", "8.1.1");
	assert_int_equal(click->scope, CW_SCOPE_REQUIRED);
	assert_int_equal(click->hash_count, 2);
	assert_int_equal(click->line, 13);
	assert_int_equal(pytest->scope, CW_SCOPE_DEV);
	assert_int_equal(lib(inv, "colorama", "0.4.6")->scope, CW_SCOPE_REQUIRED);
	assert_int_equal(lib(inv, "iniconfig", "2.0.0")->scope, CW_SCOPE_DEV);
	assert_true(cw_inv_depends(inv, click->index, lib(inv, "colorama", NULL)->index));
	assert_true(cw_inv_depends(inv, pytest->index, lib(inv, "iniconfig", NULL)->index));
	/* No pyproject.toml: the packages nothing depends on hang off the root. */
	assert_true(cw_inv_depends(inv, root, click->index));
	assert_true(cw_inv_depends(inv, root, pytest->index));
	assert_false(cw_inv_depends(inv, root, lib(inv, "iniconfig", NULL)->index));
	assert_string_equal(lib(inv, "mylib", "0.3.0")->resolved, "https://github.com/example/mylib.git");
	cw_inventory_free(inv);
}

static const char pylock[] =
	"lock-version = \"1.0\"\n"
	"environments = [\"sys_platform == 'linux'\"]\n"
	"requires-python = \">=3.10\"\n"
	"extras = [\"crypto\"]\n"
	"dependency-groups = [\"dev\"]\n"
	"default-groups = []\n"
	"created-by = \"pdm\"\n"
	"\n"
	"[[packages]]\n"
	"name = \"attrs\"\n"
	"version = \"25.1.0\"\n"
	"requires-python = \">=3.8\"\n"
	"index = \"https://pypi-registry.example/simple\"\n"
	"sdist = {name = \"attrs-25.1.0.tar.gz\", url = \"https://pypi-files.example/packages/attrs-25.1.0.tar.gz\", size = 810562, hashes = {sha256 = \"1c97078a80c814273a76b2a298a932eb681c87415c11dee0a6921de7f1b02c3e\"}}\n"
	"wheels = [\n"
	"  {name = \"attrs-25.1.0-py3-none-any.whl\", url = \"https://pypi-files.example/packages/attrs-25.1.0-py3-none-any.whl\", size = 63152, hashes = {sha256 = \"c75a69e28a550a7e93789579c22aa26b0f5b83b75dc4e08fe092980051e1090a\"}},\n"
	"]\n"
	"\n"
	"[[packages]]\n"
	"name = \"cryptography\"\n"
	"version = \"44.0.1\"\n"
	"marker = \"'crypto' in extras\"\n"
	"wheels = [{url = \"https://pypi-files.example/packages/cryptography-44.0.1-cp39-abi3-manylinux_2_28_x86_64.whl\", hashes = {sha256 = \"b7ea4fc8c5e1f5f8d0a4f3d5cb3a7c6c1d7f8e2b0b2f6e8d1a8d9f3c4b6a2e1f\"}}]\n"
	"\n"
	"[[packages]]\n"
	"name = \"pytest\"\n"
	"version = \"8.3.4\"\n"
	"marker = \"'dev' in dependency_groups\"\n"
	"dependencies = [{name = \"pluggy\"}]\n"
	"\n"
	"[[packages]]\n"
	"name = \"pluggy\"\n"
	"version = \"1.5.0\"\n"
	"marker = \"'dev' in dependency_groups\"\n"
	"\n"
	"[[packages]]\n"
	"name = \"my-tool\"\n"
	"[packages.vcs]\n"
	"type = \"git\"\n"
	"url = \"https://github.com/example/my-tool.git\"\n"
	"commit-id = \"0d3a8e8f4b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e\"\n";

static void test_pylock(void **s)
{
	(void)s;
	cw_inventory *inv = cw_inv_parse("pylock.toml", pylock);
	const cw_component *attrs = lib(inv, "attrs", "25.1.0");
	assert_int_equal(attrs->hash_count, 2);
	assert_string_equal(attrs->hashes[0].hex, "1c97078a80c814273a76b2a298a932eb681c87415c11dee0a6921de7f1b02c3e");
	assert_string_equal(attrs->resolved, "https://pypi-files.example/packages/attrs-25.1.0.tar.gz");
	assert_int_equal(attrs->line, 9);
	assert_int_equal(lib(inv, "cryptography", "44.0.1")->scope, CW_SCOPE_OPTIONAL);
	assert_int_equal(lib(inv, "pytest", "8.3.4")->scope, CW_SCOPE_DEV);
	assert_true(cw_inv_depends(inv, lib(inv, "pytest", NULL)->index, lib(inv, "pluggy", NULL)->index));
	const cw_component *tool = lib(inv, "my-tool", NULL);
	assert_null(tool->version);
	assert_string_equal(tool->resolved, "https://github.com/example/my-tool.git");
	cw_inventory_free(inv);
	/* Named pylock.<name>.toml too; a wrong lock-version is refused. */
	inv = cw_inv_parse("pylock.dev.toml", pylock);
	cw_inventory_free(inv);
	assert_int_equal(cw_inv_parse_fail("pylock.toml", "lock-version = \"2.0\"\n"), CW_EUNSUPPORTED);
	assert_int_equal(cw_inv_parse_fail("pylock.toml", "[[packages]]\nname = \"x\"\n"), CW_EINVALID);
}

static const char pyproject[] =
	"[build-system]\n"
	"requires = [\"hatchling\"]\n"
	"build-backend = \"hatchling.build\"\n"
	"\n"
	"[project]\n"
	"name = \"weather-app\"\n"
	"version = \"1.2.0\"\n"
	"dependencies = [\n"
	"    \"httpx>=0.27\",\n"
	"    \"pydantic==2.6.4\",\n"
	"    \"tzdata; sys_platform == 'win32'\",\n"
	"    \"internal-sdk @ git+https://github.com/example/internal-sdk.git@v3.1.0\",\n"
	"]\n"
	"\n"
	"[project.optional-dependencies]\n"
	"cli = [\"rich>=13\"]\n"
	"\n"
	"[dependency-groups]\n"
	"test = [\"pytest>=8\", {include-group = \"lint\"}]\n"
	"lint = [\"ruff==0.3.4\"]\n"
	"\n"
	"[tool.poetry.group.docs.dependencies]\n"
	"mkdocs = \"^1.5\"\n"
	"mkdocs-material = {version = \"^9.5\", optional = true}\n"
	"mike = \"2.0.0\"\n";

static void test_pyproject_alone(void **s)
{
	(void)s;
	cw_inventory *inv = cw_inv_parse("pyproject.toml", pyproject);
	size_t root = cw_inv_root(inv);
	assert_string_equal(cw_inventory_component(inv, root)->name, "weather-app");
	assert_string_equal(cw_inventory_component(inv, root)->version, "1.2.0");
	const cw_component *hx = lib(inv, "httpx", NULL);
	assert_null(hx->version);
	assert_string_equal(hx->declared, "httpx>=0.27");
	assert_int_equal(hx->line, 9);
	assert_true(hx->direct);
	assert_string_equal(lib(inv, "pydantic", "2.6.4")->purl, "pkg:pypi/pydantic@2.6.4");
	assert_string_equal(lib(inv, "tzdata", NULL)->declared, "tzdata; sys_platform == 'win32'");
	assert_string_equal(lib(inv, "internal-sdk", NULL)->resolved, "git+https://github.com/example/internal-sdk.git@v3.1.0");
	assert_int_equal(lib(inv, "rich", NULL)->scope, CW_SCOPE_OPTIONAL);
	assert_int_equal(lib(inv, "pytest", NULL)->scope, CW_SCOPE_DEV);
	assert_int_equal(lib(inv, "ruff", "0.3.4")->scope, CW_SCOPE_DEV);
	assert_int_equal(lib(inv, "mkdocs", NULL)->scope, CW_SCOPE_DEV);
	assert_string_equal(lib(inv, "mkdocs", NULL)->declared, "^1.5");
	assert_null(lib(inv, "mkdocs", NULL)->version);
	assert_string_equal(lib(inv, "mike", "2.0.0")->purl, "pkg:pypi/mike@2.0.0");
	size_t libs = 0;
	for (size_t i = 0; i < cw_inventory_component_count(inv); i++)
		libs += cw_inventory_component(inv, i)->kind == CW_COMPONENT_LIBRARY;
	assert_int_equal(libs, 10);
	cw_inventory_free(inv);
	inv = cw_inv_parse("pyproject.toml", "[tool.ruff]\nline-length = 100\n\n[tool.mypy]\nstrict = true\n");
	assert_int_equal(cw_inventory_component_count(inv), 0);
	cw_inventory_free(inv);
	assert_int_equal(cw_inv_parse_fail("pyproject.toml", "[project]\nname = \"x\"\ndependencies = [\n"), CW_EINVALID);
	assert_non_null(strstr(cw_error_last()->message, "pyproject.toml:"));
}

/* The Python fixtures as one directory: one root per lockfile, the
 * manifests (pyproject.toml, Pipfile) only read through them. */
static void test_python_directory(void **s)
{
	(void)s;
	static const char *const dirs[] = { OE "poetry", OE "uv", OE "pipenv", OE "pip-hashes" };
	for (size_t d = 0; d < 4; d++) {
		cw_inventory *inv = cw_inv_scan(cw_test_shared(dirs[d]));
		size_t roots = 0;
		for (size_t i = 0; i < cw_inventory_component_count(inv); i++)
			roots += cw_inventory_component(inv, i)->kind == CW_COMPONENT_ROOT;
		assert_int_equal(roots, 1);
		cw_inventory_free(inv);
	}
}

static void test_lock_errors(void **s)
{
	(void)s;
	assert_int_equal(cw_inv_parse_fail("poetry.lock", "[[package]]\nversion = \"1.0\"\n"), CW_EINVALID);
	assert_non_null(strstr(cw_error_last()->message, "poetry.lock:1:"));
	assert_int_equal(cw_inv_parse_fail("uv.lock", "version = 1\n[[package]]\nname = \"a\"\ndependencies = [{ name = \"b\" }]\n"),
	                 CW_EINVALID);
	assert_non_null(strstr(cw_error_last()->message, "uv.lock:4:"));
	assert_int_equal(cw_inv_parse_fail("Pipfile.lock", "{\"default\": {\"a\": }\n"), CW_EINVALID);
	assert_non_null(strstr(cw_error_last()->message, "Pipfile.lock:1:"));
	assert_int_equal(cw_inv_parse_fail("Pipfile.lock", "[]"), CW_EINVALID);
	assert_int_equal(cw_inv_parse_fail("pdm.lock", "[[package]]\nname = \"a\"\ndependencies = [\"!!\"]\n"), CW_EINVALID);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixture__poetry),
		cmocka_unit_test(test_fixture__uv),
		cmocka_unit_test(test_fixture__pipenv),
		cmocka_unit_test(test_fixture__pip_hashes),
		cmocka_unit_test(test_poetry_scopes),
		cmocka_unit_test(test_pipenv_sections),
		cmocka_unit_test(test_uv_graph),
		cmocka_unit_test(test_pip_hashes),
		cmocka_unit_test(test_requirements_features),
		cmocka_unit_test(test_requirements_errors),
		cmocka_unit_test(test_pdm_lock),
		cmocka_unit_test(test_pylock),
		cmocka_unit_test(test_pyproject_alone),
		cmocka_unit_test(test_python_directory),
		cmocka_unit_test(test_lock_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
