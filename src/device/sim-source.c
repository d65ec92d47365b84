/* balprobe: the simulated interface's known source (sim-source.h). */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "device/sim-source.h"
#include "util/errors.h"

int bp_sim_source_parse(struct bp_sim_source *s, const char *name, const char *item)
{
	char *end;
	double hz, dbfs;

	if (strncmp(item, "source=", 7) != 0)
		return 1;
	hz = strtod(item + 7, &end);
	if (end != item + 7 && *end == ':') {
		const char *at = end + 1;

		dbfs = strtod(at, &end);
		if (end != at && !*end && isfinite(hz) && isfinite(dbfs) && hz >= 10.0 &&
		    hz <= 20000.0 && dbfs >= -140.0 && dbfs <= 0.0) {
			s->on = true;
			s->hz = hz;
			s->dbfs = dbfs;
			return 0;
		}
	}
	bp_error_set_detail("%s: '%s' is not a source — give source=HZ:DBFS, HZ from 10 to 20000, DBFS from -140 to 0",
			    name, item);
	return -ERANGE;
}

void bp_sim_source_add(const struct bp_sim_source *s, double rate_hz, double *capture,
		       long frames, int inputs)
{
	const double amp = pow(10.0, s->dbfs / 20.0);
	long i;
	int c;

	for (i = 0; s->on && i < frames; i++) {
		const double x = amp * sin(2.0 * M_PI * s->hz * (double)i / rate_hz);

		for (c = 0; c < inputs; c++)
			capture[(size_t)i * (size_t)inputs + (size_t)c] += x;
	}
}
