/* balprobe: one port of a survey measured live: the probe's take through
 * the engine and its analysis, kept as the entry's JSON result and HTML
 * detail section. */
#ifndef BALPROBE_SURVEY_MEASURE_H
#define BALPROBE_SURVEY_MEASURE_H

#include <stdbool.h>

#include "engine/engine.h"
#include "probes/probe.h"
#include "result/result.h"
#include "survey/survey.h"

/* What every port of a survey is measured with, unless its line says
 * otherwise. */
struct bp_survey_options {
	const char *device;        /* NULL: the default device */
	double rate_hz;
	double level_dbfs;
	bool quick;
	int mains_hz;              /* 0: auto */
	double input_fs_dbu;       /* NAN: none */
	double output_fs_dbu;      /* NAN: none */
	int tip, ring;             /* the inputs of a port that names none */
	double duration_s;         /* listen, hum: --duration; 0: the probe's */
	const char *save_dir;      /* --save, or NULL */
	bool details;              /* keep each port's HTML detail section */
	const char *command_line;  /* for the detail sections */
	const struct bp_engine_progress *progress;  /* the meter, or NULL */
	/* The interface profile of the survey's device (--profile, or its
	 * card's saved one), NULL for none; its calibration where the
	 * options gave none; and its name, source and file as a result's
	 * input shows them.  A port with a device= of its own is on another
	 * interface: it gets none of these. */
	const struct bp_profile *profile;
	double profile_input_fs_dbu, profile_output_fs_dbu;
	const struct bp_input_desc *profile_desc;
};

/* @opt and @in as port @p is measured: with the survey's profile unless
 * the port names a device of its own. */
void bp_survey_port_options(const struct bp_survey_port *p, const struct bp_survey_options *o,
			    struct bp_probe_options *opt, struct bp_input_desc *in);

/* Measure port @i of @s into its entry (cleared first): MEASURED with
 * the result (its exit_status 0, 3 when invalid, 4 when the port's
 * expect= is not met), or FAILED with the sentence why (exit_status 2).
 * Returns 0, or BP_E_NOMEM when even the failure could not be kept. */
int bp_survey_measure_port(struct bp_survey *s, int i, const struct bp_survey_options *o);

/* Keep the analysed @r as entry @i's result (and its detail section when
 * o->details): what bp_survey_measure_port() and a one-take survey
 * share.  Returns 0 or BP_E_NOMEM. */
int bp_survey_keep_result(struct bp_survey *s, int i, const struct bp_result *r,
			  const struct bp_survey_options *o);

/* The inputs port @i records its tip and ring on. */
void bp_survey_port_inputs(const struct bp_survey *s, int i, const struct bp_survey_options *o,
			   int *tip, int *ring);

#endif
