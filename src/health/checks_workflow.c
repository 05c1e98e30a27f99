/*
 * checks_workflow.c - Pinned-Dependencies, Dangerous-Workflow and
 * Token-Permissions, from the workflow findings (workflow.c) and the
 * Dockerfiles of the tree.
 *
 * Scorecard definitions (docs/checks.md in ossf/scorecard):
 *  - Pinned-Dependencies: GitHub Actions referenced by a full commit id,
 *    container images by digest (FROM image@sha256:...), and no script
 *    downloaded and piped to a shell; the score is the pinned share
 *    (inconclusive, -1, when there is nothing to pin).
 *  - Dangerous-Workflow: any dangerous pattern scores 0 (Critical risk).
 *  - Token-Permissions: each workflow should declare read-only top-level
 *    permissions; the score is the share of workflows that do, and a
 *    write-all job makes its workflow fail.
 * Without workflows, the workflow checks are inconclusive (-1).
 */
#include "health/health_internal.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "util/str.h"

static bool dockerfile(const char *path)
{
	const char *b = strrchr(path, '/');
	b = b ? b + 1 : path;
	if (strcasecmp(b, "dockerfile") == 0 || strcasecmp(b, "containerfile") == 0 ||
	    strncasecmp(b, "dockerfile.", 11) == 0)
		return true;
	{
		size_t n = strlen(b);
		return n > 11 && strcasecmp(b + n - 11, ".dockerfile") == 0;
	}
}

typedef struct {
	size_t pinned, unpinned;
} counts;

/* FROM lines of a Dockerfile: images pinned by digest or not. */
static int scan_dockerfile(cw__hctx *ctx, const cw__hfile *f, counts *c)
{
	char stages[16][64];
	size_t nstages = 0, line = 0;
	cw_buf buf = CW_BUF_INIT;
	int error;
	if ((error = cw__hc_read(ctx, &buf, f)) < 0 || !buf.ptr)
		goto done;
	for (const char *p = buf.ptr; *p; ) {
		size_t n = strcspn(p, "\n");
		cw_slice s = cw__slice_trim((cw_slice){ p, n });
		line++;
		if (s.len > 5 && strncasecmp(s.ptr, "FROM", 4) == 0 && (s.ptr[4] == ' ' || s.ptr[4] == '\t')) {
			char text[512], img[256] = "", as[8] = "", name[64] = "";
			const char *q;
			int used = 0;
			bool stage = false, pinned;
			snprintf(text, sizeof(text), "%.*s", (int)s.len, s.ptr);
			q = text + 5;
			/* skip --platform=... flags */
			while (sscanf(q, " %255s%n", img, &used) == 1 && strncmp(img, "--", 2) == 0)
				q += used;
			if (sscanf(q, " %255s %7s %63s", img, as, name) < 1)
				goto next;
			/* a stage defined on an earlier line is not a dependency */
			for (size_t i = 0; i < nstages; i++)
				stage = stage || strcasecmp(stages[i], img) == 0;
			if (strcasecmp(as, "as") == 0 && name[0] && nstages < 16)
				snprintf(stages[nstages++], sizeof(stages[0]), "%s", name);
			if (stage || strcmp(img, "scratch") == 0)
				goto next;
			pinned = strstr(img, "@sha256:") != NULL;
			if (pinned)
				c->pinned++;
			else
				c->unpinned++;
			if ((error = cw__hc_evidence(ctx, CW_HC_PINNED_DEPENDENCIES, "file", f->path, line,
			                             "%s image %s", pinned ? "pinned" : "unpinned", img)) < 0)
				goto done;
		}
next:
		p += n + (p[n] == '\n');
	}
done:
	cw__buf_free(&buf);
	return error;
}

/* Evidence "what: detail" for finding `f` of workflow `w`. */
static int finding_evidence(cw__hctx *ctx, cw__hc_id id, size_t w, const cw__wf_finding *f, const char *what)
{
	return cw__hc_evidence(ctx, id, "file", ctx->workflows.items[w].path, f->line, "%s: %s", what, f->detail);
}

static int pinned_dependencies(cw__hctx *ctx)
{
	counts c = { 0, 0 };
	int error;
	for (size_t w = 0; w < ctx->workflows.len; w++)
		for (size_t i = 0; i < ctx->workflows.items[w].findings.len; i++) {
			const cw__wf_finding *f = &ctx->workflows.items[w].findings.items[i];
			const char *what;
			if (f->kind == CW_WF_USES_PINNED) {
				c.pinned++;
				what = "pinned by commit id";
			} else if (f->kind == CW_WF_USES_UNPINNED) {
				c.unpinned++;
				what = "not pinned by commit id";
			} else if (f->kind == CW_WF_DOWNLOAD_PIPE) {
				c.unpinned++;
				what = "unpinned download";
			} else {
				continue;
			}
			if ((error = finding_evidence(ctx, CW_HC_PINNED_DEPENDENCIES, w, f, what)) < 0)
				return error;
		}
	for (size_t i = 0; i < ctx->files.len; i++)
		if (dockerfile(ctx->files.items[i].path) &&
		    (error = scan_dockerfile(ctx, &ctx->files.items[i], &c)) < 0)
			return error;
	if (c.pinned + c.unpinned == 0)
		return cw__hc_result(ctx, CW_HC_PINNED_DEPENDENCIES, -1,
		                     "no GitHub Actions or container images to pin");
	return cw__hc_result(ctx, CW_HC_PINNED_DEPENDENCIES,
	                     (int)(c.pinned * 10 / (c.pinned + c.unpinned)),
	                     "%zu of %zu dependencies pinned (actions by commit id, images by digest)",
	                     c.pinned, c.pinned + c.unpinned);
}

static int dangerous_workflow(cw__hctx *ctx)
{
	size_t n = 0, errors = 0;
	int error;
	if (ctx->workflows.len == 0)
		return cw__hc_result(ctx, CW_HC_DANGEROUS_WORKFLOW, -1, "no workflows");
	for (size_t w = 0; w < ctx->workflows.len; w++)
		for (size_t i = 0; i < ctx->workflows.items[w].findings.len; i++) {
			const cw__wf_finding *f = &ctx->workflows.items[w].findings.items[i];
			const char *what;
			if (f->kind == CW_WF_DANGEROUS_CHECKOUT) {
				what = "untrusted code checkout";
				n++;
			} else if (f->kind == CW_WF_SCRIPT_INJECTION) {
				what = "script injection";
				n++;
			} else if (f->kind == CW_WF_PARSE_ERROR) {
				what = "not analysed";
				errors++;
			} else {
				continue;
			}
			if ((error = finding_evidence(ctx, CW_HC_DANGEROUS_WORKFLOW, w, f, what)) < 0)
				return error;
		}
	if (n)
		return cw__hc_result(ctx, CW_HC_DANGEROUS_WORKFLOW, 0, "%zu dangerous workflow pattern(s)", n);
	if (errors == ctx->workflows.len)
		return cw__hc_result(ctx, CW_HC_DANGEROUS_WORKFLOW, -1, "no workflow could be parsed");
	return cw__hc_result(ctx, CW_HC_DANGEROUS_WORKFLOW, 10, "no dangerous workflow patterns detected");
}

static int token_permissions(cw__hctx *ctx)
{
	size_t ok = 0, judged = 0;
	int error;
	for (size_t w = 0; w < ctx->workflows.len; w++) {
		const cw__hworkflow *wf = &ctx->workflows.items[w];
		bool read = false, bad = false, parsed = true;
		for (size_t i = 0; i < wf->findings.len; i++) {
			const cw__wf_finding *f = &wf->findings.items[i];
			switch (f->kind) {
			case CW_WF_PARSE_ERROR: parsed = false; continue;
			case CW_WF_PERM_TOP_READ: read = true; break;
			case CW_WF_PERM_TOP_NONE:
			case CW_WF_PERM_TOP_WRITE:
			case CW_WF_PERM_JOB_WRITE: bad = true; break;
			default: continue;
			}
			if ((error = cw__hc_evidence(ctx, CW_HC_TOKEN_PERMISSIONS, "file", wf->path, f->line,
			                             "%s", f->detail)) < 0)
				return error;
		}
		if (!parsed)
			continue;
		judged++;
		ok += read && !bad;
	}
	if (judged == 0)
		return cw__hc_result(ctx, CW_HC_TOKEN_PERMISSIONS, -1, "no workflows");
	return cw__hc_result(ctx, CW_HC_TOKEN_PERMISSIONS, (int)(ok * 10 / judged),
	                     "%zu of %zu workflow(s) restrict the token to read-only at the top level",
	                     ok, judged);
}

int cw__health_checks_workflow(cw__hctx *ctx)
{
	static const cw__hc_fn checks[] = { pinned_dependencies, dangerous_workflow, token_permissions };
	return cw__hc_run(ctx, checks, sizeof(checks) / sizeof(checks[0]));
}
