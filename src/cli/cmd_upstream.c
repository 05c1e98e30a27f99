/* cmd_upstream.c - `chainwarden upstream`: signs of upstream attacks in a project. */
#include "cli/cli.h"
#include "cli/cli_scan.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/fs.h"
#include "util/json.h"

static const char usage[] =
	"usage: chainwarden upstream [options] TARGET\n"
	"\n"
	"Signs of upstream attacks in the dependencies found under TARGET: names that\n"
	"imitate popular packages, entries without integrity hashes, git/URL/file\n"
	"sources, tarballs from hosts outside an allow list, internal names resolved\n"
	"from a public registry (dependency confusion).\n"
	"\n"
	"  --popular FILE        ranked popular names, one per line (typosquat check)\n"
	"  --allow-host HOST     registry host packages may come from (repeatable;\n"
	"                        none given: any host)\n"
	"  --internal GLOB       internal package names, e.g. '@acme/*' (repeatable)\n"
	"  --internal-host HOST  host of the internal registry (repeatable)\n"
	"  --json                one JSON object per signal\n"
	"\n"
	"Exit status: 1 when a malicious signal (dependency confusion) is found, or any\n"
	"signal with --strict; 0 otherwise; 2 on bad input.\n";

static int run(int argc, char **argv)
{
	cw_cli_signal_lists signal_lists;
	const char *popular = NULL;
	bool json = false, strict = false;
	const cw_cli_opt options[] = {
		{ "popular", 0, CW_CLI_STRING, &popular, NULL },
		cw_cli_signal_lists_options(&signal_lists),
		{ "json", 0, CW_CLI_FLAG, &json, NULL },
		{ "strict", 0, CW_CLI_FLAG, &strict, NULL },
	};
	size_t n = 0, malicious = 0;
	cw_signal_options opts = CW_SIGNAL_OPTIONS_INIT;
	cw_typosquat_index *ix = NULL;
	cw_inventory *inv = NULL;
	cw_signal *signals = NULL;
	cw_buf out = CW_BUF_INIT;
	int rc = 0, error = 0;

	if (cw_cli_options("upstream", usage, options, CW_CLI_COUNT(options), argc, argv, &rc))
		goto done;
	if (argc - optind != 1) {
		rc = cw_cli_usage_error("upstream", "expected one TARGET");
		goto done;
	}
	CW_CLI_SIGNAL_LISTS_APPLY(&opts, &signal_lists);
	if (popular) {
		cw_buf text = CW_BUF_INIT;
		if ((error = cw__file_read(&text, popular, 256u << 20)) == 0 &&
		    (error = cw_typosquat_index_new(&ix, "npm")) == 0)
			error = cw_typosquat_index_add_list(ix, text.ptr ? text.ptr : "", text.len, popular);
		cw__buf_free(&text);
		opts.typosquats = ix;
	}
	if (error == 0 && (error = cw_inventory_new(&inv)) == 0) {
		cw_inventory_scan_options scan = CW_INVENTORY_SCAN_OPTIONS_INIT;
		if ((error = cw_inventory_scan_path(inv, argv[optind], &scan)) == 0)
			error = cw_attack_signals(&signals, &n, inv, &opts);
	}
	if (error < 0) {
		rc = cw_cli_fail(error);
		goto done;
	}
	for (size_t i = 0; i < n; i++) {
		const cw_component *comp = cw_inventory_component(inv, signals[i].component);
		malicious += signals[i].malicious;
		if (json) {
			cw_jw jw;
			cw__jw_init(&jw, &out, false);
			cw__jw_object_begin(&jw);
			cw__jw_member_string(&jw, "kind", signals[i].malicious ? "malicious" : "suspicious");
			cw__jw_member_string(&jw, "signal", cw_signal_kind_name(signals[i].kind));
			cw__jw_member_string(&jw, "name", comp->name);
			cw__jw_member_string(&jw, "version", comp->version);
			cw__jw_member_string(&jw, "purl", comp->purl);
			cw__jw_member_string(&jw, "file", comp->file);
			cw__jw_member_int(&jw, "line", (int64_t)comp->line);
			cw__jw_member_string(&jw, "evidence", signals[i].evidence);
			cw__jw_object_end(&jw);
			cw__buf_putc(&out, '\n');
		} else {
			cw__buf_printf(&out, "%-10s %-20s %s@%s (%s:%zu): %s\n",
			               signals[i].malicious ? "malicious" : "suspicious",
			               cw_signal_kind_name(signals[i].kind), comp->name,
			               comp->version ? comp->version : "?", comp->file, comp->line,
			               signals[i].evidence);
		}
	}
	if (!json)
		cw__buf_printf(&out, "%zu signals (%zu malicious) in %zu components\n", n, malicious,
		               cw_inventory_component_count(inv));
	rc = cw_cli_write_stdout(out.ptr, out.len);
	if (rc == 0 && (malicious || (strict && n)))
		rc = CW_EXIT_FINDINGS;
done:
	cw__buf_free(&out);
	free(signals);
	cw_inventory_free(inv);
	cw_typosquat_index_free(ix);
	cw_cli_signal_lists_free(&signal_lists);
	return rc;
}

const cw_cli_command cw_cli_cmd_upstream = {
	"upstream", "signs of upstream attacks: typosquats, sources, dependency confusion", run
};
