/* fuzz.h - what the libFuzzer entry points share (configure --enable-fuzz).
 *
 * Each target drives the command line itself, in-process: src/main.c is
 * compiled into it with main renamed eventc_main, so that option parsing,
 * the subcommands and their exit paths are fuzzed along with the stages,
 * and every run ends as a process would (diag_reset, source_free_all). */
#ifndef EVENTC_FUZZ_H
#define EVENTC_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int eventc_main(int argc, char **argv);

/* The path of NAME in the folder inputs are written to (made once, with
 * the code folders the seed patterns name); the caller frees it. */
char *fuzz_path(const char *name);
/* Writes N bytes of DATA to NAME in that folder; its path, to free. */
char *fuzz_write(const char *name, const uint8_t *data, size_t n);
/* Runs eventc with the NULL-terminated arguments ARGV (argv[0] excluded). */
int fuzz_run(const char *const *args);

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
