/*
 * history.c - what the commit history and the tags say about a project.
 *
 * One walk over every commit reachable from HEAD (unsorted, the cheapest
 * order for libgit2) gathers activity (commits in the last 90 days, first
 * and last commit) and the authors of the last 365 days; bots (GitHub's
 * "[bot]" accounts, dependabot, renovate...) are counted apart so they do
 * not pass for contributors.  A second, short walk follows the first
 * parents of HEAD: those are the changesets that landed on the branch,
 * where review signals (merge commits, Reviewed-by trailers, a committer
 * other than the author) and signatures are looked for, as Scorecard's
 * Code-Review check looks at the last 30 changesets.
 *
 * Tags: an annotated tag whose message carries a signature block (PGP,
 * SSH or X.509/CMS, as `git tag -s` writes it) counts as signed.  Only the
 * presence of a signature is checked, not its validity or the key's trust.
 */
#include "health/health_internal.h"

#include <stdlib.h>
#include <string.h>

#include "util/error.h"
#include "util/map.h"
#include "util/str.h"

#define RECENT_CHANGES 30

bool cw__health_is_bot(const char *name, const char *email)
{
	static const char *const bots[] = {
		"[bot]", "dependabot", "renovate", "github-actions", "greenkeeper",
		"snyk-bot", "pyup-bot", "mergify", "allcontributors", "pre-commit-ci", NULL
	};
	char lower[256];
	for (int pass = 0; pass < 2; pass++) {
		const char *s = pass ? email : name;
		size_t n = s ? strlen(s) : 0;
		if (n >= sizeof(lower))
			n = sizeof(lower) - 1;
		for (size_t i = 0; i < n; i++)
			lower[i] = cw_to_lower(s[i]);
		lower[n] = '\0';
		for (size_t i = 0; bots[i]; i++)
			if (strstr(lower, bots[i]))
				return true;
	}
	return false;
}

/* Domains of personal mail and forge no-reply addresses: no organisation. */
static bool free_mail_domain(const char *d)
{
	static const char *const free_mail[] = {
		"gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com",
		"yahoo.com", "icloud.com", "me.com", "mac.com", "protonmail.com", "proton.me",
		"pm.me", "aol.com", "gmx.de", "gmx.net", "web.de", "mail.ru", "yandex.ru",
		"qq.com", "163.com", "126.com", "fastmail.com", "hey.com", "posteo.de",
		"users.noreply.github.com", "noreply.github.com", "github.com",
		"users.noreply.gitlab.com", "localhost", "localhost.localdomain",
		"example.com", "example.org", NULL
	};
	for (size_t i = 0; free_mail[i]; i++)
		if (strcmp(d, free_mail[i]) == 0)
			return true;
	return strchr(d, '.') == NULL;
}

typedef struct {
	const char *key;
	size_t commits;
} counter;

typedef CW_VEC(counter) counter_vec;

static int compare_counters(const void *a, const void *b)
{
	const counter *x = a, *y = b;
	if (x->commits != y->commits)
		return x->commits < y->commits ? 1 : -1;
	return strcmp(x->key, y->key);
}

static int compare_tags(const void *a, const void *b)
{
	const cw__htag *x = a, *y = b;
	if (x->time != y->time)
		return x->time < y->time ? 1 : -1;
	return strcmp(x->name, y->name);
}

static int compare_times(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

/* Lowercased copy of an email, in the arena. */
static char *lower_dup(cw_arena *arena, const char *s)
{
	char *d = cw__arena_strdup(arena, s ? s : "");
	if (d)
		cw__str_lower(d, strlen(d));
	return d;
}

/* Count one commit for a key in `map`/`vec` (keys in the arena). */
static int count_key(cw_map *map, counter_vec *vec, cw_arena *arena, const char *key)
{
	void *v = cw__map_get(map, key, strlen(key));
	char *k;
	int error;
	if (v) {
		vec->items[(size_t)v - 1].commits++;
		return 0;
	}
	if (!(k = cw__arena_strdup(arena, key)))
		return cw_error_last()->code;
	if ((error = cw_vec_push(vec, ((counter){ k, 1 }))) < 0)
		return error;
	return cw__map_put(map, k, strlen(k), (void *)(size_t)vec->len, NULL);
}

/* A tag name that looks like a version: v1.2, 1.0.0, release-3, pkg@2.0. */
static bool release_name(const char *name)
{
	const char *d = name;
	while (*d && !cw_is_digit(*d))
		d++;
	if (!*d)
		return false;
	if (d == name)
		return true;
	return d[-1] == 'v' || d[-1] == 'V' || d[-1] == '-' || d[-1] == '_' || d[-1] == '/' ||
	       d[-1] == '@';
}

static const char *signature_kind(const char *msg)
{
	if (!msg)
		return NULL;
	if (strstr(msg, "-----BEGIN PGP SIGNATURE-----"))
		return "PGP";
	if (strstr(msg, "-----BEGIN SSH SIGNATURE-----"))
		return "SSH";
	if (strstr(msg, "-----BEGIN SIGNED MESSAGE-----") || strstr(msg, "-----BEGIN CMS-----"))
		return "X.509";
	return NULL;
}

typedef struct {
	git_repository *repo;
	cw__hhistory *h;
	cw_arena *arena;
	int error;
} tag_state;

static int tag_cb(const char *refname, git_oid *oid, void *payload)
{
	tag_state *st = payload;
	git_object *obj = NULL;
	cw__htag t;
	memset(&t, 0, sizeof(t));
	if (git_object_lookup(&obj, st->repo, oid, GIT_OBJECT_ANY) < 0)
		return 0; /* a dangling tag is not evidence of anything */
	if (strncmp(refname, "refs/tags/", 10) == 0)
		refname += 10;
	t.name = cw__arena_strdup(st->arena, refname);
	git_oid_cpy(&t.oid, oid);
	if (git_object_type(obj) == GIT_OBJECT_TAG) {
		git_tag *tag = (git_tag *)obj;
		const git_signature *tagger = git_tag_tagger(tag);
		git_object *target = NULL;
		t.annotated = true;
		t.signature = signature_kind(git_tag_message(tag));
		if (tagger)
			t.time = tagger->when.time;
		else if (git_tag_peel(&target, tag) == 0) {
			if (git_object_type(target) == GIT_OBJECT_COMMIT)
				t.time = git_commit_time((git_commit *)target);
			git_object_free(target);
		}
	} else if (git_object_type(obj) == GIT_OBJECT_COMMIT) {
		t.time = git_commit_time((git_commit *)obj);
	}
	git_object_free(obj);
	if (!t.name) {
		st->error = cw_error_last()->code;
		return -1;
	}
	t.release = release_name(t.name);
	if ((st->error = cw_vec_push(&st->h->tags, t)) < 0)
		return -1;
	return 0;
}

static int read_tags(cw__hhistory *h, cw_health_stats *stats, git_repository *repo,
                     int64_t now, cw_arena *arena)
{
	tag_state st = { repo, h, arena, 0 };
	int64_t times[6];
	size_t nt = 0;
	int rc = git_tag_foreach(repo, tag_cb, &st);
	if (st.error < 0)
		return st.error;
	if (rc < 0 && rc != GIT_ENOTFOUND)
		return cw__health_git_error(CW_EIO, "listing tags");
	if (h->tags.len > 1)
		qsort(h->tags.items, h->tags.len, sizeof(*h->tags.items), compare_tags);
	stats->release_interval_days = -1;
	for (size_t i = 0; i < h->tags.len; i++) {
		const cw__htag *t = &h->tags.items[i];
		if (!t->release || t->time > now)
			continue;
		if (stats->releases++ == 0) {
			stats->last_release = t->name;
			stats->last_release_time = t->time;
		}
		if (t->time > now - 365 * (int64_t)CW_DAY)
			stats->releases_365d++;
		if (nt < 6)
			times[nt++] = t->time;
	}
	if (nt >= 2) {
		/* median gap between the last (up to 6) releases */
		int64_t gaps[5];
		for (size_t i = 0; i + 1 < nt; i++)
			gaps[i] = times[i] - times[i + 1];
		qsort(gaps, nt - 1, sizeof(int64_t), compare_times);
		stats->release_interval_days = (double)gaps[(nt - 1) / 2] / CW_DAY;
	}
	return 0;
}

/* A review signal in a commit message's trailers, or NULL. */
static const char *review_trailer(cw_arena *arena, const char *msg)
{
	static const char *const trailers[] = {
		"Reviewed-by:", "Reviewed-on:", "Approved-by:", "Acked-by:", "Co-authored-by:", NULL
	};
	for (const char *line = msg; line && *line; ) {
		const char *end = strchr(line, '\n');
		size_t len = end ? (size_t)(end - line) : strlen(line);
		for (size_t i = 0; trailers[i]; i++) {
			size_t tl = strlen(trailers[i]);
			if (len > tl && strncasecmp(line, trailers[i], tl) == 0)
				return cw__arena_strndup(arena, line, len > 120 ? 120 : len);
		}
		line = end ? end + 1 : NULL;
	}
	return NULL;
}

static int read_changes(cw__hhistory *h, git_repository *repo, cw_arena *arena)
{
	git_commit *c = NULL, *parent = NULL;
	git_oid head;
	int error = 0;
	if (git_reference_name_to_id(&head, repo, "HEAD") < 0)
		return 0;
	if (git_commit_lookup(&c, repo, &head) < 0)
		return cw__health_git_error(CW_EIO, "reading HEAD");
	while (c && h->changes.len < RECENT_CHANGES) {
		const git_signature *a = git_commit_author(c), *m = git_commit_committer(c);
		const char *raw = git_commit_raw_header(c);
		cw__hchange ch;
		memset(&ch, 0, sizeof(ch));
		git_oid_cpy(&ch.oid, git_commit_id(c));
		ch.time = git_commit_time(c);
		ch.merge = git_commit_parentcount(c) > 1;
		ch.bot = cw__health_is_bot(a->name, a->email);
		ch.signed_ = raw && strstr(raw, "\ngpgsig") != NULL;
		if (ch.merge) {
			char id[13];
			git_oid_tostr(id, sizeof(id), git_commit_parent_id(c, 1));
			ch.signal = cw__arena_printf(arena, "merge commit (merges %s)", id);
		} else if (!(ch.signal = review_trailer(arena, git_commit_message(c)))) {
			if (m && a && m->email && a->email && strcasecmp(m->email, a->email) != 0)
				ch.signal = cw__arena_printf(arena, "committed by %s, authored by %s",
				                             m->name, a->name);
		}
		if (ch.signed_)
			h->signed_commits_recent++;
		if ((error = cw_vec_push(&h->changes, ch)) < 0)
			break;
		parent = NULL;
		if (git_commit_parentcount(c) > 0 && git_commit_parent(&parent, c, 0) < 0) {
			error = cw__health_git_error(CW_EIO, "reading a parent commit");
			break;
		}
		git_commit_free(c);
		c = parent;
	}
	git_commit_free(c);
	return error;
}

int cw__health_history(cw__hhistory *h, cw_health_stats *stats, git_repository *repo,
                       int64_t now, size_t max_commits, cw_arena *arena)
{
	git_revwalk *walk = NULL;
	git_oid oid;
	cw_map authors_map = CW_MAP_INIT, domains_map = CW_MAP_INIT;
	counter_vec authors = CW_VEC_INIT;
	counter_vec domains = CW_VEC_INIT;
	const int64_t d90 = now - 90 * (int64_t)CW_DAY, d365 = now - 365 * (int64_t)CW_DAY;
	int error = 0, rc;

	memset(h, 0, sizeof(*h));
	if ((error = read_tags(h, stats, repo, now, arena)) < 0)
		goto done;
	if (git_repository_head_unborn(repo) == 1)
		goto done;
	if (git_revwalk_new(&walk, repo) < 0 || git_revwalk_push_head(walk) < 0) {
		error = cw__health_git_error(CW_EIO, "walking the history");
		goto done;
	}
	while ((rc = git_revwalk_next(&oid, walk)) == 0) {
		git_commit *c = NULL;
		const git_signature *a;
		int64_t t, at;
		if (stats->commits >= max_commits) {
			stats->truncated = true;
			break;
		}
		if (git_commit_lookup(&c, repo, &oid) < 0) {
			error = cw__health_git_error(CW_EIO, "reading a commit");
			goto done;
		}
		stats->commits++;
		t = git_commit_time(c);
		a = git_commit_author(c);
		at = a ? a->when.time : t;
		if (stats->first_commit == 0 || t < stats->first_commit)
			stats->first_commit = t;
		if (t <= now && t > stats->last_commit)
			stats->last_commit = t;
		if (t > d90 && t <= now)
			stats->commits_90d++;
		if (a && at > d365 && at <= now) {
			if (cw__health_is_bot(a->name, a->email)) {
				stats->bot_commits_12m++;
				if (at > d90) {
					h->bot_commits_90d++;
					if (!h->last_bot)
						h->last_bot = cw__arena_strdup(arena, a->name);
				}
			} else {
				char *email = lower_dup(arena, a->email);
				const char *at_sign;
				stats->human_commits_12m++;
				if (!email || (error = count_key(&authors_map, &authors, arena, email)) < 0) {
					error = email ? error : cw_error_last()->code;
					git_commit_free(c);
					goto done;
				}
				if ((at_sign = strrchr(email, '@')) && at_sign[1] && !free_mail_domain(at_sign + 1) &&
				    (error = count_key(&domains_map, &domains, arena, at_sign + 1)) < 0) {
					git_commit_free(c);
					goto done;
				}
			}
		}
		git_commit_free(c);
	}
	if (rc < 0 && rc != GIT_ITEROVER) {
		error = cw__health_git_error(CW_EIO, "walking the history");
		goto done;
	}
	/* authors and domains, most commits first */
	if (authors.len > 1)
		qsort(authors.items, authors.len, sizeof(counter), compare_counters);
	if (domains.len > 1)
		qsort(domains.items, domains.len, sizeof(counter), compare_counters);
	stats->contributors_12m = authors.len;
	{
		size_t covered = 0;
		for (size_t i = 0; i < authors.len && covered * 2 < stats->human_commits_12m; i++) {
			covered += authors.items[i].commits;
			stats->bus_factor++;
		}
	}
	for (size_t i = 0; i < authors.len; i++) {
		cw__hauthor au = { authors.items[i].key, authors.items[i].key, authors.items[i].commits };
		if ((error = cw_vec_push(&h->authors, au)) < 0)
			goto done;
	}
	for (size_t i = 0; i < domains.len; i++)
		if ((error = cw_vec_push(&h->domains, domains.items[i].key)) < 0)
			goto done;
	stats->organizations = domains.len;
	error = read_changes(h, repo, arena);
done:
	git_revwalk_free(walk);
	cw__map_free(&authors_map);
	cw__map_free(&domains_map);
	cw_vec_free(&authors);
	cw_vec_free(&domains);
	return error;
}

void cw__health_history_free(cw__hhistory *h)
{
	cw_vec_free(&h->changes);
	cw_vec_free(&h->tags);
	cw_vec_free(&h->authors);
	cw_vec_free(&h->domains);
}
