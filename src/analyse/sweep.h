/* balprobe: what a port returns of one sweep of a played stimulus (the
 * out probe's), on both legs.
 *
 * The legs' windows open BP_IMPULSE_LEAD_S before the sweep is expected
 * back; deconvolved against it (analyse/deconv.h) they give the transfer
 * to tip and ring.  Each leg's path carries the sweep when its impulse
 * response stands BP_IMPULSE_PRESENT_SNR_DB above the noise
 * (analyse/impulse.h); its gain is the band gain over 100 Hz .. 10 kHz,
 * weighted by the excitation's power.  The ring's relation to the tip is
 * the power-weighted mean of ring / tip over the band, and the
 * capacitive pickup fit (analyse/balance.h) reads it at sixth-octave
 * points.  The jack follows from the 2x2 transfer matrix {tip, ring} x
 * {tested, partner} by bp_jack_judge(); latency (analyse/latency.h),
 * polarity and response from what a balanced input receives of it.
 */
#ifndef BALPROBE_SWEEP_H
#define BALPROBE_SWEEP_H

#include <complex.h>
#include <stdbool.h>
#include <stddef.h>

#include "analyse/deconv.h"
#include "analyse/played.h"
#include "result/result.h"

struct bp_sweep_path {
	double gain_db;        /* band gain of the transfer, dB */
	double snr_db;         /* of its impulse response, dB */
	bool present;
};

struct bp_sweep {
	struct bp_transfer tf;
	size_t n0;             /* impulse-response peak in the window, samples */
	struct bp_sweep_path tip, ring;
	double complex ring_over_tip;
	double lo_hz, hi_hz;   /* band the excitation covers */
};

/* The sweeps of the tested output (a, on the stimulus's channel 0) and
 * of its pair partner (b, channel 1, when the stimulus drives two). */
struct bp_sweeps {
	struct bp_sweep a, b;
	bool have_a, have_b;
	long delay;            /* the recording's coarse delay, samples */
};

/* Find the delay of @p's recording (analyse/delay-search.h, on what
 * played up to the end of the first sweep) and measure both sweeps at
 * one circular length, each window holding the sweep's lead, itself and
 * its tail (bp_played_tail()).  Returns 0 or BP_E_NOMEM; free @s with
 * bp_sweeps_free() either way. */
int bp_sweeps_measure(const struct bp_played *p, struct bp_sweeps *s);

void bp_sweeps_free(struct bp_sweeps *s);

/* The jack from the 2x2 transfer matrix {tip, ring} x {tested, partner}
 * of @s, into @out. */
void bp_sweeps_judge_jack(const struct bp_sweeps *s, struct bp_jack_result *out);

/* For a port judged r->jack, from @s: r->latency, r->polarity and
 * r->response from the tested output's sweep; with the partner's,
 * r->crosstalk_db and r->crosstalk_is_bound.  Returns 0 or
 * BP_E_NOMEM. */
int bp_sweeps_analyse(const struct bp_sweeps *s, struct bp_result *r);

#endif
