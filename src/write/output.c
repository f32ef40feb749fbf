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
	o->targets = o->envs = "all";
}

void outset_scope(struct outset *o, const char *targets, const char *envs)
{
	o->targets = arena_strdup(o->a, targets);
	o->envs = arena_strdup(o->a, envs);
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
	return outset_add_dumped(o, path, json_dumps(j, JSON_INDENT(2)));
}

bool outset_add_dumped(struct outset *o, const char *path, char *text)
{
	if (!text)
		return false;
	size_t n = strlen(text);
	struct outfile *f = arena_alloc(o->a, sizeof *f);
	f->path = arena_strdup(o->a, path);
	f->text = arena_alloc(o->a, n + 2);
	memcpy(f->text, text, n);
	f->text[n] = '\n';
	f->text[n + 1] = '\0';
	f->len = n + 1;
	vec_push(o->a, &o->files, f);
	free(text);
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

/* ---- the manifest ---- */

struct manifest {
	bool found;
	const char *targets, *envs; /* its scope */
	struct vec paths;           /* const char * */
};

/* Whether a manifest's line is a path eventc may have written: relative,
 * below the folder, one line. Anything else is never touched. */
static bool safe_path(const char *p)
{
	if (!*p || *p == '/' || !strcmp(p, OUTSET_MANIFEST))
		return false;
	for (const char *seg = p; *seg;) {
		size_t n = strcspn(seg, "/");
		if (n == 0 || (n == 1 && seg[0] == '.') || (n == 2 && seg[0] == '.' && seg[1] == '.'))
			return false;
		seg += n + (seg[n] == '/');
	}
	return true;
}

/* DIR/PATH, read whole into a new buffer (*LEN bytes); NULL with errno
 * set when it cannot be read. */
static char *read_whole(const char *dir, const char *path, size_t *len)
{
	size_t n = strlen(dir) + strlen(path) + 2;
	char *full = xmalloc(n);
	snprintf(full, n, "%s/%s", dir, path);
	FILE *f = fopen(full, "rb");
	free(full);
	if (!f)
		return NULL;
	size_t cap = 4096, used = 0;
	char *buf = xmalloc(cap + 1);
	size_t got;
	while ((got = fread(buf + used, 1, cap - used, f)) > 0) {
		used += got;
		if (used == cap)
			buf = xrealloc(buf, (cap *= 2) + 1);
	}
	bool bad = ferror(f);
	fclose(f);
	if (bad) {
		free(buf);
		errno = EIO;
		return NULL;
	}
	buf[used] = '\0';
	*len = used;
	return buf;
}

/* DIR's manifest into M; false on an I/O error (a missing one is none). */
static bool read_manifest(struct arena *a, const char *dir, struct manifest *m)
{
	memset(m, 0, sizeof *m);
	size_t len;
	char *text = read_whole(dir, OUTSET_MANIFEST, &len);
	if (!text)
		return errno == ENOENT || errno == ENOTDIR;
	m->found = true;
	m->targets = m->envs = "all";
	for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
		if (!strncmp(line, "# scope: targets=", 17)) {
			char *envs = strstr(line, " envs=");
			if (envs) {
				m->targets = arena_strndup(a, line + 17, (size_t)(envs - line - 17));
				m->envs = arena_strdup(a, envs + 6);
			}
		} else if (line[0] != '#' && safe_path(line)) {
			vec_push(a, &m->paths, arena_strdup(a, line));
		}
	}
	free(text);
	return true;
}

/* Whether scope NEW ("all" or a comma list) includes all of OLD. */
static bool covers(const char *new, const char *old)
{
	if (!strcmp(new, "all"))
		return true;
	if (!strcmp(old, "all"))
		return false;
	size_t nlen = strlen(new);
	for (const char *o = old; *o;) {
		size_t n = strcspn(o, ",");
		bool found = false;
		for (const char *w = new; w < new + nlen && !found;) {
			size_t k = strcspn(w, ",");
			found = k == n && !strncmp(w, o, n);
			w += k + (w[k] == ',');
		}
		if (!found)
			return false;
		o += n + (o[n] == ',');
	}
	return true;
}

static int by_name(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* What the build leaves in DIR's manifest (*TEXT) and what it removes
 * (STALE): when it covers what the last build did, the files it writes
 * and the last one's others are stale; when not (one environment of
 * several), the last build's files stay listed, and nothing is stale. */
static void next_manifest(const struct outset *o, const struct manifest *old, struct vec *stale, const char **text)
{
	struct strmap *now = strmap_new(o->a);
	struct vec names = { 0 };
	for (size_t i = 0; i < o->files.n; i++) {
		const char *p = outset_path(o, i);
		strmap_put(now, p, (void *)p);
		vec_push(o->a, &names, (void *)p);
	}
	bool cover = !old->found || (covers(o->targets, old->targets) && covers(o->envs, old->envs));
	memset(stale, 0, sizeof *stale);
	for (size_t i = 0; i < old->paths.n; i++) {
		const char *p = old->paths.items[i];
		if (strmap_get(now, p))
			continue;
		strmap_put(now, p, (void *)p);
		vec_push(o->a, cover ? stale : &names, (void *)p);
	}
	qsort(names.items, names.n, sizeof *names.items, by_name);
	const char *head = arena_printf(o->a, "# The files eventc build wrote here; a later build removes those the\n"
					"# pattern no longer produces, and no other file.\n"
					"# scope: targets=%s envs=%s\n", cover ? o->targets : old->targets,
					cover ? o->envs : old->envs);
	size_t len = strlen(head);
	for (size_t i = 0; i < names.n; i++)
		len += strlen(names.items[i]) + 1;
	char *t = arena_alloc(o->a, len + 1), *end = t;
	end = stpcpy(end, head);
	for (size_t i = 0; i < names.n; i++) {
		end = stpcpy(end, names.items[i]);
		*end++ = '\n';
	}
	*end = '\0';
	*text = t;
}

static bool is_regular(const char *dir, const char *path)
{
	size_t n = strlen(dir) + strlen(path) + 2;
	char *full = xmalloc(n);
	snprintf(full, n, "%s/%s", dir, path);
	struct stat st;
	bool reg = lstat(full, &st) == 0 && S_ISREG(st.st_mode);
	free(full);
	return reg;
}

/* Removes DIR/PATH, then the folders it leaves empty below DIR. */
static bool remove_stale(const char *dir, const char *path)
{
	size_t n = strlen(dir) + strlen(path) + 2;
	char *full = xmalloc(n);
	snprintf(full, n, "%s/%s", dir, path);
	bool ok = unlink(full) == 0 || errno == ENOENT;
	if (!ok)
		fprintf(stderr, "eventc: cannot remove '%s': %s\n", full, strerror(errno));
	for (char *slash = strrchr(full, '/'); ok && slash && slash > full + strlen(dir); slash = strrchr(full, '/')) {
		*slash = '\0';
		if (rmdir(full) != 0)
			break; /* not empty: something else lives there */
	}
	free(full);
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
 * was: first every file, the manifest last, is written in full to a
 * temporary beside its target, and only when all are there is each renamed
 * into place (a rename within a folder does not need space). Then the
 * files an earlier build wrote that this one no longer produces go. */
bool outset_commit(const struct outset *o, const char *dir)
{
	struct manifest old;
	if (!read_manifest(o->a, dir, &old)) {
		fprintf(stderr, "eventc: cannot read '%s/%s': %s\n", dir, OUTSET_MANIFEST, strerror(errno));
		return false;
	}
	struct vec stale;
	const char *text;
	next_manifest(o, &old, &stale, &text);
	struct outfile manifest = { OUTSET_MANIFEST, (char *)text, strlen(text) };
	struct commit c = { .n = o->files.n + 1 };
	c.paths = xcalloc(c.n + 1, sizeof *c.paths);
	c.tmps = xcalloc(c.n + 1, sizeof *c.tmps);
	bool ok = true;
	for (size_t i = 0; i < c.n && ok; i++)
		ok = write_temporary(&c, o->a, i, dir, i < o->files.n ? o->files.items[i] : &manifest);
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
	for (size_t i = 0; ok && i < stale.n; i++)
		if (is_regular(dir, stale.items[i]))
			ok = remove_stale(dir, stale.items[i]) && ok;
	return ok;
}

/* Whether DIR/PATH holds exactly TEXT; *MISSING when it is not there. */
static bool up_to_date(const char *dir, const char *path, const char *text, size_t len, bool *missing, bool *io)
{
	size_t have;
	char *now = read_whole(dir, path, &have);
	*missing = !now && (errno == ENOENT || errno == ENOTDIR);
	*io = !now && !*missing;
	bool same = now && have == len && !memcmp(now, text, len);
	free(now);
	return same;
}

long outset_check(const struct outset *o, const char *dir, FILE *report)
{
	struct manifest old;
	if (!read_manifest(o->a, dir, &old)) {
		fprintf(stderr, "eventc: cannot read '%s/%s': %s\n", dir, OUTSET_MANIFEST, strerror(errno));
		return -1;
	}
	struct vec stale;
	const char *text;
	next_manifest(o, &old, &stale, &text);
	long bad = 0;
	for (size_t i = 0; i <= o->files.n; i++) {
		const struct outfile *f = i < o->files.n ? o->files.items[i] : NULL;
		const char *path = f ? f->path : OUTSET_MANIFEST;
		bool missing, io;
		if (up_to_date(dir, path, f ? f->text : text, f ? f->len : strlen(text), &missing, &io))
			continue;
		if (io) {
			fprintf(stderr, "eventc: cannot read '%s/%s': %s\n", dir, path, strerror(errno));
			return -1;
		}
		fprintf(report, "%s: %s/%s\n", missing ? "missing" : "stale", dir, path);
		bad++;
	}
	for (size_t i = 0; i < stale.n; i++) {
		if (is_regular(dir, stale.items[i])) {
			fprintf(report, "extra: %s/%s\n", dir, (const char *)stale.items[i]);
			bad++;
		}
	}
	return bad;
}
