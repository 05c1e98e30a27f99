/*
 * replay_main.c - runs a fuzz harness over a corpus directory without
 * libFuzzer, so that plain (sanitizer) CI builds replay every committed
 * input.  Usage: <target>_replay DIR_OR_FILE...
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run_file(const char *path)
{
	FILE *fp = fopen(path, "rb");
	uint8_t *data;
	long size;
	if (!fp) {
		fprintf(stderr, "%s: cannot open\n", path);
		return -1;
	}
	fseek(fp, 0, SEEK_END);
	size = ftell(fp);
	fseek(fp, 0, SEEK_SET);
	data = malloc(size > 0 ? (size_t)size : 1);
	if (!data || (size > 0 && fread(data, 1, (size_t)size, fp) != (size_t)size)) {
		fprintf(stderr, "%s: cannot read\n", path);
		fclose(fp);
		free(data);
		return -1;
	}
	fclose(fp);
	LLVMFuzzerTestOneInput(data, (size_t)size);
	free(data);
	return 0;
}

int main(int argc, char **argv)
{
	int files = 0, failures = 0;
	for (int i = 1; i < argc; i++) {
		struct stat st;
		DIR *dir;
		struct dirent *de;
		if (stat(argv[i], &st) != 0) {
			fprintf(stderr, "%s: not found\n", argv[i]);
			return 1;
		}
		if (!S_ISDIR(st.st_mode)) {
			failures += run_file(argv[i]) != 0;
			files++;
			continue;
		}
		if (!(dir = opendir(argv[i])))
			return 1;
		while ((de = readdir(dir))) {
			char path[4096];
			if (de->d_name[0] == '.')
				continue;
			snprintf(path, sizeof(path), "%s/%s", argv[i], de->d_name);
			failures += run_file(path) != 0;
			files++;
		}
		closedir(dir);
	}
	printf("replayed %d inputs, %d unreadable\n", files, failures);
	return failures || files == 0;
}
