/* xalloc.c - allocation that cannot fail quietly. */
#include "xalloc.h"
#include "jscope.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

void xalloc_init(void)
{
	json_set_alloc_funcs(jscope_alloc, jscope_release);
}

void xalloc_give_back(void)
{
#ifdef __GLIBC__
	malloc_trim(0);
#endif
}

void xalloc_die(void)
{
	fputs("eventc: out of memory\n", stderr);
	exit(3);
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		xalloc_die();
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		xalloc_die();
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		xalloc_die();
	return p;
}

json_t *jpack(const char *fmt, ...)
{
	json_error_t err;
	va_list ap;
	va_start(ap, fmt);
	json_t *j = json_vpack_ex(&err, 0, fmt, ap);
	va_end(ap);
	if (!j) {
		fprintf(stderr, "eventc: internal error: json_pack(\"%s\"): %s\n", fmt, err.text);
		abort();
	}
	return j;
}
