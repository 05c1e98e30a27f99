/*
 * subject.c - what each component looks like to the rules, prepared once
 * per evaluation: its findings (priority order), its attack signals as a
 * bit set over the signal names the policy tests (matched by name, so
 * kinds added to the attack module later need no change here), its
 * license facts when a rule tests licenses, its health entry; and the
 * evaluation date.
 */
#include "policy/policy_internal.h"
#include "util/error.h"
#include "util/str.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

static int64_t now_seconds(int64_t now)
{
	return now ? now : (int64_t)time(NULL);
}

int cw__policy_prepare(cw__pprep *prep, const cw_policy *p, const cw_policy_input *in)
{
	const cw_signal *signals = in->signals;
	size_t nsignals = in->signal_count, nf = in->scan ? cw_scan_finding_count(in->scan) : 0;
	int error = 0;
	int install_bit = -1;
	time_t t;
	struct tm tm;

	memset(prep, 0, sizeof(*prep));
	if (!in->inventory)
		return cw__error_set(CW_EUSAGE, "policy: the input has no inventory");
	t = (time_t)now_seconds(in->now);
	gmtime_r(&t, &tm);
	strftime(prep->today, sizeof(prep->today), "%Y-%m-%d", &tm);
	prep->env.ctx = in->context;
	prep->env.have_scan = in->scan != NULL;
	prep->env.today_days = cw__pdate_days(prep->today);
	prep->count = cw_inventory_component_count(in->inventory);
	if (prep->count && !(prep->subjects = calloc(prep->count, sizeof(*prep->subjects))))
		return cw__error_oom();
	for (size_t i = 0; i < prep->count; i++)
		prep->subjects[i].c = cw_inventory_component(in->inventory, i);

	/* findings per component, kept in priority order */
	if (nf) {
		size_t at = 0;
		if (!(prep->finding_store = calloc(nf, sizeof(*prep->finding_store)))) {
			error = cw__error_oom();
			goto done;
		}
		for (size_t i = 0; i < nf; i++) {
			const cw_finding *f = cw_scan_finding(in->scan, i);
			if (f->component < prep->count)
				prep->subjects[f->component].finding_count++;
		}
		for (size_t i = 0; i < prep->count; i++) {
			prep->subjects[i].findings = prep->finding_store + at;
			at += prep->subjects[i].finding_count;
			prep->subjects[i].finding_count = 0;
		}
		for (size_t i = 0; i < nf; i++) {
			const cw_finding *f = cw_scan_finding(in->scan, i);
			cw__psubject *s;
			if (f->component >= prep->count)
				continue;
			s = &prep->subjects[f->component];
			s->findings[s->finding_count++] = f;
		}
	}

	/* attack signals, by name (kinds this build does not know keep their name) */
	if (p->uses_signals) {
		bool from_scan = !in->signals_given && in->scan && cw_scan_upstream_done(in->scan);
		if (!in->signals_given && !from_scan) {
			if ((error = cw_attack_signals(&prep->own_signals, &nsignals, in->inventory, NULL)) < 0)
				goto done;
			signals = prep->own_signals;
		}
		/* the scan's upstream findings (its options and ignore entries applied) */
		for (size_t i = 0; from_scan && i < cw_scan_upstream_count(in->scan); i++) {
			const cw_upstream_finding *u = cw_scan_upstream_at(in->scan, i);
			cw__psubject *s;
			if (u->ignored || u->component >= prep->count)
				continue;
			s = &prep->subjects[u->component];
			if (u->kind == CW_FINDING_MALICIOUS)
				s->malicious_signal = true;
			for (size_t k = 0; k < p->signal_count; k++)
				if (!strcmp(p->signal_names[k], u->signal))
					s->signals |= (uint64_t)1 << k;
		}
		for (size_t k = 0; k < p->signal_count; k++)
			if (!strcmp(p->signal_names[k], "install-script"))
				install_bit = (int)k;
		for (size_t i = 0; i < nsignals; i++) {
			const cw_signal *sg = &signals[i];
			const char *name = cw_signal_kind_name(sg->kind);
			cw__psubject *s;
			if (sg->component >= prep->count)
				continue;
			s = &prep->subjects[sg->component];
			if (sg->malicious)
				s->malicious_signal = true;
			for (size_t k = 0; k < p->signal_count; k++)
				if (!strcmp(p->signal_names[k], name))
					s->signals |= (uint64_t)1 << k;
		}
		for (size_t i = 0; i < in->named_signal_count; i++) {
			const cw_policy_signal *sg = &in->named_signals[i];
			cw__psubject *s;
			if (sg->component >= prep->count || !sg->name)
				continue;
			s = &prep->subjects[sg->component];
			if (sg->malicious)
				s->malicious_signal = true;
			for (size_t k = 0; k < p->signal_count; k++)
				if (!strcmp(p->signal_names[k], sg->name))
					s->signals |= (uint64_t)1 << k;
		}
		if (install_bit >= 0)
			for (size_t i = 0; i < prep->count; i++)
				if (prep->subjects[i].c->install_script)
					prep->subjects[i].signals |= (uint64_t)1 << install_bit;
	}

	for (size_t i = 0; i < prep->count; i++) {
		cw__psubject *s = &prep->subjects[i];
		if (s->c->kind != CW_COMPONENT_LIBRARY)
			continue;
		if (p->uses_license && (error = cw__plicense_fill(&prep->lic, &prep->arena, s)) < 0)
			goto done;
		if (!p->uses_license) {
			s->license.expr = "NOASSERTION";
			s->license.unknown = true;
		}
		s->health = cw__policy_health_find(in->health, s->c);
	}
done:
	if (error < 0)
		cw__policy_prep_free(prep);
	return error;
}

void cw__policy_prep_free(cw__pprep *prep)
{
	free(prep->subjects);
	free(prep->finding_store);
	free(prep->own_signals);
	cw__plicense_cache_free(prep->lic);
	cw__arena_free(&prep->arena);
	memset(prep, 0, sizeof(*prep));
}
