/*
 * normalize.c - declared license strings -> SPDX expressions.
 *
 * Real package metadata carries licenses as free text: "Apache 2.0",
 * "GPLv2+", "MIT/X11", "BSD", "dual MIT/GPL", URLs, Python classifiers,
 * Debian DEP-5 short names ("GPL-2+ with Bison exception").  Each string is
 * tried whole, then split into terms at "or"/"/"/"|" (alternatives) and
 * "and"/","/"&" (conjunctions), and each term is mapped by the first rule
 * that applies, with the confidence of that rule:
 *
 *   spdx    1.0   a valid SPDX expression (deprecated ids simplified)
 *   alias   0.9   a known spelling ("Expat", "new BSD", "ASL 2.0")
 *   name    0.9   the full name on the SPDX list, or words joined as an id
 *   url     0.8   a license URL (SPDX list URLs and well-known pages)
 *   family  0.5-0.9  family + version + "or later" ("GNU GPL v2 or later");
 *                 a family without a version is a guess (0.5)
 *
 * Anything else, or any term that cannot be mapped, gives NOASSERTION.
 */
#include "chainwarden/license.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "license/spdx_data.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/map.h"
#include "util/str.h"

#define MAX_DECLARED 4096
#define MAX_TERM 400          /* one license name; longer terms are not names */

typedef struct {
	char expr[512];        /* a valid SPDX expression for the term */
	double confidence;
	const char *method;
} term_result;

/* ---- keys ---------------------------------------------------------- */

/* Lowercase, every run of characters other than letters, digits, '.' and
 * '+' becomes one space; trimmed; a trailing '.' dropped. */
static void make_key(char *out, size_t size, const char *s, size_t len)
{
	size_t n = 0;
	bool space = false;
	for (size_t i = 0; i < len && n + 2 < size; i++) {
		char c = cw_to_lower(s[i]);
		if (cw_is_alnum((unsigned char)c) || c == '.' || c == '+') {
			if (space && n)
				out[n++] = ' ';
			space = false;
			out[n++] = c;
		} else {
			space = true;
		}
	}
	while (n && out[n - 1] == '.')
		n--;
	out[n] = '\0';
}

/* ---- aliases and URLs (data/license-aliases.tsv) ------------------- */

typedef struct {
	const char *key;         /* alias key, or URL prefix */
	const char *expr;
	double confidence;
} alias;

static alias *aliases, *url_rules;
static size_t alias_count, url_rule_count;
static char *alias_text;

/* Split the compiled table into its two arrays (once, with the names). */
static void load_aliases(void)
{
	size_t lines = 1, na = 0, nu = 0;
	char *save = NULL;
	if (!(alias_text = strdup(cw__license_aliases_default)))
		return;
	for (const char *p = alias_text; *p; p++)
		lines += *p == '\n';
	aliases = calloc(lines, sizeof(*aliases));
	url_rules = calloc(lines, sizeof(*url_rules));
	if (!aliases || !url_rules)
		return;
	for (char *line = strtok_r(alias_text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char *f[4] = { NULL };
		char *field_save = NULL;
		size_t n = 0;
		if (line[0] == '#')
			continue;
		for (char *t = strtok_r(line, "\t", &field_save); t && n < 4;
		     t = strtok_r(NULL, "\t", &field_save))
			f[n++] = t;
		if (n >= 4 && strcmp(f[0], "alias") == 0)
			aliases[na++] = (alias){ f[1], f[2], strtod(f[3], NULL) };
		else if (n >= 3 && strcmp(f[0], "url") == 0)
			url_rules[nu++] = (alias){ f[1], f[2], 0.8 };
	}
	alias_count = na;
	url_rule_count = nu;
}

static void split_tokens(char *out, size_t size, const char *key);

/* The words of a key that name a license: "The Universal Permissive License,
 * Version 1.0" and "Universal Permissive License v1.0" both give
 * "universal permissive 1.0". */
static void make_loose_key(char *out, size_t size, const char *key)
{
	static const char *const drop[] = { "the", "license", "licence", "version", "v", "ver" };
	char tokens[300];
	size_t n = 0;
	char *save = NULL;
	split_tokens(tokens, sizeof(tokens), key);
	for (char *w = strtok_r(tokens, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
		bool skip = false;
		for (size_t i = 0; i < sizeof(drop) / sizeof(drop[0]) && !skip; i++)
			skip = strcmp(w, drop[i]) == 0;
		if (!skip && n + strlen(w) + 2 < size)
			n += (size_t)snprintf(out + n, size - n, "%s%s", n ? " " : "", w);
	}
	out[n] = '\0';
}

static void make_url_key(char *out, size_t size, const char *s, size_t len);

/* Names of the SPDX list by exact key and by loose key, and its reference
 * URLs, built once. */
static cw_map name_map, loose_map, url_map;
static char *name_keys;
static pthread_once_t names_built = PTHREAD_ONCE_INIT;

static void build_names(void)
{
	/* Three blocks per license: 160 bytes is plenty for a key of its name
	 * or URL (longer ones are cut, which only loses that match). */
	size_t slot = 160, count;
	cw_license_info *list = cw__license_list(&count);
	cw__license_assign_categories(false);
	load_aliases();
	name_keys = calloc(count, 3 * slot);
	if (!name_keys)
		return;
	for (size_t i = 0; i < count; i++) {
		char *key = name_keys + 3 * i * slot, *loose = key + slot, *url = loose + slot;
		cw_license_info *info = &list[i];
		if (info->deprecated)
			continue; /* a current id has the same name */
		make_key(key, slot, info->name, strlen(info->name));
		make_loose_key(loose, slot, key);
		if (!cw__map_get(&name_map, key, strlen(key)))
			cw__map_put(&name_map, key, strlen(key), info, NULL);
		if (loose[0] && !cw__map_get(&loose_map, loose, strlen(loose)))
			cw__map_put(&loose_map, loose, strlen(loose), info, NULL);
		make_url_key(url, slot, info->url, strlen(info->url));
		if (url[0] && !cw__map_get(&url_map, url, strlen(url)))
			cw__map_put(&url_map, url, strlen(url), info, NULL);
	}
}

/* ---- helpers ------------------------------------------------------- */

static bool set(term_result *r, const char *expr, double confidence, const char *method)
{
	snprintf(r->expr, sizeof(r->expr), "%s", expr);
	r->confidence = confidence;
	r->method = method;
	return true;
}

/* Parse as a (lax) SPDX expression and simplify; canonical text into r. */
static bool try_spdx(term_result *r, const char *s, size_t len, double confidence,
                     const char *method)
{
	cw_license_expr *e = NULL;
	char *text = NULL;
	bool ok = cw_license_expr_parse(&e, s, len, CW_LICENSE_PARSE_LAX_OPERATORS) == 0 &&
	          cw_license_expr_simplify(e) == 0 && cw_license_expr_to_string(&text, e) == 0 &&
	          strlen(text) < sizeof(r->expr);
	if (ok)
		set(r, text, confidence, method);
	free(text);
	cw_license_expr_free(e);
	cw_error_clear();
	return ok;
}

/* Words of the key joined with '-' as an SPDX id ("apache 2.0" -> Apache-2.0). */
static bool try_joined_id(term_result *r, const char *key)
{
	char joined[128];
	size_t n = 0;
	for (; key[n] && n + 1 < sizeof(joined); n++)
		joined[n] = key[n] == ' ' ? '-' : key[n];
	joined[n] = '\0';
	return strchr(key, ' ') && try_spdx(r, joined, n, 0.9, "name");
}

/* ---- families: "GNU GPL v2 or later", "LGPLv2.1+", "MPL 1.1" --------- */

typedef struct {
	const char *family;          /* token after phrase folding */
	const char *spdx;            /* id prefix */
	const char *versions[5];     /* accepted versions, normalised "2.0" */
	bool only_or_later;          /* ids end in -only / -or-later */
	const char *bare;            /* expression for no version, or NULL */
} family;

static const family families[] = {
	{ "gpl", "GPL", { "1.0", "2.0", "3.0" }, true, "GPL-1.0-or-later" },
	{ "lgpl", "LGPL", { "2.0", "2.1", "3.0" }, true, "LGPL-2.0-or-later" },
	{ "agpl", "AGPL", { "1.0", "3.0" }, true, "AGPL-3.0-or-later" },
	{ "gfdl", "GFDL", { "1.1", "1.2", "1.3" }, true, NULL },
	{ "mpl", "MPL", { "1.0", "1.1", "2.0" }, false, NULL },
	{ "apache", "Apache", { "1.0", "1.1", "2.0" }, false, "Apache-2.0" },
	{ "artistic", "Artistic", { "1.0", "2.0" }, false, "Artistic-1.0-Perl" },
	{ "epl", "EPL", { "1.0", "2.0" }, false, NULL },
	{ "cddl", "CDDL", { "1.0", "1.1" }, false, NULL },
	{ "bsl", "BSL", { "1.0" }, false, "BSL-1.0" },
	{ "eupl", "EUPL", { "1.0", "1.1", "1.2" }, false, NULL },
	{ "cc by", "CC-BY", { "1.0", "2.0", "2.5", "3.0", "4.0" }, false, NULL },
	{ "cc by sa", "CC-BY-SA", { "1.0", "2.0", "2.5", "3.0", "4.0" }, false, NULL },
};

/* Phrases folded into family tokens, longest first. */
static const char *const phrases[][2] = {
	{ "gnu affero general public", "agpl" }, { "affero general public", "agpl" },
	{ "gnu lesser general public", "lgpl" }, { "lesser general public", "lgpl" },
	{ "gnu library general public", "lgpl" }, { "library general public", "lgpl" },
	{ "gnu library or lesser general public", "lgpl" },
	{ "gnu general public", "gpl" }, { "general public", "gpl" },
	{ "gnu free documentation", "gfdl" }, { "free documentation", "gfdl" },
	{ "mozilla public", "mpl" }, { "eclipse public", "epl" },
	{ "common development and distribution", "cddl" }, { "apache software", "apache" },
	{ "boost software", "bsl" }, { "european union public", "eupl" },
	{ "creative commons attribution share alike", "cc by sa" },
	{ "creative commons attribution sharealike", "cc by sa" },
	{ "creative commons attribution", "cc by" }, { "cc by sa", "cc by sa" },
	{ "or any later version", "+" }, { "or any later", "+" }, { "or later", "+" },
	{ "or newer", "+" }, { "or greater", "+" }, { "any later version", "+" },
	{ "and later", "+" }, { "or above", "+" },
};

static const char *const filler[] = {
	"the", "gnu", "license", "licence", "licensed", "licenses", "version", "ver", "v",
	"public", "software", "under", "terms", "of", "only", "no", "invariants", "invariant",
	"sections", "niv", "as", "published", "by", "free", "foundation", "fsf",
};

/* Split "gplv2+" into "gpl v 2 +": letters / digits / '+' become tokens. */
static void split_tokens(char *out, size_t size, const char *key)
{
	size_t n = 0;
	char prev = ' ';
	for (size_t i = 0; key[i] && n + 3 < size; i++) {
		char c = key[i];
		bool boundary = (cw_is_alpha((unsigned char)c) && cw_is_digit((unsigned char)prev)) ||
		                (cw_is_digit((unsigned char)c) && cw_is_alpha((unsigned char)prev)) ||
		                c == '+';
		/* "gplv2": the 'v' before the version is a word of its own. */
		if (cw_is_digit((unsigned char)c) && prev == 'v' && n >= 2 &&
		    cw_is_alpha((unsigned char)out[n - 2])) {
			out[n - 1] = ' ';
			out[n++] = 'v';
		}
		if (boundary && n && out[n - 1] != ' ')
			out[n++] = ' ';
		out[n++] = c;
		prev = c;
	}
	out[n] = '\0';
}

static bool word_is(const char *w, size_t len, const char *s)
{
	return strlen(s) == len && memcmp(w, s, len) == 0;
}

static bool try_family(term_result *r, const char *key)
{
	char folded[256], tokens[300], fam[32] = "", version[16] = "";
	bool plus = false, only = false, no_invariants = false;
	const family *f = NULL;
	size_t n = 0;
	const char *p;

	/* Fold phrases into tokens. */
	for (p = key; *p && n + 8 < sizeof(folded);) {
		bool hit = false;
		for (size_t i = 0; i < sizeof(phrases) / sizeof(phrases[0]) && !hit; i++) {
			size_t l = strlen(phrases[i][0]);
			if (strncmp(p, phrases[i][0], l) == 0 && (p[l] == ' ' || p[l] == '\0') &&
			    (p == key || p[-1] == ' ')) {
				n += (size_t)snprintf(folded + n, sizeof(folded) - n, "%s", phrases[i][1]);
				p += l;
				hit = true;
			}
		}
		if (!hit)
			folded[n++] = *p++;
	}
	folded[n] = '\0';
	split_tokens(tokens, sizeof(tokens), folded);

	for (p = tokens; *p;) {
		const char *w = p;
		size_t len = strcspn(p, " ");
		bool is_filler = false;
		p += len;
		while (*p == ' ')
			p++;
		if (word_is(w, len, "+")) {
			plus = true;
			continue;
		}
		if (word_is(w, len, "only"))
			only = true;
		if (word_is(w, len, "niv") || word_is(w, len, "invariants") || word_is(w, len, "invariant"))
			no_invariants = true;
		/* "cc by sa" is three words: glue them into the family name. */
		if (fam[0] && (word_is(w, len, "by") || word_is(w, len, "sa")) &&
		    strlen(fam) + len + 2 < sizeof(fam)) {
			size_t at = strlen(fam);
			fam[at] = ' ';
			memcpy(fam + at + 1, w, len);
			fam[at + 1 + len] = '\0';
			continue;
		}
		for (size_t i = 0; i < sizeof(filler) / sizeof(filler[0]) && !is_filler; i++)
			is_filler = word_is(w, len, filler[i]);
		if (is_filler)
			continue;
		if (cw_is_digit((unsigned char)*w)) {
			if (version[0] || len >= sizeof(version) - 2)
				return false;
			memcpy(version, w, len);
			version[len] = '\0';
			if (!strchr(version, '.'))
				strcat(version, ".0");
			continue;
		}
		if (fam[0] || len >= sizeof(fam))
			return false; /* a word we don't understand */
		memcpy(fam, w, len);
		fam[len] = '\0';
	}
	for (size_t i = 0; i < sizeof(families) / sizeof(families[0]) && !f; i++)
		if (strcmp(families[i].family, fam) == 0)
			f = &families[i];
	if (!f)
		return false;
	if (!version[0])
		return f->bare && !only && set(r, f->bare, 0.5, "family");
	for (size_t i = 0; i < 5 && f->versions[i]; i++) {
		char id[64];
		if (strcmp(f->versions[i], version) != 0)
			continue;
		if (f->only_or_later)
			snprintf(id, sizeof(id), "%s-%s%s-%s", f->spdx, version,
			         no_invariants ? "-no-invariants" : "", plus ? "or-later" : "only");
		else
			snprintf(id, sizeof(id), "%s-%s%s", f->spdx, version, plus ? "+" : "");
		return try_spdx(r, id, strlen(id), 0.9, "family");
	}
	return false;
}

/* ---- URLs ---------------------------------------------------------- */


static void make_url_key(char *out, size_t size, const char *s, size_t len)
{
	size_t n = 0, i = 0;
	static const char *const schemes[] = { "https://", "http://" };
	static const char *const suffixes[] = { ".html", ".htm", ".txt", ".php", ".md", ".md5" };
	for (size_t k = 0; k < 2; k++)
		if (len >= strlen(schemes[k]) && strncasecmp(s, schemes[k], strlen(schemes[k])) == 0)
			i = strlen(schemes[k]);
	if (len - i >= 4 && strncasecmp(s + i, "www.", 4) == 0)
		i += 4;
	for (; i < len && n + 1 < size; i++)
		out[n++] = cw_to_lower(s[i]);
	while (n && (out[n - 1] == '/' || out[n - 1] == '#'))
		n--;
	out[n] = '\0';
	for (size_t k = 0; k < sizeof(suffixes) / sizeof(suffixes[0]); k++) {
		size_t l = strlen(suffixes[k]);
		if (n > l && strcmp(out + n - l, suffixes[k]) == 0) {
			n -= l;
			out[n] = '\0';
		}
	}
	if (n > 11 && strcmp(out + n - 11, "-standalone") == 0)
		out[n - 11] = '\0';
}

static bool try_term(term_result *r, const char *s, size_t len);

static bool try_url(term_result *r, const char *s, size_t len)
{
	char key[512];
	const cw_license_info *named;
	const char *last;
	if (!(len > 7 && (strncasecmp(s, "http://", 7) == 0 || strncasecmp(s, "https://", 8) == 0 ||
	                  strncasecmp(s, "www.", 4) == 0)))
		return false;
	make_url_key(key, sizeof(key), s, len);
	pthread_once(&names_built, build_names);
	for (size_t i = 0; i < url_rule_count; i++) {
		size_t l = strlen(url_rules[i].key);
		if (strncmp(key, url_rules[i].key, l) == 0 &&
		    (key[l] == '\0' || key[l] == '/' || key[l] == '.' || key[l] == '#'))
			return set(r, url_rules[i].expr, url_rules[i].confidence, "url");
	}
	/* NuGet's license URLs carry an expression: licenses.nuget.org/MIT */
	if (strncmp(key, "licenses.nuget.org/", 19) == 0) {
		cw_buf expr = CW_BUF_INIT;
		size_t n = strlen(key + 19);
		bool ok = cw__percent_decode(&expr, s + len - n, n) == 0 &&
		          try_spdx(r, expr.ptr, expr.len, 0.9, "url");
		cw__buf_free(&expr);
		return ok;
	}
	/* The SPDX list's own reference URLs. */
	if ((named = cw__map_get(&url_map, key, strlen(key))))
		return set(r, named->id, 0.8, "url");
	/* opensource.org/licenses/<name> and spdx.org/licenses/<id>. */
	if ((strncmp(key, "opensource.org/licenses/", 24) == 0 ||
	     strncmp(key, "opensource.org/license/", 23) == 0 ||
	     strncmp(key, "spdx.org/licenses/", 18) == 0) && (last = strrchr(key, '/'))) {
		char name[128];
		size_t l = strlen(last + 1);
		snprintf(name, sizeof(name), "%s", last + 1);
		if (l > 8 && strcmp(name + l - 8, "-license") == 0)
			name[l - 8] = '\0';
		if (name[0] && !strchr(name, ':') && try_term(r, name, strlen(name))) {
			r->confidence = r->confidence < 0.8 ? r->confidence : 0.8;
			r->method = "url";
			return true;
		}
	}
	return false;
}

/* ---- exceptions: "GPL-3+ with Bison exception" ---------------------- */

static const char *exception_for(const char *key, const char *license)
{
	bool gpl3 = strstr(license, "-3.0") != NULL;
	static const char *const simple[][2] = {
		{ "bison", "Bison-exception-2.2" }, { "bison 2.2", "Bison-exception-2.2" }, { "classpath", "Classpath-exception-2.0" },
		{ "linux syscall note", "Linux-syscall-note" }, { "texinfo", "Texinfo-exception" },
		{ "llvm", "LLVM-exception" }, { "font", "Font-exception-2.0" },
		{ "libtool", "Libtool-exception" }, { "openssl", "openvpn-openssl-exception" },
	};
	char k[128];
	size_t n = strlen(key);
	if (strncmp(key, "the ", 4) == 0)
		key += 4, n -= 4;
	if (strncmp(key, "gnu ", 4) == 0)
		key += 4, n -= 4;
	snprintf(k, sizeof(k), "%s", key);
	if (n > 10 && strcmp(k + n - 10, " exception") == 0)
		k[n - 10] = '\0';
	if (strcmp(k, "autoconf") == 0)
		return gpl3 ? "Autoconf-exception-3.0" : "Autoconf-exception-2.0";
	if (strcmp(k, "gcc") == 0 || strcmp(k, "gcc runtime library") == 0)
		return gpl3 ? "GCC-exception-3.1" : "GCC-exception-2.0";
	for (size_t i = 0; i < sizeof(simple) / sizeof(simple[0]); i++)
		if (strcmp(k, simple[i][0]) == 0)
			return simple[i][1];
	return NULL;
}

static bool try_with_exception(term_result *r, const char *s, size_t len)
{
	const char *with = NULL;
	for (size_t i = 0; i + 6 <= len; i++)
		if (strncasecmp(s + i, " with ", 6) == 0 || strncasecmp(s + i, "-with-", 6) == 0)
			with = s + i;
	if (!with)
		return false;
	term_result lic;
	char key[128], expr[300];
	const char *exc_text = with + 6, *exc;
	size_t exc_len = len - (size_t)(exc_text - s);
	if (!try_term(&lic, s, (size_t)(with - s)) || strchr(lic.expr, ' '))
		return false;
	exc = cw_license_exception_lookup(exc_text, exc_len);
	if (!exc) {
		make_key(key, sizeof(key), exc_text, exc_len);
		exc = exception_for(key, lic.expr);
	}
	if (!exc)
		return false;
	snprintf(expr, sizeof(expr), "%s WITH %s", lic.expr, exc);
	return try_spdx(r, expr, strlen(expr), lic.confidence, lic.method);
}

/* ---- one term ------------------------------------------------------ */

static bool try_alias(term_result *r, const char *key)
{
	pthread_once(&names_built, build_names);
	for (size_t i = 0; i < alias_count; i++)
		if (strcmp(aliases[i].key, key) == 0)
			return set(r, aliases[i].expr, aliases[i].confidence, "alias");
	return false;
}

/* "GNU General Public License v2 (GPLv2)", "CDDL (CDDL) Version 1.0": the
 * text without the parenthesised part, else the parenthesised part. */
static bool try_parenthetical(term_result *r, const char *s, size_t len)
{
	const char *open = memchr(s, '(', len), *close;
	char outside[MAX_TERM + 1];  /* try_term only passes terms this long */
	size_t n;
	if (len > MAX_TERM || !open || !(close = memchr(open, ')', len - (size_t)(open - s))) ||
	    open == s)
		return false;
	n = (size_t)(open - s);
	memcpy(outside, s, n);
	memcpy(outside + n, close + 1, len - (size_t)(close + 1 - s));
	n += len - (size_t)(close + 1 - s);
	return try_term(r, outside, n) || try_term(r, open + 1, (size_t)(close - open - 1));
}

/* Rules call each other (exceptions, parentheses, compounds); a budget of
 * attempts per declared string keeps hostile input from taking long. */
static _Thread_local unsigned attempts_left;
#define MAX_ATTEMPTS 400

static bool try_term(term_result *r, const char *s, size_t len)
{
	char key[256], loose[256];
	cw_slice t = cw__slice_trim((cw_slice){ s, len });
	const cw_license_info *named;

	/* Strip wrapping quotes, parentheses and brackets. */
	while (t.len >= 2 && ((t.ptr[0] == '(' && t.ptr[t.len - 1] == ')') ||
	                      (t.ptr[0] == '[' && t.ptr[t.len - 1] == ']') ||
	                      (t.ptr[0] == '"' && t.ptr[t.len - 1] == '"') ||
	                      (t.ptr[0] == '\'' && t.ptr[t.len - 1] == '\'')))
		t = cw__slice_trim((cw_slice){ t.ptr + 1, t.len - 2 });
	if (!t.len || t.len > MAX_TERM || attempts_left == 0)
		return false;
	attempts_left--;
	/* Python classifiers: the last segment names the license. */
	for (size_t i = t.len; i >= 2; i--) {
		if (t.ptr[i - 1] == ':' && t.ptr[i - 2] == ':') {
			cw_slice last = cw__slice_trim((cw_slice){ t.ptr + i, t.len - i });
			return last.len && !cw__slice_eq_nocase(last, CW_SLICE("OSI Approved")) &&
			       try_term(r, last.ptr, last.len);
		}
	}
	if (try_spdx(r, t.ptr, t.len, 1.0, "spdx") || try_url(r, t.ptr, t.len))
		return true;
	make_key(key, sizeof(key), t.ptr, t.len);
	if (try_alias(r, key) || (strncmp(key, "the ", 4) == 0 && try_alias(r, key + 4)))
		return true;
	pthread_once(&names_built, build_names);
	if ((named = cw__map_get(&name_map, key, strlen(key))))
		return try_spdx(r, named->id, strlen(named->id), 0.9, "name");
	make_loose_key(loose, sizeof(loose), key);
	if (loose[0] && (named = cw__map_get(&loose_map, loose, strlen(loose))))
		return try_spdx(r, named->id, strlen(named->id), 0.85, "name");
	return try_joined_id(r, key) || try_joined_id(r, loose) || try_family(r, key) ||
	       try_with_exception(r, t.ptr, t.len) || try_parenthetical(r, t.ptr, t.len);
}

/* ---- compound strings ---------------------------------------------- */

/* Separators by precedence, loosest first.  Debian's DEP-5 groups with a
 * comma: "GPL-1+ or Artistic, and BSD-3-clause" = (GPL-1+ OR Artistic) AND
 * BSD-3-clause.  "and/or" lets the licensee pick, so it is an alternative. */
typedef struct {
	const char *const *seps;
	size_t count;
	const char *op;
} level;

static const char *const comma_and[] = { ", and " };
static const char *const comma_or[] = { ", or " };
static const char *const or_seps[] = { " and/or ", " or ", " OR ", " Or ", "_or_", "/", "|" };
static const char *const and_seps[] = { " and ", " AND ", " And ", ",", ";", "&", " + " };

static const level levels[] = {
	{ comma_and, 1, "AND" },
	{ comma_or, 1, "OR" },
	{ or_seps, sizeof(or_seps) / sizeof(or_seps[0]), "OR" },
	{ and_seps, sizeof(and_seps) / sizeof(and_seps[0]), "AND" },
};

/* The next separator of `lv` outside parentheses at or after `from`. */
static const char *find_sep(const char *s, size_t len, size_t from, const level *lv,
                            size_t *sep_len)
{
	int depth = 0;
	for (size_t i = from; i < len; i++) {
		if (s[i] == '(')
			depth++;
		else if (s[i] == ')')
			depth--;
		if (depth)
			continue;
		for (size_t k = 0; k < lv->count; k++) {
			size_t l = strlen(lv->seps[k]);
			if (i + l <= len && memcmp(s + i, lv->seps[k], l) == 0) {
				*sep_len = l;
				return s + i;
			}
		}
	}
	return NULL;
}

/* Map s[0..len) starting at precedence `depth`: as one term, or split at
 * this level's separators (parts mapped recursively), or at the next level. */
static bool map_compound(term_result *r, const char *s, size_t len, size_t depth)
{
	const level *lv;
	size_t pos = 0, sep_len, parts = 0;
	const char *sep;
	cw_buf expr = CW_BUF_INIT;
	bool ok = true;

	if (try_term(r, s, len))
		return true;
	if (depth >= sizeof(levels) / sizeof(levels[0]))
		return false;
	lv = &levels[depth];
	if (!find_sep(s, len, 0, lv, &sep_len))
		return map_compound(r, s, len, depth + 1);
	r->confidence = 1.0;
	r->method = "spdx";
	for (;;) {
		term_result part;
		size_t end;
		sep = find_sep(s, len, pos, lv, &sep_len);
		end = sep ? (size_t)(sep - s) : len;
		if (cw__slice_trim((cw_slice){ s + pos, end - pos }).len) {
			if (!map_compound(&part, s + pos, end - pos, depth + 1)) {
				ok = false;
				break;
			}
			cw__buf_printf(&expr, "%s(%s)", parts++ ? (lv->op[0] == 'A' ? " AND " : " OR ")
			                                         : "", part.expr);
			if (part.confidence < r->confidence) {
				r->confidence = part.confidence;
				r->method = part.method;
			}
		}
		if (!sep)
			break;
		pos = end + sep_len;
	}
	ok = ok && parts && expr.ptr && try_spdx(r, expr.ptr, expr.len, r->confidence, r->method);
	cw__buf_free(&expr);
	return ok;
}

/* Drop words that say "several licenses" without naming one. */
static size_t strip_dual(char *s, size_t len)
{
	static const char *const words[] = { "dual licensed under ", "dual-licensed under ",
		"dual license ", "dual licensed ", "dual-licensed ", "dual ", "licensed under ",
		"either ", "under the terms of " };
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		size_t l = strlen(words[i]);
		if (len >= l && strncasecmp(s, words[i], l) == 0) {
			memmove(s, s + l, len - l + 1);
			len -= l;
			i = (size_t)-1; /* start over: "dual licensed under either" */
		}
	}
	return len;
}

int cw_license_normalize(cw_license_normalized *out, const char *declared, size_t len)
{
	char text[MAX_DECLARED + 1];
	cw_slice t = cw__slice_trim((cw_slice){ declared, len });
	term_result r;

	if (t.len > MAX_DECLARED)
		t.len = MAX_DECLARED; /* a declared license is a name, not a text */
	memcpy(text, t.ptr, t.len);
	text[t.len] = '\0';
	len = strip_dual(text, t.len);
	attempts_left = MAX_ATTEMPTS;
	if (len && map_compound(&r, text, len, 0)) {
		out->expression = strdup(r.expr);
		out->confidence = r.confidence;
		out->method = r.method;
	} else {
		out->expression = strdup("NOASSERTION");
		out->confidence = 0;
		out->method = "none";
	}
	return out->expression ? 0 : cw__error_oom();
}

void cw_license_normalized_free(cw_license_normalized *n)
{
	free(n->expression);
	n->expression = NULL;
}
