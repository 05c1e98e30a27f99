/*
 * bench_inspect.c - static analysis throughput of `chainwarden inspect`
 * (issue target: 50 MB/s or more of package content).
 *
 * usage: bench_inspect [CORPUS_DIR [ROUNDS]]   (default tests/oracles/benign,
 * the npm pack corpus of scripts/fetch-benign-corpus; 3 rounds)
 *
 * Every .tgz is decompressed into memory first, then each round feeds all
 * files of all packages to inspect sessions with the built-in rules.  Two
 * figures: the analysis alone (content bytes / CPU seconds of the scan) and
 * end to end from the compressed tarballs (gunzip + tar + analysis).
 * Bytes are the uncompressed sizes of every file, binaries included.
 */
#include <archive.h>
#include <archive_entry.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "chainwarden/inspect.h"
#include "bench.h"

typedef struct {
	char *name;
	char *data;
	size_t len;
} file;

typedef struct {
	char *tgz;
	size_t tgz_len;
	file *files;
	size_t count;
} package;

static double cpu(void)
{
	return cw_bench_clock(CLOCK_PROCESS_CPUTIME_ID);
}

static char *slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *data;
	long size;
	if (!fp)
		return NULL;
	fseek(fp, 0, SEEK_END);
	size = ftell(fp);
	fseek(fp, 0, SEEK_SET);
	data = malloc((size_t)size + 1);
	if (data && fread(data, 1, (size_t)size, fp) != (size_t)size) {
		free(data);
		data = NULL;
	}
	fclose(fp);
	*len = (size_t)size;
	return data;
}

static int unpack(package *p)
{
	struct archive *a = archive_read_new();
	struct archive_entry *e;
	size_t cap = 0;
	archive_read_support_filter_gzip(a);
	archive_read_support_format_tar(a);
	if (archive_read_open_memory(a, p->tgz, p->tgz_len) != ARCHIVE_OK)
		return -1;
	while (archive_read_next_header(a, &e) == ARCHIVE_OK) {
		la_int64_t size = archive_entry_size(e);
		file f;
		if (archive_entry_filetype(e) != AE_IFREG || size < 0 || size > (64 << 20))
			continue;
		f.name = strdup(archive_entry_pathname(e));
		f.len = (size_t)size;
		f.data = malloc(f.len + 1);
		if (archive_read_data(a, f.data, f.len) != (la_ssize_t)f.len)
			return -1;
		if (p->count == cap) {
			cap = cap ? cap * 2 : 64;
			p->files = realloc(p->files, cap * sizeof(file));
		}
		p->files[p->count++] = f;
	}
	archive_read_free(a);
	return 0;
}

int main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : "tests/oracles/benign";
	int rounds = argc > 2 ? atoi(argv[2]) : 3;
	package *pkgs = NULL;
	size_t npkg = 0, cap = 0, files = 0, malicious = 0, suspicious = 0;
	unsigned long long bytes = 0, scanned = 0;
	cw_inspect_rules *rules;
	DIR *d = opendir(dir);
	struct dirent *de;
	double t0, scan_time, e2e_time;

	if (!d) {
		fprintf(stderr, "bench_inspect: no corpus at %s (run scripts/fetch-benign-corpus)\n", dir);
		return 2;
	}
	while ((de = readdir(d))) {
		char path[4096];
		size_t n = strlen(de->d_name);
		if (n < 5 || strcmp(de->d_name + n - 4, ".tgz") != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (npkg == cap) {
			cap = cap ? cap * 2 : 64;
			pkgs = realloc(pkgs, cap * sizeof(package));
		}
		memset(&pkgs[npkg], 0, sizeof(package));
		if (!(pkgs[npkg].tgz = slurp(path, &pkgs[npkg].tgz_len)) || unpack(&pkgs[npkg]) != 0) {
			fprintf(stderr, "bench_inspect: cannot read %s\n", path);
			return 3;
		}
		for (size_t i = 0; i < pkgs[npkg].count; i++)
			bytes += pkgs[npkg].files[i].len;
		files += pkgs[npkg].count;
		npkg++;
	}
	closedir(d);
	if (!npkg || rounds < 1) {
		fprintf(stderr, "bench_inspect: no .tgz in %s\n", dir);
		return 2;
	}
	if (cw_inspect_rules_default(&rules) != 0)
		return 3;

	/* the analysis alone */
	t0 = cpu();
	for (int r = 0; r < rounds; r++) {
		for (size_t p = 0; p < npkg; p++) {
			cw_inspect_session *s;
			cw_inspect_report *rep;
			if (cw_inspect_session_new(&s, rules, NULL) != 0)
				return 3;
			for (size_t i = 0; i < pkgs[p].count; i++)
				if (cw_inspect_session_add(s, pkgs[p].files[i].name, pkgs[p].files[i].data,
				                           pkgs[p].files[i].len) != 0) {
					fprintf(stderr, "bench_inspect: %s\n", cw_error_last()->message);
					return 3;
				}
			if (cw_inspect_session_finish(&rep, s) != 0)
				return 3;
			if (r == 0) {
				malicious += cw_inspect_report_count_kind(rep, CW_INSPECT_MALICIOUS);
				suspicious += cw_inspect_report_count_kind(rep, CW_INSPECT_SUSPICIOUS);
				scanned += cw_inspect_report_stats(rep)->bytes_scanned;
			}
			cw_inspect_report_free(rep);
		}
	}
	scan_time = (cpu() - t0) / rounds;

	/* end to end from the compressed tarballs */
	t0 = cpu();
	for (int r = 0; r < rounds; r++)
		for (size_t p = 0; p < npkg; p++) {
			cw_inspect_report *rep;
			if (cw_inspect_archive_memory(&rep, rules, pkgs[p].tgz, pkgs[p].tgz_len, "bench", NULL) != 0) {
				fprintf(stderr, "bench_inspect: %s\n", cw_error_last()->message);
				return 3;
			}
			cw_inspect_report_free(rep);
		}
	e2e_time = (cpu() - t0) / rounds;

	printf("corpus: %zu packages, %zu files, %.1f MB content (%.1f MB text scanned), %zu rules\n",
	       npkg, files, bytes / 1e6, scanned / 1e6, cw_inspect_rules_count(rules));
	printf("findings: %zu malicious, %zu suspicious\n", malicious, suspicious);
	printf("analysis:   %.3f s CPU per round, %.1f MB/s of content (%.1f MB/s of text scanned)\n",
	       scan_time, bytes / 1e6 / scan_time, scanned / 1e6 / scan_time);
	printf("end to end: %.3f s CPU per round, %.1f MB/s of content (incl. gunzip + tar)\n",
	       e2e_time, bytes / 1e6 / e2e_time);
	printf("target: >= 50 MB/s: %s\n", bytes / 1e6 / scan_time >= 50 ? "met" : "NOT met");

	cw_inspect_rules_free(rules);
	for (size_t p = 0; p < npkg; p++) {
		for (size_t i = 0; i < pkgs[p].count; i++) {
			free(pkgs[p].files[i].name);
			free(pkgs[p].files[i].data);
		}
		free(pkgs[p].files);
		free(pkgs[p].tgz);
	}
	free(pkgs);
	return 0;
}
