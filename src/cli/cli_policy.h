/*
 * cli_policy.h - the policy options `policy check`, `policy explain` and
 * `scan --policy` share: loading the policy (or the default one), the
 * context file and flags, and the health file.  Files in, library objects
 * out; the evaluation itself is cw_policy_evaluate().
 */
#ifndef CW_CLI_POLICY_H
#define CW_CLI_POLICY_H

#include "cli/cli.h"

/* Context keys settable by flags, in cw_policy_context_set() spelling. */
#define CW_CLI_CONTEXT_KEYS 7
extern const char *const cw_cli_context_keys[CW_CLI_CONTEXT_KEYS];

typedef struct {
	const char *policy;        /* NULL: the default policy */
	const char *context;       /* context YAML, or NULL */
	const char *health;        /* health JSON, or NULL */
	const char *values[CW_CLI_CONTEXT_KEYS]; /* context flags (win over the file) */
} cw_cli_policy_args;

/*
 * Load what `args` names.  On failure prints the error and returns the
 * exit code (2 for a policy that does not load: a broken policy never
 * passes the gate); 0 on success.
 */
int cw_cli_policy_load(const char *command, const cw_cli_policy_args *args, cw_policy **policy,
                       cw_policy_context **ctx, cw_policy_health_set **health);

#endif
