# Compiles the table of project file formats (data/extractors.tsv: base-name
# pattern, description, extractor function, manifest flag) into the C table
# cw__extractors[] at configure time, rows in file order (the first matching
# row wins).  Every row is checked; a bad one stops the configure with
# "data/extractors.tsv:LINE: what is wrong".
set(_cw_inv_tsv "${CMAKE_SOURCE_DIR}/data/extractors.tsv")
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${_cw_inv_tsv}")

set(_cw_inv_out "/* Generated from data/extractors.tsv by cmake/gen_inventory.cmake: do not edit. */\n")
string(APPEND _cw_inv_out "#include \"inventory/inventory.h\"\n#include \"inventory/lang_more.h\"\n\n")
string(APPEND _cw_inv_out "const cw__extractor cw__extractors[] = {\n")

# Lines are cut by hand rather than with file(STRINGS): that would drop
# blank lines (so the line numbers in errors would drift) and read ';' and
# '[' in a pattern as list syntax.
file(READ "${_cw_inv_tsv}" _cw_inv_rest)
string(LENGTH "${_cw_inv_rest}" _cw_inv_left)
set(_cw_inv_lineno 0)
set(_cw_inv_count 0)
set(_cw_inv_seen "\n")
while(_cw_inv_left GREATER 0)
  math(EXPR _cw_inv_lineno "${_cw_inv_lineno} + 1")
  set(_cw_inv_where "${_cw_inv_tsv}:${_cw_inv_lineno}")
  string(FIND "${_cw_inv_rest}" "\n" _cw_inv_nl)
  if(_cw_inv_nl EQUAL -1)
    set(_cw_inv_line "${_cw_inv_rest}")
    set(_cw_inv_rest "")
  else()
    string(SUBSTRING "${_cw_inv_rest}" 0 ${_cw_inv_nl} _cw_inv_line)
    math(EXPR _cw_inv_nl "${_cw_inv_nl} + 1")
    string(SUBSTRING "${_cw_inv_rest}" ${_cw_inv_nl} -1 _cw_inv_rest)
  endif()
  string(LENGTH "${_cw_inv_rest}" _cw_inv_left)

  if(_cw_inv_line STREQUAL "" OR _cw_inv_line MATCHES "^#")
    continue()
  endif()
  string(REGEX MATCHALL "\t" _cw_inv_tabs "${_cw_inv_line}")
  list(LENGTH _cw_inv_tabs _cw_inv_columns)
  math(EXPR _cw_inv_columns "${_cw_inv_columns} + 1")
  if(NOT _cw_inv_columns EQUAL 4)
    message(FATAL_ERROR "${_cw_inv_where}: ${_cw_inv_columns} tab-separated columns, expected 4 "
                        "(PATTERN DESCRIPTION EXTRACTOR MANIFEST)")
  endif()
  string(REGEX MATCH "^([^\t]*)\t([^\t]*)\t([^\t]*)\t([^\t]*)$" _cw_inv_ignored "${_cw_inv_line}")
  set(_cw_inv_pattern "${CMAKE_MATCH_1}")
  set(_cw_inv_desc "${CMAKE_MATCH_2}")
  set(_cw_inv_func "${CMAKE_MATCH_3}")
  set(_cw_inv_manifest "${CMAKE_MATCH_4}")
  if(_cw_inv_pattern STREQUAL "")
    message(FATAL_ERROR "${_cw_inv_where}: empty PATTERN")
  endif()
  if(_cw_inv_desc STREQUAL "")
    message(FATAL_ERROR "${_cw_inv_where}: empty DESCRIPTION")
  endif()
  if(NOT _cw_inv_func MATCHES "^[A-Za-z_][A-Za-z0-9_]*$")
    message(FATAL_ERROR "${_cw_inv_where}: EXTRACTOR '${_cw_inv_func}' is not a C identifier")
  endif()
  if(NOT _cw_inv_manifest STREQUAL "true" AND NOT _cw_inv_manifest STREQUAL "false")
    message(FATAL_ERROR "${_cw_inv_where}: MANIFEST '${_cw_inv_manifest}', expected true or false")
  endif()
  # The same pattern twice: the second row could never match.
  string(FIND "${_cw_inv_seen}" "\n${_cw_inv_pattern}\n" _cw_inv_dup)
  if(NOT _cw_inv_dup EQUAL -1)
    message(FATAL_ERROR "${_cw_inv_where}: PATTERN '${_cw_inv_pattern}' already has a row above")
  endif()
  string(APPEND _cw_inv_seen "${_cw_inv_pattern}\n")

  _cw_c_string(_cw_inv_cpattern "${_cw_inv_pattern}")
  _cw_c_string(_cw_inv_cdesc "${_cw_inv_desc}")
  string(APPEND _cw_inv_out
         "\t{ ${_cw_inv_cpattern}, ${_cw_inv_cdesc}, ${_cw_inv_func}, ${_cw_inv_manifest} },\n")
  math(EXPR _cw_inv_count "${_cw_inv_count} + 1")
endwhile()
if(_cw_inv_count EQUAL 0)
  message(FATAL_ERROR "${_cw_inv_tsv}: no rows")
endif()
string(APPEND _cw_inv_out "};\nconst size_t cw__extractor_count = sizeof(cw__extractors) / sizeof(cw__extractors[0]);\n")

# The text goes in through one @-variable so that an '@' in a row is not
# read as a substitution; file(CONFIGURE) rewrites the file only on change.
file(CONFIGURE OUTPUT "${CMAKE_BINARY_DIR}/generated/inventory_extractors.c"
     CONTENT "@_cw_inv_out@" @ONLY)
target_sources(chainwarden PRIVATE "${CMAKE_BINARY_DIR}/generated/inventory_extractors.c")
