/* jtext.c - JSON text from jansson: dumped into a buffer of its own, or
 * straight into a file. json_dumps builds its text in a buffer that it
 * copies at every doubling, then copies whole once more to return it; a
 * file's text need not be held at all. */
#include "jtext.h"
#include "xalloc.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- text ---- */

struct text {
	char *s;
	size_t len, cap;
};

static int append(const char *buf, size_t n, void *data)
{
	struct text *t = data;
	if (t->cap - t->len <= n) {
		while (t->cap - t->len <= n)
			t->cap = t->cap ? t->cap * 2 : 4096;
		t->s = xrealloc(t->s, t->cap);
	}
	memcpy(t->s + t->len, buf, n);
	t->len += n;
	return 0;
}

char *json_text(const json_t *j, size_t flags)
{
	struct text t = { 0 };
	if (json_dump_callback(j, append, &t, flags) != 0) {
		free(t.s);
		return NULL;
	}
	append("", 0, &t); /* room for the NUL, even when empty */
	t.s[t.len] = '\0';
	return t.s;
}

/* ---- files ---- */

struct sink {
	int fd;
	bool failed;
	size_t used;
	char buf[65536];
};

static bool drain(struct sink *k)
{
	for (size_t done = 0; done < k->used;) {
		ssize_t n = write(k->fd, k->buf + done, k->used - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return false;
		done += (size_t)n;
	}
	k->used = 0;
	return true;
}

static int put(const char *buf, size_t n, void *data)
{
	struct sink *k = data;
	while (n) {
		if (k->used == sizeof k->buf && !drain(k))
			return -1;
		size_t m = sizeof k->buf - k->used < n ? sizeof k->buf - k->used : n;
		memcpy(k->buf + k->used, buf, m);
		k->used += m;
		buf += m;
		n -= m;
	}
	return 0;
}

bool json_write_fd(const json_t *j, size_t flags, int fd)
{
	struct sink *k = xmalloc(sizeof *k);
	k->fd = fd;
	k->used = 0;
	bool ok = json_dump_callback(j, put, k, flags) == 0 && put("\n", 1, k) == 0 && drain(k);
	int e = errno;
	free(k);
	errno = e;
	return ok;
}
