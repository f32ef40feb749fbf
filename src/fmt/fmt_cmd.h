/* fmt_cmd.h - the `eventc fmt` subcommand (fmt_cmd.c). */
#ifndef EVENTC_FMT_CMD_H
#define EVENTC_FMT_CMD_H

#include <stdio.h>

int fmt_main(int argc, char **argv);
void fmt_help(FILE *out);

#endif
