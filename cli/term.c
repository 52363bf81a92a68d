/*
 * term.c: is stdout a terminal, how wide is it, and may we colour it.
 */
#define _POSIX_C_SOURCE 200809L
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE 1 /* TIOCGWINSZ on glibc */
#endif

#include "cli.h"

#include <stdlib.h>
#include <string.h>

#if defined(__unix__) || defined(__APPLE__)
#include <sys/ioctl.h>
#include <unistd.h>
#define HAVE_TTY 1
#endif

#define MIN_WIDTH 40
#define DEFAULT_WIDTH 100

static bool stdout_is_tty(void)
{
#ifdef HAVE_TTY
	return isatty(STDOUT_FILENO) == 1;
#else
	return false;
#endif
}

bool cli_use_color(cli_color when)
{
	if (when != CLI_COLOR_AUTO)
		return when == CLI_COLOR_ALWAYS;
	const char *no = getenv("NO_COLOR");
	if (no && *no) /* https://no-color.org: set and not empty */
		return false;
	const char *term = getenv("TERM");
	if (term && strcmp(term, "dumb") == 0)
		return false;
	return stdout_is_tty();
}

static int env_columns(void)
{
	const char *c = getenv("COLUMNS");
	if (!c || !*c)
		return 0;
	char *end;
	long v = strtol(c, &end, 10);
	return *end == '\0' && v > 0 && v < 10000 ? (int)v : 0;
}

static int tty_columns(void)
{
#if defined(HAVE_TTY) && defined(TIOCGWINSZ)
	struct winsize ws;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
#endif
	return 0;
}

int cli_term_width(void)
{
	int w = stdout_is_tty() ? tty_columns() : 0;
	if (!w)
		w = env_columns();
	if (!w)
		w = DEFAULT_WIDTH;
	return w < MIN_WIDTH ? MIN_WIDTH : w;
}
