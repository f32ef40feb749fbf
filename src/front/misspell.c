/* misspell.c - optimal string alignment distance, as in nftables' misspell.c. */
#include "misspell.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define MAXLEN 64

static unsigned min3(unsigned a, unsigned b, unsigned c)
{
	unsigned m = a < b ? a : b;
	return m < c ? m : c;
}

/* Case-insensitive; '-' and '_' count as the same letter, since users
 * mix up kebab and snake case. */
static int fold(int c)
{
	c = tolower((unsigned char)c);
	return c == '_' ? '-' : c;
}

static unsigned distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > MAXLEN || lb > MAXLEN)
		return ~0u;
	unsigned d[MAXLEN + 1][MAXLEN + 1];
	for (size_t i = 0; i <= la; i++)
		d[i][0] = (unsigned)i;
	for (size_t j = 0; j <= lb; j++)
		d[0][j] = (unsigned)j;
	for (size_t i = 1; i <= la; i++) {
		for (size_t j = 1; j <= lb; j++) {
			unsigned cost = fold(a[i - 1]) != fold(b[j - 1]);
			d[i][j] = min3(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
			if (i > 1 && j > 1 && fold(a[i - 1]) == fold(b[j - 2]) &&
			    fold(a[i - 2]) == fold(b[j - 1]) && d[i - 2][j - 2] + 1 < d[i][j])
				d[i][j] = d[i - 2][j - 2] + 1;
		}
	}
	return d[la][lb];
}

void misspell_init(struct misspell *m, const char *word)
{
	m->word = word;
	m->best = NULL;
	m->best_dist = ~0u;
}

void misspell_consider(struct misspell *m, const char *candidate)
{
	if (!candidate || strcmp(candidate, m->word) == 0)
		return;
	unsigned d = distance(m->word, candidate);
	/* Ties keep the first candidate, so the answer is deterministic. */
	if (d < m->best_dist) {
		m->best_dist = d;
		m->best = candidate;
	}
}

const char *misspell_best(const struct misspell *m)
{
	if (!m->best)
		return NULL;
	size_t len = strlen(m->word);
	unsigned limit = len < 4 ? 1 : len < 10 ? 2 : 3;
	return m->best_dist <= limit ? m->best : NULL;
}

const char *misspell_suggest(const char *word, const char *const *candidates)
{
	struct misspell m;
	misspell_init(&m, word);
	for (size_t i = 0; candidates[i]; i++)
		misspell_consider(&m, candidates[i]);
	return misspell_best(&m);
}
