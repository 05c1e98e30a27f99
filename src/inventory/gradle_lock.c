/*
 * gradle_lock.c - gradle.lockfile (Gradle dependency locking, one file per
 * project since Gradle 6; https://docs.gradle.org/current/userguide/dependency_locking.html).
 *
 *   # comment
 *   group:artifact:version=conf1,conf2
 *   empty=conf3,conf4
 *
 * The file lists every resolved module of the locked configurations, with
 * no graph: each module becomes a dependency of the root.  Scope: required
 * when one of its configurations is a production one (compile / runtime
 * classpaths, api, implementation, default, release*), dev otherwise (test,
 * annotation processors, tools such as checkstyle or jacoco).
 */
#include "inventory/lang_more.h"

#include <string.h>

#include "util/error.h"

static bool ends_with(cw_slice s, const char *suffix)
{
	size_t n = strlen(suffix);
	return s.len >= n && !memcmp(s.ptr + s.len - n, suffix, n);
}

static bool is_production(cw_slice conf)
{
	static const char *const exact[] = {
		"compile", "compileClasspath", "runtime", "runtimeClasspath", "api",
		"implementation", "default", "compileOnly", "runtimeOnly", "archives",
	};
	for (size_t i = 0; i < sizeof(exact) / sizeof(exact[0]); i++)
		if (cw__slice_eq(conf, cw_slice_of(exact[i])))
			return true;
	/* Android / Kotlin multiplatform variants: releaseRuntimeClasspath, jvmMainCompileClasspath... */
	if (ends_with(conf, "RuntimeClasspath") || ends_with(conf, "CompileClasspath")) {
		static const char *const dev[] = { "test", "Test", "jmh", "debug", "Debug" };
		for (size_t i = 0; i < sizeof(dev) / sizeof(dev[0]); i++)
			if (cw__lang_find(conf.ptr, conf.len, dev[i], strlen(dev[i])))
				return false;
		return true;
	}
	return false;
}

int cw__extract_gradle_lock(cw__inv_source *src)
{
	cw__lines lines;
	cw_slice line;
	size_t root;
	int error;

	if ((error = cw__lang_file_root(src, "maven", &root)) < 0)
		return error;
	cw__lines_init(&lines, src->data, src->len);
	while (cw__lines_next(&lines, &line)) {
		line = cw__slice_trim(line);
		if (!line.len || line.ptr[0] == '#')
			continue;
		const char *eq = memchr(line.ptr, '=', line.len);
		cw_slice coord = { line.ptr, eq ? (size_t)(eq - line.ptr) : line.len };
		cw_slice confs = eq ? (cw_slice){ eq + 1, line.len - coord.len - 1 } : (cw_slice){ NULL, 0 };
		if (cw__slice_eq(coord, cw_slice_of("empty")))
			continue;
		/* group:artifact:version (a classifier-less coordinate) */
		const char *c1 = memchr(coord.ptr, ':', coord.len);
		const char *c2 = c1 ? memchr(c1 + 1, ':', coord.len - (size_t)(c1 + 1 - coord.ptr)) : NULL;
		if (!eq || !c1 || !c2 || c1 == coord.ptr || c2 == c1 + 1 ||
		    c2 + 1 == coord.ptr + coord.len || memchr(c2 + 1, ':', coord.len - (size_t)(c2 + 1 - coord.ptr)))
			return cw__error_set_at(CW_EINVALID, src->path, lines.number, 1,
			                        "expected \"group:artifact:version=configurations\"");
		cw__comp_spec spec;
		size_t idx;
		spec = (cw__comp_spec){ .ecosystem = "maven",
		                        .name = (cw_slice){ coord.ptr, (size_t)(c2 - coord.ptr) },
		                        .version = (cw_slice){ c2 + 1, coord.len - (size_t)(c2 + 1 - coord.ptr) },
		                        .line = lines.number, .scope = CW_SCOPE_DEV, .scope_set = true };
		while (confs.len) {
			const char *comma = memchr(confs.ptr, ',', confs.len);
			cw_slice one = { confs.ptr, comma ? (size_t)(comma - confs.ptr) : confs.len };
			if (is_production(cw__slice_trim(one)))
				spec.scope = CW_SCOPE_REQUIRED;
			confs.ptr += one.len + (comma ? 1 : 0);
			confs.len -= one.len + (comma ? 1 : 0);
		}
		if ((error = cw__inv_add(src, &spec, &idx)) < 0 ||
		    (error = cw__inv_edge(src, root, idx, spec.scope)) < 0)
			return error;
	}
	return 0;
}
