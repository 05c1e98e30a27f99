/*
 * output.c - where a command writes its document (SBOM, report): standard
 * output, or the file named by -o/--output, with the I/O errors reported
 * once as "chainwarden CMD: error: ...".
 */
#include "cli/cli.h"

#include <errno.h>
#include <string.h>

int cw_cli_output_open(cw_cli_output *out, const char *command, const char *path)
{
	out->command = command;
	out->fp = NULL;
	if (!path || strcmp(path, "-") == 0)
		return CW_EXIT_OK;
	if (!(out->fp = fopen(path, "w"))) {
		fprintf(stderr, "chainwarden %s: error: %s: %s\n", command, path, strerror(errno));
		return CW_EXIT_INTERNAL;
	}
	return CW_EXIT_OK;
}

int cw_cli_output_write(void *payload, const char *data, size_t len)
{
	cw_cli_output *out = payload;
	if (fwrite(data, 1, len, out->fp ? out->fp : stdout) != len) {
		fprintf(stderr, "chainwarden %s: error: write failed: %s\n", out->command, strerror(errno));
		return CW_EIO;
	}
	return 0;
}

int cw_cli_output_flush(cw_cli_output *out)
{
	if (fflush(out->fp ? out->fp : stdout) != 0) {
		fprintf(stderr, "chainwarden %s: error: write failed: %s\n", out->command, strerror(errno));
		return CW_EXIT_INTERNAL;
	}
	return CW_EXIT_OK;
}

int cw_cli_output_close(cw_cli_output *out, int rc)
{
	if (out->fp && fclose(out->fp) != 0 && rc == CW_EXIT_OK)
		rc = CW_EXIT_INTERNAL;
	out->fp = NULL;
	return rc;
}
