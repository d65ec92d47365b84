/* gen-fixtures: write the model-made fixtures of fixtures/ (recordings and
 * their NAME.expect.json ground truth).
 *
 *   gen-fixtures OUTDIR
 *
 * Each fixture is a port model (src/device/port-model.h) fed a programme: pink
 * noise or tones made as random-phase multisines on the FFT bins of the
 * whole take (so every component's amplitude is known exactly), or
 * speech-like bursts.  The truth follows from the model's parameters
 * alone, component by component: powers of independent parts add, a sine
 * of peak A is 20 log10(A) dBFS (AES17), a balanced input receives
 * tip - ring.  Nothing here runs balprobe's analysers.
 */
#include "config.h"

#include <complex.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <fftw3.h>
#include <jansson.h>

#include "dsp/dsp.h"
#include "util/errors.h"
#include "device/port-model.h"
#include "fixture-files.h"
#include "report/report.h"
#include "io/audio-file.h"

#define NONE (-INFINITY)
#define PINK_HIGHPASS_HZ 20.0
#define PINK_HIGH_HZ 20000.0
/* A truth level must sit this far from a class boundary. */
#define CLASS_MARGIN_DB 2.0

enum prog {
	PROG_NONE,
	PROG_PINK,
	PROG_TONE_1K,
	PROG_TONES_440_2500,
	PROG_TONE_2500,
	PROG_BURSTS
};

static const char *const prog_names[] = {
	[PROG_NONE] = "silence",
	[PROG_PINK] = "pink noise, 2nd-order high-pass at 20 Hz, to 20 kHz",
	[PROG_TONE_1K] = "1 kHz sine",
	[PROG_TONES_440_2500] = "440 Hz + 2500 Hz sines, equal peaks",
	[PROG_TONE_2500] = "2500 Hz sine",
	[PROG_BURSTS] = "speech-like noise bursts",
};

/* One fixture.  Level fields given as 0 mean "none" (no fixture wants a
 * 0 dBFS hum); noise 0 means FIXTURE_NOISE_DBFS. */
struct fixture {
	const char *name;
	const char *probe;          /* "listen" or "hum" */
	const char *note;
	enum bp_port_kind kind;
	enum prog prog, partner;    /* partner: stereo only */
	double prog_dbfs;           /* programme: mean square while active */
	double partner_dbfs;
	double correlation;         /* partner = c x programme + ... */
	double mismatch_db, skew_us, crosstalk_db;
	int mains_hz;
	double hum_dbfs, pickup_dbfs, ripple_dbfs, noise_dbfs;
	double latency_samples;
	bool clip;
	double rate_hz, duration_s;
	enum bp_wav_encoding enc;
	const char *fs_dbu;         /* --input-fs-dbu, NULL: none */
};

static const struct fixture fixtures[] = {
	/* Balanced. */
	{ "bal-pink-pro-48k", "listen", "balanced line output playing pink noise at +4 dBu",
	  BP_PORT_BALANCED, PROG_PINK, .prog_dbfs = -20.0, .latency_samples = 12.37,
	  .rate_hz = 48000, .duration_s = 2.0, .enc = BP_FLAC_PCM24, .fs_dbu = "18" },
	{ "bal-mismatch-1k-48k", "listen", "balanced, ring 0.5 dB low and 20 us late, 1 kHz tone",
	  BP_PORT_BALANCED, PROG_TONE_1K, .prog_dbfs = -20.0, .mismatch_db = -0.5,
	  .skew_us = 20.0, .rate_hz = 48000, .duration_s = 1.5, .enc = BP_WAV_PCM24,
	  .fs_dbu = "18" },
	{ "bal-mismatch-pink-gl50-44k", "listen", "balanced, ring 0.5 dB low and 20 us late, pink noise, 50 Hz ground loop",
	  BP_PORT_BALANCED, PROG_PINK, .prog_dbfs = -20.0, .mismatch_db = -0.5,
	  .skew_us = 20.0, .mains_hz = 50, .hum_dbfs = -65.0, .latency_samples = 3.5,
	  .rate_hz = 44100, .duration_s = 2.0, .enc = BP_FLAC_PCM16, .fs_dbu = "18" },
	{ "bal-pink-gl50-48k", "listen", "balanced, pink noise, 50 Hz ground-loop hum under it",
	  BP_PORT_BALANCED, PROG_PINK, .prog_dbfs = -20.0, .mains_hz = 50,
	  .hum_dbfs = -60.0, .rate_hz = 48000, .duration_s = 2.0, .enc = BP_FLAC_PCM16,
	  .fs_dbu = "18" },
	{ "bal-1k-gl60-96k", "listen", "balanced, 1 kHz tone, 60 Hz ground loop, 96 kHz",
	  BP_PORT_BALANCED, PROG_TONE_1K, .prog_dbfs = -22.0, .mains_hz = 60,
	  .hum_dbfs = -70.0, .latency_samples = 41.73, .rate_hz = 96000,
	  .duration_s = 1.5, .enc = BP_FLAC_PCM24, .fs_dbu = "18" },
	{ "bal-tones-ripple100-48k", "listen", "balanced, 440 + 2500 Hz tones, 100 Hz supply ripple",
	  BP_PORT_BALANCED, PROG_TONES_440_2500, .prog_dbfs = -20.0, .mains_hz = 50,
	  .ripple_dbfs = -70.0, .rate_hz = 48000, .duration_s = 2.0,
	  .enc = BP_WAV_PCM16, .fs_dbu = "18" },
	{ "bal-1k-ripple120-mic-44k", "listen", "balanced mic-level output (DI box), 1 kHz, 120 Hz ripple, float",
	  BP_PORT_BALANCED, PROG_TONE_1K, .prog_dbfs = -45.0, .mains_hz = 60,
	  .ripple_dbfs = -80.0, .noise_dbfs = -115.0, .rate_hz = 44100,
	  .duration_s = 1.5, .enc = BP_WAV_FLOAT, .fs_dbu = "-6" },
	{ "bal-speech-mic-48k", "listen", "balanced mic-level output, speech-like bursts",
	  BP_PORT_BALANCED, PROG_BURSTS, .prog_dbfs = -46.0, .noise_dbfs = -110.0,
	  .rate_hz = 48000, .duration_s = 2.0, .enc = BP_FLAC_PCM24, .fs_dbu = "-6" },
	{ "bal-pink-speaker-48k", "listen", "bridged (BTL) power amplifier output through a 40 dB pad",
	  BP_PORT_BALANCED, PROG_PINK, .prog_dbfs = -21.0, .rate_hz = 48000,
	  .duration_s = 2.0, .enc = BP_FLAC_PCM16, .fs_dbu = "40" },
	{ "bal-pink-clipped-48k", "listen", "balanced, pink noise far too hot: the converter clips",
	  BP_PORT_BALANCED, PROG_PINK, .prog_dbfs = -3.0, .clip = true,
	  .rate_hz = 48000, .duration_s = 2.0, .enc = BP_FLAC_PCM16 },
	/* Inverted balanced (pin 3 hot): balanced by its legs. */
	{ "inv-pink-pro-48k", "listen", "balanced, pin 3 hot, pink noise at +4 dBu",
	  BP_PORT_INVERTED, PROG_PINK, .prog_dbfs = -20.0, .latency_samples = 7.25,
	  .rate_hz = 48000, .duration_s = 2.0, .enc = BP_FLAC_PCM24, .fs_dbu = "18" },
	{ "inv-1k-gl50-44k", "listen", "balanced, pin 3 hot, 1 kHz tone, 50 Hz ground loop",
	  BP_PORT_INVERTED, PROG_TONE_1K, .prog_dbfs = -20.0, .mains_hz = 50,
	  .hum_dbfs = -70.0, .rate_hz = 44100, .duration_s = 2.0,
	  .enc = BP_WAV_PCM16, .fs_dbu = "18" },
	/* Unbalanced, ring tied to the sleeve. */
	{ "unbal-pink-consumer-48k", "listen", "unbalanced -10 dBV output, pink noise",
	  BP_PORT_UNBALANCED, PROG_PINK, .prog_dbfs = -17.78, .rate_hz = 48000,
	  .duration_s = 2.0, .enc = BP_FLAC_PCM16, .fs_dbu = "10" },
	{ "unbal-pink-gl50-44k", "listen", "unbalanced, pink noise, 50 Hz ground loop on both legs",
	  BP_PORT_UNBALANCED, PROG_PINK, .prog_dbfs = -17.78, .mains_hz = 50,
	  .hum_dbfs = -65.0, .latency_samples = 0.5, .rate_hz = 44100,
	  .duration_s = 2.0, .enc = BP_FLAC_PCM24, .fs_dbu = "10" },
	{ "unbal-1k-gl60-96k", "listen", "unbalanced, 1 kHz tone, 60 Hz ground loop, 96 kHz",
	  BP_PORT_UNBALANCED, PROG_TONE_1K, .prog_dbfs = -20.0, .mains_hz = 60,
	  .hum_dbfs = -75.0, .rate_hz = 96000, .duration_s = 1.5,
	  .enc = BP_FLAC_PCM16, .fs_dbu = "10" },
	{ "unbal-1k-ripple120-48k", "listen", "unbalanced, 1 kHz tone, 120 Hz supply ripple on the tip",
	  BP_PORT_UNBALANCED, PROG_TONE_1K, .prog_dbfs = -20.0, .mains_hz = 60,
	  .ripple_dbfs = -70.0, .rate_hz = 48000, .duration_s = 1.5,
	  .enc = BP_WAV_PCM24, .fs_dbu = "10" },
	{ "unbal-speech-instrument-44k", "listen", "unbalanced instrument-level source, speech-like bursts",
	  BP_PORT_UNBALANCED, PROG_BURSTS, .prog_dbfs = -26.0, .noise_dbfs = -105.0,
	  .rate_hz = 44100, .duration_s = 2.0, .enc = BP_FLAC_PCM16, .fs_dbu = "6" },
	{ "unbal-1k-speaker-44k", "listen", "unbalanced speaker output through a 40 dB pad, 1 kHz",
	  BP_PORT_UNBALANCED, PROG_TONE_1K, .prog_dbfs = -15.0, .rate_hz = 44100,
	  .duration_s = 2.0, .enc = BP_FLAC_PCM16, .fs_dbu = "40" },
	/* Unbalanced, ring floating: it picks up hum and a little crosstalk. */
	{ "unbal-floating-1k-hum50-48k", "listen", "unbalanced, open ring picking up 50 Hz hum, 1 kHz tone",
	  BP_PORT_UNBALANCED_FLOATING, PROG_TONE_1K, .prog_dbfs = -20.0,
	  .crosstalk_db = -40.0, .mains_hz = 50, .pickup_dbfs = -60.0,
	  .rate_hz = 48000, .duration_s = 2.0, .enc = BP_FLAC_PCM24, .fs_dbu = "10" },
	{ "unbal-floating-pink-hum60-44k", "listen", "unbalanced, open ring picking up 60 Hz hum, pink noise",
	  BP_PORT_UNBALANCED_FLOATING, PROG_PINK, .prog_dbfs = -20.0,
	  .crosstalk_db = -45.0, .mains_hz = 60, .pickup_dbfs = -55.0,
	  .rate_hz = 44100, .duration_s = 2.0, .enc = BP_FLAC_PCM16, .fs_dbu = "10" },
	/* Impedance-balanced: no signal on the ring, hum alike on both. */
	{ "impbal-pink-gl60-48k", "listen", "impedance-balanced, pink noise, 60 Hz ground loop",
	  BP_PORT_IMPEDANCE_BALANCED, PROG_PINK, .prog_dbfs = -16.0, .mains_hz = 60,
	  .hum_dbfs = -65.0, .rate_hz = 48000, .duration_s = 2.0,
	  .enc = BP_FLAC_PCM16, .fs_dbu = "18" },
	{ "impbal-tones-consumer-44k", "listen", "impedance-balanced -10 dBV output, 440 + 2500 Hz, float",
	  BP_PORT_IMPEDANCE_BALANCED, PROG_TONES_440_2500, .prog_dbfs = -17.78,
	  .rate_hz = 44100, .duration_s = 1.5, .enc = BP_WAV_FLOAT, .fs_dbu = "10" },
	/* Stereo. */
	{ "stereo-pink-uncorr-48k", "listen", "stereo, independent pink noise left and right",
	  BP_PORT_STEREO, PROG_PINK, PROG_PINK, .prog_dbfs = -20.0,
	  .partner_dbfs = -23.0, .rate_hz = 48000, .duration_s = 2.0,
	  .enc = BP_FLAC_PCM16, .fs_dbu = "10" },
	{ "stereo-pink-corr06-44k", "listen", "stereo, pink noise with L/R correlation 0.6",
	  BP_PORT_STEREO, PROG_PINK, PROG_PINK, .prog_dbfs = -18.0,
	  .partner_dbfs = -19.5, .correlation = 0.6, .crosstalk_db = -70.0,
	  .rate_hz = 44100, .duration_s = 2.0, .enc = BP_FLAC_PCM24, .fs_dbu = "10" },
	{ "stereo-tones-gl50-96k", "listen", "stereo, 1 kHz left and 2500 Hz right, 50 Hz ground loop",
	  BP_PORT_STEREO, PROG_TONE_1K, PROG_TONE_2500, .prog_dbfs = -20.0,
	  .partner_dbfs = -22.0, .mains_hz = 50, .hum_dbfs = -70.0,
	  .rate_hz = 96000, .duration_s = 1.5, .enc = BP_FLAC_PCM24, .fs_dbu = "10" },
	/* Dual-mono. */
	{ "dualmono-pink-48k", "listen", "the same pink noise in phase on tip and ring",
	  BP_PORT_DUAL_MONO, PROG_PINK, .prog_dbfs = -20.0, .mismatch_db = -0.2,
	  .rate_hz = 48000, .duration_s = 2.0, .enc = BP_FLAC_PCM16, .fs_dbu = "10" },
	{ "dualmono-1k-96k", "listen", "the same 1 kHz tone in phase on tip and ring, 96 kHz",
	  BP_PORT_DUAL_MONO, PROG_TONE_1K, .prog_dbfs = -20.0, .mismatch_db = -0.3,
	  .rate_hz = 96000, .duration_s = 1.5, .enc = BP_FLAC_PCM16, .fs_dbu = "10" },
	/* Dead ports: nothing but noise (and hum). */
	{ "dead-48k", "listen", "dead port: only the interface's own noise",
	  BP_PORT_DEAD, PROG_PINK, .prog_dbfs = -20.0, .rate_hz = 48000,
	  .duration_s = 2.0, .enc = BP_FLAC_PCM16 },
	{ "dead-gl50-44k", "listen", "dead port with a 50 Hz ground loop on its cable",
	  BP_PORT_DEAD, PROG_PINK, .prog_dbfs = -20.0, .mains_hz = 50,
	  .hum_dbfs = -70.0, .rate_hz = 44100, .duration_s = 2.0,
	  .enc = BP_FLAC_PCM24 },
	/* Hum probe: nothing plays. */
	{ "hum-gl50-48k", "hum", "idle balanced port, 50 Hz ground loop",
	  BP_PORT_BALANCED, PROG_NONE, .mains_hz = 50, .hum_dbfs = -75.0,
	  .rate_hz = 48000, .duration_s = 2.0, .enc = BP_FLAC_PCM24 },
	{ "hum-ripple120-96k", "hum", "idle balanced port, 120 Hz supply ripple",
	  BP_PORT_BALANCED, PROG_NONE, .mains_hz = 60, .ripple_dbfs = -80.0,
	  .noise_dbfs = -110.0, .rate_hz = 96000, .duration_s = 1.5,
	  .enc = BP_FLAC_PCM24 },
	{ "hum-ripple100-unbal-44k", "hum", "idle unbalanced port, 100 Hz supply ripple on the tip",
	  BP_PORT_UNBALANCED, PROG_NONE, .mains_hz = 50, .ripple_dbfs = -78.0,
	  .rate_hz = 44100, .duration_s = 2.0, .enc = BP_FLAC_PCM24 },
	{ "hum-mixed60-44k", "hum", "idle balanced port, 60 Hz ground loop and 120 Hz ripple alike",
	  BP_PORT_BALANCED, PROG_NONE, .mains_hz = 60, .hum_dbfs = -75.0,
	  .ripple_dbfs = -75.0, .rate_hz = 44100, .duration_s = 1.5,
	  .enc = BP_WAV_PCM24 },
	{ "hum-none-48k", "hum", "idle port, no hum at all",
	  BP_PORT_BALANCED, PROG_NONE, .rate_hz = 48000, .duration_s = 2.0,
	  .enc = BP_FLAC_PCM16 },
};

/* A programme: its samples and, for multisines, the complex amplitude of
 * the sine on each FFT bin of the take (x = sum Re(c_k e^{j 2 pi k n/N})). */
struct programme {
	double *x;
	double complex *c;     /* NULL when not a multisine */
	size_t nbins;
	double active_power;   /* mean square while the programme sounds */
};

static void *xcalloc(size_t n, size_t size)
{
	return fixture_calloc("gen-fixtures", n, size);
}

static void programme_free(struct programme *p)
{
	free(p->x);
	free(p->c);
	memset(p, 0, sizeof(*p));
}

/* The samples of the multisine p->c (inverse real FFT; FFTW's c2r sums
 * both halves, so each bin carries half the amplitude). */
static void synthesise(struct programme *p, size_t n)
{
	fftw_complex *spec = fftw_alloc_complex(n / 2 + 1);
	double *out = fftw_alloc_real(n);
	fftw_plan plan;
	size_t k;

	if (!spec || !out) {
		fprintf(stderr, "gen-fixtures: out of memory\n");
		exit(2);
	}
	plan = fftw_plan_dft_c2r_1d((int)n, spec, out, FFTW_ESTIMATE);
	for (k = 0; k <= n / 2; k++)
		spec[k] = k < p->nbins ? p->c[k] / 2.0 : 0.0;
	fftw_execute(plan);
	p->x = xcalloc(n, sizeof(double));
	memcpy(p->x, out, n * sizeof(double));
	fftw_destroy_plan(plan);
	fftw_free(spec);
	fftw_free(out);
}

static double multisine_power(const double complex *c, size_t nbins)
{
	double p = 0.0;
	size_t k;

	for (k = 0; k < nbins; k++)
		p += creal(c[k] * conj(c[k])) / 2.0;
	return p;
}

static void scale_bins(double complex *c, size_t nbins, double power)
{
	double g = sqrt(power / multisine_power(c, nbins));
	size_t k;

	for (k = 0; k < nbins; k++)
		c[k] *= g;
}

/* Band-limited pink noise, as test signals are: power 1/f per bin through
 * a 2nd-order Butterworth high-pass at PINK_HIGHPASS_HZ (so a 100 ms
 * block's mean holds a negligible 0.006 dB of it), up to PINK_HIGH_HZ or
 * 0.45 x the rate; random phases. */
static void pink_bins(double complex *c, size_t nbins, double bin_hz,
		      double rate_hz, struct bp_port_rng *rng)
{
	double top = fmin(PINK_HIGH_HZ, 0.45 * rate_hz);
	double fc4 = pow(PINK_HIGHPASS_HZ, 4);
	size_t k;

	for (k = 1; k < nbins; k++) {
		double f = (double)k * bin_hz, f4 = f * f * f * f;
		double phase = 2.0 * M_PI * bp_port_rng_uniform(rng);

		if (f <= top)
			c[k] = cexp(I * phase) * sqrt(f4 / (f4 + fc4) / f);
	}
}

static void tone_bin(double complex *c, size_t nbins, double bin_hz,
		     double hz, double phase)
{
	size_t k = (size_t)lround(hz / bin_hz);

	if (k >= nbins || fabs((double)k * bin_hz - hz) > 1e-9) {
		fprintf(stderr, "gen-fixtures: %.1f Hz is not on a bin of the take\n", hz);
		exit(2);
	}
	c[k] = cexp(I * phase);
}

/* Speech-like bursts: noise with a speech-shaped spectrum (a 2nd-order
 * high-pass at 150 Hz as a voice's low end rolls off -- no brick-wall
 * edge, which no voice has and which would look like a spectral line --
 * flat to 500 Hz, falling 6 dB/octave above, up to 6 kHz) under a syllable envelope
 * (4..6 syllables a second, never silent inside a phrase), phrases of
 * 0.5..0.8 s parted by real pauses of 0.25..0.45 s. */
static void make_bursts(struct programme *p, size_t n, double rate_hz,
			double power, struct bp_port_rng *rng)
{
	double bin_hz = rate_hz / (double)n, sum = 0.0;
	double t = 0.12 + 0.1 * bp_port_rng_uniform(rng);
	double *env = xcalloc(n, sizeof(double));
	size_t k, i, active = 0;

	p->nbins = n / 2;
	p->c = xcalloc(p->nbins, sizeof(double complex));
	for (k = 1; k < p->nbins; k++) {
		double f = (double)k * bin_hz;
		double phase = 2.0 * M_PI * bp_port_rng_uniform(rng);

		double f4 = f * f * f * f, hp = sqrt(f4 / (f4 + pow(150.0, 4)));

		if (f <= 6000.0)
			p->c[k] = cexp(I * phase) * hp * (f <= 500.0 ? 1.0 : 500.0 / f);
	}
	synthesise(p, n);

	while (t < (double)n / rate_hz - 0.3) {
		double len = 0.5 + 0.3 * bp_port_rng_uniform(rng);
		double syll_hz = 4.0 + 2.0 * bp_port_rng_uniform(rng);
		double fade = 0.015;
		size_t a = (size_t)(t * rate_hz), b;

		if (t + len > (double)n / rate_hz - 0.05)
			len = (double)n / rate_hz - 0.05 - t;
		b = (size_t)((t + len) * rate_hz);
		for (i = a; i < b && i < n; i++) {
			double u = ((double)i - (double)a) / rate_hz;
			double s = sin(M_PI * syll_hz * u);
			double e = 0.35 + 0.65 * s * s;

			/* Raised-cosine fades at the phrase's ends. */
			if (u < fade)
				e *= 0.5 - 0.5 * cos(M_PI * u / fade);
			if (len - u < fade)
				e *= 0.5 - 0.5 * cos(M_PI * (len - u) / fade);
			env[i] = e;
		}
		t += len + 0.25 + 0.2 * bp_port_rng_uniform(rng);
	}
	for (i = 0; i < n; i++) {
		p->x[i] *= env[i];
		if (env[i] > 0.0) {
			sum += p->x[i] * p->x[i];
			active++;
		}
	}
	/* The level of bursts is their level while they sound. */
	for (i = 0; i < n; i++)
		p->x[i] *= sqrt(power / (sum / (double)active));
	p->active_power = power;
	free(p->c);
	p->c = NULL;
	free(env);
}

/* Programme @which at @dbfs (AES17; mean square 0.5 x 10^(dbfs/10)). */
static void make_programme(struct programme *p, enum prog which, size_t n,
			   double rate_hz, double dbfs, struct bp_port_rng *rng)
{
	double bin_hz = rate_hz / (double)n, power = bp_power_from_dbfs(dbfs);

	memset(p, 0, sizeof(*p));
	if (which == PROG_NONE)
		return;
	if (which == PROG_BURSTS) {
		make_bursts(p, n, rate_hz, power, rng);
		return;
	}
	p->nbins = n / 2;
	p->c = xcalloc(p->nbins, sizeof(double complex));
	switch (which) {
	case PROG_PINK:
		pink_bins(p->c, p->nbins, bin_hz, rate_hz, rng);
		break;
	case PROG_TONE_1K:
		tone_bin(p->c, p->nbins, bin_hz, 1000.0, 0.3);
		break;
	case PROG_TONE_2500:
		tone_bin(p->c, p->nbins, bin_hz, 2500.0, 1.3);
		break;
	case PROG_TONES_440_2500:
		tone_bin(p->c, p->nbins, bin_hz, 440.0, 0.0);
		tone_bin(p->c, p->nbins, bin_hz, 2500.0, 1.0);
		break;
	case PROG_NONE:
	case PROG_BURSTS:
		break;
	}
	scale_bins(p->c, p->nbins, power);
	p->active_power = power;
	synthesise(p, n);
}

/* A stereo partner correlated with @left: r x left + sqrt(1 - r^2) x an
 * independent programme of the same spectrum, scaled to @dbfs. */
static void correlate(struct programme *partner, const struct programme *left,
		      double r, size_t n, double dbfs)
{
	size_t k;

	free(partner->x);
	for (k = 0; k < partner->nbins; k++)
		partner->c[k] = r * left->c[k] + sqrt(1.0 - r * r) * partner->c[k];
	scale_bins(partner->c, partner->nbins, bp_power_from_dbfs(dbfs));
	synthesise(partner, n);
}

/* --- the truth, from the parameters --- */

/* The port's paths from its signal s to tip and ring at @hz (gain
 * excluded), as complex gains. */
static void leg_paths(const struct bp_port_model *m, double hz,
		      double complex *tip, double complex *ring)
{
	double complex skew = pow(10.0, m->mismatch_db / 20.0) *
			      cexp(-I * 2.0 * M_PI * hz * m->skew_s);
	double crosstalk = isinf(m->crosstalk_db) ? 0.0 : pow(10.0, m->crosstalk_db / 20.0);

	switch (m->kind) {
	case BP_PORT_BALANCED:
		*tip = 1.0;
		*ring = -skew;
		break;
	case BP_PORT_INVERTED:
		*tip = -1.0;
		*ring = skew;
		break;
	case BP_PORT_DUAL_MONO:
		*tip = 1.0;
		*ring = skew;
		break;
	case BP_PORT_UNBALANCED:
	case BP_PORT_UNBALANCED_FLOATING:
	case BP_PORT_IMPEDANCE_BALANCED:
	case BP_PORT_STEREO:
		*tip = 1.0;
		*ring = crosstalk;
		break;
	case BP_PORT_DEAD:
	case BP_PORT_KINDS:
		*tip = *ring = 0.0;
		break;
	}
}

/* Mean squares of tip, ring and tip - ring. */
struct powers {
	double tip, ring, diff;
};

static void add_component(struct powers *pw, double complex t, double complex r)
{
	pw->tip += creal(t * conj(t)) / 2.0;
	pw->ring += creal(r * conj(r)) / 2.0;
	pw->diff += creal((t - r) * conj(t - r)) / 2.0;
}

static double quantisation_power(enum bp_wav_encoding enc)
{
	/* A uniform quantiser's error: step^2 / 12, full scale 1.0. */
	switch (enc) {
	case BP_WAV_PCM16:
	case BP_FLAC_PCM16:
		return pow(2.0, -30) / 12.0;
	case BP_WAV_PCM24:
	case BP_FLAC_PCM24:
		return pow(2.0, -46) / 12.0;
	case BP_WAV_PCM32:
	case BP_WAV_FLOAT:
		break;
	}
	return 0.0;
}

/* The legs' powers while the programme sounds. */
static struct powers leg_powers(const struct fixture *f,
				const struct bp_port_model *m,
				const struct programme *prog,
				const struct programme *partner, double bin_hz)
{
	double g = pow(10.0, m->gain_db / 20.0);
	struct powers pw = { 0 };
	double complex t, r;
	double noise, hum;
	size_t k;
	int l;

	if (m->kind != BP_PORT_DEAD) {
		if (prog->c) {
			for (k = 0; k < prog->nbins; k++) {
				double complex rk;

				leg_paths(m, (double)k * bin_hz, &t, &r);
				rk = r * g * prog->c[k];
				if (partner->c)
					rk += g * partner->c[k];
				add_component(&pw, t * g * prog->c[k], rk);
			}
		} else if (prog->x) {
			/* Bursts: a flat path (no skew allowed). */
			leg_paths(m, 0.0, &t, &r);
			add_component(&pw, t * g * sqrt(2.0 * prog->active_power),
				      r * g * sqrt(2.0 * prog->active_power));
		}
		/* Ripple follows the signal path. */
		for (l = 0; l < BP_PORT_RIPPLE_LINES && !isinf(m->ripple_dbfs); l++) {
			double a = pow(10.0, (m->ripple_dbfs + bp_port_ripple_rel_db[l]) / 20.0);

			leg_paths(m, bp_port_ripple_harmonic[l] * m->mains_hz, &t, &r);
			add_component(&pw, a * t, a * r);
		}
	}
	/* Ground-loop hum: alike on both legs, gone from tip - ring; an open
	 * ring has its own pickup instead, unrelated to the tip's hum. */
	hum = bp_port_hum_power(m->hum_dbfs);
	pw.tip += hum;
	if (m->kind == BP_PORT_UNBALANCED_FLOATING) {
		/* The pickup's phase against the hum is the model's own; nothing
		 * here needs tip - ring of an unbalanced port. */
		pw.ring += bp_port_hum_power(m->pickup_dbfs);
		pw.diff = NAN;
	} else {
		pw.ring += hum;
	}
	noise = (isinf(m->noise_dbfs) ? 0.0 : bp_power_from_dbfs(m->noise_dbfs)) +
		quantisation_power(f->enc);
	pw.tip += noise;
	pw.ring += noise;
	pw.diff += 2.0 * noise;
	return pw;
}

static const char *class_of(double dbu, const char *name)
{
	static const double bounds[] = { -35.0, -15.0, -2.0, 15.0 };
	static const char *const names[] = {
		"mic", "instrument", "consumer-line", "pro-line", "speaker"
	};
	size_t i;

	for (i = 0; i < 4; i++)
		if (fabs(dbu - bounds[i]) < CLASS_MARGIN_DB) {
			fprintf(stderr, "gen-fixtures: %s: %.2f dBu is too close to a class boundary\n",
				name, dbu);
			exit(2);
		}
	for (i = 0; i < 4 && dbu > bounds[i]; i++)
		;
	return names[i];
}

static json_t *number_or_null(double x, int decimals)
{
	double scale = pow(10.0, decimals);

	return isfinite(x) ? json_real(round(x * scale) / scale) : json_null();
}

static const char *encoding_name(enum bp_wav_encoding e)
{
	switch (e) {
	case BP_WAV_PCM16: return "WAV 16-bit";
	case BP_WAV_PCM24: return "WAV 24-bit";
	case BP_WAV_PCM32: return "WAV 32-bit";
	case BP_WAV_FLOAT: return "WAV float";
	case BP_FLAC_PCM16: return "FLAC 16-bit";
	case BP_FLAC_PCM24: return "FLAC 24-bit";
	}
	return "?";
}

static json_t *model_json(const struct fixture *f, const struct bp_port_model *m)
{
	char seed[24];

	snprintf(seed, sizeof(seed), "%016llx", (unsigned long long)m->seed);
	return json_pack("{s:s, s:s, s:s?, s:o, s:o, s:o, s:o, s:o, s:i, s:o, s:o, s:o, s:o, s:o, s:o, s:b, s:s, s:i, s:o, s:s}",
		"kind", bp_port_kind_name(m->kind),
		"programme", prog_names[f->prog],
		"partner", m->kind == BP_PORT_STEREO ? prog_names[f->partner] : NULL,
		"programme_dbfs", number_or_null(f->prog == PROG_NONE ? NONE : f->prog_dbfs, 2),
		"partner_dbfs", number_or_null(m->kind == BP_PORT_STEREO ? f->partner_dbfs : NONE, 2),
		"correlation", number_or_null(m->kind == BP_PORT_STEREO ? f->correlation : NONE, 2),
		"mismatch_db", json_real(m->mismatch_db),
		"skew_us", json_real(m->skew_s * 1e6),
		"mains_hz", (int)m->mains_hz,
		"crosstalk_db", number_or_null(m->crosstalk_db, 1),
		"hum_dbfs", number_or_null(m->hum_dbfs, 1),
		"pickup_dbfs", number_or_null(m->pickup_dbfs, 1),
		"ripple_dbfs", number_or_null(m->ripple_dbfs, 1),
		"noise_dbfs", number_or_null(m->noise_dbfs, 1),
		"latency_samples", json_real(m->latency_samples),
		"clip", m->clip,
		"seed", seed,
		"rate_hz", (int)f->rate_hz,
		"duration_s", json_real(f->duration_s),
		"encoding", encoding_name(f->enc));
}

/* The verdicts of the hum probe's contract, from what the model put in. */
static void hum_truth(const struct fixture *f, const struct bp_port_model *m,
		      const struct powers *ripple, json_t *t)
{
	bool gl = !isinf(m->hum_dbfs);
	bool pickup = m->kind == BP_PORT_UNBALANCED_FLOATING && !isinf(m->pickup_dbfs);
	bool rip = m->kind != BP_PORT_DEAD && !isinf(m->ripple_dbfs);
	/* Common part: the ground loop's power on both legs; signal-path part:
	 * the ripple's power on both legs. */
	double common = gl ? 2.0 * bp_port_hum_power(m->hum_dbfs) : 0.0;
	double path = rip ? ripple->tip + ripple->ring : 0.0;

	json_object_set_new(t, "hum_present", json_boolean(gl || pickup || rip));
	json_object_set_new(t, "mains_hz", gl || pickup || rip ? json_integer(f->mains_hz)
							      : json_null());
	if (pickup && !gl && !rip && (f->prog == PROG_NONE || f->prog == PROG_TONE_1K ||
				      f->prog == PROG_TONE_2500)) {
		/* An open ring's own pickup, seen apart from the tip's: neither
		 * a ground loop nor the source's hum, and on the ring alone --
		 * differential to a balanced input. */
		json_object_set_new(t, "ground_loop", json_false());
		json_object_set_new(t, "hum_mode", json_string("differential"));
	} else if (pickup || m->kind == BP_PORT_DUAL_MONO || !(gl || rip)) {
		/* Under a broadband programme the tip's own hum is hidden, so
		 * an open ring's pickup cannot be told from a loop through a
		 * grounded ring; on dual-mono a loop cannot be told from the
		 * source's hum. */
		json_object_set_new(t, "ground_loop", json_null());
		json_object_set_new(t, "hum_mode", json_null());
	} else if (m->kind == BP_PORT_UNBALANCED_FLOATING && gl && !rip) {
		/* A loop on the tip alone (the open ring does not carry it)
		 * looks like the source's own hum. */
		json_object_set_new(t, "ground_loop", json_null());
		json_object_set_new(t, "hum_mode", json_string("differential"));
	} else if (path == 0.0) {
		json_object_set_new(t, "ground_loop", json_true());
		json_object_set_new(t, "hum_mode", json_string("common"));
	} else if (common == 0.0) {
		json_object_set_new(t, "ground_loop", json_false());
		json_object_set_new(t, "hum_mode", json_string("differential"));
	} else {
		if (path < 0.3 * common || common < 0.3 * path) {
			fprintf(stderr, "gen-fixtures: %s: hum parts too unequal for a clear 'mixed'\n",
				f->name);
			exit(2);
		}
		json_object_set_new(t, "ground_loop", json_true());
		json_object_set_new(t, "hum_mode", json_string("mixed"));
	}
}

static json_t *truth_json(const struct fixture *f, const struct bp_port_model *m,
			  const char *file, const struct programme *prog,
			  const struct programme *partner)
{
	double bin_hz = f->rate_hz / lround(f->rate_hz * f->duration_s);
	struct powers pw = leg_powers(f, m, prog, partner, bin_hz), ripple = { 0 };
	json_t *t = json_object(), *args = json_array();
	bool listen = strcmp(f->probe, "listen") == 0;
	const char *jack;
	double received = NAN;
	int exit_status = 0;
	int l;

	json_array_append_new(args, json_string("--probe"));
	json_array_append_new(args, json_string(f->probe));
	if (f->fs_dbu) {
		json_array_append_new(args, json_string("--input-fs-dbu"));
		json_array_append_new(args, json_string(f->fs_dbu));
	}

	if (!listen) {
		jack = "unknown";      /* the hum probe does not judge the jack */
	} else if (f->clip) {
		jack = "unknown";
		exit_status = 3;
	} else {
		switch (m->kind) {
		case BP_PORT_BALANCED:
		case BP_PORT_INVERTED:
			jack = "balanced";
			received = pw.diff;
			break;
		case BP_PORT_UNBALANCED:
		case BP_PORT_UNBALANCED_FLOATING:
		case BP_PORT_IMPEDANCE_BALANCED:
			jack = "unbalanced";
			received = pw.tip;
			break;
		case BP_PORT_STEREO:
			jack = "stereo";
			received = fmax(pw.tip, pw.ring);
			break;
		case BP_PORT_DUAL_MONO:
			jack = "dual-mono";
			received = fmax(pw.tip, pw.ring);
			break;
		default:
			jack = "no-signal";
			exit_status = 3;
			break;
		}
	}

	for (l = 0; l < BP_PORT_RIPPLE_LINES && !isinf(m->ripple_dbfs); l++) {
		double a = pow(10.0, (m->ripple_dbfs + bp_port_ripple_rel_db[l]) / 20.0);
		double complex tp, rp;

		leg_paths(m, bp_port_ripple_harmonic[l] * m->mains_hz, &tp, &rp);
		add_component(&ripple, a * tp, a * rp);
	}

	json_object_set_new(t, "file", json_string(file));
	json_object_set_new(t, "description", json_string(f->note));
	json_object_set_new(t, "args", args);
	json_object_set_new(t, "exit", json_integer(exit_status));
	json_object_set_new(t, "jack", json_string(jack));
	/* A recording of an unknown programme carries no polarity reference. */
	json_object_set_new(t, "polarity", json_null());
	if (isfinite(received)) {
		double dbfs = bp_dbfs_from_power(received);

		json_object_set_new(t, "level_dbfs", number_or_null(dbfs, 2));
		json_object_set_new(t, "level_tol_db",
				    json_real(f->prog == PROG_BURSTS ? 1.0 : 0.1));
		if (f->fs_dbu) {
			double dbu = dbfs + strtod(f->fs_dbu, NULL);

			json_object_set_new(t, "level_dbu", number_or_null(dbu, 2));
			json_object_set_new(t, "class", json_string(class_of(dbu, f->name)));
		}
	}
	json_object_set_new(t, "clipping", json_boolean(f->clip));
	hum_truth(f, m, &ripple, t);
	json_object_set_new(t, "model", model_json(f, m));
	return t;
}

/* FNV-1a of the name: a fixture's noise does not depend on its place in
 * the table. */
static uint64_t seed_of(const char *name)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (; *name; name++)
		h = (h ^ (unsigned char)*name) * 0x100000001b3ULL;
	return h;
}

static int generate(const struct fixture *f, const char *outdir)
{
	size_t n = (size_t)lround(f->rate_hz * f->duration_s);
	struct programme prog, partner = { 0 };
	struct bp_port_model m;
	struct bp_port_rng rng;
	char file[256];
	int err;

	bp_port_model_init(&m, f->kind);
	m.mismatch_db = f->mismatch_db;
	m.skew_s = f->skew_us * 1e-6;
	fixture_disturb(&m, &(struct fixture_disturbances){
		f->mains_hz, f->crosstalk_db, f->hum_dbfs, f->pickup_dbfs,
		f->ripple_dbfs, f->noise_dbfs });
	m.latency_samples = f->latency_samples;
	m.clip = f->clip;
	m.seed = seed_of(f->name);

	bp_port_rng_seed(&rng, m.seed ^ 0x5eed);
	make_programme(&prog, f->prog, n, f->rate_hz, f->prog_dbfs, &rng);
	if (f->kind == BP_PORT_STEREO) {
		make_programme(&partner, f->partner, n, f->rate_hz, f->partner_dbfs, &rng);
		if (f->correlation != 0.0)
			correlate(&partner, &prog, f->correlation, n, f->partner_dbfs);
	}
	if (f->prog == PROG_BURSTS && f->skew_us != 0.0) {
		fprintf(stderr, "gen-fixtures: %s: bursts take no skew\n", f->name);
		exit(2);
	}
	err = fixture_write_recording("gen-fixtures", outdir, f->name, &m, f->rate_hz,
				      prog.x, partner.x, n, f->enc, file, sizeof(file));
	if (!err)
		err = fixture_write_truth(outdir, f->name,
					  truth_json(f, &m, file, &prog, &partner));
	if (err)
		fprintf(stderr, "gen-fixtures: %s\n",
			bp_error_detail() ? bp_error_detail() : bp_strerror(err));
	programme_free(&prog);
	programme_free(&partner);
	return err;
}

int main(int argc, char **argv)
{
	size_t i;

	if (argc != 2 || argv[1][0] == '-') {
		fprintf(stderr, "Usage: gen-fixtures OUTDIR\n"
			"Write the model-made fixtures and their NAME.expect.json truth to OUTDIR.\n");
		return 1;
	}
	for (i = 0; i < sizeof(fixtures) / sizeof(fixtures[0]); i++) {
		if (generate(&fixtures[i], argv[1]) != 0)
			return 2;
		printf("%s\n", fixtures[i].name);
	}
	return 0;
}
