/* progress.c - TTY-only progress bar (see progress.h). */
#include "util/progress.h"
#include "chainwarden/log.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

bool cw__progress_enabled(void)
{
	return isatty(STDERR_FILENO) && !getenv("CI") && !getenv("NO_PROGRESS") &&
	       cw_log_get_level() >= CW_LOG_WARN;
}

static uint64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static void draw(const cw_progress *p)
{
	enum { WIDTH = 30 };
	if (p->total) {
		uint64_t shown = p->done > p->total ? p->total : p->done;
		int filled = (int)(shown * WIDTH / p->total);
		fprintf(stderr, "\r%s [%.*s%*s] %3d%% (%llu/%llu)", p->label, filled,
		        "##############################", WIDTH - filled, "",
		        (int)(shown * 100 / p->total), (unsigned long long)shown,
		        (unsigned long long)p->total);
	} else {
		fprintf(stderr, "\r%s %llu", p->label, (unsigned long long)p->done);
	}
	fflush(stderr);
}

void cw__progress_start(cw_progress *p, const char *label, uint64_t total)
{
	p->label = label;
	p->total = total;
	p->done = 0;
	p->last_draw_ms = 0;
	p->enabled = cw__progress_enabled();
}

void cw__progress_update(cw_progress *p, uint64_t done)
{
	uint64_t t;
	p->done = done;
	if (!p->enabled)
		return;
	t = now_ms();
	if (t - p->last_draw_ms < 100)
		return;
	p->last_draw_ms = t;
	draw(p);
}

void cw__progress_finish(cw_progress *p)
{
	if (!p->enabled)
		return;
	draw(p);
	fputs("\r\033[K", stderr);
	fflush(stderr);
}
