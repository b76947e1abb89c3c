/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdbool.h>
#include <stdint.h>

/* NAME.conf's resource limits (memory-max, cpu-weight, cpu-quota, tasks-max, io-weight), which
 * become properties of app-container-NAME.service. The grammar is strict and smaller than
 * systemd's: a mistake is a file:line: error at load, never a unit that fails to start. An empty
 * string means "no limit" (systemd's default). */

#define LIMIT_WEIGHT_MIN 1
#define LIMIT_WEIGHT_MAX 10000
/* systemd's CPUQuota= allows more than 100% (several CPUs); 100 CPUs' worth is plenty */
#define LIMIT_CPU_QUOTA_MAX_PERCENT 10000
#define LIMIT_PERCENT_MAX 100

#define LIMIT_SIZE_TEXT                                                                                     \
        "a size in bytes with an optional K, M, G or T suffix (1024-based), or a percentage 1%..100%"
#define LIMIT_WEIGHT_TEXT "a weight from 1 to 10000"
#define LIMIT_CPU_QUOTA_TEXT "a percentage of one CPU, 1% to 10000%"
#define LIMIT_TASKS_TEXT "a number of tasks from 1, or a percentage 1%..100%"

/* A size or a count, or a percentage of what the host has. PERCENT: VALUE is 1..100. */
typedef struct LimitValue {
        uint64_t value;
        bool percent;
} LimitValue;

/* "512M", "2G", "1073741824", "50%": >= 1 byte, fits 64 bits. -EINVAL otherwise. */
int limit_parse_size(const char *s, LimitValue *ret);
/* "100": LIMIT_WEIGHT_MIN..LIMIT_WEIGHT_MAX. */
int limit_parse_weight(const char *s, uint64_t *ret);
/* "50%": *ret_usec is CPU time per second of wall time (systemd's CPUQuotaPerSecUSec). */
int limit_parse_cpu_quota(const char *s, uint64_t *ret_usec);
/* "512", "10%". */
int limit_parse_tasks(const char *s, LimitValue *ret);

/* A percentage in systemd's *Scale properties: a fraction of UINT32_MAX. */
uint32_t limit_percent_to_scale(uint64_t percent);

/* Checks the text of KEY (one of the five keys) with its parser; *ret_why is the grammar's text. */
int limit_check(const char *key, const char *value, const char **ret_why);
