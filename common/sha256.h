/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stddef.h>
#include <stdint.h>

/* FIPS 180-4 SHA-256, small and dependency free: the creator hashes cache inputs and .deb files, the
 * launcher's ++status the .debs of a recipe. Kept hand-written on purpose (weighed against libgcrypt,
 * nettle and OpenSSL's libcrypto): the digest only names a cache entry and tells a changed input, so
 * no key, secret or timing is at stake; the code is 130 lines with no allocation and one buffer whose
 * bounds are checked by tests/unit/test-creator-sha256.c (the NIST vectors, a million 'a', every
 * padding edge against an independent implementation, byte-wise updates) under ASan and UBSan in
 * tests/run; and a crypto library would be one more dependency, with its own initialisation (libgcrypt)
 * or a clash with these names (nettle's sha256_* macros), in the root half of every host. */

#define SHA256_DIGEST_SIZE 32
#define SHA256_HEX_SIZE (SHA256_DIGEST_SIZE * 2 + 1)

typedef struct Sha256 {
        uint32_t state[8];
        uint64_t length; /* bytes so far */
        uint8_t buffer[64];
        size_t fill;
} Sha256;

void sha256_init(Sha256 *s);
void sha256_update(Sha256 *s, const void *data, size_t n);
void sha256_final(Sha256 *s, uint8_t ret[SHA256_DIGEST_SIZE]);

/* Lower-case hex of the digest of DATA into RET (SHA256_HEX_SIZE bytes, NUL-terminated). */
void sha256_hex(const void *data, size_t n, char ret[SHA256_HEX_SIZE]);
void sha256_to_hex(const uint8_t digest[SHA256_DIGEST_SIZE], char ret[SHA256_HEX_SIZE]);

/* Hashes the file at PATH; negative errno on failure. */
int sha256_file(const char *path, char ret[SHA256_HEX_SIZE]);
/* The same, of what FD reads to its end. */
int sha256_fd(int fd, char ret[SHA256_HEX_SIZE]);
