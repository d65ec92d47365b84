/* balprobe: is a jack balanced, unbalanced, stereo or dual-mono, judged from
 * its two legs alone (no reference signal).
 *
 * From the Welch cross-spectra of tip and ring, grouped into ~100 Hz bands
 * over 20 Hz..20 kHz with hum lines left out: the level of each leg, their
 * magnitude-squared coherence (power-weighted over the bands), the skew
 * between the legs (slope of the squared cross-spectrum's phase, which is
 * blind to a polarity flip) and, once the skew is taken out, whether the
 * ring is in phase with the tip or inverted.  A ring that carries a
 * coherent copy of the tip that follows a first-order high-pass picks it
 * up through the cable's capacitance: an unbalanced output with an open
 * ring (bp_pickup_fit(), which the out probe uses as well).
 *
 * The verdict itself is one rule set, bp_jack_judge(), for every probe
 * that judges a port from its legs: listen from these figures, the out
 * probe from its stimulus's transfers (analyse/sweep.h).
 */
#ifndef BALPROBE_BALANCE_H
#define BALPROBE_BALANCE_H

#include "result/result.h"
#include "analyse/welch.h"

/* The part of the jack rule both probes share, on the ring's level
 * relative to the tip (dB) and the sign of their relation (the cosine of
 * the ring's phase against the tip, skew removed): each probe adds what
 * only it sees (listen the coherence, out the partner output's sweep). */
enum bp_ring_relation {
	BP_RING_SILENT,     /* absent, or BP_SILENT_LEG_DB or more below the tip */
	BP_RING_LOUDER,     /* BP_SILENT_LEG_DB or more above it: only the ring */
	BP_RING_INVERTED,   /* within BP_EQUAL_LEGS_DB, inverted within 45 deg */
	BP_RING_IN_PHASE,   /* within BP_EQUAL_LEGS_DB, in phase within 45 deg */
	BP_RING_OTHER       /* none of these: a level or phase no port explains */
};

/* A leg this far below the other carries nothing of its own (dB). */
#define BP_SILENT_LEG_DB 20.0
/* Legs within this of each other carry "the same" signal level (dB). */
#define BP_EQUAL_LEGS_DB 6.0
/* cos(45 deg): in phase or inverted within +-45 degrees. */
#define BP_CLEAR_SIGN 0.7

/* The relation of a ring at @ring_db (NAN or -INFINITY: absent, as when
 * @ring_present is false) with @sign to its tip. */
enum bp_ring_relation bp_ring_relation(double ring_db, double sign, bool ring_present);

/* Confidence that a ring related as @rel (silent, inverted or in phase)
 * is so: from 0.7 at the threshold for a silent one, falling with the
 * level difference and the phase error for a copy. */
double bp_ring_relation_confidence(enum bp_ring_relation rel, double ring_db, double sign);

/* Capacitive pickup.  An open ring picks the tip up through the cable's
 * capacitance C between the conductors, into the input's resistance R
 * with the ring's own capacitance to ground C_g (the cable's, the
 * input's) across it:
 *
 *   ring / tip = a j f/fc / (1 + j f/fc),  a = C / (C + C_g),
 *                fc = 1 / (2 pi R (C + C_g)),
 *
 * far down at low frequencies, rising 6 dB an octave and leading by up
 * to 90 degrees below fc, flat at a <= 1 above it.  Weighted least
 * squares in H, each point by its inverse variance: a is closed-form for
 * a given fc, fc is searched on a logarithmic grid from 1 Hz to 10 MHz,
 * and a skew of up to BP_PICKUP_SKEW_MAX_US between the inputs on a 1 us
 * grid; points far off the model (a hum line, a gap in the programme) are
 * discounted by iterated Cauchy reweighting.  The model must then agree with the data in
 * both magnitude and phase, rise across the band and lead at its bottom.
 */
#define BP_PICKUP_SKEW_MAX_US 25.0
/* Its points lie a sixth of an octave apart (the model changes by
 * octaves). */
#define BP_PICKUP_OCTAVE_STEP 1.122462048309373
/* Points a fit takes at most. */
#define BP_PICKUP_POINTS_MAX 64

/* One point of the ring/tip transfer: its frequency, the complex ratio,
 * and its inverse relative variance |h|^2 / var(h), a signal-to-noise
 * ratio (for Welch spectra K gamma^2 / (1 - gamma^2) over K averaged
 * periodogram bins). */
struct bp_ratio_point {
	double hz;
	double complex h;
	double weight;
};

struct bp_pickup {
	bool found;
	double corner_hz;        /* fc; INFINITY: above the band (pure C) */
	double high_gain_db;     /* 20 log10 a; NAN when fc is above the band */
	double lo_hz, hi_hz;     /* the band the fit saw */
	double rise_db;          /* the model's rise over that band */
	double lead_deg;         /* the model's phase lead at lo_hz */
	double mag_rms_db, phase_rms_deg;  /* data against the model */
	double agreeing;         /* share of the weight the model keeps */
	double skew_us;          /* the inputs' skew taken out */
};

/* Fit the model to @n points (in any order, at most
 * BP_PICKUP_POINTS_MAX) into @out; found only when it describes them.  At
 * least 6 points with weight are needed. */
void bp_pickup_fit(const struct bp_ratio_point *pts, size_t n, struct bp_pickup *out);

/* The jack explanation for a pickup that was found, into @buf. */
void bp_pickup_explain(const struct bp_pickup *p, char *buf, size_t size);

/* A confidence for the pickup verdict from how well the model fits. */
double bp_pickup_confidence(const struct bp_pickup *p);

struct bp_balance {
	double tip_dbfs, ring_dbfs;  /* each leg over the band, hum left out */
	double gain_db;              /* ring relative to tip */
	double coherence;            /* 0..1 */
	double phase_deg;            /* ring relative to tip, skew removed */
	double skew_us;              /* ring delayed relative to tip */
	double skew_se_us;           /* its standard error; INFINITY when the
				      * signal has too little bandwidth */
	struct bp_pickup pickup;     /* the ring/tip transfer against the model */
};

/* Fill @fig and the jack verdict @out (bp_jack_judge(), by programme).
 * @hum (from bp_hum_analyse) names the lines to leave out. */
void bp_balance_analyse(const struct bp_spectra *sp,
			const struct bp_hum_result *hum,
			struct bp_balance *fig, struct bp_jack_result *out);

/* Whether @n samples of @tip and @ring at @rate_hz carry a port's signal:
 * what bp_balance_analyse() hears (a leg above the signal floor, hum for
 * @mains_hz left out) that is not the two inputs' own noise -- thermal and
 * converter noise is white (spectral flatness at least 0.7), and
 * independent (coherence under 0.5) and equal (within BP_EQUAL_LEGS_DB)
 * on the two legs.  The legs' figures into @fig.  Returns 0 or
 * BP_E_NOMEM. */
int bp_balance_port_signal(const double *tip, const double *ring, size_t n, double rate_hz,
			   int mains_hz, struct bp_balance *fig, bool *port_signal);

/* The jack rule, one for every probe that judges a port from its legs.
 * What it is judged from says how the legs' relation was measured. */
enum bp_jack_basis {
	BP_JACK_BY_STIMULUS,   /* transfers from a stimulus played into the
				* port (the out probe) */
	BP_JACK_BY_PROGRAMME   /* the legs' cross-spectra alone, whatever the
				* port plays (listen) */
};

struct bp_jack_evidence {
	enum bp_jack_basis basis;
	/* Each leg's level, dB on one scale: by stimulus the transfer's band
	 * gain, by programme dBFS with hum left out. */
	double tip_db, ring_db;
	/* Whether each leg carries the signal: by stimulus its impulse
	 * response stands BP_IMPULSE_PRESENT_SNR_DB above the noise
	 * (analyse/impulse.h), by programme it is above
	 * BP_SIGNAL_FLOOR_DBFS. */
	bool tip_present, ring_present;
	/* By stimulus: how far each leg's impulse response stands above its
	 * noise, dB. */
	double tip_snr_db, ring_snr_db;
	bool digital_silence;      /* a leg holds nothing but zeros */
	/* The ring against the tip, skew removed: the cosine of its phase,
	 * and the phase in degrees. */
	double sign, phase_deg;
	/* The ring carries the tip through the cable's capacitance, as
	 * @pickup's fit describes. */
	bool ring_pickup;
	const struct bp_pickup *pickup;
	/* By programme: the legs' coherence and skew (struct bp_balance). */
	double coherence, skew_us, skew_se_us;
	/* By stimulus, when the port's pair partner was driven too: whether
	 * it comes back on the ring, and its level there (as tip_db). */
	bool partner_ring_present;
	double partner_ring_db;
};

/* The verdict, its confidence, the ring's figure and the explanation
 * from @ev, into @out. */
void bp_jack_judge(const struct bp_jack_evidence *ev, struct bp_jack_result *out);

/* Legs that differ by this much, both carrying the signal, are worth a
 * word: more than the 0.1 dB or so a good balanced output holds, and as
 * much as two analogue gain knobs set "the same" differ by. */
#define BP_LEG_MISMATCH_NOTE_DB 0.5

/* Say in @jack's explanation what the inputs' own gains had to do with
 * the legs' levels: @input_match_db (the ring's input against the tip's,
 * from the interface profile) when it was taken out, or, when nothing
 * knew it (NAN) and the legs differ by BP_LEG_MISMATCH_NOTE_DB or more,
 * that the inputs' gains may be why. */
void bp_jack_note_input_match(struct bp_jack_result *jack, double input_match_db);

#endif
