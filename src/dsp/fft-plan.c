#include "config.h"

#include "dsp/fft-plan.h"

static bool planned_anew;

fftw_plan bp_fft_plan_r2c(int n, double *in, fftw_complex *out)
{
	fftw_plan p = fftw_plan_dft_r2c_1d(n, in, out, FFTW_ESTIMATE | FFTW_WISDOM_ONLY);

	if (!p) {
		p = fftw_plan_dft_r2c_1d(n, in, out, FFTW_ESTIMATE);
		planned_anew = true;
	}
	return p;
}

fftw_plan bp_fft_plan_c2r(int n, fftw_complex *in, double *out)
{
	fftw_plan p = fftw_plan_dft_c2r_1d(n, in, out, FFTW_ESTIMATE | FFTW_WISDOM_ONLY);

	if (!p) {
		p = fftw_plan_dft_c2r_1d(n, in, out, FFTW_ESTIMATE);
		planned_anew = true;
	}
	return p;
}

bool bp_fft_planned_anew(void)
{
	return planned_anew;
}
