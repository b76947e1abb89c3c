/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <stdio.h>

#include "macro.h"
#include "xauth.h"

void xauth_entry_done(XauthEntry *e) {
        free(e->address);
        free(e->number);
        free(e->name);
        free(e->data);
        *e = (XauthEntry){};
}

static int read_u16(const unsigned char **p, const unsigned char *end, uint16_t *ret) {
        if (end - *p < 2)
                return -EBADMSG;
        *ret = (uint16_t) ((*p)[0] << 8 | (*p)[1]);
        *p += 2;
        return 0;
}

static int read_counted(const unsigned char **p, const unsigned char *end, char **ret, size_t *ret_len) {
        uint16_t n;
        char *s;

        if (read_u16(p, end, &n) < 0 || end - *p < n)
                return -EBADMSG;
        s = malloc((size_t) n + 1);
        if (!s)
                return -ENOMEM;
        memcpy(s, *p, n);
        s[n] = 0;
        *p += n;
        *ret = s;
        if (ret_len)
                *ret_len = n;
        return 0;
}

static int read_entry(const unsigned char **p, const unsigned char *end, XauthEntry *ret) {
        XauthEntry e = {};
        int r;

        r = read_u16(p, end, &e.family);
        if (r >= 0)
                r = read_counted(p, end, &e.address, &e.address_len);
        if (r >= 0)
                r = read_counted(p, end, &e.number, NULL);
        if (r >= 0)
                r = read_counted(p, end, &e.name, NULL);
        if (r >= 0)
                r = read_counted(p, end, (char **) &e.data, &e.data_len);
        if (r < 0) {
                xauth_entry_done(&e);
                return r;
        }
        *ret = e;
        return 0;
}

/* 3: local entry for our hostname, 2: wildcard, 1: some other local entry, 0: no use */
static int entry_rank(const XauthEntry *e, const char *number, const char *hostname) {
        if (!streq(e->number, number) || !streq(e->name, XAUTH_COOKIE_NAME))
                return 0;
        if (e->family == XAUTH_FAMILY_LOCAL) {
                if (!hostname || (e->address_len == strlen(hostname) && streq(e->address, hostname)))
                        return 3;
                return 1;
        }
        return e->family == XAUTH_FAMILY_WILD ? 2 : 0;
}

int xauth_find_display(
        const char *buf, size_t size, unsigned display, const char *hostname, XauthEntry *ret) {
        const unsigned char *p = (const unsigned char *) buf, *end = p + size;
        XauthEntry best = {};
        int best_rank = 0;
        char number[16];

        if (size > XAUTH_FILE_MAX)
                return -EBADMSG;
        snprintf(number, sizeof number, "%u", display);

        while (p < end) {
                XauthEntry e;
                int r = read_entry(&p, end, &e), rank;

                if (r < 0) {
                        xauth_entry_done(&best);
                        return r;
                }
                rank = entry_rank(&e, number, hostname);
                if (rank > best_rank) {
                        xauth_entry_done(&best);
                        best = e;
                        best_rank = rank;
                } else
                        xauth_entry_done(&e);
        }
        if (best_rank == 0)
                return -ENOENT;
        *ret = best;
        return 0;
}

static void write_u16(FILE *f, size_t v) {
        fputc((int) (v >> 8) & 0xff, f);
        fputc((int) v & 0xff, f);
}

static void write_counted(FILE *f, const void *s, size_t n) {
        write_u16(f, n);
        fwrite(s, 1, n, f);
}

int xauth_format_wild(const XauthEntry *e, char **ret, size_t *ret_size) {
        _cleanup_free_ char *buf = NULL;
        size_t size = 0;
        FILE *f;

        if (strlen(e->number) > UINT16_MAX || strlen(e->name) > UINT16_MAX || e->data_len > UINT16_MAX)
                return -EINVAL;
        f = open_memstream(&buf, &size);
        if (!f)
                return -ENOMEM;
        write_u16(f, XAUTH_FAMILY_WILD);
        write_counted(f, "", 0);
        write_counted(f, e->number, strlen(e->number));
        write_counted(f, e->name, strlen(e->name));
        write_counted(f, e->data, e->data_len);
        if (fclose(f) != 0)
                return -ENOMEM;
        *ret = TAKE_PTR(buf);
        *ret_size = size;
        return 0;
}
