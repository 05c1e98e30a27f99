/* test_util.c - util: arena, buffers, arrays, map, strings, errors, JSON, SARIF, HTTP, dynlib. */
#include "cw_test.h"

#include <curl/curl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/arena.h"
#include "util/buf.h"
#include "util/dynlib.h"
#include "util/error.h"
#include "util/fs.h"
#include "util/http.h"
#include "util/json.h"
#include "util/lib_curl.h"
#include "util/map.h"
#include "util/sarif.h"
#include "util/str.h"
#include "util/vec.h"

static void test_error__located_message_names_file_line_column(void **state)
{
	(void)state;
	int rc = cw__error_set_at(CW_EINVALID, "package-lock.json", 12, 5, "expected %s", "string");
	assert_int_equal(rc, CW_EINVALID);
	assert_int_equal(cw_error_last()->code, CW_EINVALID);
	assert_string_equal(cw_error_last()->message, "package-lock.json:12:5: expected string");
	cw__error_prefix("reading lockfile");
	assert_string_equal(cw_error_last()->message,
	                    "reading lockfile: package-lock.json:12:5: expected string");
	cw_error_clear();
	assert_int_equal(cw_error_last()->code, 0);
}

static void test_error__exit_codes_follow_the_documented_mapping(void **state)
{
	(void)state;
	assert_int_equal(cw_error_exit_code(CW_OK), 0);
	assert_int_equal(cw_error_exit_code(CW_EINVALID), 2);
	assert_int_equal(cw_error_exit_code(CW_EUSAGE), 2);
	assert_int_equal(cw_error_exit_code(CW_ELIMIT), 2);
	assert_int_equal(cw_error_exit_code(CW_EIO), 3);
	assert_int_equal(cw_error_exit_code(CW_ENOMEM), 3);
	assert_int_equal(cw_error_exit_code(CW_EINTERNAL), 3);
}

static void test_error__position_counts_lines_and_columns(void **state)
{
	(void)state;
	const char text[] = "ab\ncd\n\nxyz";
	size_t line, col;
	cw__error_position(text, sizeof(text) - 1, 0, &line, &col);
	assert_true(line == 1 && col == 1);
	cw__error_position(text, sizeof(text) - 1, 4, &line, &col);
	assert_true(line == 2 && col == 2);
	cw__error_position(text, sizeof(text) - 1, 8, &line, &col);
	assert_true(line == 4 && col == 2);
}

static void test_arena__many_allocations_stay_distinct_and_aligned(void **state)
{
	(void)state;
	cw_arena arena = CW_ARENA_INIT;
	char *ptrs[5000];
	for (int i = 0; i < 5000; i++) {
		ptrs[i] = cw__arena_printf(&arena, "item-%d", i);
		assert_non_null(ptrs[i]);
		assert_int_equal((uintptr_t)ptrs[i] % 16, 0);
	}
	/* A big block in the middle must not disturb the small ones. */
	char *big = cw__arena_alloc(&arena, 1 << 20);
	assert_non_null(big);
	memset(big, 'x', 1 << 20);
	for (int i = 0; i < 5000; i++) {
		char want[32];
		snprintf(want, sizeof(want), "item-%d", i);
		assert_string_equal(ptrs[i], want);
	}
	assert_string_equal(cw__arena_strndup(&arena, "hello world", 5), "hello");
	assert_null(cw__arena_strdup(&arena, NULL));
	cw__arena_free(&arena);
	assert_null(arena.head);
}

static void test_arena__cap_refuses_growth(void **state)
{
	(void)state;
	cw_arena arena = CW_ARENA_INIT;
	arena.max = 1000;
	assert_non_null(cw__arena_alloc(&arena, 500));
	assert_null(cw__arena_alloc(&arena, 600));
	assert_int_equal(cw_error_last()->code, CW_ELIMIT);
	cw__arena_free(&arena);
}

typedef struct {
	int before;
	cw_arena arena;
	const char *name;
} owner_obj;

static void test_arena__owner_holds_itself_and_its_strings(void **state)
{
	(void)state;
	owner_obj *o = cw__arena_new_owner(owner_obj, arena);
	assert_non_null(o);
	assert_int_equal(o->before, 0);
	assert_null(o->name);
	assert_true(o->arena.used >= sizeof(*o));
	o->name = cw__arena_strdup(&o->arena, "kept with its owner");
	for (int i = 0; i < 5000; i++)   /* more than one chunk */
		assert_non_null(cw__arena_printf(&o->arena, "item-%d", i));
	assert_string_equal(o->name, "kept with its owner");
	cw__arena_free_owner(&o->arena);   /* ASan reports anything left behind */
}

static void test_buf__appends_and_stays_terminated(void **state)
{
	(void)state;
	cw_buf b = CW_BUF_INIT;
	cw_assert_ok(cw__buf_puts(&b, "abc"));
	cw_assert_ok(cw__buf_putc(&b, '-'));
	cw_assert_ok(cw__buf_printf(&b, "%d/%s", 42, "x"));
	assert_string_equal(b.ptr, "abc-42/x");
	assert_int_equal(b.len, 8);
	cw__buf_clear(&b);
	assert_string_equal(b.ptr, "");
	char *s;
	cw_assert_ok(cw__buf_puts(&b, "kept"));
	s = cw__buf_detach(&b);
	assert_string_equal(s, "kept");
	assert_null(b.ptr);
	free(s);
}

static void test_buf__cap_is_enforced(void **state)
{
	(void)state;
	cw_buf b = CW_BUF_INIT;
	b.max = 10;
	cw_assert_ok(cw__buf_puts(&b, "0123456789"));
	assert_int_equal(cw__buf_putc(&b, 'x'), CW_ELIMIT);
	assert_int_equal(b.len, 10);
	cw__buf_free(&b);
}

static void test_vec__push_grows_and_keeps_order(void **state)
{
	(void)state;
	CW_VEC(int) v = CW_VEC_INIT;
	for (int i = 0; i < 10000; i++)
		assert_int_equal(cw_vec_push(&v, i * 3), 0);
	assert_int_equal(v.len, 10000);
	for (int i = 0; i < 10000; i++)
		assert_int_equal(v.items[i], i * 3);
	cw_vec_free(&v);
	assert_int_equal(v.len, 0);
}

static void test_vec__free_all_releases_arrays_of_any_type(void **state)
{
	(void)state;
	CW_VEC(int) a = CW_VEC_INIT;
	CW_VEC(double) b = CW_VEC_INIT;
	CW_VEC(char) c = CW_VEC_INIT;
	for (int i = 0; i < 100; i++)
		assert_int_equal(cw_vec_push(&a, i) | cw_vec_push(&b, i / 2.0), 0);
	cw_vec_free_all(&a, &b, &c);
	assert_null(a.items);
	assert_null(b.items);
	assert_null(c.items);
	assert_int_equal(a.len + a.cap + b.len + b.cap + c.len + c.cap, 0);
	assert_int_equal(cw_vec_push(&b, 1.5), 0);   /* usable again */
	assert_true(b.items[0] == 1.5 && b.len == 1);
	cw_vec_free(&b);
}

static void test_map__put_get_replace_iterate(void **state)
{
	(void)state;
	cw_map map = CW_MAP_INIT;
	cw_arena arena = CW_ARENA_INIT;
	void *old;
	for (intptr_t i = 0; i < 20000; i++) {
		char *key = cw__arena_printf(&arena, "pkg-%ld", (long)i);
		cw_assert_ok(cw__map_put(&map, key, strlen(key), (void *)(i + 1), &old));
		assert_null(old);
	}
	assert_int_equal(map.count, 20000);
	assert_ptr_equal(cw__map_get(&map, "pkg-1234", 8), (void *)1235);
	assert_null(cw__map_get(&map, "pkg-20000", 9));
	assert_null(cw__map_get(&map, "pkg-1", 4)); /* a prefix is not a key */
	cw_assert_ok(cw__map_put(&map, "pkg-7", 5, (void *)99, &old));
	assert_ptr_equal(old, (void *)8);
	assert_ptr_equal(cw__map_get(&map, "pkg-7", 5), (void *)99);
	assert_int_equal(map.count, 20000);
	size_t iter = 0, seen = 0;
	while (cw__map_next(&map, &iter))
		seen++;
	assert_int_equal(seen, 20000);
	cw__map_free(&map);
	cw__arena_free(&arena);
}

static bool keep_unreserved(unsigned char c)
{
	return cw_is_alnum(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

static void test_str__percent_round_trip_and_bad_escape(void **state)
{
	(void)state;
	cw_buf enc = CW_BUF_INIT, dec = CW_BUF_INIT;
	const char raw[] = "a b/c@1:\xe2\x82\xac";
	cw_assert_ok(cw__percent_encode(&enc, raw, strlen(raw), keep_unreserved));
	assert_string_equal(enc.ptr, "a%20b%2Fc%401%3A%E2%82%AC");
	cw_assert_ok(cw__percent_decode(&dec, enc.ptr, enc.len));
	assert_string_equal(dec.ptr, raw);
	cw__buf_clear(&dec);
	assert_int_equal(cw__percent_decode(&dec, "ab%2", 4), CW_EINVALID);
	assert_int_equal(cw__percent_decode(&dec, "%zz", 3), CW_EINVALID);
	assert_non_null(strstr(cw_error_last()->message, "offset 0"));
	cw__buf_free(&enc);
	cw__buf_free(&dec);
}

static void test_str__slices_compare_and_trim(void **state)
{
	(void)state;
	cw_slice s = cw__slice_trim(cw_slice_of("  \tHello \n"));
	assert_int_equal(s.len, 5);
	assert_true(cw__slice_eq_nocase(s, CW_SLICE("hello")));
	assert_false(cw__slice_eq(s, CW_SLICE("hello")));
	assert_true(cw__slice_starts_with(s, CW_SLICE("He")));
	assert_true(cw__slice_ends_with(s, CW_SLICE("llo")));
	assert_true(cw__slice_cmp(CW_SLICE("abc"), CW_SLICE("abd")) < 0);
	assert_true(cw__slice_cmp(CW_SLICE("ab"), CW_SLICE("abc")) < 0);
	assert_int_equal(cw__slice_cmp(CW_SLICE("abc"), CW_SLICE("abc")), 0);
}

static void test_json__writer_escapes_and_nests(void **state)
{
	(void)state;
	cw_buf out = CW_BUF_INIT;
	cw_jw jw;
	cw__jw_init(&jw, &out, false);
	cw__jw_object_begin(&jw);
	cw__jw_member_string(&jw, "name", "a\"b\\c\n\x01");
	cw__jw_key(&jw, "list");
	cw__jw_array_begin(&jw);
	cw__jw_int(&jw, -5);
	cw__jw_bool(&jw, true);
	cw__jw_null(&jw);
	cw__jw_double(&jw, 9.75, 1);
	cw__jw_array_end(&jw);
	cw__jw_key(&jw, "empty");
	cw__jw_object_begin(&jw);
	cw__jw_object_end(&jw);
	cw__jw_object_end(&jw);
	cw_assert_ok(cw__jw_finish(&jw));
	assert_string_equal(out.ptr,
	    "{\"name\":\"a\\\"b\\\\c\\n\\u0001\",\"list\":[-5,true,null,9.8],\"empty\":{}}");
	/* What we write, jansson reads back. */
	cw_json *doc;
	cw_assert_ok(cw__json_parse(&doc, out.ptr, out.len, "out.json"));
	assert_string_equal(cw__json_get_str(doc, "name"), "a\"b\\c\n\x01");
	cw__json_free(doc);
	cw__buf_free(&out);
}

static void test_json__pretty_output_is_indented(void **state)
{
	(void)state;
	cw_buf out = CW_BUF_INIT;
	cw_jw jw;
	cw__jw_init(&jw, &out, true);
	cw__jw_object_begin(&jw);
	cw__jw_member_int(&jw, "a", 1);
	cw__jw_key(&jw, "b");
	cw__jw_array_begin(&jw);
	cw__jw_string(&jw, "x");
	cw__jw_array_end(&jw);
	cw__jw_object_end(&jw);
	cw_assert_ok(cw__jw_finish(&jw));
	assert_string_equal(out.ptr, "{\n  \"a\": 1,\n  \"b\": [\n    \"x\"\n  ]\n}");
	cw__buf_free(&out);
}

static void test_json__optional_object_null_members_and_string_lists(void **state)
{
	(void)state;
	static const char *const items[] = { "a", NULL, "c\"" };
	static const cw_jw_pair pairs[] = { { "k", "v" }, { "gone", NULL } };
	cw_buf out = CW_BUF_INIT;
	cw_jw jw;
	cw__jw_init(&jw, &out, false);
	cw__jw_object_begin(&jw);
	assert_false(cw__jw_key_object_if(&jw, "none", false));
	assert_true(cw__jw_key_object_if(&jw, "some", true));
	cw__jw_member_int(&jw, "n", 2);
	cw__jw_members_all(&jw, pairs, 2);
	cw__jw_object_end(&jw);
	cw__jw_member_strings(&jw, "items", items, 3);
	cw__jw_member_strings(&jw, "empty", NULL, 0);
	cw__jw_object_end(&jw);
	cw_assert_ok(cw__jw_finish(&jw));
	assert_string_equal(out.ptr,
	    "{\"none\":null,\"some\":{\"n\":2,\"k\":\"v\",\"gone\":null},\"items\":[\"a\",null,\"c\\\"\"],\"empty\":[]}");
	cw__buf_free(&out);
}

static void test_json__parse_error_has_location(void **state)
{
	(void)state;
	cw_json *doc = NULL;
	const char bad[] = "{\n  \"a\": 1,\n  \"b\": }\n";
	assert_int_equal(cw__json_parse(&doc, bad, sizeof(bad) - 1, "package-lock.json"), CW_EINVALID);
	assert_null(doc);
	assert_non_null(strstr(cw_error_last()->message, "package-lock.json:3:"));
}

static void test_fs__read_missing_and_capped(void **state)
{
	(void)state;
	cw_buf b = CW_BUF_INIT;
	assert_int_equal(cw__file_read(&b, "/nonexistent/chainwarden", 0), CW_ENOTFOUND);
	assert_non_null(strstr(cw_error_last()->message, "/nonexistent/chainwarden"));
	cw_assert_ok(cw__file_read(&b, cw_test_source("CMakeLists.txt"), 0));
	assert_true(b.len > 100);
	assert_non_null(strstr(b.ptr, "chainwarden"));
	cw__buf_clear(&b);
	assert_int_equal(cw__file_read(&b, cw_test_source("CMakeLists.txt"), 100), CW_ELIMIT);
	cw__buf_free(&b);
}

/* A library that cannot be loaded gives a clear error, every time; a real one loads. */
static void test_dynlib__missing_library_is_a_clear_error(void **state)
{
	static const char *const names[] = { "no_such_function" };
	cw__dynlib missing = { "libchainwarden-no-such-library.so.0", names, 1, 0, "" };
	void *table[1] = { NULL };
	(void)state;
	for (int i = 0; i < 2; i++) {
		assert_int_equal(cw__dynlib_load(&missing, table), CW_EUNSUPPORTED);
		assert_non_null(strstr(cw_error_last()->message, "libchainwarden-no-such-library.so.0"));
		assert_null(table[0]);
	}
	cw__dynlib no_symbol = { "libc.so.6", names, 1, 0, "" };
	assert_int_equal(cw__dynlib_load(&no_symbol, table), CW_EUNSUPPORTED);
	assert_non_null(strstr(cw_error_last()->message, "no function no_such_function"));
	cw_assert_ok(cw__curl_load());
	assert_non_null(CW_CURL(curl_easy_strerror));
	assert_string_equal(CW_CURL(curl_easy_strerror)(CURLE_OK), curl_easy_strerror(CURLE_OK));
}

static int freed;

static void count_free(int *p)
{
	freed += *p;
	free(p);
}

static void test_vec__free_each_frees_every_item(void **state)
{
	(void)state;
	CW_VEC(int *) v = CW_VEC_INIT;
	for (int i = 1; i <= 4; i++) {
		int *p = malloc(sizeof(*p));
		assert_non_null(p);
		*p = i;
		assert_int_equal(cw_vec_push(&v, p), 0);
	}
	freed = 0;
	cw_vec_free_each(&v, count_free);
	assert_int_equal(freed, 1 + 2 + 3 + 4);
	assert_null(v.items);
	assert_int_equal(v.len, 0);
}

static void test_str__escape_replaces_mapped_bytes_only(void **state)
{
	(void)state;
	static const char *const map[128] = { ['|'] = "\\|", ['\r'] = "", ['<'] = "&lt;" };
	cw_buf out = CW_BUF_INIT;
	cw_assert_ok(cw__buf_escape(&out, "a|b\r<c\xc3\xa9", map));
	assert_string_equal(out.ptr, "a\\|b&lt;c\xc3\xa9");
	cw_assert_ok(cw__buf_escape(&out, NULL, map));
	assert_int_equal(out.len, strlen("a\\|b&lt;c\xc3\xa9"));
	cw__buf_clear(&out);
	cw_assert_ok(cw__html_escape(&out, "<a title=\"x\">&'</a>"));
	assert_string_equal(out.ptr, "&lt;a title=&quot;x&quot;&gt;&amp;'&lt;/a&gt;");
	cw__buf_free(&out);
}

static void test_str__name_lookup_gives_index_or_error(void **state)
{
	(void)state;
	static const char *const names[] = { "table", "json" };
	static const cw_name_table t = { names, 2, "format", "table or json" };
	int i = -1;
	cw_assert_ok(cw__name_lookup(&i, &t, "json"));
	assert_int_equal(i, 1);
	assert_int_equal(cw__name_lookup(&i, &t, "JSON"), CW_EINVALID);
	assert_string_equal(cw_error_last()->message, "unknown format 'JSON' (expected table or json)");
	assert_int_equal(cw__name_lookup(&i, &t, NULL), CW_EINVALID);
	assert_string_equal(cw_error_last()->message, "unknown format '' (expected table or json)");
	assert_int_equal(i, 1);
}

static void test_json__member_shorthands(void **state)
{
	(void)state;
	static const char *const items[] = { "x", NULL };
	const cw_jw_pair pairs[] = { { "k1", "v" }, { "k2", NULL } };
	cw_buf out = CW_BUF_INIT;
	cw_jw jw;
	cw__jw_init(&jw, &out, false);
	cw__jw_object_begin(&jw);
	cw__jw_member_strings(&jw, "a", items, 2);
	cw__jw_member_strings(&jw, "e", NULL, 0);
	assert_false(cw__jw_key_object_if(&jw, "n", false));
	assert_true(cw__jw_key_object_if(&jw, "o", true));
	cw__jw_members_all(&jw, pairs, CW_JW_COUNT(pairs));
	cw__jw_object_end(&jw);
	cw__jw_key(&jw, "some");
	cw__jw_object_of(&jw, pairs, CW_JW_COUNT(pairs));
	cw__jw_member_double(&jw, "d", 1.25, 2);
	cw__jw_object_end(&jw);
	cw_assert_ok(cw__jw_finish(&jw));
	assert_string_equal(out.ptr, "{\"a\":[\"x\",null],\"e\":[],\"n\":null,\"o\":{\"k1\":\"v\",\"k2\":null},"
	                             "\"some\":{\"k1\":\"v\"},\"d\":1.25}");
	cw__buf_free(&out);
}

static void test_sarif__skeleton_has_one_run_with_rules_and_results(void **state)
{
	(void)state;
	const cw_jw_pair driver[] = { { "name", "t" }, { "informationUri", NULL } };
	cw_buf out = CW_BUF_INIT;
	cw_jw jw;
	cw_json *doc;
	cw__jw_init(&jw, &out, false);
	cw__sarif_begin(&jw, driver, CW_JW_COUNT(driver));
	cw__jw_object_begin(&jw);
	cw__jw_member_string(&jw, "id", "r");
	cw__sarif_text(&jw, "shortDescription", "d");
	cw__jw_object_end(&jw);
	cw__sarif_rules_end(&jw);
	cw__jw_key_array(&jw, "results");
	for (size_t k = 0; k < 2; k++) { /* a region with line 3, none with line 0 */
		cw__jw_object_begin(&jw);
		cw__jw_member_string(&jw, "ruleId", "r");
		cw__sarif_location_begin(&jw);
		cw__jw_member_string(&jw, "uri", "a.json");
		cw__sarif_location_end(&jw, k ? 0 : 3);
		cw__jw_object_end(&jw);
	}
	cw__sarif_end(&jw);
	cw_assert_ok(cw__jw_finish(&jw));
	assert_string_equal(out.ptr,
	    "{\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\",\"version\":\"2.1.0\",\"runs\":[{"
	    "\"tool\":{\"driver\":{\"name\":\"t\",\"rules\":[{\"id\":\"r\",\"shortDescription\":{\"text\":\"d\"}}]}},"
	    "\"results\":[{\"ruleId\":\"r\",\"locations\":[{\"physicalLocation\":{\"artifactLocation\":"
	    "{\"uri\":\"a.json\"},\"region\":{\"startLine\":3}}}]},{\"ruleId\":\"r\",\"locations\":[{"
	    "\"physicalLocation\":{\"artifactLocation\":{\"uri\":\"a.json\"}}}]}]}]}");
	cw_assert_ok(cw__json_parse(&doc, out.ptr, out.len, "out.sarif"));
	cw__json_free(doc);
	cw__buf_free(&out);
}

/* file://<absolute path of `rel` in the source tree> into url. */
static void source_url(char *url, size_t size, const char *rel)
{
	char abs[PATH_MAX];
	assert_non_null(realpath(cw_test_source(rel), abs));
	snprintf(url, size, "file://%s", abs);
}

static void test_http__file_url_into_a_buffer_and_into_a_file(void **state)
{
	(void)state;
	char url[PATH_MAX + 16], path[] = "/tmp/cw_test_http_XXXXXX";
	cw_buf want = CW_BUF_INIT, got = CW_BUF_INIT;
	cw_http_response resp;
	int fd;

	source_url(url, sizeof(url), "CMakeLists.txt");
	cw_assert_ok(cw__file_read(&want, cw_test_source("CMakeLists.txt"), 0));
	cw_assert_ok(cw__http_get(&got, url, "file", 10L, (size_t)1 << 20));
	assert_int_equal(got.len, want.len);
	assert_memory_equal(got.ptr, want.ptr, want.len);

	assert_true((fd = mkstemp(path)) >= 0);
	close(fd);
	cw_http_request req = { .url = url, .protocols = "file", .timeout_s = 10L, .max = (size_t)1 << 20,
		                    .path = path, .conditional = true, .etag = "\"x\"" };
	cw_assert_ok(cw__http_fetch(&resp, &req));
	assert_int_equal(resp.status, 0); /* no HTTP: no status, and the validators are not sent */
	cw__buf_clear(&got);
	cw_assert_ok(cw__file_read(&got, path, 0));
	assert_int_equal(got.len, want.len);
	assert_memory_equal(got.ptr, want.ptr, want.len);
	cw__http_response_free(&resp);
	unlink(path);
	cw__buf_free(&want);
	cw__buf_free(&got);
}

static void test_http__missing_capped_refused_and_unwritable_fail_clearly(void **state)
{
	(void)state;
	char url[PATH_MAX + 16];
	cw_buf got = CW_BUF_INIT;
	cw_http_response resp;

	assert_int_equal(cw__http_get(&got, "file:///nonexistent/chainwarden", "file", 10L, 100),
	                 CW_ENOTFOUND);
	assert_string_equal(cw_error_last()->message, "fetching file:///nonexistent/chainwarden: not found");
	source_url(url, sizeof(url), "CMakeLists.txt");
	assert_int_equal(cw__http_get(&got, url, "file", 10L, 100), CW_EIO); /* larger than 100 bytes */
	assert_non_null(strstr(cw_error_last()->message, "fetching file://"));
	assert_int_equal(cw__http_get(&got, url, "http,https", 10L, 100), CW_EIO); /* file:// not allowed */
	cw_http_request req = { .url = url, .protocols = "file", .timeout_s = 10L, .max = 100,
		                    .path = "/nonexistent/chainwarden/x.part" };
	assert_int_equal(cw__http_fetch(&resp, &req), CW_EIO);
	assert_string_equal(cw_error_last()->message,
	                    "/nonexistent/chainwarden/x.part: cannot create: No such file or directory");
	cw__http_response_free(&resp);
	cw__buf_free(&got);
}

static void test_http__escape_is_curl_easy_escape(void **state)
{
	(void)state;
	cw_buf b = CW_BUF_INIT;
	char all[256];
	char *ref;
	for (int i = 0; i < 255; i++)
		all[i] = (char)(i + 1);
	cw_assert_ok(cw__http_escape(&b, all, 255));
	assert_non_null(ref = curl_easy_escape(NULL, all, 255));
	assert_string_equal(b.ptr, ref);
	curl_free(ref);
	cw__buf_clear(&b);
	cw_assert_ok(cw__http_escape(&b, "Rocky Linux", 11));
	assert_string_equal(b.ptr, "Rocky%20Linux");
	cw__buf_free(&b);
}

/* A keyword table is looked up by exact name and length; a prefix or a longer name is no match. */
static void test_str__name_value_find_is_exact(void **state)
{
	static const cw_name_value t[] = { { "npm", 1 }, { "PyPI", 2 }, { "Debian", 3 } };
	(void)state;
	assert_int_equal(cw__name_value_find(CW_NAME_VALUES(t), "PyPI", 4)->value, 2);
	assert_int_equal(cw__name_value_find(CW_NAME_VALUES(t), "Debian:12", 6)->value, 3);
	assert_null(cw__name_value_find(CW_NAME_VALUES(t), "Debian:12", 9));
	assert_null(cw__name_value_find(CW_NAME_VALUES(t), "np", 2));
	assert_null(cw__name_value_find(CW_NAME_VALUES(t), "pypi", 4));
	assert_null(cw__name_value_find(CW_NAME_VALUES(t), NULL, 0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_error__located_message_names_file_line_column),
		cmocka_unit_test(test_error__exit_codes_follow_the_documented_mapping),
		cmocka_unit_test(test_error__position_counts_lines_and_columns),
		cmocka_unit_test(test_arena__many_allocations_stay_distinct_and_aligned),
		cmocka_unit_test(test_arena__cap_refuses_growth),
		cmocka_unit_test(test_arena__owner_holds_itself_and_its_strings),
		cmocka_unit_test(test_buf__appends_and_stays_terminated),
		cmocka_unit_test(test_buf__cap_is_enforced),
		cmocka_unit_test(test_vec__push_grows_and_keeps_order),
		cmocka_unit_test(test_vec__free_all_releases_arrays_of_any_type),
		cmocka_unit_test(test_map__put_get_replace_iterate),
		cmocka_unit_test(test_str__percent_round_trip_and_bad_escape),
		cmocka_unit_test(test_str__slices_compare_and_trim),
		cmocka_unit_test(test_json__writer_escapes_and_nests),
		cmocka_unit_test(test_json__pretty_output_is_indented),
		cmocka_unit_test(test_json__optional_object_null_members_and_string_lists),
		cmocka_unit_test(test_json__parse_error_has_location),
		cmocka_unit_test(test_fs__read_missing_and_capped),
		cmocka_unit_test(test_dynlib__missing_library_is_a_clear_error),
		cmocka_unit_test(test_vec__free_each_frees_every_item),
		cmocka_unit_test(test_str__escape_replaces_mapped_bytes_only),
		cmocka_unit_test(test_str__name_lookup_gives_index_or_error),
		cmocka_unit_test(test_str__name_value_find_is_exact),
		cmocka_unit_test(test_json__member_shorthands),
		cmocka_unit_test(test_sarif__skeleton_has_one_run_with_rules_and_results),
		cmocka_unit_test(test_http__file_url_into_a_buffer_and_into_a_file),
		cmocka_unit_test(test_http__missing_capped_refused_and_unwritable_fail_clearly),
		cmocka_unit_test(test_http__escape_is_curl_easy_escape),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
