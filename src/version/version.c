/*
 * version.c - ecosystem -> scheme lookup and the generic entry points.
 *
 * The per-scheme rules live in one file each (semver_npm.c, pep440.c,
 * maven.c, dpkg.c, ...); this file only maps ecosystem names to schemes and
 * wraps the callbacks.
 */
#include "version/scheme.h"
#include "util/error.h"
#include "util/str.h"

#include <stdlib.h>
#include <string.h>

#define SCHEME(name) extern const cw_version_scheme cw__scheme_##name
SCHEME(npm);
SCHEME(golang);
SCHEME(cargo);
SCHEME(nuget);
SCHEME(composer);
SCHEME(hex);
SCHEME(pub);
SCHEME(pep440);
SCHEME(maven);
SCHEME(gem);
SCHEME(dpkg);
SCHEME(rpm);
SCHEME(apk);
SCHEME(generic);
#undef SCHEME

typedef struct {
	const char *name;       /* OSV ecosystem name or purl type, lowercase */
	const cw_version_scheme *scheme;
} ecosystem_entry;

static const ecosystem_entry ecosystems[] = {
	{ "npm", &cw__scheme_npm },
	{ "go", &cw__scheme_golang },
	{ "golang", &cw__scheme_golang },
	{ "crates.io", &cw__scheme_cargo },
	{ "cargo", &cw__scheme_cargo },
	{ "nuget", &cw__scheme_nuget },
	{ "packagist", &cw__scheme_composer },
	{ "composer", &cw__scheme_composer },
	{ "hex", &cw__scheme_hex },
	{ "pub", &cw__scheme_pub },
	{ "pypi", &cw__scheme_pep440 },
	{ "maven", &cw__scheme_maven },
	{ "rubygems", &cw__scheme_gem },
	{ "gem", &cw__scheme_gem },
	{ "debian", &cw__scheme_dpkg },
	{ "ubuntu", &cw__scheme_dpkg },
	{ "deb", &cw__scheme_dpkg },
	{ "red hat", &cw__scheme_rpm },
	{ "rocky linux", &cw__scheme_rpm },
	{ "almalinux", &cw__scheme_rpm },
	{ "suse", &cw__scheme_rpm },
	{ "opensuse", &cw__scheme_rpm },
	{ "suse linux enterprise", &cw__scheme_rpm },
	{ "mageia", &cw__scheme_rpm },
	{ "openeuler", &cw__scheme_rpm },
	{ "rpm", &cw__scheme_rpm },
	{ "alpine", &cw__scheme_apk },
	{ "wolfi", &cw__scheme_apk },
	{ "chainguard", &cw__scheme_apk },
	{ "apk", &cw__scheme_apk },
};

const cw_version_scheme *cw_version_scheme_for(const char *ecosystem)
{
	cw_slice name = cw_slice_of(ecosystem ? ecosystem : "");
	const char *colon = memchr(name.ptr, ':', name.len);
	if (colon)
		name.len = (size_t)(colon - name.ptr); /* "Debian:12" -> "Debian" */
	for (size_t i = 0; i < sizeof(ecosystems) / sizeof(ecosystems[0]); i++) {
		if (cw__slice_eq_nocase(name, cw_slice_of(ecosystems[i].name)))
			return ecosystems[i].scheme;
	}
	return &cw__scheme_generic;
}

const char *cw_version_scheme_name(const cw_version_scheme *scheme)
{
	return scheme->name;
}

static char *copy_text(const char *str, size_t len)
{
	char *text = malloc(len + 1);
	if (text) {
		memcpy(text, str, len);
		text[len] = '\0';
	}
	return text;
}

int cw_version_parse(cw_version **out, const cw_version_scheme *scheme,
                     const char *str, size_t len)
{
	cw_version *v;
	int error;

	*out = NULL;
	/* One block for the handle and its text: parse-and-compare speed is
	 * mostly allocator calls. */
	if (!(v = malloc(sizeof(*v) + len + 1)))
		return cw__error_oom();
	v->text = (char *)(v + 1);
	memcpy(v->text, str, len);
	v->text[len] = '\0';
	v->scheme = scheme;
	if ((error = scheme->parse(&v->data, str, len)) < 0) {
		free(v);
		return error;
	}
	*out = v;
	return 0;
}

int cw_version_compare(const cw_version *a, const cw_version *b)
{
	/* Versions of different schemes have no common order; a fixed one
	 * (by scheme) keeps sorting total instead of reading the wrong type. */
	if (a->scheme != b->scheme)
		return a->scheme < b->scheme ? -1 : 1;
	return a->scheme->compare(a->data, b->data);
}

const char *cw_version_string_of(const cw_version *version)
{
	return version->text;
}

void cw_version_free(cw_version *version)
{
	if (!version)
		return;
	version->scheme->free_version(version->data);
	free(version); /* the text is in the same block */
}

int cw_version_compare_strings(int *out, const cw_version_scheme *scheme,
                               const char *a, const char *b)
{
	cw_version *va = NULL, *vb = NULL;
	int error, c;

	if ((error = cw_version_parse(&va, scheme, a, strlen(a))) < 0)
		goto done;
	if ((error = cw_version_parse(&vb, scheme, b, strlen(b))) < 0)
		goto done;
	c = cw_version_compare(va, vb);
	*out = c < 0 ? -1 : c > 0;
done:
	cw_version_free(va);
	cw_version_free(vb);
	return error;
}

int cw_version_range_parse(cw_version_range **out, const cw_version_scheme *scheme,
                           const char *str, size_t len)
{
	cw_version_range *r;
	int error;

	*out = NULL;
	if (!(r = calloc(1, sizeof(*r))) || !(r->text = copy_text(str, len))) {
		free(r);
		return cw__error_oom();
	}
	r->scheme = scheme;
	if ((error = scheme->parse_range(&r->data, str, len)) < 0) {
		free(r->text);
		free(r);
		return error;
	}
	*out = r;
	return 0;
}

bool cw_version_satisfies(const cw_version_range *range, const cw_version *version)
{
	if (range->scheme != version->scheme)
		return false;
	return range->scheme->satisfies(range->data, version->data);
}

void cw_version_range_free(cw_version_range *range)
{
	if (!range)
		return;
	range->scheme->free_range(range->data);
	free(range->text);
	free(range);
}
