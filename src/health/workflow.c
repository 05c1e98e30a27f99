/*
 * workflow.c - analyse one GitHub Actions workflow file.
 *
 * Syntax: https://docs.github.com/en/actions/writing-workflows/workflow-syntax-for-github-actions
 * Patterns follow OpenSSF Scorecard's Pinned-Dependencies, Dangerous-Workflow
 * and Token-Permissions checks (docs/checks.md in ossf/scorecard):
 *
 *  - `uses:` is pinned when its ref is a full 40-hex commit id (or, for
 *    docker://, a sha256 digest); local actions (./...) need no pin.
 *  - Dangerous: a workflow triggered by pull_request_target or workflow_run
 *    (which run with the base repository's secrets and write token) that
 *    checks out the pull request's head; and "script injection", an
 *    attacker-controlled `${{ github.event.* }}` value (titles, bodies,
 *    branch names, commit messages, author names) expanded into a `run:`
 *    script or an actions/github-script `script:`.
 *  - Token permissions: a read-only top-level `permissions:` block
 *    (read-all, or scopes that are all read/none) is what Scorecard wants;
 *    none at all, write-all or a write scope at the top are findings, as is
 *    write-all on a job.
 *
 * The file is parsed with libyaml into a capped tree (inventory/yaml_tree.h);
 * anchors are not expanded.  Invalid YAML is a finding, never a failure.
 */
#include "health/health_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "inventory/yaml_tree.h"
#include "util/error.h"
#include "util/str.h"

typedef struct {
	cw__wf_findings *out;
	cw_arena *arena;       /* the caller's: finding details */
	bool untrusted_trigger;
	const char *trigger;
} scan;

static int add(scan *s, cw__wf_kind kind, size_t line, const char *fmt, ...) CW_PRINTF(4, 5);

static int add(scan *s, cw__wf_kind kind, size_t line, const char *fmt, ...)
{
	va_list ap;
	cw__wf_finding f = { kind, line, NULL };
	va_start(ap, fmt);
	f.detail = cw__health_vformat(s->arena, 512, fmt, ap);
	va_end(ap);
	return f.detail ? cw_vec_push(s->out, f) : cw_error_last()->code;
}

static bool starts_nocase(const char *s, const char *prefix)
{
	return strncasecmp(s, prefix, strlen(prefix)) == 0;
}

static bool contains_nocase(const char *s, const char *needle)
{
	return cw__health_find_nocase(s, needle) != NULL;
}

static bool is_hex40(const char *s)
{
	size_t n = 0;
	for (; s[n]; n++)
		if (!((s[n] >= '0' && s[n] <= '9') || (s[n] >= 'a' && s[n] <= 'f') ||
		      (s[n] >= 'A' && s[n] <= 'F')))
			return false;
	return n == 40;
}

static const char *scalar(const cw_ynode *n)
{
	return n && n->type == CW_YN_SCALAR ? n->str.ptr : NULL;
}

/* ---- triggers ------------------------------------------------------------ */

static void note_trigger(scan *s, const char *name)
{
	if (name && (strcmp(name, "pull_request_target") == 0 || strcmp(name, "workflow_run") == 0)) {
		s->untrusted_trigger = true;
		s->trigger = name;
	}
}

static void read_triggers(scan *s, const cw_ynode *on)
{
	if (!on)
		return;
	if (on->type == CW_YN_SCALAR)
		note_trigger(s, on->str.ptr);
	else if (on->type == CW_YN_SEQ)
		for (size_t i = 0; i < on->count; i++)
			note_trigger(s, scalar(on->items[i]));
	else
		for (size_t i = 0; i + 1 < on->count; i += 2)
			note_trigger(s, scalar(on->items[i]));
}

/* ---- permissions --------------------------------------------------------- */

/* The line of `key` in a mapping (a block value starts on the next line). */
static size_t key_line(const cw_ynode *map, const char *key, size_t fallback)
{
	size_t n = strlen(key);
	for (size_t i = 0; map && map->type == CW_YN_MAP && i + 1 < map->count; i += 2) {
		const cw_ynode *k = map->items[i];
		if (k->type == CW_YN_SCALAR && k->str.len == n && memcmp(k->str.ptr, key, n) == 0)
			return k->line;
	}
	return fallback;
}

/* The first write scope of a permissions node ("contents: write"), or NULL. */
static const char *write_scope(const cw_ynode *p, char *buf, size_t size)
{
	const char *v = scalar(p);
	if (v)
		return strcmp(v, "write-all") == 0 || strcmp(v, "write") == 0 ? v : NULL;
	if (p->type != CW_YN_MAP)
		return NULL;
	for (size_t i = 0; i + 1 < p->count; i += 2) {
		const char *k = scalar(p->items[i]), *val = scalar(p->items[i + 1]);
		if (k && val && strcmp(val, "write") == 0) {
			snprintf(buf, size, "%s: write", k);
			return buf;
		}
	}
	return NULL;
}

static int read_permissions(scan *s, const cw_ynode *root, const cw_ynode *jobs)
{
	const cw_ynode *p = cw__yaml_get(root, "permissions");
	char buf[160];
	const char *w;
	int error;
	if (!p)
		error = add(s, CW_WF_PERM_TOP_NONE, 1, "no top-level permissions: the token gets the repository default");
	else if ((w = write_scope(p, buf, sizeof(buf))))
		error = add(s, CW_WF_PERM_TOP_WRITE, key_line(root, "permissions", p->line),
		            "top-level permissions grant %s", w);
	else
		error = add(s, CW_WF_PERM_TOP_READ, key_line(root, "permissions", p->line),
		            "top-level permissions are read-only");
	if (error < 0 || !jobs || jobs->type != CW_YN_MAP)
		return error;
	for (size_t i = 0; i + 1 < jobs->count; i += 2) {
		const cw_ynode *jp = cw__yaml_get(jobs->items[i + 1], "permissions");
		const char *v = scalar(jp);
		if (v && strcmp(v, "write-all") == 0 &&
		    (error = add(s, CW_WF_PERM_JOB_WRITE, key_line(jobs->items[i + 1], "permissions", jp->line), "job %s has permissions: write-all",
		                 scalar(jobs->items[i]) ? scalar(jobs->items[i]) : "?")) < 0)
			return error;
	}
	return 0;
}

/* ---- uses: --------------------------------------------------------------- */

static int check_uses(scan *s, const cw_ynode *node)
{
	const char *v = scalar(node), *at;
	bool pinned;
	if (!v || !*v || strncmp(v, "./", 2) == 0)
		return 0;
	if (strncmp(v, "docker://", 9) == 0)
		pinned = strstr(v, "@sha256:") != NULL;
	else
		pinned = (at = strrchr(v, '@')) && is_hex40(at + 1);
	return add(s, pinned ? CW_WF_USES_PINNED : CW_WF_USES_UNPINNED, node->line, "%s", v);
}

/* ---- run: scripts --------------------------------------------------------- */

static bool untrusted_field(const char *path, size_t len)
{
	static const char *const suffixes[] = {
		".title", ".body", ".message", ".ref", ".label", ".name", ".email",
		".head_branch", ".default_branch", ".page_name", NULL
	};
	for (size_t i = 0; suffixes[i]; i++) {
		size_t n = strlen(suffixes[i]);
		if (len >= n && strncmp(path + len - n, suffixes[i], n) == 0)
			return true;
	}
	return false;
}

/* Line of byte `off` of a scalar that starts on `line` (block scalars start below). */
static size_t line_of(const cw_ynode *n, size_t off)
{
	size_t line = n->line + (memchr(n->str.ptr, '\n', n->str.len) ? 1 : 0);
	for (size_t i = 0; i < off && i < n->str.len; i++)
		line += n->str.ptr[i] == '\n';
	return line;
}

static int check_injection(scan *s, const cw_ynode *script, const char *where)
{
	const char *text = scalar(script), *p;
	int error;
	if (!text)
		return 0;
	for (p = strstr(text, "${{"); p; p = strstr(p + 3, "${{")) {
		const char *end = strstr(p, "}}");
		size_t elen = end ? (size_t)(end - p) : strlen(p);
		for (const char *q = p; q < p + elen; q++) {
			bool head_ref = strncmp(q, "github.head_ref", 15) == 0;
			if (head_ref || strncmp(q, "github.event.", 13) == 0) {
				size_t n = 0;
				while (q + n < p + elen && (cw_is_alnum(q[n]) || strchr("._*-[]'", q[n])))
					n++;
				if (head_ref || untrusted_field(q, n)) {
					if ((error = add(s, CW_WF_SCRIPT_INJECTION, line_of(script, (size_t)(q - text)),
					                 "%.*s expanded in %s", (int)n, q, where)) < 0)
						return error;
				}
				q += n ? n - 1 : 0;
			}
		}
	}
	return 0;
}

static bool pipe_to_shell(const char *line, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (line[i] != '|')
			continue;
		size_t j = i + 1;
		while (j < len && line[j] == ' ')
			j++;
		if (j + 5 <= len && strncmp(line + j, "sudo ", 5) == 0)
			for (j += 5; j < len && line[j] == ' '; j++)
				;
		if ((j + 2 <= len && strncmp(line + j, "sh", 2) == 0 && (j + 2 == len || !cw_is_alnum(line[j + 2]))) ||
		    (j + 4 <= len && strncmp(line + j, "bash", 4) == 0 && (j + 4 == len || !cw_is_alnum(line[j + 4]))))
			return true;
	}
	return false;
}

static const char *const publish_runs[] = {
	"npm publish", "yarn publish", "yarn npm publish", "pnpm publish", "twine upload",
	"cargo publish", "gem push", "docker push", "mvn deploy", "gradle publish",
	"gradlew publish", "nuget push", "goreleaser", "poetry publish", "flit publish",
	"hatch publish", "uv publish", "podman push", NULL
};
static const char *const publish_uses[] = {
	"pypa/gh-action-pypi-publish", "docker/build-push-action", "goreleaser/goreleaser-action",
	"js-devtools/npm-publish", "rubygems/release-gem", "softprops/action-gh-release",
	"ncipollo/release-action", "ko-build/setup-ko", "actions/attest-build-provenance",
	"slsa-framework/slsa-github-generator", NULL
};
static const char *const sast_runs[] = {
	"semgrep", "codeql", "gosec", "bandit ", "scan-build", "cppcheck", "clang-tidy",
	"flawfinder", "brakeman", "spotbugs", "sonar-scanner", "snyk code", NULL
};
static const char *const sast_uses[] = {
	"github/codeql-action/analyze", "github/codeql-action/init", "returntocorp/semgrep-action",
	"semgrep/semgrep-action", "sonarsource/sonarcloud-github-action",
	"sonarsource/sonarqube-scan-action", "snyk/actions", "securego/gosec",
	"pmd/pmd-github-action", "datadog/datadog-static-analyzer-github-action", NULL
};
static const char *const fuzz_uses[] = {
	"google/oss-fuzz/infra/cifuzz/actions", "google/clusterfuzzlite/actions", NULL
};

static const char *match_any(const char *text, const char *const *list, bool prefix)
{
	for (size_t i = 0; list[i]; i++)
		if (prefix ? starts_nocase(text, list[i]) : contains_nocase(text, list[i]))
			return list[i];
	return NULL;
}

static int check_run(scan *s, const cw_ynode *run)
{
	const char *text = scalar(run), *m;
	int error;
	if (!text)
		return 0;
	if ((error = check_injection(s, run, "a run: script")) < 0)
		return error;
	for (const char *line = text; *line; ) {
		const char *end = strchr(line, '\n');
		size_t len = end ? (size_t)(end - line) : strlen(line);
		char buf[200];
		snprintf(buf, sizeof(buf), "%.*s", (int)(len < 199 ? len : 199), line);
		if ((strstr(buf, "curl ") || strstr(buf, "wget ")) && pipe_to_shell(line, len) &&
		    (error = add(s, CW_WF_DOWNLOAD_PIPE, line_of(run, (size_t)(line - text)),
		                 "downloaded script piped to a shell: %s", buf)) < 0)
			return error;
		if (!end)
			break;
		line = end + 1;
	}
	if ((m = match_any(text, publish_runs, false)) &&
	    (error = add(s, CW_WF_PUBLISH, run->line, "runs %s", m)) < 0)
		return error;
	if ((m = match_any(text, sast_runs, false)) &&
	    (error = add(s, CW_WF_SAST, run->line, "runs %s", m)) < 0)
		return error;
	if ((contains_nocase(text, "test") || contains_nocase(text, "make check") ||
	     contains_nocase(text, "ninja check")) &&
	    (error = add(s, CW_WF_TESTS, run->line, "a run: step runs tests")) < 0)
		return error;
	return 0;
}

static int check_step(scan *s, const cw_ynode *step)
{
	const cw_ynode *uses = cw__yaml_get(step, "uses"), *with = cw__yaml_get(step, "with");
	const char *u = scalar(uses), *m;
	int error;
	if ((error = check_uses(s, uses)) < 0 || (error = check_run(s, cw__yaml_get(step, "run"))) < 0)
		return error;
	if (!u)
		return 0;
	if (starts_nocase(u, "actions/checkout@") && s->untrusted_trigger) {
		const cw_ynode *ref = cw__yaml_get(with, "ref");
		const char *r = scalar(ref);
		if (r && (strstr(r, "github.event.pull_request.head") || strstr(r, "github.head_ref") ||
		          strstr(r, "github.event.workflow_run.head") || strstr(r, "refs/pull/")) &&
		    (error = add(s, CW_WF_DANGEROUS_CHECKOUT, ref->line,
		                 "%s workflow checks out untrusted code: ref: %s", s->trigger, r)) < 0)
			return error;
	}
	if (starts_nocase(u, "actions/github-script@") &&
	    (error = check_injection(s, cw__yaml_get(with, "script"), "a github-script script")) < 0)
		return error;
	if ((m = match_any(u, publish_uses, true)) &&
	    (error = add(s, CW_WF_PUBLISH, uses->line, "uses %s", u)) < 0)
		return error;
	if ((m = match_any(u, sast_uses, true)) && (error = add(s, CW_WF_SAST, uses->line, "uses %s", u)) < 0)
		return error;
	if ((m = match_any(u, fuzz_uses, true)) && (error = add(s, CW_WF_FUZZ, uses->line, "uses %s", u)) < 0)
		return error;
	if (starts_nocase(u, "renovatebot/github-action") &&
	    (error = add(s, CW_WF_DEP_UPDATE, uses->line, "uses %s", u)) < 0)
		return error;
	return 0;
}

static int check_job(scan *s, const cw_ynode *name, const cw_ynode *job)
{
	const cw_ynode *steps = cw__yaml_get(job, "steps");
	const char *n = scalar(name);
	int error;
	if (job->type != CW_YN_MAP)
		return 0;
	/* a reusable workflow: jobs.<id>.uses */
	if ((error = check_uses(s, cw__yaml_get(job, "uses"))) < 0)
		return error;
	if (n && contains_nocase(n, "test") &&
	    (error = add(s, CW_WF_TESTS, name->line, "job %s", n)) < 0)
		return error;
	if (!steps || steps->type != CW_YN_SEQ)
		return 0;
	for (size_t i = 0; i < steps->count; i++) {
		const cw_ynode *st = steps->items[i];
		const char *sn = scalar(cw__yaml_get(st, "name"));
		if (st->type != CW_YN_MAP)
			continue;
		if ((error = check_step(s, st)) < 0)
			return error;
		if (sn && contains_nocase(sn, "test") &&
		    (error = add(s, CW_WF_TESTS, st->line, "step %s", sn)) < 0)
			return error;
	}
	return 0;
}

int cw__health_workflow_scan(cw__wf_findings *out, cw_arena *arena, const char *path,
                             const char *data, size_t len)
{
	cw_arena tree_arena = CW_ARENA_INIT;
	cw_ynode *root = NULL;
	const cw_ynode *jobs;
	scan s = { out, arena, false, NULL };
	int error;

	tree_arena.max = (size_t)64 << 20;
	if ((error = cw__yaml_parse(&root, &tree_arena, path, data, len)) < 0) {
		if (error == CW_ENOMEM)
			goto done;
		error = add(&s, CW_WF_PARSE_ERROR, 0, "%s", cw_error_last()->message);
		goto done;
	}
	if (!root || root->type != CW_YN_MAP) {
		error = add(&s, CW_WF_PARSE_ERROR, root ? root->line : 0,
		            "%s: not a workflow (the document is not a mapping)", path);
		goto done;
	}
	read_triggers(&s, cw__yaml_get(root, "on"));
	jobs = cw__yaml_get(root, "jobs");
	if ((error = read_permissions(&s, root, jobs)) < 0)
		goto done;
	if (jobs && jobs->type == CW_YN_MAP)
		for (size_t i = 0; i + 1 < jobs->count; i += 2)
			if ((error = check_job(&s, jobs->items[i], jobs->items[i + 1])) < 0)
				goto done;
done:
	cw__arena_free(&tree_arena);
	return error;
}
