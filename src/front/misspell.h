/* misspell.h - "did you mean" suggestions by edit distance. */
#ifndef EVENTC_MISSPELL_H
#define EVENTC_MISSPELL_H

#include <stddef.h>

struct misspell {
	const char *word;
	const char *best;
	unsigned best_dist;
};

void misspell_init(struct misspell *m, const char *word);
void misspell_consider(struct misspell *m, const char *candidate);
/* The closest candidate near enough to be a likely typo, or NULL. */
const char *misspell_best(const struct misspell *m);
/* Same, over a NULL-terminated array. */
const char *misspell_suggest(const char *word, const char *const *candidates);

#endif
