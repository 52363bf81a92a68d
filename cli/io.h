/*
 * io.h: reading the input of the planparse tool.
 */
#ifndef PP_CLI_IO_H
#define PP_CLI_IO_H

#include <stddef.h>
#include <stdint.h>

/* Reads the whole of path ("-" for stdin) into a malloc'd buffer stored in
 * *out (free() it; may be NULL when empty) with its length in *len.  Stops
 * once more than limit bytes have been read.  Returns 0 or an errno value
 * (ENOMEM when memory ran out). */
int cli_read_file(const char *path, size_t limit, char **out, size_t *len);

#endif /* PP_CLI_IO_H */
