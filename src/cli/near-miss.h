/* balprobe: "did you mean" for a word the user nearly got right.
 *
 * Candidates are offered one at a time; the nearest within a small edit
 * distance wins.  The distance is Damerau's optimal string alignment
 * (Levenshtein's insertions, deletions and substitutions, plus a swap of
 * two adjacent letters), so "stero", "sterro" and "stereo" are one
 * edit apart.
 */
#ifndef BALPROBE_NEAR_MISS_H
#define BALPROBE_NEAR_MISS_H

#include <stdbool.h>

struct bp_near_miss {
	const char *word;       /* what the user typed */
	const char *best;       /* the nearest candidate so far, or NULL */
	int best_distance;
	bool tie;               /* another candidate is as near */
};

void bp_near_miss_init(struct bp_near_miss *m, const char *word);

/* Weigh @candidate (kept by pointer: it must outlive @m). */
void bp_near_miss_offer(struct bp_near_miss *m, const char *candidate);

/* The one nearest candidate, or NULL when none is near enough (at most
 * two edits, and fewer than a third of the word's letters) or two are
 * equally near. */
const char *bp_near_miss_best(const struct bp_near_miss *m);

#endif
