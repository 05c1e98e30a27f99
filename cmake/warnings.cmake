# Warning flags for project code (not for third-party headers).
set(CW_WARNING_FLAGS -Wall -Wextra -Wshadow -Wstrict-prototypes
    -Wmissing-prototypes -Wpointer-arith -Wformat=2 -Wvla
    -Wno-unused-parameter
    # Error messages are truncated on purpose at CW_ERROR_MESSAGE_MAX.
    -Wno-format-truncation)
if(CW_WERROR)
  list(APPEND CW_WARNING_FLAGS -Werror)
endif()
