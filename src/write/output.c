/* output.c - atomic writes: temporary file beside the target, then rename. */
#include "output.h"
#include "xalloc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct outfile {
	const char *path;
	char *text;
	size_t len;
};

void outset_init(struct outset *o, struct arena *a)
{
	memset(o, 0, sizeof *o);
	o->a = a;
}

void outset_add(struct outset *o, const char *path, const char *text, size_t len)
{
	struct outfile *f = arena_alloc(o->a, sizeof *f);
	f->path = arena_strdup(o->a, path);
	f->text = arena_strndup(o->a, text, len);
	f->len = len;
	vec_push(o->a, &o->files, f);
}

bool outset_add_json(struct outset *o, const char *path, const json_t *j)
{
	char *s = json_dumps(j, JSON_INDENT(2));
	if (!s)
		return false;
	size_t n = strlen(s);
	char *t = xmalloc(n + 2);
	if (!t) {
		free(s);
		return false;
	}
	memcpy(t, s, n);
	t[n] = '\n';
	outset_add(o, path, t, n + 1);
	free(t);
	free(s);
	return true;
}

size_t outset_count(const struct outset *o)
{
	return o->files.n;
}

const char *outset_path(const struct outset *o, size_t i)
{
	return ((const struct outfile *)o->files.items[i])->path;
}

const char *outset_text(const struct outset *o, size_t i)
{
	return ((const struct outfile *)o->files.items[i])->text;
}

/* mkdir -p for the folders of PATH. */
static bool make_parents(char *path)
{
	for (char *p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		int r = mkdir(path, 0777);
		int e = errno;
		*p = '/';
		if (r != 0 && e != EEXIST) {
			errno = e;
			return false;
		}
	}
	return true;
}

static bool write_all(int fd, const char *text, size_t len)
{
	while (len) {
		ssize_t n = write(fd, text, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return false;
		}
		text += n;
		len -= (size_t)n;
	}
	return true;
}

static bool commit_file(const char *dir, const struct outfile *f)
{
	size_t n = strlen(dir) + strlen(f->path) + 16;
	char *path = xmalloc(n), *tmp = xmalloc(n + 8);
	if (!path || !tmp) {
		free(path);
		free(tmp);
		return false;
	}
	snprintf(path, n, "%s/%s", dir, f->path);
	snprintf(tmp, n + 8, "%s.XXXXXX", path);
	bool ok = make_parents(path);
	int fd = ok ? mkstemp(tmp) : -1;
	if (fd < 0) {
		fprintf(stderr, "eventc: cannot write '%s': %s\n", path, strerror(errno));
		free(path);
		free(tmp);
		return false;
	}
	/* mkstemp makes the file 0600; outputs are ordinary files */
	mode_t mask = umask(0);
	umask(mask);
	ok = fchmod(fd, 0666 & ~mask) == 0 && write_all(fd, f->text, f->len);
	ok = close(fd) == 0 && ok;
	if (ok && rename(tmp, path) != 0)
		ok = false;
	if (!ok) {
		fprintf(stderr, "eventc: cannot write '%s': %s\n", path, strerror(errno));
		unlink(tmp);
	}
	free(path);
	free(tmp);
	return ok;
}

bool outset_commit(const struct outset *o, const char *dir)
{
	for (size_t i = 0; i < o->files.n; i++)
		if (!commit_file(dir, o->files.items[i]))
			return false;
	return true;
}
