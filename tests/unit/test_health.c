/*
 * test_health.c - the health module on repositories built with libgit2 in
 * a temporary folder (commits with fixed authors and dates, tags, files),
 * and the workflow analyser on workflow texts.
 */
#include "cw_test.h"

#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chainwarden/health.h"
#include "health/health_internal.h"

#define NOW 1780272000  /* 2026-06-01T00:00:00Z */
#define DAY 86400

typedef struct {
	char dir[64];
	git_repository *repo;
	git_oid head;
	bool has_head;
} scratch;

static void scratch_init(scratch *s)
{
	snprintf(s->dir, sizeof(s->dir), "/tmp/cw-health-unit-XXXXXX");
	assert_non_null(mkdtemp(s->dir));
	git_libgit2_init();
	assert_int_equal(git_repository_init(&s->repo, s->dir, 0), 0);
	s->has_head = false;
}

static void scratch_free(scratch *s)
{
	char cmd[128];
	git_repository_free(s->repo);
	git_libgit2_shutdown();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", s->dir);
	assert_int_equal(system(cmd), 0);
}

/* Commit `path` = `content` (added to the index) by name/email `days` before NOW. */
static void commit_file(scratch *s, const char *name, const char *email, double days,
                        const char *path, const void *content, size_t len, const char *msg)
{
	git_index *index = NULL;
	git_index_entry entry;
	git_oid tree_id, id;
	git_tree *tree = NULL;
	git_signature *sig = NULL;
	git_commit *parent = NULL;
	const git_commit *parents[1];

	assert_int_equal(git_repository_index(&index, s->repo), 0);
	memset(&entry, 0, sizeof(entry));
	entry.mode = GIT_FILEMODE_BLOB;
	entry.path = path;
	assert_int_equal(git_index_add_from_buffer(index, &entry, content, len), 0);
	assert_int_equal(git_index_write_tree(&tree_id, index), 0);
	assert_int_equal(git_index_write(index), 0);
	assert_int_equal(git_tree_lookup(&tree, s->repo, &tree_id), 0);
	assert_int_equal(git_signature_new(&sig, name, email, NOW - (git_time_t)(days * DAY), 0), 0);
	if (s->has_head) {
		assert_int_equal(git_commit_lookup(&parent, s->repo, &s->head), 0);
		parents[0] = parent;
	}
	assert_int_equal(git_commit_create(&id, s->repo, "HEAD", sig, sig, NULL, msg, tree,
	                                   s->has_head ? 1 : 0, parents), 0);
	s->head = id;
	s->has_head = true;
	git_commit_free(parent);
	git_signature_free(sig);
	git_tree_free(tree);
	git_index_free(index);
}

static void tag(scratch *s, const char *name, const char *message, double days)
{
	git_object *target = NULL;
	git_signature *sig = NULL;
	git_oid id;
	assert_int_equal(git_object_lookup(&target, s->repo, &s->head, GIT_OBJECT_COMMIT), 0);
	if (message) {
		assert_int_equal(git_signature_new(&sig, "Rel", "rel@corp.example", NOW - (git_time_t)(days * DAY), 0), 0);
		assert_int_equal(git_tag_create(&id, s->repo, name, target, sig, message, 0), 0);
	} else {
		assert_int_equal(git_tag_create_lightweight(&id, s->repo, name, target, 0), 0);
	}
	git_signature_free(sig);
	git_object_free(target);
}

static const cw_health_check *check_named(const cw_health_report *r, const char *name)
{
	const cw_health_check *c = cw_health_check_find(r, name);
	assert_non_null(c);
	return c;
}

static bool has_evidence(const cw_health_check *c, const char *ref, const char *text)
{
	for (size_t i = 0; i < c->evidence_count; i++)
		if ((!ref || strcmp(c->evidence[i].ref, ref) == 0) &&
		    (!text || strstr(c->evidence[i].detail, text)))
			return true;
	return false;
}

static cw_health_report *analyze(scratch *s)
{
	cw_health_options opts = CW_HEALTH_OPTIONS_INIT;
	cw_health_report *r = NULL;
	opts.now = NOW;
	cw_assert_ok(cw_health_analyze(&r, s->dir, &opts));
	return r;
}

/* One person committing weekly, and a bot: bus factor 1, bots not counted. */
static void test_health__lone_maintainer_and_a_bot(void **state)
{
	scratch s;
	cw_health_report *r;
	const cw_health_stats *st;
	size_t in_90 = 0, in_365 = 0;
	char content[64];
	(void)state;
	scratch_init(&s);
	/* 30 weekly commits, the last 3 days ago; then 4 bot commits */
	for (int i = 29; i >= 0; i--) {
		double days = 3 + 7.0 * i;
		snprintf(content, sizeof(content), "v%d\n", i);
		commit_file(&s, "Solo", "Solo@Corp.Example", days, "src/main.c", content, strlen(content), "work");
		in_90 += days < 90;
		in_365 += days < 365;
	}
	for (int i = 0; i < 4; i++) {
		snprintf(content, sizeof(content), "dep %d\n", i);
		commit_file(&s, "dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com",
		            2 - 0.1 * i, "deps.txt", content, strlen(content), "Bump dep");
	}
	r = analyze(&s);
	st = cw_health_report_stats(r);
	assert_int_equal(st->commits, 34);
	assert_int_equal(st->commits_90d, in_90 + 4);
	assert_int_equal(st->human_commits_12m, in_365);
	assert_int_equal(st->bot_commits_12m, 4);
	assert_int_equal(st->contributors_12m, 1);
	assert_int_equal(st->bus_factor, 1);
	assert_int_equal(st->organizations, 1);
	assert_string_equal(st->organization_domains[0], "corp.example");
	/* 13 or more commits in 90 days is Scorecard's 10 */
	assert_int_equal(check_named(r, "Maintained")->score, 10);
	/* bus factor 1 (0) + one contributor (0) + one organisation (1) */
	assert_int_equal(check_named(r, "Contributors")->score, 1);
	assert_true(has_evidence(check_named(r, "Contributors"), "", "solo@corp.example: 30 commit(s)"));
	/* bot commits count as a dependency update tool */
	assert_int_equal(check_named(r, "Dependency-Update-Tool")->score, 10);
	assert_true(has_evidence(check_named(r, "Dependency-Update-Tool"), "", "4 commit(s) by bots"));
	/* 30 recent changesets minus the 4 by the bot, none reviewed */
	assert_int_equal(check_named(r, "Code-Review")->score, 0);
	assert_true(strstr(check_named(r, "Code-Review")->reason, "0 of the last 26") != NULL);
	assert_int_equal(check_named(r, "Signed-Releases")->score, -1);
	cw_health_report_free(r);
	scratch_free(&s);
}

static const char pgp_block[] =
	"-----BEGIN PGP SIGNATURE-----\n\niHUEABYKAB0WIQTestTestTestTestTestTestTestAAoJEF\n=abcd\n"
	"-----END PGP SIGNATURE-----\n";

/* Tags signed or not, a committed ELF file, a security policy. */
static void test_health__tags_binaries_and_policy(void **state)
{
	scratch s;
	cw_health_report *r;
	const cw_health_check *c;
	char msg[256];
	unsigned char elf[64] = { 0x7f, 'E', 'L', 'F', 2, 1, 1 };
	static const char policy[] = "Report a vulnerability to https://corp.example/security\n";
	static const char gpl[] = "SPDX-License-Identifier: GPL-2.0-only\n";
	(void)state;
	scratch_init(&s);
	commit_file(&s, "A", "a@corp.example", 200, "SECURITY.md", policy, strlen(policy), "policy");
	tag(&s, "v1.0", NULL, 0);
	commit_file(&s, "B", "b@other.example", 150, "bin/tool", elf, sizeof(elf), "add tool");
	tag(&s, "v1.1", "release 1.1\n", 150);
	commit_file(&s, "A", "a@corp.example", 100, "COPYING", gpl, strlen(gpl), "license");
	snprintf(msg, sizeof(msg), "release 2.0\n%s", pgp_block);
	tag(&s, "v2.0", msg, 100);
	tag(&s, "latest-build", msg, 99);  /* not a release name */
	r = analyze(&s);
	c = check_named(r, "Signed-Releases");
	assert_int_equal(c->score, 3);  /* 1 of 3 releases */
	assert_true(has_evidence(c, "v2.0", "PGP signature"));
	assert_true(has_evidence(c, "v1.1", "annotated, not signed"));
	assert_true(has_evidence(c, "v1.0", "lightweight"));
	assert_false(has_evidence(c, "latest-build", NULL));
	assert_string_equal(cw_health_report_stats(r)->last_release, "v2.0");
	c = check_named(r, "Binary-Artifacts");
	assert_int_equal(c->score, 9);
	assert_true(has_evidence(c, "bin/tool", "ELF"));
	c = check_named(r, "Security-Policy");
	assert_int_equal(c->score, 10);
	assert_true(has_evidence(c, "SECURITY.md", "has a contact"));
	c = check_named(r, "License");
	assert_int_equal(c->score, 10);  /* top-level file (9) + OSI-approved (1) */
	assert_true(has_evidence(c, "COPYING", "GPL-2.0-only (spdx-id)"));
	/* created 200 days ago, nothing in the last 90 days */
	assert_int_equal(check_named(r, "Maintained")->score, 0);
	cw_health_report_free(r);
	scratch_free(&s);
}

static void test_health__not_a_repository(void **state)
{
	cw_health_report *r = NULL;
	char dir[] = "/tmp/cw-health-plain-XXXXXX";
	(void)state;
	assert_non_null(mkdtemp(dir));
	assert_int_equal(cw_health_analyze(&r, dir, NULL), CW_ENOTFOUND);
	assert_null(r);
	assert_non_null(strstr(cw_error_last()->message, "not a git repository"));
	rmdir(dir);
}

/* ---- the workflow analyser -------------------------------------------------- */

static size_t count_kind(const cw__wf_findings *f, cw__wf_kind kind, size_t line)
{
	size_t n = 0;
	for (size_t i = 0; i < f->len; i++)
		n += f->items[i].kind == kind && (line == 0 || f->items[i].line == line);
	return n;
}

static void scan(cw__wf_findings *f, cw_arena *arena, const char *text)
{
	cw_assert_ok(cw__health_workflow_scan(f, arena, "w.yml", text, strlen(text)));
}

static void test_health__workflow_patterns(void **state)
{
	cw_arena arena = CW_ARENA_INIT;
	cw__wf_findings f = CW_VEC_INIT;
	(void)state;
	scan(&f, &arena,
	     "on: [workflow_run]\n"                                            /* 1 */
	     "permissions:\n"                                                  /* 2 */
	     "  contents: read\n"                                              /* 3 */
	     "jobs:\n"                                                         /* 4 */
	     "  a:\n"                                                          /* 5 */
	     "    uses: org/repo/.github/workflows/r.yml@0123456789abcdef0123456789abcdef01234567\n" /* 6 */
	     "  b:\n"                                                          /* 7 */
	     "    steps:\n"                                                    /* 8 */
	     "      - uses: actions/checkout@v4\n"                             /* 9 */
	     "        with:\n"                                                 /* 10 */
	     "          ref: ${{ github.event.workflow_run.head_sha }}\n"      /* 11 */
	     "      - uses: actions/github-script@v7\n"                        /* 12 */
	     "        with:\n"                                                 /* 13 */
	     "          script: |\n"                                           /* 14 */
	     "            const x = 1\n"                                       /* 15 */
	     "            core.info('${{ github.event.comment.body }}')\n"     /* 16 */
	     "      - run: echo ${{ github.head_ref }} ${{ github.sha }}\n"    /* 17 */
	     "      - uses: ./local\n"                                         /* 18 */
	     "      - uses: docker://alpine:3\n");                             /* 19 */
	assert_int_equal(count_kind(&f, CW_WF_PERM_TOP_READ, 2), 1);
	assert_int_equal(count_kind(&f, CW_WF_USES_PINNED, 6), 1);
	assert_int_equal(count_kind(&f, CW_WF_USES_UNPINNED, 9), 1);
	assert_int_equal(count_kind(&f, CW_WF_DANGEROUS_CHECKOUT, 11), 1);
	assert_int_equal(count_kind(&f, CW_WF_SCRIPT_INJECTION, 16), 1);
	assert_int_equal(count_kind(&f, CW_WF_SCRIPT_INJECTION, 17), 1);
	assert_int_equal(count_kind(&f, CW_WF_SCRIPT_INJECTION, 0), 2);  /* github.sha is safe */
	assert_int_equal(count_kind(&f, CW_WF_USES_UNPINNED, 19), 1);
	assert_int_equal(count_kind(&f, CW_WF_USES_PINNED, 0) + count_kind(&f, CW_WF_USES_UNPINNED, 0), 4);
	cw_vec_free(&f);

	/* the same checkout on a push trigger is not dangerous */
	scan(&f, &arena, "on: push\njobs:\n  a:\n    steps:\n      - uses: actions/checkout@v4\n"
	                 "        with: {ref: '${{ github.event.pull_request.head.sha }}'}\n");
	assert_int_equal(count_kind(&f, CW_WF_DANGEROUS_CHECKOUT, 0), 0);
	assert_int_equal(count_kind(&f, CW_WF_PERM_TOP_NONE, 1), 1);
	cw_vec_free(&f);

	/* write permissions, publishing, downloads */
	scan(&f, &arena, "on: push\npermissions: write-all\njobs:\n  p:\n    permissions: write-all\n"
	                 "    steps:\n      - run: |\n          curl -fsSL https://x.invalid/i.sh | sudo bash\n"
	                 "          twine upload dist/*\n");
	assert_int_equal(count_kind(&f, CW_WF_PERM_TOP_WRITE, 2), 1);
	assert_int_equal(count_kind(&f, CW_WF_PERM_JOB_WRITE, 5), 1);
	assert_int_equal(count_kind(&f, CW_WF_DOWNLOAD_PIPE, 8), 1);
	assert_int_equal(count_kind(&f, CW_WF_PUBLISH, 0), 1);
	cw_vec_free(&f);

	/* invalid YAML is a finding with the position, not a failure */
	scan(&f, &arena, "jobs:\n  a: [\n");
	assert_int_equal(f.len, 1);
	assert_int_equal(f.items[0].kind, CW_WF_PARSE_ERROR);
	assert_non_null(strstr(f.items[0].detail, "w.yml:"));
	cw_vec_free(&f);
	cw__arena_free(&arena);
}

static void test_health__parse_time(void **state)
{
	int64_t t;
	(void)state;
	cw_assert_ok(cw_health_parse_time(&t, "2026-06-01"));
	assert_int_equal(t, NOW);
	cw_assert_ok(cw_health_parse_time(&t, "2026-06-01T01:02:03Z"));
	assert_int_equal(t, NOW + 3723);
	cw_assert_ok(cw_health_parse_time(&t, "@12345"));
	assert_int_equal(t, 12345);
	assert_int_equal(cw_health_parse_time(&t, "2026-13-01"), CW_EINVALID);
	assert_int_equal(cw_health_parse_time(&t, "2026-06-01T01:02:03"), CW_EINVALID);
	assert_int_equal(cw_health_parse_time(&t, "@x"), CW_EINVALID);
}

static void expect_repo(const char *url, const char *want)
{
	char *got = NULL;
	if (!want) {
		assert_int_equal(cw_health_repo_normalize(&got, url), CW_EINVALID);
		assert_null(got);
		return;
	}
	cw_assert_ok(cw_health_repo_normalize(&got, url));
	if (strcmp(got, want) != 0)
		fail_msg("%s -> %s, expected %s", url, got, want);
	free(got);
}

static void test_health__repository_urls_normalise(void **state)
{
	(void)state;
	expect_repo("git+https://github.com/Acme/Lib.git", "github.com/acme/lib");
	expect_repo("https://github.com/acme/lib/", "github.com/acme/lib");
	expect_repo("git://github.com/acme/lib.git#v1.0", "github.com/acme/lib");
	expect_repo("git@github.com:acme/lib.git", "github.com/acme/lib");
	expect_repo("ssh://git@gitlab.com:22/group/sub/lib.git", "gitlab.com/group/sub/lib");
	expect_repo("https://user:token@example.org/x/y", "example.org/x/y");
	expect_repo("acme/lib", "github.com/acme/lib");
	expect_repo("github:acme/lib", "github.com/acme/lib");
	expect_repo("gitlab:grp/lib", "gitlab.com/grp/lib");
	expect_repo("gitlab.com/group/sub/lib", "gitlab.com/group/sub/lib");
	expect_repo("a/b/c", "a/b/c");
	expect_repo("git@myhost:group/lib.git.git/", "myhost/group/lib");
	expect_repo("https://example.org/lib", NULL);
	expect_repo("/local/path", NULL);
	expect_repo("lib", NULL);
	expect_repo("", NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_health__lone_maintainer_and_a_bot),
		cmocka_unit_test(test_health__tags_binaries_and_policy),
		cmocka_unit_test(test_health__not_a_repository),
		cmocka_unit_test(test_health__workflow_patterns),
		cmocka_unit_test(test_health__parse_time),
		cmocka_unit_test(test_health__repository_urls_normalise),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
