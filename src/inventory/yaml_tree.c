/* yaml_tree.c - libyaml events to a node tree (see yaml_tree.h). */
#include "inventory/yaml_tree.h"

#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "util/error.h"

#define YAML_MAX_DEPTH 64
#define YAML_MAX_NODES ((size_t)1 << 24)

typedef struct {
	cw_ynode *node;
	cw_ynode **items;
	size_t count, cap;
} frame;

static int append(frame *f, cw_ynode *n)
{
	if (f->count == f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 8;
		cw_ynode **items = realloc(f->items, cap * sizeof(*items));
		if (!items)
			return cw__error_oom();
		f->items = items;
		f->cap = cap;
	}
	f->items[f->count++] = n;
	return 0;
}

int cw__yaml_parse(cw_ynode **out, cw_arena *arena, const char *path, const char *data, size_t len)
{
	yaml_parser_t parser;
	yaml_event_t ev;
	frame stack[YAML_MAX_DEPTH + 1];
	int depth = 0, error = 0;
	size_t nodes = 0;
	bool done = false;

	*out = NULL;
	memset(stack, 0, sizeof(stack));
	if (!yaml_parser_initialize(&parser))
		return cw__error_oom();
	yaml_parser_set_input_string(&parser, (const unsigned char *)data, len);
	while (!done) {
		cw_ynode *n = NULL;
		if (!yaml_parser_parse(&parser, &ev)) {
			error = cw__error_set_at(CW_EINVALID, path, parser.problem_mark.line + 1,
			                         parser.problem_mark.column + 1, "invalid YAML: %s%s%s",
			                         parser.problem ? parser.problem : "syntax error",
			                         parser.context ? " " : "", parser.context ? parser.context : "");
			break;
		}
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
		case YAML_DOCUMENT_END_EVENT:
			done = ev.type == YAML_STREAM_END_EVENT || *out != NULL;
			break;
		case YAML_SCALAR_EVENT:
		case YAML_ALIAS_EVENT:
		case YAML_MAPPING_START_EVENT:
		case YAML_SEQUENCE_START_EVENT:
			if (++nodes > YAML_MAX_NODES) {
				error = cw__error_set_at(CW_ELIMIT, path, ev.start_mark.line + 1, 0, "too many YAML nodes");
				break;
			}
			if (!(n = cw__arena_calloc(arena, 1, sizeof(*n)))) {
				error = cw_error_last()->code;
				break;
			}
			n->line = ev.start_mark.line + 1;
			n->col = ev.start_mark.column + 1;
			if (ev.type == YAML_SCALAR_EVENT) {
				n->type = CW_YN_SCALAR;
				n->str.ptr = cw__arena_strndup(arena, (const char *)ev.data.scalar.value, ev.data.scalar.length);
				n->str.len = ev.data.scalar.length;
				if (!n->str.ptr) {
					error = cw_error_last()->code;
					break;
				}
			} else if (ev.type == YAML_ALIAS_EVENT) {
				n->type = CW_YN_SCALAR;
				n->str = (cw_slice){ "", 0 };
			} else {
				n->type = ev.type == YAML_MAPPING_START_EVENT ? CW_YN_MAP : CW_YN_SEQ;
			}
			if (depth > 0 && (error = append(&stack[depth - 1], n)) < 0)
				break;
			if (depth == 0 && !*out)
				*out = n;
			if (n->type != CW_YN_SCALAR) {
				if (depth >= YAML_MAX_DEPTH) {
					error = cw__error_set_at(CW_ELIMIT, path, n->line, 0, "YAML nested too deeply");
					break;
				}
				memset(&stack[depth], 0, sizeof(stack[depth]));
				stack[depth++].node = n;
			}
			break;
		case YAML_MAPPING_END_EVENT:
		case YAML_SEQUENCE_END_EVENT: {
			frame *f = &stack[--depth];
			f->node->count = f->count;
			if (f->count) {
				f->node->items = cw__arena_alloc(arena, f->count * sizeof(cw_ynode *));
				if (!f->node->items) {
					error = cw_error_last()->code;
					break;
				}
				memcpy(f->node->items, f->items, f->count * sizeof(cw_ynode *));
			}
			free(f->items);
			f->items = NULL;
			if (f->node->type == CW_YN_MAP && (f->count & 1))
				error = cw__error_set_at(CW_EINVALID, path, f->node->line, 0, "mapping without a value");
			break;
		}
		default:
			break;
		}
		yaml_event_delete(&ev);
		if (error < 0)
			break;
	}
	for (int i = 0; i < depth; i++)
		free(stack[i].items);
	yaml_parser_delete(&parser);
	return error;
}

const cw_ynode *cw__yaml_get(const cw_ynode *map, const char *key)
{
	size_t n = strlen(key);
	if (!map || map->type != CW_YN_MAP)
		return NULL;
	for (size_t i = 0; i + 1 < map->count; i += 2) {
		const cw_ynode *k = map->items[i];
		if (k->type == CW_YN_SCALAR && k->str.len == n && !memcmp(k->str.ptr, key, n))
			return map->items[i + 1];
	}
	return NULL;
}

cw_slice cw__yaml_str(const cw_ynode *map, const char *key)
{
	const cw_ynode *v = cw__yaml_get(map, key);
	return v && v->type == CW_YN_SCALAR ? v->str : (cw_slice){ NULL, 0 };
}
