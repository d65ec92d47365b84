/* balprobe: the result of a probe, filled by the analysers and read by the
 * report writers.
 *
 * Every figure the analysers could not support is NAN (printed as null);
 * every verdict they could not decide is the *_UNKNOWN value with an
 * explanation saying why.
 */
#ifndef BALPROBE_RESULT_H
#define BALPROBE_RESULT_H

#include <stdbool.h>

#include "result/plot-data.h"

#define BP_EXPLANATION_MAX 512
#define BP_HUM_LINES_MAX 16
#define BP_ADVICE_MAX 8
#define BP_ADVICE_LEN 480

enum bp_jack_verdict {
	BP_JACK_UNKNOWN,
	BP_JACK_BALANCED,
	BP_JACK_UNBALANCED,
	BP_JACK_STEREO,
	BP_JACK_DUAL_MONO,
	BP_JACK_NO_SIGNAL
};

enum bp_polarity_verdict {
	BP_POLARITY_UNKNOWN,
	BP_POLARITY_NORMAL,
	BP_POLARITY_INVERTED
};

enum bp_level_class {
	BP_CLASS_NONE,          /* no calibration given */
	BP_CLASS_MIC,
	BP_CLASS_INSTRUMENT,
	BP_CLASS_CONSUMER_LINE,
	BP_CLASS_PRO_LINE,
	BP_CLASS_SPEAKER
};

enum bp_hum_mode {
	BP_HUM_MODE_NONE,
	BP_HUM_MODE_COMMON,       /* equal and in phase on both legs */
	BP_HUM_MODE_DIFFERENTIAL, /* follows the signal: from the source */
	BP_HUM_MODE_MIXED
};

/* The advice rules of report/advice.c, one per situation a sound tech acts on. */
enum bp_advice_rule {
	BP_ADVICE_BALANCED,
	BP_ADVICE_UNBALANCED,
	BP_ADVICE_STEREO,
	BP_ADVICE_DUAL_MONO,
	BP_ADVICE_NO_SIGNAL,
	BP_ADVICE_INVERTED,
	BP_ADVICE_GROUND_LOOP,
	BP_ADVICE_SOURCE_HUM,
	BP_ADVICE_HUM_UNDECIDED,
	BP_ADVICE_HUM_HIDDEN,
	BP_ADVICE_RING_PICKUP,
	BP_ADVICE_MIC_LEVEL,
	BP_ADVICE_INSTRUMENT_LEVEL,
	BP_ADVICE_LINE_LEVEL,
	BP_ADVICE_SPEAKER_LEVEL,
	BP_ADVICE_CLIPPING,
	BP_ADVICE_LOOP_MONITORING,     /* the loop pitfalls (report/advice-loop.h) */
	BP_ADVICE_LOOP_GAIN_MOVED,
	BP_ADVICE_LOOP_INPUT_MISMATCH,
	BP_ADVICE_LOOP_INPUT_SHELF,
	BP_ADVICE_LOOP_RESAMPLING,
	BP_ADVICE_RULES
};

/* A tri-state for verdicts that may be undecidable. */
enum bp_tristate { BP_NO = 0, BP_YES = 1, BP_UNDECIDED = -1 };

struct bp_jack_result {
	enum bp_jack_verdict verdict;
	double confidence;               /* 0..1, NAN when unknown */
	/* The ring relative to the tip as the verdict measured it, dB (hum
	 * left out); a bound (at most this) when the ring sat at the noise
	 * floor; NAN when no one figure describes it (capacitive pickup). */
	double ring_db;
	bool ring_db_is_bound;
	char explanation[BP_EXPLANATION_MAX];
};

struct bp_polarity_result {
	enum bp_polarity_verdict verdict;
	char explanation[BP_EXPLANATION_MAX];
};

struct bp_level_result {
	double tip_dbfs, ring_dbfs;  /* each leg, RMS, dBFS */
	double dbfs;                 /* what a balanced input receives */
	double dbu, dbv;             /* through --input-fs-dbu, else NAN */
	double output_fs_dbu;        /* out probe: dBu the port gives at 0 dBFS played */
	double peak_dbfs;            /* sample peak of that signal */
	enum bp_level_class level_class;
	bool clipping;
};

struct bp_hum_line {
	double hz;
	double dbfs;          /* on the louder leg */
	double common_db;     /* (tip + ring) / 2, dBFS */
	double diff_db;       /* (tip - ring) / 2, dBFS */
};

struct bp_hum_result {
	bool present;
	double mains_hz;              /* 50, 60 or NAN */
	double fundamental_dbfs;      /* the line at mains_hz, NAN if absent */
	struct bp_hum_line lines[BP_HUM_LINES_MAX];
	int n_lines;
	enum bp_hum_mode mode;
	enum bp_tristate ground_loop;
	double tip_dbfs, ring_dbfs;   /* all the lines on each leg, when no
				       * programme hid them (not in JSON) */
	bool open_ring_pickup;        /* on the open ring of an unbalanced
				       * output alone (not in JSON) */
	/* No hum seen, but the programme could hide a line as strong as
	 * bound_dbfs (present is then null in JSON).  bound_dbfs is NAN
	 * when hum was found. */
	bool hidden;
	double bound_dbfs;
	/* The lines carrying the most ground-loop and source power; -1 for
	 * none (not in JSON). */
	int ground_line, source_line;
	char explanation[BP_EXPLANATION_MAX];
};

struct bp_latency_result {
	double samples;               /* NAN when not measured */
	double ms;
	double uncertainty_samples;   /* one standard uncertainty */
};

#define BP_RESPONSE_POINTS_MAX 31

struct bp_response_result {
	int n_points;                 /* 0 when not measured */
	double hz[BP_RESPONSE_POINTS_MAX];
	double db[BP_RESPONSE_POINTS_MAX];  /* relative to 1 kHz */
	double gain_db;               /* loop gain at 1 kHz, dB */
	double f_low_3db, f_high_3db; /* NAN: no corner within the band */
};

#define BP_HARMONICS_MAX 9        /* harmonics 2..10 */

struct bp_distortion_result {
	double thd_percent;           /* NAN when not measured or all below noise */
	double harmonics_db[BP_HARMONICS_MAX]; /* re fundamental; NAN below noise */
	int n_harmonics;              /* 0 when not measured */
	/* At or near the interface's own distortion: the port's is at most
	 * this (src/profile/limits.h). */
	bool thd_is_bound;
};

/* The in probe's common-mode rejection (src/analyse/cmrr.h). */
struct bp_cmrr_result {
	bool measured;                /* an in probe ran: the JSON has "cmrr" */
	double at_1k_db;              /* NAN for stereo and no-signal inputs */
	bool bound;                   /* the figures are lower bounds ("at least") */
	int n_points;                 /* third octaves within the band */
	double hz[BP_RESPONSE_POINTS_MAX];
	double db[BP_RESPONSE_POINTS_MAX];
	char explanation[BP_EXPLANATION_MAX];
};

/* How the loop probe's cables were found connected (analyse/loop-paths.h). */
enum bp_loop_cabling {
	BP_LOOP_CABLING_NONE,      /* nothing came back on input 1 */
	BP_LOOP_CABLING_SINGLE,    /* out1 -> in1 */
	BP_LOOP_CABLING_PAIR,      /* out1 -> in1, out2 -> in2 */
	BP_LOOP_CABLING_SPLIT      /* out1 -> in1 and in2 (splitter) */
};

/* The interface through a loop cable (the loop probe), AES17 / IEC 61606
 * definitions; its response and latency are the result's own.  Every
 * figure is NAN where the cabling did not allow it. */
struct bp_loop_result {
	bool measured;                /* a loop probe ran: the JSON has "loop" */
	enum bp_loop_cabling cabling;
	double loop_gain_db;          /* out1 -> in1, band gain, dB */
	double noise_dbfs;            /* input 1, 20 Hz .. 20 kHz, unweighted */
	double noise_dbfs_a;          /* the same, A-weighted (IEC 61672) */
	double dynamic_range_db;      /* AES17: -60 dBFS tone's THD+N + 60 */
	double thd_n_db;              /* AES17: THD+N ratio at -1 dBFS */
	double imd_db;                /* SMPTE 60 Hz + 7 kHz, 4:1 */
	double crosstalk_db;          /* the worse way between the channels */
	bool crosstalk_is_bound;      /* under the noise: an upper bound */
	double gain_outputs_db;       /* output 2 re output 1, one input */
	double gain_inputs_db;        /* input 2 re input 1, one output */
	double pair_gain_db;          /* out2 -> in2 re out1 -> in1 (pair) */
	/* What the pitfalls found (analyse/loop-pitfalls.h). */
	double second_arrival_ms;     /* NAN: none */
	double second_arrival_db;     /* its level re the first */
	double gain_moved_db;         /* loop gain re the profile's; NAN */
	double shelf_db;              /* response tilt 10 kHz re 1 kHz beyond
				       * what a converter shows; NAN */
	double resampler_hz;          /* steep fall's -3 dB corner; NAN */
	bool input_mismatch;          /* split: inputs differ > 0.1 dB */
};

/* The recording as recorded, which every probe's analysis reports for the
 * checks all results get (bp_result_check_validity(), run once after the
 * analysis by probes/registry.c); not in the JSON. */
struct bp_recorded {
	long clipped_samples;      /* on tip or ring at full scale */
	unsigned stuck_legs;       /* BP_LEG_TIP | BP_LEG_RING */
	bool digital_silence;      /* nothing at all was recorded */
	char remedy[160];          /* what to turn down when it clips */
};

struct bp_input_desc {
	char device[128];  /* "" for a file */
	const char *file;  /* NULL for a live run; the caller's, whole */
	double rate_hz;
	int tip, ring;     /* 1-based */
	/* The interface profile the measurement used (--profile, or the
	 * card's saved one): its name ("" when none), where its figures come
	 * from, and its file (NULL: a built-in; the caller's, whole). */
	char profile_name[64];
	char profile_source[256];
	const char *profile_file;
};

struct bp_result {
	char probe[16];
	struct bp_input_desc input;
	struct bp_jack_result jack;
	struct bp_polarity_result polarity;
	struct bp_level_result level;
	struct bp_hum_result hum;
	struct bp_latency_result latency;
	struct bp_response_result response;
	struct bp_distortion_result distortion;
	double crosstalk_db;          /* partner output into this port; NAN */
	/* The level the stimulus played at, dBFS (AES17): for a live take
	 * where auto-ranging settled, for a file the stimulus's own (its
	 * plan's, or a foreign file's RMS); NAN when nothing was played. */
	double stimulus_level_dbfs;
	/* The gain of the ring's input relative to the tip's, from the
	 * interface profile, that was taken out of the ring before the
	 * analysis, dB; NAN when no profile knew it (nothing was taken out). */
	double input_match_db;
	bool crosstalk_is_bound;
	/* Which figures sit at the interface's own limits and so are bounds,
	 * with the limits (src/profile/limits.h); "" when none. */
	char interface_limits[BP_EXPLANATION_MAX];      /* at the noise floor: an upper bound */
	struct bp_cmrr_result cmrr;
	struct bp_loop_result loop;
	struct bp_recorded recorded;
	struct bp_advice {
		enum bp_advice_rule rule;   /* which rule wrote it */
		char text[BP_ADVICE_LEN];
	} advice[BP_ADVICE_MAX];
	int n_advice;
	/* Thinned measured curves for the report's plots. */
	struct bp_plot_data plot;
	/* Set when the measurement cannot be trusted (exit status 3). */
	bool invalid;
	char invalid_reason[BP_EXPLANATION_MAX];
	/* Set when no recording was made at all (every take spoiled): level
	 * and hum were not measured, not found absent. */
	bool unrecorded;
};

/* Reset @r: every figure NAN, every verdict unknown, no advice. */
void bp_result_init(struct bp_result *r);

/* Append advice from @rule (printf format); beyond BP_ADVICE_MAX it is
 * dropped. */
void bp_result_advise(struct bp_result *r, enum bp_advice_rule rule,
		      const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Mark the measurement invalid with a reason (printf format). */
void bp_result_invalidate(struct bp_result *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* The legs of a jack, as bits of a set. */
#define BP_LEG_TIP 1u
#define BP_LEG_RING 2u

/* The rules every probe's result gets last: a recording with @stuck_legs
 * (legs stuck at full scale for the whole take) or @clipped samples at
 * full scale cannot be judged (jack and polarity unknown, invalid; for
 * clipping the reason ends with @remedy, what to turn down); a jack with
 * no signal makes the measurement invalid. */
void bp_result_check_validity(struct bp_result *r, long clipped,
			      unsigned stuck_legs, const char *remedy);

/* Whether bp_result_check_validity() leaves the legs of a recording with
 * @clipped samples at full scale and @stuck_legs to be judged: a figure
 * that follows the jack verdict (the level a balanced input receives)
 * reads the verdict the check will leave. */
bool bp_result_legs_judgeable(long clipped, unsigned stuck_legs);

/* Names as they appear in the JSON contract; NULL for "no value". */
const char *bp_jack_verdict_name(enum bp_jack_verdict v);
const char *bp_polarity_verdict_name(enum bp_polarity_verdict v);
const char *bp_level_class_name(enum bp_level_class c);
const char *bp_hum_mode_name(enum bp_hum_mode m);

/* Parse a jack verdict name (for --expect); returns 0 or -EINVAL. */
int bp_jack_verdict_parse(const char *name, enum bp_jack_verdict *out);

#endif
