/* balprobe: figures as the reports print them, one rule for every writer
 * (text, Markdown, HTML and the plots' labels).
 *
 * A figure never reads "-0.00": a value that rounds to zero has no sign.
 * A positive quantity too small for the places shown reads as a bound
 * ("< 0.001 samples"), not as zero.  A figure the analysis could not
 * support (NAN) reads as the words the caller gives for it ("none in the
 * band", "below the noise"), never as "-".  JSON keeps its numbers
 * (report/json.c) and only drops the sign of a rounded zero.
 */
#ifndef BALPROBE_NUMBER_FORMAT_H
#define BALPROBE_NUMBER_FORMAT_H

#include <stddef.h>

enum {
	BP_FMT_SIGN = 1 << 0,   /* '+' before a positive value: a gain, dBu */
	BP_FMT_BOUND = 1 << 1   /* > 0 but rounding to 0: "< 0.001" */
};

/* @x with @decimals places and @unit after it (" dB", or ""), or @absent
 * when @x is not finite; written into @buf (@size bytes) and returned. */
const char *bp_format_number(char *buf, size_t size, double x, int decimals,
			     unsigned flags, const char *unit, const char *absent);

/* A frequency: one decimal below 100 Hz, none above ("8.2 Hz", "21000 Hz"),
 * or @absent. */
const char *bp_format_hz(char *buf, size_t size, double hz, const char *absent);

/* The -3 dB corners of a response, @low_hz and @high_hz (NAN: none in
 * the measured band): "low 8.2 Hz, high none in the band", or "none in
 * the band" when neither is. */
const char *bp_format_corners(char *buf, size_t size, double low_hz, double high_hz);

/* Harmonic levels @db[0..n) in dB re the fundamental, NAN where below
 * the noise: "-100.1 dB, below the noise, -110.3 dB", or "all below the
 * noise". */
const char *bp_format_harmonics(char *buf, size_t size, const double *db, int n);

/* The same into a buffer that lives as long as the enclosing block, for
 * use as a printf argument. */
#define BP_FORMAT_LEN 64
#define BP_NUMBER(x, decimals, flags, unit, absent) \
	bp_format_number((char[BP_FORMAT_LEN]){ 0 }, BP_FORMAT_LEN, (x), (decimals), \
			 (flags), (unit), (absent))
#define BP_HZ(hz, absent) \
	bp_format_hz((char[BP_FORMAT_LEN]){ 0 }, BP_FORMAT_LEN, (hz), (absent))

#endif
