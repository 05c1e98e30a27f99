/*
 * types.c - the per-type rules of package URLs, in one table.
 *
 * Source: the type definitions of package-url/purl-spec (types/<type>-definition.json and
 * the older PURL-TYPES.rst), as exercised by the purl-spec test suite
 * @ 16f3d0e (tests/types/<type>-test.json).  Where a definition and the
 * suite disagree, the suite wins (it is what other implementations test
 * against):
 *   - git lowercases namespace and name (git-test.json), and its namespace
 *     is the host only, the name the rest of the path ("forgejo/forgejo");
 *   - cpan accepts a purl without namespace ("pkg:cpan/DateTime@1.55").
 * Adding a type is one line here, plus a check function when the type has
 * rules the flags cannot say.
 */
#include "purl/purl_internal.h"
#include "util/error.h"
#include "util/str.h"

#include <stdlib.h>
#include <string.h>

/* Databricks serves MLflow with case-insensitive model names, which the
 * mlflow definition says must then be lowercased; Azure ML keeps the case. */
static bool host_ends_with(const char *url, const char *suffix)
{
	const char *host = strstr(url, "://");
	size_t host_len, suffix_len = strlen(suffix);
	host = host ? host + 3 : url;
	host_len = strcspn(host, "/?#:");
	return host_len >= suffix_len &&
	       cw__slice_eq_nocase((cw_slice){ host + host_len - suffix_len, suffix_len },
	                           (cw_slice){ suffix, suffix_len });
}

static int check_mlflow(cw__purl_draft *d)
{
	for (size_t i = 0; i < d->nquals; i++) {
		const char *v = d->quals[i].value;
		if (strcmp(d->quals[i].key, "repository_url") != 0)
			continue;
		if (host_ends_with(v, ".azuredatabricks.net") ||
		    host_ends_with(v, ".databricks.com"))
			cw__str_lower(d->name, strlen(d->name));
	}
	return 0;
}

/* Chrome Web Store ids are 32 letters a-p; versions 1 to 4 dot-separated
 * integers (developer.chrome.com manifest "version"). */
static int check_chrome_extension(cw__purl_draft *d)
{
	size_t len = strlen(d->name);
	char q[96];
	if (len != 32 || strspn(d->name, "abcdefghijklmnop") != 32) {
		cw__purl_quote(q, sizeof(q), d->name, len);
		return cw__error_set(CW_EINVALID, "invalid purl: name: chrome-extension id %s "
		                     "must be 32 letters 'a' to 'p'", q);
	}
	if (d->version) {
		const char *p = d->version;
		int parts = 0;
		for (;;) {
			size_t digits = strspn(p, "0123456789");
			if (digits == 0 || ++parts > 4)
				break;
			p += digits;
			if (*p == '\0')
				return 0;
			if (*p++ != '.')
				break;
		}
		cw__purl_quote(q, sizeof(q), d->version, strlen(d->version));
		return cw__error_set(CW_EINVALID, "invalid purl: version: chrome-extension version "
		                     "%s must be 1 to 4 dot-separated integers", q);
	}
	return 0;
}

/* A cpan name is a distribution (URI-PackageURL), never a module (URI::PackageURL). */
static int check_cpan(cw__purl_draft *d)
{
	char q[96];
	if (strstr(d->name, "::") == NULL)
		return 0;
	cw__purl_quote(q, sizeof(q), d->name, strlen(d->name));
	return cw__error_set(CW_EINVALID, "invalid purl: name: cpan name %s is a module "
	                     "name; use the distribution name (with '-')", q);
}

#define NS_LOWER CW__PURL_NS_LOWER
#define NS_UPPER CW__PURL_NS_UPPER
#define NAME_LOWER CW__PURL_NAME_LOWER
#define VER_LOWER CW__PURL_VERSION_LOWER
#define NAME_DASH CW__PURL_NAME_DASH
#define NAME_PATH CW__PURL_NAME_PATH
#define NS_REQ CW__PURL_NS_REQUIRED
#define NO_NS CW__PURL_NS_PROHIBITED
#define VER_REQ CW__PURL_VERSION_REQUIRED

/* Sorted by type for bsearch. */
static const cw__purl_type_rules types[] = {
	{ "alpm", NS_LOWER | NAME_LOWER, NULL, NULL },
	{ "apk", NS_LOWER | NAME_LOWER, NULL, NULL },
	{ "bazel", NO_NS, NULL, NULL },
	{ "bitbucket", NS_REQ | NS_LOWER | NAME_LOWER, NULL, NULL },
	{ "bitnami", NO_NS | NAME_LOWER, NULL, NULL },
	{ "brew", NS_LOWER | NAME_LOWER, NULL, NULL },
	{ "cargo", NO_NS, NULL, NULL },
	{ "chrome-extension", NO_NS | NAME_LOWER, NULL, check_chrome_extension },
	{ "cocoapods", NO_NS, NULL, NULL },
	{ "composer", NS_LOWER | NAME_LOWER, NULL, NULL },
	{ "conan", 0, NULL, NULL },
	{ "conda", NO_NS, NULL, NULL },
	{ "cpan", NS_UPPER, NULL, check_cpan },
	{ "cran", NO_NS | VER_REQ, NULL, NULL },
	{ "deb", NS_LOWER | NAME_LOWER, NULL, NULL },
	{ "docker", 0, NULL, NULL },
	{ "gem", NO_NS, NULL, NULL },
	{ "generic", 0, NULL, NULL },
	{ "git", NS_LOWER | NAME_LOWER | NAME_PATH, NULL, NULL },
	{ "github", NS_REQ | NS_LOWER | NAME_LOWER, NULL, NULL },
	{ "golang", 0, NULL, NULL },
	{ "hackage", NO_NS | VER_REQ, NULL, NULL },
	{ "hex", NS_LOWER | NAME_LOWER, NULL, NULL },
	{ "huggingface", VER_LOWER, NULL, NULL },
	{ "julia", NO_NS, "uuid", NULL },
	{ "luarocks", 0, NULL, NULL },
	{ "maven", NS_REQ, NULL, NULL },
	{ "mlflow", NO_NS, NULL, check_mlflow },
	{ "npm", NS_LOWER | NAME_LOWER, NULL, NULL },
	{ "nuget", NO_NS, NULL, NULL },
	{ "oci", NO_NS | NAME_LOWER | VER_LOWER, NULL, NULL },
	{ "opam", NO_NS, NULL, NULL },
	{ "otp", NO_NS, NULL, NULL },
	{ "pub", NO_NS | NAME_LOWER, NULL, NULL },
	{ "pypi", NO_NS | NAME_LOWER | NAME_DASH, NULL, NULL },
	{ "qpkg", NS_LOWER, NULL, NULL },
	{ "rpm", NS_LOWER, NULL, NULL },
	{ "swid", 0, "tag_id", NULL },
	{ "swift", NS_REQ | VER_REQ, NULL, NULL },
	{ "vcpkg", NO_NS, NULL, NULL },
	{ "vscode-extension", NS_REQ | NS_LOWER | NAME_LOWER, NULL, NULL },
	{ "yocto", 0, NULL, NULL },
};

static int cmp_type(const void *key, const void *elem)
{
	return strcmp(key, ((const cw__purl_type_rules *)elem)->type);
}

const cw__purl_type_rules *cw__purl_type_find(const char *type)
{
	static const cw__purl_type_rules unknown = { "", 0, NULL, NULL };
	const cw__purl_type_rules *r = bsearch(type, types, sizeof(types) / sizeof(types[0]),
	                                       sizeof(types[0]), cmp_type);
	return r ? r : &unknown;
}
