/* balprobe: streaming two-channel cross-spectral estimation.
 *
 * Welch's method (Welch 1967): segments with 50 % overlap under a 4-term
 * Blackman-Harris window (its -92 dB sidelobes keep a strong hum line out
 * of the floor beside it), periodograms averaged.
 * Samples are pushed in blocks of any size; memory is a few segment
 * lengths whatever the recording's length.  One FFTW plan per leg (FFTW_ESTIMATE:
 * a power-of-two size plans in milliseconds, where FFTW_MEASURE would take
 * half a second without saved wisdom) serves every segment.
 */
#ifndef BALPROBE_WELCH_H
#define BALPROBE_WELCH_H

#include <complex.h>
#include <stddef.h>

/* One-sided spectral densities in FS^2/Hz (full scale = 1.0): summing a
 * density over bins k = 0..nbins-1 and multiplying by bin_hz gives the
 * mean square of the signal. */
struct bp_spectra {
	double rate_hz;
	size_t nfft;
	size_t nbins;          /* nfft / 2 + 1 */
	double bin_hz;         /* rate_hz / nfft */
	long segments;         /* periodograms averaged */
	const double *tt;      /* tip auto-spectrum */
	const double *rr;      /* ring auto-spectrum */
	const double complex *tr; /* cross-spectrum E[conj(T) R] */
	/* The same below BP_WELCH_BLOCK_HZ (nbins of each is that many
	 * bins), averaged over each of n_blocks consecutive stretches of
	 * the recording, so a steady line can be told from one that comes
	 * and goes.  NULL and 0 in a block's own struct. */
	const struct bp_spectra *block;
	int n_blocks;
};

/* The band the time blocks keep (mains harmonics up to 8 x 60 Hz, their
 * search and floor), and how many blocks at most: when more segments
 * come, neighbouring blocks are merged, so memory stays fixed. */
#define BP_WELCH_BLOCK_HZ 600.0
#define BP_WELCH_BLOCKS_MAX 32

struct bp_welch;

/* The segment length for a rate: the power of two that gives bins of at
 * most 1.5 Hz, so the window's +-4-bin main lobe (+-6 Hz) keeps mains
 * lines 10 Hz apart separate. */
size_t bp_welch_nfft_for_rate(double rate_hz);

/* Create an estimator; returns 0 or BP_E_NOMEM. */
int bp_welch_new(struct bp_welch **out, double rate_hz, size_t nfft);

/* Feed @n frames of tip and ring. */
void bp_welch_push(struct bp_welch *w, const double *tip, const double *ring,
		   size_t n);

/* The averaged spectra of the segments completed so far (segments == 0:
 * all densities are zero).  Valid until the next push or free. */
const struct bp_spectra *bp_welch_spectra(struct bp_welch *w);

void bp_welch_free(struct bp_welch *w);

#endif
