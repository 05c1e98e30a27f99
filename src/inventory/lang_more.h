/*
 * inventory/lang_more.h - extractors of the non-npm language ecosystems handled
 * together (Java, Ruby, PHP, .NET, Dart, Elixir/Erlang, Swift, C/C++, R) and
 * the small helpers they share (lang_more.c; the Python, Go and Rust
 * extractors have theirs in lang.h): the root component of a
 * file, positions of JSON members for DOM-based extractors, line cursors.
 */
#ifndef CW_INVENTORY_LANG_MORE_H
#define CW_INVENTORY_LANG_MORE_H

#include "inventory/inventory.h"
#include "inventory/xml_tree.h"
#include "util/json.h"

/* Java */
cw__extract_func cw__extract_gradle_lock, cw__extract_gradle_verification, cw__extract_gradle_catalog,
                 cw__extract_pom_xml;
/* Ruby, PHP */
cw__extract_func cw__extract_gemfile_lock, cw__extract_composer_lock;
/* .NET */
cw__extract_func cw__extract_nuget_lock, cw__extract_csproj, cw__extract_packages_config;
/* Dart, Elixir/Erlang, Swift, C/C++, R */
cw__extract_func cw__extract_pubspec_lock, cw__extract_mix_lock, cw__extract_swift_resolved,
                 cw__extract_conan_lock, cw__extract_vcpkg_json, cw__extract_renv_lock;

/*
 * The root component of a file: `name` (else the directory's base name) of
 * `ecosystem`; when that ecosystem's purl cannot be built without more
 * (maven needs a group, swift a version) the root is a "generic" one.
 */
int cw__lang_root_or_generic(cw__inv_source *src, const char *ecosystem, cw_slice name,
                             cw_slice version, size_t line, size_t *out);

/*
 * Forward search for source lines in a file read as a DOM: entries come in
 * file order, so a cursor that only moves forward finds each entry's
 * `"key"` (or any needle) after the previous one, counting lines as it goes.
 */
typedef struct {
	const cw__inv_source *src;
	size_t pos;
	size_t line;
} cw__line_cursor;

void cw__line_cursor_init(cw__line_cursor *c, const cw__inv_source *src);
/* Line of the next occurrence of `needle` (moving there), or 0 if none. */
size_t cw__line_cursor_find(cw__line_cursor *c, const char *needle, size_t len);
/* Same for the JSON string "needle" (quoted, as written without escapes). */
size_t cw__line_cursor_find_json(cw__line_cursor *c, const char *str);

/* Line of the next member `"key": {` (an object-valued member), or 0. */
size_t cw__line_cursor_find_object_key(cw__line_cursor *c, const char *key);

/* Line of the next member `"key": "value"` (whitespace allowed), or 0. */
size_t cw__line_cursor_find_member(cw__line_cursor *c, const char *key, const char *value);

/* True when `rel` (relative to src's directory) is a regular file. */
bool cw__lang_sibling_exists(const cw__inv_source *src, const char *rel);

/* Parse src's data as JSON with file:line:col errors. */
int cw__lang_json(cw__inv_source *src, cw_json **out);

/* Parse src's data as a JSON object into *doc (free it with cw__json_free,
 * also after an error); with `member`, *out gets that member, which must be
 * an object too.  Else CW_EINVALID "expected an object [with "member"]". */
int cw__lang_json_object(cw__inv_source *src, cw_json **doc, const char *member, json_t **out);
/* The check of cw__lang_json_object on a parsed `doc`. */
int cw__lang_json_expect_object(const cw__inv_source *src, json_t *doc, const char *member, json_t **out);

/* Parse src's data as JSON and hand the document, with a line cursor at the
 * start of the file, to `read`; the document is freed after. */
typedef int (*cw__lang_json_fn)(cw__inv_source *src, json_t *doc, cw__line_cursor *cur);
int cw__lang_json_read(cw__inv_source *src, cw__lang_json_fn read);

/* The root element of an XML `doc` must be `name`: else CW_EINVALID
 * "expected <name>, got <other>". */
int cw__lang_xml_expect(const cw__inv_source *src, const cw_xnode *doc, const char *name);
/* Parse src's data as XML (in the inventory's arena). */
int cw__lang_xml(cw__inv_source *src, cw_xnode **doc);
/* The same, and check its root element. */
int cw__lang_xml_root(cw__inv_source *src, const char *name, cw_xnode **doc);

/* The root of a file that names no project (named after its directory). */
int cw__lang_file_root(cw__inv_source *src, const char *ecosystem, size_t *out);

/* Case-insensitive names (NuGet ids, Composer names) -> component index:
 * the key is a lower-cased copy in `arena`; a later put replaces. */
int cw__lang_ci_put(cw_map *m, cw_arena *arena, const char *name, size_t idx);
/* SIZE_MAX when absent (or 512 bytes and longer). */
size_t cw__lang_ci_get(const cw_map *m, const char *name);

/* "sha256" hex digest into the SRI form cw__comp_spec.integrity takes
 * ("sha256-BASE64"), in the arena; empty slice when `hex` is not hex of
 * the right length. */
cw_slice cw__lang_hex_sri(cw_arena *arena, const char *algo, const char *hex, size_t len);

/* memmem(3) without _GNU_SOURCE. */
const char *cw__lang_find(const char *hay, size_t n, const char *needle, size_t len);

/* Lines of a text file: *line gets the next one (without "\n" / "\r\n"). */
typedef struct {
	const char *data;
	size_t len, pos;
	size_t number;    /* 1-based number of the line last returned */
} cw__lines;

void cw__lines_init(cw__lines *l, const char *data, size_t len);
bool cw__lines_next(cw__lines *l, cw_slice *line);

#endif
