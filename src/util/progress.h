/*
 * progress.h - a progress bar on stderr for long work.
 *
 * Drawn only when stderr is a terminal, the log level is at least warnings,
 * and neither CI nor NO_PROGRESS is set in the environment: pipes and CI logs
 * stay clean.  Redraws are throttled to ~10 per second.
 */
#ifndef CW_UTIL_PROGRESS_H
#define CW_UTIL_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
	const char *label;
	uint64_t total;      /* 0 = unknown (a counter is shown) */
	uint64_t done;
	uint64_t last_draw_ms;
	bool enabled;
} cw_progress;

void cw__progress_start(cw_progress *p, const char *label, uint64_t total);
void cw__progress_update(cw_progress *p, uint64_t done);
void cw__progress_finish(cw_progress *p);

/** Whether a bar would be drawn (for tests and callers that print instead). */
bool cw__progress_enabled(void);

#endif
