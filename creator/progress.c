/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "io-util.h"
#include "macro.h"
#include "process.h"
#include "progress.h"

/* a line longer than this is cut: nothing we parse is near it */
#define PROGRESS_LINE_MAX 4096
/* the terminal line is redrawn at most this often (ms), and at each change of phase */
#define PROGRESS_REDRAW_MS 100

static const char *const phase_names[_PROGRESS_PHASE_MAX] = {
        [PROGRESS_START] = "starting",
        [PROGRESS_FETCH] = "fetching",
        [PROGRESS_EXTRACT] = "extracting",
        [PROGRESS_UNPACK] = "unpacking",
        [PROGRESS_CONFIGURE] = "configuring",
};

void progress_init(Progress *p, const char *what) {
        *p = (Progress){.what = what, .percent = -1};
}

static bool has_prefix(const char *s, const char *prefix, const char **ret_rest) {
        size_t l = strlen(prefix);

        if (!strneq(s, prefix, l))
                return false;
        *ret_rest = s + l;
        return true;
}

static size_t count_words(const char *s) {
        size_t n = 0;

        for (;;) {
                s += strspn(s, " \t");
                if (!*s)
                        return n;
                n++;
                s += strcspn(s, " \t");
        }
}

static bool set_phase(Progress *p, ProgressPhase phase) {
        /* the phases only move forward: a late line of an earlier one does not move the line back */
        if (phase <= p->phase)
                return false;
        p->phase = phase;
        return true;
}

/* "[51.7 kB]" at the end of apt's Get: line; apt counts in powers of 1000 */
static uint64_t parse_size(const char *s) {
        const char *open = strrchr(s, '[');
        char unit[4] = "";
        double v;

        if (!open || sscanf(open, "[%lf %3[kMGB]", &v, unit) != 2 || v < 0)
                return 0;
        if (streq(unit, "kB"))
                v *= 1e3;
        else if (streq(unit, "MB"))
                v *= 1e6;
        else if (streq(unit, "GB"))
                v *= 1e9;
        return (uint64_t) v;
}

static uint64_t parse_amount(const char *s) {
        char unit[4] = "";
        double v;

        if (sscanf(s, "%lf %3[kMGB]", &v, unit) != 2 || v < 0)
                return 0;
        return (uint64_t) (v *
                (streq(unit, "kB")                  ? 1e3
                                : streq(unit, "MB") ? 1e6
                                : streq(unit, "GB") ? 1e9
                                                    : 1));
}

/* debootstrap's "I: ..." lines: a package line names one package (and, when fetched, its version);
 * a line with more words is a phase ("I: Unpacking required packages..."). */
static bool feed_debootstrap(Progress *p, const char *rest) {
        /* mmdebstrap's phases; the packages are counted from apt's and dpkg's lines (--verbose) */
        static const struct {
                const char *prefix;
                ProgressPhase phase;
        } mm[] = {
                {"downloading packages", PROGRESS_FETCH},
                {"extracting archives", PROGRESS_EXTRACT},
                {"installing essential packages", PROGRESS_UNPACK},
                {"installing remaining packages", PROGRESS_CONFIGURE},
        };
        const char *s;
        size_t words;

        for (size_t i = 0; i < ELEMENTSOF(mm); i++)
                if (has_prefix(rest, mm[i].prefix, &s))
                        return set_phase(p, mm[i].phase);

        if (has_prefix(rest, "Retrieving ", &s) || has_prefix(rest, "Validating ", &s)) {
                /* "Retrieving Packages", "Validating Packages": the index, one word */
                if (count_words(s) != 2)
                        return false;
                if (rest[0] == 'R')
                        p->fetched++;
                else
                        p->validated++;
                set_phase(p, PROGRESS_FETCH);
                return true;
        }
        if (has_prefix(rest, "Extracting ", &s)) {
                if (count_words(s) != 1)
                        return false;
                p->extracted++;
                if (p->total < p->validated)
                        p->total = p->validated;
                set_phase(p, PROGRESS_EXTRACT);
                return true;
        }
        if (has_prefix(rest, "Unpacking ", &s) || has_prefix(rest, "Configuring ", &s)) {
                bool unpack = rest[0] == 'U';
                words = count_words(s);
                if (p->total < p->validated)
                        p->total = p->validated;
                if (words == 1) {
                        if (unpack)
                                p->unpacked++;
                        else
                                p->configured++;
                }
                return set_phase(p, unpack ? PROGRESS_UNPACK : PROGRESS_CONFIGURE) || words == 1;
        }
        return false;
}

static bool feed_apt_status(Progress *p, const char *s, ProgressPhase phase) {
        const char *colon = strchr(s, ':');
        char *end;
        double v;

        /* dlstatus:ITEM:PERCENT:TEXT, pmstatus:PACKAGE:PERCENT:TEXT */
        if (!colon)
                return false;
        v = strtod(colon + 1, &end);
        if (end == colon + 1 || *end != ':' || v < 0 || v > 100)
                return false;
        p->percent = v;
        set_phase(p, phase);
        return true;
}

bool progress_feed(Progress *p, const char *line) {
        const char *s;
        unsigned a, b, c, d;

        if (has_prefix(line, "I: ", &s))
                return feed_debootstrap(p, s);
        if (has_prefix(line, "dlstatus:", &s))
                return feed_apt_status(p, s, PROGRESS_FETCH);
        if (has_prefix(line, "pmstatus:", &s))
                return feed_apt_status(p, s, PROGRESS_UNPACK);
        /* "Get:5 http://deb.debian.org/debian bookworm/main amd64 hello amd64 2.10-3 [51.7 kB]": a
         * .deb; an index ("Get:1 URL bookworm InRelease [151 kB]") has fewer words before the size */
        if (has_prefix(line, "Get:", &s)) {
                const char *open = strrchr(s, '[');
                _cleanup_free_ char *head = open ? strndup(s, (size_t) (open - s)) : NULL;

                if (!head || count_words(head) < 7)
                        return false;
                p->fetched++;
                p->bytes += parse_size(open);
                set_phase(p, PROGRESS_FETCH);
                return true;
        }
        /* mmdebstrap runs apt twice (the essential packages, then the rest): the sum */
        if (sscanf(line, "%u upgraded, %u newly installed, %u to remove and %u not upgraded", &a, &b, &c,
                    &d) == 4) {
                p->total += a + b;
                return true;
        }
        if (has_prefix(line, "Need to get ", &s)) {
                const char *slash = strchr(s, '/');
                p->bytes_total = parse_amount(slash && slash < strstr(s, " of ") ? slash + 1 : s);
                return true;
        }
        if (has_prefix(line, "Unpacking ", &s)) {
                p->unpacked++;
                set_phase(p, PROGRESS_UNPACK);
                return true;
        }
        if (has_prefix(line, "Setting up ", &s)) {
                p->configured++;
                set_phase(p, PROGRESS_CONFIGURE);
                return true;
        }
        return false;
}

unsigned progress_cached(const Progress *p) {
        unsigned seen = p->validated > p->total ? p->validated : p->total;

        return seen > p->fetched ? seen - p->fetched : 0;
}

void progress_format(const Progress *p, double elapsed, bool done, char *buf, size_t size) {
        char fetched[64] = "", count[32] = "";
        unsigned n = 0;

        if (p->bytes > 0)
                snprintf(fetched, sizeof(fetched), "%u fetched (%.1f MB)", p->fetched,
                        (double) p->bytes / 1e6);
        else
                snprintf(fetched, sizeof(fetched), "%u fetched", p->fetched);
        if (done) {
                snprintf(buf, size, "%s: %u packages, %s, %u from the cache, %.0fs", p->what,
                        p->total ?: p->validated, fetched, progress_cached(p), elapsed);
                return;
        }
        switch (p->phase) {
        case PROGRESS_EXTRACT:
                n = p->extracted;
                break;
        case PROGRESS_UNPACK:
                n = p->unpacked;
                break;
        case PROGRESS_CONFIGURE:
                n = p->configured;
                break;
        default:
                n = p->fetched + progress_cached(p);
        }
        if (p->total > 0)
                snprintf(count, sizeof(count), " %u/%u", n, p->total);
        else if (p->phase != PROGRESS_START)
                snprintf(count, sizeof(count), " %u", n);
        if (p->percent >= 0)
                snprintf(count + strlen(count), sizeof(count) - strlen(count), " (%.0f%%)", p->percent);
        snprintf(buf, size, "%s: %s%s, %s, %.0fs", p->what, phase_names[p->phase], count, fetched, elapsed);
}

static double now_s(void) {
        struct timespec t;

        clock_gettime(CLOCK_MONOTONIC, &t);
        return (double) t.tv_sec + (double) t.tv_nsec / 1e9;
}

static void show(const Progress *p, ProgressOutput out, double start, bool done) {
        char line[256];

        progress_format(p, now_s() - start, done, line, sizeof(line));
        if (out == PROGRESS_TERMINAL)
                /* \r and "clear to the end of the line": the same line, rewritten */
                fprintf(stderr, "\r\033[K%s%s", line, done ? "\n" : "");
        else
                fprintf(stderr, "%s\n", line);
        fflush(stderr);
}

int progress_pump(int fd, int log_fd, Progress *p, ProgressOutput out) {
        _cleanup_free_ char *line = malloc(PROGRESS_LINE_MAX + 1);
        double start = now_s(), drawn = 0;
        size_t len = 0;
        char buf[4096];

        if (!line)
                return -ENOMEM;
        for (;;) {
                ssize_t n = read(fd, buf, sizeof(buf));
                ProgressPhase before = p->phase;
                bool changed = false;

                if (n < 0 && errno == EINTR && !process_interrupted())
                        continue;
                if (n < 0)
                        return errno == EINTR ? -EINTR : negative_errno();
                if (n == 0)
                        break;
                if (log_fd >= 0)
                        (void) write_all(log_fd, buf, (size_t) n);
                for (ssize_t i = 0; i < n; i++) {
                        if (buf[i] != '\n' && buf[i] != '\r') {
                                if (len < PROGRESS_LINE_MAX)
                                        line[len++] = buf[i];
                                continue;
                        }
                        line[len] = 0;
                        changed |= progress_feed(p, line);
                        len = 0;
                }
                if (out == PROGRESS_TERMINAL && changed &&
                        (p->phase != before || now_s() - drawn >= PROGRESS_REDRAW_MS / 1e3)) {
                        show(p, out, start, false);
                        drawn = now_s();
                } else if (out == PROGRESS_LINES && p->phase != before)
                        show(p, out, start, false);
        }
        if (out != PROGRESS_NONE)
                show(p, out, start, true);
        return 0;
}
