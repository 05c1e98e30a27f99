/*
 * license_files.c - `chainwarden license scan` (the license files of a
 * source tree) and the license list / texts set-up the license
 * subcommands share (--kb, --licenses and their environment variables).
 */
#include "cli/cli.h"
#include "cli/license_cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "chainwarden/kb.h"
#include "util/buf.h"
#include "util/json.h"

static const char *nonempty(const char *s)
{
	return s && *s ? s : NULL;
}

cw_cli_opt cli_license_source_options(cli_license_source *src, unsigned which)
{
	static const char *const formats[] = { "table", "json", NULL };
	size_t n = 0;
	src->licenses = src->kb = NULL;
	src->format = 0;
	src->no_files = false;
	src->options[n++] = (cw_cli_opt){ "licenses", 0, CW_CLI_STRING, &src->licenses, NULL };
	src->options[n++] = (cw_cli_opt){ "kb", 0, CW_CLI_STRING, &src->kb, NULL };
	if (which & CLI_LICENSE_FORMAT)
		src->options[n++] = (cw_cli_opt){ "format", 0, CW_CLI_CHOICE, &src->format, formats };
	if (which & CLI_LICENSE_NO_FILES)
		src->options[n++] = (cw_cli_opt){ "no-license-files", 0, CW_CLI_FLAG, &src->no_files,
		                                  NULL };
	src->options[n] = (cw_cli_opt){ NULL, 0, CW_CLI_FLAG, NULL, NULL };
	return (cw_cli_opt){ NULL, 0, CW_CLI_GROUP, src->options, NULL };
}

int cli_license_setup(const char *kb_option, const char *licenses_option, cw_license_db **db)
{
	const char *env_texts = nonempty(getenv("CHAINWARDEN_LICENSES"));
	const char *kb_path = kb_option ? kb_option : nonempty(getenv("CHAINWARDEN_KB"));
	bool explicit_kb = kb_option != NULL;
	/* whether the KB is where the texts come from */
	bool kb_texts = db && !licenses_option && (explicit_kb || !env_texts);
	int error = 0;

	if (db)
		*db = NULL;
	if (kb_path) {
		cw_kb *kb = NULL;
		if ((error = cw_kb_open(&kb, kb_path)) == 0)
			error = cw_kb_licenses_use(kb, kb_texts ? db : NULL);
		cw_kb_free(kb);
		if (error < 0 && !explicit_kb) {
			/* $CHAINWARDEN_KB is for the vulnerability commands too:
			 * without a license list it just does not apply here */
			cw_log_info("%s", cw_error_last()->message);
			cw_error_clear();
			error = 0;
		}
		if (error < 0)
			return error;
		if (db && *db)
			cw_log_info("license texts: %zu from the KB %s", cw_license_db_count(*db), kb_path);
	}
	if (db && !*db && (licenses_option || env_texts)) {
		const char *path = licenses_option ? licenses_option : env_texts;
		if ((error = cw_license_db_load(db, path)) < 0)
			return error;
		cw_log_info("license texts: %zu from %s", cw_license_db_count(*db), path);
	}
	return 0;
}

int cli_license_attach_files(cw_inventory *inv, const char *target, const cw_license_db *db)
{
	cw_license_files *files = NULL;
	struct stat st;
	size_t attached = 0;
	int error;
	/* an image: the license files its scan kept with the installed packages */
	if (stat(target, &st) != 0 || !S_ISDIR(st.st_mode))
		error = cw_license_files_from_inventory(&files, inv, db, NULL);
	else
		error = cw_license_files_scan(&files, target, db, NULL);
	if (error == 0 && (error = cw_license_files_attach(inv, files, &attached)) == 0)
		cw_log_info("license files: %zu found, %zu attached to components",
		            cw_license_files_count(files), attached);
	cw_license_files_free(files);
	return error;
}

/* The license files of PATH: a tree or one license file, else (an image,
 * a root file system archive) those its inventory scan kept. */
static int scan_path(cw_license_files **out, const char *path, const cw_license_db *db,
                     const cw_license_scan_options *opts)
{
	const char *base = strrchr(path, '/');
	cw_inventory *inv = NULL;
	struct stat st;
	int error;
	if (stat(path, &st) != 0 || S_ISDIR(st.st_mode) ||
	    cw_license_file_name_is_license(base ? base + 1 : path))
		return cw_license_files_scan(out, path, db, opts);
	if ((error = cw_inventory_new(&inv)) == 0 &&
	    (error = cw_inventory_scan_path(inv, path, NULL)) == 0)
		error = cw_license_files_from_inventory(out, inv, db, opts);
	cw_inventory_free(inv);
	return error;
}

static const char scan_usage[] =
	"usage: chainwarden license scan [options] PATH...\n"
	"\n"
	"Find the license files (LICENSE*, LICENCE*, COPYING*, NOTICE*, UNLICENSE,\n"
	"*-LICENSE) under each PATH -- node_modules, vendor and site-packages\n"
	"included -- and identify them against the SPDX license texts, naming the\n"
	"package that ships each one.  For a container image, the license files of\n"
	"the installed packages (node_modules, *.dist-info) in its final filesystem.\n"
	"\n"
	"  --licenses PATH    SPDX license texts: JSON {id: {licenseText}} or a folder\n"
	"                     of <id>.txt (default: the KB's, else $CHAINWARDEN_LICENSES)\n"
	CLI_LICENSE_KB_HELP
	"  --min-coverage PCT report licenses with at least PCT%% of their text (default 75)\n"
	"  --max-size BYTES   list larger files as skipped (default 1048576)\n"
	"  --format FMT       table (default) or json\n"
	"\n"
	"Exit status: 0, or 1 when a license file (other than NOTICE) holds no license\n"
	"that could be identified.\n";

static bool is_notice(const char *path)
{
	const char *base = strrchr(path, '/');
	return strncasecmp(base ? base + 1 : path, "notice", 6) == 0;
}

void cli_license_matches_json(cw_jw *jw, const cw_license_match *m, size_t n)
{
	cw__jw_key_array(jw, "licenses");
	for (size_t i = 0; i < n; i++) {
		cw__jw_object_begin(jw);
		cw__jw_member_string(jw, "id", m[i].id);
		cw__jw_member_string(jw, "method", m[i].method);
		cw__jw_key(jw, "coverage");
		cw__jw_double(jw, m[i].coverage, 1);
		cw__jw_member_int(jw, "start_line", (int64_t)m[i].start_line);
		cw__jw_member_int(jw, "end_line", (int64_t)m[i].end_line);
		cw__jw_object_end(jw);
	}
	cw__jw_array_end(jw);
}

static void json_file(cw_jw *jw, const cw_license_file *f)
{
	cw__jw_object_begin(jw);
	cw__jw_member_string(jw, "path", f->path);
	if (cw__jw_key_object_if(jw, "package", f->ecosystem != NULL)) {
		const cw_jw_pair package[] = {
			{ "ecosystem", f->ecosystem }, { "name", f->name },
			{ "version", f->version }, { "dir", f->package_dir },
		};
		cw__jw_members_all(jw, package, CW_JW_COUNT(package));
		cw__jw_object_end(jw);
	}
	cw__jw_member_string(jw, "expression", f->expression);
	cw__jw_key(jw, "confidence");
	cw__jw_double(jw, f->confidence, 3);
	cli_license_matches_json(jw, f->matches, f->match_count);
	cw__jw_member_strings(jw, "copyrights", f->copyrights, f->copyright_count);
	if (f->skipped)
		cw__jw_member_string(jw, "skipped", f->skipped);
	cw__jw_object_end(jw);
}

static void table_file(cw_buf *out, const cw_license_file *f)
{
	char pkg[320] = "-", cov[16] = "-";
	if (f->ecosystem)
		snprintf(pkg, sizeof(pkg), "%s:%s%s%s", f->ecosystem, f->name, f->version ? "@" : "",
		         f->version ? f->version : "");
	if (f->match_count)
		snprintf(cov, sizeof(cov), "%.0f%%", 100 * f->confidence);
	cw__buf_printf(out, "%-50s %-28s %5s  %s%s%s\n", f->path,
	               f->skipped ? "(skipped)" : f->expression, cov, pkg,
	               f->skipped ? "  " : "", f->skipped ? f->skipped : "");
}

int cli_license_scan(int argc, char **argv)
{
	const char *coverage = NULL, *max_size = NULL;
	cli_license_source src;
	const cw_cli_opt options[] = {
		cli_license_source_options(&src, CLI_LICENSE_FORMAT),
		{ "min-coverage", 0, CW_CLI_STRING, &coverage, NULL },
		{ "max-size", 0, CW_CLI_STRING, &max_size, NULL },
	};
	cw_license_scan_options opts = CW_LICENSE_SCAN_OPTIONS_INIT;
	cw_license_db *db = NULL;
	cw_buf out = CW_BUF_INIT;
	cw_jw jw;
	size_t total = 0, unidentified = 0, packaged = 0;
	int error = 0, rc;

	if (cw_cli_options("license scan", scan_usage, options, CW_CLI_COUNT(options), argc, argv, &rc))
		return rc;
	if (coverage) {
		char *end;
		opts.min_coverage = strtod(coverage, &end);
		if (*end || end == coverage || opts.min_coverage <= 0 || opts.min_coverage > 100)
			return cw_cli_usage_error("license scan", "--min-coverage wants a percentage, got '%s'",
			                          coverage);
	}
	if (max_size) {
		char *end;
		unsigned long long v = strtoull(max_size, &end, 10);
		if (*end || end == max_size || v == 0)
			return cw_cli_usage_error("license scan", "--max-size wants a byte count, got '%s'",
			                          max_size);
		opts.max_file_size = (size_t)v;
	}
	if (optind >= argc)
		return cw_cli_usage_error("license scan", "missing PATH");
	if ((error = cli_license_setup(src.kb, src.licenses, &db)) < 0)
		return cw_cli_fail(error);
	if (!db)
		cw_log_warn("no license texts (--licenses, --kb): only SPDX-License-Identifier lines "
		            "are recognised");
	if (src.format == 1) {
		cw__jw_init(&jw, &out, true);
		cw__jw_object_begin(&jw);
		cw__jw_key(&jw, "files");
		cw__jw_array_begin(&jw);
	} else {
		cw__buf_printf(&out, "%-50s %-28s %5s  %s\n", "FILE", "LICENSE", "COVER", "PACKAGE");
	}
	for (int i = optind; i < argc && error == 0; i++) {
		cw_license_files *files = NULL;
		if ((error = scan_path(&files, argv[i], db, &opts)) < 0)
			break;
		for (size_t k = 0; k < cw_license_files_count(files); k++) {
			const cw_license_file *f = cw_license_files_get(files, k);
			total++;
			packaged += f->ecosystem != NULL;
			unidentified += !f->match_count && !is_notice(f->path);
			if (src.format == 1)
				json_file(&jw, f);
			else
				table_file(&out, f);
		}
		cw_license_files_free(files);
	}
	if (src.format == 1) {
		cw__jw_array_end(&jw);
		cw__jw_object_end(&jw);
		cw__buf_putc(&out, '\n');
		if (error == 0)
			error = cw__jw_finish(&jw);
	} else {
		cw__buf_printf(&out, "\n%zu license files, %zu in packages, %zu without an identified "
		               "license\n", total, packaged, unidentified);
	}
	cw_license_db_free(db);
	rc = cw_cli_emit(error, out.ptr, out.len);
	cw__buf_free(&out);
	return rc ? rc : unidentified ? CW_EXIT_FINDINGS : CW_EXIT_OK;
}
