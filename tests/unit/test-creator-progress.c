/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The progress line's parser, fed output recorded from debootstrap 1.0.128 and apt 2.6 (bookworm),
 * and the archive cache's names of installed packages. */
#include <stdio.h>

#include "archive-cache.h"
#include "macro.h"
#include "path-util.h"
#include "progress.h"
#include "tap.h"

static void feed_all(Progress *p, const char *const *lines) {
        for (size_t i = 0; lines[i]; i++)
                progress_feed(p, lines[i]);
}

static void test_debootstrap(void) {
        /* a cold run: every package retrieved, then validated */
        static const char *const cold[] = {
                "I: Retrieving InRelease ",
                "I: Checking Release signature",
                "I: Valid Release signature (key id 4D64FEC119C2029067D6E791F8D2585B8783D481)",
                "I: Retrieving Packages ",
                "I: Validating Packages ",
                "I: Resolving dependencies of required packages...",
                "I: Checking component main on http://deb.debian.org/debian...",
                "I: Retrieving adduser 3.134",
                "I: Validating adduser 3.134",
                "I: Retrieving apt 2.6.1",
                "I: Validating apt 2.6.1",
                "I: Retrieving base-files 12.4+deb12u5",
                "I: Validating base-files 12.4+deb12u5",
                NULL,
        };
        /* then the same from a warm archive cache: validated only */
        static const char *const warm[] = {
                "I: Retrieving InRelease ",
                "I: Retrieving Packages ",
                "I: Validating Packages ",
                "I: Validating adduser 3.134",
                "I: Validating apt 2.6.1",
                "I: Retrieving base-files 12.4+deb12u5",
                "I: Validating base-files 12.4+deb12u5",
                NULL,
        };
        static const char *const install[] = {
                "I: Chosen extractor for .deb packages: dpkg-deb",
                "I: Extracting adduser...",
                "I: Extracting apt...",
                "I: Installing core packages...",
                "I: Unpacking required packages...",
                "I: Unpacking adduser...",
                "I: Configuring required packages...",
                "I: Configuring adduser...",
                "I: Configuring apt...",
                NULL,
        };
        Progress p;
        char line[256];

        progress_init(&p, "debootstrap");
        progress_format(&p, 0, false, line, sizeof(line));
        is_str(line, "debootstrap: starting, 0 fetched, 0s", "before any line");
        ok(!progress_feed(&p, "I: Retrieving InRelease "), "the Release file is no package");
        ok(!progress_feed(&p, "I: Validating Packages "), "nor is the index");
        ok(!progress_feed(&p, "W: something else"), "a warning changes nothing");
        feed_all(&p, cold);
        is_int(p.fetched, 3, "cold: 3 packages retrieved");
        is_int(progress_cached(&p), 0, "cold: none from the cache");
        progress_format(&p, 12.4, false, line, sizeof(line));
        is_str(line, "debootstrap: fetching 3, 3 fetched, 12s", "the line while fetching");
        feed_all(&p, install);
        is_int(p.phase, PROGRESS_CONFIGURE, "configuring at the end");
        is_int(p.total, 3, "the total is what was validated");
        is_int(p.unpacked, 1, "'Unpacking required packages...' is a phase, not a package");
        progress_format(&p, 30, false, line, sizeof(line));
        is_str(line, "debootstrap: configuring 2/3, 3 fetched, 30s", "the line while configuring");
        progress_format(&p, 61, true, line, sizeof(line));
        is_str(line, "debootstrap: 3 packages, 3 fetched, 0 from the cache, 61s", "the summary");

        progress_init(&p, "debootstrap");
        feed_all(&p, warm);
        is_int(p.fetched, 1, "warm: one package retrieved");
        is_int(progress_cached(&p), 2, "warm: two from the archive cache");
        ok(!progress_feed(&p, "I: Extracting two words..."), "an odd Extracting line is no package");
}

static void test_apt(void) {
        static const char *const install[] = {
                "Reading package lists...",
                "Building dependency tree...",
                "The following NEW packages will be installed:",
                "  hello libgtk-3-0",
                "0 upgraded, 2 newly installed, 0 to remove and 0 not upgraded.",
                "Need to get 3123 kB/3174 kB of archives.",
                "After this operation, 9216 kB of additional disk space will be used.",
                "Get:1 http://deb.debian.org/debian bookworm/main amd64 libgtk-3-0 amd64 3.24.38-2~deb12u1 "
                "[3123 kB]",
                "debconf: delaying package configuration, since apt-utils is not installed",
                "Fetched 3123 kB in 1s (2612 kB/s)",
                "Selecting previously unselected package hello.",
                "Preparing to unpack .../hello_2.10-3_amd64.deb ...",
                "Unpacking hello (2.10-3) ...",
                "Unpacking libgtk-3-0:amd64 (3.24.38-2~deb12u1) ...",
                "Setting up hello (2.10-3) ...",
                NULL,
        };
        Progress p;
        char line[256];

        progress_init(&p, "apt");
        ok(!progress_feed(&p, "Get:1 http://deb.debian.org/debian bookworm InRelease [151 kB]"),
                "apt-get update's index is no package");
        ok(!progress_feed(&p, "Get:2 http://deb.debian.org/debian bookworm/main amd64 Packages [8787 kB]"),
                "nor its Packages file");
        feed_all(&p, install);
        is_int(p.total, 2, "the total from 'N upgraded, M newly installed'");
        is_int(p.fetched, 1, "one Get: of a .deb");
        is_int((int) p.bytes, 3123000, "its size, kB = 1000 bytes");
        is_int((int) p.bytes_total, 3174000, "Need to get X/TOTAL: the total");
        is_int(progress_cached(&p), 1, "the other one came from the archive cache");
        is_int(p.unpacked, 2, "two unpacked");
        is_int(p.configured, 1, "one set up");
        progress_format(&p, 5, false, line, sizeof(line));
        is_str(line, "apt: configuring 1/2, 1 fetched (3.1 MB), 5s", "the line while configuring");
        progress_format(&p, 7, true, line, sizeof(line));
        is_str(line, "apt: 2 packages, 1 fetched (3.1 MB), 1 from the cache, 7s", "the summary");

        progress_init(&p, "apt");
        ok(progress_feed(&p, "dlstatus:1:9.09091:Retrieving file 1 of 11"), "Status-Fd: dlstatus");
        ok(p.percent > 9 && p.percent < 9.1 && p.phase == PROGRESS_FETCH, "  its percentage");
        ok(progress_feed(&p, "pmstatus:hello:50:Installing hello (amd64)"), "Status-Fd: pmstatus");
        ok(p.percent == 50 && p.phase == PROGRESS_UNPACK, "  its percentage");
        ok(!progress_feed(&p, "pmstatus:hello:abc:x") && !progress_feed(&p, "dlstatus:1:500:x") &&
                        !progress_feed(&p, "pmstatus:nocolon"),
                "a malformed status line changes nothing");
        ok(p.percent == 50, "  the percentage stays");
        progress_feed(&p, "dlstatus:2:60:late");
        is_int(p.phase, PROGRESS_UNPACK, "a phase never goes back");
        ok(!progress_feed(&p, "Get:3 [") && !progress_feed(&p, "Get:"), "a cut Get: line is no package");
        ok(!progress_feed(&p, "Need to get") || p.bytes_total == 0, "a cut Need line is harmless");
}

static void test_mmdebstrap(void) {
        /* mmdebstrap 1.3.5 --verbose: its phases, and apt's and dpkg's lines in between */
        static const char *const run[] = {
                "I: automatically chosen mode: root",
                "I: running apt-get update...",
                "I: downloading packages with apt...",
                "0 upgraded, 3 newly installed, 0 to remove and 0 not upgraded.",
                "Get:1 http://deb.debian.org/debian bookworm/main amd64 base-files amd64 12.4+deb12u5 [70.9 "
                "kB]",
                "I: extracting archives...",
                "I: installing essential packages...",
                "Unpacking base-files (12.4+deb12u5) ...",
                "I: installing remaining packages inside the chroot...",
                "0 upgraded, 2 newly installed, 0 to remove and 0 not upgraded.",
                "Setting up systemd (252.22-1~deb12u1) ...",
                "I: success in 56.8403 seconds",
                NULL,
        };
        Progress p;
        char line[256];

        progress_init(&p, "mmdebstrap");
        feed_all(&p, run);
        is_int(p.phase, PROGRESS_CONFIGURE, "mmdebstrap: its phases move the line");
        is_int(p.total, 5, "two apt runs: the packages of both");
        is_int(p.fetched, 1, "one fetched");
        is_int(progress_cached(&p), 4, "four from the cache");
        progress_format(&p, 57, true, line, sizeof(line));
        is_str(line, "mmdebstrap: 5 packages, 1 fetched (0.1 MB), 4 from the cache, 57s", "the summary");
}

static void test_archive_names(void) {
        static const char status[] = "Package: hello\n"
                                     "Status: install ok installed\n"
                                     "Architecture: amd64\n"
                                     "Version: 2.10-3\n"
                                     "Description: hi\n"
                                     " more\n"
                                     "\n"
                                     "Package: old\n"
                                     "Status: deinstall ok config-files\n"
                                     "Architecture: amd64\n"
                                     "Version: 1\n"
                                     "\n"
                                     "Package: libc-bin\n"
                                     "Status: install ok installed\n"
                                     "Architecture: amd64\n"
                                     "Version: 1:2.36-9\n";
        _cleanup_strv_free_ char **l = NULL;
        _cleanup_free_ char *name = NULL;
        FILE *f = fmemopen((void *) status, sizeof(status) - 1, "r");

        ok(archive_deb_name("libc6", "2:2.36-9+deb12u4", "amd64", &name) == 0, "archive_deb_name");
        is_str(name, "libc6_2%3a2.36-9+deb12u4_amd64.deb", "an epoch's ':' is %%3a, as apt names the file");
        ok(f && dpkg_status_debs(f, &l) == 0, "dpkg_status_debs");
        is_int(strv_length(l), 2, "two installed; config-files only is none");
        is_str(l ? l[0] : NULL, "hello_2.10-3_amd64.deb", "sorted: hello");
        is_str(l && l[0] ? l[1] : NULL, "libc-bin_1%3a2.36-9_amd64.deb",
                "sorted: libc-bin, the last stanza without a blank line");
        if (f)
                fclose(f);
}

int main(void) {
        test_debootstrap();
        test_apt();
        test_mmdebstrap();
        test_archive_names();
        return tap_done();
}
