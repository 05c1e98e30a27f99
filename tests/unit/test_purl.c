/*
 * test_purl.c - package URLs against the purl-spec test suite, plus focused
 * checks of encoding, qualifier order, errors, compare and limits.
 *
 * The suite is read at run time from the shared data folder
 * (data/purl/tests/spec/specification-test.json, data/purl/tests/types/
 * <type>-test.json, data/purl/legacy/test-suite-data.json); nothing of it is
 * copied here.  Test types: "parse" (strict cw_purl_parse, components
 * compared), "build" (cw_purl_build + cw_purl_to_string) and "validate"
 * (cw_purl_canonicalize, lenient); expected_failure cases must fail.
 */
#include "cw_test.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "purl/purl_internal.h"
#include "util/json.h"

/* ---- helpers -------------------------------------------------------------- */

static cw_json *load_json(const char *path)
{
	size_t len;
	char *data = cw_test_read_file(path, &len);
	cw_json *json = NULL;
	if (cw__json_parse(&json, data, len, path) < 0)
		fail_msg("%s", cw_error_last()->message);
	free(data);
	return json;
}

static bool str_eq_opt(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

/* JSON string or null; anything else is reported as a mismatch by the caller */
static const char *jstr(const cw_json *obj, const char *key)
{
	return json_string_value(json_object_get(obj, key));
}

/* Compare a parsed purl with expected components; writes why on mismatch. */
static bool components_match(const cw_purl *p, const cw_json *want, char *why, size_t why_size)
{
	const cw_json *wq = json_object_get(want, "qualifiers");
	size_t wn = json_is_object(wq) ? json_object_size(wq) : 0;
	static const char *const keys[] = { "type", "namespace", "name", "version", "subpath" };
	const char *got[] = { p->type, p->ns, p->name, p->version, p->subpath };
	for (size_t i = 0; i < 5; i++) {
		if (!str_eq_opt(got[i], jstr(want, keys[i]))) {
			snprintf(why, why_size, "%s: got %s%s%s, want %s%s%s", keys[i],
			         got[i] ? "\"" : "", got[i] ? got[i] : "null", got[i] ? "\"" : "",
			         jstr(want, keys[i]) ? "\"" : "",
			         jstr(want, keys[i]) ? jstr(want, keys[i]) : "null",
			         jstr(want, keys[i]) ? "\"" : "");
			return false;
		}
	}
	if (p->qualifier_count != wn) {
		snprintf(why, why_size, "qualifiers: got %zu, want %zu", p->qualifier_count, wn);
		return false;
	}
	for (size_t i = 0; i < p->qualifier_count; i++) {
		const char *v = json_string_value(json_object_get(wq, p->qualifiers[i].key));
		if (!str_eq_opt(v, p->qualifiers[i].value)) {
			snprintf(why, why_size, "qualifier %s: got \"%s\", want %s", p->qualifiers[i].key,
			         p->qualifiers[i].value, v ? v : "(absent)");
			return false;
		}
	}
	return true;
}

/* Build from a JSON object of components. */
static int build_from_json(cw_purl **out, const cw_json *in)
{
	const cw_json *jq = json_object_get(in, "qualifiers");
	cw_purl_qualifier quals[CW_PURL_MAX_QUALIFIERS];
	size_t n = 0;
	const char *key;
	cw_json *value;
	if (json_is_object(jq)) {
		json_object_foreach((cw_json *)jq, key, value) {
			if (n == CW_PURL_MAX_QUALIFIERS)
				break;
			quals[n].key = key;
			quals[n].value = json_string_value(value);
			n++;
		}
	}
	return cw_purl_build(out, jstr(in, "type"), jstr(in, "namespace"), jstr(in, "name"),
	                     jstr(in, "version"), n ? quals : NULL, n, jstr(in, "subpath"));
}

/* Run one case of the current suite; false with `why` filled on a miss. */
static bool run_case(const cw_json *tc, char *why, size_t why_size)
{
	const char *type = jstr(tc, "test_type");
	bool fail = json_is_true(json_object_get(tc, "expected_failure"));
	const cw_json *input = json_object_get(tc, "input");
	const cw_json *want = json_object_get(tc, "expected_output");
	cw_purl *p = NULL, *again = NULL;
	char *s = NULL;
	bool ok = false;
	int rc;

	why[0] = '\0';
	if (strcmp(type, "parse") == 0) {
		const char *in = json_string_value(input);
		rc = cw_purl_parse(&p, in, strlen(in));
		if (fail) {
			ok = rc < 0 && strncmp(cw_error_last()->message, "invalid purl", 12) == 0;
			if (!ok)
				snprintf(why, why_size, "parsed, but should fail");
		} else if (rc < 0) {
			snprintf(why, why_size, "parse failed: %s", cw_error_last()->message);
		} else if (components_match(p, want, why, why_size)) {
			/* the canonical form must read back to the same components */
			ok = cw_purl_to_string(&s, p) == 0 &&
			     cw_purl_parse(&again, s, strlen(s)) == 0 && cw_purl_compare(p, again) == 0;
			if (!ok)
				snprintf(why, why_size, "canonical form %s does not read back", s ? s : "?");
		}
	} else if (strcmp(type, "build") == 0) {
		rc = build_from_json(&p, input);
		if (fail) {
			ok = rc < 0;
			if (!ok)
				snprintf(why, why_size, "built, but should fail");
		} else if (rc < 0) {
			snprintf(why, why_size, "build failed: %s", cw_error_last()->message);
		} else if (cw_purl_to_string(&s, p) < 0) {
			snprintf(why, why_size, "to_string failed: %s", cw_error_last()->message);
		} else {
			ok = strcmp(s, json_string_value(want)) == 0;
			if (!ok)
				snprintf(why, why_size, "got %s", s);
		}
	} else if (strcmp(type, "validate") == 0) {
		const char *in = json_string_value(input);
		rc = cw_purl_canonicalize(&s, in, strlen(in));
		if (fail) {
			ok = rc < 0;
		} else if (rc < 0) {
			snprintf(why, why_size, "canonicalize failed: %s", cw_error_last()->message);
		} else {
			ok = strcmp(s, json_string_value(want)) == 0;
			if (!ok)
				snprintf(why, why_size, "got %s", s);
		}
	} else {
		snprintf(why, why_size, "unknown test_type %s", type);
	}
	free(s);
	cw_purl_free(p);
	cw_purl_free(again);
	return ok;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* ---- the current suite ---------------------------------------------------- */

static void test_suite__every_case_of_every_file_passes(void **state)
{
	(void)state;
	char *files[128];
	size_t nfiles = 0, total = 0, passed = 0;
	char dir[4096];
	DIR *dp;
	struct dirent *de;

	files[nfiles++] = strdup(cw_test_shared("data/purl/tests/spec/specification-test.json"));
	snprintf(dir, sizeof(dir), "%s", cw_test_shared("data/purl/tests/types"));
	dp = opendir(dir);
	assert_non_null(dp);
	while ((de = readdir(dp)) && nfiles < 128) {
		size_t n = strlen(de->d_name);
		if (n > 10 && strcmp(de->d_name + n - 10, "-test.json") == 0) {
			char path[8192];
			snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
			files[nfiles++] = strdup(path);
		}
	}
	closedir(dp);
	qsort(files + 1, nfiles - 1, sizeof(files[0]), cmp_names);

	for (size_t f = 0; f < nfiles; f++) {
		cw_json *doc = load_json(files[f]);
		cw_json *tests = json_object_get(doc, "tests");
		size_t i;
		cw_json *tc;
		assert_true(json_is_array(tests));
		json_array_foreach(tests, i, tc) {
			char why[1024];
			total++;
			if (run_case(tc, why, sizeof(why)))
				passed++;
			else
				print_message("MISS %s #%zu [%s %s] %s\n  input: %s\n  %s\n",
				              strrchr(files[f], '/') + 1, i, jstr(tc, "test_group"),
				              jstr(tc, "test_type"), jstr(tc, "description"),
				              json_is_string(json_object_get(tc, "input"))
				                  ? jstr(tc, "input") : "(components)",
				              why);
		}
		cw__json_free(doc);
		free(files[f]);
	}
	print_message("purl-spec suite: %zu/%zu cases passed (%zu files)\n", passed, total, nfiles);
	assert_int_equal(nfiles, 43);
	assert_int_equal(total, 586);
	assert_int_equal(passed, total);
}

/* ---- the legacy suite ------------------------------------------------------ */

/*
 * Cases where the legacy flat suite (test-suite-data.json, before upstream
 * removed it) and the current suite disagree.  The current suite wins; each
 * entry says why.  The test checks that these still disagree (so a stale
 * entry is noticed) and that every other legacy case agrees.
 */
static const struct {
	const char *purl;
	const char *reason;
} legacy_superseded[] = {
	{ "pkg:GOLANG/google.golang.org/genproto@abcdedf#/googleapis/%2E%2E/api/annotations/",
	  "legacy keeps '..' in the decoded subpath; current how-to-parse discards '.' and '..' "
	  "segments after decoding (the canonical strings agree)" },
	{ "pkg:GOLANG/google.golang.org/genproto@abcdedf#/googleapis/%2E/api/annotations/",
	  "legacy keeps '.' in the decoded subpath; current how-to-parse discards it" },
	{ "pkg:gem/jruby-launcher@1.1.2?Platform=java",
	  "gem-test.json (required, parse) rejects the key 'Platform'; canonicalize still "
	  "gives the legacy canonical form" },
	{ "pkg:Rpm/fedora/curl@7.50.3-1.fc25?Arch=i386&Distro=fedora-25",
	  "rpm-test.json (required, parse) rejects keys 'Arch', 'Distro'; canonicalize still "
	  "gives the legacy canonical form" },
	{ "pkg:Maven/org.apache.xmlgraphics/batik-anim@1.9.1?classifier=sources&repositorY_url=repo.spring.io/release",
	  "legacy canonical leaves '/' in a qualifier value unencoded; maven-test.json encodes "
	  "it as %2F" },
	{ "pkg:Maven/org.apache.xmlgraphics/batik-anim@1.9.1?extension=pom&repositorY_url=repo.spring.io/release",
	  "same '/' -> %2F encoding difference (maven-test.json)" },
	{ "pkg:conan/bincrafters/cctz@2.3",
	  "legacy requires a channel with a namespace; conan-test.json accepts "
	  "pkg:conan/openssl.org/openssl@3.0.3?arch=... without channel" },
	{ "pkg:conan/cctz@2.3?channel=stable",
	  "legacy requires a namespace with a channel; the current conan definition makes user "
	  "and channel independent optional qualifiers" },
	{ "pkg:huggingface/microsoft/deberta-v3-base@559062ad13d311b87b2c455e67dcd5f1c8f65111?repository_url=https://hub-ci.huggingface.co",
	  "legacy canonical leaves '/' unencoded; huggingface-test.json encodes %2F" },
	{ "pkg:mlflow/CreditFraud@3?repository_url=https://adb-5245952564735461.0.azuredatabricks.net/api/2.0/mlflow",
	  "legacy canonical leaves '/' unencoded; mlflow-test.json encodes %2F" },
	{ "pkg:mlflow/CreditFraud@3?repository_url=https://westus2.api.azureml.ms/mlflow/v1.0/subscriptions/a50f2011-fab8-4164-af23-c62881ef8c95/resourceGroups/TestResourceGroup/providers/Microsoft.MachineLearningServices/workspaces/TestWorkspace",
	  "legacy canonical leaves '/' unencoded; mlflow-test.json encodes %2F" },
	{ "pkg:mlflow/trafficsigns@10?model_uuid=36233173b22f4c89b451f1228d700d49&run_id=410a3121-2709-4f88-98dd-dba0ef056b0a&repository_url=https://adb-5245952564735461.0.azuredatabricks.net/api/2.0/mlflow",
	  "legacy canonical leaves '/' unencoded; mlflow-test.json encodes %2F" },
	{ "pkg:cpan/URI::PackageURL@2.11",
	  "legacy accepts a module name; cpan-test.json rejects names with '::'" },
	{ "pkg:cpan/Perl-Version@1.013",
	  "legacy rejects a distribution name without namespace; cpan-test.json accepts "
	  "pkg:cpan/URI-PackageURL" },
};

static const char *legacy_reason(const char *purl)
{
	for (size_t i = 0; i < sizeof(legacy_superseded) / sizeof(legacy_superseded[0]); i++)
		if (strcmp(legacy_superseded[i].purl, purl) == 0)
			return legacy_superseded[i].reason;
	return NULL;
}

static bool legacy_case_agrees(const cw_json *tc, char *why, size_t why_size)
{
	const char *in = jstr(tc, "purl");
	cw_purl *p = NULL;
	char *canon = NULL;
	bool ok = false;
	int rc = cw_purl_parse(&p, in, strlen(in));
	why[0] = '\0';
	if (json_is_true(json_object_get(tc, "is_invalid"))) {
		ok = rc < 0;
		if (!ok)
			snprintf(why, why_size, "parsed, legacy says invalid");
	} else if (rc < 0) {
		snprintf(why, why_size, "parse failed: %s", cw_error_last()->message);
	} else if (components_match(p, tc, why, why_size)) {
		if (cw_purl_canonicalize(&canon, in, strlen(in)) < 0)
			snprintf(why, why_size, "canonicalize failed: %s", cw_error_last()->message);
		else if (!(ok = strcmp(canon, jstr(tc, "canonical_purl")) == 0))
			snprintf(why, why_size, "canonical %s", canon);
	}
	free(canon);
	cw_purl_free(p);
	return ok;
}

static void test_legacy__agrees_except_documented_cases(void **state)
{
	(void)state;
	cw_json *doc = load_json(cw_test_shared("data/purl/legacy/test-suite-data.json"));
	size_t i, agree = 0, superseded = 0, misses = 0;
	cw_json *tc;
	assert_true(json_is_array(doc));
	json_array_foreach(doc, i, tc) {
		char why[1024];
		const char *reason = legacy_reason(jstr(tc, "purl"));
		bool ok = legacy_case_agrees(tc, why, sizeof(why));
		if (ok && !reason) {
			agree++;
		} else if (!ok && reason) {
			superseded++;
		} else {
			misses++;
			print_message("LEGACY MISS #%zu %s: %s\n  %s\n", i, jstr(tc, "purl"),
			              reason ? "documented as disagreeing, but agrees" : why,
			              reason ? reason : "");
		}
	}
	print_message("purl legacy suite: %zu/%zu agree, %zu documented disagreements "
	              "(current suite wins)\n", agree, json_array_size(doc), superseded);
	assert_int_equal(json_array_size(doc), 59);
	assert_int_equal(superseded, sizeof(legacy_superseded) / sizeof(legacy_superseded[0]));
	assert_int_equal(misses, 0);
	cw__json_free(doc);
}

/* ---- focused checks ---------------------------------------------------------- */

static char *canon(const char *in)
{
	char *out = NULL;
	cw_assert_ok(cw_purl_canonicalize(&out, in, strlen(in)));
	return out;
}

static void expect_canon(const char *in, const char *want)
{
	char *got = canon(in);
	assert_string_equal(got, want);
	free(got);
}

static void expect_error(const char *in, const char *fragment)
{
	cw_purl *p = NULL;
	int rc = cw_purl_parse(&p, in, strlen(in));
	assert_true(rc < 0);
	assert_null(p);
	if (!strstr(cw_error_last()->message, fragment))
		fail_msg("%s: error \"%s\" lacks \"%s\"", in, cw_error_last()->message, fragment);
}

static void test_encoding__reserved_characters_are_percent_encoded(void **state)
{
	(void)state;
	/* ':' stays, '/' separates namespace and subpath segments, the rest is %XX */
	expect_canon("pkg:generic/a%20b@1%2B2?x=a%2Fb%26c%3Dd%23e#p%3Fq/r",
	             "pkg:generic/a%20b@1%2B2?x=a%2Fb%26c%3Dd%23e#p%3Fq/r");
	expect_canon("pkg:generic/ns/na~me_1.0-x:y@v:1", "pkg:generic/ns/na~me_1.0-x:y@v:1");
	/* unencoded specials in input are encoded on output */
	expect_canon("pkg:generic/n@1+2?k=v+w,x", "pkg:generic/n@1%2B2?k=v%2Bw%2Cx");
	/* lowercase hex in input, uppercase in output; UTF-8 bytes encoded */
	expect_canon("pkg:generic/caf%c3%a9", "pkg:generic/caf%C3%A9");
	/* '@' in a name and an npm scope */
	expect_canon("pkg:npm/@scope/n%40x@1", "pkg:npm/%40scope/n%40x@1");
}

static void test_encoding__bad_input_is_refused(void **state)
{
	(void)state;
	expect_error("pkg:generic/a%2", "name: bad percent-encoding");
	expect_error("pkg:generic/a@1%zz", "version: bad percent-encoding");
	expect_error("pkg:generic/a%00b", "name: NUL byte");
	expect_error("pkg:generic/a%C3%28", "name: not valid UTF-8");
	expect_error("pkg:generic/a%ED%A0%80", "not valid UTF-8");        /* surrogate */
	expect_error("pkg:generic/a%C0%AF", "not valid UTF-8");           /* overlong '/' */
	expect_error("pkg:generic/x%2Fy/name", "namespace: segment \"x/y\" contains an encoded '/'");
	expect_error("pkg:generic/name#a%2Fb", "subpath: segment");
}

static void test_errors__quoted_input_is_escaped_and_bounded(void **state)
{
	(void)state;
	char q[32], big[300];
	cw__purl_quote(q, sizeof(q), "a\"b\x01", 4);
	assert_string_equal(q, "\"a\\x22b\\x01\"");
	memset(big, 0xff, sizeof(big));
	cw__purl_quote(q, sizeof(q), big, sizeof(big));     /* found by the fuzzer */
	assert_true(strlen(q) < sizeof(q));
	assert_non_null(strstr(q, "...\""));
	memset(big, 'x', sizeof(big));
	big[0] = 'p', big[1] = 'k', big[2] = 'g', big[sizeof(big) - 1] = '\0';
	memset(big + 3, 0xff, 200);
	big[250] = ':';
	expect_error(big, "scheme \"pkg\\xFF");
}

static void test_qualifiers__sorted_lowercased_empty_dropped(void **state)
{
	(void)state;
	cw_purl *p = NULL;
	const char *in = "pkg:generic/n?zeta=1&alpha=2&mid=&beta=3";
	cw_assert_ok(cw_purl_parse(&p, in, strlen(in)));
	assert_int_equal(p->qualifier_count, 3);
	assert_string_equal(p->qualifiers[0].key, "alpha");
	assert_string_equal(p->qualifiers[1].key, "beta");
	assert_string_equal(p->qualifiers[2].key, "zeta");
	assert_string_equal(cw_purl_qualifier_get(p, "beta"), "3");
	assert_null(cw_purl_qualifier_get(p, "mid"));
	assert_null(cw_purl_qualifier_get(p, "nope"));
	cw_purl_free(p);
	expect_canon("pkg:generic/n?zeta=1&alpha=2&mid=&beta=3", "pkg:generic/n?alpha=2&beta=3&zeta=1");
	expect_canon("pkg:generic/n?mid=", "pkg:generic/n");
	expect_canon("pkg:generic/n?a=1&&b=2&", "pkg:generic/n?a=1&b=2");
	/* lenient folds every key; strict refuses an uppercase first letter */
	expect_canon("pkg:generic/n?Zeta=1&aLpha=2", "pkg:generic/n?alpha=2&zeta=1");
	expect_error("pkg:generic/n?Zeta=1", "qualifier key \"Zeta\" is not lowercase");
	expect_error("pkg:generic/n?a=1&b_=2&a=3", "qualifier key \"a\" appears more than once");
	expect_error("pkg:generic/n?in%20production=true", "qualifier key \"in%20production\"");
	expect_error("pkg:generic/n?1abc=x", "must start with a lowercase letter");
	expect_error("pkg:generic/n?novalue", "qualifier \"novalue\" has no '='");
}

static void test_errors__name_the_bad_component(void **state)
{
	(void)state;
	expect_error("npm/foo@1", "scheme: missing 'pkg:'");
	expect_error("http:npm/foo@1", "scheme \"http\" is not 'pkg'");
	expect_error("pkg:/foo", "name: required");  /* no name after the type */
	expect_error("pkg:npm/ns/@1", "name: required");
	expect_error("pkg:3nginx/nginx", "type \"3nginx\" must start with a letter");
	expect_error("pkg:ng&x/nginx", "type \"ng&x\": character 3");
	expect_error("pkg:maven/@1.3.4", "name: required");
	expect_error("pkg:maven/io@1", "namespace: required for type 'maven'");
	expect_error("pkg:vcpkg/boost/asio", "namespace: type 'vcpkg' has no namespace");
	expect_error("pkg:cran/A3", "version: required for type 'cran'");
	expect_error("pkg:julia/Dates", "qualifiers: 'uuid' is required for type 'julia'");
	expect_error("pkg:cpan/URI::PackageURL", "name: cpan name \"URI::PackageURL\"");
	expect_error("pkg:chrome-extension/dogs", "name: chrome-extension id \"dogs\"");
}

static void test_normalise__per_type_rules_apply_in_parse_and_build(void **state)
{
	(void)state;
	cw_purl *p = NULL;
	char *s = NULL;
	expect_canon("pkg:PyPI/Foo_Bar@1.0", "pkg:pypi/foo-bar@1.0");
	expect_canon("pkg:github/Owner/Repo@V1", "pkg:github/owner/repo@V1");
	expect_canon("pkg:maven/Org.Ex/Art@1", "pkg:maven/Org.Ex/Art@1");
	expect_canon("pkg:cpan/drolsky/DateTime", "pkg:cpan/DROLSKY/DateTime");
	expect_canon("pkg:huggingface/ns/m@ABCDEF", "pkg:huggingface/ns/m@abcdef");
	expect_canon("pkg:git/Host.org//A/B/", "pkg:git/host.org/a/b");
	expect_canon("pkg:unknown-type/Keep/Case@1", "pkg:unknown-type/Keep/Case@1");
	/* build applies the same rules and slash handling */
	cw_assert_ok(cw_purl_build(&p, "PYPI", NULL, "Django_Thing", "2", NULL, 0, "/a/./b/../c/"));
	cw_assert_ok(cw_purl_to_string(&s, p));
	assert_string_equal(s, "pkg:pypi/django-thing@2#a/b/c");
	free(s);
	cw_purl_free(p);
	cw_assert_ok(cw_purl_build(&p, "git", NULL, "codeberg.org/forgejo/forgejo", NULL, NULL, 0,
	                           NULL));
	assert_string_equal(p->ns, "codeberg.org");
	assert_string_equal(p->name, "forgejo/forgejo");
	cw_purl_free(p);
	assert_int_equal(cw_purl_build(&p, NULL, NULL, "x", NULL, NULL, 0, NULL), CW_EINVALID);
	assert_int_equal(cw_purl_build(&p, "npm", NULL, "", NULL, NULL, 0, NULL), CW_EINVALID);
	assert_null(p);
}

static void test_compare__orders_component_by_component(void **state)
{
	(void)state;
	const char *sorted[] = {
		"pkg:generic/a", "pkg:generic/a@1", "pkg:generic/a@1?k=v", "pkg:generic/a@1?k=w",
		"pkg:generic/a@1?k=w&l=x", "pkg:generic/a@1?k=w&l=x#s", "pkg:generic/b",
		"pkg:generic/ns/a", "pkg:npm/a",
	};
	size_t n = sizeof(sorted) / sizeof(sorted[0]);
	cw_purl *p[9];
	for (size_t i = 0; i < n; i++)
		cw_assert_ok(cw_purl_parse(&p[i], sorted[i], strlen(sorted[i])));
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < n; j++) {
			int c = cw_purl_compare(p[i], p[j]);
			if ((i < j && c >= 0) || (i == j && c != 0) || (i > j && c <= 0))
				fail_msg("compare(%s, %s) = %d", sorted[i], sorted[j], c);
		}
	for (size_t i = 0; i < n; i++)
		cw_purl_free(p[i]);
}

static void test_limits__oversized_input_is_refused(void **state)
{
	(void)state;
	size_t len = CW_PURL_MAX_LEN + 1;
	char *big = malloc(len);
	cw_purl *p = NULL;
	cw_buf b = CW_BUF_INIT;
	assert_non_null(big);
	memset(big, 'a', len);
	memcpy(big, "pkg:generic/", 12);
	assert_int_equal(cw_purl_parse(&p, big, len), CW_ELIMIT);
	free(big);
	cw__buf_puts(&b, "pkg:generic/n?");
	for (int i = 0; i <= CW_PURL_MAX_QUALIFIERS; i++)
		cw__buf_printf(&b, "k%d=v&", i);
	assert_int_equal(cw_purl_parse(&p, b.ptr, b.len), CW_ELIMIT);
	assert_null(p);
	cw__buf_free(&b);
	/* the largest accepted input, in the most fragmented shape, still parses */
	big = malloc(CW_PURL_MAX_LEN);
	assert_non_null(big);
	memcpy(big, "pkg:generic", 11);
	for (size_t i = 11; i + 1 < CW_PURL_MAX_LEN; i += 2)
		big[i] = '/', big[i + 1] = 'a';
	cw_assert_ok(cw_purl_parse(&p, big, CW_PURL_MAX_LEN - 1));
	assert_string_equal(p->name, "a");
	/* all "/a" pairs but the name's, without the leading "/" */
	assert_int_equal(strlen(p->ns), (CW_PURL_MAX_LEN - 1 - 11) - 2 - 1);
	cw_purl_free(p);
	free(big);
	/* not NUL-terminated input: only `len` bytes are read */
	cw_assert_ok(cw_purl_parse(&p, "pkg:npm/abc@1.0XXXX", 15));
	assert_string_equal(p->version, "1.0");
	cw_purl_free(p);
}

static void test_types__table_is_sorted_and_known_types_resolve(void **state)
{
	(void)state;
	const char *known[] = { "alpm", "apk", "bazel", "bitbucket", "bitnami", "brew", "cargo",
		"chrome-extension", "cocoapods", "composer", "conan", "conda", "cpan", "cran",
		"deb", "docker", "gem", "generic", "git", "github", "golang", "hackage", "hex",
		"huggingface", "julia", "luarocks", "maven", "mlflow", "npm", "nuget", "oci",
		"opam", "otp", "pub", "pypi", "qpkg", "rpm", "swid", "swift", "vcpkg",
		"vscode-extension", "yocto" };
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		assert_string_equal(cw__purl_type_find(known[i])->type, known[i]);
	assert_string_equal(cw__purl_type_find("nonesuch")->type, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_suite__every_case_of_every_file_passes),
		cmocka_unit_test(test_legacy__agrees_except_documented_cases),
		cmocka_unit_test(test_encoding__reserved_characters_are_percent_encoded),
		cmocka_unit_test(test_encoding__bad_input_is_refused),
		cmocka_unit_test(test_errors__quoted_input_is_escaped_and_bounded),
		cmocka_unit_test(test_qualifiers__sorted_lowercased_empty_dropped),
		cmocka_unit_test(test_errors__name_the_bad_component),
		cmocka_unit_test(test_normalise__per_type_rules_apply_in_parse_and_build),
		cmocka_unit_test(test_compare__orders_component_by_component),
		cmocka_unit_test(test_limits__oversized_input_is_refused),
		cmocka_unit_test(test_types__table_is_sorted_and_known_types_resolve),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
