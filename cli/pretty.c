/*
 * pretty.c: re-indents the compact JSON of pp_doc_to_json() with two
 * spaces per level.  It only moves white space: strings (with their
 * escapes) and the order of keys are copied as they are, and empty
 * objects and arrays stay on one line ({} and []).
 */
#include "cli.h"

typedef struct pretty {
	FILE *out;
	const char *s;
	size_t n, i;
	unsigned depth;
} pretty;

static void newline(pretty *p)
{
	putc('\n', p->out);
	for (unsigned d = 0; d < p->depth; d++)
		fputs("  ", p->out);
}

/* Copies the string starting at p->s[p->i] (a '"') up to its closing quote. */
static void copy_string(pretty *p)
{
	size_t start = p->i++;
	while (p->i < p->n && p->s[p->i] != '"')
		p->i += p->s[p->i] == '\\' ? 2 : 1;
	if (p->i < p->n)
		p->i++; /* the closing quote */
	else
		p->i = p->n;
	fwrite(p->s + start, 1, p->i - start, p->out);
}

static bool is_space(char c)
{
	return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

/* The next character that is not white space, or 0 at the end. */
static char peek(const pretty *p)
{
	size_t i = p->i;
	while (i < p->n && is_space(p->s[i]))
		i++;
	return i < p->n ? p->s[i] : 0;
}

static void open_bracket(pretty *p, char c)
{
	char close = c == '{' ? '}' : ']';
	putc(c, p->out);
	if (peek(p) == close) { /* empty: keep it on one line */
		while (p->s[p->i] != close)
			p->i++;
		putc(close, p->out);
		p->i++;
		return;
	}
	p->depth++;
	newline(p);
}

static void step(pretty *p)
{
	char c = p->s[p->i];
	if (c == '"') {
		copy_string(p);
		return;
	}
	p->i++;
	if (is_space(c))
		return;
	if (c == '{' || c == '[') {
		open_bracket(p, c);
	} else if (c == '}' || c == ']') {
		if (p->depth)
			p->depth--;
		newline(p);
		putc(c, p->out);
	} else if (c == ',') {
		putc(',', p->out);
		newline(p);
	} else if (c == ':') {
		fputs(": ", p->out);
	} else {
		putc(c, p->out);
	}
}

int cli_json_pretty(FILE *out, const char *json, size_t len)
{
	pretty p = { out, json, len, 0, 0 };
	while (p.i < p.n)
		step(&p);
	putc('\n', out);
	return ferror(out) ? -1 : 0;
}
