/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "passwd-file.h"
#include "macro.h"

int passwd_file_find(const char *text, const char *user, uid_t *ret_uid, gid_t *ret_gid, char **ret_home,
        char **ret_shell) {
        size_t ul = strlen(user);

        for (const char *line = text; line && *line;) {
                const char *end = strchrnul(line, '\n');
                /* name:passwd:uid:gid:gecos:home:shell */
                if ((size_t) (end - line) > ul && strneq(line, user, ul) && line[ul] == ':') {
                        _cleanup_free_ char *copy = strndup(line, (size_t) (end - line));
                        char *f[7] = {}, *p, *save = NULL;
                        size_t n = 0;

                        if (!copy)
                                return -ENOMEM;
                        /* strsep keeps empty fields (gecos is often empty) */
                        for (save = copy; n < 7 && (p = strsep(&save, ":")); n++)
                                f[n] = p;
                        if (n < 7)
                                return -EBADMSG;
                        if (ret_uid)
                                *ret_uid = (uid_t) strtoul(f[2], NULL, 10);
                        if (ret_gid)
                                *ret_gid = (gid_t) strtoul(f[3], NULL, 10);
                        if (ret_home && !(*ret_home = strdup(f[5])))
                                return -ENOMEM;
                        if (ret_shell && !(*ret_shell = strdup(f[6]))) {
                                if (ret_home) {
                                        free(*ret_home);
                                        *ret_home = NULL;
                                }
                                return -ENOMEM;
                        }
                        return 0;
                }
                line = *end ? end + 1 : NULL;
        }
        return -ENOENT;
}
