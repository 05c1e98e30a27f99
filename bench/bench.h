/*
 * bench.h - what the benchmarks share: reading a clock in seconds.
 */
#ifndef CW_BENCH_H
#define CW_BENCH_H

#include <time.h>

/* CLOCK_MONOTONIC for wall time; CLOCK_PROCESS_CPUTIME_ID (or the thread's)
 * for CPU time, which other load on a shared machine does not inflate. */
static inline double cw_bench_clock(clockid_t id)
{
	struct timespec ts;
	clock_gettime(id, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

#endif
