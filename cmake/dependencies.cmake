# Debian packages only (scripts/setup installs them).
find_package(PkgConfig REQUIRED)
pkg_check_modules(JANSSON REQUIRED IMPORTED_TARGET jansson)
pkg_check_modules(SQLITE3 REQUIRED IMPORTED_TARGET sqlite3)
pkg_check_modules(LIBARCHIVE REQUIRED IMPORTED_TARGET libarchive)
pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium)
pkg_check_modules(YAML REQUIRED IMPORTED_TARGET yaml-0.1)
pkg_check_modules(ZLIB REQUIRED IMPORTED_TARGET zlib)
pkg_check_modules(ZSTD REQUIRED IMPORTED_TARGET libzstd)
pkg_check_modules(CURL REQUIRED IMPORTED_TARGET libcurl)
pkg_check_modules(PCRE2 REQUIRED IMPORTED_TARGET libpcre2-8)
pkg_check_modules(LIBGIT2 REQUIRED IMPORTED_TARGET libgit2)
pkg_check_modules(EXPAT REQUIRED IMPORTED_TARGET expat)
pkg_check_modules(LIBDEFLATE REQUIRED IMPORTED_TARGET libdeflate)
find_package(Threads REQUIRED)
set(CW_DEPENDENCY_LIBS Threads::Threads PkgConfig::JANSSON PkgConfig::SQLITE3
    PkgConfig::SODIUM PkgConfig::YAML PkgConfig::ZLIB PkgConfig::ZSTD
    PkgConfig::PCRE2 PkgConfig::EXPAT PkgConfig::LIBDEFLATE ${CMAKE_DL_LIBS})

# libcurl, libarchive and libgit2 are opened with dlopen when first needed
# (src/util/dynlib.h): the library is compiled against their headers and
# told their sonames, but the binary does not link them.  Tests that call
# them directly link CW_LAZY_LIBS.
set(CW_LAZY_LIBS PkgConfig::CURL PkgConfig::LIBARCHIVE PkgConfig::LIBGIT2)
set(CW_LAZY_INCLUDE_DIRS ${CURL_INCLUDE_DIRS} ${LIBARCHIVE_INCLUDE_DIRS} ${LIBGIT2_INCLUDE_DIRS})
function(cw_soname prefix out)
  find_library(_cw_lib_${prefix} NAMES ${${prefix}_LIBRARIES} HINTS ${${prefix}_LIBRARY_DIRS})
  execute_process(COMMAND ${CMAKE_OBJDUMP} -p ${_cw_lib_${prefix}} OUTPUT_VARIABLE dump
                  RESULT_VARIABLE rc)
  string(REGEX MATCH "SONAME +([^ \n]+)" matched "${dump}")
  if(NOT rc EQUAL 0 OR NOT CMAKE_MATCH_1)
    message(FATAL_ERROR "cannot read the soname of ${_cw_lib_${prefix}}")
  endif()
  set(${out} "${CMAKE_MATCH_1}" PARENT_SCOPE)
endfunction()
cw_soname(CURL CW_SONAME_CURL)
cw_soname(LIBARCHIVE CW_SONAME_ARCHIVE)
cw_soname(LIBGIT2 CW_SONAME_GIT2)
