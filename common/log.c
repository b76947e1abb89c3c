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

int log_internal(LogLevel level, int error, const char *format, ...) {
        int saved = errno;
        int e = error < 0 ? -error : error;

        if (level <= max_level) {
                va_list ap;

                /* glibc's %m reads errno */
                errno = e;
                fprintf(stderr, "%s: ", program_name);
                if (level == LOG_LEVEL_WARNING)
                        fputs("warning: ", stderr);
                va_start(ap, format);
                vfprintf(stderr, format, ap);
                va_end(ap);
                fputc('\n', stderr);
        }
        errno = saved;
        return -e;
}

int log_oom(void) {
        return log_error_errno(ENOMEM, "Out of memory.");
}
