/* balprobe: the probes' side of the report plots.  Each helper thins what
 * an analysis already computed into the fixed arrays of result/plot-data.h; none
 * of them judges anything.
 */
#ifndef BALPROBE_PLOT_CAPTURE_H
#define BALPROBE_PLOT_CAPTURE_H

#include <complex.h>
#include <stddef.h>

#include "analyse/deconv.h"
#include "result/plot-data.h"
#include "analyse/welch.h"

/* The transfers @tip and @ring of @tf (tested output to each leg), read
 * 1/48-octave smoothed at log-spaced frequencies over @lo_hz..@hi_hz, the
 * band the excitation covered; the partner curves are set to NAN. */
void bp_plot_capture_response(struct bp_plot_response *p,
			      const struct bp_transfer *tf,
			      const double complex *tip,
			      const double complex *ring,
			      double lo_hz, double hi_hz);

/* The pair partner's transfers into tip and ring, at the frequencies
 * bp_plot_capture_response() chose, where they lie in @lo_hz..@hi_hz. */
void bp_plot_capture_partner(struct bp_plot_response *p,
			     const struct bp_transfer *tf,
			     const double complex *tip,
			     const double complex *ring,
			     double lo_hz, double hi_hz);

/* The full-rate impulse responses of tip and ring from 1 ms before to
 * 4 ms after sample @peak of @tf's circular response.  Returns 0 or
 * BP_E_NOMEM (then @p is left empty). */
int bp_plot_capture_impulse(struct bp_plot_impulse *p,
			    const struct bp_transfer *tf, size_t peak);

/* The common- and differential-mode spectra of @sp on a log-frequency
 * grid from 20 Hz. */
void bp_plot_capture_spectrum(struct bp_plot_spectrum *p,
			      const struct bp_spectra *sp);

/* @n samples of @tip and @ring (thinned to fit), which start @start_s
 * into the recording, recorded at @rate_hz. */
void bp_plot_capture_wave(struct bp_plot_wave *p, const double *tip,
			  const double *ring, size_t n, double rate_hz,
			  double start_s);

#endif
