/* balprobe: is an input balanced?  Verdict, polarity and common-mode
 * rejection from the two transfers of the input probe (DESIGN.md, "Input
 * probe").
 *
 * Two interface outputs drive the input's tip and ring; H_tip and H_ring
 * are the transfers from each drive to what the input returns.  Then
 *
 *     A_d = (H_tip - H_ring) / 2   differential gain, per volt of V_tip - V_ring
 *     A_c =  H_tip + H_ring        common-mode gain, per volt on both
 *     CMRR = |A_d| / |A_c|         (-6 dB for an unbalanced input)
 *
 * The two drive outputs never match exactly: a relative gain error e of
 * the ring drive adds e |H_ring| to |A_c|, so without a correction a CMRR
 * above about -20 log10(e) cannot be read (0.05 dB: 44.8 dB; 0.005 dB:
 * 64.8 dB).  A reading within BP_CMRR_NEAR_CAP_DB of that cap, or one
 * whose common-mode residue is under the noise, is only a lower bound.
 */
#ifndef BALPROBE_CMRR_H
#define BALPROBE_CMRR_H

#include <complex.h>
#include <stdbool.h>
#include <stddef.h>

#include "analyse/deconv.h"
#include "result/result.h"

/* What the drives may differ by when nothing measured them, dB. */
#define BP_CMRR_ASSUMED_MISMATCH_DB 0.05
/* A reading this close to the cap is reported as a bound. */
#define BP_CMRR_NEAR_CAP_DB 3.0
/* A common-mode impulse response less than this far above the noise is
 * noise: the CMRR read from it is a lower bound. */
#define BP_CMRR_RESIDUE_SNR_DB 10.0
/* An input is balanced when it rejects at least this much in band. */
#define BP_CMRR_BALANCED_DB 10.0
/* A drive whose transfer is this far below the other's is not taken in. */
#define BP_CMRR_ABSENT_DB 20.0

/* How well the two drive outputs are known to match. */
struct bp_cmrr_drives {
	double ring_over_tip_db;   /* the ring drive's gain relative to the tip
				    * drive's, dB (0 when not measured) */
	double mismatch_db;        /* what they may still differ by, dB */
	bool measured;             /* from an interface profile */
};

/* No profile: taken as equal, within BP_CMRR_ASSUMED_MISMATCH_DB. */
void bp_cmrr_drives_assumed(struct bp_cmrr_drives *d);

/* The hook for the interface profile: the drives' gains as measured (dB,
 * any common reference) and the precision of that measurement (dB). */
void bp_cmrr_drives_measured(struct bp_cmrr_drives *d, double tip_gain_db,
			     double ring_gain_db, double precision_db);

/* The highest CMRR the drives' remaining mismatch lets a reading
 * guarantee, dB; +INFINITY for a perfect match. */
double bp_cmrr_cap_db(const struct bp_cmrr_drives *d);

/* Take the ring drive's measured gain out of @h_ring[0..n), in place. */
void bp_cmrr_correct(const struct bp_cmrr_drives *d, double complex *h_ring,
		     size_t n);

/* A_d and A_c of @h_tip and @h_ring, bin by bin, into @diff and @common
 * (n bins each; either may be NULL). */
void bp_cmrr_modes(const double complex *h_tip, const double complex *h_ring,
		   size_t n, double complex *diff, double complex *common);

/* The CMRR of @diff over @common (transfers of @tf's geometry) at the
 * third octaves 20 Hz .. 20 kHz within [@lo_hz, @hi_hz] and at 1 kHz,
 * each the median of the 1/48-octave smoothed values (analyse/response.h) across
 * the third octave around it; @residue_snr_db is how far
 * the common-mode impulse response stands above the noise.  Fills every
 * field of @out but the explanation's verdict-specific wording. */
void bp_cmrr_curve(const struct bp_transfer *tf, const double complex *diff,
		   const double complex *common, double lo_hz, double hi_hz,
		   double residue_snr_db, const struct bp_cmrr_drives *drives,
		   struct bp_cmrr_result *out);

/* One drive's path to one return. */
struct bp_input_path {
	double gain_db;            /* band gain, dB */
	bool present;              /* its impulse response stands above the noise */
	double phase_rad;          /* -pi..pi once the latency is taken out */
};

/* What the analysis found: paths from the tip and ring drives to the
 * (left) return and, when a second return was recorded, to the right
 * one; the CMRR over the band; the phase of A_d with the latency out. */
struct bp_input_paths {
	struct bp_input_path tip, ring;
	bool right_recorded;
	struct bp_input_path right_tip, right_ring;
	double band_cmrr_db;
	double diff_phase_rad;
};

/* The input's verdict and polarity from @p (the table of DESIGN.md:
 * balanced, inverted, unbalanced, stereo, no-signal; unknown with the
 * reason for anything between). */
void bp_cmrr_judge(const struct bp_input_paths *p, struct bp_jack_result *jack,
		   struct bp_polarity_result *polarity);

#endif
