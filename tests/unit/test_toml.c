/*
 * test_toml.c - the TOML 1.0 parser (src/toml/).
 *
 * 1. Conformance: every file that toml-test lists for TOML 1.0.0
 *    ($CW_SHARED_DIR/data/toml-test/tests/files-toml-1.0.0), read at run
 *    time: valid/ files must decode to exactly the typed value of the .json
 *    beside them, invalid/ files must be rejected with a located error.
 * 2. Real lockfiles from the shared fixtures: spot checks of values and
 *    their line numbers (facts read from the files), and a differential
 *    check against Python's tomllib (tests/oracles/toml_tagged.py).
 * 3. Error messages, limits and the lookup API.
 *
 * Expected values are compared the way toml-test does: integers and
 * floats by value (nan equals nan, and the sign of zero matters), dates
 * and times field by field (separator, case and 'Z' vs +00:00 ignored).
 */
#include "cw_test.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "toml/toml.h"
#include "util/arena.h"

/* ---- comparing a parsed value with toml-test's tagged JSON ------------- */

typedef struct {
	int year, month, day, hour, minute, second;
	long nanosecond;
	int offset; /* minutes */
	bool has_date, has_time, has_offset;
} test_dt;

/* An independent reader of the expected strings (RFC 3339 shapes). */
static bool parse_expected_dt(const char *s, test_dt *dt)
{
	int n = 0;
	memset(dt, 0, sizeof(*dt));
	if (strlen(s) >= 10 && s[4] == '-') {
		if (sscanf(s, "%4d-%2d-%2d%n", &dt->year, &dt->month, &dt->day, &n) != 3)
			return false;
		dt->has_date = true;
		s += n;
		if (*s == 'T' || *s == 't' || *s == ' ')
			s++;
		else
			return *s == '\0';
	}
	if (sscanf(s, "%2d:%2d:%2d%n", &dt->hour, &dt->minute, &dt->second, &n) != 3)
		return false;
	dt->has_time = true;
	s += n;
	if (*s == '.') {
		long scale = 100000000;
		for (s++; *s >= '0' && *s <= '9'; s++) {
			dt->nanosecond += (*s - '0') * scale;
			scale /= 10;
		}
	}
	if (*s == 'Z' || *s == 'z') {
		dt->has_offset = true;
		s++;
	} else if (*s == '+' || *s == '-') {
		int oh, om, sign = *s == '-' ? -1 : 1;
		if (sscanf(s + 1, "%2d:%2d%n", &oh, &om, &n) != 2)
			return false;
		dt->has_offset = true;
		dt->offset = sign * (oh * 60 + om);
		s += 1 + n;
	}
	return *s == '\0';
}

static bool same_dt(const cw_toml_value *v, const char *want)
{
	test_dt e;
	const cw_toml_datetime *d = &v->u.dt;
	if (!parse_expected_dt(want, &e))
		return false;
	if (e.has_date && (d->year != e.year || d->month != e.month || d->day != e.day))
		return false;
	if (e.has_time && (d->hour != e.hour || d->minute != e.minute || d->second != e.second ||
	                   (long)d->nanosecond != e.nanosecond))
		return false;
	return !e.has_offset || d->offset_minutes == e.offset;
}

/*
 * jansson refuses NUL in object keys, so the expected JSON text is loaded
 * with every \u0000 escape turned into U+FDD0 (a noncharacter the suite
 * does not use); expected strings map it back to NUL before comparing.
 */
#define NUL_STANDIN "\xef\xb7\x90"

static size_t unmap_nul(const char *s, size_t len, char *out, size_t size)
{
	size_t n = 0;
	for (size_t i = 0; i < len && n < size; i++) {
		if (i + 3 <= len && memcmp(s + i, NUL_STANDIN, 3) == 0) {
			out[n++] = '\0';
			i += 2;
		} else {
			out[n++] = s[i];
		}
	}
	return n;
}

static json_t *load_expected(const char *path)
{
	size_t len, n = 0;
	char *text = cw_test_read_file(path, &len);
	char *mapped = malloc(len + 1);
	json_error_t jerr;
	json_t *j;

	for (size_t i = 0; i < len; i++) {
		if (i + 6 <= len && memcmp(text + i, "\\u0000", 6) == 0) {
			memcpy(mapped + n, "\\uFDD0", 6);
			n += 6;
			i += 5;
		} else if (text[i] == '\\' && i + 1 < len) {
			mapped[n++] = text[i++]; /* an escape pair, e.g. \\ */
			mapped[n++] = text[i];
		} else {
			mapped[n++] = text[i];
		}
	}
	if (!(j = json_loadb(mapped, n, 0, &jerr)))
		fail_msg("%s: %s", path, jerr.text);
	free(text);
	free(mapped);
	return j;
}

static bool is_tagged(json_t *j)
{
	return json_is_object(j) && json_object_size(j) == 2 &&
	       json_is_string(json_object_get(j, "type")) &&
	       json_is_string(json_object_get(j, "value"));
}

/* Compare; on mismatch write the path of the first difference into `why`. */
static bool same(const cw_toml_value *v, json_t *j, char *why, size_t size, const char *at)
{
	char sub[512];
	if (json_is_array(j)) {
		if (v->type != CW_TOML_ARRAY || cw__toml_array_len(v) != json_array_size(j)) {
			snprintf(why, size, "%s: expected an array of %zu, got %s", at,
			         json_array_size(j), cw__toml_type_name(v->type));
			return false;
		}
		for (size_t i = 0; i < json_array_size(j); i++) {
			snprintf(sub, sizeof(sub), "%s[%zu]", at, i);
			if (!same(cw__toml_array_at(v, i), json_array_get(j, i), why, size, sub))
				return false;
		}
		return true;
	}
	if (is_tagged(j)) {
		const char *type = json_string_value(json_object_get(j, "type"));
		json_t *jv = json_object_get(j, "value");
		const char *want = json_string_value(jv);
		bool ok = strcmp(type, cw__toml_type_name(v->type)) == 0;
		if (ok && v->type == CW_TOML_STRING) {
			size_t wlen = json_string_length(jv);
			char *raw = malloc(wlen + 1);
			wlen = unmap_nul(want, wlen, raw, wlen + 1);
			ok = v->u.str.len == wlen && memcmp(v->u.str.ptr, raw, wlen) == 0;
			free(raw);
		} else if (ok && v->type == CW_TOML_INTEGER)
			ok = v->u.integer == strtoll(want, NULL, 10);
		else if (ok && v->type == CW_TOML_FLOAT) {
			double w = strtod(want, NULL);
			ok = (isnan(w) && isnan(v->u.fp)) ||
			     (w == v->u.fp && signbit(w) == signbit(v->u.fp));
		} else if (ok && v->type == CW_TOML_BOOL)
			ok = strcmp(want, v->u.boolean ? "true" : "false") == 0;
		else if (ok)
			ok = same_dt(v, want);
		if (!ok) {
			char dt[64] = "";
			cw__toml_datetime_format(v, dt, sizeof(dt));
			snprintf(why, size, "%s: expected %s %s, got %s%s%s", at, type, want,
			         cw__toml_type_name(v->type), *dt ? " " : "", dt);
		}
		return ok;
	}
	if (!json_is_object(j) || v->type != CW_TOML_TABLE ||
	    cw__toml_table_len(v) != json_object_size(j)) {
		snprintf(why, size, "%s: expected a table of %zu keys, got %s of %zu", at,
		         json_object_size(j), cw__toml_type_name(v->type), cw__toml_table_len(v));
		return false;
	}
	{
		const char *key;
		json_t *val;
		json_object_foreach(j, key, val)
		{
			char raw[512];
			size_t rlen = unmap_nul(key, strlen(key), raw, sizeof(raw));
			const cw_toml_value *child = cw__toml_get_n(v, raw, rlen);
			snprintf(sub, sizeof(sub), "%s.%s", at, key);
			if (!child) {
				snprintf(why, size, "%s: missing", sub);
				return false;
			}
			if (!same(child, val, why, size, sub))
				return false;
		}
	}
	return true;
}

/* ---- 1. toml-test ------------------------------------------------------ */

static const char *suite(const char *rel)
{
	static char buf[4096];
	snprintf(buf, sizeof(buf), "%s/%s", cw_test_shared("data/toml-test/tests"), rel);
	return buf;
}

/* Parse one suite file: 0 ok, else error code (message in last error). */
static int parse_file(const char *path, cw_arena *arena, const cw_toml_value **root)
{
	size_t len;
	char *data = cw_test_read_file(path, &len);
	int rc = cw__toml_parse(root, arena, data, len, path);
	free(data);
	return rc;
}

static bool check_valid(const char *rel, char *why, size_t size)
{
	char toml_path[4096], json_path[4096];
	cw_arena arena = CW_ARENA_INIT;
	const cw_toml_value *root;
	json_t *want;
	bool ok;

	snprintf(toml_path, sizeof(toml_path), "%s", suite(rel));
	snprintf(json_path, sizeof(json_path), "%.*s.json", (int)strlen(toml_path) - 5, toml_path);
	want = load_expected(json_path);
	if (parse_file(toml_path, &arena, &root) < 0) {
		snprintf(why, size, "rejected: %s", cw_error_last()->message);
		ok = false;
	} else {
		ok = same(root, want, why, size, "$");
	}
	json_decref(want);
	cw__arena_free(&arena);
	return ok;
}

static bool check_invalid(const char *rel, char *why, size_t size)
{
	cw_arena arena = CW_ARENA_INIT;
	const cw_toml_value *root;
	const char *path = suite(rel);
	char prefix[4200];
	int rc = parse_file(path, &arena, &root);
	bool ok = false;

	snprintf(prefix, sizeof(prefix), "%s:", path);
	if (rc == 0)
		snprintf(why, size, "accepted");
	else if (rc != CW_EINVALID && rc != CW_ELIMIT)
		snprintf(why, size, "unexpected error code %d", rc);
	else if (strncmp(cw_error_last()->message, prefix, strlen(prefix)) != 0 ||
	         !strstr(cw_error_last()->message + strlen(prefix), ": "))
		snprintf(why, size, "message without file:line:col: %s", cw_error_last()->message);
	else
		ok = root == NULL;
	cw__arena_free(&arena);
	return ok;
}

static void test_toml__toml_test_1_0_0_valid_decode_and_invalid_are_rejected(void **state)
{
	(void)state;
	size_t len, valid = 0, valid_ok = 0, invalid = 0, invalid_ok = 0;
	char *list = cw_test_read_file(suite("files-toml-1.0.0"), &len);
	char *save = NULL;

	for (char *line = strtok_r(list, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char why[1024] = "";
		size_t n = strlen(line);
		if (n < 5 || strcmp(line + n - 5, ".toml") != 0)
			continue;
		if (strncmp(line, "valid/", 6) == 0) {
			valid++;
			if (check_valid(line, why, sizeof(why)))
				valid_ok++;
			else
				printf("FAIL %s: %s\n", line, why);
		} else if (strncmp(line, "invalid/", 8) == 0) {
			invalid++;
			if (check_invalid(line, why, sizeof(why)))
				invalid_ok++;
			else
				printf("FAIL %s: %s\n", line, why);
		}
	}
	free(list);
	printf("toml-test 1.0.0: valid %zu/%zu, invalid %zu/%zu\n", valid_ok, valid, invalid_ok,
	       invalid);
	/* The list has 210 valid and 499 invalid files at the pinned commit. */
	assert_true(valid >= 200 && invalid >= 400);
	assert_int_equal(valid_ok, valid);
	assert_int_equal(invalid_ok, invalid);
}

/* ---- 2. real lockfiles -------------------------------------------------- */

static const char *fixture(const char *rel)
{
	static char buf[4096];
	snprintf(buf, sizeof(buf), "%s/%s", cw_test_shared("fixtures/other-ecosystems"), rel);
	return buf;
}

static const cw_toml_value *parse_fixture(cw_arena *arena, const char *rel)
{
	const cw_toml_value *root = NULL;
	cw_assert_ok(parse_file(fixture(rel), arena, &root));
	assert_non_null(root);
	return root;
}

/* The [[package]] whose name is `name`. */
static const cw_toml_value *find_package(const cw_toml_value *root, const char *name)
{
	const cw_toml_value *pkgs = cw__toml_get(root, "package");
	for (size_t i = 0; i < cw__toml_array_len(pkgs); i++) {
		const char *n = cw__toml_get_str(cw__toml_array_at(pkgs, i), "name");
		if (n && strcmp(n, name) == 0)
			return cw__toml_array_at(pkgs, i);
	}
	fail_msg("package %s not found", name);
	return NULL;
}

static void test_toml__cargo_lock_values_and_lines(void **state)
{
	(void)state;
	cw_arena arena = CW_ARENA_INIT;
	const cw_toml_value *root = parse_fixture(&arena, "cargo/cargo/Cargo.lock");
	const cw_toml_value *pkgs = cw__toml_get(root, "package"), *p, *deps;
	int64_t version;

	assert_true(cw__toml_int(cw__toml_get(root, "version"), &version));
	assert_int_equal(version, 4);
	assert_int_equal(cw__toml_get(root, "version")->line, 3);
	/* grep -c '^\[\[package\]\]' gives 550 */
	assert_int_equal(cw__toml_array_len(pkgs), 550);
	p = cw__toml_array_at(pkgs, 0);
	assert_string_equal(cw__toml_get_str(p, "name"), "adler2");
	assert_string_equal(cw__toml_get_str(p, "version"), "2.0.1");
	assert_int_equal(p->line, 5);
	assert_int_equal(cw__toml_get(p, "name")->line, 6);
	assert_int_equal(cw__toml_get(p, "checksum")->col, 12);
	p = cw__toml_array_at(pkgs, 549);
	assert_string_equal(cw__toml_get_str(p, "name"), "zmij");
	assert_int_equal(p->line, 5719);
	assert_int_equal(cw__toml_get(p, "name")->line, 5720);
	p = find_package(root, "serde_json");
	assert_string_equal(cw__toml_get_str(p, "version"), "1.0.150");
	assert_int_equal(cw__toml_get(p, "version")->line, 4441);
	assert_string_equal(cw__toml_get_str(p, "checksum"),
	                    "e8014e44b4736ed0538adeecded0fce2a272f22dc9578a7eb6b2d9993c74cfb9");
	deps = cw__toml_get(p, "dependencies");
	assert_int_equal(deps->line, 4444);
	assert_string_equal(cw__toml_str(cw__toml_array_at(deps, 1), NULL), "itoa 1.0.18");
	assert_int_equal(cw__toml_array_at(deps, 1)->line, 4446);
	/* Keys keep document order. */
	assert_string_equal(cw__toml_table_at(p, 0)->key, "name");
	assert_string_equal(cw__toml_table_at(p, 1)->key, "version");
	assert_string_equal(cw__toml_table_at(p, 2)->key, "source");
	cw__arena_free(&arena);

	root = parse_fixture(&arena, "cargo/ripgrep/Cargo.lock");
	assert_int_equal(cw__toml_array_len(cw__toml_get(root, "package")), 63);
	cw__arena_free(&arena);
}

static void test_toml__uv_lock_values_and_lines(void **state)
{
	(void)state;
	cw_arena arena = CW_ARENA_INIT;
	const cw_toml_value *root = parse_fixture(&arena, "uv/uv.lock");
	const cw_toml_value *p, *sdist;
	int64_t n;

	assert_true(cw__toml_int(cw__toml_get(root, "revision"), &n));
	assert_int_equal(n, 3);
	assert_string_equal(cw__toml_get_str(root, "requires-python"), ">=3.10");
	assert_int_equal(cw__toml_array_len(cw__toml_get(root, "resolution-markers")), 5);
	assert_int_equal(cw__toml_array_len(cw__toml_get(root, "package")), 176);
	assert_int_equal(cw__toml_array_len(cw__toml_get_path(root, "manifest.members")), 2);
	assert_string_equal(
	    cw__toml_str(cw__toml_array_at(cw__toml_get_path(root, "manifest.members"), 1), NULL),
	    "pydantic-core");
	p = find_package(root, "aiohttp");
	assert_int_equal(cw__toml_get(p, "name")->line, 28);
	assert_string_equal(cw__toml_get_str(p, "version"), "3.14.3");
	assert_int_equal(cw__toml_get(p, "version")->line, 29);
	assert_string_equal(cw__toml_str(cw__toml_get_path(p, "source.registry"), NULL),
	                    "https://pypi-registry.example/simple");
	p = find_package(root, "aiohappyeyeballs");
	sdist = cw__toml_get(p, "sdist");
	assert_int_equal(sdist->type, CW_TOML_TABLE);
	assert_true(cw__toml_int(cw__toml_get(sdist, "size"), &n));
	assert_int_equal(n, 22760);
	assert_string_equal(cw__toml_get_str(sdist, "upload-time"), "2025-03-12T01:42:48.764Z");
	assert_string_equal(
	    cw__toml_get_str(sdist, "hash"),
	    "sha256:c3f9d0113123803ccadfdf3f0faa505bc78e6a72d1cc4806cbd719826e943558");
	assert_int_equal(cw__toml_array_len(cw__toml_get(p, "wheels")), 1);
	cw__arena_free(&arena);
}

static void test_toml__poetry_lock_values_and_lines(void **state)
{
	(void)state;
	cw_arena arena = CW_ARENA_INIT;
	const cw_toml_value *root = parse_fixture(&arena, "poetry/poetry.lock");
	const cw_toml_value *p = find_package(root, "anyio"), *eg;
	bool b;

	assert_int_equal(cw__toml_array_len(cw__toml_get(root, "package")), 78);
	assert_int_equal(p->line, 3);
	assert_int_equal(cw__toml_get(p, "name")->line, 4);
	assert_true(cw__toml_bool(cw__toml_get(p, "optional"), &b));
	assert_false(b);
	assert_int_equal(cw__toml_array_len(cw__toml_get(p, "files")), 2);
	/* [package.dependencies] lands in the last [[package]] so far. */
	eg = cw__toml_get_path(p, "dependencies.exceptiongroup");
	assert_non_null(eg);
	assert_int_equal(eg->line, 16);
	assert_string_equal(cw__toml_get_str(eg, "version"), ">=1.0.2");
	assert_string_equal(cw__toml_get_str(eg, "markers"), "python_version < \"3.11\"");
	assert_string_equal(cw__toml_str(cw__toml_get_path(p, "dependencies.idna"), NULL), ">=2.8");
	assert_string_equal(cw__toml_str(cw__toml_get_path(root, "metadata.lock-version"), NULL),
	                    "2.1");
	assert_int_equal(cw__toml_get_path(root, "metadata.lock-version")->line, 2272);
	assert_int_equal(cw__toml_get(root, "metadata")->line, 2271);
	cw__arena_free(&arena);
}

/* Python's tomllib decodes the same files to the same values. */
static void test_toml__real_files_match_python_tomllib(void **state)
{
	(void)state;
	static const char *files[] = {
	    "cargo/cargo/Cargo.lock",   "cargo/ripgrep/Cargo.lock",
	    "cargo/ripgrep/Cargo.toml", "uv/uv.lock",
	    "uv/pyproject.toml",        "poetry/poetry.lock",
	    "poetry/pyproject.toml",
	};
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		char cmd[8192], why[1024] = "";
		cw_arena arena = CW_ARENA_INIT;
		const cw_toml_value *root = parse_fixture(&arena, files[i]);
		json_error_t jerr;
		json_t *want;
		FILE *fp;

		snprintf(cmd, sizeof(cmd), "/usr/bin/python3 '%s' '%s'",
		         cw_test_source("tests/oracles/toml_tagged.py"), fixture(files[i]));
		assert_non_null(fp = popen(cmd, "r"));
		want = json_loadf(fp, JSON_ALLOW_NUL, &jerr);
		assert_int_equal(pclose(fp), 0);
		if (!want)
			fail_msg("%s: oracle output: %s", files[i], jerr.text);
		if (!same(root, want, why, sizeof(why), "$"))
			fail_msg("%s differs from tomllib: %s", files[i], why);
		printf("%s: same as tomllib (%zu top-level keys)\n", files[i],
		       cw__toml_table_len(root));
		json_decref(want);
		cw__arena_free(&arena);
	}
}

/* ---- 3. errors, limits, API --------------------------------------------- */

static int parse_text(cw_arena *arena, const cw_toml_value **root, const char *text)
{
	return cw__toml_parse(root, arena, text, strlen(text), "t.toml");
}

static void expect_error(const char *text, int code, const char *message)
{
	cw_arena arena = CW_ARENA_INIT;
	const cw_toml_value *root = (const cw_toml_value *)1;
	assert_int_equal(parse_text(&arena, &root, text), code);
	assert_null(root);
	if (strncmp(cw_error_last()->message, message, strlen(message)) != 0)
		fail_msg("for %s\nexpected message: %s...\ngot: %s", text, message,
		         cw_error_last()->message);
	cw__arena_free(&arena);
}

static void test_toml__errors_name_file_line_column_and_what_was_expected(void **state)
{
	(void)state;
	expect_error("a = 1\nb = \n", CW_EINVALID, "t.toml:2:5: expected a value");
	expect_error("a = 1\nb = 2 3\n", CW_EINVALID,
	             "t.toml:2:7: expected a newline after the value");
	expect_error("[a]\nx = 1\n[a]\n", CW_EINVALID,
	             "t.toml:3:1: cannot define table 'a': it is already a table defined by a "
	             "header (line 1)");
	expect_error("name = \"x\"\n\nname = \"y\"\n", CW_EINVALID,
	             "t.toml:3:1: duplicate key 'name' (first defined at line 1)");
	expect_error("s = \"abc\\q\"\n", CW_EINVALID, "t.toml:1:9: expected an escape sequence");
	expect_error("s = \"\\uD800\"\n", CW_EINVALID,
	             "t.toml:1:6: \\u escape is not a Unicode scalar value");
	expect_error("s = \"\\U00110000\"\n", CW_EINVALID,
	             "t.toml:1:6: \\U escape is not a Unicode scalar value");
	expect_error("i = 9223372036854775808\n", CW_EINVALID,
	             "t.toml:1:5: integer '9223372036854775808' does not fit");
	expect_error("i = 0x8000000000000000\n", CW_EINVALID,
	             "t.toml:1:5: integer '0x8000000000000000' does not fit");
	expect_error("d = 2023-02-29\n", CW_EINVALID, "t.toml:1:5: date 2023-02-29 does not exist");
	expect_error("t = 24:00:00\n", CW_EINVALID, "t.toml:1:5: time 24:00:00 is out of range");
	expect_error("a = { b = 1, }\n", CW_EINVALID, "t.toml:1:14: expected a key after ','");
	expect_error("s = \"\"\"abc\n", CW_EINVALID, "t.toml:1:5: unterminated multi-line string");
	expect_error("a = \"\xff\"\n", CW_EINVALID, "t.toml:1:6: invalid UTF-8");
	expect_error(
	    "[[a]]\n[a]\n", CW_EINVALID,
	    "t.toml:2:1: cannot define table 'a': it is already an array of tables (line 1)");
}

static void test_toml__nesting_and_key_length_are_capped(void **state)
{
	(void)state;
	cw_arena arena = CW_ARENA_INIT;
	const cw_toml_value *root;
	size_t n = 100000;
	char *text = malloc(2 * n + 16);

	/* 100000 nested arrays: a limit error, no stack overflow. */
	memcpy(text, "a = ", 4);
	memset(text + 4, '[', n);
	memset(text + 4 + n, ']', n);
	text[4 + 2 * n] = '\0';
	assert_int_equal(parse_text(&arena, &root, text), CW_ELIMIT);
	assert_non_null(strstr(cw_error_last()->message, "nesting deeper than 128"));
	cw__arena_free(&arena);
	/* Inline tables too. */
	{
		size_t k = 0;
		k += (size_t)sprintf(text, "a = ");
		for (size_t i = 0; i < 300; i++)
			k += (size_t)sprintf(text + k, "{b = ");
		k += (size_t)sprintf(text + k, "1");
		for (size_t i = 0; i < 300; i++)
			text[k++] = '}';
		text[k] = '\0';
		assert_int_equal(parse_text(&arena, &root, text), CW_ELIMIT);
		cw__arena_free(&arena);
		/* A header with 1000 parts. */
		k = 0;
		text[k++] = '[';
		for (size_t i = 0; i < 1000; i++)
			k += (size_t)sprintf(text + k, "%sx", i ? "." : "");
		k += (size_t)sprintf(text + k, "]\n");
		assert_int_equal(parse_text(&arena, &root, text), CW_ELIMIT);
		assert_non_null(strstr(cw_error_last()->message, "t.toml:1:"));
		cw__arena_free(&arena);
	}
	/* Within the cap is fine: 100 nested arrays. */
	sprintf(text, "a = ");
	memset(text + 4, '[', 100);
	memset(text + 104, ']', 100);
	text[204] = '\0';
	cw_assert_ok(parse_text(&arena, &root, text));
	cw__arena_free(&arena);
	free(text);

	/* The arena cap bounds memory: a 1 KiB cap rejects a bigger document. */
	arena.max = 1024;
	assert_int_equal(parse_text(&arena, &root,
	                            "a = \"0123456789012345678901234567890123456789\"\n"
	                            "b = [1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20]\n"),
	                 CW_ELIMIT);
	cw__arena_free(&arena);
}

/*
 * Fault injection: cap the arena at every size below what a document
 * needs, so each allocation in turn fails; every run must end with
 * CW_ELIMIT and no crash or leak (ASan checks), and the first cap that
 * is big enough gives the full document.
 */
static void test_toml__every_allocation_failure_is_reported(void **state)
{
	(void)state;
	static const char *files[] = {
	    "valid/spec-example-1.toml",
	    "valid/example.toml",
	    "valid/string/multiline.toml",
	    "valid/array/array.toml",
	    "valid/inline-table/key-dotted-01.toml",
	};
	for (size_t f = 0; f < sizeof(files) / sizeof(files[0]); f++) {
		cw_arena arena = CW_ARENA_INIT;
		const cw_toml_value *root;
		size_t len, need, failures = 0;
		char *data = cw_test_read_file(suite(files[f]), &len);

		cw_assert_ok(cw__toml_parse(&root, &arena, data, len, files[f]));
		need = arena.used;
		cw__arena_free(&arena);
		for (size_t cap = 1; cap < need; cap += 16) {
			arena.max = cap;
			assert_int_equal(cw__toml_parse(&root, &arena, data, len, files[f]),
			                 CW_ELIMIT);
			assert_null(root);
			cw__arena_free(&arena);
			failures++;
		}
		arena.max = need;
		cw_assert_ok(cw__toml_parse(&root, &arena, data, len, files[f]));
		assert_true(cw__toml_table_len(root) > 0);
		cw__arena_free(&arena);
		printf("%s: %zu capped runs failed cleanly, %zu bytes needed\n", files[f], failures,
		       need);
		free(data);
	}
}

static void test_toml__big_tables_use_the_index_and_keep_order(void **state)
{
	(void)state;
	cw_arena arena = CW_ARENA_INIT;
	const cw_toml_value *root, *t;
	size_t n = 50000, k = 0;
	char *text = malloc(n * 32 + 64);
	char key[32];
	int64_t v;

	k += (size_t)sprintf(text, "[t]\n");
	for (size_t i = 0; i < n; i++)
		k += (size_t)sprintf(text + k, "k%zu = %zu\n", (i * 7919) % n, i);
	cw_assert_ok(cw__toml_parse(&root, &arena, text, k, "big.toml"));
	t = cw__toml_get(root, "t");
	assert_int_equal(cw__toml_table_len(t), n);
	for (size_t i = 0; i < n; i += 997) {
		snprintf(key, sizeof(key), "k%zu", (i * 7919) % n);
		assert_true(cw__toml_int(cw__toml_get(t, key), &v));
		assert_int_equal(v, (int64_t)i);
		assert_string_equal(cw__toml_table_at(t, i)->key, key);
		assert_int_equal(cw__toml_table_at(t, i)->value->line, i + 2);
	}
	assert_null(cw__toml_get(t, "k50000"));
	cw__arena_free(&arena);
	/* A duplicate among many keys is still found. */
	k += (size_t)sprintf(text + k, "k123 = 0\n");
	assert_int_equal(cw__toml_parse(&root, &arena, text, k, "big.toml"), CW_EINVALID);
	assert_non_null(strstr(cw_error_last()->message,
	                       "big.toml:50002:1: duplicate key 'k123' (first defined at line "));
	cw__arena_free(&arena);
	free(text);
}

static void test_toml__lookup_api(void **state)
{
	(void)state;
	cw_arena arena = CW_ARENA_INIT;
	const cw_toml_value *root, *v;
	char buf[64];
	int64_t i;
	bool b;

	cw_assert_ok(parse_text(
	    &arena, &root,
	    "[tool.\"my.tool\"]\nname = 'x'\nflag = true\n"
	    "[dates]\nodt = 1979-05-27 07:32:00.5-07:00\nld = 1979-05-27\nlt = 07:32:00\n"
	    "ldt = 1979-05-27t07:32:00.123456789123\n"));
	assert_string_equal(cw__toml_str(cw__toml_get_path(root, "tool.\"my.tool\".name"), NULL),
	                    "x");
	assert_null(cw__toml_get_path(root, "tool.my.tool.name"));
	assert_null(cw__toml_get_path(root, "tool..x"));
	assert_null(cw__toml_get_path(root, "tool.\"my.tool\".name.more"));
	assert_null(cw__toml_get_path(NULL, "a"));
	assert_null(cw__toml_get(root, NULL));
	assert_true(cw__toml_bool(cw__toml_get_path(root, "tool.'my.tool'.flag"), &b) && b);
	assert_false(cw__toml_int(cw__toml_get_path(root, "tool.'my.tool'.flag"), &i));
	assert_null(cw__toml_str(cw__toml_get(root, "tool"), NULL));
	assert_null(cw__toml_array_at(root, 0));
	assert_null(cw__toml_table_at(root, 5));
	assert_int_equal(cw__toml_array_len(NULL), 0);
	/* A lookup miss does not touch the caller's last error. */
	cw_error_clear();
	assert_null(cw__toml_get_path(root, "not a key"));
	assert_int_equal(cw_error_last()->code, 0);

	v = cw__toml_get_path(root, "dates.odt");
	assert_int_equal(v->type, CW_TOML_DATETIME);
	assert_int_equal(v->u.dt.offset_minutes, -420);
	cw__toml_datetime_format(v, buf, sizeof(buf));
	assert_string_equal(buf, "1979-05-27T07:32:00.5-07:00");
	cw__toml_datetime_format(cw__toml_get_path(root, "dates.ld"), buf, sizeof(buf));
	assert_string_equal(buf, "1979-05-27");
	cw__toml_datetime_format(cw__toml_get_path(root, "dates.lt"), buf, sizeof(buf));
	assert_string_equal(buf, "07:32:00");
	v = cw__toml_get_path(root, "dates.ldt");
	assert_int_equal(v->u.dt.nanosecond, 123456789);
	cw__toml_datetime_format(v, buf, sizeof(buf));
	assert_string_equal(buf, "1979-05-27T07:32:00.123456789");
	assert_int_equal(cw__toml_datetime_format(cw__toml_get(root, "tool"), buf, sizeof(buf)), 0);
	cw__arena_free(&arena);

	/* Empty input and NULL data are an empty table. */
	cw_assert_ok(cw__toml_parse(&root, &arena, NULL, 0, NULL));
	assert_int_equal(cw__toml_table_len(root), 0);
	cw__arena_free(&arena);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_toml__toml_test_1_0_0_valid_decode_and_invalid_are_rejected),
	    cmocka_unit_test(test_toml__cargo_lock_values_and_lines),
	    cmocka_unit_test(test_toml__uv_lock_values_and_lines),
	    cmocka_unit_test(test_toml__poetry_lock_values_and_lines),
	    cmocka_unit_test(test_toml__real_files_match_python_tomllib),
	    cmocka_unit_test(test_toml__errors_name_file_line_column_and_what_was_expected),
	    cmocka_unit_test(test_toml__nesting_and_key_length_are_capped),
	    cmocka_unit_test(test_toml__every_allocation_failure_is_reported),
	    cmocka_unit_test(test_toml__big_tables_use_the_index_and_keep_order),
	    cmocka_unit_test(test_toml__lookup_api),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
