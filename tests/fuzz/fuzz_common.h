/*
 * fuzz_common.h - what the libFuzzer targets share: each input is written
 * to a file in a private directory (the code under test reads files by
 * path), then handed to the module. See tests/fuzz/README.md.
 */
#ifndef SCTA_FUZZ_COMMON_H
#define SCTA_FUZZ_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The directory of this process's input files, made once. */
static const char *fuzz_dir(void)
{
	static char dir[64];

	if (!dir[0]) {
		snprintf(dir, sizeof dir, "/tmp/scta-fuzz-XXXXXX");
		if (!mkdtemp(dir))
			abort();
	}
	return dir;
}

/* Write data to DIR/name and return the path (static storage). */
static const char *fuzz_file(const char *name, const uint8_t *data, size_t size)
{
	static char path[128];
	FILE *fp;

	snprintf(path, sizeof path, "%s/%s", fuzz_dir(), name);
	fp = fopen(path, "wb");
	if (!fp || (size && fwrite(data, 1, size, fp) != size) || fclose(fp))
		abort();
	return path;
}

#endif
