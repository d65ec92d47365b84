#include "config.h"

#include <stdio.h>
#include <string.h>

#include "analyse/hum-family.h"
#include "analyse/hum-silence.h"
#include "analyse/welch.h"
#include "result/plot-capture.h"

int bp_hum_analyse_silence(const double *tip, const double *ring, size_t n, double rate_hz,
			   int mains_hz, enum bp_jack_verdict jack, struct bp_hum_result *out,
			   struct bp_plot_spectrum *spectrum)
{
	size_t nfft = bp_welch_nfft_for_rate(rate_hz);
	struct bp_welch *w;
	double lowest_hz;
	int err;

	while (nfft > 1024 && nfft > n)
		nfft /= 2;
	if (n < nfft)
		return 0;
	err = bp_welch_new(&w, rate_hz, nfft);
	if (err)
		return err;
	bp_welch_push(w, tip, ring, n);
	bp_hum_analyse(bp_welch_spectra(w), mains_hz, jack, out);
	lowest_hz = bp_hum_lowest_hz(bp_welch_spectra(w));
	if (spectrum)
		bp_plot_capture_spectrum(spectrum, bp_welch_spectra(w));
	bp_welch_free(w);
	if (lowest_hz > (mains_hz ? mains_hz : 50)) {
		size_t used = strlen(out->explanation);

		snprintf(out->explanation + used, sizeof(out->explanation) - used,
			 " (the %.2f s silence resolves lines from %.0f Hz only: the mains fundamental was not examined)",
			 (double)n / rate_hz, lowest_hz);
	}
	return 0;
}
