/*
 * osv.c - the OSV record parser: reads one OSV JSON record, checks it and
 * hands it to the writer (osv_write.c), which puts it into the KB tables
 * (see schema.c).
 *
 * Spec: https://ossf.github.io/osv-schema/ (schema 1.0 to 1.7 handled; the
 * fields read are stable across them).  A record is checked completely
 * before anything is written, so a malformed record leaves no rows: it is
 * skipped with a warning naming the id and the reason, and counted.
 *
 * Two readers, one checker, one writer: a record is read by jflat.c (fast,
 * no allocation per record) when it can read it exactly as jansson would;
 * anything jflat declines (a syntax error, \u0000, -0, huge integers,
 * duplicate names, deep nesting) is read by jansson (util/json.h), which
 * gives the error message, and its DOM is turned into the same flat tree.
 * Everything after reading (checks, reasons, rows) is the same code.
 *
 * Incremental builds: a record whose id is already in the KB with the same
 * `modified` is left untouched; with a different `modified` its rows are
 * deleted and rewritten with the current generation.
 */
#include "kb/kb_internal.h"
#include "kb/jflat.h"
#include "chainwarden/log.h"
#include "util/error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const event_kinds[] = { "introduced", "fixed", "last_affected", "limit", NULL };

#define N(i) (d->nodes[(i)])
#define TYPE_IS(i, t) ((i) && N(i).type == (t))

bool cw__kb_osv_absent(const cw__kbj_doc *d, uint32_t v)
{
	return !v || N(v).type == CW_KBJ_NULL;
}

const char *cw__kb_osv_str(const cw__kbj_doc *d, uint32_t obj, const char *key)
{
	uint32_t v = cw__kbj_get(d, obj, key);
	return TYPE_IS(v, CW_KBJ_STRING) ? N(v).str : NULL;
}

/* absent, null or a string */
static bool opt_string(const cw__kbj_doc *d, uint32_t obj, const char *key)
{
	uint32_t v = cw__kbj_get(d, obj, key);
	return cw__kb_osv_absent(d, v) || N(v).type == CW_KBJ_STRING;
}

static bool opt_type(const cw__kbj_doc *d, uint32_t v, int type)
{
	return cw__kb_osv_absent(d, v) || N(v).type == type;
}

/* absent, null, or an array whose every item passes `ok` */
static bool array_of(const cw__kbj_doc *d, uint32_t v, bool (*ok)(const cw__kbj_doc *, uint32_t))
{
	if (cw__kb_osv_absent(d, v))
		return true;
	if (N(v).type != CW_KBJ_ARRAY)
		return false;
	for (uint32_t c = N(v).first; c; c = N(c).next)
		if (!ok(d, c))
			return false;
	return true;
}

static bool is_string(const cw__kbj_doc *d, uint32_t v)
{
	return N(v).type == CW_KBJ_STRING;
}

static bool string_array(const cw__kbj_doc *d, uint32_t v)
{
	return array_of(d, v, is_string);
}

static bool valid_id(const char *id)
{
	size_t n = strlen(id);
	if (n == 0 || n > 255)
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)id[i] <= ' ' || id[i] == 0x7f)
			return false;
	return true;
}

const char *cw__kb_osv_event_kind(const cw__kbj_doc *d, uint32_t ev, const char **value)
{
	uint32_t v;
	if (!TYPE_IS(ev, CW_KBJ_OBJECT) || N(ev).count != 1)
		return NULL;
	v = N(ev).first;
	for (size_t i = 0; event_kinds[i]; i++)
		if (strcmp(event_kinds[i], N(v).key) == 0 && N(v).type == CW_KBJ_STRING && N(v).len > 0) {
			*value = N(v).str;
			return event_kinds[i];
		}
	return NULL;
}

/* {type: string, score: string} */
static bool severity_item(const cw__kbj_doc *d, uint32_t s)
{
	return TYPE_IS(s, CW_KBJ_OBJECT) && TYPE_IS(cw__kbj_get(d, s, "type"), CW_KBJ_STRING) &&
	       TYPE_IS(cw__kbj_get(d, s, "score"), CW_KBJ_STRING);
}

static bool valid_severity(const cw__kbj_doc *d, uint32_t sev)
{
	return array_of(d, sev, severity_item);
}

/* The checks of one range; NULL when it is fine, else the reason. */
static const char *check_range(const cw__kbj_doc *d, uint32_t rg)
{
	uint32_t events;
	const char *value;
	if (!TYPE_IS(rg, CW_KBJ_OBJECT) || !TYPE_IS(cw__kbj_get(d, rg, "type"), CW_KBJ_STRING))
		return "a range is not an object with a string \"type\"";
	if (!opt_string(d, rg, "repo") || !opt_type(d, cw__kbj_get(d, rg, "database_specific"), CW_KBJ_OBJECT))
		return "a range's \"repo\" or \"database_specific\" has the wrong type";
	events = cw__kbj_get(d, rg, "events");
	if (!TYPE_IS(events, CW_KBJ_ARRAY) || N(events).count == 0)
		return "a range has no \"events\" array";
	for (uint32_t ev = N(events).first; ev; ev = N(ev).next)
		if (!cw__kb_osv_event_kind(d, ev, &value))
			return "a range event is not one of {introduced|fixed|last_affected|limit: non-empty string}";
	return NULL;
}

static const char *check_affected(const cw__kbj_doc *d, uint32_t a)
{
	uint32_t pkg = cw__kbj_get(d, a, "package"), ranges;
	const char *why;
	if (!TYPE_IS(a, CW_KBJ_OBJECT))
		return "an \"affected\" entry is not an object";
	if (!opt_type(d, pkg, CW_KBJ_OBJECT))
		return "\"affected[].package\" is not an object";
	if (TYPE_IS(pkg, CW_KBJ_OBJECT) &&
	    (!opt_string(d, pkg, "ecosystem") || !opt_string(d, pkg, "name") || !opt_string(d, pkg, "purl")))
		return "\"affected[].package\" member is not a string";
	if (!string_array(d, cw__kbj_get(d, a, "versions")))
		return "\"affected[].versions\" is not an array of strings";
	if (!valid_severity(d, cw__kbj_get(d, a, "severity")))
		return "\"affected[].severity\" is not an array of {type, score}";
	if (!opt_type(d, cw__kbj_get(d, a, "ecosystem_specific"), CW_KBJ_OBJECT) ||
	    !opt_type(d, cw__kbj_get(d, a, "database_specific"), CW_KBJ_OBJECT))
		return "\"affected[].*_specific\" is not an object";
	ranges = cw__kbj_get(d, a, "ranges");
	if (!opt_type(d, ranges, CW_KBJ_ARRAY))
		return "\"affected[].ranges\" is not an array";
	for (uint32_t rg = cw__kb_osv_items(d, ranges); rg; rg = N(rg).next)
		if ((why = check_range(d, rg)))
			return why;
	return NULL;
}

/* Everything the writer relies on; NULL when the record is fine, else the reason. */
static const char *check_record(const cw__kbj_doc *d)
{
	uint32_t id = cw__kbj_get(d, 0, "id"), v;
	const char *why;

	if (N(0).type != CW_KBJ_OBJECT)
		return "record is not a JSON object";
	if (!TYPE_IS(id, CW_KBJ_STRING))
		return "missing or non-string \"id\"";
	if (!valid_id(N(id).str))
		return "\"id\" is empty, too long or has spaces/control characters";
	if (!TYPE_IS(cw__kbj_get(d, 0, "modified"), CW_KBJ_STRING))
		return "missing or non-string \"modified\"";
	if (!opt_string(d, 0, "published") || !opt_string(d, 0, "withdrawn") ||
	    !opt_string(d, 0, "summary") || !opt_string(d, 0, "details") ||
	    !opt_string(d, 0, "schema_version"))
		return "a date or text member is not a string";
	if (!string_array(d, cw__kbj_get(d, 0, "aliases")) ||
	    !string_array(d, cw__kbj_get(d, 0, "related")) ||
	    !string_array(d, cw__kbj_get(d, 0, "upstream")))
		return "\"aliases\", \"related\" or \"upstream\" is not an array of strings";
	if (!valid_severity(d, cw__kbj_get(d, 0, "severity")))
		return "\"severity\" is not an array of {type, score}";
	v = cw__kbj_get(d, 0, "affected");
	if (!opt_type(d, v, CW_KBJ_ARRAY))
		return "\"affected\" is not an array";
	for (uint32_t a = cw__kb_osv_items(d, v); a; a = N(a).next)
		if ((why = check_affected(d, a)))
			return why;
	v = cw__kbj_get(d, 0, "references");
	if (!opt_type(d, v, CW_KBJ_ARRAY))
		return "\"references\" is not an array";
	for (uint32_t r = cw__kb_osv_items(d, v); r; r = N(r).next)
		if (!TYPE_IS(r, CW_KBJ_OBJECT) || !TYPE_IS(cw__kbj_get(d, r, "url"), CW_KBJ_STRING) ||
		    !opt_string(d, r, "type"))
			return "a reference is not an object with a string \"url\"";
	v = cw__kbj_get(d, 0, "credits");
	if (!opt_type(d, v, CW_KBJ_ARRAY))
		return "\"credits\" is not an array";
	for (uint32_t c = cw__kb_osv_items(d, v); c; c = N(c).next)
		if (!TYPE_IS(c, CW_KBJ_OBJECT) || !TYPE_IS(cw__kbj_get(d, c, "name"), CW_KBJ_STRING) ||
		    !opt_string(d, c, "type") || !string_array(d, cw__kbj_get(d, c, "contact")))
			return "a credit is not an object with a string \"name\"";
	return NULL;
}

uint32_t cw__kb_osv_items(const cw__kbj_doc *d, uint32_t v)
{
	return TYPE_IS(v, CW_KBJ_ARRAY) ? N(v).first : 0;
}

/* Read the record into b->jdoc: 0, 1 when it is malformed JSON (counted), or a fatal error. */
static int read_record(cw_kb_builder *b, const char *data, size_t len, const char *label,
                       json_t **dom)
{
	int error;
	if (!b->slow_json && (error = cw__kbj_parse(b->jdoc, data, len)) <= 0)
		return error;
	if (cw__json_parse(dom, data, len, label) < 0) {
		if (cw_error_last()->code == CW_ENOMEM)
			return CW_ENOMEM;
		return (error = cw__kb_malformed(b, label, cw_error_last()->message)) < 0 ? error : 1;
	}
	return cw__kbj_from_json(b->jdoc, *dom);
}

int cw__kb_osv_ingest(cw_kb_builder *b, const char *data, size_t len, const char *label)
{
	const cw__kbj_doc *d;
	json_t *dom = NULL;
	const char *why, *id;
	int error;

	b->src_records++;
	if (!b->jdoc && !(b->jdoc = calloc(1, sizeof(*b->jdoc))))
		return cw__error_oom();
	d = b->jdoc;
	if ((error = read_record(b, data, len, label, &dom)) != 0)
		goto done;
	if ((why = check_record(d))) {
		id = N(0).type == CW_KBJ_OBJECT ? cw__kb_osv_str(d, 0, "id") : NULL;
		error = cw__kb_malformed(b, id && *id ? id : label, why);
		goto done;
	}
	if (!dom)
		b->fast_records++;
	/* a fresh build rarely sees an id twice: write first, look up only on a clash */
	if (!b->incremental && (error = cw__kb_osv_write(b, data, len)) != CW__KB_OSV_EXISTS) {
		if (error == 0)
			b->stats.added++;
		goto done;
	}
	if ((error = cw__kb_osv_check_existing(b, cw__kb_osv_str(d, 0, "id"),
	                                       cw__kb_osv_str(d, 0, "modified"))) <= 0)
		goto done;
	error = cw__kb_osv_write(b, data, len);
done:
	json_decref(dom);
	return error < 0 ? error : 0;
}
