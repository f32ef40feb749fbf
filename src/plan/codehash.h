/* codehash.h - a function's code folder, hashed: what names its artifact
 * and its published version, so that changed code is a new version. */
#ifndef EVENTC_CODEHASH_H
#define EVENTC_CODEHASH_H

#include <stdbool.h>

#include "arena.h"

/* SHA-256 of the folder DIR: every regular file below it (symbolic links
 * followed), in byte order of its path relative to DIR, as the path, a
 * NUL, its size in decimal, a NUL and its bytes. Empty folders add
 * nothing. Writes the digest as 64 lower-case hex digits into HEX and as
 * base64 (44 characters) into B64; paths are allocated in A. False (errno
 * set) when a file or folder cannot be read. */
bool codehash_dir(struct arena *a, const char *dir, char hex[65], char b64[45]);

#endif
