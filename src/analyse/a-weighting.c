#include "config.h"

#include <math.h>

#include "analyse/a-weighting.h"

/* IEC 61672-1 pole frequencies, Hz. */
#define F1 20.598997
#define F2 107.65265
#define F3 737.86223
#define F4 12194.217
/* A1000: the normalisation that makes 1 kHz read 0 dB. */
#define A1000_DB 1.9997

double bp_a_weighting_db(double hz)
{
	const double f2 = hz * hz;
	const double ra = F4 * F4 * f2 * f2 /
			  ((f2 + F1 * F1) * sqrt((f2 + F2 * F2) * (f2 + F3 * F3)) * (f2 + F4 * F4));

	return 20.0 * log10(ra) + A1000_DB;
}
