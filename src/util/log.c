/* log.c - leveled logging with a replaceable sink. */
#include "chainwarden/log.h"

#include <stdarg.h>
#include <stdio.h>

static cw_log_level current_level = CW_LOG_WARN;
static cw_log_handler current_handler;
static void *current_ctx;

void cw_log_set_level(cw_log_level level)
{
	current_level = level;
}

cw_log_level cw_log_get_level(void)
{
	return current_level;
}

void cw_log_set_handler(cw_log_handler handler, void *ctx)
{
	current_handler = handler;
	current_ctx = ctx;
}

static const char *level_name(cw_log_level level)
{
	static const char *const names[] = { "error", "warning", "info", "debug", "trace" };
	return (unsigned)level < sizeof(names) / sizeof(names[0]) ? names[level] : "log";
}

void cw_log(cw_log_level level, const char *fmt, ...)
{
	char message[2048];
	va_list ap;
	if (level > current_level)
		return;
	va_start(ap, fmt);
	vsnprintf(message, sizeof(message), fmt, ap);
	va_end(ap);
	if (current_handler) {
		current_handler(level, message, current_ctx);
		return;
	}
	fprintf(stderr, "chainwarden: %s: %s\n", level_name(level), message);
}
