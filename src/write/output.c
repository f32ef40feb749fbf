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

/* What a commit has done so far, to be undone if a later step fails: the
 * folders it made (in the order made) and the temporary files written. */
struct commit {
	struct vec made;     /* char *: folders made, in the arena */
	char **paths, **tmps; /* per file: the target and its written temporary (NULL: not yet) */
	size_t n;
};

static void fail(const char *path, const char *what)
{
	fprintf(stderr, "eventc: cannot write '%s': %s\n", path, what);
}

/* mkdir -p for the folders of PATH, each one made recorded in C. A file
 * where a folder must go is named. */
static bool make_parents(struct commit *c, struct arena *a, char *path)
{
	for (char *p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		struct stat st;
		bool ok = true;
		if (mkdir(path, 0777) == 0) {
			vec_push(a, &c->made, arena_strdup(a, path));
		} else if (errno != EEXIST) {
			fprintf(stderr, "eventc: cannot make folder '%s': %s\n", path, strerror(errno));
			ok = false;
		} else if (stat(path, &st) == 0 && !S_ISDIR(st.st_mode)) {
			fprintf(stderr, "eventc: cannot make folder '%s': a file of that name is in the way\n", path);
			ok = false;
		}
		*p = '/';
		if (!ok)
			return false;
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

/* Writes F's text to a temporary file beside its target (C->tmps[I]);
 * nothing is renamed yet. */
static bool write_temporary(struct commit *c, struct arena *a, size_t i, const char *dir, const struct outfile *f)
{
	size_t n = strlen(dir) + strlen(f->path) + 16;
	char *path = xmalloc(n), *tmp = xmalloc(n + 8);
	snprintf(path, n, "%s/%s", dir, f->path);
	snprintf(tmp, n + 8, "%s.XXXXXX", path);
	c->paths[i] = path;
	if (!make_parents(c, a, path)) {
		free(tmp);
		return false;
	}
	struct stat st;
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		fail(path, "a folder of that name is in the way");
		free(tmp);
		return false;
	}
	int fd = mkstemp(tmp);
	if (fd < 0) {
		fail(path, strerror(errno));
		free(tmp);
		return false;
	}
	c->tmps[i] = tmp;
	/* mkstemp makes the file 0600; outputs are ordinary files */
	mode_t mask = umask(0);
	umask(mask);
	bool ok = fchmod(fd, 0666 & ~mask) == 0 && write_all(fd, f->text, f->len) && fsync(fd) == 0;
	int e = errno;
	ok = close(fd) == 0 && ok;
	if (!ok)
		fail(path, strerror(e ? e : errno));
	return ok;
}

/* Removes what a failed commit wrote: its temporary files, then the
 * folders it made, deepest first. */
static void undo(struct commit *c)
{
	for (size_t i = 0; i < c->n; i++)
		if (c->tmps[i])
			unlink(c->tmps[i]);
	for (size_t i = c->made.n; i-- > 0;)
		rmdir(c->made.items[i]);
}

static void commit_free(struct commit *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->paths[i]);
		free(c->tmps[i]);
	}
	free(c->paths);
	free(c->tmps);
}

/* Two steps, so that a failure (a folder that cannot be written, a file
 * where a folder must go, a full disk) leaves every earlier output as it
 * was: first every file is written in full to a temporary beside its
 * target, and only when all are there is each renamed into place (a
 * rename within a folder does not need space). */
bool outset_commit(const struct outset *o, const char *dir)
{
	struct commit c = { .n = o->files.n };
	c.paths = xcalloc(c.n + 1, sizeof *c.paths);
	c.tmps = xcalloc(c.n + 1, sizeof *c.tmps);
	bool ok = true;
	for (size_t i = 0; i < c.n && ok; i++)
		ok = write_temporary(&c, o->a, i, dir, o->files.items[i]);
	for (size_t i = 0; i < c.n && ok; i++) {
		if (rename(c.tmps[i], c.paths[i]) != 0) {
			fail(c.paths[i], strerror(errno));
			ok = false;
			break;
		}
		free(c.tmps[i]);
		c.tmps[i] = NULL;
	}
	if (!ok)
		undo(&c);
	commit_free(&c);
	return ok;
}
