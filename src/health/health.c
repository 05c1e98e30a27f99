/*
 * health.c - cw_health_analyze(): open the repository, read the history
 * and the HEAD tree, analyse the workflows, run every check and compute
 * the overall score; plus the report accessors and the helpers the check
 * files share.
 */
#include "health/health_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "util/error.h"
#include "util/str.h"

#define MAX_READ ((size_t)1 << 20)
#define MAX_WORKFLOWS 500

/* ---- helpers for the check files ----------------------------------------- */

char *cw__health_vformat(cw_arena *arena, size_t cap, const char *fmt, va_list ap)
{
	char text[600];
	vsnprintf(text, cap < sizeof(text) ? cap : sizeof(text), fmt, ap);
	return cw__arena_strdup(arena, text);
}

int cw__hc_run(cw__hctx *ctx, const cw__hc_fn *checks, size_t count)
{
	int error;
	for (size_t i = 0; i < count; i++)
		if ((error = checks[i](ctx)) < 0)
			return error;
	return 0;
}

const char *cw__health_find_nocase(const char *s, const char *needle)
{
	size_t n = strlen(needle);
	for (; *s; s++)
		if (strncasecmp(s, needle, n) == 0)
			return s;
	return NULL;
}

int cw__hc_evidence(cw__hctx *ctx, cw__hc_id id, const char *kind, const char *ref,
                    size_t line, const char *fmt, ...)
{
	va_list ap;
	cw_health_evidence ev;
	ctx->checks[id].evidence_total++;
	if (ctx->evidence[id].len >= CW_HEALTH_MAX_EVIDENCE)
		return 0;
	va_start(ap, fmt);
	ev.detail = cw__health_vformat(ctx->arena, 600, fmt, ap);
	va_end(ap);
	ev.kind = kind;
	ev.line = line;
	if (!ev.detail || !(ev.ref = cw__arena_strdup(ctx->arena, ref ? ref : "")))
		return cw_error_last()->code;
	return cw_vec_push(&ctx->evidence[id], ev);
}

int cw__hc_result(cw__hctx *ctx, cw__hc_id id, int score, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	ctx->checks[id].reason = cw__health_vformat(ctx->arena, 600, fmt, ap);
	va_end(ap);
	ctx->checks[id].score = score < -1 ? -1 : score > 10 ? 10 : score;
	return ctx->checks[id].reason ? 0 : cw_error_last()->code;
}

const cw__hfile *cw__hc_file(const cw__hctx *ctx, const char *path)
{
	size_t lo = 0, hi = ctx->files.len;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(ctx->files.items[mid].path, path);
		if (c == 0)
			return &ctx->files.items[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

int cw__hc_read(cw__hctx *ctx, cw_buf *buf, const cw__hfile *file)
{
	return cw__health_blob_read(buf, ctx->repo, file, MAX_READ);
}

const char *cw__hc_short_id(cw__hctx *ctx, const git_oid *oid)
{
	char id[13];
	CW_GIT2(git_oid_tostr)(id, sizeof(id), oid);
	return cw__arena_strdup(ctx->arena, id);
}

void cw__health_date(char *buf, size_t size, int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	if (t <= 0 || !gmtime_r(&tt, &tm)) {
		snprintf(buf, size, "-");
		return;
	}
	strftime(buf, size, "%Y-%m-%d", &tm);
}

/* ---- the analysis ------------------------------------------------------------ */

static int read_workflows(cw__hctx *ctx)
{
	cw_buf buf = CW_BUF_INIT;
	int error = 0;
	for (size_t i = 0; i < ctx->files.len; i++) {
		const cw__hfile *f = &ctx->files.items[i];
		const char *rest;
		size_t n;
		cw__hworkflow wf = { f->path, CW_VEC_INIT };
		if (strncmp(f->path, ".github/workflows/", 18) != 0)
			continue;
		rest = f->path + 18;
		n = strlen(rest);
		/* GitHub reads only the folder's own .yml/.yaml files */
		if (strchr(rest, '/') || !((n > 4 && strcmp(rest + n - 4, ".yml") == 0) ||
		                           (n > 5 && strcmp(rest + n - 5, ".yaml") == 0)))
			continue;
		if (ctx->workflows.len >= MAX_WORKFLOWS)
			break;
		cw__buf_clear(&buf);
		if ((error = cw__hc_read(ctx, &buf, f)) < 0 ||
		    (error = cw__health_workflow_scan(&wf.findings, ctx->arena, f->path,
		                                      buf.ptr ? buf.ptr : "", buf.len)) < 0 ||
		    (error = cw_vec_push(&ctx->workflows, wf)) < 0) {
			cw_vec_free(&wf.findings);
			break;
		}
	}
	cw__buf_free(&buf);
	return error;
}

static int read_head(cw_health_stats *st, git_repository *repo, cw_arena *arena)
{
	git_oid oid;
	git_reference *head = NULL;
	char hex[GIT_OID_HEXSZ + 1] = "";
	st->branch = "";
	if (CW_GIT2(git_reference_name_to_id)(&oid, repo, "HEAD") == 0)
		CW_GIT2(git_oid_tostr)(hex, sizeof(hex), &oid);
	if (CW_GIT2(git_repository_head)(&head, repo) == 0) {
		if (CW_GIT2(git_reference_is_branch)(head))
			st->branch = cw__arena_strdup(arena, CW_GIT2(git_reference_shorthand)(head));
		CW_GIT2(git_reference_free)(head);
	}
	st->head = cw__arena_strdup(arena, hex);
	return st->head && st->branch ? 0 : cw_error_last()->code;
}

/* Move the evidence into the report's arena and finish each check. */
static int finish(cw__hctx *ctx, cw_health_report *r)
{
	for (size_t i = 0; i < CW_HC_COUNT; i++) {
		cw_health_check *c = &r->checks[i];
		size_t n = ctx->evidence[i].len;
		if (n) {
			cw_health_evidence *ev = cw__arena_alloc(&r->arena, n * sizeof(*ev));
			if (!ev)
				return cw_error_last()->code;
			memcpy(ev, ctx->evidence[i].items, n * sizeof(*ev));
			c->evidence = ev;
		}
		c->evidence_count = n;
	}
	if (ctx->hist.domains.len) {
		const char **d = cw__arena_alloc(&r->arena, ctx->hist.domains.len * sizeof(*d));
		if (!d)
			return cw_error_last()->code;
		memcpy(d, ctx->hist.domains.items, ctx->hist.domains.len * sizeof(*d));
		r->stats.organization_domains = d;
	}
	r->score = cw__health_overall(r->checks, CW_HC_COUNT);
	return 0;
}

int cw_health_analyze(cw_health_report **out, const char *spec, const cw_health_options *opts)
{
	cw_health_options o = CW_HEALTH_OPTIONS_INIT;
	cw_health_report *r = NULL;
	cw__hctx ctx;
	int error;

	*out = NULL;
	if (!spec || !*spec)
		return cw__error_set(CW_EUSAGE, "no repository given");
	if (opts) {
		if (opts->version != CW_HEALTH_OPTIONS_VERSION)
			return cw__error_set(CW_EUSAGE, "cw_health_options version %u, expected %u",
			                     opts->version, CW_HEALTH_OPTIONS_VERSION);
		o = *opts;
	}
	if (o.now == 0)
		o.now = (int64_t)time(NULL);
	if (o.max_commits == 0)
		o.max_commits = 1000000;
	memset(&ctx, 0, sizeof(ctx));
	if ((error = cw__git2_load()) < 0)
		return error;
	if (CW_GIT2(git_libgit2_init)() < 0)
		return cw__health_git_error(CW_EINTERNAL, "initialising libgit2");
	if (!(r = calloc(1, sizeof(*r)))) {
		error = cw__error_oom();
		goto done;
	}
	ctx.arena = &r->arena;
	ctx.licenses = o.licenses;
	ctx.now = o.now;
	ctx.stats = &r->stats;
	ctx.checks = r->checks;
	r->stats.now = o.now;
	for (size_t i = 0; i < CW_HC_COUNT; i++) {
		r->checks[i].name = cw__hc_defs[i].name;
		r->checks[i].risk = cw__hc_defs[i].risk;
		r->checks[i].weight = cw__hc_defs[i].weight;
		r->checks[i].score = -1;
		r->checks[i].reason = "not evaluated";
	}
	if (cw__health_is_url(spec) && !(r->stats.url = cw__arena_strdup(&r->arena, spec))) {
		error = cw_error_last()->code;
		goto done;
	}
	if ((error = cw__health_repo_open(&ctx.repo, &r->stats.path, spec, o.cache_dir, &r->arena)) < 0 ||
	    (error = read_head(&r->stats, ctx.repo, &r->arena)) < 0 ||
	    (error = cw__health_repo_files(&ctx.files, ctx.repo, &r->arena)) < 0 ||
	    (error = cw__health_history(&ctx.hist, &r->stats, ctx.repo, o.now, o.max_commits,
	                                &r->arena)) < 0 ||
	    (error = read_workflows(&ctx)) < 0)
		goto done;
	r->stats.files = ctx.files.len;
	if ((error = cw__health_checks_history(&ctx)) < 0 || (error = cw__health_checks_files(&ctx)) < 0 ||
	    (error = cw__health_checks_build(&ctx)) < 0 || (error = cw__health_checks_workflow(&ctx)) < 0 ||
	    (error = finish(&ctx, r)) < 0)
		goto done;
	*out = r;
	r = NULL;
done:
	for (size_t i = 0; i < ctx.workflows.len; i++)
		cw_vec_free(&ctx.workflows.items[i].findings);
	cw_vec_free(&ctx.workflows);
	for (size_t i = 0; i < CW_HC_COUNT; i++)
		cw_vec_free(&ctx.evidence[i]);
	cw_vec_free(&ctx.files);
	cw__health_history_free(&ctx.hist);
	CW_GIT2(git_repository_free)(ctx.repo);
	cw_health_report_free(r);
	CW_GIT2(git_libgit2_shutdown)();
	return error;
}

/* ---- accessors ------------------------------------------------------------------ */

void cw_health_report_free(cw_health_report *report)
{
	if (!report)
		return;
	cw__arena_free(&report->arena);
	free(report);
}

double cw_health_report_score(const cw_health_report *report)
{
	return report ? report->score : -1;
}

const cw_health_stats *cw_health_report_stats(const cw_health_report *report)
{
	return report ? &report->stats : NULL;
}

size_t cw_health_check_count(const cw_health_report *report)
{
	(void)report;
	return CW_HC_COUNT;
}

const cw_health_check *cw_health_check_at(const cw_health_report *report, size_t i)
{
	return report && i < CW_HC_COUNT ? &report->checks[i] : NULL;
}

const cw_health_check *cw_health_check_find(const cw_health_report *report, const char *name)
{
	for (size_t i = 0; report && name && i < CW_HC_COUNT; i++)
		if (strcasecmp(report->checks[i].name, name) == 0)
			return &report->checks[i];
	return NULL;
}

int cw_health_parse_time(int64_t *out, const char *text)
{
	struct tm tm;
	int y, mo, d, h = 0, mi = 0, s = 0, used = 0;
	char z = 0;
	*out = 0;
	if (!text)
		return cw__error_set(CW_EINVALID, "no date given");
	if (text[0] == '@') {
		char *end;
		long long v = strtoll(text + 1, &end, 10);
		if (end == text + 1 || *end || v < 0)
			return cw__error_set(CW_EINVALID, "'%s': expected @SECONDS", text);
		*out = v;
		return 0;
	}
	if (sscanf(text, "%4d-%2d-%2d%n", &y, &mo, &d, &used) != 3 ||
	    (text[used] && (sscanf(text + used, "T%2d:%2d:%2d%c", &h, &mi, &s, &z) != 4 || z != 'Z' ||
	                    text[used + 10] != '\0')) ||
	    y < 1970 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60)
		return cw__error_set(CW_EINVALID,
		                     "'%s': expected a date YYYY-MM-DD, YYYY-MM-DDTHH:MM:SSZ or @SECONDS", text);
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = s;
	*out = (int64_t)timegm(&tm);
	return 0;
}
