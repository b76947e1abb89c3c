/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <string.h>

#include "macro.h"
#include "resource-limits.h"

/* digits only, no sign, no spaces, no leading zeros beyond "0", no overflow */
static int parse_u64(const char *s, size_t n, uint64_t *ret) {
        uint64_t v = 0;

        if (n == 0 || (n > 1 && s[0] == '0'))
                return -EINVAL;
        for (size_t i = 0; i < n; i++) {
                if (s[i] < '0' || s[i] > '9')
                        return -EINVAL;
                if (v > (UINT64_MAX - (uint64_t) (s[i] - '0')) / 10)
                        return -ERANGE;
                v = v * 10 + (uint64_t) (s[i] - '0');
        }
        *ret = v;
        return 0;
}

/* "N%" with N in 1..MAX; -ENOENT when S has no '%' */
static int parse_percent(const char *s, uint64_t max, uint64_t *ret) {
        size_t n = strlen(s);
        uint64_t v;
        int r;

        if (n == 0 || s[n - 1] != '%')
                return -ENOENT;
        r = parse_u64(s, n - 1, &v);
        if (r < 0)
                return -EINVAL;
        if (v < 1 || v > max)
                return -ERANGE;
        *ret = v;
        return 0;
}

/* "N%" of the host's whole (MemoryMaxScale, TasksMaxScale); -ENOENT: no percent sign, a count */
static int parse_limit_percent(const char *s, LimitValue *ret) {
        uint64_t v;
        int r;

        r = parse_percent(s, LIMIT_PERCENT_MAX, &v);
        if (r == -ENOENT)
                return r;
        if (r < 0)
                return -EINVAL;
        *ret = (LimitValue){.value = v, .percent = true};
        return 0;
}

int limit_parse_size(const char *s, LimitValue *ret) {
        static const struct {
                char suffix;
                unsigned shift;
        } units[] = {{'K', 10}, {'M', 20}, {'G', 30}, {'T', 40}};
        size_t n;
        uint64_t v;
        unsigned shift = 0;
        int r;

        if (!s)
                return -EINVAL;
        r = parse_limit_percent(s, ret);
        if (r != -ENOENT)
                return r;
        n = strlen(s);
        for (size_t i = 0; n > 0 && i < ELEMENTSOF(units); i++)
                if (s[n - 1] == units[i].suffix) {
                        shift = units[i].shift;
                        n--;
                        break; /* one suffix: "1MK" is no size */
                }
        if (parse_u64(s, n, &v) < 0 || v == 0 || v > (UINT64_MAX >> shift) - 1)
                return -EINVAL;
        *ret = (LimitValue){.value = v << shift};
        return 0;
}

int limit_parse_weight(const char *s, uint64_t *ret) {
        uint64_t v;

        if (!s || parse_u64(s, strlen(s), &v) < 0 || v < LIMIT_WEIGHT_MIN || v > LIMIT_WEIGHT_MAX)
                return -EINVAL;
        *ret = v;
        return 0;
}

int limit_parse_cpu_quota(const char *s, uint64_t *ret_usec) {
        uint64_t v;

        if (!s || parse_percent(s, LIMIT_CPU_QUOTA_MAX_PERCENT, &v) < 0)
                return -EINVAL;
        /* 100% is one CPU: a second of CPU time per second */
        *ret_usec = v * 10000;
        return 0;
}

int limit_parse_tasks(const char *s, LimitValue *ret) {
        uint64_t v;
        int r;

        if (!s)
                return -EINVAL;
        r = parse_limit_percent(s, ret);
        if (r != -ENOENT)
                return r;
        /* UINT64_MAX is systemd's "infinity" */
        if (parse_u64(s, strlen(s), &v) < 0 || v == 0 || v == UINT64_MAX)
                return -EINVAL;
        *ret = (LimitValue){.value = v};
        return 0;
}

uint32_t limit_percent_to_scale(uint64_t percent) {
        if (percent >= LIMIT_PERCENT_MAX)
                return UINT32_MAX;
        return (uint32_t) (((uint64_t) UINT32_MAX * percent) / LIMIT_PERCENT_MAX);
}

int limit_check(const char *key, const char *value, const char **ret_why) {
        LimitValue l;
        uint64_t u;
        int r;

        if (!value || !*value)
                return 0;
        if (streq(key, "memory-max")) {
                *ret_why = LIMIT_SIZE_TEXT;
                r = limit_parse_size(value, &l);
        } else if (streq(key, "cpu-quota")) {
                *ret_why = LIMIT_CPU_QUOTA_TEXT;
                r = limit_parse_cpu_quota(value, &u);
        } else if (streq(key, "tasks-max")) {
                *ret_why = LIMIT_TASKS_TEXT;
                r = limit_parse_tasks(value, &l);
        } else if (streq(key, "cpu-weight") || streq(key, "io-weight")) {
                *ret_why = LIMIT_WEIGHT_TEXT;
                r = limit_parse_weight(value, &u);
        } else
                return -EINVAL;
        return r;
}
