/*
 * inspect_evaluate.c - matches to findings: drop matches outside their
 * rule's scope (install files are known by now), evaluate combination
 * rules per file then per package, report every non-signal rule that
 * matched, and sort (malicious first, then severity, rule, file, line).
 */
#include "attack/inspect_internal.h"

#include <stdlib.h>
#include <string.h>

#include "util/error.h"

static int add_finding(cw_inspect_report *rep, const cw__inspect_rule *r, const char *file,
                       size_t line, size_t count, const char *evidence)
{
	cw_inspect_finding f = { r->id, r->description, r->kind, r->severity, file, line, count,
	                         evidence ? evidence : "" };
	return cw_vec_push(&rep->findings, f);
}

static bool bit(const uint64_t *b, size_t i)
{
	return (b[i >> 6] >> (i & 63)) & 1;
}

static void set_bit(uint64_t *b, size_t i)
{
	b[i >> 6] |= (uint64_t)1 << (i & 63);
}

static bool combo_holds(const cw__inspect_rule *r, const uint64_t *bits)
{
	bool any = r->any_count == 0;
	for (size_t i = 0; i < r->all_count; i++)
		if (!bit(bits, r->all[i]))
			return false;
	for (size_t i = 0; i < r->any_count && !any; i++)
		any = bit(bits, r->any[i]);
	return any;
}

/* "rule at line N: snippet; ..." for the parts of a combination that matched. */
static const char *combo_evidence(cw_inspect_report *rep, const cw_inspect_rules *rules,
                                  const cw__inspect_rule *r, const uint64_t *bits,
                                  const cw__inspect_match *const *where, const char *const *files,
                                  size_t *line)
{
	cw_buf b = CW_BUF_INIT;
	const char *out;
	b.max = 2048;
	*line = 0;
	for (int pass = 0; pass < 2; pass++) {
		const size_t *ids = pass ? r->any : r->all;
		size_t n = pass ? r->any_count : r->all_count;
		for (size_t i = 0; i < n; i++) {
			const cw__inspect_match *m;
			if (!bit(bits, ids[i]))
				continue;
			m = where[ids[i]];
			if (b.len)
				cw__buf_puts(&b, "; ");
			cw__buf_puts(&b, rules->rules.items[ids[i]].id);
			if (m) {
				if (files && files[ids[i]])
					cw__buf_printf(&b, " in %s:%zu", files[ids[i]], m->line);
				else
					cw__buf_printf(&b, " at line %zu", m->line);
				cw__buf_printf(&b, ": %.80s", m->evidence);
				if (!*line || m->line < *line)
					*line = m->line;
			}
		}
	}
	out = cw__arena_strdup(&rep->arena, b.ptr ? b.ptr : "");
	cw__buf_free(&b);
	return out;
}

static int cmp_findings(const void *va, const void *vb)
{
	const cw_inspect_finding *a = va, *b = vb;
	int c;
	if (a->kind != b->kind)
		return a->kind > b->kind ? -1 : 1;
	if (a->severity != b->severity)
		return a->severity > b->severity ? -1 : 1;
	if ((c = strcmp(a->rule, b->rule)) != 0)
		return c;
	if (!a->file || !b->file)
		return !a->file ? (b->file ? -1 : 0) : 1;
	if ((c = strcmp(a->file, b->file)) != 0)
		return c;
	return a->line < b->line ? -1 : a->line > b->line;
}

/* Strings of the session that the report keeps. */
static const char *keep(cw_inspect_report *rep, const char *s)
{
	return s ? cw__arena_strdup(&rep->arena, s) : NULL;
}

/* Well-formed UTF-8 without control characters (shown as it is)? */
static bool printable_utf8(const unsigned char *p)
{
	while (*p) {
		size_t n = *p < 0x80 ? 0 : (*p & 0xe0) == 0xc0 ? 1 : (*p & 0xf0) == 0xe0 ? 2 :
		           (*p & 0xf8) == 0xf0 ? 3 : 4;
		if (n == 4 || *p < 0x20 || *p == 0x7f || (n == 1 && *p < 0xc2))
			return false;
		for (size_t i = 1; i <= n; i++)
			if ((p[i] & 0xc0) != 0x80)
				return false;
		p += n + 1;
	}
	return true;
}

/* An archive entry name for the report: hostile names (control bytes,
 * invalid UTF-8) are escaped so that text and JSON output stay clean. */
static const char *keep_name(cw_inspect_report *rep, const char *name)
{
	if (printable_utf8((const unsigned char *)name))
		return keep(rep, name);
	return cw__inspect_snippet(&rep->arena, name, strlen(name), 4096);
}

int cw__inspect_evaluate(cw_inspect_session *s, cw_inspect_report *rep, const bool *install)
{
	const cw_inspect_rules *rules = s->rules;
	size_t nr = rules->rules.len, words = nr / 64 + 1;
	uint64_t *bits = calloc(words, sizeof(uint64_t)), *pkg = calloc(words, sizeof(uint64_t));
	const cw__inspect_match **where = calloc(nr + 1, sizeof(*where));
	const cw__inspect_match **pkg_where = calloc(nr + 1, sizeof(*pkg_where));
	const char **pkg_file = calloc(nr + 1, sizeof(*pkg_file));
	/* a combination that holds in a file stands for its earliest part */
	cw__inspect_match *combo = calloc(nr + 1, sizeof(*combo));
	int error = 0;

	if (!bits || !pkg || !where || !pkg_where || !pkg_file || !combo) {
		error = cw__error_oom();
		goto done;
	}
	for (size_t fi = 0; fi < s->files.len && error == 0; fi++) {
		cw__inspect_file *f = &s->files.items[fi];
		unsigned scope = f->scope | (install[fi] ? CW_SCOPE_INSTALL_FILE : 0);
		const char *fname = NULL;
		bool any = false;
		memset(bits, 0, words * sizeof(uint64_t));
		for (size_t mi = 0; mi < f->matches.len && error == 0; mi++) {
			const cw__inspect_match *m = &f->matches.items[mi];
			const cw__inspect_rule *r = &rules->rules.items[m->rule];
			if (!(r->scope & scope) && !(r->type == CW_RULE_DETECTOR && r->detector == CW_DETECT_UNSAFE_PATH))
				continue;
			if (!fname && !(fname = keep_name(rep, f->name))) {
				error = cw_error_last()->code;
				break;
			}
			set_bit(bits, m->rule);
			where[m->rule] = m;
			any = true;
			if (r->kind != CW_INSPECT_SIGNAL)
				error = add_finding(rep, r, fname, m->line, m->count, keep(rep, m->evidence));
		}
		if (!any)
			continue;
		for (size_t ri = 0; ri < nr && error == 0; ri++) {
			const cw__inspect_rule *r = &rules->rules.items[ri];
			size_t line;
			const char *ev;
			if (r->type != CW_RULE_COMBO || r->package_wide || !(r->scope & scope) ||
			    !combo_holds(r, bits))
				continue;
			set_bit(bits, ri);
			combo[ri] = (cw__inspect_match){ ri, 0, 1, NULL };
			for (int pass = 0; pass < 2; pass++) {
				const size_t *ids = pass ? r->any : r->all;
				size_t n = pass ? r->any_count : r->all_count;
				for (size_t k = 0; k < n; k++) {
					const cw__inspect_match *m = bit(bits, ids[k]) ? where[ids[k]] : NULL;
					if (m && (!combo[ri].evidence || m->line < combo[ri].line)) {
						combo[ri].line = m->line;
						combo[ri].evidence = m->evidence;
					}
				}
			}
			where[ri] = combo[ri].evidence ? &combo[ri] : NULL;
			if (r->kind == CW_INSPECT_SIGNAL)
				continue;
			if (!(ev = combo_evidence(rep, rules, r, bits, where, NULL, &line)))
				error = cw_error_last()->code;
			else
				error = add_finding(rep, r, fname, line, 1, ev);
		}
		for (size_t ri = 0; ri < nr && error == 0; ri++)
			if (bit(bits, ri) && !bit(pkg, ri)) {
				set_bit(pkg, ri);
				pkg_where[ri] = where[ri];
				pkg_file[ri] = fname;
				if (where[ri] == &combo[ri]) {
					/* outlives this file: copy into the report */
					cw__inspect_match *copy = cw__arena_alloc(&rep->arena, sizeof(*copy));
					if (!copy)
						error = cw_error_last()->code;
					else
						*copy = combo[ri];
					pkg_where[ri] = copy;
				}
			}
	}
	for (size_t ri = 0; ri < nr && error == 0; ri++) {
		const cw__inspect_rule *r = &rules->rules.items[ri];
		size_t line;
		const char *ev;
		if (r->type != CW_RULE_COMBO || !r->package_wide || !combo_holds(r, pkg))
			continue;
		set_bit(pkg, ri);
		if (r->kind == CW_INSPECT_SIGNAL)
			continue;
		if (!(ev = combo_evidence(rep, rules, r, pkg, pkg_where, pkg_file, &line)))
			error = cw_error_last()->code;
		else
			error = add_finding(rep, r, NULL, 0, 1, ev);
	}
	if (error == 0 && rep->findings.len)
		qsort(rep->findings.items, rep->findings.len, sizeof(cw_inspect_finding), cmp_findings);
done:
	free(bits);
	free(pkg);
	free(where);
	free(pkg_where);
	free(pkg_file);
	free(combo);
	return error;
}
