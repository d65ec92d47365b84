/* balprobe: how the analysers plan their FFTs.
 *
 * Always FFTW_ESTIMATE: measuring plans at run time costs seconds at the
 * sizes a sweep needs.  Each plan is first looked up in the planner's
 * wisdom (FFTW_WISDOM_ONLY), so the program knows whether this run
 * planned anything new, and writes its wisdom cache back only then.
 */
#ifndef BALPROBE_FFT_PLAN_H
#define BALPROBE_FFT_PLAN_H

#include <stdbool.h>

#include <fftw3.h>

/* As fftw_plan_dft_r2c_1d() and fftw_plan_dft_c2r_1d() at FFTW_ESTIMATE;
 * NULL out of memory. */
fftw_plan bp_fft_plan_r2c(int n, double *in, fftw_complex *out);
fftw_plan bp_fft_plan_c2r(int n, fftw_complex *in, double *out);

/* Whether a plan so far was made without the help of wisdom. */
bool bp_fft_planned_anew(void);

#endif
