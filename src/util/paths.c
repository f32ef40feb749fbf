/* paths.c - file names as seen from elsewhere: what generated files that
 * name the pattern or its code folders need to work wherever the output
 * tree is. */
#include "paths.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

char *path_absolute(struct arena *a, const char *path)
{
	char buf[PATH_MAX];
	char *cwd = getcwd(buf, sizeof buf) ? arena_strdup(a, buf) : arena_strdup(a, ".");
	char *full = path[0] == '/' ? arena_strdup(a, path) : arena_printf(a, "%s/%s", cwd, path);
	char *out = arena_alloc(a, strlen(full) + 2);
	size_t o = 0;
	char *save = NULL; /* strtok_r: renderers call this from threads of their own */
	for (char *seg = strtok_r(full, "/", &save); seg; seg = strtok_r(NULL, "/", &save)) {
		if (!strcmp(seg, ".") || !*seg)
			continue;
		if (!strcmp(seg, "..")) {
			while (o > 0 && out[--o] != '/')
				;
			continue;
		}
		out[o++] = '/';
		memcpy(out + o, seg, strlen(seg));
		o += strlen(seg);
	}
	out[o] = '\0';
	if (realpath(o ? out : "/", buf))
		return arena_strdup(a, buf);
	return o ? out : arena_strdup(a, "/");
}

const char *path_relative(struct arena *a, const char *from, const char *path)
{
	const char *f = path_absolute(a, from), *p = path_absolute(a, path);
	size_t common = 0;
	for (size_t i = 0; f[i] && f[i] == p[i]; i++)
		if (f[i] == '/')
			common = i;
	if (!f[common] || (f[strlen(f)] == '\0' && !strncmp(f, p, strlen(f)) && p[strlen(f)] == '/'))
		common = strlen(f);
	size_t ups = 0;
	for (const char *c = f + common; *c; c++)
		ups += *c == '/';
	char *out = arena_alloc(a, ups * 3 + strlen(p) + 1);
	for (size_t i = 0; i < ups; i++)
		strcat(out, "../");
	strcat(out, p + common + (p[common] == '/'));
	return out;
}
