/*
 * checks_history.c - the checks answered by commits and tags: Maintained,
 * Contributors, Code-Review and Signed-Releases.
 *
 * Scorecard definitions (docs/checks.md in ossf/scorecard) and how a clone
 * answers them:
 *  - Maintained: Scorecard wants about one commit (or issue activity) a
 *    week over 90 days: 13 or more scores 10, fewer scale down, and a
 *    repository created in the last 90 days scores 0.  A clone has no
 *    issues, so only commits count.
 *  - Contributors: Scorecard counts the organisations of recent
 *    contributors.  A clone has email domains for organisations; we add the
 *    number of active contributors and the bus factor (docs/health.md).
 *  - Code-Review: Scorecard asks the forge whether the last 30 changesets
 *    were reviewed.  A clone shows merge commits, review trailers and
 *    patches committed by someone other than their author.
 *  - Signed-Releases: Scorecard looks for signature files on the last 5
 *    releases; a clone has signed tags (and signed commits, reported).
 */
#include "health/health_internal.h"

#include <stdio.h>
#include <string.h>

static int days_ago(int64_t now, int64_t t)
{
	return t > 0 && now > t ? (int)((now - t) / CW_DAY) : 0;
}

static int maintained(cw__hctx *ctx)
{
	const cw_health_stats *st = ctx->stats;
	char when[16], rel[200] = "no release tag";
	int score, error;

	if (st->commits == 0)
		return cw__hc_result(ctx, CW_HC_MAINTAINED, 0, "no commits");
	if (CW_GIT2(git_repository_is_shallow)(ctx->repo) == 1 &&
	    (error = cw__hc_evidence(ctx, CW_HC_MAINTAINED, "info", "", 0,
	                             "shallow clone: only %zu commit(s) of history are present; "
	                             "history-based checks see only those", st->commits)) < 0)
		return error;
	cw__health_date(when, sizeof(when), st->last_commit);
	if ((error = cw__hc_evidence(ctx, CW_HC_MAINTAINED, "commit", st->head, 0,
	                             "HEAD; last commit %s (%d days ago)", when,
	                             days_ago(ctx->now, st->last_commit))) < 0)
		return error;
	if (st->last_release) {
		cw__health_date(when, sizeof(when), st->last_release_time);
		snprintf(rel, sizeof(rel), "last release %s %d days ago", st->last_release,
		         days_ago(ctx->now, st->last_release_time));
		if ((error = cw__hc_evidence(ctx, CW_HC_MAINTAINED, "tag", st->last_release, 0,
		                             "last release tag, %s; %zu release tags in 365 days%s%.0f%s",
		                             when, st->releases_365d,
		                             st->release_interval_days >= 0 ? ", median interval " : "",
		                             st->release_interval_days >= 0 ? st->release_interval_days : 0,
		                             st->release_interval_days >= 0 ? " days" : "")) < 0)
			return error;
	}
	if (st->first_commit > ctx->now - 90 * (int64_t)CW_DAY)
		return cw__hc_result(ctx, CW_HC_MAINTAINED, 0,
		                     "the first commit is less than 90 days old (%d days)",
		                     days_ago(ctx->now, st->first_commit));
	score = st->commits_90d >= 13 ? 10 : (int)(st->commits_90d * 10 / 13);
	return cw__hc_result(ctx, CW_HC_MAINTAINED, score,
	                     "%zu commit(s) in the last 90 days, last %d days ago; %s",
	                     st->commits_90d, days_ago(ctx->now, st->last_commit), rel);
}

static int contributors(cw__hctx *ctx)
{
	const cw_health_stats *st = ctx->stats;
	int score = 0, error;
	if (st->human_commits_12m == 0)
		return cw__hc_result(ctx, CW_HC_CONTRIBUTORS, 0,
		                     "no commits by people in the last 12 months");
	score += st->bus_factor >= 3 ? 4 : st->bus_factor == 2 ? 2 : 0;
	score += st->contributors_12m >= 10 ? 3 : st->contributors_12m >= 5 ? 2 :
	         st->contributors_12m >= 2 ? 1 : 0;
	score += st->organizations >= 3 ? 3 : (int)st->organizations;
	for (size_t i = 0; i < ctx->hist.authors.len; i++)
		if ((error = cw__hc_evidence(ctx, CW_HC_CONTRIBUTORS, "info", "", 0,
		                             "%s: %zu commit(s) in 12 months",
		                             ctx->hist.authors.items[i].email,
		                             ctx->hist.authors.items[i].commits)) < 0)
			return error;
	for (size_t i = 0; i < ctx->hist.domains.len; i++)
		if ((error = cw__hc_evidence(ctx, CW_HC_CONTRIBUTORS, "info", "", 0,
		                             "organisation domain %s", ctx->hist.domains.items[i])) < 0)
			return error;
	return cw__hc_result(ctx, CW_HC_CONTRIBUTORS, score,
	                     "%zu active contributor(s) in 12 months, bus factor %zu, "
	                     "%zu organisation(s)%s",
	                     st->contributors_12m, st->bus_factor, st->organizations,
	                     st->bot_commits_12m ? " (bot commits not counted)" : "");
}

static int code_review(cw__hctx *ctx)
{
	size_t total = 0, reviewed = 0;
	int error;
	for (size_t i = 0; i < ctx->hist.changes.len; i++) {
		const cw__hchange *c = &ctx->hist.changes.items[i];
		if (c->bot)
			continue;
		total++;
		reviewed += c->signal != NULL;
		if ((error = cw__hc_evidence(ctx, CW_HC_CODE_REVIEW, "commit",
		                             cw__hc_short_id(ctx, &c->oid), 0, "%s",
		                             c->signal ? c->signal : "no review signal")) < 0)
			return error;
	}
	if (total == 0)
		return cw__hc_result(ctx, CW_HC_CODE_REVIEW, -1, "no changesets by people to judge");
	return cw__hc_result(ctx, CW_HC_CODE_REVIEW, (int)(reviewed * 10 / total),
	                     "%zu of the last %zu changesets show a review signal "
	                     "(merge, Reviewed-by/Co-authored-by trailer, or another committer)",
	                     reviewed, total);
}

static int signed_releases(cw__hctx *ctx)
{
	size_t n = 0, signed_ = 0, changes = ctx->hist.changes.len;
	int error;
	for (size_t i = 0; i < ctx->hist.tags.len && n < 5; i++) {
		const cw__htag *t = &ctx->hist.tags.items[i];
		if (!t->release)
			continue;
		n++;
		signed_ += t->signature != NULL;
		if ((error = cw__hc_evidence(ctx, CW_HC_SIGNED_RELEASES, "tag", t->name, 0, "%s",
		                             t->signature ? (strcmp(t->signature, "PGP") == 0
		                                                 ? "PGP signature"
		                                                 : strcmp(t->signature, "SSH") == 0
		                                                       ? "SSH signature"
		                                                       : "X.509 signature")
		                                          : t->annotated ? "annotated, not signed"
		                                                         : "lightweight tag, not signed")) < 0)
			return error;
	}
	if (changes && (error = cw__hc_evidence(ctx, CW_HC_SIGNED_RELEASES, "info", "", 0,
	                                         "%zu of the last %zu commits carry a signature",
	                                         ctx->hist.signed_commits_recent, changes)) < 0)
		return error;
	if (n == 0)
		return cw__hc_result(ctx, CW_HC_SIGNED_RELEASES, -1,
		                     "no release tags (%zu of the last %zu commits signed)",
		                     ctx->hist.signed_commits_recent, changes);
	return cw__hc_result(ctx, CW_HC_SIGNED_RELEASES, (int)(signed_ * 10 / n),
	                     "%zu of the last %zu release tags are signed; %zu of the last %zu "
	                     "commits carry a signature",
	                     signed_, n, ctx->hist.signed_commits_recent, changes);
}

int cw__health_checks_history(cw__hctx *ctx)
{
	static const cw__hc_fn checks[] = { maintained, contributors, code_review, signed_releases };
	return cw__hc_run(ctx, checks, sizeof(checks) / sizeof(checks[0]));
}
