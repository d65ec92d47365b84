/* gen-out-fixtures: write the out-probe fixtures of fixtures/: stimulus
 * files (what `balprobe stimulus --probe out` writes, shared by the
 * fixtures at one rate) and the recordings a port model makes of them,
 * each with its NAME.expect.json ground truth.
 *
 *   gen-out-fixtures OUTDIR
 *
 * The truth follows from the model's parameters alone: the jack and
 * polarity from the port's kind; the latency from the model's delay plus
 * how early the recording starts; the level of the 1 kHz tone as a
 * balanced input receives it (tip - ring for a balanced port, the tip
 * otherwise) from the plan's level, the output stage's gain and the ring's
 * mismatch; hum from the model's hum, pickup and ripple.  Nothing here
 * runs balprobe's analysers.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "util/errors.h"
#include "fixture-files.h"
#include "device/port-model.h"
#include "probes/probe.h"
#include "signal/stimulus.h"
#include "io/audio-file.h"

#define NONE (-INFINITY)
#define STIMULUS_LEVEL_DBFS (-20.0)
/* Recorded after the stimulus ends: room for the latency and a tail. */
#define TAIL_S 0.3
/* Tolerances of the truth (json-expect): noise at SNR >= 60 dB moves the
 * tone's and the hum's levels by far less than LEVEL_TOL_DB and the
 * latency by far less than LATENCY_TOL_SAMPLES (the engine issue's +-0.02
 * samples); the SNR 25 dB fixture widens both (about 0.1 dB of noise in a
 * line's lobe). */
#define LEVEL_TOL_DB 0.1
#define LATENCY_TOL_SAMPLES 0.02

/* A stimulus: balprobe's own plan at a rate, or a foreign linear sweep. */
enum stimulus {
	STIM_PLAN_48K,
	STIM_PLAN_44K_QUICK,
	STIM_PLAN_96K_QUICK,
	STIM_FOREIGN_LINEAR_48K,
	STIMULI
};

static const struct {
	const char *file;
	double rate_hz;
	bool quick, foreign;
} stimuli[STIMULI] = {
	[STIM_PLAN_48K] = { "out-stimulus-48k.flac", 48000, false, false },
	[STIM_PLAN_44K_QUICK] = { "out-stimulus-44k-quick.flac", 44100, true, false },
	[STIM_PLAN_96K_QUICK] = { "out-stimulus-96k-quick.flac", 96000, true, false },
	[STIM_FOREIGN_LINEAR_48K] = { "out-stimulus-linear-48k.flac", 48000, false, true },
};

/* One fixture.  Levels given as 0 mean "none"; noise 0 means
 * FIXTURE_NOISE_DBFS. */
struct fixture {
	const char *name;
	const char *note;
	enum bp_port_kind kind;
	enum stimulus stim;
	double gain_db, mismatch_db, crosstalk_db;
	int mains_hz;
	double hum_dbfs, pickup_dbfs, ripple_dbfs, noise_dbfs;
	double latency_samples;
	double early_s;         /* the recording starts this long before the
				 * stimulus (negative: after it) */
	double latency_tol;     /* 0: LATENCY_TOL_SAMPLES */
	double level_tol;       /* 0: LEVEL_TOL_DB */
};

static const struct fixture fixtures[] = {
	{ "out-bal-48k", "balanced line output, the full plan",
	  BP_PORT_BALANCED, STIM_PLAN_48K, .latency_samples = 311.37 },
	{ "out-inv-gl50-48k", "balanced, pin 3 hot, 50 Hz ground loop",
	  BP_PORT_INVERTED, STIM_PLAN_48K, .mains_hz = 50, .hum_dbfs = -60.0,
	  .latency_samples = 97.25 },
	{ "out-bal-early-44k", "balanced, ring 0.5 dB low, the recording starts 0.7 s early",
	  BP_PORT_BALANCED, STIM_PLAN_44K_QUICK, .mismatch_db = -0.5,
	  .latency_samples = 45.5, .early_s = 0.7 },
	{ "out-bal-late-48k", "balanced, the recording starts 30 ms after the stimulus: negative latency",
	  BP_PORT_BALANCED, STIM_PLAN_48K, .latency_samples = 311.37, .early_s = -0.03 },
	{ "out-bal-snr25-hum40-48k", "balanced at SNR 25 dB with -40 dBFS 60 Hz ground loop",
	  BP_PORT_BALANCED, STIM_PLAN_48K, .mains_hz = 60, .hum_dbfs = -40.0,
	  .noise_dbfs = -45.0, .latency_samples = 1234.567, .latency_tol = 0.05,
	  .level_tol = 0.2 },
	{ "out-unbal-44k", "unbalanced output, ring tied to the sleeve, 6 dB down",
	  BP_PORT_UNBALANCED, STIM_PLAN_44K_QUICK, .gain_db = -6.0,
	  .latency_samples = 12.5 },
	{ "out-float-pickup60-48k", "unbalanced, ring left open: it picks up 60 Hz hum",
	  BP_PORT_UNBALANCED_FLOATING, STIM_PLAN_48K, .mains_hz = 60,
	  .pickup_dbfs = -66.0, .latency_samples = 64.0 },
	{ "out-impbal-ripple-44k", "impedance-balanced output with 100 Hz supply ripple",
	  BP_PORT_IMPEDANCE_BALANCED, STIM_PLAN_44K_QUICK, .mains_hz = 50,
	  .ripple_dbfs = -75.0, .latency_samples = 300.0 },
	{ "out-stereo-48k", "stereo jack: tip is this output, ring its pair partner; -60 dB crosstalk",
	  BP_PORT_STEREO, STIM_PLAN_48K, .crosstalk_db = -60.0,
	  .latency_samples = 77.7 },
	{ "out-dualmono-96k", "dual-mono: the same signal in phase on tip and ring",
	  BP_PORT_DUAL_MONO, STIM_PLAN_96K_QUICK, .gain_db = -3.0,
	  .latency_samples = 622.74 },
	{ "out-dead-48k", "dead port: nothing comes back",
	  BP_PORT_DEAD, STIM_PLAN_48K, .noise_dbfs = FIXTURE_NOISE_DBFS },
	{ "out-foreign-linear-48k", "balanced, against a foreign linear sweep (no plan in the file)",
	  BP_PORT_BALANCED, STIM_FOREIGN_LINEAR_48K, .latency_samples = 1000.125,
	  .early_s = 0.2 },
};

static void *xcalloc(size_t n, size_t size)
{
	return fixture_calloc("gen-out-fixtures", n, size);
}

/* A stimulus rendered: interleaved, @channels per frame. */
struct rendered {
	double *x;
	long frames;
	int channels;
	struct bp_plan plan;
};

/* A linear sweep 20 Hz .. 20 kHz, 2 s, with 0.5 s of silence before and
 * after and 10 ms raised-cosine fades, at the plan level: the kind of
 * file a DAW's test-signal generator makes. */
static void render_linear_sweep(struct rendered *r, double rate_hz)
{
	const long lead = lround(0.5 * rate_hz), len = lround(2.0 * rate_hz);
	const long fade = lround(0.01 * rate_hz);
	const double f1 = 20.0, f2 = 20000.0, t_len = (double)len / rate_hz;
	const double peak = pow(10.0, STIMULUS_LEVEL_DBFS / 20.0);
	long i;

	r->channels = 1;
	r->frames = 2 * lead + len;
	r->x = xcalloc((size_t)r->frames, sizeof(double));
	for (i = 0; i < len; i++) {
		double t = (double)i / rate_hz, g = 1.0;

		if (i < fade)
			g = 0.5 - 0.5 * cos(M_PI * (double)i / (double)fade);
		else if (i >= len - fade)
			g = 0.5 - 0.5 * cos(M_PI * (double)(len - 1 - i) / (double)fade);
		r->x[lead + i] = g * peak *
				 sin(2.0 * M_PI * (f1 * t + (f2 - f1) * t * t / (2.0 * t_len)));
	}
}

static void render_stimulus(struct rendered *r, enum stimulus which)
{
	memset(r, 0, sizeof(*r));
	if (stimuli[which].foreign) {
		render_linear_sweep(r, stimuli[which].rate_hz);
		return;
	}
	if (bp_probe_find("out")->plan(&r->plan, stimuli[which].rate_hz, STIMULUS_LEVEL_DBFS,
				       stimuli[which].quick) != 0) {
		fprintf(stderr, "gen-out-fixtures: the out plan refused its parameters\n");
		exit(2);
	}
	r->x = bp_plan_render(&r->plan);
	if (!r->x) {
		fprintf(stderr, "gen-out-fixtures: out of memory\n");
		exit(2);
	}
	r->channels = r->plan.channels;
	r->frames = r->plan.length;
}

static int write_stimulus(const struct rendered *r, enum stimulus which,
			  const char *outdir)
{
	char path[1024], comment[1024] = "";

	if (!stimuli[which].foreign &&
	    bp_plan_format(&r->plan, comment, sizeof(comment)) != 0)
		return BP_E_NOMEM;
	snprintf(path, sizeof(path), "%s/%s", outdir, stimuli[which].file);
	return bp_wav_write(path, stimuli[which].rate_hz, r->channels, r->x,
			    r->frames, BP_FLAC_PCM24, stimuli[which].foreign ? NULL : comment);
}

static const char *jack_truth(enum bp_port_kind kind)
{
	switch (kind) {
	case BP_PORT_BALANCED:
	case BP_PORT_INVERTED:
		return "balanced";
	case BP_PORT_UNBALANCED:
	case BP_PORT_UNBALANCED_FLOATING:
	case BP_PORT_IMPEDANCE_BALANCED:
		return "unbalanced";
	case BP_PORT_STEREO:
		return "stereo";
	case BP_PORT_DUAL_MONO:
		return "dual-mono";
	default:
		return "no-signal";
	}
}

/* The tone's level as a balanced input receives it: tip - ring for a
 * balanced port (the ring's share scaled by the mismatch), else the tip.
 * The quantisation of the 24-bit stimulus is 140 dB down: ignored. */
static double level_truth(const struct fixture *f)
{
	double dbfs = STIMULUS_LEVEL_DBFS + f->gain_db;

	if (f->kind == BP_PORT_BALANCED || f->kind == BP_PORT_INVERTED)
		dbfs += 20.0 * log10(1.0 + pow(10.0, f->mismatch_db / 20.0));
	return dbfs;
}

static json_t *truth_json(const struct fixture *f, const struct bp_port_model *m,
			  const char *file, double latency)
{
	const bool dead = f->kind == BP_PORT_DEAD;
	const bool own_plan = !stimuli[f->stim].foreign;
	const bool hum = m->hum_dbfs > NONE || m->pickup_dbfs > NONE ||
			 m->ripple_dbfs > NONE;
	json_t *t = json_object(), *args = json_array();

	json_array_append_new(args, json_string("--probe"));
	json_array_append_new(args, json_string("out"));
	json_array_append_new(args, json_string("--stimulus"));
	json_array_append_new(args, json_string(stimuli[f->stim].file));
	json_object_set_new(t, "file", json_string(file));
	json_object_set_new(t, "description", json_string(f->note));
	json_object_set_new(t, "model", json_pack("{s:s, s:f, s:f, s:f, s:f, s:f, s:f, s:f, s:f, s:f}",
		"kind", bp_port_kind_name(m->kind), "gain_db", m->gain_db,
		"mismatch_db", m->mismatch_db, "mains_hz", m->mains_hz,
		"hum_dbfs", isfinite(m->hum_dbfs) ? m->hum_dbfs : -999.0,
		"pickup_dbfs", isfinite(m->pickup_dbfs) ? m->pickup_dbfs : -999.0,
		"ripple_dbfs", isfinite(m->ripple_dbfs) ? m->ripple_dbfs : -999.0,
		"noise_dbfs", m->noise_dbfs, "latency_samples", m->latency_samples,
		"recording_early_s", f->early_s));
	json_object_set_new(t, "args", args);
	json_object_set_new(t, "exit", json_integer(dead ? 3 : 0));
	json_object_set_new(t, "jack", json_string(jack_truth(f->kind)));
	if (dead)
		return t;
	json_object_set_new(t, "polarity",
			    json_string(f->kind == BP_PORT_INVERTED ? "inverted" : "normal"));
	json_object_set_new(t, "latency_samples", json_real(latency));
	json_object_set_new(t, "latency_tol_samples",
			    json_real(f->latency_tol > 0.0 ? f->latency_tol : LATENCY_TOL_SAMPLES));
	if (!own_plan)
		return t;   /* no tone, no silence: level and hum unmeasured */
	json_object_set_new(t, "level_dbfs", json_real(round(level_truth(f) * 1000.0) / 1000.0));
	json_object_set_new(t, "level_tol_db", json_real(f->level_tol > 0.0 ? f->level_tol : LEVEL_TOL_DB));
	json_object_set_new(t, "hum_present", json_boolean(hum));
	if (hum)
		json_object_set_new(t, "mains_hz", json_integer(f->mains_hz));
	/* The mains line on the louder leg: the ground loop's on both legs,
	 * else what a floating ring picks up (ripple has no line at mains). */
	if (m->hum_dbfs > NONE || m->pickup_dbfs > NONE)
		json_object_set_new(t, "hum_fundamental_dbfs",
				    json_real(m->hum_dbfs > NONE ? m->hum_dbfs : m->pickup_dbfs));
	/* An open ring's own pickup, in the silence: not a ground loop. */
	if (m->pickup_dbfs > NONE && m->hum_dbfs == NONE && m->ripple_dbfs == NONE)
		json_object_set_new(t, "ground_loop", json_false());
	/* Common-mode hum on both legs of a balanced port is a ground loop. */
	if (m->hum_dbfs > NONE && m->pickup_dbfs == NONE && m->ripple_dbfs == NONE &&
	    (f->kind == BP_PORT_BALANCED || f->kind == BP_PORT_INVERTED))
		json_object_set_new(t, "ground_loop", json_true());
	return t;
}

static int generate(const struct fixture *f, uint64_t seed,
		    const struct rendered *stim, const char *outdir)
{
	const double rate = stimuli[f->stim].rate_hz;
	const long early = lround(f->early_s * rate);
	const long n = stim->frames + early + lround(TAIL_S * rate);
	double *prog = xcalloc((size_t)n, sizeof(double));
	double *partner = xcalloc((size_t)n, sizeof(double));
	struct bp_port_model m;
	char file[256];
	long i;
	int err;

	/* The stimulus sits @early samples into the recording's timeline
	 * (before its start when negative). */
	for (i = 0; i < stim->frames; i++) {
		long at = i + early;

		if (at < 0 || at >= n)
			continue;
		prog[at] = stim->x[i * stim->channels];
		if (stim->channels > 1)
			partner[at] = stim->x[i * stim->channels + 1];
	}
	bp_port_model_init(&m, f->kind);
	m.gain_db = f->gain_db;
	m.mismatch_db = f->mismatch_db;
	fixture_disturb(&m, &(struct fixture_disturbances){
		f->mains_hz, f->crosstalk_db, f->hum_dbfs, f->pickup_dbfs,
		f->ripple_dbfs, f->noise_dbfs });
	m.latency_samples = f->latency_samples;
	m.seed = seed;
	err = fixture_write_recording("gen-out-fixtures", outdir, f->name, &m, rate, prog,
				      partner, (size_t)n, BP_FLAC_PCM24, file, sizeof(file));
	if (!err)
		err = fixture_write_truth(outdir, f->name,
					  truth_json(f, &m, file, f->latency_samples + (double)early));
	free(prog);
	free(partner);
	return err;
}

int main(int argc, char **argv)
{
	struct rendered stim[STIMULI] = { { 0 } };
	size_t i;
	int s, err = 0;

	if (argc != 2 || argv[1][0] == '-') {
		fprintf(stderr, "Usage: gen-out-fixtures OUTDIR\n"
			"Write the out-probe stimuli, recordings and NAME.expect.json truth to OUTDIR.\n");
		return 1;
	}
	for (s = 0; s < STIMULI && !err; s++) {
		render_stimulus(&stim[s], (enum stimulus)s);
		err = write_stimulus(&stim[s], (enum stimulus)s, argv[1]);
	}
	for (i = 0; i < sizeof(fixtures) / sizeof(fixtures[0]) && !err; i++) {
		err = generate(&fixtures[i], 0x6f7574ull + i, &stim[fixtures[i].stim], argv[1]);
		if (!err)
			printf("%s\n", fixtures[i].name);
	}
	for (s = 0; s < STIMULI; s++)
		free(stim[s].x);
	if (err) {
		fprintf(stderr, "gen-out-fixtures: %s\n",
			bp_error_detail() ? bp_error_detail() : bp_strerror(err));
		return 2;
	}
	return 0;
}
