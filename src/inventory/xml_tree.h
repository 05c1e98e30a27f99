/*
 * xml_tree.h - a small XML element tree built with Debian's libexpat
 * (pkg expat), with the line of every element, for manifests written by
 * hand or tools (pom.xml, *.csproj, packages.config,
 * Directory.Packages.props, gradle/verification-metadata.xml).
 *
 * Elements keep their name (as written, prefix included), attributes, the
 * concatenated character data directly inside them (trimmed) and their
 * children.  DTDs are refused (no entity expansion beyond the predefined
 * ones, so no "billion laughs" and no external entities); depth and element
 * count are capped.  Everything lives in an arena.
 */
#ifndef CW_INVENTORY_XML_TREE_H
#define CW_INVENTORY_XML_TREE_H

#include <stddef.h>

#include "util/arena.h"

typedef struct cw_xnode cw_xnode;
struct cw_xnode {
	const char *name;
	const char **attrs;       /* name, value, name, value, ..., NULL */
	const char *text;         /* trimmed character data, "" when none */
	cw_xnode **children;
	size_t count;
	size_t line;              /* 1-based line of the start tag */
};

/* Parse `data`; *out is the document element. */
int cw__xml_parse(cw_xnode **out, cw_arena *arena, const char *path, const char *data, size_t len);

/* The first child element named `name` (NULL if none; `node` may be NULL). */
const cw_xnode *cw__xml_child(const cw_xnode *node, const char *name);

/* Text of the child `name`, or NULL when there is no such child. */
const char *cw__xml_child_text(const cw_xnode *node, const char *name);

/* Value of attribute `name` (case-sensitive), or NULL. */
const char *cw__xml_attr(const cw_xnode *node, const char *name);

/* Same, ASCII case-insensitive (MSBuild attributes: Include / include). */
const char *cw__xml_attr_nocase(const cw_xnode *node, const char *name);

#endif
