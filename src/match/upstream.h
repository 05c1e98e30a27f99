/*
 * match/upstream.h - what upstream.c and upstream_config.c share.
 */
#ifndef CW_MATCH_UPSTREAM_H
#define CW_MATCH_UPSTREAM_H

#include "match/match.h"

typedef CW_VEC(const char *) cw__str_vec;

/* cw_upstream_options merged with the config file's `upstream:` section. */
typedef struct {
	cw_arena arena;                  /* strings read from the config file */
	cw__str_vec allowed, internal, internal_hosts, popular, pkg_dirs;
	bool drift;
	int fresh_days;                  /* > 0; negative: off */
	const char *metadata, *url;
	int64_t now;
} cw__upstream_cfg;

/* Fill *m (zeroed by the caller) from `o` and its config file; free with cw__upstream_cfg_free. */
int cw__upstream_cfg_load(cw__upstream_cfg *m, const cw_upstream_options *o);
void cw__upstream_cfg_free(cw__upstream_cfg *m);

/* Mark the upstream findings that an ignore entry of `path` names (by signal). */
int cw__upstream_apply_ignore(cw_scan_result *r, const char *path, int64_t now);

#endif
