/* output.c - atomic writes: every file to a staging folder in the output
 * folder, then each renamed into place. */
#define _XOPEN_SOURCE 700 /* nftw */
#include "output.h"
#include "jtext.h"
#include "xalloc.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
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

static void stage_record(struct outset *o, const char *rel, size_t len);
static void stage_write(struct outset *o, const char *rel, const char *text, size_t len, bool newline);
static void stage_json(struct outset *o, const char *rel, const json_t *j);

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
	if (o->stage) {
		stage_record(o, path, len);
		stage_write(o, path, text, len, false);
		return;
	}
	struct outfile *f = arena_alloc(o->a, sizeof *f);
	f->path = arena_strdup(o->a, path);
	f->text = arena_strndup(o->a, text, len);
	f->len = len;
	vec_push(o->a, &o->files, f);
}

bool outset_add_json(struct outset *o, const char *path, const json_t *j)
{
	if (o->stage) {
		stage_record(o, path, 0);
		stage_json(o, path, j);
		return true;
	}
	return outset_add_dumped(o, path, json_text(j, JSON_INDENT(2)));
}

bool outset_add_dumped(struct outset *o, const char *path, char *text)
{
	if (!text)
		return false;
	size_t n = strlen(text);
	if (o->stage) {
		stage_record(o, path, n + 1);
		stage_write(o, path, text, n, true);
		free(text);
		return true;
	}
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

/* The staging folder of a build that writes: DIR/.eventc-stage-XXXXXX.
 * Each file is written there as soon as it is made, so that no text is
 * held until the end; the commit renames them into place only when every
 * one is written (a rename within a file system needs no space), and a
 * build that fails removes the folder. Nothing outside it changes before
 * the commit but the output folder itself, made when missing.
 *
 * The staging folder is flat, a file in it named by the order it was
 * first written in: a folder that is made and removed costs more than its
 * files on a file system that discards what it frees (ext4 with discard
 * waits for the disk at every rmdir), and a flat name cannot be too long
 * where a path would be fine. */
struct stage {
	const char *dir;       /* the output folder */
	const char *path;      /* the staging folder */
	struct vec made;       /* char *: folders made for the outputs, in the order made */
	struct strmap *known;  /* folders in the output folder made or found there */
	struct strmap *names;  /* output path -> its file in the staging folder */
	struct vec staged;     /* char *: the staged files, in the order named */
	struct strmap *files;
	const char *prefix;    /* of the staged names: "" for the whole set, "J." for part J */
	const char *failure;   /* a part's: the message of its failure, said when it joins */
	bool failed;           /* a file could not be written: the commit will fail */
	bool done;             /* committed or discarded */
};

#define STAGE_PREFIX ".eventc-stage-"

/* The message of a file that cannot be written. */
static const char *failure_text(struct arena *a, const char *path, const char *what)
{
	return arena_printf(a, "eventc: cannot write '%s': %s\n", path, what);
}

static void fail(struct arena *a, const char *path, const char *what)
{
	fputs(failure_text(a, path, what), stderr);
}

/* mkdir -p for the folders of PATH, each one made recorded in MADE, each
 * made or found in KNOWN (when not NULL), so that no folder is tried
 * twice. A file where a folder must go is named. */
static bool make_parents(struct vec *made, struct strmap *known, struct arena *a, char *path)
{
	for (char *p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		struct stat st;
		bool ok = true, seen = known && strmap_get(known, path);
		if (seen) {
			/* made or found by an earlier file */
		} else if (mkdir(path, 0777) == 0) {
			vec_push(a, made, arena_strdup(a, path));
		} else if (errno != EEXIST) {
			fprintf(stderr, "eventc: cannot make folder '%s': %s\n", path, strerror(errno));
			ok = false;
		} else if (stat(path, &st) == 0 && !S_ISDIR(st.st_mode)) {
			fprintf(stderr, "eventc: cannot make folder '%s': a file of that name is in the way\n", path);
			ok = false;
		}
		if (ok && known && !seen) {
			const char *k = arena_strdup(a, path);
			strmap_put(known, k, (void *)k);
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

/* REL's file in the staging folder, named when REL is first written. */
static const char *staged_path(struct outset *o, const char *rel)
{
	struct stage *s = o->stage;
	const char *path = strmap_get(s->names, rel);
	if (!path) {
		path = arena_printf(o->a, "%s/%s%zu", s->path, s->prefix, (size_t)s->staged.n);
		strmap_put(s->names, arena_strdup(o->a, rel), (void *)path);
		vec_push(o->a, &s->staged, (void *)path);
	}
	return path;
}

/* REL in the staging folder, opened to be written; -1 (errno set) when it
 * cannot be. The staging folder is this build's own: the file is new, and
 * the umask gives it the mode of any other new file. */
static int stage_open(struct outset *o, const char *rel)
{
	return open(staged_path(o, rel), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
}

/* Closes FD (when open) after writing REL, which went as OK says, E the
 * errno of the failure (0: jansson could not encode a value). A failure
 * is said once, naming the output it was for, and fails the commit;
 * later files are not written. */
static void stage_done(struct outset *o, const char *rel, int fd, bool ok, int e)
{
	if (fd >= 0 && close(fd) != 0 && ok) {
		ok = false;
		e = errno;
	}
	if (ok)
		return;
	const char *path = arena_printf(o->a, "%s/%s", o->stage->dir, rel);
	const char *why = e ? strerror(e) : "jansson cannot encode it as JSON";
	if (o->part) /* said when it joins, in the order of the parts */
		o->stage->failure = failure_text(o->a, path, why);
	else
		fail(o->a, path, why);
	o->stage->failed = true;
}

/* Writes TEXT (and a newline when NEWLINE) as REL in the staging folder. */
static void stage_write(struct outset *o, const char *rel, const char *text, size_t len, bool newline)
{
	if (o->stage->failed)
		return;
	int fd = stage_open(o, rel);
	bool ok = fd >= 0 && write_all(fd, text, len) && (!newline || write_all(fd, "\n", 1));
	stage_done(o, rel, fd, ok, errno);
}

/* ---- a file in parts ---- */

/* A streamed part's text goes to its file in writes of at least this
 * much: a part a line (artifacts.txt) or a resource (main.tf) would be a
 * system call each. */
#define PART_WRITE (64 * 1024)

struct outpart {
	struct outset *o;
	const char *path;
	int fd;            /* streamed: the staged file, or -1 */
	bool ok;           /* streamed: every write so far */
	int err;           /* streamed: the errno of the first failure */
	char *text;        /* the text not yet written (held: all of it) */
	size_t len, cap;
};

struct outpart *outset_begin(struct outset *o, const char *path)
{
	struct outpart *w = xcalloc(1, sizeof *w);
	w->o = o;
	w->path = arena_strdup(o->a, path);
	w->fd = -1;
	w->ok = !o->stage || !o->stage->failed;
	if (w->ok && o->stage) {
		w->fd = stage_open(o, w->path);
		w->ok = w->fd >= 0;
		w->err = w->ok ? 0 : errno;
	}
	return w;
}

/* Streamed: the text so far to the file. */
static void part_write(struct outpart *w)
{
	if (w->ok && w->len && !write_all(w->fd, w->text, w->len)) {
		w->ok = false;
		w->err = errno;
	}
	w->len = 0;
}

void outset_append(struct outpart *w, const char *text, size_t len)
{
	if (!len)
		return; /* and an empty part's text may be NULL, which memcpy may not be given */
	if (w->len + len > w->cap) {
		w->cap = 2 * w->cap + len;
		w->text = xrealloc(w->text, w->cap);
	}
	memcpy(w->text + w->len, text, len);
	w->len += len;
	if (w->o->stage && w->len >= PART_WRITE)
		part_write(w);
}

void outset_end(struct outpart *w)
{
	struct outset *o = w->o;
	if (!o->stage) {
		outset_add(o, w->path, w->text ? w->text : "", w->len);
	} else if (!o->stage->failed) {
		part_write(w);
		stage_record(o, w->path, 0);
		stage_done(o, w->path, w->fd, w->ok, w->err);
	} else if (w->fd >= 0) {
		close(w->fd);
	}
	free(w->text);
	free(w);
}

/* Writes J as REL in the staging folder, dumped straight into the file:
 * its text is never held whole. */
static void stage_json(struct outset *o, const char *rel, const json_t *j)
{
	if (o->stage->failed)
		return;
	int fd = stage_open(o, rel);
	if (fd >= 0)
		errno = 0; /* json_write_fd sets none when jansson cannot encode a value */
	bool ok = fd >= 0 && json_write_fd(j, JSON_INDENT(2), fd);
	stage_done(o, rel, fd, ok, errno);
}

/* Removes what an earlier build left when it was killed mid-way: staging
 * folders of this name, never anything else. */
static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st, (void)ftw;
	return flag == FTW_DP ? rmdir(path) : unlink(path);
}

static void remove_left_stages(struct arena *a, const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	for (struct dirent *e; (e = readdir(d));) {
		struct stat st;
		const char *full = arena_printf(a, "%s/%s", dir, e->d_name);
		if (!strncmp(e->d_name, STAGE_PREFIX, strlen(STAGE_PREFIX)) &&
		    strlen(e->d_name) == strlen(STAGE_PREFIX) + 6 && lstat(full, &st) == 0 && S_ISDIR(st.st_mode))
			nftw(full, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	}
	closedir(d);
}

bool outset_stream(struct outset *o, const char *dir)
{
	struct stage *s = arena_alloc(o->a, sizeof *s);
	s->dir = arena_strdup(o->a, dir);
	s->known = strmap_new(o->a);
	s->names = strmap_new(o->a);
	s->files = strmap_new(o->a);
	s->prefix = "";
	char *path = arena_printf(o->a, "%s/" STAGE_PREFIX "XXXXXX", dir);
	if (!make_parents(&s->made, s->known, o->a, path))
		return false;
	remove_left_stages(o->a, dir);
	if (!mkdtemp(path)) {
		fprintf(stderr, "eventc: cannot write in '%s': %s\n", dir, strerror(errno));
		for (size_t i = s->made.n; i-- > 0;)
			rmdir(s->made.items[i]);
		return false;
	}
	s->path = path;
	o->stage = s;
	return true;
}

/* Adds REL to the files of a staged set, once: a file added again is
 * written over its first text, as a held set's would be. */
static void stage_record(struct outset *o, const char *rel, size_t len)
{
	if (strmap_get(o->stage->files, rel))
		return;
	struct outfile *f = arena_alloc(o->a, sizeof *f);
	f->path = arena_strdup(o->a, rel);
	f->len = len;
	strmap_put(o->stage->files, f->path, f);
	vec_push(o->a, &o->files, f);
}

/* ---- parts made beside each other ---- */

void outset_part(struct outset *part, const struct outset *whole, struct arena *a, unsigned job)
{
	outset_init(part, a);
	part->part = true;
	const struct stage *w = whole->stage;
	if (!w)
		return;
	struct stage *s = arena_alloc(a, sizeof *s);
	s->dir = w->dir;
	s->path = w->path;
	s->names = strmap_new(a);
	s->files = strmap_new(a);
	s->prefix = arena_printf(a, "%u.", job);
	s->failed = w->failed;
	part->stage = s;
}

void outset_join(struct outset *whole, struct outset *part)
{
	struct stage *s = part->stage, *w = whole->stage;
	for (size_t i = 0; s && i < s->staged.n; i++)
		vec_push(whole->a, &w->staged, s->staged.items[i]);
	for (size_t i = 0; i < part->files.n; i++) {
		struct outfile *f = part->files.items[i];
		if (w && strmap_get(w->files, f->path))
			continue; /* as outset_add: written over, listed once */
		if (w) {
			strmap_put(w->files, f->path, f);
			strmap_put(w->names, f->path, strmap_get(s->names, f->path));
		}
		vec_push(whole->a, &whole->files, f);
	}
	if (s && s->failure && !w->failed)
		fputs(s->failure, stderr);
	if (s)
		w->failed |= s->failed;
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

/* Removes the staging folder and what is in it: the files staged (those
 * renamed into place are no longer there). */
static void remove_stage(const struct outset *o)
{
	const struct stage *s = o->stage;
	for (size_t i = 0; i < s->staged.n; i++)
		unlink(s->staged.items[i]);
	rmdir(s->path);
}

void outset_discard(struct outset *o)
{
	struct stage *s = o->stage;
	if (!s || s->done)
		return;
	remove_stage(o);
	for (size_t i = s->made.n; i-- > 0;)
		rmdir(s->made.items[i]);
	s->done = true;
}

/* The target of each of N files (RELS), made ready before any is renamed:
 * its folders made, and no folder where the file must go. */
static bool prepare_targets(struct outset *o, const char **rels, size_t n)
{
	struct stage *s = o->stage;
	for (size_t i = 0; i < n; i++) {
		char *target = arena_printf(o->a, "%s/%s", s->dir, rels[i]);
		struct stat st;
		if (!make_parents(&s->made, s->known, o->a, target))
			return false;
		if (stat(target, &st) == 0 && S_ISDIR(st.st_mode)) {
			fail(o->a, target, "a folder of that name is in the way");
			return false;
		}
	}
	return true;
}

/* Moves a held set's files to a staging folder in DIR. */
static bool stage_held(struct outset *o, const char *dir)
{
	struct vec held = o->files;
	memset(&o->files, 0, sizeof o->files);
	if (!outset_stream(o, dir))
		return false;
	for (size_t i = 0; i < held.n; i++) {
		const struct outfile *f = held.items[i];
		outset_add(o, f->path, f->text, f->len);
	}
	return true;
}

/* Two steps, so that a failure (a folder that cannot be written, a file
 * where a folder must go, a full disk) leaves every earlier output as it
 * was: every file, the manifest last, is in the staging folder in full
 * before any is renamed into place. Then the files an earlier build wrote
 * that this one no longer produces go. */
bool outset_commit(struct outset *o, const char *dir)
{
	if (!o->stage && !stage_held(o, dir))
		return false;
	struct manifest old;
	if (!read_manifest(o->a, dir, &old)) {
		fprintf(stderr, "eventc: cannot read '%s/%s': %s\n", dir, OUTSET_MANIFEST, strerror(errno));
		outset_discard(o);
		return false;
	}
	struct vec stale;
	const char *text;
	next_manifest(o, &old, &stale, &text);
	stage_write(o, OUTSET_MANIFEST, text, strlen(text), false);
	size_t n = o->files.n + 1;
	const char **rels = arena_alloc(o->a, n * sizeof *rels);
	for (size_t i = 0; i < n; i++)
		rels[i] = i < o->files.n ? outset_path(o, i) : OUTSET_MANIFEST;
	bool ok = !o->stage->failed && prepare_targets(o, rels, n);
	for (size_t i = 0; i < n && ok; i++) {
		const char *to = arena_printf(o->a, "%s/%s", dir, rels[i]);
		if (rename(staged_path(o, rels[i]), to) != 0) {
			fail(o->a, to, strerror(errno));
			ok = false;
		}
	}
	if (!ok) {
		outset_discard(o);
		return false;
	}
	rmdir(o->stage->path);
	o->stage->done = true;
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
