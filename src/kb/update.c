/*
 * update.c - `db update`: fetch the feeds (HTTP(S) or file://, through util/http)
 * and update the KB incrementally.
 *
 * Where from: with a mirror URL M (option, or $CHAINWARDEN_MIRROR), the
 * mirror layout of docs/kb.md:
 *     M/osv/<ecosystem>/all.zip
 *     M/nvd/nvdcve-2.0-modified.json.gz
 *     M/kev/known_exploited_vulnerabilities.json
 *     M/epss/epss_scores-current.csv.gz
 * otherwise the public upstream locations below.  Every source can be set
 * on its own (osv_url with `{eco}`, nvd_url, kev_url, epss_url).
 *
 * How: each feed is downloaded into a cache folder next to the KB
 * (<kb>.d/), with If-None-Match / If-Modified-Since from the validators the
 * previous update stored in the KB (table fetches); a 304 keeps the
 * previous data.  Transient failures (connect, timeouts, 429, 5xx) are
 * retried with exponential backoff; a 404 skips that feed with a warning.
 * Then one incremental build starts from the current KB: records whose
 * `modified` did not change are kept as they are, so only changed records
 * are rewritten; the new KB replaces the old one atomically.
 */
#include "kb/kb_internal.h"
#include "util/error.h"
#include "util/http.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define UPSTREAM_OSV "https://osv-vulnerabilities.storage.googleapis.com/{eco}/all.zip"
#define UPSTREAM_NVD "https://nvd.nist.gov/feeds/json/cve/2.0/nvdcve-2.0-modified.json.gz"
#define UPSTREAM_KEV "https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json"
#define UPSTREAM_EPSS "https://epss.cyentia.com/epss_scores-current.csv.gz"
#define FEED_MAX ((uint64_t)8 << 30)

static const char *const default_ecosystems[] = {
	"npm", "PyPI", "Go", "crates.io", "Maven", "NuGet", "RubyGems", "Packagist", "Pub", "Hex",
};

typedef enum { FEED_OSV, FEED_NVD, FEED_KEV, FEED_EPSS } feed_kind;

typedef struct {
	feed_kind kind;
	char *url;
	char *file;        /* local cache file */
	char *etag, *last_modified;   /* validators: old ones in, new ones out */
	bool fetched;      /* 200: new content to ingest */
} feed;

/* Download one feed into f->file.  0 and f->fetched, or 0 and not fetched
 * (304, or 404 skipped), or an error. */
static int fetch(feed *f, const cw_kb_update_options *opts)
{
	char tmp[4096];
	cw_http_request req = {
		.url = f->url,
		.protocols = "http,https,file",
		.timeout_s = opts->timeout_seconds > 0 ? opts->timeout_seconds : 300L,
		.max = FEED_MAX,
		.path = tmp, /* the feed goes to <file>.part, renamed over <file> when it is new */
		.conditional = true,
		.etag = f->etag,
		.last_modified = f->last_modified,
		.retries = opts->retries,
		.progress = opts->progress,
	};
	cw_http_response resp;
	int error;

	snprintf(tmp, sizeof(tmp), "%s.part", f->file);
	error = cw__http_fetch(&resp, &req);
	/* the response's validators replace the old ones (absent stays absent) */
	free(f->etag);
	free(f->last_modified);
	f->etag = resp.etag;
	f->last_modified = resp.last_modified;
	if (error < 0 || resp.status == 304)
		unlink(tmp);
	if (error == CW_ENOTFOUND) {
		cw_log_warn("%s: not found, skipped", f->url);
		return 0;
	}
	if (error < 0)
		return error;
	if (resp.status == 304) {
		cw_log_info("%s: not modified", f->url);
		return 0;
	}
	if (rename(tmp, f->file) != 0) {
		unlink(tmp);
		return cw__error_set(CW_EIO, "%s: %s", f->file, strerror(errno));
	}
	f->fetched = true;
	return 0;
}

static char *join_url(const char *base, const char *rest)
{
	size_t n = strlen(base);
	char *url = malloc(n + strlen(rest) + 2);
	if (url)
		sprintf(url, "%s%s%s", base, n && base[n - 1] == '/' ? "" : "/", rest);
	return url;
}

/* `eco` percent-encoded for a URL ("Rocky Linux" -> "Rocky%20Linux"); NULL: no memory. */
static char *escape(const char *eco)
{
	cw_buf b = CW_BUF_INIT;
	if (cw__http_escape(&b, eco, strlen(eco)) < 0) {
		cw__buf_free(&b);
		return NULL;
	}
	return cw__buf_detach(&b);
}

static char *osv_url(const cw_kb_update_options *opts, const char *eco)
{
	const char *tmpl = opts->osv_url ? opts->osv_url : NULL;
	char *url, rest[300];
	if (!tmpl && opts->mirror) {
		char *escaped = escape(eco);
		if (!escaped)
			return NULL;
		snprintf(rest, sizeof(rest), "osv/%s/all.zip", escaped);
		free(escaped);
		return join_url(opts->mirror, rest);
	}
	if (!tmpl)
		tmpl = UPSTREAM_OSV;
	const char *at = strstr(tmpl, "{eco}");
	char *escaped;
	if (!at)
		return cw__kb_strdup(tmpl);
	if (!(escaped = escape(eco)))
		return NULL;
	if ((url = malloc(strlen(tmpl) + strlen(escaped) + 1)))
		sprintf(url, "%.*s%s%s", (int)(at - tmpl), tmpl, escaped, at + 5);
	free(escaped);
	return url;
}

static char *feed_url(const cw_kb_update_options *opts, const char *explicit_url,
                      const char *mirror_path, const char *upstream)
{
	if (explicit_url)
		return cw__kb_strdup(explicit_url);
	if (opts->mirror)
		return join_url(opts->mirror, mirror_path);
	return cw__kb_strdup(upstream);
}

/* Ecosystems to fetch: explicit, else those in the KB, else the default list. */
static int choose_ecosystems(char ***out, size_t *count, const cw_kb_update_options *opts,
                             sqlite3 *old)
{
	char **list = NULL;
	size_t n = 0, cap = 0;
	sqlite3_stmt *st = NULL;

	*out = NULL;
	*count = 0;
#define PUSH(s) do { \
		if (n == cap) { \
			char **g = realloc(list, (cap = cap ? cap * 2 : 16) * sizeof(*list)); \
			if (!g) goto oom; \
			list = g; \
		} \
		if (!(list[n] = cw__kb_strdup(s))) goto oom; \
		n++; \
	} while (0)
	if (opts->osv_ecosystem_count) {
		for (size_t i = 0; i < opts->osv_ecosystem_count; i++)
			PUSH(opts->osv_ecosystems[i]);
	} else if (old && sqlite3_prepare_v2(old, "SELECT DISTINCT eco_base FROM affected WHERE"
	                                     " eco_base IS NOT NULL ORDER BY 1", -1, &st, NULL) == SQLITE_OK) {
		while (sqlite3_step(st) == SQLITE_ROW)
			PUSH((const char *)sqlite3_column_text(st, 0));
		sqlite3_finalize(st);
		st = NULL;
	}
	if (!n)
		for (size_t i = 0; i < sizeof(default_ecosystems) / sizeof(default_ecosystems[0]); i++)
			PUSH(default_ecosystems[i]);
#undef PUSH
	*out = list;
	*count = n;
	return 0;
oom:
	sqlite3_finalize(st);
	for (size_t i = 0; i < n; i++)
		free(list[i]);
	free(list);
	return cw__error_oom();
}

static void load_validators(feed *f, sqlite3 *old)
{
	sqlite3_stmt *st = NULL;
	if (!old || sqlite3_prepare_v2(old, "SELECT etag, last_modified FROM fetches WHERE url = ?",
	                               -1, &st, NULL) != SQLITE_OK)
		return;
	sqlite3_bind_text(st, 1, f->url, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		if (sqlite3_column_text(st, 0))
			f->etag = cw__kb_strdup((const char *)sqlite3_column_text(st, 0));
		if (sqlite3_column_text(st, 1))
			f->last_modified = cw__kb_strdup((const char *)sqlite3_column_text(st, 1));
	}
	sqlite3_finalize(st);
}

static int add_feed(feed **feeds, size_t *n, feed_kind kind, char *url, const char *cache,
                    const char *file_name, sqlite3 *old)
{
	feed *grown, *f;
	if (!url)
		return cw__error_oom();
	if (!(grown = realloc(*feeds, (*n + 1) * sizeof(**feeds)))) {
		free(url);
		return cw__error_oom();
	}
	*feeds = grown;
	f = &grown[(*n)++];
	memset(f, 0, sizeof(*f));
	f->kind = kind;
	f->url = url;
	if (!(f->file = malloc(strlen(cache) + strlen(file_name) + 2)))
		return cw__error_oom();
	sprintf(f->file, "%s/%s", cache, file_name);
	load_validators(f, old);
	return 0;
}

static int ingest(cw_kb_builder *b, feed *f)
{
	switch (f->kind) {
	case FEED_OSV: return cw_kb_builder_add_osv(b, f->file);
	case FEED_NVD: return cw_kb_builder_add_nvd(b, f->file);
	case FEED_KEV: return cw_kb_builder_add_kev(b, f->file);
	case FEED_EPSS: return cw_kb_builder_add_epss(b, f->file);
	}
	return cw__error_set(CW_EINTERNAL, "unknown feed kind");
}

int cw_kb_update(const char *kb_path, const cw_kb_update_options *opts, cw_kb_build_stats *stats)
{
	cw_kb_update_options defaults = CW_KB_UPDATE_OPTIONS_INIT;
	cw_kb_build_options bopts = CW_KB_BUILD_OPTIONS_INIT;
	cw_kb_builder *b = NULL;
	sqlite3 *old = NULL;
	feed *feeds = NULL;
	size_t n_feeds = 0, n_ecos = 0, n_fetched = 0;
	char **ecos = NULL, *cache = NULL, name[300];
	struct stat sb;
	bool have_base = stat(kb_path, &sb) == 0;
	int error = 0;

	if (!opts)
		opts = &defaults;
	if (opts->version != CW_KB_UPDATE_OPTIONS_VERSION)
		return cw__error_set(CW_EUSAGE, "cw_kb_update: options version %u", opts->version);
	if (stats)
		memset(stats, 0, sizeof(*stats));
	if ((error = cw__http_global_init()) < 0)
		return error;
	if (have_base && sqlite3_open_v2(kb_path, &old, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		error = cw__kb_sql_error(old, kb_path);
		goto done;
	}
	if (old && (error = cw__kb_schema_check(old)) < 0) {
		cw__error_prefix("%s", kb_path);
		goto done;
	}
	if (!(cache = malloc(strlen(kb_path) + 8))) {
		error = cw__error_oom();
		goto done;
	}
	sprintf(cache, "%s.d/x", kb_path);
	if ((error = cw__kb_mkdir_parents(cache)) < 0)
		goto done;
	cache[strlen(cache) - 2] = '\0';
	if ((error = choose_ecosystems(&ecos, &n_ecos, opts, old)) < 0)
		goto done;
	for (size_t i = 0; i < n_ecos; i++) {
		if (strchr(ecos[i], '/') || strstr(ecos[i], "..")) {
			error = cw__error_set(CW_EUSAGE, "invalid ecosystem name '%s'", ecos[i]);
			goto done;
		}
		snprintf(name, sizeof(name), "%s.zip", ecos[i]);
		if ((error = add_feed(&feeds, &n_feeds, FEED_OSV, osv_url(opts, ecos[i]), cache, name, old)) < 0)
			goto done;
	}
	if ((!opts->skip_nvd &&
	     (error = add_feed(&feeds, &n_feeds, FEED_NVD, feed_url(opts, opts->nvd_url,
	                       "nvd/nvdcve-2.0-modified.json.gz", UPSTREAM_NVD), cache,
	                       "nvdcve-2.0-modified.json.gz", old)) < 0) ||
	    (!opts->skip_kev &&
	     (error = add_feed(&feeds, &n_feeds, FEED_KEV, feed_url(opts, opts->kev_url,
	                       "kev/known_exploited_vulnerabilities.json", UPSTREAM_KEV), cache,
	                       "known_exploited_vulnerabilities.json", old)) < 0) ||
	    (!opts->skip_epss &&
	     (error = add_feed(&feeds, &n_feeds, FEED_EPSS, feed_url(opts, opts->epss_url,
	                       "epss/epss_scores-current.csv.gz", UPSTREAM_EPSS), cache,
	                       "epss_scores-current.csv.gz", old)) < 0))
		goto done;
	sqlite3_close(old);
	old = NULL;

	for (size_t i = 0; i < n_feeds; i++) {
		if ((error = fetch(&feeds[i], opts)) < 0)
			goto done;
		n_fetched += feeds[i].fetched;
	}
	if (!n_fetched) {
		if (!have_base)
			error = cw__error_set(CW_ENOTFOUND, "no feed could be fetched; no KB was created");
		else
			cw_log_info("%s: every feed is unchanged; the KB is up to date", kb_path);
		goto done;
	}
	bopts.base = have_base ? kb_path : NULL;
	bopts.progress = opts->progress;
	if ((error = cw_kb_builder_new(&b, kb_path, &bopts)) < 0)
		goto done;
	for (size_t i = 0; i < n_feeds; i++) {
		feed *f = &feeds[i];
		if (!f->fetched)
			continue;
		if ((error = ingest(b, f)) < 0) {
			cw__error_prefix("%s", f->url);
			goto done;
		}
		if ((error = cw_kb_builder_set_source_validators(b, f->url, f->etag, f->last_modified)) < 0)
			goto done;
	}
	error = cw_kb_builder_finish(b, stats);
done:
	cw_kb_builder_free(b);
	sqlite3_close(old);
	for (size_t i = 0; i < n_feeds; i++) {
		free(feeds[i].url);
		free(feeds[i].file);
		free(feeds[i].etag);
		free(feeds[i].last_modified);
	}
	free(feeds);
	for (size_t i = 0; i < n_ecos; i++)
		free(ecos[i]);
	free(ecos);
	free(cache);
	cw__http_global_cleanup();
	return error;
}
