/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "dry-run-actions.h"
#include "io-util.h"
#include "log.h"
#include "macro.h"
#include "process.h"
#include "script-dir.h"

static int mkdir_p_cb(void *userdata) {
        Actions a = {.log_fd = -1};

        return action_mkdir_p(&a, userdata, 0755, (uid_t) -1, (gid_t) -1);
}

int script_dir_open(const char *path, const UserSpec *u, bool create) {
        struct open_how how = {
                .flags = O_RDONLY | O_DIRECTORY | O_CLOEXEC,
                .resolve = RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS,
        };
        _cleanup_close_ int fd = -1;
        struct stat st;
        int r;

        /* as the user: they can only make what they could make anyway, and it is theirs */
        if (create) {
                r = run_as_user(u->uid, u->gid, u->name, mkdir_p_cb, (void *) path);
                if (r < 0)
                        return log_error_errno(r, "Failed to create %s as %s", path, u->name);
        }
        fd = (int) syscall(SYS_openat2, AT_FDCWD, path, &how, sizeof(how));
        if (fd < 0 && errno == ELOOP)
                return log_error_errno(-ELOOP,
                        "%s must be reached without symlinks: root installs the launcher there", path);
        if (fd < 0)
                return log_error_errno(negative_errno(), "Failed to open %s: %m", path);
        if (fstat(fd, &st) < 0)
                return log_error_errno(negative_errno(), "Failed to look at %s: %m", path);
        /* root links the launcher into it: only into the user's own directory */
        if (st.st_uid != u->uid)
                return log_error_errno(-EPERM, "%s is not %s's own directory (its owner is uid %u)", path,
                        u->name, (unsigned) st.st_uid);
        return TAKE_FD(fd);
}

typedef struct UserFile {
        int dfd;
        const char *name;
        const char *text;
} UserFile;

static int write_cb(void *userdata) {
        const UserFile *f = userdata;
        int r = write_file_atomic_at(
                f->dfd, f->name, f->text, strlen(f->text), 0644, (uid_t) -1, (gid_t) -1);

        if (r < 0)
                return log_error_errno(r, "Failed to write %s: %m", f->name);
        return 0;
}

int script_dir_write_as_user(int dfd, const char *name, const char *text, const UserSpec *u) {
        /* the user's file, written by the user: root never writes or chowns through their dir */
        return run_as_user(u->uid, u->gid, u->name, write_cb, &(UserFile){dfd, name, text});
}

int script_dir_link_launcher(int dfd, const char *name, const char *appctl, bool *ret_copied) {
        _cleanup_close_ int in = -1;
        int r;

        *ret_copied = false;
        /* Root makes the link: with fs.protected_hardlinks the user may not link a file of root's.
         * It is safe through DFD, the user's directory opened without symlinks (script_dir_open),
         * and linkat() never follows NAME. */
        if (linkat(AT_FDCWD, appctl, dfd, name, 0) == 0)
                return 0;
        if (errno != EXDEV && errno != EPERM)
                return negative_errno();
        /* the copy is root's and read-only to the user, like APPCTL_PATH itself */
        in = open(appctl, O_RDONLY | O_CLOEXEC | O_NOCTTY);
        if (in < 0)
                return negative_errno();
        r = copy_fd_to_new_at(in, dfd, name, 0755);
        if (r < 0 && r != -EEXIST)
                (void) unlinkat(dfd, name, 0);
        if (r < 0)
                return r;
        *ret_copied = true;
        return 0;
}
