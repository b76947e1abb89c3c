/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <stdio.h>

#include "resource-limits.h"
#include "unit-limits.h"

/* a size or a count: the absolute property, or a percentage in its *Scale sibling */
static int add_value(UnitProperty *l, size_t *n, const char *text, const char *name, const char *scale_name,
        int (*parse)(const char *, LimitValue *)) {
        LimitValue v;

        if (!text || !*text)
                return 0;
        if (parse(text, &v) < 0)
                return -EINVAL;
        if (v.percent)
                l[(*n)++] = (UnitProperty){scale_name, 'u', limit_percent_to_scale(v.value)};
        else
                l[(*n)++] = (UnitProperty){name, 't', v.value};
        return 0;
}

static int add_weight(UnitProperty *l, size_t *n, const char *text, const char *name) {
        uint64_t v;

        if (!text || !*text)
                return 0;
        if (limit_parse_weight(text, &v) < 0)
                return -EINVAL;
        l[(*n)++] = (UnitProperty){name, 't', v};
        return 0;
}

int unit_limits_build(const AppConfig *c, UnitProperty ret[static UNIT_LIMITS_MAX], size_t *ret_n) {
        size_t n = 0;
        uint64_t usec;
        int r;

        r = add_value(ret, &n, c->memory_max, "MemoryMax", "MemoryMaxScale", limit_parse_size);
        if (r >= 0)
                r = add_weight(ret, &n, c->cpu_weight, "CPUWeight");
        if (r >= 0 && c->cpu_quota && *c->cpu_quota) {
                r = limit_parse_cpu_quota(c->cpu_quota, &usec);
                if (r >= 0)
                        ret[n++] = (UnitProperty){"CPUQuotaPerSecUSec", 't', usec};
        }
        if (r >= 0)
                r = add_value(ret, &n, c->tasks_max, "TasksMax", "TasksMaxScale", limit_parse_tasks);
        if (r >= 0)
                r = add_weight(ret, &n, c->io_weight, "IOWeight");
        if (r < 0)
                return -EINVAL;
        *ret_n = n;
        return 0;
}

char *unit_property_to_string(const UnitProperty *p) {
        char *s;

        if (asprintf(&s, "%s=%llu", p->name, (unsigned long long) p->value) < 0)
                return NULL;
        return s;
}
