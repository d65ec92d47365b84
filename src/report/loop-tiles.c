#include "config.h"

#include <math.h>
#include <stdio.h>

#include "report/loop-tiles.h"
#include "util/number-format.h"

static const char *const cabling_text[] = {
	[BP_LOOP_CABLING_NONE] = "nothing came back on input 1",
	[BP_LOOP_CABLING_SINGLE] = "output 1 to input 1",
	[BP_LOOP_CABLING_PAIR] = "output 1 to input 1, output 2 to input 2",
	[BP_LOOP_CABLING_SPLIT] = "output 1 into inputs 1 and 2 (splitter)",
};

#define ROW(name, ...) bp_report_add_row(rows, &n, max, name, __VA_ARGS__)

int bp_report_loop_rows(const struct bp_result *r, struct bp_report_row *rows, int max)
{
	const struct bp_loop_result *l = &r->loop;
	int n = 0;

	ROW("Cabling", "%s", cabling_text[l->cabling]);
	ROW("Noise (AES17, 20 Hz-20 kHz)", "%s", BP_NUMBER(l->noise_dbfs, 1, 0, " dBFS", "not measured"));
	ROW("Noise, A-weighted", "%s", BP_NUMBER(l->noise_dbfs_a, 1, 0, " dBFS(A)", "not measured"));
	ROW("Dynamic range (AES17)", "%s", BP_NUMBER(l->dynamic_range_db, 1, 0, " dB", "not measured"));
	ROW("THD+N at -1 dBFS, 1 kHz", "%s", BP_NUMBER(l->thd_n_db, 1, 0, " dB", "not measured"));
	ROW("IMD (SMPTE 60 Hz + 7 kHz, 4:1)", "%s",
	    BP_NUMBER(l->imd_db, 1, 0, " dB", "not measured (7 kHz needs a rate of 16.1 kHz or more)"));
	ROW("Crosstalk between the channels", "%s%s", l->crosstalk_is_bound ? "below " : "",
	    BP_NUMBER(l->crosstalk_db, 1, 0, " dB", "needs the pair cabling"));
	ROW("Input 2 re input 1", "%s",
	    BP_NUMBER(l->gain_inputs_db, 3, BP_FMT_SIGN, " dB", "needs a splitter (or a profile)"));
	ROW("Output 2 re output 1", "%s",
	    BP_NUMBER(l->gain_outputs_db, 3, BP_FMT_SIGN, " dB", "needs the pair cabling and a profile"));
	if (isfinite(l->pair_gain_db))
		ROW("Out 2 to in 2 re out 1 to in 1", "%s",
		    BP_NUMBER(l->pair_gain_db, 3, BP_FMT_SIGN, " dB", ""));
	return n;
}

static void tile(struct bp_report_tile *t, const char *label, double x, int decimals,
		 const char *unit, const char *detail)
{
	t->label = label;
	t->tone = isfinite(x) ? BP_TONE_INFO : BP_TONE_NONE;
	snprintf(t->value, sizeof(t->value), "%s", BP_NUMBER(x, decimals, 0, unit, "not measured"));
	snprintf(t->detail, sizeof(t->detail), "%s", detail);
}

void bp_report_loop_tiles(const struct bp_result *r, struct bp_report_tile tiles[4])
{
	const struct bp_loop_result *l = &r->loop;

	tile(&tiles[0], "Noise", l->noise_dbfs, 1, " dBFS", "AES17, unweighted, 20 Hz-20 kHz");
	tile(&tiles[1], "THD+N", l->thd_n_db, 1, " dB", "1 kHz at -1 dBFS");
	tile(&tiles[2], "Dynamic range", l->dynamic_range_db, 1, " dB", "AES17: -60 dBFS tone");
	if (isfinite(l->gain_inputs_db) || !isfinite(l->gain_outputs_db)) {
		tile(&tiles[3], "Input 2 re input 1", l->gain_inputs_db, 3, " dB",
		     isfinite(l->gain_inputs_db) ? "tip and ring inputs' gains"
						 : "needs a splitter from one output");
		if (l->input_mismatch)
			tiles[3].tone = BP_TONE_CAUTION;
	} else
		tile(&tiles[3], "Output 2 re output 1", l->gain_outputs_db, 3, " dB",
		     "the drive outputs' gains");
}

void bp_report_text_loop(FILE *out, const struct bp_result *r)
{
	struct bp_report_row rows[16];
	int i, n = bp_report_loop_rows(r, rows, 16);

	for (i = 0; i < n; i++)
		fprintf(out, "  %-32s %s\n", rows[i].name, rows[i].value);
}
