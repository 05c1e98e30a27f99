/*
 * sarif.h - the skeleton of a SARIF 2.1.0 log
 * (https://docs.oasis-open.org/sarif/sarif/v2.1.0/) on a cw_jw writer,
 * shared by the reports that write one (scan, policy): one run, its
 * tool's rules, its results, and a result's physical location.
 *
 *   cw__sarif_begin(jw, driver, n);   ... rule objects ...
 *   cw__sarif_rules_end(jw);          ... run members (originalUriBaseIds) ...
 *   cw__jw_key_array(jw, "results");  ... result objects ...
 *   cw__sarif_end(jw);
 */
#ifndef CW_UTIL_SARIF_H
#define CW_UTIL_SARIF_H

#include "util/json.h"

/** `{"$schema", "version": "2.1.0", "runs": [{"tool": {"driver": {` the
 *  members of `driver` (NULL values left out) `, "rules": [`. */
void cw__sarif_begin(cw_jw *jw, const cw_jw_pair *driver, size_t count);

/** Ends the rules, the driver and the tool. */
void cw__sarif_rules_end(cw_jw *jw);

/** Ends the results, the run, the runs and the log. */
void cw__sarif_end(cw_jw *jw);

/** `"key": {"text": text}` (a message, a shortDescription, a help). */
void cw__sarif_text(cw_jw *jw, const char *key, const char *text);

/** `"locations": [{"physicalLocation": {"artifactLocation": {`: the
 *  caller writes the artifact's members, then cw__sarif_location_end(). */
void cw__sarif_location_begin(cw_jw *jw);

/** Ends the artifactLocation, with `"region": {"startLine": line}` when
 *  line > 0, and the location. */
void cw__sarif_location_end(cw_jw *jw, size_t line);

#endif
