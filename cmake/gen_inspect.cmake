# Compiles the default `chainwarden inspect` rule file (data/inspect-rules.yaml)
# into the library as a byte array (cw__inspect_rules_yaml), at configure
# time; `--rules FILE` overrides it at run time.
set(_inspect_rules "${CMAKE_SOURCE_DIR}/data/inspect-rules.yaml")
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${_inspect_rules}")
file(READ "${_inspect_rules}" _hex HEX)
string(LENGTH "${_hex}" _hexlen)
math(EXPR _len "${_hexlen} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," _bytes "${_hex}")
string(REGEX REPLACE "((0x..,){16})" "\\1\n\t" _bytes "${_bytes}")
file(CONFIGURE OUTPUT "${CMAKE_BINARY_DIR}/generated/inspect_rules_data.c" CONTENT
"/* Generated from data/inspect-rules.yaml by cmake/gen_inspect.cmake: do not edit. */
#include <stddef.h>
extern const unsigned char cw__inspect_rules_yaml[];
extern const size_t cw__inspect_rules_yaml_len;
const unsigned char cw__inspect_rules_yaml[] = {
\t@_bytes@0x00
};
const size_t cw__inspect_rules_yaml_len = @_len@;
" @ONLY)
target_sources(chainwarden PRIVATE "${CMAKE_BINARY_DIR}/generated/inspect_rules_data.c")
