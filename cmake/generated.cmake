# Hook for modules that generate sources at build time (e.g. the compiled
# SPDX license list).  Each module adds a cmake/gen_<module>.cmake file.
file(GLOB CW_GEN_SCRIPTS CONFIGURE_DEPENDS "${CMAKE_SOURCE_DIR}/cmake/gen_*.cmake")
foreach(script IN LISTS CW_GEN_SCRIPTS)
  include("${script}")
endforeach()
