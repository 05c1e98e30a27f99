/* cli_scan.c - the scan set-up `scan` and `policy` share (see cli_scan.h). */
#include "cli/cli_scan.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

cw_cli_opt cw_cli_signal_lists_options(cw_cli_signal_lists *l)
{
	l->hosts = (cw_cli_list)CW_CLI_LIST_INIT(CW_CLI_MAX_LIST);
	l->internal = (cw_cli_list)CW_CLI_LIST_INIT(CW_CLI_MAX_LIST);
	l->internal_hosts = (cw_cli_list)CW_CLI_LIST_INIT(CW_CLI_MAX_LIST);
	l->options[0] = (cw_cli_opt){ "allow-host", 0, CW_CLI_LIST, &l->hosts, NULL };
	l->options[1] = (cw_cli_opt){ "internal", 0, CW_CLI_LIST, &l->internal, NULL };
	l->options[2] = (cw_cli_opt){ "internal-host", 0, CW_CLI_LIST, &l->internal_hosts, NULL };
	l->options[3] = (cw_cli_opt){ NULL, 0, CW_CLI_FLAG, NULL, NULL };
	return (cw_cli_opt){ NULL, 0, CW_CLI_GROUP, l->options, NULL };
}

void cw_cli_signal_lists_free(cw_cli_signal_lists *l)
{
	cw_cli_list_free(&l->hosts);
	cw_cli_list_free(&l->internal);
	cw_cli_list_free(&l->internal_hosts);
}

static const char *env_nonempty(const char *name)
{
	const char *value = getenv(name);
	return value && *value ? value : NULL;
}

void cw_cli_upstream_registry_env(cw_upstream_options *opts)
{
	opts->registry_metadata = env_nonempty("CHAINWARDEN_REGISTRY_METADATA");
	opts->registry_url = env_nonempty("CHAINWARDEN_REGISTRY_URL");
}

int cw_cli_scan_default_ignore(cw_cli_scan *s, cw_scan_options *sopts, const char *target)
{
	struct stat sb;
	size_t n = strlen(target) + 32;
	if (sopts->ignore_file || stat(target, &sb) != 0 || !S_ISDIR(sb.st_mode))
		return CW_EXIT_OK;
	if (!(s->default_ignore = malloc(n)))
		return CW_EXIT_INTERNAL;
	snprintf(s->default_ignore, n, "%s/.chainwarden.yaml", target);
	if (access(s->default_ignore, R_OK) == 0)
		sopts->ignore_file = s->default_ignore;
	return CW_EXIT_OK;
}

int cw_cli_scan_run(const char *command, cw_cli_scan *s, const char *kb, const char *target,
                    const cw_scan_options *sopts)
{
	int error;
	if ((error = cw_kb_default_path(&s->kb_path, kb)) < 0 ||
	    (error = cw_kb_open(&s->kb, s->kb_path)) < 0 || (error = cw_inventory_new(&s->inv)) < 0)
		return cw_cli_fail(error);
	/* a lockfile or directory; else an existing CycloneDX / SPDX SBOM */
	if ((error = cw_inventory_scan_path(s->inv, target, NULL)) == CW_EUNSUPPORTED) {
		cw_inventory_free(s->inv);
		s->inv = NULL;
		if ((error = cw_inventory_new(&s->inv)) >= 0)
			error = cw_inventory_read_sbom(s->inv, target);
	}
	if (error < 0)
		return cw_cli_fail(error);
	for (size_t i = 0; i < cw_inventory_failure_count(s->inv); i++)
		fprintf(stderr, "chainwarden %s: warning: %s\n", command, cw_inventory_failure(s->inv, i));
	if ((error = cw_scan_run(&s->result, s->inv, s->kb, sopts)) < 0)
		return cw_cli_fail(error);
	return CW_EXIT_OK;
}

void cw_cli_scan_warnings(const char *command, const cw_cli_scan *s)
{
	for (size_t i = 0; i < cw_scan_warning_count(s->result); i++)
		fprintf(stderr, "chainwarden %s: warning: %s\n", command, cw_scan_warning(s->result, i));
}

void cw_cli_scan_free(cw_cli_scan *s)
{
	cw_scan_result_free(s->result);
	cw_inventory_free(s->inv);
	cw_kb_free(s->kb);
	free(s->kb_path);
	free(s->default_ignore);
}
