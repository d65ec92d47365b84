/* balprobe: what the report plots need, kept in the result.
 *
 * Fixed-size arrays (no heap, about 30 KB in all) holding measured values,
 * thinned for drawing: log-spaced frequency points, a short stretch of an
 * impulse response or a waveform.  A section with n == 0 was not
 * measured by the probe and is not plotted.  Filled by the probes through
 * result/plot-capture.h; read by the report writers.
 */
#ifndef BALPROBE_PLOT_DATA_H
#define BALPROBE_PLOT_DATA_H

#define BP_PLOT_RESPONSE_MAX 240
#define BP_PLOT_IR_MAX 480
#define BP_PLOT_SPECTRUM_MAX 360
#define BP_PLOT_WAVE_MAX 480

/* Out probe: the magnitude of each transfer from an output played to a
 * leg recorded, 1/48-octave smoothed, in dB (0 dB: the leg records what
 * was played at the level it was played).  NAN where not measured. */
struct bp_plot_response {
	int n;
	double hz[BP_PLOT_RESPONSE_MAX];
	double tip_db[BP_PLOT_RESPONSE_MAX];          /* tested output -> tip */
	double ring_db[BP_PLOT_RESPONSE_MAX];         /* tested output -> ring */
	double partner_tip_db[BP_PLOT_RESPONSE_MAX];  /* pair partner -> tip */
	double partner_ring_db[BP_PLOT_RESPONSE_MAX]; /* pair partner -> ring */
	int partner_output;                           /* 1-based; 0: not played */
};

/* Out probe: the impulse responses of tip and ring at the full rate
 * around the peak; sample i is at t0_ms + i * step_ms from the peak. */
struct bp_plot_impulse {
	int n;
	double t0_ms, step_ms;
	double tip[BP_PLOT_IR_MAX], ring[BP_PLOT_IR_MAX];
};

/* Every probe: the Welch spectra of the common mode (tip + ring) / 2,
 * where a ground loop's hum lives, and the differential mode
 * (tip - ring) / 2, the signal a balanced output drives and the source's
 * own hum (out: the silent stretch; hum: the whole take; listen: with the
 * programme, which a balanced output keeps out of the common mode), in
 * dBFS per band of band_hz (AES17: a sine alone in a band reads its
 * level).  Log-spaced points, each the strongest bin of its stretch so
 * that lines keep their height. */
struct bp_plot_spectrum {
	int n;
	double band_hz;
	double hz[BP_PLOT_SPECTRUM_MAX];
	double common_dbfs[BP_PLOT_SPECTRUM_MAX], diff_dbfs[BP_PLOT_SPECTRUM_MAX];
};

/* A few milliseconds of tip and ring as recorded (full scale = 1.0):
 * out, the steady test tone; listen, the loudest stretch; hum, two mains
 * cycles.  Sample i is at i * step_ms from start_s into the recording. */
struct bp_plot_wave {
	int n;
	double start_s, step_ms;
	double tip[BP_PLOT_WAVE_MAX], ring[BP_PLOT_WAVE_MAX];
};

struct bp_plot_data {
	struct bp_plot_response response;
	struct bp_plot_impulse impulse;
	struct bp_plot_spectrum spectrum;
	struct bp_plot_wave wave;
};

#endif
