/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <fcntl.h>

#include "macro.h"
#include "sha256.h"
#include "tap.h"

static void test_vectors(void) {
        /* FIPS 180-4 / NIST examples */
        static const struct {
                const char *in, *hex;
        } v[] = {
                {"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
                {"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
                {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
                        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
                {"abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlm"
                 "nopqrs"
                 "mnopqrstnopqrstu",
                        "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"},
                {"The quick brown fox jumps over the lazy dog",
                        "d7a8fbb307d7809469ca9abcb0082e4f8d5651e46d3cdb762d02d0bf37c9e592"},
        };
        char hex[SHA256_HEX_SIZE];

        for (size_t i = 0; i < ELEMENTSOF(v); i++) {
                sha256_hex(v[i].in, strlen(v[i].in), hex);
                is_str(hex, v[i].hex, "sha256 of a %zu-byte vector", strlen(v[i].in));
        }
}

static void test_million_a(void) {
        char block[1000], hex[SHA256_HEX_SIZE];
        uint8_t d[SHA256_DIGEST_SIZE];
        Sha256 s;

        memset(block, 'a', sizeof(block));
        sha256_init(&s);
        /* odd chunk sizes exercise the buffering */
        for (size_t done = 0; done < 1000000;) {
                size_t n = 1000000 - done < 997 ? 1000000 - done : 997;
                sha256_update(&s, block, n);
                done += n;
        }
        sha256_final(&s, d);
        sha256_to_hex(d, hex);
        is_str(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0", "one million 'a'");
}

/* Padding edges: fed whole and one byte at a time, each length must give the same digest. */
static void test_split_updates(void) {
        static const size_t lengths[] = {55, 56, 63, 64, 65, 119, 120, 128};
        /* the same lengths by an independent implementation (Python's hashlib.sha256) */
        static const char *const want[] = {
                "5115528ed8d30114d2c26627c045ccc1ed16e95d21a1118df62b39c601cfeb58",
                "436d4d7a61515716fae1cc93feaf7c658a619a10a96a36fe148693a9d241f317",
                "439a1bc75f8d2f18917893df1a66be79196e3e17ce07961b1b56c67a7e436918",
                "5d730a4aedc643aa5f0ddb472d76f5fea8960e273329a3e0b0564c45aa7217f5",
                "77af5c6d978131f977161f05717a6a09af3bb73a0e479c8a268e5400f03f8e09",
                "b8db8213013d5455a65a27a5860b8668e7808d71b1c69627032906cd8f0f95d8",
                "aa9b3be984cd3cd4b96fa1c9da29b7b647c6bf6161fb31a594a1b65f1945cdee",
                "c5635a88feef14c30640680e78688f2fe3e7fcd059b165bb593560db8b73f53e",
        };
        char data[200];

        for (size_t i = 0; i < sizeof(data); i++)
                data[i] = (char) ('0' + i % 43);
        for (size_t i = 0; i < ELEMENTSOF(lengths); i++) {
                uint8_t digest[SHA256_DIGEST_SIZE];
                char whole[SHA256_HEX_SIZE], bytewise[SHA256_HEX_SIZE];
                Sha256 s;

                sha256_hex(data, lengths[i], whole);
                sha256_init(&s);
                for (size_t k = 0; k < lengths[i]; k++)
                        sha256_update(&s, data + k, 1);
                sha256_final(&s, digest);
                sha256_to_hex(digest, bytewise);
                is_str(whole, want[i], "%zu bytes: the reference digest", lengths[i]);
                is_str(bytewise, whole, "%zu bytes: byte-wise updates equal one update", lengths[i]);
        }
}

static void test_file(void) {
        char path[] = "/tmp/test-sha256-XXXXXX", hex[SHA256_HEX_SIZE];
        int fd = mkostemp(path, O_CLOEXEC);

        ok(fd >= 0 && write(fd, "abc", 3) == 3, "temporary file");
        close(fd);
        ok(sha256_file(path, hex) == 0, "sha256_file");
        is_str(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", "file digest");
        unlink(path);
        is_int(sha256_file("/nonexistent/x.deb", hex), -ENOENT, "missing file is -ENOENT");
}

int main(void) {
        test_vectors();
        test_million_a();
        test_split_updates();
        test_file();
        return tap_done();
}
