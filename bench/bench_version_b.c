/*
 * bench_version_b.c - speed of the pep440, maven, gem, dpkg, rpm and apk
 * version schemes, and a batch driver for the differential tests.
 *
 *   bench_version_b [SCHEME...]   compare/s on pre-parsed versions and
 *                                 parse+compare/s, per scheme, on the
 *                                 versions read from stdin (one a line),
 *                                 or a built-in sample when stdin is a tty
 *   bench_version_b --batch       read tab-separated requests from stdin:
 *       c SCHEME A B              -> -1 | 0 | 1       (compare)
 *       s SCHEME RANGE VERSION    -> 1 | 0            (satisfies)
 *       p SCHEME V                -> ok               (parse)
 *     and print one answer a line, or "E <message>" when A, B, V or RANGE
 *     does not parse.  tests/e2e/version_b_*.py drive it.
 */
#include "version/scheme.h"
#include "chainwarden/common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "bench.h"

#define WEAK(name) extern const cw_version_scheme cw__scheme_##name __attribute__((weak))
extern const cw_version_scheme cw__scheme_pep440;
extern const cw_version_scheme cw__scheme_maven;
extern const cw_version_scheme cw__scheme_gem;
extern const cw_version_scheme cw__scheme_dpkg;
extern const cw_version_scheme cw__scheme_rpm;
extern const cw_version_scheme cw__scheme_apk;

static const cw_version_scheme *scheme_named(const char *name)
{
	const cw_version_scheme *all[] = {
		&cw__scheme_pep440, &cw__scheme_maven, &cw__scheme_gem,
		&cw__scheme_dpkg, &cw__scheme_rpm, &cw__scheme_apk,
	};
	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
		if (all[i] && strcmp(all[i]->name, name) == 0)
			return all[i];
	}
	return NULL;
}

static void print_error(void)
{
	const char *m = cw_error_last()->message;
	fputs("E ", stdout);
	for (; *m; m++)
		putchar(*m == '\n' ? ' ' : *m);
	putchar('\n');
}

static void batch_line(char *line)
{
	char *fields[4] = { 0 };
	size_t n = 0;
	const cw_version_scheme *scheme;
	void *a = NULL, *b = NULL;

	for (char *p = line; n < 4; n++) {
		fields[n] = p;
		if (!(p = strchr(p, '\t'))) {
			n++;
			break;
		}
		*p++ = '\0';
	}
	if (n < 3 || !(scheme = scheme_named(fields[1]))) {
		printf("E bad request\n");
		return;
	}
	switch (fields[0][0]) {
	case 'p':
		if (scheme->parse(&a, fields[2], strlen(fields[2])) < 0)
			print_error();
		else
			printf("ok\n");
		scheme->free_version(a);
		return;
	case 'c':
		if (n < 4) break;
		if (scheme->parse(&a, fields[2], strlen(fields[2])) < 0 ||
		    scheme->parse(&b, fields[3], strlen(fields[3])) < 0) {
			print_error();
		} else {
			int c = scheme->compare(a, b);
			printf("%d\n", c < 0 ? -1 : c > 0);
		}
		if (a) scheme->free_version(a);
		if (b) scheme->free_version(b);
		return;
	case 's':
		if (n < 4) break;
		if (scheme->parse_range(&a, fields[2], strlen(fields[2])) < 0 ||
		    scheme->parse(&b, fields[3], strlen(fields[3])) < 0)
			print_error();
		else
			printf("%d\n", scheme->satisfies(a, b) ? 1 : 0);
		if (a) scheme->free_range(a);
		if (b) scheme->free_version(b);
		return;
	default:
		break;
	}
	printf("E bad request\n");
}

static int run_batch(void)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	while ((len = getline(&line, &cap, stdin)) > 0) {
		if (line[len - 1] == '\n')
			line[--len] = '\0';
		batch_line(line);
	}
	free(line);
	return 0;
}

static double now(void)
{
	return cw_bench_clock(CLOCK_MONOTONIC);
}

static const char *const samples[][8] = {
	{ "pep440", "1.0", "1.0.post1", "2.0rc1", "1!1.0", "1.0.dev3", "1.2.3+local.7", "0.9" },
	{ "maven", "1.0", "1.0-SNAPSHOT", "2.0.0.RELEASE", "1.0-alpha-1", "3.8.7", "1.0.sp1", "0.9" },
	{ "gem", "1.0", "1.0.a", "2.0.0.rc1", "1.2.3", "3.0.0.beta.2", "1.0.1", "0.9" },
	{ "dpkg", "1:2.3-4", "2.3~rc1-1", "1.0+dfsg-2ubuntu1", "5.36-1", "0.9-1", "2.3-4", "1.0" },
	{ "rpm", "1:2.3-4.el9", "2.3~rc1-1", "1.0^git1-2", "5.36-1.fc38", "0.9-1", "2.3-4", "1.0" },
	{ "apk", "1.2.3-r0", "1.2.3_rc1-r1", "2.0_p1-r2", "1.0a-r0", "3.1.4", "1.2.3~abc1-r0", "0.9" },
};

static void bench(const cw_version_scheme *scheme, char **texts, size_t n)
{
	void **parsed = calloc(n, sizeof(*parsed));
	size_t ok = 0, rounds, total = 0;
	volatile long sink = 0;
	double t0, t1;

	for (size_t i = 0; i < n; i++) {
		if (scheme->parse(&parsed[ok], texts[i], strlen(texts[i])) == 0)
			ok++;
	}
	if (ok < 2) {
		printf("%-7s too few valid versions\n", scheme->name);
		goto done;
	}
	rounds = 20000000 / ok + 1;
	t0 = now();
	for (size_t r = 0; r < rounds; r++)
		for (size_t i = 0; i < ok; i++)
			sink += scheme->compare(parsed[i], parsed[(i + r + 1) % ok]);
	t1 = now();
	total = rounds * ok;
	printf("%-7s compare (parsed):  %7.2f M/s  (%zu versions)\n", scheme->name,
	       (double)total / (t1 - t0) / 1e6, ok);
	total = 0;
	t0 = now();
	for (size_t r = 0; r < 2000000 / n + 1; r++) {
		for (size_t i = 0; i + 1 < n; i++) {
			void *a = NULL, *b = NULL;
			if (scheme->parse(&a, texts[i], strlen(texts[i])) == 0 &&
			    scheme->parse(&b, texts[i + 1], strlen(texts[i + 1])) == 0)
				sink += scheme->compare(a, b);
			if (a) scheme->free_version(a);
			if (b) scheme->free_version(b);
			total++;
		}
	}
	t1 = now();
	printf("%-7s parse+compare:     %7.2f M/s\n", scheme->name,
	       (double)total / (t1 - t0) / 1e6);
done:
	for (size_t i = 0; i < ok; i++)
		scheme->free_version(parsed[i]);
	free(parsed);
	(void)sink;
}

int main(int argc, char **argv)
{
	char *line = NULL, **texts = NULL;
	size_t cap = 0, n = 0, tcap = 0;
	ssize_t len;

	if (argc > 1 && strcmp(argv[1], "--batch") == 0)
		return run_batch();
	if (!isatty(0)) {
		while ((len = getline(&line, &cap, stdin)) > 0) {
			if (line[len - 1] == '\n')
				line[--len] = '\0';
			if (n == tcap) {
				tcap = tcap ? tcap * 2 : 1024;
				texts = realloc(texts, tcap * sizeof(*texts));
			}
			texts[n++] = strdup(line);
		}
		free(line);
	}
	for (size_t s = 0; s < sizeof(samples) / sizeof(samples[0]); s++) {
		const cw_version_scheme *scheme = scheme_named(samples[s][0]);
		bool wanted = argc < 2;
		for (int i = 1; i < argc; i++)
			wanted |= strcmp(argv[i], samples[s][0]) == 0;
		if (!scheme || !wanted)
			continue;
		if (n)
			bench(scheme, texts, n);
		else
			bench(scheme, (char **)samples[s] + 1, 7);
	}
	for (size_t i = 0; i < n; i++)
		free(texts[i]);
	free(texts);
	return 0;
}
