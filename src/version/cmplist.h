/*
 * cmplist.h - the plain comparator-list range syntax (internal), for schemes
 * whose ecosystem has no range syntax of its own: Go (OSV writes Go ranges
 * as events, and tools write them as ">=1.2.0, <1.4.1") and the generic
 * fallback.
 *
 *   range       := alternative ( "||" alternative )*
 *   alternative := comparator ( ( "," | whitespace )+ comparator )*
 *   comparator  := [ "=" | "==" | "!=" | "<" | "<=" | ">" | ">=" ] version
 *                | "*"                       (any version)
 *
 * An operator may be followed by spaces; a bare version means "=".  The
 * versions are parsed and compared with the scheme's own callbacks, so the
 * ordering is exactly the scheme's.
 */
#ifndef CW_VERSION_CMPLIST_H
#define CW_VERSION_CMPLIST_H

#include "version/scheme.h"

int cw__cmplist_parse(void **out, const cw_version_scheme *scheme, const char *str,
                      size_t len);
/* Building a list directly (schemes that desugar their own syntax into
 * comparators, e.g. Composer): add comparators, end each alternative. */
int cw__cmplist_new(void **out, const cw_version_scheme *scheme);
/** Takes ownership of `version` (NULL for CW__OP_ANY), also on error. */
int cw__cmplist_add(void *list, int op, void *version);
int cw__cmplist_end_set(void *list);

bool cw__cmplist_satisfies(const void *range, const void *version);
void cw__cmplist_free(void *range);

#endif
