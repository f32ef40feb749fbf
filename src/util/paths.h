/* paths.h - file names as seen from elsewhere. */
#ifndef EVENTC_PATHS_H
#define EVENTC_PATHS_H

#include "arena.h"

/* An absolute, normalised form of PATH, which need not exist yet
 * (resolved with realpath when it exists). */
char *path_absolute(struct arena *a, const char *path);
/* PATH as seen from folder FROM (neither need exist). */
const char *path_relative(struct arena *a, const char *from, const char *path);

#endif
