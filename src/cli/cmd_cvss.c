/*
 * cmd_cvss.c - `chainwarden cvss VECTOR...`: parse, validate and score CVSS
 * vectors (v2.0, v3.0, v3.1, v4.0) and print the result as JSON.
 */
#include "cli/cli.h"
#include "util/buf.h"
#include "util/json.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char usage[] =
	"usage: chainwarden cvss VECTOR...\n"
	"       chainwarden cvss -          (vectors from stdin, one per line)\n"
	"\n"
	"Parse and score CVSS vectors: v2.0 (no prefix), CVSS:3.0/, CVSS:3.1/ and\n"
	"CVSS:4.0/.  One vector prints a JSON object with the version, the\n"
	"normalized vector, the scores and severities.  Several vectors, or '-',\n"
	"print one compact JSON object per line (JSON Lines); a bad vector there\n"
	"prints {\"vector\": ..., \"error\": ...} and the exit code becomes 2.\n"
	"\n"
	"Exit codes: 0 ok, 2 a malformed vector (the reason goes to stderr).\n";

static void write_scores(cw_jw *jw, const char *vector, const cw_cvss *cvss,
                         const cw_cvss_scores *s, const char *normalized)
{
	cw__jw_object_begin(jw);
	cw__jw_member_string(jw, "vector", vector);
	cw__jw_member_string(jw, "version", cw_cvss_version_name(cvss->version));
	cw__jw_member_string(jw, "normalized", normalized);
	if (cvss->version == CW_CVSS_V4_0) {
		cw__jw_member_string(jw, "nomenclature", s->nomenclature);
		cw__jw_member_string(jw, "macrovector", s->macrovector);
	}
	cw__jw_key(jw, "score");
	cw__jw_double(jw, s->score, 1);
	cw__jw_member_string(jw, "severity", cw_cvss_severity_name(s->severity));
	cw__jw_key(jw, "base_score");
	cw__jw_double(jw, s->base, 1);
	cw__jw_member_string(jw, "base_severity",
	                     cw_cvss_severity_name(cw_cvss_severity_of(cvss->version, s->base)));
	if (cvss->version != CW_CVSS_V4_0) {
		cw__jw_key(jw, "temporal_score");
		cw__jw_double(jw, s->temporal, 1);
		cw__jw_member_string(jw, "temporal_severity",
		    cw_cvss_severity_name(cw_cvss_severity_of(cvss->version, s->temporal)));
		cw__jw_key(jw, "environmental_score");
		cw__jw_double(jw, s->environmental, 1);
		cw__jw_member_string(jw, "environmental_severity",
		    cw_cvss_severity_name(cw_cvss_severity_of(cvss->version, s->environmental)));
	}
	cw__jw_object_end(jw);
}

/* Score one vector into `out`; returns 0 or the library error. */
static int score_one(cw_buf *out, const char *vector, size_t len, bool pretty)
{
	cw_cvss cvss;
	cw_cvss_scores scores;
	char normalized[CW_CVSS_MAX_VECTOR + 1], *copy;
	cw_jw jw;
	int error;

	if ((error = cw_cvss_parse(&cvss, vector, len)) < 0 ||
	    (error = cw_cvss_score(&scores, &cvss)) < 0 ||
	    (error = cw_cvss_format(normalized, sizeof(normalized), &cvss)) < 0)
		return error;
	if (!(copy = strndup(vector, len)))
		return CW_ENOMEM;
	cw__jw_init(&jw, out, pretty);
	write_scores(&jw, copy, &cvss, &scores, normalized);
	free(copy);
	if ((error = cw__jw_finish(&jw)) < 0)
		return error;
	return cw__buf_putc(out, '\n');
}

/* The offending input echoed in an error line: printable ASCII only, so
 * that the line stays valid JSON whatever bytes came in. */
static int write_error_line(cw_buf *out, const char *vector, size_t len)
{
	cw_jw jw;
	char *copy = malloc(len + 1);
	if (!copy)
		return CW_ENOMEM;
	for (size_t i = 0; i < len; i++)
		copy[i] = (vector[i] >= 0x20 && vector[i] < 0x7f) ? vector[i] : '?';
	copy[len] = '\0';
	cw__jw_init(&jw, out, false);
	cw__jw_object_begin(&jw);
	cw__jw_member_string(&jw, "vector", copy);
	cw__jw_member_string(&jw, "error", cw_error_last()->message);
	cw__jw_object_end(&jw);
	free(copy);
	if (cw__jw_finish(&jw) < 0)
		return CW_ENOMEM;
	return cw__buf_putc(out, '\n');
}

/* One vector in JSON Lines mode: an error becomes an error line. */
static int score_line(cw_buf *out, const char *vector, size_t len, int *exit_code)
{
	int error = score_one(out, vector, len, false);
	if (error == CW_EINVALID || error == CW_ELIMIT) {
		fprintf(stderr, "chainwarden: error: %s\n", cw_error_last()->message);
		*exit_code = CW_EXIT_USAGE;
		return write_error_line(out, vector, len);
	}
	return error;
}

/* Read one line (without its newline) into `line`; a line longer than
 * `size` is consumed whole and reported as size + 1 bytes long.  Returns
 * false at end of input.  NUL bytes are kept (the parser rejects them). */
static bool read_line(char *line, size_t size, size_t *len)
{
	int c;
	size_t n = 0;
	bool any = false;
	while ((c = getchar()) != EOF) {
		any = true;
		if (c == '\n')
			break;
		if (n < size)
			line[n] = (char)c;
		if (n <= size)
			n++;
	}
	if (n <= size && n > 0 && line[n - 1] == '\r')
		n--;
	*len = n;
	return any;
}

static int run_stdin(void)
{
	char line[CW_CVSS_MAX_VECTOR];
	cw_buf out = CW_BUF_INIT;
	int exit_code = CW_EXIT_OK, error = 0;
	size_t len;

	while (read_line(line, sizeof(line), &len)) {
		if (len == 0)
			continue;
		if (len > sizeof(line)) {
			/* too long for the library anyway: let it say so */
			(void)cw_cvss_parse(&(cw_cvss){ 0 }, line, CW_CVSS_MAX_VECTOR + 1);
			fprintf(stderr, "chainwarden: error: %s\n", cw_error_last()->message);
			exit_code = CW_EXIT_USAGE;
			error = write_error_line(&out, line, 40);
		} else {
			error = score_line(&out, line, len, &exit_code);
		}
		if (error < 0)
			break;
		if (out.len > 1 << 16) {
			if (cw_cli_write_stdout(out.ptr, out.len) != CW_EXIT_OK) {
				cw__buf_free(&out);
				return CW_EXIT_INTERNAL;
			}
			cw__buf_clear(&out);
		}
	}
	if (error < 0) {
		cw__buf_free(&out);
		return cw_cli_fail(error);
	}
	if (out.len && cw_cli_write_stdout(out.ptr, out.len) != CW_EXIT_OK)
		exit_code = CW_EXIT_INTERNAL;
	cw__buf_free(&out);
	return exit_code;
}

static int run(int argc, char **argv)
{
	cw_buf out = CW_BUF_INIT;
	int exit_code, error = 0, operands;

	if (cw_cli_simple_args("cvss", usage, argc, argv, 1, -1, &exit_code))
		return exit_code;
	operands = argc - optind;
	if (operands == 1 && strcmp(argv[optind], "-") == 0)
		return run_stdin();

	exit_code = CW_EXIT_OK;
	if (operands == 1) {
		if ((error = score_one(&out, argv[optind], strlen(argv[optind]), true)) < 0) {
			cw__buf_free(&out);
			return cw_cli_fail(error);
		}
	} else {
		for (int i = optind; i < argc && error >= 0; i++)
			error = score_line(&out, argv[i], strlen(argv[i]), &exit_code);
		if (error < 0) {
			cw__buf_free(&out);
			return cw_cli_fail(error);
		}
	}
	if (cw_cli_write_stdout(out.ptr, out.len) != CW_EXIT_OK)
		exit_code = CW_EXIT_INTERNAL;
	cw__buf_free(&out);
	return exit_code;
}

const cw_cli_command cw_cli_cmd_cvss = { "cvss", "score and validate CVSS vectors", run };
