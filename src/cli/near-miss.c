#include "config.h"

#include <string.h>

#include "cli/near-miss.h"

/* Longer words are never a near miss of the short names offered. */
#define WORD_MAX 32
#define EDITS_MAX 2

void bp_near_miss_init(struct bp_near_miss *m, const char *word)
{
	m->word = word;
	m->best = NULL;
	m->best_distance = EDITS_MAX + 1;
	m->tie = false;
}

static int min3(int a, int b, int c)
{
	int m = a < b ? a : b;

	return m < c ? m : c;
}

/* Optimal string alignment distance, three rows of the dynamic
 * programme (Wagner-Fischer, with Damerau's transposition). */
static int distance(const char *a, const char *b)
{
	const int la = (int)strlen(a), lb = (int)strlen(b);
	int rows[3][WORD_MAX + 1];
	int *prev2 = rows[0], *prev = rows[1], *cur = rows[2], *t;
	int i, j;

	if (la > WORD_MAX || lb > WORD_MAX)
		return EDITS_MAX + 1;
	for (j = 0; j <= lb; j++)
		prev[j] = j;
	for (i = 1; i <= la; i++) {
		cur[0] = i;
		for (j = 1; j <= lb; j++) {
			cur[j] = min3(prev[j] + 1, cur[j - 1] + 1,
				      prev[j - 1] + (a[i - 1] != b[j - 1]));
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    prev2[j - 2] + 1 < cur[j])
				cur[j] = prev2[j - 2] + 1;
		}
		t = prev2;
		prev2 = prev;
		prev = cur;
		cur = t;
	}
	return prev[lb];
}

void bp_near_miss_offer(struct bp_near_miss *m, const char *candidate)
{
	int d = distance(m->word, candidate);

	if (d == 0 || 3 * d >= (int)strlen(m->word))
		return;
	if (d < m->best_distance) {
		m->best = candidate;
		m->best_distance = d;
		m->tie = false;
	} else if (d == m->best_distance && m->best && strcmp(m->best, candidate) != 0) {
		m->tie = true;
	}
}

const char *bp_near_miss_best(const struct bp_near_miss *m)
{
	return m->tie ? NULL : m->best;
}
