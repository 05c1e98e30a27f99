/*
 * attribution.c - the attribution (NOTICE) report of an inventory.
 *
 * Components are grouped by their normalised license expression; each
 * group lists its components and, for every license id of the expression,
 * the full license text when the license db has it.  Each component is
 * listed with the copyright notices found in its license files and, for
 * Debian packages, its copyright file.  Output as plain text, Markdown or
 * one self-contained HTML page.
 */
#include "license/expr_node.h"
#include "chainwarden/inventory.h"

#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/error.h"

typedef struct {
	char expression[256];
	const char *name;
	const char *version;
	const char *purl;
	const cw_component *comp;   /* for its copyright notices */
} entry;

static int compare_entries(const void *a, const void *b)
{
	const entry *x = a, *y = b;
	int c = strcmp(x->expression, y->expression);
	if (c)
		return c;
	if ((c = strcmp(x->name ? x->name : "", y->name ? y->name : "")) != 0)
		return c;
	return strcmp(x->version ? x->version : "", y->version ? y->version : "");
}

static void put_escaped(cw_buf *b, const char *s, cw_notice_format format)
{
	if (format != CW_NOTICE_HTML) {
		cw__buf_puts(b, s);
		return;
	}
	for (; *s; s++) {
		switch (*s) {
		case '<': cw__buf_puts(b, "&lt;"); break;
		case '>': cw__buf_puts(b, "&gt;"); break;
		case '&': cw__buf_puts(b, "&amp;"); break;
		case '"': cw__buf_puts(b, "&quot;"); break;
		default: cw__buf_putc(b, *s);
		}
	}
}

static void write_texts(cw_buf *b, const char *expression, const cw_license_db *db,
                        cw_notice_format format)
{
	cw_license_expr *e = NULL;
	const char *ids[32];
	size_t count = 0;
	if (strcmp(expression, "NOASSERTION") == 0 ||
	    cw_license_expr_parse(&e, expression, strlen(expression),
	                          CW_LICENSE_PARSE_ALLOW_UNKNOWN) < 0) {
		cw_error_clear();
		cw__buf_puts(b, format == CW_NOTICE_HTML
		             ? "<p><em>No license could be determined for these components; "
		               "review them.</em></p>\n"
		             : "No license could be determined for these components; review them.\n\n");
		return;
	}
	cw__license_node_ids(e->root, ids, &count, sizeof(ids) / sizeof(ids[0]), false);
	for (size_t i = 0; i < count; i++) {
		const char *text = db ? cw_license_db_text(db, ids[i]) : NULL;
		const cw_license_info *info = cw_license_lookup(ids[i], strlen(ids[i]));
		switch (format) {
		case CW_NOTICE_HTML:
			cw__buf_puts(b, "<h3>");
			put_escaped(b, ids[i], format);
			if (info) {
				cw__buf_puts(b, " &mdash; ");
				put_escaped(b, info->name, format);
			}
			cw__buf_puts(b, "</h3>\n");
			break;
		case CW_NOTICE_MARKDOWN:
			cw__buf_printf(b, "### %s%s%s\n\n", ids[i], info ? " — " : "",
			               info ? info->name : "");
			break;
		default:
			cw__buf_printf(b, "--- %s%s%s ---\n\n", ids[i], info ? ": " : "",
			               info ? info->name : "");
		}
		if (!text) {
			cw__buf_puts(b, format == CW_NOTICE_HTML ? "<p><em>License text not available "
			             "(give the SPDX license texts with --licenses).</em></p>\n"
			             : "License text not available (give the SPDX license texts "
			               "with --licenses).\n\n");
			continue;
		}
		if (format == CW_NOTICE_HTML) {
			cw__buf_puts(b, "<pre>");
			put_escaped(b, text, format);
			cw__buf_puts(b, "</pre>\n");
		} else if (format == CW_NOTICE_MARKDOWN) {
			cw__buf_printf(b, "```text\n%s\n```\n\n", text);
		} else {
			cw__buf_printf(b, "%s\n\n", text);
		}
	}
	cw_license_expr_free(e);
}

static void write_group_header(cw_buf *b, const char *expression, size_t members,
                               cw_notice_format format)
{
	switch (format) {
	case CW_NOTICE_HTML:
		cw__buf_puts(b, "<h2>");
		put_escaped(b, expression, format);
		cw__buf_printf(b, " <small>(%zu component%s)</small></h2>\n<ul>\n", members,
		               members == 1 ? "" : "s");
		break;
	case CW_NOTICE_MARKDOWN:
		cw__buf_printf(b, "## %s (%zu component%s)\n\n", expression, members,
		               members == 1 ? "" : "s");
		break;
	default:
		cw__buf_printf(b, "=== %s (%zu component%s) ===\n\n", expression, members,
		               members == 1 ? "" : "s");
	}
}

static void write_member(cw_buf *b, const entry *e, cw_notice_format format)
{
	const char *v = e->version ? e->version : "";
	const cw_component *c = e->comp;
	switch (format) {
	case CW_NOTICE_HTML:
		cw__buf_puts(b, "<li>");
		put_escaped(b, e->name ? e->name : "?", format);
		cw__buf_puts(b, " ");
		put_escaped(b, v, format);
		for (size_t i = 0; i < c->copyright_count; i++) {
			cw__buf_puts(b, i ? "<br>" : "<br><small>");
			put_escaped(b, c->copyrights[i], format);
		}
		cw__buf_puts(b, c->copyright_count ? "</small></li>\n" : "</li>\n");
		break;
	case CW_NOTICE_MARKDOWN:
		cw__buf_printf(b, "- %s %s\n", e->name ? e->name : "?", v);
		for (size_t i = 0; i < c->copyright_count; i++)
			cw__buf_printf(b, "  - %s\n", c->copyrights[i]);
		break;
	default:
		cw__buf_printf(b, "  %s %s\n", e->name ? e->name : "?", v);
		for (size_t i = 0; i < c->copyright_count; i++)
			cw__buf_printf(b, "      %s\n", c->copyrights[i]);
	}
}

int cw_license_notice(char **out, const cw_inventory *inv, const cw_license_db *db,
                      cw_notice_format format)
{
	size_t n = cw_inventory_component_count(inv), k = 0, nfindings = 0;
	entry *entries = calloc(n ? n : 1, sizeof(*entries));
	cw_license_policy *policy = NULL;
	cw_license_finding *findings = NULL;
	cw_buf b = CW_BUF_INIT;
	int error = 0;

	*out = NULL;
	if (!entries)
		return cw__error_oom();
	/* The licenses as `license check` reads them (the verdicts are unused). */
	if ((error = cw_license_policy_default(&policy, CW_DISTRIBUTION_INTERNAL)) < 0 ||
	    (error = cw_license_check(&findings, &nfindings, inv, policy)) < 0)
		goto done;
	for (size_t i = 0; i < nfindings; i++) {
		const char *purl = cw_inventory_component(inv, findings[i].component)->purl;
		bool dup = false;
		/* The same package found in several files is listed once. */
		for (size_t j = 0; j < k && !dup; j++)
			dup = entries[j].purl && purl && strcmp(entries[j].purl, purl) == 0;
		if (dup)
			continue;
		memcpy(entries[k].expression, findings[i].expression, sizeof(entries[k].expression));
		entries[k].name = findings[i].name;
		entries[k].version = findings[i].version;
		entries[k].purl = purl;
		entries[k].comp = cw_inventory_component(inv, findings[i].component);
		k++;
	}
	qsort(entries, k, sizeof(*entries), compare_entries);

	if (format == CW_NOTICE_HTML)
		cw__buf_puts(&b, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
		             "<title>Third-party notices</title><style>body{font-family:sans-serif;"
		             "max-width:60em;margin:auto}pre{white-space:pre-wrap;background:#f6f6f6;"
		             "padding:1em}</style></head><body>\n<h1>Third-party notices</h1>\n");
	else if (format == CW_NOTICE_MARKDOWN)
		cw__buf_puts(&b, "# Third-party notices\n\n");
	else
		cw__buf_puts(&b, "THIRD-PARTY NOTICES\n\n");
	cw__buf_printf(&b, format == CW_NOTICE_HTML ? "<p>%zu components.</p>\n"
	                                            : "%zu components.\n\n", k);
	for (size_t i = 0; i < k;) {
		size_t j = i;
		while (j < k && strcmp(entries[j].expression, entries[i].expression) == 0)
			j++;
		write_group_header(&b, entries[i].expression, j - i, format);
		for (size_t m = i; m < j; m++)
			write_member(&b, &entries[m], format);
		cw__buf_puts(&b, format == CW_NOTICE_HTML ? "</ul>\n" : "\n");
		write_texts(&b, entries[i].expression, db, format);
		i = j;
	}
	if (format == CW_NOTICE_HTML)
		cw__buf_puts(&b, "</body></html>\n");
	if ((error = cw__buf_grow(&b, 0)) < 0)
		goto done;
	*out = cw__buf_detach(&b);
done:
	cw__buf_free(&b);
	free(findings);
	cw_license_policy_free(policy);
	free(entries);
	return error;
}
