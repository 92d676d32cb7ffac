/*
 * sha256.h - SHA-256 (FIPS 180-4), for the provenance of inputs and outputs.
 *
 * The hashing is OpenSSL's (libcrypto, which libxlsxwriter already loads):
 * with the CPU's SHA instructions it is several times faster than portable
 * C, and every input and output of a run is hashed. sha256.c is the only
 * file that includes an OpenSSL header.
 */
#ifndef SCTA_SHA256_H
#define SCTA_SHA256_H

#include <stddef.h>
#include <stdint.h>

struct scta_err;

/* A hash in progress; owns an OpenSSL context until sha256_hex() or sha256_release(). */
struct sha256 {
	void *md;
};

/* Start a hash. Like xmalloc(), exits the program if OpenSSL cannot start one. */
void sha256_init(struct sha256 *c);
void sha256_update(struct sha256 *c, const void *data, size_t len);
/* Finish and write 64 lowercase hex digits and a NUL into hex; releases c. */
void sha256_hex(struct sha256 *c, char hex[65]);
/* Drop an unfinished hash (safe after sha256_hex() and on a zeroed struct). */
void sha256_release(struct sha256 *c);

/* Hash a whole file, streaming. */
int sha256_file(const char *path, char hex[65], struct scta_err *err);

#endif
