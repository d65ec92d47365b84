/* balprobe: an interface profile, what balprobe knows of the interface a
 * measurement runs through.
 *
 * A profile comes from a built-in table of makers' specifications, from
 * 'balprobe calibrate' (a voltmeter, a known source, a loop cable) and from
 * 'balprobe loop'; it is kept per card as plain `key = value` text under
 * $XDG_CONFIG_HOME/balprobe/.  Every measurement on that card reads it:
 * the dBu calibration, the gain of each input and output relative to the
 * first (so tip/ring input and drive-output mismatches can be corrected),
 * and the interface's own limits (so a figure near them is a bound).
 *
 * Every figure is NAN when the profile does not hold it.
 */
#ifndef BALPROBE_PROFILE_H
#define BALPROBE_PROFILE_H

#include <stdbool.h>

/* Channels a profile describes, per direction. */
#define BP_PROFILE_CHANNELS 32

struct bp_profile {
	char name[64];      /* built-in id or file stem: "scarlett-2i2-3rd" */
	char card[64];      /* ALSA card id or USB name it matches; "" any */
	char source[256];   /* where the figures come from (document, method) */
	double input_fs_dbu;  /* dBu at an input that reads 0 dBFS */
	double output_fs_dbu; /* dBu at an output playing 0 dBFS */
	/* Gain of input N+1 relative to input 1 (index 0 is 0 dB when any
	 * is known), and of output N+1 relative to output 1, dB. */
	double input_gain_db[BP_PROFILE_CHANNELS];
	double output_gain_db[BP_PROFILE_CHANNELS];
	/* The round trip output 1 -> input 1 at 1 kHz when the loop was
	 * measured, dB: a later loop that reads differently means a gain
	 * knob moved. */
	double loop_gain_db;
	/* The interface's own limits, measured through a loop cable (AES17):
	 * noise (unweighted, dBFS), crosstalk between channels (dB), THD+N
	 * at -1 dBFS (dB). */
	double noise_dbfs;
	double crosstalk_db;
	double thd_n_db;
	/* The rate the loop was measured at, Hz. */
	double rate_hz;
};

/* How well a profile's gains are known, dB.  They come from a loop
 * cable ('balprobe loop'), whose 1 kHz tone at -20 dBFS stands some 80 dB
 * above the converters' noise: the gain of a second's worth of it is
 * known to far better than a thousandth of a dB.  This allows for the
 * cable and connectors changing between the loop and the measurement. */
#define BP_PROFILE_GAIN_PRECISION_DB 0.005

/* An empty profile: no name, every figure NAN. */
void bp_profile_init(struct bp_profile *p);

/* Does @p hold the gain of input (output) @channel (1-based) relative to
 * the first? */
bool bp_profile_has_input_gain(const struct bp_profile *p, int channel);
bool bp_profile_has_output_gain(const struct bp_profile *p, int channel);

/* The gain of input (output) @b relative to input (output) @a, both
 * 1-based, dB; NAN when @p (which may be NULL) does not hold both. */
double bp_profile_input_match_db(const struct bp_profile *p, int a, int b);
double bp_profile_output_match_db(const struct bp_profile *p, int a, int b);

#endif
