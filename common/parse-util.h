/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdarg.h>

#include "macro.h"

/* A decimal number in [min, max], nothing else: no sign, no spaces, no "0x". -EINVAL otherwise. */
int parse_unsigned(const char *s, unsigned long min, unsigned long max, unsigned *ret);

/* For parsers that hand their caller a one-line explanation: *ret_error = the formatted text
 * (malloc'd; NULL when out of memory). Returns -EINVAL. */
int error_text(char **ret_error, const char *format, ...) _printf_(2, 3);
