/*
 * checks_build.c - the checks about how the project is built and tested:
 * CI-Tests, Fuzzing, SAST and Packaging.
 *
 * Scorecard judges CI-Tests and SAST from the checks that ran on merged
 * pull requests, which a clone cannot see; here the configuration must
 * show them (docs/health.md):
 *  - CI-Tests: 10 when a CI configuration runs tests, 5 when CI exists but
 *    no test step is recognised, 0 without CI.
 *  - Fuzzing: ClusterFuzzLite (.clusterfuzzlite/), CIFuzz or ClusterFuzzLite
 *    actions, or fuzz harnesses (libFuzzer's LLVMFuzzerTestOneInput, Go
 *    native fuzz tests, cargo-fuzz, atheris, Jazzer) score 10; a fuzz
 *    directory without a recognised harness 5.
 *  - SAST: a tool run from a workflow (CodeQL, semgrep, SonarCloud, ...) 10;
 *    its configuration without a workflow running it 7.
 *  - Packaging: a workflow that publishes (npm publish, twine, docker push,
 *    goreleaser, PyPI publish action...) 10; none found is inconclusive (-1),
 *    as in Scorecard.
 */
#include "health/health_internal.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "util/str.h"

#define MAX_HARNESS_FILES 2000

static bool has_nocase(const char *s, const char *needle)
{
	return cw__health_find_nocase(s, needle) != NULL;
}

/* A check scored 10 when `strong` evidence was found, lower with only `weak` evidence, else 0. */
typedef struct {
	const char *found, *unit;   /* "<found> (<strong> <unit>)" */
	int weak_score;
	const char *weak, *none;
} tiers;

static int tiered(cw__hctx *ctx, cw__hc_id id, const tiers *t, size_t strong, size_t weak)
{
	if (strong)
		return cw__hc_result(ctx, id, 10, "%s (%zu %s)", t->found, strong, t->unit);
	if (weak)
		return cw__hc_result(ctx, id, t->weak_score, "%s", t->weak);
	return cw__hc_result(ctx, id, 0, "%s", t->none);
}

/* Evidence for every workflow finding of `kind`; returns how many. */
static int workflow_findings(cw__hctx *ctx, cw__hc_id id, cw__wf_kind kind, size_t *count)
{
	int error;
	for (size_t w = 0; w < ctx->workflows.len; w++)
		for (size_t i = 0; i < ctx->workflows.items[w].findings.len; i++) {
			const cw__wf_finding *f = &ctx->workflows.items[w].findings.items[i];
			if (f->kind != kind)
				continue;
			++*count;
			if ((error = cw__hc_evidence(ctx, id, "file", ctx->workflows.items[w].path, f->line,
			                             "%s", f->detail)) < 0)
				return error;
		}
	return 0;
}

static int ci_tests(cw__hctx *ctx)
{
	static const char *const ci_files[] = {
		".gitlab-ci.yml", ".travis.yml", ".circleci/config.yml", "jenkinsfile",
		"azure-pipelines.yml", "appveyor.yml", ".appveyor.yml", ".cirrus.yml", ".drone.yml",
		"bitbucket-pipelines.yml", ".woodpecker.yml", ".buildkite/pipeline.yml", ".zuul.yaml",
		"zuul.yaml", ".builds/", ".woodpecker/", ".zuul.d/", "zuul.d/", NULL
	};
	size_t ci = ctx->workflows.len, tests = 0;
	cw_buf buf = CW_BUF_INIT;
	int error = 0;

	for (size_t i = 0; i < ctx->workflows.len; i++)
		if ((error = cw__hc_evidence(ctx, CW_HC_CI_TESTS, "file", ctx->workflows.items[i].path, 0,
		                             "GitHub Actions workflow")) < 0)
			return error;
	if ((error = workflow_findings(ctx, CW_HC_CI_TESTS, CW_WF_TESTS, &tests)) < 0)
		return error;
	for (size_t i = 0; i < ctx->files.len; i++) {
		const cw__hfile *f = &ctx->files.items[i];
		bool match = false;
		for (size_t k = 0; ci_files[k] && !match; k++) {
			size_t n = strlen(ci_files[k]);
			match = ci_files[k][n - 1] == '/' ? strncasecmp(f->path, ci_files[k], n) == 0
			                                  : strcasecmp(f->path, ci_files[k]) == 0;
		}
		if (!match)
			continue;
		ci++;
		cw__buf_clear(&buf);
		if ((error = cw__hc_read(ctx, &buf, f)) < 0)
			break;
		if (buf.ptr && (has_nocase(buf.ptr, "test") || has_nocase(buf.ptr, "make check"))) {
			tests++;
			error = cw__hc_evidence(ctx, CW_HC_CI_TESTS, "file", f->path, 0, "CI configuration that runs tests");
		} else {
			error = cw__hc_evidence(ctx, CW_HC_CI_TESTS, "file", f->path, 0, "CI configuration");
		}
		if (error < 0)
			break;
	}
	cw__buf_free(&buf);
	if (error < 0)
		return error;
	if (ci == 0)
		return cw__hc_result(ctx, CW_HC_CI_TESTS, 0, "no CI configuration found");
	if (tests == 0)
		return cw__hc_result(ctx, CW_HC_CI_TESTS, 5, "%zu CI configuration(s), no test step recognised", ci);
	return cw__hc_result(ctx, CW_HC_CI_TESTS, 10, "%zu CI configuration(s) running tests", ci);
}

/* Length of the path up to a directory named fuzz* (fuzz, fuzzing,
 * fuzzers, fuzz_targets...) and its slash, or 0. */
static size_t fuzz_dir(const char *path)
{
	for (const char *seg = path; ; ) {
		const char *slash = strchr(seg, '/');
		if (!slash)
			return 0;
		if (strncasecmp(seg, "fuzz", 4) == 0)
			return (size_t)(slash - path) + 1;
		seg = slash + 1;
	}
}

static const char *harness_marker(const char *text)
{
	static const char *const markers[] = {
		"LLVMFuzzerTestOneInput", "fuzz_target!", "atheris.Setup", "fuzzerTestOneInput",
		"@FuzzTest", "*testing.F)", "honggfuzz", "AFL_FUZZ_INIT", NULL
	};
	for (size_t i = 0; markers[i]; i++)
		if (strstr(text, markers[i]))
			return markers[i];
	return NULL;
}

static bool source_file(const char *path)
{
	static const char *const exts[] = {
		".c", ".cc", ".cpp", ".cxx", ".rs", ".go", ".py", ".java", ".js", ".ts", ".swift", ".zig", NULL
	};
	size_t n = strlen(path);
	for (size_t i = 0; exts[i]; i++) {
		size_t e = strlen(exts[i]);
		if (n > e && strcasecmp(path + n - e, exts[i]) == 0)
			return true;
	}
	return false;
}

static int fuzzing(cw__hctx *ctx)
{
	size_t strong = 0, dirs = 0, read = 0;
	const char *last_dir = NULL;
	cw_buf buf = CW_BUF_INIT;
	int error = 0;

	if ((error = workflow_findings(ctx, CW_HC_FUZZING, CW_WF_FUZZ, &strong)) < 0)
		return error;
	for (size_t i = 0; i < ctx->files.len && error == 0; i++) {
		const cw__hfile *f = &ctx->files.items[i];
		const char *m;
		size_t dl;
		bool go_test;
		if (strncmp(f->path, ".clusterfuzzlite/", 17) == 0) {
			strong++;
			error = cw__hc_evidence(ctx, CW_HC_FUZZING, "file", f->path, 0, "ClusterFuzzLite configuration");
			continue;
		}
		go_test = strlen(f->path) > 8 && strcmp(f->path + strlen(f->path) - 8, "_test.go") == 0;
		if ((dl = fuzz_dir(f->path)) && (!last_dir || strlen(last_dir) != dl ||
		                                  strncmp(last_dir, f->path, dl) != 0)) {
			if (!(last_dir = cw__arena_strndup(ctx->arena, f->path, dl))) {
				error = cw_error_last()->code;
				break;
			}
			dirs++;
			if ((error = cw__hc_evidence(ctx, CW_HC_FUZZING, "file", last_dir, 0, "fuzzing directory")) < 0)
				break;
		}
		if (!source_file(f->path) || !(go_test || has_nocase(f->path, "fuzz")) || read >= MAX_HARNESS_FILES)
			continue;
		read++;
		cw__buf_clear(&buf);
		if ((error = cw__hc_read(ctx, &buf, f)) < 0)
			break;
		if (buf.ptr && (m = harness_marker(buf.ptr)) && (!go_test || strstr(buf.ptr, "func Fuzz"))) {
			strong++;
			error = cw__hc_evidence(ctx, CW_HC_FUZZING, "file", f->path, 0, "fuzz harness (%s)", m);
		}
	}
	cw__buf_free(&buf);
	if (error < 0)
		return error;
	static const tiers fuzz = { "project is fuzzed", "harness or configuration file(s)", 5,
	                            "a fuzzing directory but no recognised harness", "no fuzzing found" };
	return tiered(ctx, CW_HC_FUZZING, &fuzz, strong, dirs);
}

static int sast(cw__hctx *ctx)
{
	static const char *const configs[] = {
		".semgrep.yml", ".semgrep.yaml", ".semgrep/", "semgrep.yml", "sonar-project.properties",
		".github/codeql/", ".codeql/", "codeql-config.yml", ".bandit", ".gosec.json", NULL
	};
	size_t runs = 0, cfg = 0;
	int error;
	if ((error = workflow_findings(ctx, CW_HC_SAST, CW_WF_SAST, &runs)) < 0)
		return error;
	for (size_t i = 0; i < ctx->files.len; i++) {
		const char *p = ctx->files.items[i].path;
		for (size_t k = 0; configs[k]; k++) {
			size_t n = strlen(configs[k]);
			bool dir = configs[k][n - 1] == '/';
			if (dir ? strncmp(p, configs[k], n) == 0 : strcmp(p, configs[k]) == 0) {
				cfg++;
				if ((error = cw__hc_evidence(ctx, CW_HC_SAST, "file", p, 0, "SAST configuration")) < 0)
					return error;
				break;
			}
		}
	}
	static const tiers sast_tiers = { "static analysis runs in CI", "step(s)", 7,
	                                  "static analysis configured but not seen running in a workflow",
	                                  "no static analysis (SAST) tool found" };
	return tiered(ctx, CW_HC_SAST, &sast_tiers, runs, cfg);
}

static int packaging(cw__hctx *ctx)
{
	size_t n = 0;
	int error;
	if ((error = workflow_findings(ctx, CW_HC_PACKAGING, CW_WF_PUBLISH, &n)) < 0)
		return error;
	if (n == 0)
		return cw__hc_result(ctx, CW_HC_PACKAGING, -1, "no publishing workflow found");
	return cw__hc_result(ctx, CW_HC_PACKAGING, 10, "packaging workflow detected (%zu step(s))", n);
}

int cw__health_checks_build(cw__hctx *ctx)
{
	static const cw__hc_fn checks[] = { ci_tests, fuzzing, sast, packaging };
	return cw__hc_run(ctx, checks, sizeof(checks) / sizeof(checks[0]));
}
