/* balance: the jack verdict from the two legs alone, through Welch spectra
 * and bp_hum_analyse() as the listen probe does it.
 *
 * The acceptance: balanced stays balanced with up to 1 dB leg
 * imbalance and 50 us skew (a windowed-sinc fractional delay); unbalanced
 * stays unbalanced with ring crosstalk up to -30 dB; stereo with an L/R
 * correlation up to 0.9 is stereo; dual-mono is dual-mono; a dead port is
 * no-signal.  Programmes: white and pink noise, tones; SNR >= 20 dB. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "analyse/balance.h"
#include "analyse/hum-family.h"
#include "testsignal.h"

enum programme { WHITE, PINK, TONE, TWO_TONES, NONE };
enum port { BALANCED, UNBALANCED, STEREO, DUAL_MONO, DEAD };

static const char *const programme_names[] = { "white", "pink", "tone", "two tones", "none" };
static const char *const port_names[] = { "balanced", "unbalanced", "stereo", "dual-mono", "dead" };

struct bal_case {
	enum port port;
	enum programme prog;
	double rate;
	double ring_db;    /* ring level relative to tip (balanced, dual-mono,
			      stereo) or crosstalk level (unbalanced) */
	double skew_us;    /* ring behind tip */
	double corr;       /* stereo: L/R correlation */
	double snr_db;     /* programme to each leg's own white noise */
	double hum_dbfs;   /* common-mode 50 Hz hum; -INF: none */
	enum bp_jack_verdict want;
};

#define NOHUM (-INFINITY)
#define NOXT (-INFINITY)

static const struct bal_case cases[] = {
	/* balanced, noise programmes (BALANCED_NOISE_FIRST..LAST) */
	{ BALANCED, WHITE, 48000.0, 0.0, 0.0, 0.0, 60.0, NOHUM, BP_JACK_BALANCED },
	{ BALANCED, WHITE, 48000.0, -1.0, 50.0, 0.0, 20.0, NOHUM, BP_JACK_BALANCED },
	{ BALANCED, PINK, 48000.0, -1.0, 50.0, 0.0, 20.0, NOHUM, BP_JACK_BALANCED },
	{ BALANCED, PINK, 48000.0, 1.0, -50.0, 0.0, 40.0, NOHUM, BP_JACK_BALANCED },
	{ BALANCED, WHITE, 44100.0, -1.0, 50.0, 0.0, 20.0, NOHUM, BP_JACK_BALANCED },
	{ BALANCED, PINK, 44100.0, -1.0, -50.0, 0.0, 40.0, NOHUM, BP_JACK_BALANCED },
	{ BALANCED, PINK, 96000.0, 1.0, 50.0, 0.0, 20.0, NOHUM, BP_JACK_BALANCED },
	{ BALANCED, PINK, 48000.0, -1.0, 50.0, 0.0, 40.0, -50.0, BP_JACK_BALANCED },
	/* balanced, tones */
	{ BALANCED, TONE, 48000.0, -1.0, 50.0, 0.0, 40.0, NOHUM, BP_JACK_BALANCED },
	{ BALANCED, TONE, 48000.0, 0.0, 0.0, 0.0, 20.0, NOHUM, BP_JACK_BALANCED },
	{ BALANCED, TWO_TONES, 48000.0, -0.5, 20.0, 0.0, 30.0, NOHUM, BP_JACK_BALANCED },
	/* unbalanced: the ring carries a crosstalk copy, or nothing */
	{ UNBALANCED, WHITE, 48000.0, -30.0, 0.0, 0.0, 40.0, NOHUM, BP_JACK_UNBALANCED },
	{ UNBALANCED, PINK, 48000.0, -30.0, 0.0, -1.0, 30.0, NOHUM, BP_JACK_UNBALANCED },
	{ UNBALANCED, TONE, 48000.0, -30.0, 0.0, 0.0, 40.0, NOHUM, BP_JACK_UNBALANCED },
	{ UNBALANCED, PINK, 96000.0, NOXT, 0.0, 0.0, 60.0, NOHUM, BP_JACK_UNBALANCED },
	{ UNBALANCED, PINK, 44100.0, -30.0, 50.0, 0.0, 40.0, NOHUM, BP_JACK_UNBALANCED },
	{ UNBALANCED, WHITE, 48000.0, -40.0, 0.0, 0.0, 40.0, -60.0, BP_JACK_UNBALANCED },
	/* stereo, noise programmes at SNR >= 30 dB (STEREO_CLEAN_FIRST..LAST) */
	{ STEREO, WHITE, 48000.0, 0.0, 0.0, 0.0, 40.0, NOHUM, BP_JACK_STEREO },
	{ STEREO, PINK, 48000.0, 0.0, 0.0, 0.9, 40.0, NOHUM, BP_JACK_STEREO },
	{ STEREO, PINK, 96000.0, 2.0, 0.0, 0.5, 30.0, NOHUM, BP_JACK_STEREO },
	{ STEREO, PINK, 48000.0, 0.0, 0.0, -0.5, 40.0, NOHUM, BP_JACK_STEREO },
	/* stereo, noisier, and tones */
	{ STEREO, PINK, 48000.0, -3.0, 0.0, 0.9, 20.0, NOHUM, BP_JACK_STEREO },
	{ STEREO, WHITE, 44100.0, 0.0, 0.0, 0.9, 20.0, NOHUM, BP_JACK_STEREO },
	{ STEREO, TONE, 48000.0, 0.0, 0.0, 0.0, 40.0, NOHUM, BP_JACK_STEREO },
	/* dual-mono */
	{ DUAL_MONO, PINK, 48000.0, 0.0, 0.0, 0.0, 40.0, NOHUM, BP_JACK_DUAL_MONO },
	{ DUAL_MONO, WHITE, 48000.0, -1.0, 0.0, 0.0, 20.0, NOHUM, BP_JACK_DUAL_MONO },
	{ DUAL_MONO, TONE, 48000.0, 0.0, 0.0, 0.0, 40.0, NOHUM, BP_JACK_DUAL_MONO },
	{ DUAL_MONO, PINK, 96000.0, 0.5, 0.0, 0.0, 30.0, NOHUM, BP_JACK_DUAL_MONO },
	/* dead */
	{ DEAD, NONE, 48000.0, 0.0, 0.0, 0.0, 0.0, NOHUM, BP_JACK_NO_SIGNAL },
	{ DEAD, NONE, 48000.0, 0.0, 0.0, 0.0, 0.0, -70.0, BP_JACK_NO_SIGNAL },
	{ DEAD, NONE, 44100.0, 0.0, 0.0, 0.0, 0.0, NOHUM, BP_JACK_NO_SIGNAL },
	{ DEAD, NONE, 96000.0, 0.0, 0.0, 0.0, 0.0, NOHUM, BP_JACK_NO_SIGNAL },
};

#define BALANCED_NOISE_FIRST 0
#define BALANCED_NOISE_LAST 7
#define STEREO_CLEAN_FIRST 17
#define STEREO_CLEAN_LAST 20

#define PROGRAMME_DBFS (-20.0)
/* Dead ports: the interface's own noise, or digital silence. */
static const double dead_noise_dbfs[] = { -110.0, -100.0, -120.0, -INFINITY };

/* One programme of @kind at PROGRAMME_DBFS; @variant picks an independent
 * one (another seed, another tone). */
static double *programme(enum programme kind, size_t n, double rate,
			 unsigned seed, int variant)
{
	double *x = ts_alloc(n);
	struct bp_port_rng rng;

	bp_port_rng_seed(&rng, seed * 7919u + (unsigned)variant);
	switch (kind) {
	case WHITE:
		ts_add_white(x, n, 1.0, &rng);
		ts_scale_to_rms(x, n, ts_rms_of_dbfs(PROGRAMME_DBFS));
		break;
	case PINK:
		ts_add_pink(x, n, rate, ts_rms_of_dbfs(PROGRAMME_DBFS), &rng);
		break;
	case TONE:
		ts_add_sine(x, n, rate, variant ? 660.0 : 997.0,
			    ts_amp_of_dbfs(PROGRAMME_DBFS), 0.3);
		break;
	case TWO_TONES:
		ts_add_sine(x, n, rate, variant ? 330.0 : 220.0, 1.0, 0.0);
		ts_add_sine(x, n, rate, variant ? 2500.0 : 3150.0, 0.5, 1.0);
		ts_scale_to_rms(x, n, ts_rms_of_dbfs(PROGRAMME_DBFS));
		break;
	case NONE:
		break;
	}
	return x;
}

static double db_gain(double db)
{
	return pow(10.0, db / 20.0);
}

/* Build the recording of case @c: tip and ring, 2 s. */
static void build(const struct bal_case *c, unsigned seed, double **tip_out,
		  double **ring_out, size_t *n_out)
{
	const size_t n = (size_t)(2.0 * c->rate);
	const double delay = c->skew_us * 1e-6 * c->rate;
	double *tip, *ring = ts_alloc(n), *s, *b;
	struct bp_port_rng rng;
	double noise_dbfs;
	size_t i;

	s = programme(c->prog, n, c->rate, seed, 0);
	tip = ts_copy(s, n, 1.0);
	switch (c->port) {
	case BALANCED:
		ts_delay(ring, s, n, delay);
		for (i = 0; i < n; i++)
			ring[i] *= -db_gain(c->ring_db);
		break;
	case UNBALANCED:
		if (isfinite(c->ring_db)) {
			ts_delay(ring, s, n, delay);
			for (i = 0; i < n; i++)
				ring[i] *= (c->corr < 0.0 ? -1.0 : 1.0) * db_gain(c->ring_db);
		}
		break;
	case STEREO:
		/* R = corr L + sqrt(1 - corr^2) B, B independent of L. */
		b = programme(c->prog, n, c->rate, seed, 1);
		for (i = 0; i < n; i++)
			ring[i] = db_gain(c->ring_db) *
				  (c->corr * s[i] + sqrt(1.0 - c->corr * c->corr) * b[i]);
		break;
	case DUAL_MONO:
		for (i = 0; i < n; i++)
			ring[i] = db_gain(c->ring_db) * s[i];
		break;
	case DEAD:
		break;
	}
	noise_dbfs = c->port == DEAD ? dead_noise_dbfs[seed % 4]
				     : PROGRAMME_DBFS - c->snr_db;
	if (isfinite(noise_dbfs)) {
		bp_port_rng_seed(&rng, seed + 1000);
		ts_add_white(tip, n, ts_rms_of_dbfs(noise_dbfs), &rng);
		ts_add_white(ring, n, ts_rms_of_dbfs(noise_dbfs), &rng);
	}
	if (isfinite(c->hum_dbfs)) {
		ts_add_sine(tip, n, c->rate, 50.0, ts_amp_of_dbfs(c->hum_dbfs), 0.5);
		ts_add_sine(ring, n, c->rate, 50.0, ts_amp_of_dbfs(c->hum_dbfs), 0.5);
		ts_add_sine(tip, n, c->rate, 150.0, ts_amp_of_dbfs(c->hum_dbfs - 6.0), 1.5);
		ts_add_sine(ring, n, c->rate, 150.0, ts_amp_of_dbfs(c->hum_dbfs - 6.0), 1.5);
	}
	*tip_out = tip;
	*ring_out = ring;
	*n_out = n;
}

static void judge(const double *tip, const double *ring, size_t n, double rate,
		  struct bp_hum_result *hum, struct bp_balance *fig,
		  struct bp_jack_result *jack)
{
	struct bp_welch *w = ts_welch(tip, ring, n, rate);
	const struct bp_spectra *sp = bp_welch_spectra(w);

	bp_hum_analyse(sp, 0, BP_JACK_UNKNOWN, hum);
	memset(jack, 0x5a, sizeof(*jack));
	bp_balance_analyse(sp, hum, fig, jack);
}

/* Build case @c and judge it. */
static void run_case(const struct bal_case *c, unsigned seed,
		     struct bp_balance *fig, struct bp_jack_result *jack)
{
	struct bp_hum_result hum;
	double *tip, *ring;
	size_t n;

	build(c, seed, &tip, &ring, &n);
	judge(tip, ring, n, c->rate, &hum, fig, jack);
}

START_TEST(jack_verdict)
{
	const struct bal_case *c = &cases[_i];
	struct bp_balance fig;
	struct bp_jack_result jack;

	run_case(c, (unsigned)_i, &fig, &jack);
	ck_assert_msg(jack.verdict == c->want,
		      "case %d: %s port, %s programme, %.1f kHz, ring %+.1f dB, skew %.0f us, corr %.1f, SNR %.0f dB, hum %.0f dBFS: verdict %s, want %s (%s)",
		      _i, port_names[c->port], programme_names[c->prog],
		      c->rate / 1000.0, c->ring_db, c->skew_us, c->corr, c->snr_db,
		      c->hum_dbfs, bp_jack_verdict_name(jack.verdict),
		      bp_jack_verdict_name(c->want), jack.explanation);
	ck_assert_msg(jack.confidence >= 0.0 && jack.confidence <= 1.0,
		      "case %d: confidence %g", _i, jack.confidence);
	ck_assert_uint_gt(strlen(jack.explanation), 0);
	ck_assert_uint_lt(strlen(jack.explanation), sizeof(jack.explanation));
}
END_TEST

/* The programme's level in the analyser's band, 20 Hz .. min(20 kHz,
 * 0.45 fs): white noise spreads evenly to Nyquist, pink evenly per octave
 * from 20 Hz. */
static double band_dbfs(const struct bal_case *c)
{
	const double hi = fmin(20000.0, 0.45 * c->rate), nyq = c->rate / 2.0;
	double fraction = c->prog == WHITE ? (hi - 20.0) / nyq
					   : log(hi / 20.0) / log(nyq / 20.0);

	return PROGRAMME_DBFS + 10.0 * log10(fraction);
}

/* The figures behind a balanced verdict, where a noise programme defines
 * them: ring level, skew and phase. */
START_TEST(balanced_figures)
{
	const struct bal_case *c = &cases[_i];
	struct bp_balance fig;
	struct bp_jack_result jack;

	ck_assert(c->port == BALANCED && (c->prog == WHITE || c->prog == PINK));
	run_case(c, (unsigned)_i, &fig, &jack);
	ck_assert_double_eq_tol(fig.gain_db, c->ring_db, 0.2);
	/* (Hum bins are left out of the band: no level check then.) */
	ck_assert_msg(isfinite(c->hum_dbfs) || fabs(fig.tip_dbfs - band_dbfs(c)) < 0.3,
		      "case %d: tip %.2f dBFS in the band, want %.2f", _i,
		      fig.tip_dbfs, band_dbfs(c));
	ck_assert_msg(fabs(fig.skew_us - c->skew_us) < 3.0,
		      "case %d: skew %.2f us, want %.0f us", _i, fig.skew_us, c->skew_us);
	ck_assert_msg(fabs(fabs(fig.phase_deg) - 180.0) < 5.0,
		      "case %d: phase %.1f deg, want 180", _i, fig.phase_deg);
	ck_assert_msg(fig.coherence > 0.9, "case %d: coherence %.3f", _i, fig.coherence);
}
END_TEST

START_TEST(stereo_coherence_follows_correlation)
{
	const struct bal_case *c = &cases[_i];
	struct bp_balance fig;
	struct bp_jack_result jack;

	ck_assert(c->port == STEREO && c->prog != TONE && c->snr_db >= 30.0);
	run_case(c, (unsigned)_i, &fig, &jack);
	/* Magnitude-squared coherence of R = rho L + ...: rho^2. */
	ck_assert_msg(fabs(fig.coherence - c->corr * c->corr) < 0.1,
		      "case %d: coherence %.3f for correlation %.1f", _i,
		      fig.coherence, c->corr);
	ck_assert_double_eq_tol(fig.gain_db, c->ring_db, 0.3);
}
END_TEST

START_TEST(dead_port_in_every_noise_floor)
{
	/* The dead case at each floor, digital silence included. */
	const struct bal_case c = {
		DEAD, NONE, 48000.0, 0.0, 0.0, 0.0, 0.0, NOHUM, BP_JACK_NO_SIGNAL
	};
	struct bp_balance fig;
	struct bp_jack_result jack;

	run_case(&c, (unsigned)_i, &fig, &jack);
	ck_assert_msg(jack.verdict == BP_JACK_NO_SIGNAL, "floor %.0f dBFS: %s (%s)",
		      dead_noise_dbfs[_i], bp_jack_verdict_name(jack.verdict),
		      jack.explanation);
	ck_assert(jack.confidence >= 0.0 && jack.confidence <= 1.0);
}
END_TEST

START_TEST(swapped_legs_are_not_unbalanced)
{
	/* Signal on the ring only: not an unbalanced port wired normally;
	 * the analyser must not call it one (DESIGN: "never lie"). */
	const size_t n = 96000;
	double *s = programme(PINK, n, 48000.0, 77, 0), *tip = ts_alloc(n);
	struct bp_hum_result hum;
	struct bp_balance fig;
	struct bp_jack_result jack;
	struct bp_port_rng rng;

	bp_port_rng_seed(&rng, 78);
	ts_add_white(tip, n, ts_rms_of_dbfs(-80.0), &rng);
	ts_add_white(s, n, ts_rms_of_dbfs(-80.0), &rng);
	judge(tip, s, n, 48000.0, &hum, &fig, &jack);
	ck_assert_int_ne(jack.verdict, BP_JACK_UNBALANCED);
	ck_assert_int_ne(jack.verdict, BP_JACK_BALANCED);
	ck_assert_double_eq_tol(fig.gain_db, 60.0, 1.0);
}
END_TEST

/* An unbalanced output with its ring open: the cable's capacitance
 * couples the tip into the ring, rising 6 dB an octave to -3 dB at the
 * corner (see ts_add_capacitive()), so over the band the ring's copy comes
 * within 20 dB of the tip.  Still unbalanced, for noise and tone
 * programmes alike. */
START_TEST(open_ring_capacitive_pickup)
{
	static const double corners_hz[] = { 9000.0, 5000.0, 3000.0 };
	static const enum programme progs[] = { PINK, WHITE };
	const double rate = 48000.0, corner = corners_hz[_i % 3];
	const size_t n = (size_t)(2.0 * rate);
	double *tip = programme(progs[_i / 3], n, rate, 90 + (unsigned)_i, 0);
	double *ring = ts_alloc(n);
	struct bp_hum_result hum;
	struct bp_balance fig;
	struct bp_jack_result jack;
	struct bp_port_rng rng;

	ts_add_capacitive(ring, tip, n, rate, corner);
	bp_port_rng_seed(&rng, 190 + (unsigned)_i);
	ts_add_white(tip, n, ts_rms_of_dbfs(PROGRAMME_DBFS - 60.0), &rng);
	ts_add_white(ring, n, ts_rms_of_dbfs(PROGRAMME_DBFS - 60.0), &rng);
	judge(tip, ring, n, rate, &hum, &fig, &jack);
	ck_assert_msg(jack.verdict == BP_JACK_UNBALANCED,
		      "%s, corner %.0f Hz: verdict %s (%s)", programme_names[progs[_i / 3]],
		      corner, bp_jack_verdict_name(jack.verdict), jack.explanation);
	ck_assert_msg(fig.gain_db > -20.0,
		      "corner %.0f Hz: ring %.1f dB over the band: not a case the old rule missed",
		      corner, fig.gain_db);
}
END_TEST

/* The cable and input an open ring sees: the tip couples through the
 * capacitance between the conductors into the input's resistance, with
 * the ring's capacitance to the shield (taken as the same per metre) and
 * the input's own across it (see analyse/balance.h). */
struct cable_case {
	const char *input;
	double r_ohm, c_in_pf;
	double pf_per_m, metres;
	bool names_pickup;   /* the pickup stands clear of the ring's noise */
};

static const struct cable_case cable_cases[] = {
	{ "Hi-Z", 1e6, 150.0, 50.0, 1.0, true },
	{ "Hi-Z", 1e6, 150.0, 100.0, 3.0, true },
	{ "Hi-Z", 1e6, 150.0, 100.0, 10.0, true },
	{ "Hi-Z", 1e6, 150.0, 50.0, 10.0, true },
	{ "line", 1e4, 0.0, 100.0, 10.0, true },
	{ "line", 1e4, 0.0, 50.0, 1.0, false },
	{ "mic", 1.5e3, 0.0, 100.0, 10.0, false },
	{ "mic", 1.5e3, 0.0, 50.0, 1.0, false },
};

/* A floating ring through a real cable into line, Hi-Z and mic inputs:
 * unbalanced, and where the pickup stands out, named as capacitive with
 * its corner.  The Hi-Z cases bring the ring within a few dB of the tip
 * with a corner in the low hundreds of hertz. */
START_TEST(open_ring_into_real_inputs)
{
	const struct cable_case *c = &cable_cases[_i / 2];
	const enum programme prog = _i % 2 ? WHITE : PINK;
	const double rate = 48000.0, cc = c->pf_per_m * c->metres * 1e-12;
	const double cg = cc + c->c_in_pf * 1e-12;
	const double corner = 1.0 / (2.0 * M_PI * c->r_ohm * (cc + cg));
	const size_t n = (size_t)(3.0 * rate);
	double *tip = programme(prog, n, rate, 300 + (unsigned)_i, 0);
	double *ring = ts_alloc(n);
	struct bp_hum_result hum;
	struct bp_balance fig;
	struct bp_jack_result jack;
	struct bp_port_rng rng;

	ts_add_pickup(ring, tip, n, rate, cc / (cc + cg), corner);
	bp_port_rng_seed(&rng, 400 + (unsigned)_i);
	ts_add_white(tip, n, ts_rms_of_dbfs(PROGRAMME_DBFS - 70.0), &rng);
	ts_add_white(ring, n, ts_rms_of_dbfs(PROGRAMME_DBFS - 70.0), &rng);
	judge(tip, ring, n, rate, &hum, &fig, &jack);
	ck_assert_msg(jack.verdict == BP_JACK_UNBALANCED,
		      "%s, %.0f pF/m x %.0f m (corner %.0f Hz), %s: %s (%s)", c->input,
		      c->pf_per_m, c->metres, corner, programme_names[prog],
		      bp_jack_verdict_name(jack.verdict), jack.explanation);
	if (!c->names_pickup)
		return;
	ck_assert_msg(strstr(jack.explanation, "capacitance"), "%s, %.0f m: %s",
		      c->input, c->metres, jack.explanation);
	if (corner < 0.5 * fig.pickup.hi_hz)
		ck_assert_msg(fabs(log2(fig.pickup.corner_hz / corner)) < 0.25,
			      "%s, %.0f m: corner %.0f Hz, want %.0f Hz", c->input,
			      c->metres, fig.pickup.corner_hz, corner);
}
END_TEST

/* Copies of the tip that are not capacitive pickup: a dual-mono pair
 * whose ring alone has an AC coupling at 20 Hz, a balanced pair whose
 * cold leg alone rolls off below 50 Hz (a transformer's, a coupling
 * capacitor's) and one whose two legs roll off together. */
START_TEST(rolled_off_legs_are_not_pickup)
{
	static const double ring_gain[] = { 1.0, -1.0, -1.0 };
	static const double ring_corner_hz[] = { 20.0, 50.0, 0.0 };
	static const enum bp_jack_verdict want[] = {
		BP_JACK_DUAL_MONO, BP_JACK_BALANCED, BP_JACK_BALANCED };
	const double rate = 48000.0;
	const size_t n = (size_t)(2.0 * rate);
	double *s = programme(PINK, n, rate, 500 + (unsigned)_i, 0);
	double *tip = ts_alloc(n), *ring = ts_alloc(n);
	struct bp_hum_result hum;
	struct bp_balance fig;
	struct bp_jack_result jack;
	struct bp_port_rng rng;

	if (ring_corner_hz[_i] > 0.0) {
		ts_add_scaled(tip, s, n, 1.0);
		ts_add_capacitive(ring, s, n, rate, ring_corner_hz[_i]);
	} else {
		ts_add_capacitive(tip, s, n, rate, 80.0);
		ts_add_scaled(ring, tip, n, 1.0);
	}
	ts_add_scaled(ring, ring, n, ring_gain[_i] - 1.0);
	bp_port_rng_seed(&rng, 600 + (unsigned)_i);
	ts_add_white(tip, n, ts_rms_of_dbfs(-100.0), &rng);
	ts_add_white(ring, n, ts_rms_of_dbfs(-100.0), &rng);
	judge(tip, ring, n, rate, &hum, &fig, &jack);
	ck_assert_msg(jack.verdict == want[_i], "case %d: %s (%s)", _i,
		      bp_jack_verdict_name(jack.verdict), jack.explanation);
	ck_assert(!fig.pickup.found);
}
END_TEST

/* "the ring is X dB below" as @text says it, or NAN. */
static double ring_below_db(const char *text)
{
	const char *at = strstr(text, "the ring is ");
	double db;

	if (!at)
		return NAN;
	at += strlen("the ring is ");
	if (strncmp(at, "at the noise floor, ", 20) == 0)
		at += 20;
	if (strncmp(at, "more than ", 10) == 0)
		at += 10;
	return sscanf(at, "%lf dB below", &db) == 1 ? db : NAN;
}

/* One measurement, one number: the jack line and the advice give the
 * same figure for how far the ring lies below the tip, though the ring's
 * own level (hum on an impedance-balanced ring, or none at all) differs
 * from it.  Listen from a file, and the out probe on the simulator. */
START_TEST(ring_gap_is_one_number)
{
	struct bp_result r;
	int i;

	if (_i == 0) {
		const double rate = 48000.0;
		const size_t n = (size_t)(2.0 * rate);
		double *tip = programme(PINK, n, rate, 700, 0), *ring = ts_alloc(n);
		struct bp_port_rng rng;
		char path[512];

		bp_port_rng_seed(&rng, 701);
		ts_add_white(tip, n, ts_rms_of_dbfs(-100.0), &rng);
		ts_add_white(ring, n, ts_rms_of_dbfs(-100.0), &rng);
		ts_add_sine(tip, n, rate, 60.0, ts_amp_of_dbfs(-65.0), 0.1);
		ts_add_sine(ring, n, rate, 60.0, ts_amp_of_dbfs(-65.0), 0.1);
		ts_path(path, sizeof(path), "impbal.wav");
		ts_write_pair(path, rate, tip, ring, n, BP_WAV_PCM24);
		ck_assert_int_eq(ts_run_probe("listen", path, 1, 2, 0, NAN, &r), 0);
	} else {
		ts_run_sim("sim:unbalanced", NAN, &r);
	}
	ck_assert_int_eq(r.jack.verdict, BP_JACK_UNBALANCED);
	ck_assert_msg(isfinite(ring_below_db(r.jack.explanation)), "%s", r.jack.explanation);
	for (i = 0; i < r.n_advice; i++)
		if (r.advice[i].rule == BP_ADVICE_UNBALANCED)
			break;
	ck_assert_int_lt(i, r.n_advice);
	ck_assert_msg(ring_below_db(r.advice[i].text) == ring_below_db(r.jack.explanation),
		      "jack: %s\nadvice: %s", r.jack.explanation, r.advice[i].text);
}
END_TEST

/* A skew is quoted only where the signal resolves one (issue 13): a
 * single tone has one phase, so no slope to read a delay from; pink
 * noise over the band has, and gives it with its error. */
START_TEST(skew_only_where_resolved)
{
	const enum programme prog = _i == 0 ? TONE : PINK;
	const double rate = 48000.0;
	const size_t n = (size_t)(2.0 * rate);
	double *s = programme(prog, n, rate, 800, 0), *tip = ts_alloc(n);
	double *ring = ts_alloc(n);
	struct bp_hum_result hum;
	struct bp_balance fig;
	struct bp_jack_result jack;
	struct bp_port_rng rng;

	ts_add_scaled(tip, s, n, 1.0);
	ts_delay(ring, s, n, 20e-6 * rate);
	ts_add_scaled(ring, ring, n, -2.0);   /* inverted */
	bp_port_rng_seed(&rng, 801);
	ts_add_white(tip, n, ts_rms_of_dbfs(PROGRAMME_DBFS - 50.0), &rng);
	ts_add_white(ring, n, ts_rms_of_dbfs(PROGRAMME_DBFS - 50.0), &rng);
	judge(tip, ring, n, rate, &hum, &fig, &jack);
	ck_assert_msg(jack.verdict == BP_JACK_BALANCED, "%s", jack.explanation);
	if (prog == TONE) {
		ck_assert_msg(!strstr(jack.explanation, " us"), "%s", jack.explanation);
		ck_assert_ptr_nonnull(strstr(jack.explanation, "too narrow a signal to resolve a skew"));
		ck_assert(!(fig.skew_se_us <= 5.0));
	} else {
		ck_assert_ptr_nonnull(strstr(jack.explanation, "skew 20."));
		ck_assert(fig.skew_se_us < 1.0);
		ck_assert_double_eq_tol(fig.skew_us, 20.0, 3.0 * fig.skew_se_us + 0.5);
	}
}
END_TEST

/* bp_jack_judge(), the one rule set out and listen share, on evidence
 * given directly: each rule once by stimulus and by programme, with the
 * wording each basis gives. */
struct rule_case {
	enum bp_jack_basis basis;
	bool tip, ring;            /* present */
	double tip_db, ring_db, snr_db, sign, coherence;
	bool partner;              /* the partner comes back on the ring at the tip's level */
	bool silence;              /* digital silence */
	enum bp_jack_verdict want;
	const char *says;          /* in the explanation */
};

#define STIM BP_JACK_BY_STIMULUS
#define PROG BP_JACK_BY_PROGRAMME

static const struct rule_case rule_cases[] = {
	{ STIM, false, false, -3, -3, 2, 1, 0, false, false, BP_JACK_NO_SIGNAL,
	  "the stimulus does not come back on tip or ring (its response stands 2.0 dB and 2.0 dB above the noise)" },
	{ STIM, false, false, -3, -3, -INFINITY, 1, 0, false, true, BP_JACK_NO_SIGNAL,
	  "tip and ring are digital silence: nothing comes back" },
	{ PROG, false, false, -110, -112, 0, 1, 0, false, false, BP_JACK_NO_SIGNAL,
	  "neither tip (-110.0 dBFS) nor ring (-112.0 dBFS) carries a signal above -80 dBFS, hum left out" },
	{ PROG, false, false, -INFINITY, -INFINITY, 0, 1, 0, false, true, BP_JACK_NO_SIGNAL,
	  "tip and ring are digital silence: nothing is recorded" },
	{ STIM, false, true, -40, -3, 30, 1, 0, false, false, BP_JACK_UNKNOWN,
	  "the stimulus comes back on the ring only (-3.0 dB)" },
	{ PROG, false, true, -90, -20, 0, 1, 0.1, false, false, BP_JACK_UNKNOWN,
	  "only the ring carries signal (tip 70.0 dB below it)" },
	/* A ring 25 dB above a tip that carries signal: by programme an
	 * open tip, by stimulus the tip does return it. */
	{ PROG, true, true, -45, -20, 0, 1, 0.1, false, false, BP_JACK_UNKNOWN,
	  "only the ring carries signal (tip 25.0 dB below it)" },
	{ STIM, true, true, -25, 0, 40, 1, 0, false, false, BP_JACK_UNKNOWN,
	  "ring carries the tip signal at +25.0 dB and 0 deg: neither balanced nor unbalanced" },
	{ STIM, true, true, 0, -60, 40, 1, 0, false, false, BP_JACK_UNBALANCED,
	  "only the tip carries the signal; the ring is 60.0 dB below it — an unbalanced output" },
	{ STIM, true, false, 0, -60, 40, 1, 0, false, false, BP_JACK_UNBALANCED,
	  "the ring is at the noise floor, more than 60.0 dB below it" },
	{ PROG, true, true, -20, -60, 0, 1, 0.6, false, false, BP_JACK_UNBALANCED,
	  "the ring is 40.0 dB below it (a crosstalk copy of the tip) —" },
	{ STIM, true, true, 0, -60, 40, 1, 0, true, false, BP_JACK_STEREO,
	  "the ring carries its pair partner (0.0 dB): a stereo jack" },
	{ STIM, true, true, 0, -0.001, 40, -1, 0, false, false, BP_JACK_BALANCED,
	  "ring carries the tip signal inverted (0.00 dB, 0.0 deg)" },
	{ PROG, true, true, -20, -20.001, 0, -1, 0.95, false, false, BP_JACK_BALANCED,
	  "ring carries the tip signal inverted (-0.00 dB, 0.0 deg, coherence 0.950" },
	{ PROG, true, true, -20, -20, 0, -1, 0.3, false, false, BP_JACK_STEREO,
	  "tip and ring carry different signals (coherence 0.30, ring +0.0 dB)" },
	{ STIM, true, true, 0, -1, 40, 1, 0, false, false, BP_JACK_DUAL_MONO,
	  "tip and ring carry the same signal in phase (-1.00 dB, 0.0 deg): dual-mono" },
	{ PROG, true, true, -20, -21, 0, 1, 0.99, false, false, BP_JACK_DUAL_MONO,
	  "in phase (-1.00 dB, 0.0 deg, coherence 0.990): dual-mono" },
	{ PROG, true, true, -20, -21, 0, 1, 0.7, false, false, BP_JACK_STEREO,
	  "carry different signals (coherence 0.70" },
	{ PROG, true, true, -20, -21, 0, 0, 0.95, false, false, BP_JACK_UNKNOWN,
	  "neither balanced nor a stereo pair" },
};

START_TEST(one_rule_set)
{
	const struct rule_case *c = &rule_cases[_i];
	struct bp_pickup none = { .found = false };
	struct bp_jack_evidence ev = {
		.basis = c->basis, .tip_db = c->tip_db, .ring_db = c->ring_db,
		.tip_present = c->tip, .ring_present = c->ring,
		.tip_snr_db = c->snr_db, .ring_snr_db = c->snr_db,
		.digital_silence = c->silence, .sign = c->sign,
		.phase_deg = 0.0, .pickup = &none, .coherence = c->coherence,
		.skew_us = 0.0, .skew_se_us = INFINITY,
		.partner_ring_present = c->partner, .partner_ring_db = c->tip_db,
	};
	struct bp_jack_result out;

	bp_jack_judge(&ev, &out);
	ck_assert_msg(out.verdict == c->want, "case %d: verdict %d, want %d (%s)", _i,
		      out.verdict, c->want, out.explanation);
	ck_assert_msg(strstr(out.explanation, c->says), "case %d: \"%s\" lacks \"%s\"", _i,
		      out.explanation, c->says);
	ck_assert(c->want == BP_JACK_UNKNOWN ? isnan(out.confidence)
					     : out.confidence >= 0.0 && out.confidence <= 1.0);
}
END_TEST

/* By stimulus the ring's figure stops at 120 dB below the tip, a bound;
 * an absent ring's figure is a bound too.  By programme it is the
 * measured difference. */
START_TEST(ring_figure_bounds)
{
	struct bp_pickup none = { .found = false };
	struct bp_jack_evidence ev = {
		.basis = BP_JACK_BY_STIMULUS, .tip_db = 0.0, .ring_db = -150.0,
		.tip_present = true, .ring_present = true, .tip_snr_db = 40.0,
		.ring_snr_db = 25.0, .sign = 1.0, .pickup = &none,
	};
	struct bp_jack_result out;

	bp_jack_judge(&ev, &out);
	ck_assert_double_eq(out.ring_db, -120.0);
	ck_assert(out.ring_db_is_bound);
	ck_assert_double_eq_tol(out.confidence, 1.0, 1e-12);
	ev.ring_db = -40.0;
	bp_jack_judge(&ev, &out);
	ck_assert_double_eq(out.ring_db, -40.0);
	ck_assert(!out.ring_db_is_bound);
	ev.ring_present = false;
	bp_jack_judge(&ev, &out);
	ck_assert(out.ring_db_is_bound);
	ev.basis = BP_JACK_BY_PROGRAMME;
	ev.ring_db = -150.0;
	bp_jack_judge(&ev, &out);
	ck_assert_double_eq(out.ring_db, -150.0);
	ck_assert(!out.ring_db_is_bound);
}
END_TEST

Suite *balance_suite(void)
{
	Suite *s = suite_create("balance");
	TCase *tc = ts_tcase(s, "verdict", false);
	const int n_cases = sizeof(cases) / sizeof(cases[0]);

	tcase_add_loop_test(tc, jack_verdict, 0, n_cases);
	tcase_add_loop_test(tc, dead_port_in_every_noise_floor, 0,
			    sizeof(dead_noise_dbfs) / sizeof(dead_noise_dbfs[0]));
	tcase_add_test(tc, swapped_legs_are_not_unbalanced);
	tcase_add_loop_test(tc, open_ring_capacitive_pickup, 0, 6);
	tcase_add_loop_test(tc, open_ring_into_real_inputs, 0,
			    2 * (int)(sizeof(cable_cases) / sizeof(cable_cases[0])));
	tcase_add_loop_test(tc, rolled_off_legs_are_not_pickup, 0, 3);

	tc = ts_tcase(s, "figures", false);
	tcase_add_loop_test(tc, balanced_figures, BALANCED_NOISE_FIRST,
			    BALANCED_NOISE_LAST + 1);
	tcase_add_loop_test(tc, stereo_coherence_follows_correlation,
			    STEREO_CLEAN_FIRST, STEREO_CLEAN_LAST + 1);
	tcase_add_loop_test(tc, skew_only_where_resolved, 0, 2);
	tc = ts_tcase(s, "rules", false);
	tcase_add_loop_test(tc, one_rule_set, 0, sizeof(rule_cases) / sizeof(rule_cases[0]));
	tcase_add_test(tc, ring_figure_bounds);
	tc = ts_tcase(s, "one-number", true);
	tcase_add_loop_test(tc, ring_gap_is_one_number, 0, 2);
	return s;
}
