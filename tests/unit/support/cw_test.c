/* cw_test.c - helpers for the cmocka unit tests. */
#include "cw_test.h"
#include "util/json.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static const char *join(char *buf, size_t size, const char *env, const char *fallback,
                        const char *rel)
{
	const char *base = getenv(env);
	snprintf(buf, size, "%s/%s", base ? base : fallback, rel);
	return buf;
}

const char *cw_test_shared(const char *rel)
{
	static char buf[4096];
	return join(buf, sizeof(buf), "CW_SHARED_DIR", "../shared", rel);
}

const char *cw_test_source(const char *rel)
{
	static char buf[4096];
	return join(buf, sizeof(buf), "CW_SOURCE_DIR", ".", rel);
}

char *cw_test_read_file(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *data;
	long size;
	if (!fp)
		fail_msg("cannot open %s", path);
	fseek(fp, 0, SEEK_END);
	size = ftell(fp);
	fseek(fp, 0, SEEK_SET);
	data = malloc((size_t)size + 1);
	if (!data || fread(data, 1, (size_t)size, fp) != (size_t)size)
		fail_msg("cannot read %s", path);
	fclose(fp);
	data[size] = '\0';
	if (len)
		*len = (size_t)size;
	return data;
}

int cw_test_kb_build(cw_kb **kb, char *path, size_t size, int (*fill)(cw_kb_builder *b))
{
	cw_kb_builder *b = NULL;
	int fd, error;

	snprintf(path, size, "/tmp/cw_test_kb_XXXXXX");
	if ((fd = mkstemp(path)) < 0) {
		perror(path);
		return -1;
	}
	close(fd);
	if ((error = cw_kb_builder_new(&b, path, NULL)) >= 0 && (error = fill(b)) >= 0 &&
	    (error = cw_kb_builder_finish(b, NULL)) >= 0)
		error = cw_kb_open(kb, path);
	cw_kb_builder_free(b);
	if (error < 0) {
		fprintf(stderr, "building the test KB: %s\n", cw_error_last()->message);
		return -1;
	}
	return 0;
}

void cw_test_kb_remove(cw_kb *kb, const char *path)
{
	cw_kb_free(kb);
	unlink(path);
}

int cw_test_spdx_list(cw_license_db **db, struct json_t **list)
{
	const char *path = cw_test_shared("data/licenses/spdx-license-list.full.json");
	size_t len;
	char *data = cw_test_read_file(path, &len);
	int error = cw_license_db_load(db, path);

	if (error == 0)
		error = cw__json_parse(list, data, len, path);
	free(data);
	if (error != 0) {
		fprintf(stderr, "setup: %s\n", cw_error_last()->message);
		return -1;
	}
	return 0;
}
