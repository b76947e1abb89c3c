/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "app-config.h"
#include "commands.h"
#include "io-util.h"
#include "log.h"
#include "macro.h"
#include "path-util.h"
#include "process.h"
#include "user.h"

static int read_all(const char *path, char **ret) {
        _cleanup_close_ int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);

        if (fd < 0)
                return negative_errno();
        return read_fd_all(fd, READ_FILE_MAX, ret, NULL);
}

static int run_editor(const char *path) {
        const char *editor = getenv("VISUAL");
        char *argv[] = {(char *) "/bin/sh", (char *) "-c", NULL, (char *) "sh", (char *) path, NULL};
        _cleanup_free_ char *script = NULL;
        int status;

        if (isempty(editor))
                editor = getenv("EDITOR");
        if (isempty(editor))
                editor = access("/usr/bin/editor", X_OK) == 0 ? "/usr/bin/editor" : "vi";
        /* $EDITOR may carry options ("code -w"): the shell splits it, the path stays one word */
        if (asprintf(&script, "%s \"$1\"", editor) < 0)
                return -ENOMEM;
        argv[2] = script;
        if (process_run_interactive(argv, &status) < 0 || status != 0)
                return log_error_errno(-EIO, "The editor (%s) failed (exit status %d); %s is unchanged.",
                        editor, status, path);
        return 0;
}

/* Parses the edited copy; on error replaces the copy's name in "file:line: message" by CONF's. */
static int check(const char *copy, const char *conf, char **ret_error) {
        _cleanup_(app_config_done) AppConfig c;
        _cleanup_free_ char *error = NULL, *text = NULL;
        size_t l = strlen(copy);
        int r;

        *ret_error = NULL;
        app_config_init(&c);
        if (read_all(copy, &text) < 0)
                return -EIO;
        if (!strneq(text, CONFIG_MARKER "\n", strlen(CONFIG_MARKER) + 1))
                return asprintf(ret_error, "%s:1: the first line must stay '%s'", conf, CONFIG_MARKER) < 0
                        ? -ENOMEM
                        : -EINVAL;
        r = app_config_load(copy, &c, &error);
        if (r >= 0)
                return 0;
        if (error && strneq(error, copy, l))
                return asprintf(ret_error, "%s%s", conf, error + l) < 0 ? -ENOMEM : r;
        *ret_error = TAKE_PTR(error);
        return r;
}

/* As the conf's owner: edit a copy, keep it only when it parses. */
static int edit_as_user(const char *conf) {
        _cleanup_free_ char *copy = NULL, *before = NULL, *after = NULL, *dir = path_dirname(conf);
        _cleanup_close_ int fd = -1;
        struct stat st;
        int r;

        if (!dir || asprintf(&copy, "%s/.%s.XXXXXX", dir, path_basename(conf)) < 0)
                return log_oom();
        r = read_all(conf, &before);
        if (r < 0)
                return log_error_errno(r, "Failed to read %s: %m", conf);
        if (stat(conf, &st) < 0)
                return log_error_errno(negative_errno(), "Failed to stat %s: %m", conf);
        fd = mkostemp(copy, O_CLOEXEC);
        if (fd < 0)
                return log_error_errno(negative_errno(), "Failed to create a copy of %s: %m", conf);
        r = write_all(fd, before, strlen(before));
        if (r >= 0 && fchmod(fd, st.st_mode & 0644) < 0)
                r = negative_errno();
        fd = safe_close(fd);
        if (r < 0) {
                (void) unlink(copy);
                return log_error_errno(r, "Failed to write %s: %m", copy);
        }

        for (;;) {
                _cleanup_free_ char *error = NULL;

                r = run_editor(copy);
                if (r < 0)
                        break;
                r = check(copy, conf, &error);
                if (r >= 0)
                        break;
                log_error("%s", error ?: "the edited file cannot be read");
                if (!isatty(STDIN_FILENO) || !ask_yes_no("Edit it again? (no: discard your changes)")) {
                        log_error("Discarded the changes; %s is unchanged.", conf);
                        break;
                }
        }
        if (r >= 0 && read_all(copy, &after) >= 0 && streq(after, before)) {
                log_info("No changes to %s.", conf);
                (void) unlink(copy);
                return 0;
        }
        if (r >= 0 && rename(copy, conf) < 0)
                r = log_error_errno(negative_errno(), "Failed to replace %s: %m", conf);
        else if (r >= 0)
                log_info("Saved %s.", conf);
        (void) unlink(copy);
        return r;
}

static int edit_as_user_cb(void *conf) {
        return edit_as_user(conf);
}

int command_edit(const char *script_dir, const char *name) {
        _cleanup_(invoker_done) Invoker inv = {};
        _cleanup_free_ char *conf = NULL;
        int r;

        if (!machine_name_is_valid(name))
                return log_error_errno(-EINVAL, "'%s' is not a valid app name", name);
        if (asprintf(&conf, "%s/%s.conf", script_dir, name) < 0)
                return log_oom();
        if (access(conf, F_OK) < 0)
                return log_error_errno(negative_errno(), "There is no app container %s in %s (%s: %m).",
                        name, script_dir, conf);
        if (geteuid() != 0)
                return edit_as_user(conf);

        /* Never an editor as root: it runs shell escapes, plugins and ~/.vimrc with our privileges. */
        r = invoker_get(&inv);
        if (r < 0)
                return log_error_errno(r, "Failed to find out who runs us: %m");
        if (inv.uid == 0)
                return log_error_errno(
                        -EPERM, "edit runs the editor as the app's user; run it as that user, not as root");
        r = run_as_user(inv.uid, inv.gid, inv.name, edit_as_user_cb, conf);
        if (r == -EIO)
                return -EINVAL; /* the child said why */
        if (r < 0)
                return log_error_errno(r, "Failed to run the editor as %s: %m", inv.name);
        return 0;
}
