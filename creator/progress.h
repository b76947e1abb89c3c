/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

/* The live progress line of debootstrap and apt: their output is read line by line (and kept in the
 * log), progress_feed() tells what it means, progress_format() what the line says. The parser is pure
 * (tests/unit/test-creator-progress.c feeds it recorded output). */

typedef enum ProgressPhase {
        PROGRESS_START,
        PROGRESS_FETCH, /* debootstrap: Retrieving/Validating; apt: Get: */
        PROGRESS_EXTRACT, /* debootstrap: Extracting */
        PROGRESS_UNPACK, /* Unpacking */
        PROGRESS_CONFIGURE, /* debootstrap: Configuring; dpkg: Setting up */
        _PROGRESS_PHASE_MAX,
} ProgressPhase;

typedef enum ProgressOutput {
        PROGRESS_NONE, /* --quiet */
        PROGRESS_LINES, /* not a terminal: a plain line when the phase changes, and the summary */
        PROGRESS_TERMINAL, /* one line rewritten in place (\r, clear to the end of the line) */
} ProgressOutput;

typedef struct Progress {
        const char *what; /* "debootstrap", "apt" */
        ProgressPhase phase;
        unsigned total; /* packages to install; 0 while unknown */
        unsigned fetched; /* downloaded from the mirror */
        unsigned validated; /* debootstrap: checked against the index (downloaded or from the cache) */
        unsigned extracted, unpacked, configured;
        uint64_t bytes; /* downloaded */
        uint64_t bytes_total; /* apt: "Need to get"; 0 unknown */
        double percent; /* apt's Status-Fd (dlstatus:, pmstatus:), -1 when none came */
} Progress;

void progress_init(Progress *p, const char *what);

/* Takes one line (no newline) of debootstrap's output or of apt-get's (its plain output, or the
 * "dlstatus:"/"pmstatus:" lines of -o APT::Status-Fd). True when it changed what the line shows. */
bool progress_feed(Progress *p, const char *line);

/* Packages taken from the archive cache: debootstrap's validated-but-not-fetched, apt's
 * to-install-but-not-fetched (known once the fetching is over). */
unsigned progress_cached(const Progress *p);

/* "apt: unpacking 12/40, 3 fetched (1.2 MB), 37 from the cache, 25s" while it runs; with DONE the
 * summary, "apt: 40 packages, 3 fetched (1.2 MB), 37 from the cache, 31s". */
void progress_format(const Progress *p, double elapsed, bool done, char *buf, size_t size);

/* Reads FD (the command's stdout and stderr) to its end or until we are interrupted: every byte to
 * LOG_FD, every line to P, the progress line to stderr as OUT says. */
int progress_pump(int fd, int log_fd, Progress *p, ProgressOutput out);
