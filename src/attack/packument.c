/*
 * packument.c - publish times from npm registry metadata.
 *
 * A packument is the registry's JSON document for one package name
 * (https://github.com/npm/registry/blob/main/docs/REGISTRY-API.md); its
 * "time" object maps each published version (and "created", "modified")
 * to an ISO 8601 UTC timestamp such as "2024-05-01T12:34:56.789Z".  The
 * fresh-version quarantine asks it when a locked version was published.
 * Timestamps are read strictly: YYYY-MM-DDThh:mm:ss, an optional fraction,
 * then "Z" or an offset "+hh:mm" / "-hh:mm"; anything else is an error
 * naming the version, never a guess.
 */
#include "chainwarden/attack.h"

#include <stdio.h>
#include <string.h>

#include "util/error.h"
#include "util/json.h"
#include "util/str.h"

static bool digits(const char *s, size_t n, unsigned *out)
{
	unsigned v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (unsigned)(s[i] - '0');
	}
	*out = v;
	return true;
}

int cw_iso8601_parse(int64_t *out, const char *s, size_t len)
{
	static const unsigned mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	unsigned y, mo, d, h, mi, sec, oh = 0, om = 0;
	size_t i = 19;
	int64_t t, sign = 0;

	*out = 0;
	if (len < 20 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') ||
	    s[13] != ':' || s[16] != ':' || !digits(s, 4, &y) || !digits(s + 5, 2, &mo) ||
	    !digits(s + 8, 2, &d) || !digits(s + 11, 2, &h) || !digits(s + 14, 2, &mi) ||
	    !digits(s + 17, 2, &sec))
		goto bad;
	if (mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] || h > 23 || mi > 59 || sec > 60)
		goto bad;
	if (mo == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
		goto bad;
	if (s[i] == '.') {
		size_t start = ++i;
		while (i < len && s[i] >= '0' && s[i] <= '9')
			i++;
		if (i == start)
			goto bad;
	}
	if (i < len && (s[i] == 'Z' || s[i] == 'z')) {
		i++;
	} else if (i + 6 <= len && (s[i] == '+' || s[i] == '-') && s[i + 3] == ':' &&
	           digits(s + i + 1, 2, &oh) && digits(s + i + 4, 2, &om) && oh < 24 && om < 60) {
		sign = s[i] == '+' ? 1 : -1;
		i += 6;
	} else {
		goto bad;
	}
	if (i != len)
		goto bad;
	t = cw__days_from_civil(y, mo, d) * 86400 + (int64_t)h * 3600 + (int64_t)mi * 60 + sec;
	*out = t - sign * ((int64_t)oh * 3600 + (int64_t)om * 60);
	return 0;
bad:
	return cw__error_set(CW_EINVALID, "'%.*s' is not an ISO 8601 UTC time (YYYY-MM-DDThh:mm:ss[.fff]Z)",
	                     (int)(len > 64 ? 64 : len), s);
}

int cw_packument_publish_time(int64_t *out, const char *data, size_t len, const char *name,
                              const char *version)
{
	json_t *doc = NULL, *time, *v;
	int error;

	*out = 0;
	if ((error = cw__json_parse(&doc, data, len, name)) < 0)
		return error;
	time = json_object_get(doc, "time");
	if (!json_is_object(doc)) {
		error = cw__error_set(CW_EINVALID, "%s: a packument is a JSON object", name ? name : "packument");
	} else if (time && !json_is_object(time)) {
		error = cw__error_set(CW_EINVALID, "%s: \"time\" is not an object", name ? name : "packument");
	} else if (!(v = json_object_get(time, version))) {
		error = cw__error_set(CW_ENOTFOUND, "%s: no publish time for version %s", name ? name : "packument",
		                      version);
	} else if (!json_is_string(v)) {
		error = cw__error_set(CW_EINVALID, "%s: the time of version %s is not a string",
		                      name ? name : "packument", version);
	} else if ((error = cw_iso8601_parse(out, json_string_value(v), json_string_length(v))) < 0) {
		char why[160];
		snprintf(why, sizeof(why), "%s", cw_error_last()->message);
		error = cw__error_set(CW_EINVALID, "%s: version %s: %s", name ? name : "packument", version, why);
	}
	json_decref(doc);
	return error;
}
