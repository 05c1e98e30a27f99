/* check.c - license verdicts for the components of an inventory. */
#include "license/expr_node.h"
#include "chainwarden/inventory.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/buf.h"
#include "util/error.h"

/* Normalisations below this confidence (a bare family name) need review. */
#define MIN_CONFIDENCE_TO_ALLOW 0.7
/* License file identifications below this share of the text are not used. */
#define MIN_FILE_CONFIDENCE 0.75
#define MAX_IDS 32

static int compare_findings(const void *a, const void *b)
{
	const cw_license_finding *x = a, *y = b;
	int c;
	if (x->verdict != y->verdict)
		return x->verdict > y->verdict ? -1 : 1;
	if ((c = strcmp(x->name ? x->name : "", y->name ? y->name : "")) != 0)
		return c;
	return strcmp(x->version ? x->version : "", y->version ? y->version : "");
}

/* "GPL-2.0-or-later", "GPL-2.0-only", "GPL-2.0" compare equal: the files
 * rarely tell the version choice, the declaration does. */
static size_t family_len(const char *id)
{
	size_t n = strlen(id);
	if (n > 9 && strcasecmp(id + n - 9, "-or-later") == 0)
		return n - 9;
	if (n > 5 && strcasecmp(id + n - 5, "-only") == 0)
		return n - 5;
	if (n > 1 && id[n - 1] == '+')
		return n - 1;
	return n;
}

/* The same license, or a variant named after it (BSD-3-Clause-HP,
 * BSD-2-Clause-Views, MIT-0): near neighbours that identification can
 * confuse and that carry the same obligations are no mismatch. */
static bool same_family(const char *a, const char *b)
{
	size_t n = family_len(a), m = family_len(b);
	if (n > m) {
		const char *t = a;
		size_t k = n;
		a = b, n = m;
		b = t, m = k;
	}
	return strncasecmp(a, b, n) == 0 && (n == m || b[n] == '-');
}

/* The found licenses joined with AND into f->found; the first file into f->evidence. */
static void found_licenses(cw_license_finding *f, const cw_component *c)
{
	cw_buf b = CW_BUF_INIT;
	size_t used = 0;
	f->found_confidence = 1;
	for (size_t i = 0; i < c->found_license_count; i++) {
		const cw_license_evidence *ev = &c->found_licenses[i];
		bool compound, dup = false;
		if (ev->confidence < MIN_FILE_CONFIDENCE || strcmp(ev->expression, "NOASSERTION") == 0)
			continue;
		for (size_t j = 0; j < i && !dup; j++)
			dup = c->found_licenses[j].confidence >= MIN_FILE_CONFIDENCE &&
			      strcmp(c->found_licenses[j].expression, ev->expression) == 0;
		if (dup)
			continue;
		compound = strchr(ev->expression, ' ') != NULL;
		cw__buf_printf(&b, "%s%s%s%s", used ? " AND " : "", compound ? "(" : "",
		               ev->expression, compound ? ")" : "");
		if (!f->evidence)
			f->evidence = ev->path;
		if (ev->confidence < f->found_confidence)
			f->found_confidence = ev->confidence;
		used++;
	}
	if (!used || b.len >= sizeof(f->found)) {
		f->found[0] = '\0';
		f->evidence = NULL;
		f->found_confidence = 0;
	} else {
		memcpy(f->found, b.ptr, b.len);
		f->found[b.len] = '\0';
	}
	cw__buf_free(&b);
}

/* Whether `found` names a license (family) that `declared` does not. */
static bool mismatched(const char *declared, const char *found)
{
	cw_license_expr *d = NULL, *fe = NULL;
	const char *dids[MAX_IDS], *fids[MAX_IDS];
	size_t nd = 0, nf = 0;
	bool result = false;
	if (cw_license_expr_parse(&d, declared, strlen(declared), CW_LICENSE_PARSE_ALLOW_UNKNOWN |
	                                                          CW_LICENSE_PARSE_LAX_OPERATORS) < 0 ||
	    cw_license_expr_parse(&fe, found, strlen(found), CW_LICENSE_PARSE_ALLOW_UNKNOWN |
	                                                     CW_LICENSE_PARSE_LAX_OPERATORS) < 0)
		goto done;
	cw__license_node_ids(d->root, dids, &nd, MAX_IDS, true);
	cw__license_node_ids(fe->root, fids, &nf, MAX_IDS, true);
	for (size_t i = 0; i < nf && !result; i++) {
		bool known = false;
		for (size_t j = 0; j < nd && !known; j++)
			known = same_family(fids[i], dids[j]);
		result = !known;
	}
done:
	cw_error_clear();
	cw_license_expr_free(d);
	cw_license_expr_free(fe);
	return result;
}

static const char *base_of(const char *path)
{
	const char *slash = path ? strrchr(path, '/') : NULL;
	return slash ? slash + 1 : path ? path : "?";
}

static int judge(cw_license_finding *f, const cw_component *c, const cw_license_policy *policy)
{
	cw_license_normalized norm;
	int error;

	f->source = "none";
	if (c->license) {
		if ((error = cw_license_normalize(&norm, c->license, strlen(c->license))) < 0)
			return error;
		snprintf(f->expression, sizeof(f->expression), "%s", norm.expression);
		f->confidence = norm.confidence;
		cw_license_normalized_free(&norm);
		f->source = "declared";
	} else {
		snprintf(f->expression, sizeof(f->expression), "NOASSERTION");
	}
	found_licenses(f, c);
	if (f->found[0] && (strcmp(f->expression, "NOASSERTION") == 0 ||
	                    f->confidence < MIN_CONFIDENCE_TO_ALLOW)) {
		/* Nothing usable declared, or only a vague family name ("BSD"):
		 * the license files speak. */
		bool vague = strcmp(f->expression, "NOASSERTION") != 0;
		snprintf(f->expression, sizeof(f->expression), "%s", f->found);
		f->confidence = f->found_confidence;
		f->source = "file";
		f->verdict = cw_license_policy_evaluate(policy, f->expression, f->reason,
		                                        sizeof(f->reason));
		{
			char why[sizeof(f->reason)];
			snprintf(why, sizeof(why), "%s", f->reason);
			if (c->license)
				snprintf(f->reason, sizeof(f->reason),
				         "declared '%.60s' is %s; from %.60s: %.120s", c->license,
				         vague ? "vague" : "not recognised", base_of(f->evidence), why);
			else
				snprintf(f->reason, sizeof(f->reason), "none declared; from %.60s: %.150s",
				         base_of(f->evidence), why);
		}
		return 0;
	}
	f->verdict = cw_license_policy_evaluate(policy, f->expression, f->reason, sizeof(f->reason));
	/* A guess ("BSD" could be BSD-4-Clause) is not enough to allow. */
	if (f->verdict == CW_VERDICT_ALLOW && f->confidence < MIN_CONFIDENCE_TO_ALLOW) {
		f->verdict = CW_VERDICT_REVIEW;
		snprintf(f->reason, sizeof(f->reason),
		         "declared '%.150s' read as %.60s only by a guess (confidence %.1f)",
		         c->license, f->expression, f->confidence);
	}
	if (strcmp(f->expression, "NOASSERTION") == 0) {
		if (c->license)
			snprintf(f->reason, sizeof(f->reason), "declared license '%.200s' not recognised",
			         c->license);
		else
			snprintf(f->reason, sizeof(f->reason), "no license declared");
		return 0;
	}
	/* The first file that contradicts the declaration is the one to name. */
	for (size_t i = 0; f->found[0] && i < c->found_license_count && !f->mismatch; i++) {
		const cw_license_evidence *ev = &c->found_licenses[i];
		char why[sizeof(f->reason)];
		cw_license_verdict fv;
		if (ev->confidence < MIN_FILE_CONFIDENCE || strcmp(ev->expression, "NOASSERTION") == 0 ||
		    !mismatched(f->expression, ev->expression))
			continue;
		fv = cw_license_policy_evaluate(policy, ev->expression, why, sizeof(why));
		f->mismatch = true;
		f->evidence = ev->path;
		if (fv > f->verdict)
			f->verdict = fv;
		if (f->verdict < CW_VERDICT_REVIEW)
			f->verdict = CW_VERDICT_REVIEW;
		snprintf(f->reason, sizeof(f->reason),
		         "license mismatch: declared %.60s but %.40s says %.60s (%.0f%%)%s%.90s",
		         f->expression, base_of(ev->path), ev->expression, 100 * ev->confidence,
		         fv == CW_VERDICT_DENY ? "; " : "", fv == CW_VERDICT_DENY ? why : "");
	}
	return 0;
}

int cw_license_check(cw_license_finding **out, size_t *count, const cw_inventory *inv,
                     const cw_license_policy *policy)
{
	size_t n = cw_inventory_component_count(inv), k = 0;
	cw_license_finding *f = calloc(n ? n : 1, sizeof(*f));
	int error = 0;

	*out = NULL;
	*count = 0;
	if (!f)
		return cw__error_oom();
	for (size_t i = 0; i < n; i++) {
		const cw_component *c = cw_inventory_component(inv, i);
		if (c->kind != CW_COMPONENT_LIBRARY)
			continue;
		f[k].component = i;
		f[k].name = c->name;
		f[k].version = c->version ? c->version : c->declared;
		f[k].declared = c->license;
		if ((error = judge(&f[k], c, policy)) < 0)
			break;
		k++;
	}
	if (error < 0) {
		free(f);
		return error;
	}
	qsort(f, k, sizeof(*f), compare_findings);
	*out = f;
	*count = k;
	return 0;
}
