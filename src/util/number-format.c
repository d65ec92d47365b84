#include "config.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "util/number-format.h"

/* Does @s, as printed, hold no digit but zeros? */
static bool reads_as_zero(const char *s)
{
	return strspn(s, "+-0.") == strlen(s);
}

const char *bp_format_number(char *buf, size_t size, double x, int decimals,
			     unsigned flags, const char *unit, const char *absent)
{
	char digits[48];

	if (!isfinite(x)) {
		snprintf(buf, size, "%s", absent);
		return buf;
	}
	snprintf(digits, sizeof(digits), flags & BP_FMT_SIGN ? "%+.*f" : "%.*f", decimals, x);
	if (reads_as_zero(digits)) {
		if ((flags & BP_FMT_BOUND) && x > 0.0) {
			snprintf(buf, size, "< %.*f%s", decimals, pow(10.0, -decimals), unit);
			return buf;
		}
		snprintf(digits, sizeof(digits), "%.*f", decimals, 0.0);
	}
	snprintf(buf, size, "%s%s", digits, unit);
	return buf;
}

const char *bp_format_hz(char *buf, size_t size, double hz, const char *absent)
{
	return bp_format_number(buf, size, hz, fabs(hz) < 100.0 ? 1 : 0, 0, " Hz", absent);
}

const char *bp_format_corners(char *buf, size_t size, double low_hz, double high_hz)
{
	if (!isfinite(low_hz) && !isfinite(high_hz))
		snprintf(buf, size, "none in the band");
	else
		snprintf(buf, size, "low %s, high %s", BP_HZ(low_hz, "none in the band"),
			 BP_HZ(high_hz, "none in the band"));
	return buf;
}

const char *bp_format_harmonics(char *buf, size_t size, const double *db, int n)
{
	size_t used = 0;
	int i, shown = 0;

	buf[0] = '\0';
	for (i = 0; i < n; i++)
		shown += isfinite(db[i]);
	if (shown == 0) {
		snprintf(buf, size, "all below the noise");
		return buf;
	}
	for (i = 0; i < n && used < size; i++)
		used += (size_t)snprintf(buf + used, size - used, "%s%s", i ? ", " : "",
					 BP_NUMBER(db[i], 1, 0, " dB", "below the noise"));
	return buf;
}
