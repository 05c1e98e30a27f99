/*
 * attack/attack_internal.h - parts of the attack module shared with the
 * scan module.
 */
#ifndef CW_ATTACK_INTERNAL_H
#define CW_ATTACK_INTERNAL_H

#include "chainwarden/attack.h"
#include "util/buf.h"

/* Largest packument read or fetched (a popular package's runs to tens of MB). */
#define CW_PACKUMENT_MAX ((size_t)128 << 20)

/*
 * The packument of npm package `name` into `out`: from `dir` (DIR/NAME.json;
 * a scoped "@s/n" as DIR/@s/n.json or DIR/@s%2fn.json) when `dir` is set,
 * else fetched from `url` (URL/NAME with the scope's '/' as %2f).
 * @return 0, CW_ENOTFOUND (no such file, HTTP 404/410), CW_EIO.
 */
int cw__packument_get(cw_buf *out, const char *dir, const char *url, const char *name);

#endif
