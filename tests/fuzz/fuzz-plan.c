/* Fuzz harness: the stimulus plan a stimulus WAV carries in its comment
 * (bp_plan_parse).  A plan that parses must format back to text that
 * parses to the same plan, and must render.  Rendering costs only time
 * in proportion to the length, so plans longer than FUZZ_MAX_SAMPLES are
 * not rendered: the parser is the target, and it runs 50 times faster. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "signal/stimulus.h"

#define FUZZ_MAX_SAMPLES (1L << 14)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1), again[BP_PLAN_TEXT_MAX];
	struct bp_plan plan, back;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	if (bp_plan_parse(&plan, text) == 0) {
		if (bp_plan_format(&plan, again, sizeof(again)) != 0 ||
		    bp_plan_parse(&back, again) != 0 ||
		    memcmp(&plan, &back, sizeof(plan)) != 0)
			abort();
		if (plan.length <= FUZZ_MAX_SAMPLES / plan.channels)
			free(bp_plan_render(&plan));
	}
	free(text);
	return 0;
}
