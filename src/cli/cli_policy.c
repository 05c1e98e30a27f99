/* cli_policy.c - loading policy inputs for the CLI (see cli_policy.h). */
#include "cli/cli_policy.h"

#include <stdlib.h>

#include "util/buf.h"
#include "util/fs.h"

const char *const cw_cli_context_keys[CW_CLI_CONTEXT_KEYS] = {
	"business_system", "project", "lifecycle", "criticality", "environment", "distribution",
	"supplier_status",
};

static int read_file(cw_buf *out, const char *path)
{
	return cw__file_read(out, path, (size_t)64 << 20);
}

int cw_cli_policy_load(const char *command, const cw_cli_policy_args *args, cw_policy **policy,
                       cw_policy_context **ctx, cw_policy_health_set **health)
{
	cw_buf text = CW_BUF_INIT;
	int error;

	*policy = NULL;
	*ctx = NULL;
	*health = NULL;
	error = args->policy ? cw_policy_load_file(policy, args->policy) : cw_policy_load_default(policy);
	if (error < 0) {
		fprintf(stderr, "chainwarden %s: error: policy not loaded: %s\n", command, cw_error_last()->message);
		return CW_EXIT_USAGE; /* never a silent allow: the gate fails with 2 */
	}
	if ((error = cw_policy_context_new(ctx)) < 0)
		goto fail;
	if (args->context) {
		if ((error = read_file(&text, args->context)) < 0 ||
		    (error = cw_policy_context_load(*ctx, text.ptr ? text.ptr : "", text.len, args->context)) < 0)
			goto fail;
		cw__buf_clear(&text);
	}
	for (size_t i = 0; i < CW_CLI_CONTEXT_KEYS; i++)
		if (args->values[i] && (error = cw_policy_context_set(*ctx, cw_cli_context_keys[i], args->values[i])) < 0)
			goto fail;
	if (args->health) {
		if ((error = read_file(&text, args->health)) < 0 ||
		    (error = cw_policy_health_load(health, text.ptr ? text.ptr : "", text.len, args->health)) < 0)
			goto fail;
	}
	cw__buf_free(&text);
	return 0;
fail:
	cw__buf_free(&text);
	cw_policy_free(*policy);
	cw_policy_context_free(*ctx);
	cw_policy_health_free(*health);
	*policy = NULL;
	*ctx = NULL;
	*health = NULL;
	{
		int rc = cw_cli_fail(error);
		return rc == CW_EXIT_OK ? CW_EXIT_INTERNAL : rc;
	}
}
