/*
 * registry.c - quality and provenance signals from an npm packument.
 *
 * A packument is the registry's JSON document for a package name
 * (https://github.com/npm/registry/blob/main/docs/REGISTRY-API.md):
 * "dist-tags", "versions" (each a package.json with "scripts",
 * "repository", "deprecated"), "time" (ISO 8601 per version, plus
 * "created"/"modified") and "maintainers".  The signals are those a
 * reviewer looks at before adopting a package: how many people can
 * publish it, whether it is deprecated, when it was last published and how
 * often, whether installing it runs scripts, and whether the repository it
 * declares is the one being evaluated (a package that claims a popular
 * project's repository is a known typosquatting trick).
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

#define OLD_PUBLISH_DAYS 730

typedef struct {
	cw_health_registry pub;
	cw_arena arena;
	CW_VEC(cw_health_signal) signals;
} registry;

/* "2021-03-04T05:06:07.890Z" -> seconds; 0 when it does not parse. */
static int64_t iso_time(const char *s)
{
	char buf[32];
	int64_t t;
	size_t n;
	if (!s)
		return 0;
	n = strcspn(s, ".Z");
	if (n < 10 || n > 19)
		return 0;
	snprintf(buf, sizeof(buf), "%.*s%s", (int)n, s, n == 10 ? "" : "Z");
	return cw_health_parse_time(&t, buf) == 0 ? t : 0;
}

int cw_health_repo_normalize(char **out, const char *url)
{
	cw_buf b = CW_BUF_INIT;
	const char *p = url, *host = NULL, *path = NULL;
	size_t host_len = 0, n;
	int error;
	*out = NULL;
	if (!url || !*url)
		return cw__error_set(CW_EINVALID, "empty repository URL");
	if (strncmp(p, "git+", 4) == 0)
		p += 4;
	if (strncmp(p, "github:", 7) == 0 || strncmp(p, "gitlab:", 7) == 0 ||
	    strncmp(p, "bitbucket:", 10) == 0) {
		host = p[1] == 'i' ? (p[3] == 'h' ? "github.com" : "gitlab.com") : "bitbucket.org";
		host_len = strlen(host);
		path = strchr(p, ':') + 1;
	} else if (strstr(p, "://") && strspn(p, "abcdefghijklmnopqrstuvwxyz+") == (size_t)(strstr(p, "://") - p)) {
		/* scheme://[user[:pw]@]host[:port]/path */
		const char *auth = strstr(p, "://") + 3, *at;
		size_t alen = strcspn(auth, "/");
		for (at = auth; (at = memchr(at, '@', alen - (size_t)(at - auth))); auth = ++at, alen = strcspn(auth, "/"))
			;
		host = auth;
		host_len = strcspn(auth, ":/");
		path = auth + alen;
	} else if (strchr(p, '@') && strchr(p, ':') && strchr(p, '@') < strchr(p, ':') &&
	           (!strchr(p, '/') || strchr(p, ':') < strchr(p, '/'))) {
		/* scp form: user@host:path */
		host = strchr(p, '@') + 1;
		host_len = (size_t)(strchr(p, ':') - host);
		path = strchr(p, ':') + 1;
	} else if (!strchr(p, ':') && p[0] != '/' && p[0] != '.' && strchr(p, '/')) {
		const char *slash = strchr(p, '/');
		if (!memchr(p, '.', (size_t)(slash - p)) && !strchr(slash + 1, '/')) {
			host = "github.com";   /* npm's "owner/repo" shorthand (owners have no dots) */
			host_len = strlen(host);
			path = p;
		} else {
			host = p;              /* "host/owner/repo": the normalised form itself */
			host_len = (size_t)(slash - p);
			path = slash + 1;
		}
	}
	if (!host || host_len == 0 || !path || !cw_is_alnum(host[0]))
		return cw__error_set(CW_EINVALID, "'%s' is not a repository URL", url);
	for (size_t i = 0; i < host_len; i++)
		if (!cw_is_alnum(host[i]) && host[i] != '.' && host[i] != '-' && host[i] != '_')
			return cw__error_set(CW_EINVALID, "'%s': invalid host name", url);
	while (*path == '/')
		path++;
	n = strcspn(path, "#?");
	for (size_t i = 0; i < host_len; i++)
		cw__buf_putc(&b, cw_to_lower(host[i]));
	cw__buf_putc(&b, '/');
	for (size_t i = 0; i < n; i++)
		cw__buf_putc(&b, cw_to_lower(path[i]));
	if ((error = cw__buf_putc(&b, '\0')) < 0) {
		cw__buf_free(&b);
		return error;
	}
	b.len--;
	for (bool changed = true; changed; ) {
		changed = false;
		while (b.len > 0 && b.ptr[b.len - 1] == '/') {
			b.ptr[--b.len] = '\0';
			changed = true;
		}
		if (b.len > 4 && strcmp(b.ptr + b.len - 4, ".git") == 0) {
			b.ptr[b.len -= 4] = '\0';
			changed = true;
		}
	}
	/* host/owner/repo: at least two path segments after the host, and
	 * only the characters of URL paths (no spaces, quotes or colons) */
	{
		const char *first = strchr(b.ptr, '/');
		bool bad = false;
		for (const char *q = b.ptr; *q && !bad; q++)
			bad = !cw_is_alnum(*q) && !strchr("-._~/%+@!$&'()*,;=", *q);
		if (bad || !first || strstr(b.ptr, "//") || !strchr(first + 1, '/')) {
			cw__buf_free(&b);
			return cw__error_set(CW_EINVALID, "'%s' is not a repository URL (expected host/owner/repo)", url);
		}
	}
	*out = cw__buf_detach(&b);
	return 0;
}

/* The "origin" remote's URL of the clone at `path`, or NULL. */
static char *origin_url(const char *path)
{
	git_repository *repo = NULL;
	git_remote *remote = NULL;
	char *url = NULL;
	if (cw__git2_load() < 0)
		return NULL;
	CW_GIT2(git_libgit2_init)();
	if (CW_GIT2(git_repository_open_ext)(&repo, path, 0, NULL) == 0 &&
	    CW_GIT2(git_remote_lookup)(&remote, repo, "origin") == 0 && CW_GIT2(git_remote_url)(remote))
		url = strdup(CW_GIT2(git_remote_url)(remote));
	CW_GIT2(git_remote_free)(remote);
	CW_GIT2(git_repository_free)(repo);
	CW_GIT2(git_libgit2_shutdown)();
	return url;
}

static int signal(registry *r, const char *name, bool warn, const char *fmt, ...) CW_PRINTF(4, 5);

static int signal(registry *r, const char *name, bool warn, const char *fmt, ...)
{
	va_list ap;
	cw_health_signal s = { name, warn, NULL };
	va_start(ap, fmt);
	s.detail = cw__health_vformat(&r->arena, 512, fmt, ap);
	va_end(ap);
	return s.detail ? cw_vec_push(&r->signals, s) : cw_error_last()->code;
}

static const char *repository_of(const cw_json *doc)
{
	const cw_json *repo = json_object_get(doc, "repository");
	if (json_is_string(repo))
		return json_string_value(repo);
	return cw__json_get_str(repo, "url");
}

static int read_doc(registry *r, const cw_json *doc, const char *expected, int64_t now)
{
	cw_health_registry *p = &r->pub;
	const cw_json *versions = json_object_get(doc, "versions"), *times = json_object_get(doc, "time");
	const cw_json *latest_doc = NULL, *maint = json_object_get(doc, "maintainers"), *scripts;
	const char *key, *declared;
	cw_json *value;
	char found[64] = "";
	char *norm = NULL;
	int error;

	p->package = cw__arena_strdup(&r->arena, cw__json_get_str(doc, "name"));
	p->latest = cw__arena_strdup(&r->arena, cw__json_get_str(json_object_get(doc, "dist-tags"), "latest"));
	if (!p->package)
		return cw__error_set(CW_EINVALID, "not an npm packument: no \"name\"");
	if (!json_is_object(versions))
		return cw__error_set(CW_EINVALID, "not an npm packument: no \"versions\" object");
	if (p->latest)
		latest_doc = json_object_get(versions, p->latest);
	json_object_foreach((cw_json *)versions, key, value) {
		int64_t t = iso_time(cw__json_get_str(times, key));
		if (strchr(key, '-'))
			continue;
		p->releases++;
		if (t > now - 365 * (int64_t)CW_DAY && t <= now)
			p->releases_365d++;
	}
	p->maintainers = json_is_array(maint) ? json_array_size(maint) : 0;
	p->last_publish = p->latest ? iso_time(cw__json_get_str(times, p->latest)) : 0;
	if (!p->last_publish)
		p->last_publish = iso_time(cw__json_get_str(times, "modified"));
	if (latest_doc) {
		const cw_json *dep = json_object_get(latest_doc, "deprecated");
		if (json_is_string(dep) && *json_string_value(dep))
			p->deprecated = cw__arena_strdup(&r->arena, json_string_value(dep));
		scripts = json_object_get(latest_doc, "scripts");
		for (const char *const *s = (const char *const[]){ "preinstall", "install", "postinstall", NULL }; *s; s++)
			if (json_is_string(json_object_get(scripts, *s))) {
				size_t o = strlen(found);
				snprintf(found + o, sizeof(found) - o, "%s%s", o ? ", " : "", *s);
			}
		if (found[0])
			p->install_scripts = cw__arena_strdup(&r->arena, found);
	}
	declared = latest_doc ? repository_of(latest_doc) : NULL;
	if (!declared)
		declared = repository_of(doc);
	p->repository_match = -1;
	if (declared && cw_health_repo_normalize(&norm, declared) == 0) {
		p->repository = cw__arena_strdup(&r->arena, norm);
		free(norm);
		norm = NULL;
	}
	if (expected) {
		char *url = cw__health_is_url(expected) ? NULL : origin_url(expected);
		if (cw_health_repo_normalize(&norm, url ? url : expected) == 0) {
			p->expected = cw__arena_strdup(&r->arena, norm);
			free(norm);
		}
		free(url);
		if (p->expected && p->repository)
			p->repository_match = strcmp(p->expected, p->repository) == 0;
	}

	/* the signals, in a fixed order */
	if ((error = signal(r, "maintainers", p->maintainers <= 1, "%zu maintainer(s)%s", p->maintainers,
	                    p->maintainers <= 1 ? ": one account can publish it" : "")) < 0 ||
	    (error = signal(r, "deprecated", p->deprecated != NULL, "%s%s",
	                    p->deprecated ? "deprecated: " : "not deprecated",
	                    p->deprecated ? p->deprecated : "")) < 0)
		return error;
	if (p->last_publish) {
		char d[16];
		int days = now > p->last_publish ? (int)((now - p->last_publish) / CW_DAY) : 0;
		cw__health_date(d, sizeof(d), p->last_publish);
		error = signal(r, "last-publish", days > OLD_PUBLISH_DAYS, "%s %s, %d days ago",
		               p->latest ? p->latest : "last version", d, days);
	} else {
		error = signal(r, "last-publish", true, "no publication time");
	}
	if (error < 0 ||
	    (error = signal(r, "releases", p->releases == 0, "%zu release(s), %zu in the last 365 days",
	                    p->releases, p->releases_365d)) < 0 ||
	    (error = signal(r, "install-scripts", p->install_scripts != NULL, "%s%s",
	                    p->install_scripts ? "runs on install: " : "no install scripts",
	                    p->install_scripts ? p->install_scripts : "")) < 0)
		return error;
	if (!p->repository)
		error = signal(r, "repository", true, "no repository declared");
	else if (p->repository_match == 0)
		error = signal(r, "repository", true, "declares %s, not %s", p->repository, p->expected);
	else if (p->repository_match == 1)
		error = signal(r, "repository", false, "declares %s, the repository evaluated", p->repository);
	else
		error = signal(r, "repository", false, "declares %s", p->repository);
	return error;
}

int cw_health_npm_read(cw_health_registry **out, const char *json, size_t len, const char *path,
                       const char *expected_repo, int64_t now)
{
	registry *r;
	cw_json *doc = NULL;
	int error;
	*out = NULL;
	if (!(r = calloc(1, sizeof(*r))))
		return cw__error_oom();
	if (now == 0)
		now = (int64_t)time(NULL);
	if ((error = cw__json_parse(&doc, json, len, path)) < 0)
		goto done;
	if (!json_is_object(doc)) {
		error = cw__error_set(CW_EINVALID, "%s: not an npm packument (expected an object)", path ? path : "input");
		goto done;
	}
	if ((error = read_doc(r, doc, expected_repo, now)) < 0) {
		if (path)
			cw__error_prefix("%s: ", path);
		goto done;
	}
	r->pub.signals = r->signals.items;
	r->pub.signal_count = r->signals.len;
	*out = &r->pub;
	r = NULL;
done:
	cw__json_free(doc);
	if (r)
		cw_health_registry_free(&r->pub);
	return error;
}

void cw_health_registry_free(cw_health_registry *reg)
{
	registry *r = (registry *)reg;   /* pub is the first member */
	if (!r)
		return;
	cw_vec_free(&r->signals);
	cw__arena_free(&r->arena);
	free(r);
}

static void registry_json(cw_jw *jw, const void *report)
{
	const cw_health_registry *p = report;
	char d[16];
	if (p->last_publish)
		cw__health_date(d, sizeof(d), p->last_publish);
	cw__jw_object_begin(jw);
	cw__jw_member_string(jw, "schema", "chainwarden-registry-health/1");
	cw__jw_member_string(jw, "package", p->package);
	cw__jw_member_string(jw, "latest", p->latest);
	cw__jw_member_int(jw, "maintainers", (int64_t)p->maintainers);
	cw__jw_member_string(jw, "deprecated", p->deprecated);
	cw__jw_member_string(jw, "last_publish", p->last_publish ? d : NULL);
	cw__jw_member_int(jw, "releases", (int64_t)p->releases);
	cw__jw_member_int(jw, "releases_365d", (int64_t)p->releases_365d);
	cw__jw_member_string(jw, "install_scripts", p->install_scripts);
	cw__jw_member_string(jw, "repository", p->repository);
	cw__jw_member_string(jw, "expected_repository", p->expected);
	cw__jw_member_tristate(jw, "repository_match", p->repository_match);
	cw__jw_key_array(jw, "signals");
	for (size_t i = 0; i < p->signal_count; i++) {
		cw__jw_object_begin(jw);
		cw__jw_member_string(jw, "name", p->signals[i].name);
		cw__jw_member_bool(jw, "warn", p->signals[i].warn);
		cw__jw_member_string(jw, "detail", p->signals[i].detail);
		cw__jw_object_end(jw);
	}
	cw__jw_array_end(jw);
	cw__jw_object_end(jw);
}

static int registry_html(cw_buf *b, const void *report)
{
	const cw_health_registry *p = report;
	cw__health_html_head(b, p->package);
	cw__buf_puts(b, "<h1>Registry signals: ");
	cw__health_html_escape(b, p->package);
	cw__buf_puts(b, "</h1>\n<table>\n");
	for (size_t i = 0; i < p->signal_count; i++) {
		cw__buf_printf(b, "<tr><td>%s</td><td class=\"%s\">%s</td><td>", p->signals[i].name,
		               p->signals[i].warn ? "poor" : "good", p->signals[i].warn ? "warn" : "ok");
		cw__health_html_escape(b, p->signals[i].detail);
		cw__buf_puts(b, "</td></tr>\n");
	}
	return cw__buf_puts(b, "</table>\n</body></html>\n");
}

static int registry_markdown(cw_buf *b, const void *report)
{
	const cw_health_registry *p = report;
	int error = 0;
	cw__buf_printf(b, "# Registry signals: %s\n\n| Signal | | Detail |\n|---|---|---|\n", p->package);
	for (size_t i = 0; i < p->signal_count && error == 0; i++)
		error = cw__buf_printf(b, "| %s | %s | %s |\n", p->signals[i].name,
		                       p->signals[i].warn ? "warn" : "ok", p->signals[i].detail);
	return error;
}

static int registry_table(cw_buf *b, const void *report)
{
	const cw_health_registry *p = report;
	int error = 0;
	cw__buf_printf(b, "Package: %s%s%s\n\n", p->package, p->latest ? " " : "", p->latest ? p->latest : "");
	for (size_t i = 0; i < p->signal_count && error == 0; i++)
		error = cw__buf_printf(b, "%-16s %-5s %s\n", p->signals[i].name,
		                       p->signals[i].warn ? "warn" : "ok", p->signals[i].detail);
	return error;
}

int cw_health_registry_format(char **out, const cw_health_registry *p, cw_health_format format)
{
	static const cw__health_formats formats = { registry_json, registry_markdown, registry_html, registry_table };
	return cw__health_format(out, p, format, &formats);
}
