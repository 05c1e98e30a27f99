/*
 * name.c - package name normalization per OSV ecosystem, shared by the KB
 * index (affected.norm_name) and the matcher, so both sides agree.
 *
 * PyPI: PEP 503 (lowercase; runs of '-', '_', '.' become one '-').
 * npm, NuGet, Packagist, Pub, Hex, Hackage...: registries compare names
 * case-insensitively, so lowercase.  crates.io: lowercase and '_' == '-'
 * (crates.io refuses names that differ only so).  Maven `group:artifact`,
 * Go module paths, RubyGems and distro packages are case-sensitive: kept.
 */
#include "kb/kb_internal.h"
#include "inventory/lang.h"
#include "util/error.h"
#include "util/str.h"

#include <stdlib.h>
#include <string.h>

typedef enum { NORM_KEEP, NORM_LOWER, NORM_PEP503, NORM_CARGO } norm_rule;

/* by ecosystem name */
static const cw_name_value rules[] = {
	{ "PyPI", NORM_PEP503 },
	{ "npm", NORM_LOWER },
	{ "NuGet", NORM_LOWER },
	{ "Packagist", NORM_LOWER },
	{ "Pub", NORM_LOWER },
	{ "Hex", NORM_LOWER },
	{ "Hackage", NORM_LOWER },
	{ "SwiftURL", NORM_LOWER },
	{ "crates.io", NORM_CARGO },
};

static norm_rule rule_for(const char *ecosystem)
{
	/* the ecosystem without its release suffix ("Debian:12") */
	size_t base = ecosystem ? strcspn(ecosystem, ":") : 0;
	const cw_name_value *r = cw__name_value_find(CW_NAME_VALUES(rules), ecosystem, base);
	return r ? (norm_rule)r->value : NORM_KEEP;
}

int cw_kb_normalize_name(char **out, const char *ecosystem, const char *name, size_t len)
{
	norm_rule rule = rule_for(ecosystem);
	char *s;

	*out = NULL;
	if (!name)
		return cw__error_set(CW_EUSAGE, "normalize: no name");
	while (len && cw_is_space((unsigned char)name[0])) {
		name++;
		len--;
	}
	while (len && cw_is_space((unsigned char)name[len - 1]))
		len--;
	if (!(s = malloc(len + 1)))
		return cw__error_oom();
	if (rule == NORM_PEP503) {
		/* the extractors' PEP 503 (never longer than the name, so it fits) */
		cw__pep503((cw_slice){ name, len }, s, len + 1);
	} else {
		for (size_t i = 0; i < len; i++) {
			char c = rule == NORM_CARGO && name[i] == '_' ? '-' : name[i];
			s[i] = rule == NORM_KEEP ? c : cw_to_lower(c);
		}
		s[len] = '\0';
	}
	*out = s;
	return 0;
}
