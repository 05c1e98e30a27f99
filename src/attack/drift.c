/*
 * drift.c - a lockfile out of step with its manifest.
 *
 * An attacker who can edit a lockfile (a pull request nobody reads, a
 * compromised CI step) can pin a dependency to another version or add a
 * package the manifest never asked for; a stale lockfile hides the same
 * way.  Three findings, per declared name:
 *
 *   not-locked        declared in the manifest, not in the lockfile
 *   version-mismatch  locked, but the locked version does not satisfy the
 *                     declared range (npm or Cargo range semantics of the
 *                     version module)
 *   not-declared      the lockfile's root entry lists it as a direct
 *                     dependency, the manifest does not declare it
 *
 * npm (https://docs.npmjs.com/cli/configuring-npm/package-lock-json):
 * package.json dependencies / devDependencies / optionalDependencies
 * against package-lock.json v1 ("dependencies" map) and v2/v3 ("packages"
 * with "node_modules/NAME" keys; packages[""] is the root's declared set).
 * An alias "npm:real@range" is checked against its range.  Peer
 * dependencies are not required to be locked.
 *
 * Cargo (https://doc.rust-lang.org/cargo/reference/specifying-dependencies.html):
 * [dependencies], [dev-dependencies], [build-dependencies] and their
 * [target.*] forms against Cargo.lock's [[package]] entries (any locked
 * version of the name may satisfy the requirement; `package = "real"`
 * renames).  The root [[package]]'s `dependencies` list gives not-declared.
 *
 * Pipenv (https://pipenv.pypa.io/en/latest/pipfile.html): Pipfile
 * [packages] / [dev-packages] against Pipfile.lock "default" / "develop"
 * (names compared PEP 503-normalised, "==1.2.3" versions, PEP 440
 * specifiers; "*" and path/git entries are presence only).  Pipfile.lock
 * lists transitive packages too, so not-declared is not checked there.
 *
 * Declarations that name no registry version (git, path, file:, link:,
 * workspace inheritance, dist-tags such as "latest") are checked for
 * presence only.
 */
#include "chainwarden/attack.h"
#include "chainwarden/version.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "toml/toml.h"
#include "util/arena.h"
#include "util/error.h"
#include "util/fs.h"
#include "util/json.h"
#include "util/vec.h"

#define DRIFT_FILE_MAX ((size_t)256 << 20)

struct cw_drift_list {
	cw_arena arena;           /* holds this struct too (cw__arena_new_owner) */
	CW_VEC(cw_drift) items;
};

typedef struct {
	cw_drift_list *l;
	const char *manifest_name, *lock_name;
	const char *mtext, *ltext;
	size_t mlen, llen;
	const char *eco;
} ctx;

const char *cw_drift_kind_name(cw_drift_kind kind)
{
	static const char *const names[] = { "not-locked", "version-mismatch", "not-declared" };
	return (unsigned)kind < 3 ? names[kind] : "drift";
}

/* The 1-based line of the first `"key"` followed by ':' (JSON) or of `key`
 * at a line start followed by ' ' or '=' (TOML), at or after `from`; 0 if none. */
static size_t line_of(const char *text, size_t len, const char *key, bool json)
{
	size_t klen = strlen(key), line = 1;
	for (size_t i = 0; i < len; i++) {
		if (text[i] == '\n') {
			line++;
			continue;
		}
		if (json) {
			size_t j = i + 1 + klen;
			if (text[i] != '"' || j >= len || memcmp(text + i + 1, key, klen) || text[j] != '"')
				continue;
			for (j++; j < len && (text[j] == ' ' || text[j] == '\t'); j++)
				;
			if (j < len && text[j] == ':')
				return line;
		} else if (i == 0 || text[i - 1] == '\n') {
			size_t j = i;
			while (j < len && (text[j] == ' ' || text[j] == '\t'))
				j++;
			if (j + klen < len && !memcmp(text + j, key, klen) &&
			    (text[j + klen] == ' ' || text[j + klen] == '=' || text[j + klen] == '.'))
				return line;
		}
	}
	return 0;
}

static int add(ctx *c, cw_drift_kind kind, const char *name, const char *declared,
               const char *locked, const char *lock_key)
{
	cw_drift d = { kind, c->eco, NULL, NULL, NULL, c->manifest_name, 0, c->lock_name, 0 };
	bool json = !strcmp(c->eco, "npm"), lock_json = json || !strcmp(c->eco, "pypi");
	if (!(d.name = cw__arena_strdup(&c->l->arena, name)) ||
	    (declared && !(d.declared = cw__arena_strdup(&c->l->arena, declared))) ||
	    (locked && !(d.locked = cw__arena_strdup(&c->l->arena, locked))))
		return cw_error_last()->code;
	if (kind != CW_DRIFT_NOT_DECLARED)
		d.manifest_line = line_of(c->mtext, c->mlen, name, json);
	if (kind != CW_DRIFT_NOT_LOCKED && lock_key)
		d.lockfile_line = line_of(c->ltext, c->llen, lock_key, lock_json);
	return cw_vec_push(&c->l->items, d);
}

/* 1 satisfied, 0 not, -1 cannot tell (the range or the version does not parse). */
static int satisfies(const char *eco, const char *range, const char *version)
{
	const cw_version_scheme *s = cw_version_scheme_for(eco);
	cw_version_range *r = NULL;
	cw_version *v = NULL;
	int result = -1;
	if (cw_version_range_parse(&r, s, range, strlen(range)) == 0 &&
	    cw_version_parse(&v, s, version, strlen(version)) == 0)
		result = cw_version_satisfies(r, v) ? 1 : 0;
	cw_version_range_free(r);
	cw_version_free(v);
	return result;
}

/* ---- npm ----------------------------------------------------------------- */

/* The range of an npm dependency spec, or NULL when it names no registry version. */
static const char *npm_range(const char *spec)
{
	static const char *const other[] = { "file:", "link:", "git", "http:", "https:", "github:",
	                                     "gitlab:", "bitbucket:", "workspace:", "portal:", "patch:" };
	if (!strncmp(spec, "npm:", 4)) {
		const char *at = strrchr(spec + 4, '@');
		return at && at > spec + 4 ? at + 1 : NULL;
	}
	for (size_t i = 0; i < sizeof(other) / sizeof(other[0]); i++)
		if (!strncmp(spec, other[i], strlen(other[i])))
			return NULL;
	if (strchr(spec, '/') || strchr(spec, ':'))
		return NULL; /* "user/repo" GitHub shorthand, other protocols */
	return spec;
}

/* The locked entry of a direct dependency: v2/v3 packages["node_modules/NAME"], v1 dependencies[NAME]. */
static json_t *npm_locked(json_t *lock, const char *name, char *key, size_t size)
{
	json_t *packages = json_object_get(lock, "packages"), *e;
	if (json_is_object(packages)) {
		snprintf(key, size, "node_modules/%s", name);
		e = json_object_get(packages, key);
		if (json_is_object(e) && json_is_true(json_object_get(e, "link"))) {
			/* a workspace link: the target entry holds the version */
			const char *to = cw__json_get_str(e, "resolved");
			json_t *t = to ? json_object_get(packages, to) : NULL;
			if (json_is_object(t))
				return t;
		}
		return json_is_object(e) ? e : NULL;
	}
	snprintf(key, size, "%s", name);
	e = json_object_get(json_object_get(lock, "dependencies"), name);
	return json_is_object(e) ? e : NULL;
}

static const char *const npm_sections[] = { "dependencies", "devDependencies", "optionalDependencies" };

static int npm_check(ctx *c, json_t *manifest, json_t *lock)
{
	const char *name;
	json_t *spec, *root;
	char key[600];
	int error = 0;

	if (!json_is_object(manifest) || !json_is_object(lock))
		return cw__error_set(CW_EINVALID, "%s: expected a JSON object",
		                     json_is_object(manifest) ? c->lock_name : c->manifest_name);
	for (size_t s = 0; s < sizeof(npm_sections) / sizeof(npm_sections[0]) && !error; s++) {
		json_object_foreach(json_object_get(manifest, npm_sections[s]), name, spec) {
			const char *range, *version;
			json_t *e;
			if (!json_is_string(spec))
				continue;
			if (strlen(name) > 500)
				continue;
			if (!(e = npm_locked(lock, name, key, sizeof(key)))) {
				if ((error = add(c, CW_DRIFT_NOT_LOCKED, name, json_string_value(spec), NULL, NULL)) < 0)
					break;
				continue;
			}
			range = npm_range(json_string_value(spec));
			version = cw__json_get_str(e, "version");
			if (range && version && satisfies("npm", range, version) == 0 &&
			    (error = add(c, CW_DRIFT_MISMATCH, name, json_string_value(spec), version, key)) < 0)
				break;
		}
	}
	/* v2/v3: what the lockfile's root says it declares */
	root = json_object_get(json_object_get(lock, "packages"), "");
	for (size_t s = 0; s < sizeof(npm_sections) / sizeof(npm_sections[0]) && !error; s++) {
		json_object_foreach(json_object_get(root, npm_sections[s]), name, spec) {
			bool declared = json_object_get(json_object_get(manifest, "peerDependencies"), name);
			for (size_t k = 0; k < sizeof(npm_sections) / sizeof(npm_sections[0]) && !declared; k++)
				declared = json_object_get(json_object_get(manifest, npm_sections[k]), name);
			if (declared || strlen(name) > 500)
				continue;
			json_t *e = npm_locked(lock, name, key, sizeof(key));
			if ((error = add(c, CW_DRIFT_NOT_DECLARED, name, NULL,
			                 e ? cw__json_get_str(e, "version") : json_string_value(spec),
			                 e ? key : name)) < 0)
				break;
		}
	}
	return error;
}

static int npm_drift(ctx *c)
{
	json_t *m = NULL, *l = NULL;
	int error;
	if ((error = cw__json_parse(&m, c->mtext, c->mlen, c->manifest_name)) >= 0 &&
	    (error = cw__json_parse(&l, c->ltext, c->llen, c->lock_name)) >= 0)
		error = npm_check(c, m, l);
	json_decref(m);
	json_decref(l);
	return error;
}

/* ---- Cargo --------------------------------------------------------------- */

typedef struct {
	const cw_toml_value *packages; /* the [[package]] array */
} cargo_lock;

/* The locked versions of `name`, comma-separated, into buf; false when none. */
static bool cargo_versions(const cargo_lock *lk, const char *name, char *buf, size_t size,
                           const char *req, int *sat)
{
	size_t n = 0, len = 0;
	*sat = -1;
	buf[0] = '\0';
	for (size_t i = 0; i < cw__toml_array_len(lk->packages); i++) {
		const cw_toml_value *p = cw__toml_array_at(lk->packages, i);
		const char *pn = cw__toml_get_str(p, "name"), *pv = cw__toml_get_str(p, "version");
		if (!pn || strcmp(pn, name) || !pv)
			continue;
		if (req) {
			int s = satisfies("crates.io", req, pv);
			if (s == 1 || *sat == -1)
				*sat = s == 1 ? 1 : (*sat == 1 ? 1 : s);
		}
		if (len < size)
			len += (size_t)snprintf(buf + len, size - len, "%s%s", n ? ", " : "", pv);
		n++;
	}
	return n > 0;
}

static int cargo_table(ctx *c, const cargo_lock *lk, const cw_toml_value *deps)
{
	int error = 0;
	for (size_t i = 0; deps && i < cw__toml_table_len(deps) && !error; i++) {
		const cw_toml_entry *e = cw__toml_table_at(deps, i);
		const cw_toml_value *v = e->value;
		const char *name = e->key, *req = NULL;
		char versions[256];
		int sat;
		if (v->type == CW_TOML_STRING) {
			req = cw__toml_str(v, NULL);
		} else if (v->type == CW_TOML_TABLE) {
			const char *pkg = cw__toml_get_str(v, "package");
			if (pkg)
				name = pkg;
			req = cw__toml_get_str(v, "version");
			/* a git or path dependency may carry a version: Cargo checks it too */
		} else {
			continue;
		}
		if (strlen(name) > 500)
			continue;
		if (!cargo_versions(lk, name, versions, sizeof(versions), req, &sat)) {
			error = add(c, CW_DRIFT_NOT_LOCKED, name, req ? req : "*", NULL, NULL);
			continue;
		}
		if (req && sat == 0) {
			char key[600];
			snprintf(key, sizeof(key), "name = \"%s\"", name);
			error = add(c, CW_DRIFT_MISMATCH, name, req, versions, NULL);
			if (error >= 0) {
				/* the [[package]] entry's line: `name = "NAME"` */
				cw_drift *d = &c->l->items.items[c->l->items.len - 1];
				d->lockfile_line = line_of(c->ltext, c->llen, key, false);
			}
		}
	}
	return error;
}

static const char *const cargo_sections[] = { "dependencies", "dev-dependencies", "build-dependencies" };

static bool cargo_declares(const cw_toml_value *manifest, const char *name)
{
	const cw_toml_value *target = cw__toml_get(manifest, "target");
	for (size_t s = 0; s < 3; s++) {
		const cw_toml_value *deps = cw__toml_get(manifest, cargo_sections[s]);
		for (size_t i = 0; deps && i < cw__toml_table_len(deps); i++) {
			const cw_toml_entry *e = cw__toml_table_at(deps, i);
			const char *pkg = e->value->type == CW_TOML_TABLE ? cw__toml_get_str(e->value, "package") : NULL;
			if (!strcmp(pkg ? pkg : e->key, name))
				return true;
		}
		for (size_t t = 0; target && t < cw__toml_table_len(target); t++) {
			const cw_toml_value *tdeps = cw__toml_get(cw__toml_table_at(target, t)->value, cargo_sections[s]);
			for (size_t i = 0; tdeps && i < cw__toml_table_len(tdeps); i++) {
				const cw_toml_entry *e = cw__toml_table_at(tdeps, i);
				const char *pkg = e->value->type == CW_TOML_TABLE ? cw__toml_get_str(e->value, "package") : NULL;
				if (!strcmp(pkg ? pkg : e->key, name))
					return true;
			}
		}
	}
	return false;
}

static int cargo_check(ctx *c, const cw_toml_value *m, const cw_toml_value *l)
{
	cargo_lock lk = { cw__toml_get(l, "package") };
	const cw_toml_value *target = cw__toml_get(m, "target");
	const char *self = cw__toml_get_str(cw__toml_get(m, "package"), "name");
	int error = 0;
	if (lk.packages && lk.packages->type != CW_TOML_ARRAY)
		return cw__error_set(CW_EINVALID, "%s: 'package' is not an array of tables", c->lock_name);
	for (size_t s = 0; s < 3 && !error; s++) {
		const cw_toml_value *deps = cw__toml_get(m, cargo_sections[s]);
		if (deps && deps->type == CW_TOML_TABLE)
			error = cargo_table(c, &lk, deps);
		for (size_t t = 0; target && target->type == CW_TOML_TABLE && t < cw__toml_table_len(target) && !error; t++) {
			const cw_toml_value *tv = cw__toml_table_at(target, t)->value;
			const cw_toml_value *tdeps = tv->type == CW_TOML_TABLE ? cw__toml_get(tv, cargo_sections[s]) : NULL;
			if (tdeps && tdeps->type == CW_TOML_TABLE)
				error = cargo_table(c, &lk, tdeps);
		}
	}
	/* not-declared: the root package's dependency list in Cargo.lock ("name" or "name version") */
	for (size_t i = 0; self && !error && i < cw__toml_array_len(lk.packages); i++) {
		const cw_toml_value *p = cw__toml_array_at(lk.packages, i), *deps;
		const char *pn = cw__toml_get_str(p, "name");
		if (!pn || strcmp(pn, self) || cw__toml_get(p, "source"))
			continue;
		deps = cw__toml_get(p, "dependencies");
		for (size_t k = 0; deps && k < cw__toml_array_len(deps) && !error; k++) {
			const char *d = cw__toml_str(cw__toml_array_at(deps, k), NULL);
			char name[512];
			if (!d)
				continue;
			snprintf(name, sizeof(name), "%.*s", (int)strcspn(d, " "), d);
			if (!cargo_declares(m, name))
				error = add(c, CW_DRIFT_NOT_DECLARED, name, NULL, d[strcspn(d, " ")] ? d + strcspn(d, " ") + 1 : NULL, NULL);
		}
		break;
	}
	return error;
}

static int cargo_drift(ctx *c)
{
	cw_arena arena = CW_ARENA_INIT;
	const cw_toml_value *m = NULL, *l = NULL;
	int error;
	if ((error = cw__toml_parse(&m, &arena, c->mtext, c->mlen, c->manifest_name)) >= 0 &&
	    (error = cw__toml_parse(&l, &arena, c->ltext, c->llen, c->lock_name)) >= 0)
		error = cargo_check(c, m, l);
	cw__arena_free(&arena);
	return error;
}

/* ---- Pipenv -------------------------------------------------------------- */

/* PEP 503 normalised name into buf. */
static void pep503(char *buf, size_t size, const char *name)
{
	size_t n = 0;
	for (const char *p = name; *p && n + 1 < size; p++) {
		char ch = *p;
		if (ch == '-' || ch == '_' || ch == '.') {
			if (n && buf[n - 1] == '-')
				continue;
			ch = '-';
		} else if (ch >= 'A' && ch <= 'Z') {
			ch = (char)(ch - 'A' + 'a');
		}
		buf[n++] = ch;
	}
	buf[n] = '\0';
}

/* The locked entry of `name` in Pipfile.lock's `section`, matched by normalised name. */
static json_t *pipenv_locked(json_t *lock, const char *section, const char *name, const char **key)
{
	char want[512], have[512];
	const char *k;
	json_t *v;
	pep503(want, sizeof(want), name);
	json_object_foreach(json_object_get(lock, section), k, v) {
		pep503(have, sizeof(have), k);
		if (!strcmp(want, have) && json_is_object(v)) {
			*key = k;
			return v;
		}
	}
	return NULL;
}

static int pipenv_check(ctx *c, const cw_toml_value *m, json_t *lock)
{
	static const char *const sections[][2] = { { "packages", "default" }, { "dev-packages", "develop" } };
	int error = 0;
	if (!json_is_object(lock))
		return cw__error_set(CW_EINVALID, "%s: expected a JSON object", c->lock_name);
	for (size_t s = 0; s < 2 && !error; s++) {
		const cw_toml_value *deps = cw__toml_get(m, sections[s][0]);
		for (size_t i = 0; i < cw__toml_table_len(deps) && !error; i++) {
			const cw_toml_entry *e = cw__toml_table_at(deps, i);
			const char *spec = NULL, *key = NULL, *version;
			json_t *locked;
			if (e->value->type == CW_TOML_STRING)
				spec = cw__toml_str(e->value, NULL);
			else if (e->value->type == CW_TOML_TABLE)
				spec = cw__toml_get_str(e->value, "version"); /* path/git entries have none */
			else
				continue;
			if (strlen(e->key) > 500)
				continue;
			/* a package may be locked in either section (pipenv moves shared ones to default) */
			if (!(locked = pipenv_locked(lock, sections[s][1], e->key, &key)) &&
			    !(locked = pipenv_locked(lock, sections[1 - s][1], e->key, &key))) {
				error = add(c, CW_DRIFT_NOT_LOCKED, e->key, spec ? spec : "*", NULL, NULL);
				continue;
			}
			version = cw__json_get_str(locked, "version");
			if (version && !strncmp(version, "==", 2))
				version += 2;
			if (spec && strcmp(spec, "*") && version && satisfies("PyPI", spec, version) == 0)
				error = add(c, CW_DRIFT_MISMATCH, e->key, spec, version, key);
		}
	}
	return error;
}

static int pipenv_drift(ctx *c)
{
	cw_arena arena = CW_ARENA_INIT;
	const cw_toml_value *m = NULL;
	json_t *l = NULL;
	int error;
	if ((error = cw__toml_parse(&m, &arena, c->mtext, c->mlen, c->manifest_name)) >= 0 &&
	    (error = cw__json_parse(&l, c->ltext, c->llen, c->lock_name)) >= 0)
		error = pipenv_check(c, m, l);
	json_decref(l);
	cw__arena_free(&arena);
	return error;
}

/* ---- entry points -------------------------------------------------------- */

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

static int pair_kind(const char *manifest, const char *lockfile)
{
	const char *m = base_name(manifest), *l = base_name(lockfile);
	if (!strcmp(m, "package.json") && (!strcmp(l, "package-lock.json") || !strcmp(l, "npm-shrinkwrap.json")))
		return 1;
	if (!strcmp(m, "Cargo.toml") && !strcmp(l, "Cargo.lock"))
		return 2;
	if (!strcmp(m, "Pipfile") && !strcmp(l, "Pipfile.lock"))
		return 3;
	return 0;
}

int cw_drift_check_data(cw_drift_list **out, const char *manifest_name, const char *manifest,
                        size_t manifest_len, const char *lockfile_name, const char *lockfile,
                        size_t lockfile_len)
{
	cw_drift_list *l;
	int kind = pair_kind(manifest_name, lockfile_name), error;
	ctx c = { NULL, NULL, NULL, manifest, lockfile, manifest_len, lockfile_len, NULL };

	*out = NULL;
	if (!kind)
		return cw__error_set(CW_EUNSUPPORTED, "drift: %s and %s are not a manifest and its lockfile",
		                     manifest_name, lockfile_name);
	if (!(l = cw__arena_new_owner(cw_drift_list, arena)))
		return cw_error_last()->code;
	c.l = l;
	if (!(c.manifest_name = cw__arena_strdup(&l->arena, manifest_name)) ||
	    !(c.lock_name = cw__arena_strdup(&l->arena, lockfile_name))) {
		error = cw_error_last()->code;
		goto done;
	}
	c.eco = kind == 1 ? "npm" : kind == 2 ? "cargo" : "pypi";
	error = kind == 1 ? npm_drift(&c) : kind == 2 ? cargo_drift(&c) : pipenv_drift(&c);
done:
	if (error < 0) {
		cw_drift_list_free(l);
		return error;
	}
	*out = l;
	return 0;
}

int cw_drift_check(cw_drift_list **out, const char *manifest, const char *lockfile)
{
	cw_buf m = CW_BUF_INIT, l = CW_BUF_INIT;
	int error;
	*out = NULL;
	if (!pair_kind(manifest, lockfile))
		return cw__error_set(CW_EUNSUPPORTED, "drift: %s and %s are not a manifest and its lockfile",
		                     manifest, lockfile);
	if ((error = cw__file_read(&m, manifest, DRIFT_FILE_MAX)) >= 0 &&
	    (error = cw__file_read(&l, lockfile, DRIFT_FILE_MAX)) >= 0)
		error = cw_drift_check_data(out, manifest, m.ptr ? m.ptr : "", m.len, lockfile,
		                            l.ptr ? l.ptr : "", l.len);
	cw__buf_free(&m);
	cw__buf_free(&l);
	return error;
}

size_t cw_drift_count(const cw_drift_list *l) { return l ? l->items.len : 0; }
const cw_drift *cw_drift_at(const cw_drift_list *l, size_t i) { return &l->items.items[i]; }

void cw_drift_list_free(cw_drift_list *l)
{
	if (!l)
		return;
	cw_vec_free(&l->items);
	cw__arena_free_owner(&l->arena);
}
