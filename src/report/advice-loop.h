/* balprobe: the loop probe's advice -- one sentence per pitfall
 * analyse/loop-pitfalls.h found, saying what to set on the interface.
 * The rules sit in report/advice.c's table with every other.
 */
#ifndef BALPROBE_ADVICE_LOOP_H
#define BALPROBE_ADVICE_LOOP_H

#include <stdbool.h>

#include "result/result.h"

bool bp_advice_loop_monitoring(const struct bp_result *r);
void bp_advise_loop_monitoring(struct bp_result *r);
bool bp_advice_loop_gain_moved(const struct bp_result *r);
void bp_advise_loop_gain_moved(struct bp_result *r);
bool bp_advice_loop_input_mismatch(const struct bp_result *r);
void bp_advise_loop_input_mismatch(struct bp_result *r);
bool bp_advice_loop_input_shelf(const struct bp_result *r);
void bp_advise_loop_input_shelf(struct bp_result *r);
bool bp_advice_loop_resampling(const struct bp_result *r);
void bp_advise_loop_resampling(struct bp_result *r);

#endif
