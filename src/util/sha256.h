/*
 * sha256.h - SHA-256 (FIPS 180-4), for the provenance of inputs and outputs.
 */
#ifndef SCTA_SHA256_H
#define SCTA_SHA256_H

#include <stddef.h>
#include <stdint.h>

struct scta_err;

struct sha256 {
	uint32_t h[8];
	uint64_t len;
	unsigned char buf[64];
	size_t nbuf;
};

void sha256_init(struct sha256 *c);
void sha256_update(struct sha256 *c, const void *data, size_t len);
/* Finish and write 64 lowercase hex digits and a NUL into hex. */
void sha256_hex(struct sha256 *c, char hex[65]);

/* Hash a whole file, streaming. */
int sha256_file(const char *path, char hex[65], struct scta_err *err);

#endif
