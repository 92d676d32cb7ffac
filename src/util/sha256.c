/*
 * sha256.c - SHA-256 through OpenSSL's EVP interface (see sha256.h).
 *
 * This is the only file that includes an OpenSSL header.
 */
#include "util/sha256.h"
#include "util/err.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

/* OpenSSL failing to hash is as fatal as memory running out: say so and stop. */
static void fatal(const char *what)
{
	fprintf(stderr, "scta: SHA-256: %s failed (OpenSSL)\n", what);
	exit(1);
}

void sha256_init(struct sha256 *c)
{
	EVP_MD_CTX *md = EVP_MD_CTX_new();

	if (!md)
		fatal("starting a hash");
	if (EVP_DigestInit_ex(md, EVP_sha256(), NULL) != 1) {
		EVP_MD_CTX_free(md);
		fatal("starting a hash");
	}
	c->md = md;
}

void sha256_update(struct sha256 *c, const void *data, size_t len)
{
	if (len && EVP_DigestUpdate(c->md, data, len) != 1)
		fatal("hashing");
}

void sha256_hex(struct sha256 *c, char hex[65])
{
	static const char digits[] = "0123456789abcdef";
	unsigned char d[EVP_MAX_MD_SIZE];
	unsigned int n = 0, i;

	if (EVP_DigestFinal_ex(c->md, d, &n) != 1 || n != 32)
		fatal("finishing a hash");
	for (i = 0; i < 32; i++) {
		hex[2 * i] = digits[d[i] >> 4];
		hex[2 * i + 1] = digits[d[i] & 15];
	}
	hex[64] = '\0';
	sha256_release(c);
}

void sha256_release(struct sha256 *c)
{
	EVP_MD_CTX_free(c->md);
	c->md = NULL;
}

int sha256_file(const char *path, char hex[65], struct scta_err *err)
{
	unsigned char buf[65536];
	struct sha256 c;
	FILE *fp = fopen(path, "rb");
	size_t n;
	int rc = 0;

	if (!fp)
		return scta_err_set(err, SCTA_ERR_RUNTIME, "%s: cannot open: %s", path, strerror(errno));
	sha256_init(&c);
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
		sha256_update(&c, buf, n);
	if (ferror(fp))
		rc = scta_err_set(err, SCTA_ERR_RUNTIME, "%s: read error: %s", path, strerror(errno));
	fclose(fp);
	if (!rc)
		sha256_hex(&c, hex);
	sha256_release(&c);
	return rc;
}
