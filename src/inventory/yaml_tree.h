/*
 * yaml_tree.h - a small YAML document tree built from libyaml events
 * (Debian's libyaml, pkg yaml-0.1), with the line of every node.
 *
 * For lockfiles written by tools (pnpm-lock.yaml): scalars, mappings and
 * sequences; anchors are kept as plain nodes and aliases become empty
 * scalars (no expansion, so no "billion laughs").  Nodes live in an arena;
 * the number of nodes and the depth are capped.
 */
#ifndef CW_INVENTORY_YAML_TREE_H
#define CW_INVENTORY_YAML_TREE_H

#include <stddef.h>

#include "util/arena.h"
#include "util/str.h"

typedef enum { CW_YN_SCALAR, CW_YN_MAP, CW_YN_SEQ } cw_yn_type;

typedef struct cw_ynode cw_ynode;
struct cw_ynode {
	cw_yn_type type;
	size_t line;          /* 1-based */
	size_t col;           /* 1-based column of the node's start */
	cw_slice str;         /* scalar value (NUL-terminated in the arena) */
	cw_ynode **items;     /* map: key, value, key, value...; seq: items */
	size_t count;         /* number of entries in items */
};

/* Parse `data`; *out is the root node (NULL for an empty document). */
int cw__yaml_parse(cw_ynode **out, cw_arena *arena, const char *path, const char *data, size_t len);

/* The value of `key` in a mapping, or NULL. */
const cw_ynode *cw__yaml_get(const cw_ynode *map, const char *key);

/* The scalar value of `key` in a mapping, or an empty slice. */
cw_slice cw__yaml_str(const cw_ynode *map, const char *key);

#endif
