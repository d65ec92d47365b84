/* balprobe: the built-in profiles, one row per interface model.
 *
 * Each figure is the maker's own published one, and `source` names the
 * document it is from.  A figure that could not be checked against a
 * maker's document when the row was written is NAN, and the source says
 * what is missing: a guess would put every dBu figure off without
 * anyone knowing.  Such a row still matches the card, so 'balprobe
 * calibrate --voltmeter' or '--source-dbu' can save a measured profile.
 *
 * input_fs_dbu is the line input's maximum level at minimum gain (the
 * level that reads 0 dBFS); output_fs_dbu the line output's maximum
 * level (0 dBFS played).  Makers state both as sine RMS (AES17).
 *
 * Card matching: USB ids from the Linux kernel's Scarlett2 driver
 * (sound/usb/mixer_scarlett2.c, vendor 0x1235), the 18i20 4th Gen's
 * from fcp-support (client/devices.c) and the Behringers' (vendor
 * 0x1397) from alsa-ucm-conf's USB-Audio.conf; names are the USB
 * product names ALSA shows as the card name.  A card with a USB id is
 * matched by its id where the row has ids, so a 2nd Gen 2i2 ("Scarlett
 * 2i2 USB", like the 3rd Gen) is not taken for a 3rd Gen.
 */
#include "config.h"

#include <math.h>

#include "profile/builtin-data.h"

#define NOT_FOUND(model) \
	"no published figure checked yet: the " model " specification (line input maximum at minimum gain, line output maximum) was not at hand - calibrate with --voltmeter or --source-dbu"

const struct bp_profile_builtin bp_profile_builtins[] = {
	/* Focusrite Scarlett 2nd Gen: the Solo's and 2i2's ids are from
	 * alsa-ucm-conf (ucm2/USB-Audio/USB-Audio.conf), not the Scarlett2
	 * driver; there is no 2nd Gen 4i4 or 8i6 (the range had a 2i4 and
	 * a 6i6 instead). */
	{ "scarlett-solo-2nd", "Focusrite Scarlett Solo 2nd Gen", "1235:8205", "Scarlett Solo USB",
	  NAN, NAN, NOT_FOUND("Scarlett Solo 2nd Gen User Guide") },
	{ "scarlett-2i2-2nd", "Focusrite Scarlett 2i2 2nd Gen", "1235:8202", "Scarlett 2i2 USB",
	  NAN, NAN, NOT_FOUND("Scarlett 2i2 2nd Gen User Guide") },
	{ "scarlett-18i8-2nd", "Focusrite Scarlett 18i8 2nd Gen", "1235:8204", "Scarlett 18i8 USB",
	  NAN, NAN, NOT_FOUND("Scarlett 18i8 2nd Gen User Guide") },
	{ "scarlett-18i20-2nd", "Focusrite Scarlett 18i20 2nd Gen", "1235:8201", "Scarlett 18i20 USB",
	  NAN, NAN,
	  "Scarlett 18i20 2nd Gen User Guide gives +16 dBu for inputs 1-2 with the PAD in, not the line input at minimum gain without it; line output maximum not at hand - calibrate with --voltmeter or --source-dbu" },
	/* Focusrite Scarlett 3rd Gen. */
	{ "scarlett-solo-3rd", "Focusrite Scarlett Solo 3rd Gen", "1235:8211", "Scarlett Solo USB",
	  NAN, NAN, NOT_FOUND("Scarlett Solo 3rd Gen User Guide") },
	{ "scarlett-2i2-3rd", "Focusrite Scarlett 2i2 3rd Gen", "1235:8210", "Scarlett 2i2 USB",
	  NAN, NAN, NOT_FOUND("Scarlett 2i2 3rd Gen User Guide") },
	{ "scarlett-4i4-3rd", "Focusrite Scarlett 4i4 3rd Gen", "1235:8212", "Scarlett 4i4 USB",
	  NAN, NAN, NOT_FOUND("Scarlett 4i4 3rd Gen User Guide") },
	{ "scarlett-8i6-3rd", "Focusrite Scarlett 8i6 3rd Gen", "1235:8213", "Scarlett 8i6 USB",
	  NAN, NAN, NOT_FOUND("Scarlett 8i6 3rd Gen User Guide") },
	{ "scarlett-18i8-3rd", "Focusrite Scarlett 18i8 3rd Gen", "1235:8214", "Scarlett 18i8 USB",
	  NAN, NAN, NOT_FOUND("Scarlett 18i8 3rd Gen User Guide") },
	{ "scarlett-18i20-3rd", "Focusrite Scarlett 18i20 3rd Gen", "1235:8215", "Scarlett 18i20 USB",
	  NAN, NAN, NOT_FOUND("Scarlett 18i20 3rd Gen User Guide") },
	/* Focusrite Scarlett 4th Gen: Solo, 2i2, 4i4, 16i16, 18i16 and
	 * 18i20; there is no 4th Gen 8i6 or 18i8. */
	{ "scarlett-solo-4th", "Focusrite Scarlett Solo 4th Gen", "1235:8218", "Scarlett Solo 4th Gen",
	  NAN, NAN, NOT_FOUND("Scarlett Solo 4th Gen User Guide") },
	{ "scarlett-2i2-4th", "Focusrite Scarlett 2i2 4th Gen", "1235:8219", "Scarlett 2i2 4th Gen",
	  NAN, NAN, NOT_FOUND("Scarlett 2i2 4th Gen User Guide") },
	{ "scarlett-4i4-4th", "Focusrite Scarlett 4i4 4th Gen", "1235:821a", "Scarlett 4i4 4th Gen",
	  22.0, 16.0,
	  "Focusrite, Scarlett 4i4 4th Gen User Guide, Specifications: variable-level line inputs, maximum input level at minimum gain +22 dBu; line outputs, maximum output level +16 dBu" },
	{ "scarlett-18i20-4th", "Focusrite Scarlett 18i20 4th Gen", "1235:821d", "Scarlett 18i20 4th Gen",
	  NAN, NAN, NOT_FOUND("Scarlett 18i20 4th Gen User Guide") },
	/* Behringer U-PHORIA. */
	{ "umc202hd", "Behringer UMC202HD", "1397:0507", "UMC202HD*",
	  NAN, NAN, NOT_FOUND("Behringer U-PHORIA UMC202HD Quick Start Guide") },
	{ "umc404hd", "Behringer UMC404HD", "1397:0509", "UMC404HD*",
	  NAN, NAN, NOT_FOUND("Behringer U-PHORIA UMC404HD Quick Start Guide") },
	/* MOTU. */
	{ "motu-m2", "MOTU M2", NULL, "M2",
	  NAN, NAN, NOT_FOUND("MOTU M2 User Guide") },
	{ "motu-m4", "MOTU M4", NULL, "M4",
	  NAN, NAN, NOT_FOUND("MOTU M4 User Guide") },
	/* Audient. */
	{ "audient-id4", "Audient iD4", NULL, "iD4*",
	  NAN, NAN, NOT_FOUND("Audient iD4 User Manual") },
	{ "audient-id14", "Audient iD14", NULL, "iD14*",
	  NAN, NAN, NOT_FOUND("Audient iD14 User Manual") },
	/* PreSonus. */
	{ "studio-24c", "PreSonus Studio 24c", NULL, "Studio 24c",
	  NAN, NAN, NOT_FOUND("PreSonus Studio 24c Owner's Manual") },
	/* RME: inputs 1-2 are XLR mic/line inputs (gain 0 to 65 dB), 3-4
	 * Hi-Z instrument jacks.  The Pro FS
	 * comes first: its name also begins "Babyface Pro". */
	{ "babyface-pro-fs", "RME Babyface Pro FS", NULL, "Babyface Pro FS*",
	  NAN, NAN, NOT_FOUND("RME User's Guide Babyface Pro FS") },
	{ "babyface-pro", "RME Babyface Pro", NULL, "Babyface Pro*",
	  8.0, NAN,
	  "RME, User's Guide Babyface Pro, 9.6 Analog Recording: maximum input level +8 dBu at the XLR inputs 1-2 (+19 dBu with the PAD); line output maximum not at hand - calibrate the output with --voltmeter" },
	{ "babyface", "RME Babyface", NULL, "Babyface*",
	  NAN, NAN, NOT_FOUND("RME User's Guide Babyface") },
	{ NULL, NULL, NULL, NULL, NAN, NAN, NULL }
};
