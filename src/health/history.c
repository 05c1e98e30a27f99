/*
 * history.c - what the commit history and the tags say about a project.
 *
 * One walk over every commit reachable from HEAD (each commit read once
 * from the object database, its headers parsed here) gathers activity (commits in the last 90 days, first
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

#include <stdio.h>
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

/* Commits per key (author email, mail domain): the counters, and a map
 * from a key to 1 + its counter's index. */
typedef struct {
	CW_VEC(counter) items;
	cw_map index;
} counter_set;

static int compare_counters(const void *a, const void *b)
{
	const counter *x = a, *y = b;
	if (x->commits != y->commits)
		return x->commits < y->commits ? 1 : -1;
	return strcmp(x->key, y->key);
}

/* Most commits first, then by key. */
static void counter_set_sort(counter_set *set)
{
	if (set->items.len > 1)
		qsort(set->items.items, set->items.len, sizeof(counter), compare_counters);
}

static void counter_set_free(counter_set *set)
{
	cw__map_free(&set->index);
	cw_vec_free(&set->items);
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

/* Count one commit for a key (keys copied into the arena). */
static int count_key(counter_set *set, cw_arena *arena, const char *key)
{
	void *v = cw__map_get(&set->index, key, strlen(key));
	char *k;
	int error;
	if (v) {
		set->items.items[(size_t)v - 1].commits++;
		return 0;
	}
	if (!(k = cw__arena_strdup(arena, key)))
		return cw_error_last()->code;
	if ((error = cw_vec_push(&set->items, ((counter){ k, 1 }))) < 0)
		return error;
	return cw__map_put(&set->index, k, strlen(k), (void *)(size_t)set->items.len, NULL);
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
	if (CW_GIT2(git_object_lookup)(&obj, st->repo, oid, GIT_OBJECT_ANY) < 0)
		return 0; /* a dangling tag is not evidence of anything */
	if (strncmp(refname, "refs/tags/", 10) == 0)
		refname += 10;
	t.name = cw__arena_strdup(st->arena, refname);
	CW_GIT2(git_oid_cpy)(&t.oid, oid);
	if (CW_GIT2(git_object_type)(obj) == GIT_OBJECT_TAG) {
		git_tag *tag = (git_tag *)obj;
		const git_signature *tagger = CW_GIT2(git_tag_tagger)(tag);
		git_object *target = NULL;
		t.annotated = true;
		t.signature = signature_kind(CW_GIT2(git_tag_message)(tag));
		if (tagger)
			t.time = tagger->when.time;
		else if (CW_GIT2(git_tag_peel)(&target, tag) == 0) {
			if (CW_GIT2(git_object_type)(target) == GIT_OBJECT_COMMIT)
				t.time = CW_GIT2(git_commit_time)((git_commit *)target);
			CW_GIT2(git_object_free)(target);
		}
	} else if (CW_GIT2(git_object_type)(obj) == GIT_OBJECT_COMMIT) {
		t.time = CW_GIT2(git_commit_time)((git_commit *)obj);
	}
	CW_GIT2(git_object_free)(obj);
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
	int rc = CW_GIT2(git_tag_foreach)(repo, tag_cb, &st);
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
	int error = 0, rc;
	if (CW_GIT2(git_reference_name_to_id)(&head, repo, "HEAD") < 0)
		return 0;
	if (CW_GIT2(git_commit_lookup)(&c, repo, &head) < 0)
		return cw__health_git_error(CW_EIO, "reading HEAD");
	while (c && h->changes.len < RECENT_CHANGES) {
		const git_signature *a = CW_GIT2(git_commit_author)(c), *m = CW_GIT2(git_commit_committer)(c);
		const char *raw = CW_GIT2(git_commit_raw_header)(c);
		cw__hchange ch;
		memset(&ch, 0, sizeof(ch));
		CW_GIT2(git_oid_cpy)(&ch.oid, CW_GIT2(git_commit_id)(c));
		ch.time = CW_GIT2(git_commit_time)(c);
		ch.merge = CW_GIT2(git_commit_parentcount)(c) > 1;
		ch.bot = cw__health_is_bot(a->name, a->email);
		ch.signed_ = raw && strstr(raw, "\ngpgsig") != NULL;
		if (ch.merge) {
			char id[13];
			CW_GIT2(git_oid_tostr)(id, sizeof(id), CW_GIT2(git_commit_parent_id)(c, 1));
			ch.signal = cw__arena_printf(arena, "merge commit (merges %s)", id);
		} else if (!(ch.signal = review_trailer(arena, CW_GIT2(git_commit_message)(c)))) {
			if (m && a && m->email && a->email && strcasecmp(m->email, a->email) != 0)
				ch.signal = cw__arena_printf(arena, "committed by %s, authored by %s",
				                             m->name, a->name);
		}
		if (ch.signed_)
			h->signed_commits_recent++;
		if ((error = cw_vec_push(&h->changes, ch)) < 0)
			break;
		parent = NULL;
		if (CW_GIT2(git_commit_parentcount)(c) > 0 && (rc = CW_GIT2(git_commit_parent)(&parent, c, 0)) < 0) {
			/* a shallow clone ends here */
			if (rc == GIT_ENOTFOUND)
				break;
			error = cw__health_git_error(CW_EIO, "reading a parent commit");
			break;
		}
		CW_GIT2(git_commit_free)(c);
		c = parent;
	}
	CW_GIT2(git_commit_free)(c);
	return error;
}

/*
 * The set of commits already seen: open addressing on the object id, whose
 * first bytes are already a good hash.
 */
typedef struct {
	git_oid *slots;
	size_t cap, count;
} oid_set;

static size_t oid_hash(const git_oid *oid, size_t cap)
{
	uint32_t h;
	memcpy(&h, oid->id, sizeof(h));
	return h & (cap - 1);
}

/* 1 when added, 0 when present, or an error. */
static int oid_set_add(oid_set *set, const git_oid *oid)
{
	size_t i;
	if ((set->count + 1) * 2 > set->cap) {
		size_t cap = set->cap ? set->cap * 2 : 1024;
		git_oid *slots = calloc(cap, sizeof(*slots));
		if (!slots)
			return cw__error_oom();
		for (size_t k = 0; k < set->cap; k++) {
			if (CW_GIT2(git_oid_is_zero)(&set->slots[k]))
				continue;
			for (i = oid_hash(&set->slots[k], cap);
			     !CW_GIT2(git_oid_is_zero)(&slots[i]); i = (i + 1) & (cap - 1))
				;
			slots[i] = set->slots[k];
		}
		free(set->slots);
		set->slots = slots;
		set->cap = cap;
	}
	for (i = oid_hash(oid, set->cap); !CW_GIT2(git_oid_is_zero)(&set->slots[i]);
	     i = (i + 1) & (set->cap - 1))
		if (CW_GIT2(git_oid_equal)(&set->slots[i], oid))
			return 0;
	set->slots[i] = *oid;
	set->count++;
	return 1;
}

/* A signature line's "Name <email> time tz": the email (into `email`,
 * lowercased), the name and the time. */
static void parse_signature(const char *p, const char *end, char *name, size_t name_size,
                            char *email, size_t email_size, int64_t *time)
{
	const char *lt = memchr(p, '<', (size_t)(end - p)), *gt;
	size_t n;
	name[0] = email[0] = '\0';
	*time = 0;
	if (!lt || !(gt = memchr(lt, '>', (size_t)(end - lt))))
		return;
	n = (size_t)(lt - p);
	while (n > 0 && p[n - 1] == ' ')
		n--;
	snprintf(name, name_size, "%.*s", (int)n, p);
	n = (size_t)(gt - lt - 1);
	snprintf(email, email_size, "%.*s", (int)n, lt + 1);
	cw__str_lower(email, strlen(email));
	for (p = gt + 1; p < end && *p == ' '; p++)
		;
	for (; p < end && cw_is_digit(*p); p++)
		*time = *time * 10 + (*p - '0');
}

typedef struct {
	cw__hhistory *h;
	cw_health_stats *stats;
	cw_arena *arena;
	counter_set authors, domains;
	int64_t now, d90, d365;
} tally;

static int count_commit(tally *t, const char *data, size_t len)
{
	const char *p = data, *end = data + len;
	char name[256] = "", email[256] = "", cname[8], cemail[8];
	int64_t at = 0, ct = 0;
	cw_health_stats *st = t->stats;
	int error;
	/* headers up to the blank line before the message */
	while (p < end && *p != '\n') {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		if (!eol)
			eol = end;
		if ((size_t)(eol - p) > 7 && memcmp(p, "author ", 7) == 0)
			parse_signature(p + 7, eol, name, sizeof(name), email, sizeof(email), &at);
		else if ((size_t)(eol - p) > 10 && memcmp(p, "committer ", 10) == 0)
			parse_signature(p + 10, eol, cname, sizeof(cname), cemail, sizeof(cemail), &ct);
		p = eol + 1;
	}
	st->commits++;
	if (st->first_commit == 0 || ct < st->first_commit)
		st->first_commit = ct;
	if (ct <= t->now && ct > st->last_commit)
		st->last_commit = ct;
	if (ct > t->d90 && ct <= t->now)
		st->commits_90d++;
	if (at <= t->d365 || at > t->now)
		return 0;
	if (cw__health_is_bot(name, email)) {
		st->bot_commits_12m++;
		if (at > t->d90) {
			t->h->bot_commits_90d++;
			if (!t->h->last_bot && !(t->h->last_bot = cw__arena_strdup(t->arena, name)))
				return cw_error_last()->code;
		}
		return 0;
	}
	{
		const char *at_sign = strrchr(email, '@');
		st->human_commits_12m++;
		if ((error = count_key(&t->authors, t->arena, email)) < 0)
			return error;
		if (at_sign && at_sign[1] && !free_mail_domain(at_sign + 1) &&
		    (error = count_key(&t->domains, t->arena, at_sign + 1)) < 0)
			return error;
	}
	return 0;
}

/*
 * Every commit reachable from HEAD, each read once from the object
 * database and its headers parsed here: libgit2's revwalk followed by
 * git_commit_lookup would read and parse each commit twice.  Depth first,
 * first parents first, so a capped walk reads the recent history.  A
 * missing parent (shallow clone) ends that line of history.
 */
static int walk_commits(tally *t, git_repository *repo, size_t max_commits)
{
	git_odb *odb = NULL;
	oid_set seen = { NULL, 0, 0 };
	CW_VEC(git_oid) stack = CW_VEC_INIT;
	git_oid head;
	int error = 0, rc;

	if (CW_GIT2(git_reference_name_to_id)(&head, repo, "HEAD") < 0)
		return 0;
	if (CW_GIT2(git_repository_odb)(&odb, repo) < 0)
		return cw__health_git_error(CW_EIO, "opening the object database");
	if ((error = cw_vec_push(&stack, head)) < 0)
		goto done;
	while (stack.len > 0) {
		git_oid oid = stack.items[--stack.len], parents[16];
		git_odb_object *obj = NULL;
		const char *data, *p, *end;
		size_t np = 0;
		if ((rc = oid_set_add(&seen, &oid)) <= 0) {
			error = rc;
			if (rc < 0)
				goto done;
			continue;
		}
		if (t->stats->commits >= max_commits) {
			t->stats->truncated = true;
			break;
		}
		if ((rc = CW_GIT2(git_odb_read)(&obj, odb, &oid)) < 0) {
			if (rc == GIT_ENOTFOUND && t->stats->commits > 0)
				continue;
			error = cw__health_git_error(CW_EIO, "reading a commit");
			goto done;
		}
		if (CW_GIT2(git_odb_object_type)(obj) != GIT_OBJECT_COMMIT) {
			CW_GIT2(git_odb_object_free)(obj);
			continue;
		}
		data = CW_GIT2(git_odb_object_data)(obj);
		end = data + CW_GIT2(git_odb_object_size)(obj);
		for (p = data; p < end && *p != '\n'; ) {
			const char *eol = memchr(p, '\n', (size_t)(end - p));
			if (!eol)
				eol = end;
			if (eol - p >= 7 + GIT_OID_HEXSZ && memcmp(p, "parent ", 7) == 0 && np < 16 &&
			    CW_GIT2(git_oid_fromstrn)(&parents[np], p + 7, GIT_OID_HEXSZ) == 0)
				np++;
			p = eol + 1;
		}
		error = count_commit(t, data, CW_GIT2(git_odb_object_size)(obj));
		CW_GIT2(git_odb_object_free)(obj);
		if (error < 0)
			goto done;
		/* the first parent last, so that it is read next */
		while (np > 0)
			if ((error = cw_vec_push(&stack, parents[--np])) < 0)
				goto done;
	}
done:
	free(seen.slots);
	cw_vec_free(&stack);
	CW_GIT2(git_odb_free)(odb);
	return error;
}

int cw__health_history(cw__hhistory *h, cw_health_stats *stats, git_repository *repo,
                       int64_t now, size_t max_commits, cw_arena *arena)
{
	tally t;
	int error = 0;

	memset(h, 0, sizeof(*h));
	memset(&t, 0, sizeof(t));
	t.h = h;
	t.stats = stats;
	t.arena = arena;
	t.now = now;
	t.d90 = now - 90 * (int64_t)CW_DAY;
	t.d365 = now - 365 * (int64_t)CW_DAY;
	if ((error = read_tags(h, stats, repo, now, arena)) < 0)
		goto done;
	if (CW_GIT2(git_repository_head_unborn)(repo) == 1)
		goto done;
	if ((error = walk_commits(&t, repo, max_commits)) < 0)
		goto done;
	counter_set_sort(&t.authors);
	counter_set_sort(&t.domains);
	stats->contributors_12m = t.authors.items.len;
	{
		size_t covered = 0;
		for (size_t i = 0; i < t.authors.items.len && covered * 2 < stats->human_commits_12m; i++) {
			covered += t.authors.items.items[i].commits;
			stats->bus_factor++;
		}
	}
	for (size_t i = 0; i < t.authors.items.len; i++) {
		const counter *a = &t.authors.items.items[i];
		cw__hauthor au = { a->key, a->key, a->commits };
		if ((error = cw_vec_push(&h->authors, au)) < 0)
			goto done;
	}
	for (size_t i = 0; i < t.domains.items.len; i++)
		if ((error = cw_vec_push(&h->domains, t.domains.items.items[i].key)) < 0)
			goto done;
	stats->organizations = t.domains.items.len;
	error = read_changes(h, repo, arena);
done:
	counter_set_free(&t.authors);
	counter_set_free(&t.domains);
	return error;
}

void cw__health_history_free(cw__hhistory *h)
{
	cw_vec_free(&h->changes);
	cw_vec_free(&h->tags);
	cw_vec_free(&h->authors);
	cw_vec_free(&h->domains);
}
