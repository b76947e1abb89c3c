/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <stdarg.h>
#include <time.h>

#include "log.h"
#include "path-util.h"
#include "show.h"

static ShowMode mode = SHOW_OFF;
static uint64_t t0;

uint64_t now_usec(void) {
        struct timespec ts;

        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (uint64_t) ts.tv_sec * 1000000u + (uint64_t) ts.tv_nsec / 1000u;
}

void show_set_mode(ShowMode m) {
        mode = m;
        t0 = now_usec();
}

ShowMode show_get_mode(void) {
        return mode;
}

_printf_(2, 0) static void vprint(const char *mark, const char *format, va_list ap) {
        uint64_t t = now_usec() - t0;

        fprintf(stderr, "%s: [%3u.%03us] %s ", log_get_program_name(), (unsigned) (t / 1000000u),
                (unsigned) (t / 1000u % 1000u), mark);
        vfprintf(stderr, format, ap);
        fputc('\n', stderr);
}

bool step_begin(Step *s, const char *format, ...) {
        va_list ap;

        *s = (Step){.start_usec = now_usec(), .active = mode != SHOW_OFF};
        if (mode == SHOW_OFF)
                return true;
        va_start(ap, format);
        vprint(mode == SHOW_DRY_RUN ? "would:" : ">", format, ap);
        va_end(ap);
        if (mode == SHOW_DRY_RUN)
                s->active = false;
        return mode != SHOW_DRY_RUN;
}

static void print(const char *mark, const char *format, ...) _printf_(2, 3);
static void print(const char *mark, const char *format, ...) {
        va_list ap;

        va_start(ap, format);
        vprint(mark, format, ap);
        va_end(ap);
}

void step_end(Step *s, int r) {
        uint64_t d;

        if (!s->active)
                return;
        d = now_usec() - s->start_usec;
        if (r < 0)
                print("<", "failed after %u.%01u ms: %s", (unsigned) (d / 1000u),
                        (unsigned) (d / 100u % 10u), strerror(-r));
        else
                print("<", "done in %u.%01u ms", (unsigned) (d / 1000u), (unsigned) (d / 100u % 10u));
        s->active = false;
}

void show_note(const char *format, ...) {
        va_list ap;

        if (mode == SHOW_OFF)
                return;
        va_start(ap, format);
        vprint(" ", format, ap);
        va_end(ap);
}

void show_argv(const char *prefix, char *const *argv) {
        char *buf = NULL;
        size_t size = 0;
        FILE *f;

        if (mode == SHOW_OFF)
                return;
        f = open_memstream(&buf, &size);
        if (!f)
                return;
        for (size_t i = 0; argv && argv[i]; i++) {
                _cleanup_free_ char *q = shell_quote(argv[i]);
                fprintf(f, "%s%s", i > 0 ? " " : "", q ?: "?");
        }
        if (fclose(f) == 0)
                show_note("%s%s", prefix, buf);
        free(buf);
}
