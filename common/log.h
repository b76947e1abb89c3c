/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include "macro.h"

/* Only program code logs; library functions return negative errno and leave the wording to the caller. */

typedef enum LogLevel {
        LOG_LEVEL_ERROR,
        LOG_LEVEL_WARNING,
        LOG_LEVEL_NOTICE,
        LOG_LEVEL_INFO,
        LOG_LEVEL_DEBUG,
} LogLevel;

void log_set_program_name(const char *name);
const char *log_get_program_name(void);
void log_set_max_level(LogLevel level);

/* Logs "program: message" to stderr; %m expands to strerror(-error). Returns -abs(error), or 0 if error is
 * 0. */
int log_internal(LogLevel level, int error, const char *format, ...) _printf_(3, 4);
/* The same, but never 0: a returned error log is a failure, whatever sign or value the caller passed
 * (0 becomes -EIO), so that `return log_error_errno(...)` can never read as success. */
int log_internal_errno(LogLevel level, int error, const char *format, ...) _printf_(3, 4);

/* `return log_error(...)` is a bug (it returns 0): return log_error_errno(-EINVAL, ...) instead. */
#define log_error_errno(error, ...) log_internal_errno(LOG_LEVEL_ERROR, (error), __VA_ARGS__)
#define log_warning_errno(error, ...) log_internal(LOG_LEVEL_WARNING, (error), __VA_ARGS__)
#define log_debug_errno(error, ...) log_internal(LOG_LEVEL_DEBUG, (error), __VA_ARGS__)
#define log_error(...) log_internal(LOG_LEVEL_ERROR, 0, __VA_ARGS__)
#define log_warning(...) log_internal(LOG_LEVEL_WARNING, 0, __VA_ARGS__)
#define log_notice(...) log_internal(LOG_LEVEL_NOTICE, 0, __VA_ARGS__)
#define log_info(...) log_internal(LOG_LEVEL_INFO, 0, __VA_ARGS__)
#define log_debug(...) log_internal(LOG_LEVEL_DEBUG, 0, __VA_ARGS__)

/* Logs "Out of memory." and returns -ENOMEM. */
int log_oom(void);
