/*
 * test_kb_fastpath.c - the OSV record's two readers: jflat (src/kb/jflat.c)
 * against the jansson reader it stands in for (util/json.h, its DOM turned
 * into the same flat tree): the same inputs are built both ways and every
 * KB table must hold the same rows, byte for byte (JSON columns, raw blobs,
 * malformed reasons included).
 */
#include "cw_test.h"

#include <glob.h>
#include <jansson.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chainwarden/kb.h"
#include "kb/jflat.h"
#include "kb/kb_internal.h"

static const char *const compared[][2] = {
	{ "*", "advisories" }, { "*", "severity" }, { "*", "affected" },
	{ "*", "malformed" }, { "*", "id_groups" }, { "name, kind, records, malformed", "sources" },
};

static int64_t scalar(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	int64_t v = -1;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* Every compared table of `a` and `b` holds the same rows; returns the advisory count. */
static int64_t assert_same_kb(const char *a, const char *b)
{
	sqlite3 *db = NULL;
	char sql[1024], q_main[256], q_other[256];
	int64_t advisories;
	assert_int_equal(sqlite3_open_v2(a, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	snprintf(sql, sizeof(sql), "ATTACH '%s' AS other", b);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	for (size_t i = 0; i < sizeof(compared) / sizeof(compared[0]); i++) {
		snprintf(q_main, sizeof(q_main), "SELECT %s FROM main.%s", compared[i][0], compared[i][1]);
		snprintf(q_other, sizeof(q_other), "SELECT %s FROM other.%s", compared[i][0], compared[i][1]);
		snprintf(sql, sizeof(sql), "SELECT count(*) FROM (%s)", q_main);
		int64_t n_main = scalar(db, sql);
		snprintf(sql, sizeof(sql), "SELECT count(*) FROM (%s)", q_other);
		assert_int_equal(n_main, scalar(db, sql));
		snprintf(sql, sizeof(sql), "SELECT count(*) FROM (%s EXCEPT %s)", q_main, q_other);
		if (scalar(db, sql) != 0)
			fail_msg("%s differs between the fast and the jansson path", q_main);
		snprintf(sql, sizeof(sql), "SELECT count(*) FROM (%s EXCEPT %s)", q_other, q_main);
		assert_int_equal(scalar(db, sql), 0);
	}
	advisories = scalar(db, "SELECT count(*) FROM advisories");
	sqlite3_close(db);
	return advisories;
}

typedef struct {
	const char *const *paths;   /* OSV inputs, or NULL */
	size_t npaths;
	const char *const *records; /* single records, or NULL */
	size_t nrecords;
} inputs;

static uint64_t build(const char *path, const inputs *in, bool slow)
{
	cw_kb_builder *b = NULL;
	uint64_t fast;
	cw_assert_ok(cw_kb_builder_new(&b, path, NULL));
	b->slow_json = slow;
	for (size_t i = 0; i < in->npaths; i++)
		cw_assert_ok(cw_kb_builder_add_osv(b, in->paths[i]));
	for (size_t i = 0; i < in->nrecords; i++)
		cw_assert_ok(cw_kb_builder_add_osv_record(b, in->records[i], strlen(in->records[i]), "rec"));
	cw_assert_ok(cw_kb_builder_finish(b, NULL));
	fast = b->fast_records;
	cw_kb_builder_free(b);
	return fast;
}

static uint64_t build_both_and_compare(const inputs *in, int64_t *advisories)
{
	char dir[] = "/tmp/cw_test_kbfast_XXXXXX", a[512], b[512];
	uint64_t fast;
	assert_non_null(mkdtemp(dir));
	snprintf(a, sizeof(a), "%s/fast.kb", dir);
	snprintf(b, sizeof(b), "%s/slow.kb", dir);
	fast = build(a, in, false);
	assert_int_equal(build(b, in, true), 0);
	*advisories = assert_same_kb(a, b);
	unlink(a);
	unlink(b);
	rmdir(dir);
	return fast;
}

/*
 * Strings are scanned 8 bytes at a time while plain: a quote, escape,
 * control or non-ASCII byte at every offset of a block must still be seen,
 * and the decoded string must be jansson's.
 */
static void test_kb_fastpath__string_scan_sees_every_special_byte(void **state)
{
	static const char *const specials[] = { "\\\"", "\\\\", "\\n", "\\u00e9", "\xc3\xa9",
	                                        "\xe2\x82\xac", "\x01", "\x7f", "\x80" };
	cw__kbj_doc doc = { 0 };
	char text[128];
	(void)state;
	for (size_t k = 0; k < sizeof(specials) / sizeof(specials[0]); k++) {
		for (int at = 0; at < 20; at++) {
			json_error_t jerr;
			json_t *want;
			/* the closing quote, too, must be seen inside a block: more follows it */
			int n = snprintf(text, sizeof(text), "[\"%.*s%s%.*s\",\"tail of the array\"]", at,
			                 "abcdefghijklmnopqrstuvwxyz", specials[k], 23 - at % 7,
			                 "ABCDEFGHIJKLMNOPQRSTUVWXYZ");
			int rc = cw__kbj_parse(&doc, text, (size_t)n);
			want = json_loadb(text, (size_t)n, 0, &jerr);
			if (!want) {
				assert_int_equal(rc, 1); /* jansson refuses it: the reader declines */
				continue;
			}
			assert_int_equal(rc, 0);
			assert_int_equal(doc.nodes[0].count, 2);
			const cw__kbj_node *got = &doc.nodes[doc.nodes[0].first];
			const char *w = json_string_value(json_array_get(want, 0));
			assert_int_equal(got->len, strlen(w));
			assert_memory_equal(got->str, w, got->len);
			json_decref(want);
		}
	}
	cw__kbj_free(&doc);
}

static void test_kb_fastpath__shared_zips_give_the_same_kb(void **state)
{
	glob_t g;
	char pattern[1024];
	int64_t advisories;
	uint64_t fast;
	(void)state;
	cw_log_set_level(CW_LOG_ERROR);
	snprintf(pattern, sizeof(pattern), "%s", cw_test_shared("data/osv/*.zip"));
	assert_int_equal(glob(pattern, 0, NULL, &g), 0);
	assert_true(g.gl_pathc >= 4);
	inputs in = { (const char *const *)g.gl_pathv, g.gl_pathc, NULL, 0 };
	fast = build_both_and_compare(&in, &advisories);
	assert_true(advisories > 8000);
	/* the fast path must carry nearly all real records, or it is pointless */
	assert_true(fast * 100 >= (uint64_t)advisories * 95);
	print_message("fast path took %llu of %lld advisories\n", (unsigned long long)fast,
	              (long long)advisories);
	globfree(&g);
	cw_log_set_level(CW_LOG_WARN);
}

#define REC(extra) "{\"id\":\"X-1\",\"modified\":\"2024-01-01T00:00:00Z\"" extra "}"

/* Records the fast path must take, with the JSON columns dumped as jansson does. */
static const char *const fast_records[] = {
	REC(",\"summary\":\"tab\\t nl\\n quote\\\" bs\\\\ slash\\/ \\u00e9 \\ud83d\\ude00 \\u001f \\u007f\","
	    "\"details\":\"caf\xc3\xa9 \xe2\x80\xa8 \xf0\x9f\x98\x80\""),
	REC(",\"aliases\":[\"CVE-2024-0001\",\"GHSA-aaaa-bbbb-cccc\"],\"related\":[],\"upstream\":null"),
	REC(" , \"affected\" : [ { \"package\" : { \"ecosystem\" : \"PyPI\" , \"name\" : \"Foo_Bar.baz\" } ,"
	    " \"versions\" : [ \"1.0\" , \"2.0\\u0001\\u001b\" ] , \"ecosystem_specific\" : { \"n\" : -12 ,"
	    " \"t\" : true , \"f\" : false , \"z\" : null , \"o\" : { \"a\" : [ [ ] , { } ] } } ,"
	    " \"database_specific\" : { \"source\" : \"x\\u0009y\" } , \"ranges\" : [ { \"type\" : \"ECOSYSTEM\" ,"
	    " \"events\" : [ { \"introduced\" : \"0\" } , { \"fixed\" : \"1.2\" } ] ,"
	    " \"database_specific\" : { } } ] , \"severity\" : [ { \"type\" : \"CVSS_V3\" , \"score\" : \"x\" } ] } ]"),
	REC(",\"affected\":[{\"package\":{\"ecosystem\":\"Debian:12\",\"name\":\"openssl\",\"purl\":\"pkg:deb/debian/openssl\"},"
	    "\"ranges\":[{\"type\":\"GIT\",\"repo\":\"https://example.org/r\",\"events\":[{\"introduced\":\"abc\"},"
	    "{\"last_affected\":\"def\"},{\"limit\":\"*\"}]}]},{\"package\":null},{}]"),
	REC(",\"x_unknown\":{\"b\":[1,2,3],\"a\":\"\\u00e9\\\"\"},\"schema_version\":\"1.6.0\",\"y\":0,"
	    "\"references\":[{\"type\":\"WEB\",\"url\":\"https://e/1\"},{\"url\":\"https://e/2\"}],"
	    "\"credits\":[{\"name\":\"N\",\"type\":\"FINDER\",\"contact\":[\"mailto:a@b\"]},{\"name\":\"M\"}],"
	    "\"severity\":[{\"type\":\"CVSS_V4\",\"score\":\"CVSS:4.0/AV:N\"}],\"withdrawn\":null,\"published\":\"p\""),
	REC(",\"affected\":[{\"database_specific\":{\"cvss_score\":7.1,\"a\":[0.1,10.0,1e5,1.5e-7,-2.5E+300,"
	    "123.456,-0.0,1E0,0.30000000000000004]}}]"),
	"\xef\xbb\xbf" REC(""), /* a BOM: jansson's verdict, whatever it is */
};

/* Records the fast path must leave to jansson (same rows or same malformed reason). */
static const char *const slow_records[] = {
	REC(",\"database_specific\":{\"score\":1e999}"),                /* real overflow */
	REC(",\"database_specific\":{\"score\":1.}"),
	REC(",\"database_specific\":{\"n\":-0}"),                         /* -0 */
	REC(",\"database_specific\":{\"n\":1234567890123456789}"),        /* 19 digits */
	REC(",\"summary\":\"a\",\"summary\":\"b\""),                      /* duplicate */
	REC(",\"x\":{\"k\":1,\"k\":2}"),                                  /* nested duplicate */
	REC(",\"summary\":\"nul\\u0000inside\""),                         /* \u0000 */
	REC(",\"summary\":\"lone \\ud800 surrogate\""),
	REC(",\"summary\":\"bad utf-8 \xc0\xaf\""),
	REC(",\"summary\":\"raw\ttab\""),
	REC(",\"summary\":\"x\"") " trailing",
	REC(",\"summary\":\"x\",}"),
	"{\"id\":\"X-2\",\"modified\":1}",
	"{\"id\":\"has space\",\"modified\":\"m\"}",
	"[]", "\"str\"", "", "{",
	REC(",\"affected\":[{\"ranges\":[{\"type\":\"SEMVER\",\"events\":[{\"introduced\":\"0\",\"fixed\":\"1\"}]}]}]"),
	REC(",\"affected\":[{\"ranges\":[{\"type\":\"SEMVER\",\"events\":[]}]}]"),
	REC(",\"affected\":[{\"ranges\":[{\"type\":\"SEMVER\",\"events\":[{\"fixed\":\"\"}]}]}]"),
	REC(",\"affected\":[{\"versions\":[1]}]"),
	REC(",\"credits\":[{\"name\":\"n\",\"contact\":\"x\"}]"),
	REC(",\"references\":[{\"url\":null}]"),
	REC(",\"severity\":[{\"type\":\"T\"}]"),
	REC(",\"x\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["
	    "]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]"),
};

static void test_kb_fastpath__edge_records_give_the_same_kb(void **state)
{
	size_t nf = sizeof(fast_records) / sizeof(fast_records[0]);
	size_t ns = sizeof(slow_records) / sizeof(slow_records[0]);
	int64_t advisories;
	(void)state;
	cw_log_set_level(CW_LOG_ERROR);
	/* one record per build: they share an id */
	for (size_t i = 0; i < nf + ns; i++) {
		const char *rec = i < nf ? fast_records[i] : slow_records[i - nf];
		inputs in = { NULL, 0, &rec, 1 };
		uint64_t fast = build_both_and_compare(&in, &advisories);
		if (i < nf - 1 && fast != 1)
			fail_msg("record %zu was expected to take the fast path", i);
		if (i >= nf && fast != 0)
			fail_msg("slow record %zu took the fast path", i - nf);
	}
	cw_log_set_level(CW_LOG_WARN);
}

static void test_kb_fastpath__incremental_update_is_the_same(void **state)
{
	/* a base with a record, then the same id changed and an unchanged one */
	static const char *const recs[] = {
		REC(",\"summary\":\"old\",\"aliases\":[\"CVE-2024-1\"]"),
		"{\"id\":\"X-1\",\"modified\":\"2024-02-02T00:00:00Z\",\"summary\":\"new\"}",
		"{\"id\":\"X-3\",\"modified\":\"m\",\"affected\":[{\"package\":{\"ecosystem\":\"npm\",\"name\":\"A\"}}]}",
		"{\"id\":\"X-3\",\"modified\":\"m\",\"affected\":[{\"package\":{\"ecosystem\":\"npm\",\"name\":\"A\"}}]}",
	};
	int64_t advisories;
	inputs in = { NULL, 0, recs, 4 };
	(void)state;
	cw_log_set_level(CW_LOG_ERROR);
	assert_int_equal(build_both_and_compare(&in, &advisories), 4);
	assert_int_equal(advisories, 2);
	cw_log_set_level(CW_LOG_WARN);
}

/* OpenSSF malicious-packages records (hand-written, tests/data/mal/osv): all
 * take the fast path and give the same rows as jansson, withdrawn one included. */
static void test_kb_fastpath__malicious_package_records(void **state)
{
	const char *dir = cw_test_source("tests/data/mal/osv");
	inputs in = { &dir, 1, NULL, 0 };
	int64_t advisories;
	(void)state;
	assert_int_equal(build_both_and_compare(&in, &advisories), 6);
	assert_int_equal(advisories, 6);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kb_fastpath__string_scan_sees_every_special_byte),
		cmocka_unit_test(test_kb_fastpath__malicious_package_records),
		cmocka_unit_test(test_kb_fastpath__edge_records_give_the_same_kb),
		cmocka_unit_test(test_kb_fastpath__incremental_update_is_the_same),
		cmocka_unit_test(test_kb_fastpath__shared_zips_give_the_same_kb),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
