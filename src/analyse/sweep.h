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

/* Measure @s from the windows @tip and @ring of the legs against the
 * sweep @ref (from @f1_hz to @f2_hz; 0: a broadband excitation of
 * unknown band), at circular length @n and @rate_hz.  Returns 0 (free
 * @s with bp_sweep_free()) or BP_E_NOMEM. */
int bp_sweep_measure(struct bp_sweep *s, const struct bp_signal_window *ref,
		     const struct bp_signal_window *tip, const struct bp_signal_window *ring,
		     double rate_hz, size_t n, double f1_hz, double f2_hz);

void bp_sweep_free(struct bp_sweep *s);

/* The jack from the tested output's sweep @a and the pair partner's @b
 * (NULL: no partner was driven), into @out. */
void bp_sweep_judge_jack(const struct bp_sweep *a, const struct bp_sweep *b,
			 struct bp_jack_result *out);

/* For a port judged r->jack, from sweep @a (and the partner's @b, or
 * NULL): r->latency (the windows start @window_start samples into the
 * recording), r->polarity and r->response; with @b, r->crosstalk_db
 * and r->crosstalk_is_bound.  Returns 0 or BP_E_NOMEM. */
int bp_sweep_analyse(const struct bp_sweep *a, const struct bp_sweep *b,
		     double window_start, struct bp_result *r);

#endif
