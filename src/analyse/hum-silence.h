/* balprobe: mains hum in a stretch of silence of a longer take (the out
 * probe's: what the port gives while its stimulus pauses).
 */
#ifndef BALPROBE_HUM_SILENCE_H
#define BALPROBE_HUM_SILENCE_H

#include <stddef.h>

#include "result/plot-data.h"
#include "result/result.h"

/* Analyse @n samples of @tip and @ring at @rate_hz for hum as
 * bp_hum_analyse() does (@mains_hz, @jack likewise), over Welch segments
 * as long as the rate asks for, or shorter (down to 1024 samples: coarser
 * bins rather than no estimate) to fit the stretch; @out is left as it
 * is when even that does not fit.  When the stretch is too short to
 * resolve the mains fundamental the explanation says so.  With
 * @spectrum, what the report draws of the spectra too.  Returns 0 or
 * BP_E_NOMEM. */
int bp_hum_analyse_silence(const double *tip, const double *ring, size_t n, double rate_hz,
			   int mains_hz, enum bp_jack_verdict jack, struct bp_hum_result *out,
			   struct bp_plot_spectrum *spectrum);

#endif
