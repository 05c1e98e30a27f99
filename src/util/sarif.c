/* sarif.c - the skeleton of a SARIF 2.1.0 log (see sarif.h). */
#include "util/sarif.h"

void cw__sarif_begin(cw_jw *jw, const cw_jw_pair *driver, size_t count)
{
	cw__jw_object_begin(jw);
	cw__jw_member_string(jw, "$schema", "https://json.schemastore.org/sarif-2.1.0.json");
	cw__jw_member_string(jw, "version", "2.1.0");
	cw__jw_key_array(jw, "runs");
	cw__jw_object_begin(jw);
	cw__jw_key_object(jw, "tool");
	cw__jw_key_object(jw, "driver");
	cw__jw_members(jw, driver, count);
	cw__jw_key_array(jw, "rules");
}

void cw__sarif_rules_end(cw_jw *jw)
{
	cw__jw_array_end(jw);
	cw__jw_object_end(jw);
	cw__jw_object_end(jw);
}

void cw__sarif_end(cw_jw *jw)
{
	cw__jw_array_end(jw);
	cw__jw_object_end(jw);
	cw__jw_array_end(jw);
	cw__jw_object_end(jw);
}

void cw__sarif_text(cw_jw *jw, const char *key, const char *text)
{
	cw__jw_key_object(jw, key);
	cw__jw_member_string(jw, "text", text);
	cw__jw_object_end(jw);
}

void cw__sarif_location_begin(cw_jw *jw)
{
	cw__jw_key_array(jw, "locations");
	cw__jw_object_begin(jw);
	cw__jw_key_object(jw, "physicalLocation");
	cw__jw_key_object(jw, "artifactLocation");
}

void cw__sarif_location_end(cw_jw *jw, size_t line)
{
	cw__jw_object_end(jw);
	if (line > 0) {
		cw__jw_key_object(jw, "region");
		cw__jw_member_int(jw, "startLine", (int64_t)line);
		cw__jw_object_end(jw);
	}
	cw__jw_object_end(jw);
	cw__jw_object_end(jw);
	cw__jw_array_end(jw);
}
