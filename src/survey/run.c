/* balprobe: the survey's run, port after port. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "probes/probe.h"
#include "survey/run.h"
#include "survey/state.h"

const char *bp_survey_hookup(const struct bp_survey *s, int i, const struct bp_survey_options *o,
			     char *buf, size_t size)
{
	const struct bp_survey_port *p = &s->ports[i];
	const struct bp_probe *probe = bp_probe_find(p->probe);
	int tip, ring;

	bp_survey_port_inputs(s, i, o, &tip, &ring);
	if (probe->drives_input)
		snprintf(buf, size, "drive %s from outputs 1 (tip) and 2 (ring) of the interface, its return to input %d",
			 p->label, p->number);
	else if (probe->plan)
		snprintf(buf, size, "patch output %d of the interface to %s and its insert cable's tip to input %d, ring to input %d",
			 p->number, p->label, tip, ring);
	else if (probe->stimuli)
		snprintf(buf, size, "cable %s's tip to input %d, ring to input %d, and play the polarity pulse track through it (balprobe stimulus --probe polarity -o pulse.wav)",
			 p->label, tip, ring);
	else
		snprintf(buf, size, "cable %s's tip to input %d, ring to input %d, with the port on and silent",
			 p->label, tip, ring);
	return buf;
}

/* The user's answer: 'm' measure, 's', 'r', 'q'; EOF gives 'q'. */
static int ask(const struct bp_survey *s, int i, int last, const struct bp_survey_options *o,
	       const struct bp_survey_flow *f)
{
	char line[256], hook[512];

	for (;;) {
		if (f->prompts) {
			fprintf(f->prompts, "\nNext: %s (%d of %d): %s.\n", s->ports[i].label, i + 1,
				s->n_ports, bp_survey_hookup(s, i, o, hook, sizeof(hook)));
			fprintf(f->prompts, "Enter measures, s skips, %s%s%sq finishes: ",
				last >= 0 ? "r repeats " : "", last >= 0 ? s->ports[last].label : "",
				last >= 0 ? ", " : "");
			fflush(f->prompts);
		}
		if (!fgets(line, sizeof(line), f->answers)) {
			if (f->prompts)
				fputs("(no more answers: finishing)\n", f->prompts);
			return 'q';
		}
		line[strcspn(line, "\r\n")] = '\0';
		if (!line[strspn(line, " \t")])
			return 'm';
		if (strcmp(line, "s") == 0 || strcmp(line, "q") == 0 ||
		    (strcmp(line, "r") == 0 && last >= 0))
			return line[0];
		if (f->prompts)
			fprintf(f->prompts, "'%.40s' is not an answer: press Enter, or type s, %sq and Enter.\n",
				line, last >= 0 ? "r, " : "");
		if (!f->prompts)
			return 'q';
	}
}

static int keep(struct bp_survey *s, int i, const struct bp_survey_flow *f)
{
	if (f->row)
		f->row(f->ctx, s, i);
	return f->state_path ? bp_survey_state_save(s, f->state_path) : 0;
}

int bp_survey_run(struct bp_survey *s, const struct bp_survey_options *o,
		  const struct bp_survey_flow *flow, bool *quit)
{
	int i, last = -1, answer, err = 0;

	*quit = false;
	for (i = 0; i < s->n_ports && !err; i++) {
		if (s->entries[i].status != BP_SURVEY_PENDING) {
			if (s->entries[i].status != BP_SURVEY_SKIPPED)
				last = i;
			continue;
		}
		answer = flow->wait ? ask(s, i, last, o, flow) : 'm';
		if (answer == 'q') {
			*quit = true;
			break;
		}
		if (answer == 'r') {
			err = bp_survey_measure_port(s, last, o);
			if (!err)
				err = keep(s, last, flow);
			i--;   /* then ask for this port again */
			continue;
		}
		if (answer == 's') {
			bp_survey_entry_clear(&s->entries[i]);
			s->entries[i].status = BP_SURVEY_SKIPPED;
		} else {
			err = bp_survey_measure_port(s, i, o);
			last = i;
		}
		if (!err)
			err = keep(s, i, flow);
	}
	return err;
}
