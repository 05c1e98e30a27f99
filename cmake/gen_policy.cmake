# Compiles the default policy (data/policy/default.yaml) into the library
# as a C string at configure time (cw_policy_default_text()).
set(_policy_default "${CMAKE_SOURCE_DIR}/data/policy/default.yaml")
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${_policy_default}")
file(READ "${_policy_default}" _text)
string(REPLACE "\\" "\\\\" _text "${_text}")
string(REPLACE "\"" "\\\"" _text "${_text}")
string(REPLACE "\n" "\\n\"\n\t\"" _text "${_text}")
set(_out "/* Generated from data/policy/default.yaml by cmake/gen_policy.cmake: do not edit. */\n")
string(APPEND _out "extern const char cw__policy_default_yaml[];\n")
string(APPEND _out "const char cw__policy_default_yaml[] =\n\t\"${_text}\";\n")
file(CONFIGURE OUTPUT "${CMAKE_BINARY_DIR}/generated/policy_default.c" CONTENT "${_out}" @ONLY)
target_sources(chainwarden PRIVATE "${CMAKE_BINARY_DIR}/generated/policy_default.c")
