# Warning flags for project code (not for third-party headers).
set(CW_WARNING_FLAGS -Wall -Wextra -Wshadow -Wstrict-prototypes
    -Wmissing-prototypes -Wpointer-arith -Wformat=2 -Wvla
    -Wno-unused-parameter)
if(CMAKE_C_COMPILER_ID STREQUAL "GNU")
  # Error messages are truncated on purpose at CW_ERROR_MESSAGE_MAX (clang
  # has no such warning, and -Werror makes it fail on the unknown flag).
  list(APPEND CW_WARNING_FLAGS -Wno-format-truncation)
endif()
if(CW_WERROR)
  list(APPEND CW_WARNING_FLAGS -Werror)
endif()
