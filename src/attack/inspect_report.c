/*
 * inspect_report.c - the findings of `chainwarden inspect`: accessors and
 * rendering as text or JSON (the shape is documented in docs/inspect.md).
 */
#include "attack/inspect_internal.h"

#include <stdlib.h>
#include <string.h>

#include "util/error.h"
#include "util/json.h"

size_t cw_inspect_report_count(const cw_inspect_report *report)
{
	return report ? report->findings.len : 0;
}

const cw_inspect_finding *cw_inspect_report_finding(const cw_inspect_report *report, size_t i)
{
	return report && i < report->findings.len ? &report->findings.items[i] : NULL;
}

size_t cw_inspect_report_count_kind(const cw_inspect_report *report, cw_inspect_kind kind)
{
	size_t n = 0;
	for (size_t i = 0; report && i < report->findings.len; i++)
		n += report->findings.items[i].kind == kind;
	return n;
}

const cw_inspect_stats *cw_inspect_report_stats(const cw_inspect_report *report)
{
	return &report->stats;
}

size_t cw_inspect_report_script_count(const cw_inspect_report *report)
{
	return report ? report->scripts.len : 0;
}

void cw_inspect_report_script(const cw_inspect_report *report, size_t i, const char **name,
                              const char **command)
{
	*name = *command = NULL;
	if (report && i < report->scripts.len) {
		*name = report->scripts.items[i].name;
		*command = report->scripts.items[i].command;
	}
}

void cw_inspect_report_free(cw_inspect_report *report)
{
	if (!report)
		return;
	cw_vec_free_all(&report->findings, &report->scripts);
	cw__arena_free_owner(&report->arena);
}

static void render_json(cw_buf *out, const cw_inspect_report *r, const char *target)
{
	cw_jw jw;
	const cw_inspect_stats *st = &r->stats;
	cw__jw_init(&jw, out, true);
	cw__jw_object_begin(&jw);
	cw__jw_member_string(&jw, "target", target);
	cw__jw_member_int(&jw, "malicious", (int64_t)cw_inspect_report_count_kind(r, CW_INSPECT_MALICIOUS));
	cw__jw_member_int(&jw, "suspicious", (int64_t)cw_inspect_report_count_kind(r, CW_INSPECT_SUSPICIOUS));
	cw__jw_key(&jw, "install_scripts");
	cw__jw_array_begin(&jw);
	for (size_t i = 0; i < r->scripts.len; i++) {
		cw__jw_object_begin(&jw);
		cw__jw_member_string(&jw, "name", r->scripts.items[i].name);
		cw__jw_member_string(&jw, "command", r->scripts.items[i].command);
		cw__jw_object_end(&jw);
	}
	cw__jw_array_end(&jw);
	cw__jw_key(&jw, "findings");
	cw__jw_array_begin(&jw);
	for (size_t i = 0; i < r->findings.len; i++) {
		const cw_inspect_finding *f = &r->findings.items[i];
		cw__jw_object_begin(&jw);
		cw__jw_member_string(&jw, "rule", f->rule);
		cw__jw_member_string(&jw, "kind", cw_inspect_kind_name(f->kind));
		cw__jw_member_string(&jw, "severity", cw_inspect_severity_name(f->severity));
		cw__jw_member_string(&jw, "description", f->description);
		cw__jw_member_string(&jw, "file", f->file);
		cw__jw_member_int(&jw, "line", (int64_t)f->line);
		cw__jw_member_int(&jw, "count", (int64_t)f->count);
		cw__jw_member_string(&jw, "evidence", f->evidence);
		cw__jw_object_end(&jw);
	}
	cw__jw_array_end(&jw);
	cw__jw_key(&jw, "stats");
	cw__jw_object_begin(&jw);
	cw__jw_member_int(&jw, "files", (int64_t)st->files);
	cw__jw_member_int(&jw, "scanned", (int64_t)st->scanned);
	cw__jw_member_int(&jw, "skipped_binary", (int64_t)st->skipped_binary);
	cw__jw_member_int(&jw, "skipped_large", (int64_t)st->skipped_large);
	cw__jw_member_int(&jw, "bytes", (int64_t)st->bytes);
	cw__jw_member_int(&jw, "bytes_scanned", (int64_t)st->bytes_scanned);
	cw__jw_object_end(&jw);
	cw__jw_object_end(&jw);
	cw__buf_putc(out, '\n');
}

static void render_text(cw_buf *out, const cw_inspect_report *r, const char *target)
{
	const cw_inspect_stats *st = &r->stats;
	for (size_t i = 0; i < r->scripts.len; i++)
		cw__buf_printf(out, "install script %s: %s\n", r->scripts.items[i].name,
		               r->scripts.items[i].command);
	for (size_t i = 0; i < r->findings.len; i++) {
		const cw_inspect_finding *f = &r->findings.items[i];
		cw__buf_printf(out, "%s %s %s", cw_inspect_kind_name(f->kind),
		               cw_inspect_severity_name(f->severity), f->rule);
		if (f->file && f->line)
			cw__buf_printf(out, " %s:%zu", f->file, f->line);
		else if (f->file)
			cw__buf_printf(out, " %s", f->file);
		else
			cw__buf_puts(out, " (package)");
		if (f->count > 1)
			cw__buf_printf(out, " (%zu matches)", f->count);
		cw__buf_printf(out, "\n  %s\n  evidence: %s\n", f->description, f->evidence);
	}
	cw__buf_printf(out, "%s: %zu malicious, %zu suspicious; %zu files (%zu scanned, %zu binary, "
	               "%zu too large), %llu bytes\n", target,
	               cw_inspect_report_count_kind(r, CW_INSPECT_MALICIOUS),
	               cw_inspect_report_count_kind(r, CW_INSPECT_SUSPICIOUS), st->files, st->scanned,
	               st->skipped_binary, st->skipped_large, (unsigned long long)st->bytes);
}

int cw_inspect_report_render(char **out, size_t *len, const cw_inspect_report *report,
                             const char *target, bool json)
{
	cw_buf b = CW_BUF_INIT;
	int error;
	*out = NULL;
	if (len)
		*len = 0;
	if (json)
		render_json(&b, report, target ? target : "");
	else
		render_text(&b, report, target ? target : "");
	if (!b.ptr && (error = cw__buf_puts(&b, "")) < 0)
		return error;
	if (len)
		*len = b.len;
	*out = cw__buf_detach(&b);
	return 0;
}
