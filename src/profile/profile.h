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
#include <stddef.h>

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
	/* How input_fs_dbu and output_fs_dbu were found ("voltmeter, 0.775 V
	 * at -20.0 dBFS on output 1"), "" when not said. */
	char input_fs_source[128];
	char output_fs_source[128];
};

/* How well a profile's gains are known, dB.  They come from a loop
 * cable ('balprobe loop'), whose 1 kHz tone at -20 dBFS stands some 80 dB
 * above the converters' noise: the gain of a second's worth of it is
 * known to far better than a thousandth of a dB.  This allows for the
 * cable and connectors changing between the loop and the measurement. */
#define BP_PROFILE_GAIN_PRECISION_DB 0.005

/* @db to the thousandth of a dB a profile keeps, far finer than any
 * calibration or gain is good for (never "-0"). */
double bp_profile_rounded(double db);

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
/* --- Profile files (profile/profile-file.c) ---
 *
 * Plain text, one `key = value` a line; blank lines and lines whose first
 * non-blank character is '#' are comments.  Keys: name, card, source
 * (text), input_fs_dbu, output_fs_dbu (dBu, AES17: a full-scale sine),
 * input_fs_source, output_fs_source (text: how each was found),
 * input_gain_db.N, output_gain_db.N (N = 1..BP_PROFILE_CHANNELS, dB
 * relative to channel 1), loop_gain_db, noise_dbfs, crosstalk_db,
 * thd_n_db, rate_hz.  A key left out is unknown (NAN).  The reader is
 * strict: an unknown or repeated key, a line without '=', a number that
 * is not plain decimal, not finite or out of its range, a channel out of
 * range, a control character or NUL, a line longer than
 * BP_PROFILE_LINE_MAX or a file larger than BP_PROFILE_FILE_MAX refuses
 * the whole file. */
#define BP_PROFILE_LINE_MAX 1024
#define BP_PROFILE_FILE_MAX 65536

/* Parse @len bytes of @text into @p (bp_profile_init()ed here).  @what
 * names the text in messages (a path).  Returns 0, or BP_E_FILE_FORMAT
 * with one detail sentence naming @what, the line and the problem. */
int bp_profile_parse(struct bp_profile *p, const char *text, size_t len,
		     const char *what);

/* Read the profile file @path into @p.  Returns 0; BP_E_FILE_OPEN (missing,
 * unreadable, not a regular file) or BP_E_FILE_FORMAT (too large, or
 * refused by bp_profile_parse), each with a detail sentence naming the
 * file; BP_E_NOMEM. */
int bp_profile_read(struct bp_profile *p, const char *path);

/* @p as profile text, newly allocated (free()), NULL when memory ran
 * out.  Numbers are written so that they read back to the same double;
 * text loses control characters and surrounding blanks. */
char *bp_profile_format(const struct bp_profile *p);

/* Write @p to @path atomically (io/atomic-file.h), making the directory
 * @path is in when it is missing (and its parent).  Returns 0 or
 * BP_E_FILE_WRITE / BP_E_NOMEM with a detail sentence. */
int bp_profile_write(const struct bp_profile *p, const char *path);

/* --- Where profiles are kept (profile/profile-store.c) --- */

/* The directory of saved profiles, $XDG_CONFIG_HOME/balprobe (an absolute
 * $XDG_CONFIG_HOME only, as the XDG base directory specification says),
 * else $HOME/.config/balprobe, into @buf.  Returns 0, or -ENOENT when
 * neither variable gives one, -ENAMETOOLONG. */
int bp_profile_dir(char *buf, size_t size);

/* The saved profile of the card @card_id: DIR/CARD.profile, with any
 * character but letters, digits, '-', '_' and '.' (and a leading '.')
 * made '_'.  Returns as bp_profile_dir(). */
int bp_profile_card_path(const char *card_id, char *buf, size_t size);

/* --- Built-in profiles (profile/builtin.c, builtin-data.c) --- */

struct bp_profile_builtin {
	const char *name;       /* "scarlett-2i2-3rd" */
	const char *model;      /* "Focusrite Scarlett 2i2 3rd Gen" */
	/* Card matching: USB vendor:product ids ("1235:8210"), and ALSA card
	 * names (the USB product name), separated by '|'; NULL: none. */
	const char *usb_ids;
	const char *card_names;
	double input_fs_dbu;    /* line input, maximum at minimum gain; NAN */
	double output_fs_dbu;   /* line output, maximum level; NAN */
	/* The maker's published document each figure is from, by name, or
	 * what is missing. */
	const char *source;
};

/* Built-ins in table order; NULL past the last. */
const struct bp_profile_builtin *bp_profile_builtin_at(size_t i);

/* The built-in called @name (its name, or its model without regard to
 * case), or NULL. */
const struct bp_profile_builtin *bp_profile_builtin_find(const char *name);

/* The built-in that matches a card with USB id @usb_id ("1235:8210", may
 * be NULL or "") or ALSA card name @card_name (may be NULL), or NULL.  A
 * USB id match wins over a name match. */
const struct bp_profile_builtin *bp_profile_builtin_match(const char *usb_id,
							  const char *card_name);

/* @p from @b: its name, figures and source; @card as given. */
void bp_profile_from_builtin(struct bp_profile *p, const struct bp_profile_builtin *b,
			     const char *card);

#endif
