/*
 * signals.c - lockfile signs of upstream attacks, per component.
 *
 * Integrity: a lockfile entry without a hash cannot be verified on install.
 * Sources: anything but a registry tarball (git, plain http(s) URLs, file:,
 * link:) bypasses the registry's checks.  Hosts: with an allow list, a
 * tarball from elsewhere is flagged.  Dependency confusion: a name the
 * organisation reserves for internal packages must come from the internal
 * registry; resolved anywhere else, a public package has taken its place.
 */
#include "chainwarden/attack.h"
#include "chainwarden/inventory.h"

#include <fnmatch.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/error.h"
#include "util/vec.h"

static const char *const kind_names[] = {
	"typosquat", "no-integrity", "unlisted-host", "non-registry-source",
	"dependency-confusion", "install-script",
};

const char *cw_signal_kind_name(cw_signal_kind kind)
{
	return (unsigned)kind < sizeof(kind_names) / sizeof(kind_names[0]) ? kind_names[kind]
	                                                                    : "signal";
}

/* The host of a URL ("https://user@host:8080/x" -> "host"), or empty. */
static void url_host(const char *url, char *out, size_t size)
{
	const char *p = strstr(url, "://"), *end;
	size_t n;
	out[0] = '\0';
	if (!p)
		return;
	p += 3;
	end = p + strcspn(p, "/?#");
	for (const char *at = p; at < end; at++)
		if (*at == '@')
			p = at + 1;
	n = strcspn(p, ":/?#");
	if (p + n > end)
		n = (size_t)(end - p);
	snprintf(out, size, "%.*s", (int)n, p);
}

static bool host_listed(const char *host, const char *const *hosts, size_t count)
{
	for (size_t i = 0; i < count; i++)
		if (strcasecmp(host, hosts[i]) == 0)
			return true;
	return false;
}

/* A registry tarball, or another kind of source (and which)? */
static const char *non_registry_source(const char *resolved)
{
	static const char *const prefixes[] = { "git+", "git:", "github:", "gitlab:", "bitbucket:",
	                                        "file:", "link:", "portal:", "workspace:" };
	for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++)
		if (strncmp(resolved, prefixes[i], strlen(prefixes[i])) == 0)
			return prefixes[i];
	if (strncmp(resolved, "http://", 7) == 0)
		return "http:";
	/* A registry tarball URL ends in .tgz under /-/; anything else over
	 * https is a direct download (a GitHub archive, a gist). */
	if (strncmp(resolved, "https://", 8) == 0 && !strstr(resolved, "/-/") &&
	    !strstr(resolved, ".tgz"))
		return "https URL";
	return NULL;
}

static bool is_internal(const char *name, const cw_signal_options *o)
{
	for (size_t i = 0; i < o->internal_pattern_count; i++)
		if (fnmatch(o->internal_patterns[i], name, 0) == 0)
			return true;
	return false;
}

typedef CW_VEC(cw_signal) signal_vec;

static int add(signal_vec *v, size_t component, cw_signal_kind kind, bool malicious,
               const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static int add(signal_vec *v, size_t component, cw_signal_kind kind, bool malicious,
               const char *fmt, ...)
{
	cw_signal s = { component, kind, malicious, "" };
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(s.evidence, sizeof(s.evidence), fmt, ap);
	va_end(ap);
	return cw_vec_push(v, s);
}

static int compare_signals(const void *a, const void *b)
{
	const cw_signal *x = a, *y = b;
	if (x->malicious != y->malicious)
		return x->malicious ? -1 : 1;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	return x->component < y->component ? -1 : x->component > y->component;
}

int cw_attack_signals(cw_signal **out, size_t *count, const cw_inventory *inv,
                      const cw_signal_options *opts)
{
	static const cw_signal_options none = CW_SIGNAL_OPTIONS_INIT;
	const cw_signal_options *o = opts ? opts : &none;
	signal_vec v = CW_VEC_INIT;
	int error = 0;

	*out = NULL;
	*count = 0;
	for (size_t i = 0; i < cw_inventory_component_count(inv) && error == 0; i++) {
		const cw_component *c = cw_inventory_component(inv, i);
		const char *src;
		char host[256] = "";
		cw_typosquat_match m;
		bool internal;

		if (c->kind != CW_COMPONENT_LIBRARY || !c->name)
			continue;
		if (c->resolved)
			url_host(c->resolved, host, sizeof(host));
		internal = is_internal(c->name, o);
		if (o->typosquats && !internal && cw_typosquat_check(o->typosquats, c->name, &m))
			error = add(&v, i, CW_SIGNAL_TYPOSQUAT, false,
			            "'%s' looks like popular '%s' (#%zu): %s", c->name, m.target,
			            m.target_rank, cw_squat_kind_name(m.kind));
		if (error == 0 && internal && (!host[0] ||
		    !host_listed(host, o->internal_hosts, o->internal_host_count)))
			error = add(&v, i, CW_SIGNAL_DEPENDENCY_CONFUSION, true,
			            "internal name '%s' resolved from %s", c->name,
			            host[0] ? host : "an unknown registry (no resolved URL)");
		if (error == 0 && c->resolved && (src = non_registry_source(c->resolved)))
			error = add(&v, i, CW_SIGNAL_NON_REGISTRY, false, "%s source: %s", src,
			            c->resolved);
		else if (error == 0 && host[0] && o->allowed_host_count &&
		         !host_listed(host, o->allowed_hosts, o->allowed_host_count) &&
		         !host_listed(host, o->internal_hosts, o->internal_host_count))
			error = add(&v, i, CW_SIGNAL_UNLISTED_HOST, false,
			            "resolved from %s, not an allowed registry", host);
		if (error == 0 && c->install_script)
			error = add(&v, i, CW_SIGNAL_INSTALL_SCRIPT, false,
			            "runs install scripts (preinstall/install/postinstall)");
		if (error == 0 && c->hash_count == 0 && !c->bundled && c->version)
			error = add(&v, i, CW_SIGNAL_NO_INTEGRITY, false,
			            "no integrity hash in %s", c->file ? c->file : "the lockfile");
	}
	if (error < 0) {
		cw_vec_free(&v);
		return error;
	}
	if (v.len)
		qsort(v.items, v.len, sizeof(*v.items), compare_signals);
	*out = v.items;
	*count = v.len;
	return 0;
}
