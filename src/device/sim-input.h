/* balprobe: a model of an input stage behind the simulated interface's
 * outputs, for the in probe (DESIGN.md, "Input probe").
 *
 * Two outputs (the tip drive v_t and the ring drive v_r) feed the input's
 * tip and ring; what it passes on comes back on the interface's inputs 1
 * (left) and 2 (right).  With g the gain and C the CMRR:
 *
 *   balanced     out = g (v_t - v_r) + g 10^(-C/20) (v_t + v_r) / 2
 *   transformer  the same, its common-mode leak rising 6 dB an octave above
 *                BP_SIM_INPUT_TRANSFORMER_HZ (inter-winding capacitance):
 *                CMRR(f) = C - 10 log10(1 + (f / f_c)^2)
 *   inverted     balanced, pin 3 hot: out = -g (v_t - v_r) + ...
 *   unbalanced   out = g v_t: a TS socket grounds the ring (the drive's own
 *                output impedance keeps that short harmless)
 *   stereo       left = g v_t, right = g v_r
 *   dead         nothing
 *
 * The ring drive plays @drive_mismatch_db louder than the tip drive (the
 * two outputs never match exactly).  The signal is delayed by the
 * latency; equal ground-loop hum and independent noise on each return
 * are added after it.
 */
#ifndef BALPROBE_SIM_INPUT_H
#define BALPROBE_SIM_INPUT_H

#include <stddef.h>
#include <stdint.h>

#define BP_SIM_INPUT_TRANSFORMER_HZ 3000.0

enum bp_sim_input_kind {
	BP_SIM_INPUT_NONE,         /* no input model: the port model runs */
	BP_SIM_INPUT_BALANCED,
	BP_SIM_INPUT_TRANSFORMER,
	BP_SIM_INPUT_INVERTED,
	BP_SIM_INPUT_UNBALANCED,
	BP_SIM_INPUT_STEREO,
	BP_SIM_INPUT_DEAD
};

struct bp_sim_input {
	enum bp_sim_input_kind kind;
	double cmrr_db;            /* C, at low frequencies; default 60 */
	double drive_mismatch_db;  /* ring drive re tip drive; default 0 */
	double gain_db;            /* g */
	double latency_samples;    /* >= 0, any fraction */
	double noise_dbfs;         /* on each return, AES17 */
	double hum_dbfs;           /* ground-loop hum fundamental on the returns */
	double mains_hz;
	uint64_t seed;
};

/* The kind called @name ("balanced", "transformer", "inverted",
 * "unbalanced", "stereo", "dead"): 0, or -EINVAL. */
int bp_sim_input_parse_kind(const char *name, enum bp_sim_input_kind *out);

/* Render @frames frames of the returns @left and @right from the drives
 * @tip and @ring (each @frames long).  Returns 0 or BP_E_NOMEM. */
int bp_sim_input_render(const struct bp_sim_input *m, double rate_hz,
			const double *tip, const double *ring, size_t frames,
			double *left, double *right);

#endif
