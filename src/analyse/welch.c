#include "config.h"

#include <complex.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <fftw3.h>

#include "dsp/dsp.h"
#include "util/errors.h"
#include "dsp/fft-plan.h"
#include "analyse/welch.h"

struct bp_welch {
	struct bp_spectra out;
	size_t fill;            /* samples held in the segment buffers */
	size_t start;           /* where the oldest of them is (circular) */
	double *seg_tip, *seg_ring;
	double *window;
	double *fft_in;
	fftw_complex *fft_tip, *fft_ring;
	fftw_plan plan_tip, plan_ring;
	double *sum_tt, *sum_rr;
	double complex *sum_tr;     /* accessed as re, im pairs (C11 6.2.5) */
	double *avg_tt, *avg_rr;
	double complex *avg_tr;
	double scale;           /* periodogram to one-sided density */
	/* Time blocks of the low bins: sums and averages, block_bins each,
	 * BP_WELCH_BLOCKS_MAX of them; per_block segments go into one. */
	size_t block_bins;
	long per_block;
	long block_count[BP_WELCH_BLOCKS_MAX];
	double *blk_sum, *blk_avg;  /* 4 doubles a bin: tt, rr, re tr, im tr */
	struct bp_spectra blocks[BP_WELCH_BLOCKS_MAX];
};

size_t bp_welch_nfft_for_rate(double rate_hz)
{
	return bp_pow2_ceil((size_t)(rate_hz / 1.5));
}

int bp_welch_new(struct bp_welch **out, double rate_hz, size_t nfft)
{
	struct bp_welch *w = calloc(1, sizeof(*w));
	size_t nbins = nfft / 2 + 1, i;
	double wsum2 = 0.0;

	*out = NULL;
	if (!w)
		return BP_E_NOMEM;
	w->seg_tip = fftw_alloc_real(nfft);
	w->seg_ring = fftw_alloc_real(nfft);
	w->window = fftw_alloc_real(nfft);
	w->fft_in = fftw_alloc_real(nfft);
	w->fft_tip = fftw_alloc_complex(nbins);
	w->fft_ring = fftw_alloc_complex(nbins);
	w->sum_tt = calloc(nbins, sizeof(double));
	w->sum_rr = calloc(nbins, sizeof(double));
	w->sum_tr = calloc(nbins, sizeof(double complex));
	w->avg_tt = calloc(nbins, sizeof(double));
	w->avg_rr = calloc(nbins, sizeof(double));
	w->avg_tr = calloc(nbins, sizeof(double complex));
	w->block_bins = (size_t)ceil(BP_WELCH_BLOCK_HZ * (double)nfft / rate_hz);
	if (w->block_bins > nbins)
		w->block_bins = nbins;
	w->per_block = 1;
	w->blk_sum = calloc(BP_WELCH_BLOCKS_MAX * w->block_bins * 4, sizeof(double));
	w->blk_avg = calloc(BP_WELCH_BLOCKS_MAX * w->block_bins * 4, sizeof(double));
	if (!w->seg_tip || !w->seg_ring || !w->window || !w->fft_in ||
	    !w->fft_tip || !w->fft_ring || !w->sum_tt || !w->sum_rr ||
	    !w->sum_tr || !w->avg_tt || !w->avg_rr || !w->avg_tr ||
	    !w->blk_sum || !w->blk_avg)
		goto fail;
	w->plan_tip = bp_fft_plan_r2c((int)nfft, w->fft_in, w->fft_tip);
	w->plan_ring = bp_fft_plan_r2c((int)nfft, w->fft_in, w->fft_ring);
	if (!w->plan_tip || !w->plan_ring)
		goto fail;

	bp_blackman_harris(w->window, nfft);
	for (i = 0; i < nfft; i++)
		wsum2 += w->window[i] * w->window[i];
	w->scale = 1.0 / (rate_hz * wsum2);
	w->out.rate_hz = rate_hz;
	w->out.nfft = nfft;
	w->out.nbins = nbins;
	w->out.bin_hz = rate_hz / (double)nfft;
	w->out.tt = w->avg_tt;
	w->out.rr = w->avg_rr;
	w->out.tr = w->avg_tr;
	*out = w;
	return 0;
fail:
	bp_welch_free(w);
	return BP_E_NOMEM;
}

/* Window one leg's segment into the FFT input.  The segment mean is not
 * removed: the periodic Blackman-Harris window's transform is zero beyond
 * bin +-3, so a DC offset leaks into bins 0..3 only (below 6 Hz), which no
 * analysis uses. */
static void load_segment(struct bp_welch *w, const double *seg)
{
	const size_t n = w->out.nfft, first = n - w->start;
	size_t i;

	for (i = 0; i < first; i++)
		w->fft_in[i] = seg[w->start + i] * w->window[i];
	for (i = first; i < n; i++)
		w->fft_in[i] = seg[i - first] * w->window[i];
}

/* The block the next segment goes into: a new one when the last is
 * full, after merging neighbours pairwise when all are taken. */
static double *next_block(struct bp_welch *w)
{
	const size_t size = w->block_bins * 4;
	int n = w->out.n_blocks, i;
	size_t j;

	if (n > 0 && w->block_count[n - 1] < w->per_block)
		return w->blk_sum + (size_t)(n - 1) * size;
	if (n == BP_WELCH_BLOCKS_MAX) {
		for (i = 0; i < n / 2; i++) {
			double *to = w->blk_sum + (size_t)i * size;
			const double *a = w->blk_sum + (size_t)(2 * i) * size;

			for (j = 0; j < size; j++)
				to[j] = a[j] + a[j + size];
			w->block_count[i] = w->block_count[2 * i] + w->block_count[2 * i + 1];
		}
		n /= 2;
		w->per_block *= 2;
		memset(w->blk_sum + (size_t)n * size, 0, (size_t)n * size * sizeof(double));
	}
	w->block_count[n] = 0;
	w->out.n_blocks = n + 1;
	return w->blk_sum + (size_t)n * size;
}

static void accumulate_segment(struct bp_welch *w)
{
	double *blk;
	const size_t nbins = w->out.nbins;
	const double *t = (const double *)w->fft_tip;
	const double *r = (const double *)w->fft_ring;
	double *tr = (double *)w->sum_tr;
	size_t k;

	load_segment(w, w->seg_tip);
	fftw_execute(w->plan_tip);
	load_segment(w, w->seg_ring);
	fftw_execute(w->plan_ring);
	/* Written out in real arithmetic: C's complex multiply would call
	 * __muldc3 for its NaN rules, several times slower. */
	for (k = 0; k < nbins; k++) {
		double t_re = t[2 * k], t_im = t[2 * k + 1];
		double r_re = r[2 * k], r_im = r[2 * k + 1];

		w->sum_tt[k] += t_re * t_re + t_im * t_im;
		w->sum_rr[k] += r_re * r_re + r_im * r_im;
		/* conj(T) R */
		tr[2 * k] += t_re * r_re + t_im * r_im;
		tr[2 * k + 1] += t_re * r_im - t_im * r_re;
	}
	blk = next_block(w);
	for (k = 0; k < w->block_bins; k++) {
		double t_re = t[2 * k], t_im = t[2 * k + 1];
		double r_re = r[2 * k], r_im = r[2 * k + 1];

		blk[4 * k] += t_re * t_re + t_im * t_im;
		blk[4 * k + 1] += r_re * r_re + r_im * r_im;
		blk[4 * k + 2] += t_re * r_re + t_im * r_im;
		blk[4 * k + 3] += t_re * r_im - t_im * r_re;
	}
	w->block_count[w->out.n_blocks - 1]++;
	w->out.segments++;
}

void bp_welch_push(struct bp_welch *w, const double *tip, const double *ring,
		   size_t n)
{
	const size_t nfft = w->out.nfft, hop = nfft / 2;

	while (n > 0) {
		size_t at = (w->start + w->fill) % nfft;
		size_t take = nfft - w->fill;

		/* Up to the segment's end or the buffer's physical end. */
		if (take > nfft - at)
			take = nfft - at;
		if (take > n)
			take = n;
		memcpy(w->seg_tip + at, tip, take * sizeof(double));
		memcpy(w->seg_ring + at, ring, take * sizeof(double));
		w->fill += take;
		tip += take;
		ring += take;
		n -= take;
		if (w->fill == nfft) {
			accumulate_segment(w);
			/* 50 % overlap: the newer half starts the next segment. */
			w->start = (w->start + hop) % nfft;
			w->fill = nfft - hop;
		}
	}
}

/* Block @b's averages, as spectra of their own. */
static void average_block(struct bp_welch *w, int b)
{
	const size_t bins = w->block_bins;
	const double *sum = w->blk_sum + (size_t)b * bins * 4;
	double *tt = w->blk_avg + (size_t)b * bins * 4, *rr = tt + bins;
	double complex *tr = (double complex *)(rr + bins);
	const double norm = 2.0 * w->scale / (double)w->block_count[b];
	struct bp_spectra *s = &w->blocks[b];
	size_t k;

	for (k = 0; k < bins; k++) {
		/* One-sided, as below: DC carries one half only. */
		double one_sided = k == 0 ? 0.5 * norm : norm;

		tt[k] = sum[4 * k] * one_sided;
		rr[k] = sum[4 * k + 1] * one_sided;
		tr[k] = (sum[4 * k + 2] + sum[4 * k + 3] * I) * one_sided;
	}
	*s = w->out;
	s->nbins = bins;
	s->segments = w->block_count[b];
	s->tt = tt;
	s->rr = rr;
	s->tr = tr;
	s->block = NULL;
	s->n_blocks = 0;
}

const struct bp_spectra *bp_welch_spectra(struct bp_welch *w)
{
	const size_t nbins = w->out.nbins;
	const double norm = w->out.segments ? w->scale / (double)w->out.segments : 0.0;
	size_t k;
	int b;

	for (b = 0; b < w->out.n_blocks; b++)
		average_block(w, b);
	w->out.block = w->blocks;

	for (k = 0; k < nbins; k++) {
		/* One-sided: every bin but DC and Nyquist carries both halves. */
		double one_sided = (k == 0 || k == nbins - 1) ? norm : 2.0 * norm;

		w->avg_tt[k] = w->sum_tt[k] * one_sided;
		w->avg_rr[k] = w->sum_rr[k] * one_sided;
		w->avg_tr[k] = w->sum_tr[k] * one_sided;
	}
	return &w->out;
}

void bp_welch_free(struct bp_welch *w)
{
	if (!w)
		return;
	if (w->plan_tip)
		fftw_destroy_plan(w->plan_tip);
	if (w->plan_ring)
		fftw_destroy_plan(w->plan_ring);
	fftw_free(w->seg_tip);
	fftw_free(w->seg_ring);
	fftw_free(w->window);
	fftw_free(w->fft_in);
	fftw_free(w->fft_tip);
	fftw_free(w->fft_ring);
	free(w->sum_tt);
	free(w->sum_rr);
	free(w->sum_tr);
	free(w->avg_tt);
	free(w->avg_rr);
	free(w->avg_tr);
	free(w->blk_sum);
	free(w->blk_avg);
	free(w);
}
