#include "config.h"

#include <math.h>
#include <stdlib.h>

#include "analyse/delay-search.h"
#include "analyse/latency.h"
#include "dsp/dsp.h"
#include "util/errors.h"

/* Sum of each @q samples of window @w into @out[0..n). */
static void decimate(const struct bp_signal_window *w, long q, size_t n, double *out)
{
	size_t i;

	for (i = 0; i < n; i++) {
		long from = w->start + (long)i * q, to = from + q, j;
		double sum = 0.0;

		from = from > 0 ? from : 0;
		to = to < w->len ? to : w->len;
		for (j = from; j < to; j++)
			sum += w->x[(size_t)j * w->stride];
		out[i] = sum;
	}
}

/* Sum of squares of @x[0..n). */
static double energy(const double *x, size_t n)
{
	double e = 0.0;
	size_t i;

	for (i = 0; i < n; i++)
		e += x[i] * x[i];
	return e;
}

/* The decimation q for the excitation @x (see analyse/delay-search.h). */
static long search_decimation(const struct bp_signal_window *x, double rate_hz)
{
	long q = (long)bp_pow2_ceil((size_t)(rate_hz / 1500.0));
	double total = 0.0;
	long i;

	for (i = 0; i < x->len; i++)
		total += x->x[(size_t)i * x->stride] * x->x[(size_t)i * x->stride];
	for (; q > 1; q /= 4) {
		size_t n = (size_t)(x->len / q);
		double *d = malloc(n * sizeof(double)), kept;

		if (!d)
			return 1;
		decimate(x, q, n, d);
		/* A boxcar of q passes low frequencies with gain q. */
		kept = energy(d, n) / (double)q;
		free(d);
		if (kept >= 0.4 * total)
			break;
	}
	return q < 1 ? 1 : q;
}

/* The delay, in decimated samples, where the impulse responses @wt and
 * @wr (n long) peak: delays 0..search sit at the start, -search..0 wrap
 * to the end. */
static long peak_delay(const double *wt, const double *wr, size_t n, long search)
{
	const size_t lo = n - (size_t)search;
	size_t peak = bp_latency_peak(wt, wr, 0, (size_t)search);
	const size_t wrapped = bp_latency_peak(wt, wr, lo, n - 1);

	if (wt[wrapped] * wt[wrapped] + wr[wrapped] * wr[wrapped] >
	    wt[peak] * wt[peak] + wr[peak] * wr[peak])
		peak = wrapped;
	return peak >= lo ? (long)peak - (long)n : (long)peak;
}

int bp_delay_search(const struct bp_signal_window *ref, const struct bp_signal_window *tip,
		    const struct bp_signal_window *ring, double rate_hz, double search_s,
		    long *delay)
{
	const long q = search_decimation(ref, rate_hz);
	const long search = lround(search_s * rate_hz) / q;
	const long ref_len = ref->len / q;
	const size_t n = bp_pow2_ceil((size_t)(ref_len + 2 * search));
	/* The last search span stays empty so a late start wraps there
	 * cleanly. */
	const size_t used = n - (size_t)search;
	double *xd = malloc(n * sizeof(double));
	double *wt = malloc(n * sizeof(double)), *wr = malloc(n * sizeof(double));
	struct bp_signal_window dx = { .x = xd, .stride = 1, .len = ref_len,
				       .used = (size_t)ref_len };
	struct bp_signal_window dt = { .x = wt, .stride = 1, .len = (long)used, .used = used };
	struct bp_signal_window dr = { .x = wr, .stride = 1, .len = (long)used, .used = used };
	struct bp_transfer tf;
	int err = BP_E_NOMEM;

	if (!xd || !wt || !wr)
		goto out;
	decimate(ref, q, (size_t)ref_len, xd);
	decimate(tip, q, used, wt);
	decimate(ring, q, used, wr);
	err = bp_transfer_measure(&tf, rate_hz / (double)q, n, 1, &dt, &dr, &dx);
	if (err)
		goto out;
	bp_transfer_impulse(&tf, tf.tip, wt);
	bp_transfer_impulse(&tf, tf.ring, wr);
	bp_transfer_free(&tf);
	*delay = q * peak_delay(wt, wr, n, search);
out:
	free(xd);
	free(wt);
	free(wr);
	return err;
}
