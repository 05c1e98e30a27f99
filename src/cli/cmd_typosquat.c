/* cmd_typosquat.c - `chainwarden typosquat`: names that imitate popular packages. */
#include "cli/cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/fs.h"
#include "util/json.h"

static const char usage[] =
	"usage: chainwarden typosquat --popular FILE [options] (NAME... | --target PATH)\n"
	"\n"
	"Flag package names that imitate popular ones: one edit or an adjacent swap\n"
	"away, look-alike characters, other separators, a dropped npm scope, or a\n"
	"popular name with an affix.  Popular names themselves are never flagged.\n"
	"\n"
	"  --popular FILE    ranked list of popular names, one per line (repeatable)\n"
	"  --allow FILE      known legitimate pairs, 'NAME TARGET' per line\n"
	"  --ecosystem ECO   npm (default) or another purl type (scope rules are npm's)\n"
	"  --target PATH     check the dependencies found under PATH (lockfiles)\n"
	"  --json            one JSON object per flagged name\n"
	"\n"
	"Exit status: 1 when a name is flagged, 0 otherwise, 2 on bad input.\n";

static int load_file(cw_typosquat_index *ix, const char *path, bool allowed)
{
	cw_buf text = CW_BUF_INIT;
	int error = cw__file_read(&text, path, 256u << 20);
	if (error == 0)
		error = allowed ? cw_typosquat_index_add_allowed(ix, text.ptr ? text.ptr : "", text.len, path)
		                : cw_typosquat_index_add_list(ix, text.ptr ? text.ptr : "", text.len, path);
	cw__buf_free(&text);
	return error;
}

static void report(cw_buf *out, const char *name, const char *where, const cw_typosquat_match *m,
                   bool json)
{
	if (json) {
		cw_jw jw;
		cw__jw_init(&jw, out, false);
		cw__jw_object_begin(&jw);
		cw__jw_member_string(&jw, "name", name);
		cw__jw_member_string(&jw, "kind", cw_squat_kind_name(m->kind));
		cw__jw_member_string(&jw, "imitates", m->target);
		cw__jw_member_int(&jw, "imitates_rank", (int64_t)m->target_rank);
		cw__jw_member_int(&jw, "distance", m->distance);
		if (where)
			cw__jw_member_string(&jw, "where", where);
		cw__jw_object_end(&jw);
		cw__buf_putc(out, '\n');
		return;
	}
	cw__buf_printf(out, "%s: looks like '%s' (popular #%zu): %s%s%s\n", name, m->target,
	               m->target_rank, cw_squat_kind_name(m->kind), where ? " at " : "",
	               where ? where : "");
}

static int run(int argc, char **argv)
{
	const char *ecosystem = "npm", *target = NULL;
	cw_cli_list popular = CW_CLI_LIST_INIT(16), allowed = CW_CLI_LIST_INIT(16);
	bool json = false;
	const cw_cli_opt options[] = {
		{ .name = "popular", .kind = CW_CLI_LIST, .target = &popular },
		{ .name = "allow", .kind = CW_CLI_LIST, .target = &allowed },
		{ .name = "ecosystem", .kind = CW_CLI_STRING, .target = &ecosystem },
		{ .name = "target", .kind = CW_CLI_STRING, .target = &target },
		{ .name = "json", .kind = CW_CLI_FLAG, .target = &json },
	};
	cw_buf out = CW_BUF_INIT;
	size_t flagged = 0;
	cw_typosquat_index *ix = NULL;
	cw_inventory *inv = NULL;
	int rc = 0, error = 0;

	if (cw_cli_options("typosquat", usage, options, CW_CLI_COUNT(options), argc, argv, &rc))
		goto done;
	if (!popular.count) {
		rc = cw_cli_usage_error("typosquat", "give a list of popular names with --popular");
		goto done;
	}
	if (!target && optind >= argc) {
		rc = cw_cli_usage_error("typosquat", "give NAMEs or --target PATH");
		goto done;
	}
	if ((error = cw_typosquat_index_new(&ix, ecosystem)) < 0) {
		rc = cw_cli_fail(error);
		goto done;
	}
	for (size_t i = 0; i < popular.count && error == 0; i++)
		error = load_file(ix, popular.items[i], false);
	for (size_t i = 0; i < allowed.count && error == 0; i++)
		error = load_file(ix, allowed.items[i], true);
	for (int i = optind; i < argc && error == 0; i++) {
		cw_typosquat_match m;
		if (cw_typosquat_check(ix, argv[i], &m)) {
			report(&out, argv[i], NULL, &m, json);
			flagged++;
		}
	}
	if (error == 0 && target) {
		cw_inventory_scan_options opts = CW_INVENTORY_SCAN_OPTIONS_INIT;
		if ((error = cw_inventory_new(&inv)) == 0 &&
		    (error = cw_inventory_scan_path(inv, target, &opts)) == 0) {
			for (size_t i = 0; i < cw_inventory_component_count(inv); i++) {
				const cw_component *comp = cw_inventory_component(inv, i);
				cw_typosquat_match m;
				char where[512];
				if (comp->kind != CW_COMPONENT_LIBRARY || strcmp(comp->ecosystem, ecosystem) != 0 ||
				    !cw_typosquat_check(ix, comp->name, &m))
					continue;
				snprintf(where, sizeof(where), "%s:%zu", comp->file, comp->line);
				report(&out, comp->name, where, &m, json);
				flagged++;
			}
		}
	}
	rc = cw_cli_emit(error, out.ptr, out.len);
	if (rc == 0 && flagged)
		rc = CW_EXIT_FINDINGS;
done:
	cw__buf_free(&out);
	cw_inventory_free(inv);
	cw_typosquat_index_free(ix);
	cw_cli_list_free(&popular);
	cw_cli_list_free(&allowed);
	return rc;
}

const cw_cli_command cw_cli_cmd_typosquat = {
	"typosquat", "flag dependency names that imitate popular packages", run
};
