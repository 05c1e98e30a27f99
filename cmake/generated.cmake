# Hook for modules that generate sources at build time (e.g. the compiled
# SPDX license list).  Each module adds a cmake/gen_<module>.cmake file.

# A text as a C string literal, for the gen_*.cmake scripts: backslash and
# quote escaped, and every '?' too when the text holds "??" (a trigraph
# start in ISO C).
function(_cw_c_string out text)
  string(REPLACE "\\" "\\\\" text "${text}")
  string(REPLACE "\"" "\\\"" text "${text}")
  if(text MATCHES "\\?\\?")
    string(REPLACE "?" "\\?" text "${text}")
  endif()
  set(${out} "\"${text}\"" PARENT_SCOPE)
endfunction()

file(GLOB CW_GEN_SCRIPTS CONFIGURE_DEPENDS "${CMAKE_SOURCE_DIR}/cmake/gen_*.cmake")
foreach(script IN LISTS CW_GEN_SCRIPTS)
  include("${script}")
endforeach()
