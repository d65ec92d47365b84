/* balprobe: hum on some ports and not on others. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "survey/findings.h"

void bp_finding_hum_some_ports(struct bp_survey *s, const int *usable, int n)
{
	int hum[BP_SURVEY_PORTS_MAX], clean[BP_SURVEY_PORTS_MAX];
	int n_hum = 0, n_clean = 0, loops = 0, i;
	struct bp_finding *f;
	char a[160], b[160];
	double worst = -INFINITY, mains = NAN;

	for (i = 0; i < n; i++) {
		const struct bp_survey_entry *e = &s->entries[usable[i]];
		const int present = bp_survey_bool(e, "hum.present");

		if (present == 1) {
			hum[n_hum++] = usable[i];
			loops += bp_survey_bool(e, "hum.ground_loop") == 1;
			worst = fmax(worst, bp_survey_num(e, "hum.fundamental_dbfs"));
			mains = bp_survey_num(e, "hum.mains_hz");
		} else if (present == 0) {
			clean[n_clean++] = usable[i];
		}
	}
	if (!n_hum || !n_clean || !(f = bp_finding_add(s, BP_FINDING_HUM_SOME_PORTS)))
		return;
	for (i = 0; i < n_hum; i++)
		f->ports[f->n_ports++] = hum[i];
	f->figure = isfinite(worst) ? worst : NAN;
	bp_finding_port_list(s, hum, n_hum, a, sizeof(a));
	bp_finding_port_list(s, clean, n_clean, b, sizeof(b));
	if (loops == n_hum)
		snprintf(f->explanation, sizeof(f->explanation),
			 "%s carr%s %.0f Hz mains hum (up to %.1f dBFS) on the ground, equal on tip and ring, while %s carr%s none: the ground loop runs through what %s connect%s to, not through the interface. Find the device those ports share (an amplifier, a powered speaker, a stage box on another circuit): power it from the same outlet strip, or lift the ground at a DI box or the device's ground-lift switch. Never remove a mains plug's safety earth.",
			 a, n_hum > 1 ? "y" : "ies", mains, worst, b,
			 n_clean > 1 ? "y" : "ies", n_hum > 1 ? "those ports" : "that port",
			 n_hum > 1 ? "" : "s");
	else
		snprintf(f->explanation, sizeof(f->explanation),
			 "%s carr%s %.0f Hz mains hum (up to %.1f dBFS) while %s carr%s none. Where the hum rides on the ground (a ground loop) the device behind those ports sits on another ground: power it from the same outlet strip or lift the ground at a DI box. Where it follows the signal it comes from the source itself (its supply or an input before it): fix it there.",
			 a, n_hum > 1 ? "y" : "ies", mains, worst, b,
			 n_clean > 1 ? "y" : "ies");
}
