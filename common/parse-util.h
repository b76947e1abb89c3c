/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdarg.h>
#include <stdbool.h>

#include "macro.h"

/* A decimal number in [min, max], nothing else: no sign, no spaces, no "0x". -EINVAL otherwise. */
int parse_unsigned(const char *s, unsigned long min, unsigned long max, unsigned *ret);

/* A uid or gid the app may run as: not 0 (root), not (uid_t) -1 nor its 16-bit form 65535 (both mean
 * "no id" to the kernel's system calls); LDAP and sssd ids above 65535 are fine. */
#define ID_RANGE_TEXT "1 to 4294967294, not 65535"
bool id_is_valid(unsigned long long id);
/* parse_unsigned() of an id_is_valid() id. */
int parse_id(const char *s, unsigned *ret);

/* For parsers that hand their caller a one-line explanation: *ret_error = the formatted text
 * (malloc'd; NULL when out of memory). Returns -EINVAL. */
int error_text(char **ret_error, const char *format, ...) _printf_(2, 3);
