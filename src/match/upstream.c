/*
 * upstream.c - cw_scan_upstream(): upstream-attack findings of a scan.
 *
 * Four sources, all per component of the scanned inventory:
 *
 *  1. the lockfile signals of src/attack/signals.c (typosquats of npm
 *     names against the popular lists, missing integrity, non-registry
 *     sources, hosts outside the allow list, dependency confusion,
 *     install scripts);
 *  2. install-time code read from the unpacked package when it is there
 *     (the lockfile's node_modules/NAME, or a --package-dir): the text of
 *     its preinstall/install/postinstall scripts or its setup.py;
 *  3. drift between each lockfile and the manifest next to it
 *     (src/attack/drift.c);
 *  4. the fresh-version quarantine: npm versions published fewer than N
 *     days before `now`, from packuments in a directory or fetched from a
 *     registry URL; a locked version missing from its packument's "time"
 *     map was unpublished (or never existed) and is flagged too.
 *
 * Options: the caller's, merged with the config file's `upstream:`
 * section (upstream_config.c).
 */
#include "match/match.h"
#include "match/upstream.h"
#include "attack/attack_internal.h"
#include "chainwarden/attack.h"
#include "util/error.h"
#include "util/fs.h"
#include "util/str.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

/* ---- adding findings ------------------------------------------------------ */

static int add(cw_scan_result *r, cw_upstream_finding *u, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int add(cw_scan_result *r, cw_upstream_finding *u, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (!(u->evidence = cw__arena_strdup(&r->arena, buf)))
		return cw_error_last()->code;
	return cw_vec_push(&r->upstream, *u);
}

static cw_upstream_finding of_component(const cw_scan_result *r, size_t ci, bool malicious,
                                        const char *signal)
{
	const cw_component *c = cw_inventory_component(r->inv, ci);
	cw_upstream_finding u;
	memset(&u, 0, sizeof(u));
	u.kind = malicious ? CW_FINDING_MALICIOUS : CW_FINDING_SUSPICIOUS;
	u.signal = signal;
	u.component = ci;
	u.package = c;
	u.ecosystem = c->ecosystem;
	u.name = c->name;
	u.version = c->version;
	u.file = c->file;
	u.line = c->line;
	return u;
}

static bool is_dir(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

/* Whether DIR/package.json is version `version` of the package (a nested
 * node_modules copy of another version must not lend its scripts). */
static bool npm_version_is(const char *dir, const char *version)
{
	char path[4200];
	cw_buf data = CW_BUF_INIT;
	json_t *doc = NULL;
	bool same = false;
	snprintf(path, sizeof(path), "%s/package.json", dir);
	if (cw__file_read(&data, path, (size_t)16 << 20) >= 0 &&
	    cw__json_parse(&doc, data.ptr ? data.ptr : "", data.len, path) >= 0) {
		const char *v = cw__json_get_str(doc, "version");
		same = v && !strcmp(v, version);
	}
	json_decref(doc);
	cw__buf_free(&data);
	return same;
}

/* The directory holding component c's unpacked contents, or false. */
static bool package_dir(char *out, size_t size, const cw__upstream_cfg *m, const cw_component *c)
{
	const char *slash = c->file ? strrchr(c->file, '/') : NULL;
	bool npm = c->ecosystem && !strcmp(c->ecosystem, "npm");
	if (npm && c->file) {
		if (slash)
			snprintf(out, size, "%.*s/node_modules/%s", (int)(slash - c->file), c->file, c->name);
		else
			snprintf(out, size, "node_modules/%s", c->name);
		if (is_dir(out) && (!c->version || npm_version_is(out, c->version)))
			return true;
	}
	for (size_t i = 0; i < m->pkg_dirs.len; i++) {
		const char *d = m->pkg_dirs.items[i];
		if (npm) {
			snprintf(out, size, "%s/node_modules/%s", d, c->name);
			if (is_dir(out) && (!c->version || npm_version_is(out, c->version)))
				return true;
		}
		if (c->version) {
			snprintf(out, size, "%s/%s-%s", d, c->name, c->version);
			if (is_dir(out))
				return true;
			if (!npm && strchr(c->name, '-')) { /* sdists unpack as name_with_underscores-version */
				char alt[512];
				snprintf(alt, sizeof(alt), "%s", c->name);
				for (char *p = alt; *p; p++)
					if (*p == '-' || *p == '.')
						*p = '_';
				snprintf(out, size, "%s/%s-%s", d, alt, c->version);
				if (is_dir(out))
					return true;
			}
		}
		snprintf(out, size, "%s/%s", d, c->name);
		if (is_dir(out))
			return true;
	}
	return false;
}

/* Attach the install-time code of component ci (when its contents are there). */
static int attach_script(cw_scan_result *r, const cw__upstream_cfg *m, cw_upstream_finding *u, size_t ci)
{
	const cw_component *c = cw_inventory_component(r->inv, ci);
	char dir[4096], *text = NULL;
	const char *source = NULL;
	int error;
	if (!c->name || strlen(c->name) > 512 || !package_dir(dir, sizeof(dir), m, c))
		return 0;
	if ((error = cw_install_scripts_read(&text, &source, dir)) < 0) {
		error = error == CW_ENOTFOUND ? 0 : cw__scan_warn(r, "%s", cw_error_last()->message);
		return error;
	}
	if (text) {
		u->script = cw__arena_strdup(&r->arena, text);
		u->script_file = cw__arena_printf(&r->arena, "%s/%s", dir, source);
		free(text);
		if (!u->script || !u->script_file)
			return cw_error_last()->code;
	}
	return 0;
}

static int signals(cw_scan_result *r, const cw__upstream_cfg *m, bool *has_script)
{
	cw_signal_options so = CW_SIGNAL_OPTIONS_INIT;
	cw_typosquat_index *ix = NULL;
	cw_signal *sig = NULL;
	size_t n = 0;
	int error = 0;

	so.allowed_hosts = m->allowed.items;
	so.allowed_host_count = m->allowed.len;
	so.internal_patterns = m->internal.items;
	so.internal_pattern_count = m->internal.len;
	so.internal_hosts = m->internal_hosts.items;
	so.internal_host_count = m->internal_hosts.len;
	if (m->popular.len && (error = cw_typosquat_index_new(&ix, "npm")) < 0)
		return error;
	for (size_t i = 0; i < m->popular.len && error >= 0; i++) {
		cw_buf text = CW_BUF_INIT;
		if ((error = cw__file_read(&text, m->popular.items[i], (size_t)256 << 20)) >= 0)
			error = cw_typosquat_index_add_list(ix, text.ptr ? text.ptr : "", text.len, m->popular.items[i]);
		cw__buf_free(&text);
	}
	so.typosquats = ix;
	if (error >= 0)
		error = cw_attack_signals(&sig, &n, r->inv, &so);
	for (size_t i = 0; i < n && error >= 0; i++) {
		const cw_component *c = cw_inventory_component(r->inv, sig[i].component);
		cw_upstream_finding u;
		if (sig[i].kind == CW_SIGNAL_TYPOSQUAT && (!c->ecosystem || strcmp(c->ecosystem, "npm")))
			continue; /* the popular lists are npm names */
		u = of_component(r, sig[i].component, sig[i].malicious, cw_signal_kind_name(sig[i].kind));
		if (sig[i].kind == CW_SIGNAL_INSTALL_SCRIPT) {
			has_script[sig[i].component] = true;
			if ((error = attach_script(r, m, &u, sig[i].component)) < 0)
				break;
		}
		error = add(r, &u, "%s", sig[i].evidence);
	}
	free(sig);
	cw_typosquat_index_free(ix);
	return error;
}

/* Install-time code found in package contents the lockfile did not flag (lockfile v1, pnpm, Python). */
static int contents_scripts(cw_scan_result *r, const cw__upstream_cfg *m, const bool *has_script)
{
	int error = 0;
	for (size_t i = 0; i < cw_inventory_component_count(r->inv) && error >= 0; i++) {
		const cw_component *c = cw_inventory_component(r->inv, i);
		cw_upstream_finding u;
		if (has_script[i] || c->kind != CW_COMPONENT_LIBRARY || !c->name || !c->ecosystem ||
		    (strcmp(c->ecosystem, "npm") && strcmp(c->ecosystem, "pypi")))
			continue;
		if (!c->file && !m->pkg_dirs.len)
			continue;
		u = of_component(r, i, false, "install-script");
		if ((error = attach_script(r, m, &u, i)) < 0 || !u.script)
			continue;
		error = add(r, &u, "runs install-time code (%s)",
		            !strcmp(c->ecosystem, "npm") ? "preinstall/install/postinstall" : "setup.py");
	}
	return error;
}

/* ---- drift ---------------------------------------------------------------- */

static bool is_file(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
}

/* Names equal, or equal once case and '-', '_', '.' are folded (PEP 503;
 * a manifest may write "Flask" for the locked "flask"). */
static bool same_name(const char *a, const char *b, bool fold)
{
	if (!fold)
		return !strcmp(a, b);
	for (; *a && *b; a++, b++) {
		char x = strchr("-_.", *a) ? '-' : cw_to_lower(*a), y = strchr("-_.", *b) ? '-' : cw_to_lower(*b);
		if (x != y)
			return false;
	}
	return !*a && !*b;
}

static size_t find_component(const cw_scan_result *r, const char *file, const char *name, bool fold)
{
	size_t best = SIZE_MAX;
	for (size_t i = 0; i < cw_inventory_component_count(r->inv); i++) {
		const cw_component *c = cw_inventory_component(r->inv, i);
		if (c->kind != CW_COMPONENT_LIBRARY || !c->file || !c->name || strcmp(c->file, file) ||
		    !same_name(c->name, name, fold))
			continue;
		if (c->direct)
			return i;
		if (best == SIZE_MAX)
			best = i;
	}
	return best;
}

static int drift_pair(cw_scan_result *r, const char *manifest, const char *lockfile)
{
	cw_drift_list *l = NULL;
	int error;
	if ((error = cw_drift_check(&l, manifest, lockfile)) < 0) {
		char why[512];
		snprintf(why, sizeof(why), "%s", cw_error_last()->message);
		return error == CW_ENOMEM ? error : cw__scan_warn(r, "drift not checked: %s", why);
	}
	for (size_t i = 0; i < cw_drift_count(l) && error >= 0; i++) {
		const cw_drift *d = cw_drift_at(l, i);
		size_t ci = find_component(r, lockfile, d->name, !strcmp(d->ecosystem, "pypi"));
		cw_upstream_finding u;
		if (ci != SIZE_MAX) {
			u = of_component(r, ci, false, "lockfile-drift");
		} else {
			memset(&u, 0, sizeof(u));
			u.kind = CW_FINDING_SUSPICIOUS;
			u.signal = "lockfile-drift";
			u.component = SIZE_MAX;
			u.ecosystem = d->ecosystem;
			if (!(u.name = cw__arena_strdup(&r->arena, d->name)))
				return cw_error_last()->code;
		}
		if (!(u.file = cw__arena_strdup(&r->arena, d->kind == CW_DRIFT_NOT_LOCKED ? manifest : lockfile)))
			return cw_error_last()->code;
		u.line = d->kind == CW_DRIFT_NOT_LOCKED ? d->manifest_line
		                                        : d->lockfile_line ? d->lockfile_line : u.line;
		switch (d->kind) {
		case CW_DRIFT_NOT_LOCKED:
			error = add(r, &u, "not-locked: %s declares %s %s but %s does not lock it", manifest,
			            d->name, d->declared, lockfile);
			break;
		case CW_DRIFT_MISMATCH:
			error = add(r, &u, "version-mismatch: %s declares %s %s but %s locks %s", manifest,
			            d->name, d->declared, lockfile, d->locked);
			break;
		default:
			error = add(r, &u, "not-declared: %s locks %s%s%s as a direct dependency but %s does "
			            "not declare it", lockfile, d->name, d->locked ? " " : "",
			            d->locked ? d->locked : "", manifest);
			break;
		}
	}
	cw_drift_list_free(l);
	return error;
}

static int drift(cw_scan_result *r)
{
	static const struct { const char *lock, *manifest; } pairs[] = {
		{ "package-lock.json", "package.json" }, { "npm-shrinkwrap.json", "package.json" },
		{ "Cargo.lock", "Cargo.toml" }, { "Pipfile.lock", "Pipfile" },
	};
	cw_map seen = CW_MAP_INIT;
	int error = 0;
	for (size_t i = 0; i < cw_inventory_component_count(r->inv) && error >= 0; i++) {
		const cw_component *c = cw_inventory_component(r->inv, i);
		const char *base;
		char manifest[4096];
		if (c->kind != CW_COMPONENT_ROOT || !c->file || strlen(c->file) > 4000)
			continue;
		base = strrchr(c->file, '/') ? strrchr(c->file, '/') + 1 : c->file;
		for (size_t k = 0; k < sizeof(pairs) / sizeof(pairs[0]); k++) {
			if (strcmp(base, pairs[k].lock))
				continue;
			snprintf(manifest, sizeof(manifest), "%.*s%s", (int)(base - c->file), c->file, pairs[k].manifest);
			if (cw__map_get(&seen, c->file, strlen(c->file)) || !is_file(manifest))
				break;
			if ((error = cw__map_put(&seen, c->file, strlen(c->file), (void *)c, NULL)) < 0)
				break;
			error = drift_pair(r, manifest, c->file);
			break;
		}
	}
	cw__map_free(&seen);
	return error;
}

/* ---- fresh versions ------------------------------------------------------- */

static int fresh(cw_scan_result *r, const cw__upstream_cfg *m)
{
	cw_map seen = CW_MAP_INIT;
	cw_arena keys = CW_ARENA_INIT;
	cw_buf doc = CW_BUF_INIT;
	size_t missing = 0;
	const char *first_missing = NULL;
	int error = 0;

	for (size_t i = 0; i < cw_inventory_component_count(r->inv) && error >= 0; i++) {
		const cw_component *c = cw_inventory_component(r->inv, i);
		cw_upstream_finding u;
		char *key, when[32];
		int64_t t = 0;
		int rc;
		if (c->kind != CW_COMPONENT_LIBRARY || !c->ecosystem || strcmp(c->ecosystem, "npm") ||
		    !c->name || !c->version || strlen(c->name) > 512 || strlen(c->version) > 500)
			continue;
		if (!(key = cw__arena_printf(&keys, "%s@%s\n%s", c->name, c->version, c->file ? c->file : ""))) {
			error = cw_error_last()->code;
			break;
		}
		if (cw__map_get(&seen, key, strlen(key)))
			continue;
		if ((error = cw__map_put(&seen, key, strlen(key), (void *)c, NULL)) < 0)
			break;
		if ((rc = cw__packument_get(&doc, m->metadata, m->metadata ? NULL : m->url, c->name)) < 0) {
			if (rc == CW_ENOTFOUND || rc == CW_EINVALID) {
				if (!missing++)
					first_missing = c->name;
				continue;
			}
			error = cw__scan_warn(r, "registry metadata: %s", cw_error_last()->message);
			continue;
		}
		rc = cw_packument_publish_time(&t, doc.ptr ? doc.ptr : "", doc.len, c->name, c->version);
		if (rc == CW_ENOTFOUND) {
			u = of_component(r, i, false, "unpublished-version");
			error = add(r, &u, "%s@%s is not in the registry's metadata (unpublished, or never "
			            "published there)", c->name, c->version);
			continue;
		}
		if (rc < 0) {
			error = cw__scan_warn(r, "registry metadata: %s", cw_error_last()->message);
			continue;
		}
		if (m->now - t >= (int64_t)m->fresh_days * 86400)
			continue;
		{
			time_t tt = (time_t)t;
			struct tm tm;
			gmtime_r(&tt, &tm);
			strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
		}
		u = of_component(r, i, false, "fresh-version");
		error = add(r, &u, "%s@%s was published %s, %.1f days before the scan (quarantine: %d days)",
		            c->name, c->version, when, (double)(m->now - t) / 86400.0, m->fresh_days);
	}
	if (error >= 0 && missing)
		error = cw__scan_warn(r, "registry metadata: no packument for %zu package%s (first: %s); "
		                      "their publish times were not checked", missing, missing == 1 ? "" : "s",
		                      first_missing);
	cw__buf_free(&doc);
	cw__map_free(&seen);
	cw__arena_free(&keys);
	return error;
}

/* ---- entry points ------------------------------------------------------- */

static int signal_rank(const char *s)
{
	static const char *const order[] = {
		"dependency-confusion", "typosquat", "unpublished-version", "fresh-version",
		"lockfile-drift", "non-registry-source", "unlisted-host", "install-script", "no-integrity",
	};
	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++)
		if (!strcmp(s, order[i]))
			return (int)i;
	return 99;
}

static int cmp_upstream(const void *pa, const void *pb)
{
	const cw_upstream_finding *a = pa, *b = pb;
	int c;
	if (a->kind != b->kind)
		return a->kind == CW_FINDING_MALICIOUS ? -1 : 1;
	if ((c = signal_rank(a->signal) - signal_rank(b->signal)))
		return c;
	if ((c = strcmp(a->file ? a->file : "", b->file ? b->file : "")))
		return c;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	return strcmp(a->evidence, b->evidence);
}

int cw_scan_upstream(cw_scan_result *r, const cw_upstream_options *opts)
{
	static const cw_upstream_options defaults = CW_UPSTREAM_OPTIONS_INIT;
	cw__upstream_cfg m;
	bool *has_script = NULL;
	int error;

	memset(&m, 0, sizeof(m));
	if (!r)
		return cw__error_set(CW_EINVALID, "scan: no result");
	if ((error = cw__upstream_cfg_load(&m, opts ? opts : &defaults)) < 0)
		goto done;
	if (!(has_script = calloc(cw_inventory_component_count(r->inv) + 1, sizeof(bool)))) {
		error = cw__error_oom();
		goto done;
	}
	if ((error = signals(r, &m, has_script)) < 0 || (error = contents_scripts(r, &m, has_script)) < 0)
		goto done;
	if (m.drift && (error = drift(r)) < 0)
		goto done;
	if (m.fresh_days > 0 && (m.metadata || m.url) && (error = fresh(r, &m)) < 0)
		goto done;
	if (r->upstream.len > 1)
		qsort(r->upstream.items, r->upstream.len, sizeof(*r->upstream.items), cmp_upstream);
	if (opts && opts->config_file && (error = cw__upstream_apply_ignore(r, opts->config_file, m.now)) < 0)
		goto done;
	error = cw__scan_baseline_upstream(r);
done:
	free(has_script);
	cw__upstream_cfg_free(&m);
	return error;
}

size_t cw_scan_upstream_count(const cw_scan_result *r) { return r->upstream.len; }
const cw_upstream_finding *cw_scan_upstream_at(const cw_scan_result *r, size_t i) { return &r->upstream.items[i]; }

bool cw_scan_upstream_fails(const cw_scan_result *r, cw_fail_level level)
{
	for (size_t i = 0; i < r->upstream.len; i++) {
		if (r->upstream.items[i].ignored)
			continue;
		cw_severity s = r->upstream.items[i].kind == CW_FINDING_MALICIOUS ? CW_SEVERITY_CRITICAL
		                                                                   : CW_SEVERITY_LOW;
		switch (level) {
		case CW_FAIL_NONE: return false;
		case CW_FAIL_ANY: return true;
		case CW_FAIL_KEV: break;
		case CW_FAIL_LOW: if (s >= CW_SEVERITY_LOW) return true; break;
		case CW_FAIL_MEDIUM: if (s >= CW_SEVERITY_MEDIUM) return true; break;
		case CW_FAIL_HIGH: if (s >= CW_SEVERITY_HIGH) return true; break;
		case CW_FAIL_CRITICAL: if (s >= CW_SEVERITY_CRITICAL) return true; break;
		}
	}
	return false;
}
