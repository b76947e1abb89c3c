/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <stdarg.h>

#include "log.h"

static const char *program_name = "app-container";
static LogLevel max_level = LOG_LEVEL_INFO;

void log_set_program_name(const char *name) {
        program_name = name;
}

const char *log_get_program_name(void) {
        return program_name;
}

void log_set_max_level(LogLevel level) {
        max_level = level;
}

static void log_va(LogLevel level, int e, const char *format, va_list ap) _printf_(3, 0);
static void log_va(LogLevel level, int e, const char *format, va_list ap) {
        int saved = errno;

        if (level <= max_level) {
                /* glibc's %m reads errno */
                errno = e;
                fprintf(stderr, "%s: ", program_name);
                if (level == LOG_LEVEL_WARNING)
                        fputs("warning: ", stderr);
                vfprintf(stderr, format, ap);
                fputc('\n', stderr);
        }
        errno = saved;
}

int log_internal(LogLevel level, int error, const char *format, ...) {
        int e = error < 0 ? -error : error;
        va_list ap;

        va_start(ap, format);
        log_va(level, e, format, ap);
        va_end(ap);
        return -e;
}

int log_internal_errno(LogLevel level, int error, const char *format, ...) {
        int e = error < 0 ? -error : error;
        va_list ap;

        if (e == 0)
                e = EIO;
        va_start(ap, format);
        log_va(level, e, format, ap);
        va_end(ap);
        return -e;
}

int log_oom(void) {
        return log_error_errno(-ENOMEM, "Out of memory.");
}
