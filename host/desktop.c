/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "desktop.h"
#include "io-util.h"
#include "log.h"
#include "macro.h"
#include "path-util.h"
#include "process.h"
#include "validate.h"

void desktop_source_done(DesktopSource *s) {
        free(s->name);
        free(s->comment);
        free(s->icon);
        free(s->categories);
        free(s->mime_type);
        free(s->field_code);
        *s = (DesktopSource){};
}

static int set_value(char **field, const char *v, size_t n) {
        char *s = strndup(v, n);

        if (!s)
                return -ENOMEM;
        free(*field);
        *field = s;
        return 0;
}

int desktop_source_parse(const char *text, DesktopSource *ret, char **ret_program) {
        _cleanup_(desktop_source_done) DesktopSource s = {};
        _cleanup_free_ char *exec = NULL;
        _cleanup_strv_free_ char **words = NULL;
        bool in_group = false;
        int r = 0;

        for (const char *p = text; *p && r >= 0;) {
                size_t n = strcspn(p, "\n");
                const char *eq = memchr(p, '=', n);
                struct {
                        const char *key;
                        char **field;
                } keys[] = {
                        {"Name", &s.name},
                        {"Comment", &s.comment},
                        {"Icon", &s.icon},
                        {"Categories", &s.categories},
                        {"MimeType", &s.mime_type},
                        {"Exec", &exec},
                };

                if (*p == '[')
                        in_group = n == strlen("[Desktop Entry]") && strneq(p, "[Desktop Entry]", n);
                else if (in_group && eq)
                        for (size_t i = 0; i < ELEMENTSOF(keys); i++) {
                                size_t k = strlen(keys[i].key);
                                /* "Name[de]=" is a translation: only the unlocalized key counts */
                                if ((size_t) (eq - p) == k && strneq(p, keys[i].key, k))
                                        r = set_value(keys[i].field, eq + 1, n - k - 1);
                        }
                p += n + (p[n] == '\n');
        }
        if (r < 0)
                return r;
        if (!s.name || !exec)
                return -EBADMSG;
        r = split_command_line(exec, &words);
        if (r < 0 || !words[0])
                return -EBADMSG;
        for (size_t i = 1; words[i]; i++)
                if (words[i][0] == '%' && strchr("fFuU", words[i][1]) && words[i][2] == 0)
                        s.field_code = strdup(words[i]);
        if (ret_program && !(*ret_program = strdup(words[0])))
                return -ENOMEM;
        *ret = s;
        s = (DesktopSource){};
        return 0;
}

/* Exec= quoting of the desktop entry spec: double quotes, with \ before " ` $ and \ */
static char *exec_quote(const char *s) {
        size_t n = 3;
        char *q, *p;

        if (!s[strcspn(s, " \t\n\"'\\><~|&;$*?#()`")])
                return strdup(s);
        for (const char *c = s; *c; c++)
                n += strchr("\"`$\\", *c) ? 2 : 1;
        q = p = malloc(n);
        if (!q)
                return NULL;
        *p++ = '"';
        for (const char *c = s; *c; c++) {
                if (strchr("\"`$\\", *c))
                        *p++ = '\\';
                *p++ = *c;
        }
        *p++ = '"';
        *p = 0;
        return q;
}

int desktop_entry_render(const DesktopSource *src, const char *name, const char *launcher,
        const char *icon_path, char **ret) {
        _cleanup_free_ char *exec = exec_quote(launcher);
        char *buf = NULL;
        size_t size = 0;
        FILE *f;

        if (!exec)
                return -ENOMEM;
        f = open_memstream(&buf, &size);
        if (!f)
                return -ENOMEM;
        fprintf(f, "[Desktop Entry]\nType=Application\n");
        if (src)
                fprintf(f, "Name=%s (%s)\n", src->name, name);
        else
                fprintf(f, "Name=%s\n", name);
        if (src && src->comment)
                fprintf(f, "Comment=%s, in the app container %s\n", src->comment, name);
        else
                fprintf(f, "Comment=The app container %s\n", name);
        fprintf(f, "Exec=%s%s%s\n", exec, src && src->field_code ? " " : "",
                src && src->field_code ? src->field_code : "");
        fprintf(f, "Icon=%s\n", icon_path ?: "application-x-executable");
        if (src && src->categories)
                fprintf(f, "Categories=%s\n", src->categories);
        if (src && src->mime_type)
                fprintf(f, "MimeType=%s\n", src->mime_type);
        fprintf(f, "Terminal=false\nX-AppContainer-Name=%s\n", name);
        if (fclose(f) != 0) {
                free(buf);
                return -ENOMEM;
        }
        *ret = buf;
        return 0;
}

int desktop_paths(const char *home, const char *name, char **ret_entry, char **ret_icon_base) {
        if (asprintf(ret_entry, "%s/.local/share/applications/app-container-%s.desktop", home, name) < 0)
                return -ENOMEM;
        if (asprintf(ret_icon_base, "%s/.local/share/icons/app-container-%s", home, name) < 0) {
                free(*ret_entry);
                return -ENOMEM;
        }
        return 0;
}

/* The app's own .desktop in ROOT/usr/share/applications whose Exec runs PROGRAM (by basename). */
static int find_source(const char *root, const char *program, DesktopSource *ret) {
        int fd = open_in_root(root, "/usr/share/applications", O_RDONLY | O_DIRECTORY);
        struct dirent *de;
        DIR *d;
        int r = -ENOENT;

        if (fd < 0)
                return fd;
        d = fdopendir(fd);
        if (!d) {
                safe_close(fd);
                return -ENOMEM;
        }
        while (r == -ENOENT && (de = readdir(d))) {
                _cleanup_free_ char *path = NULL, *text = NULL, *prog = NULL;
                _cleanup_(desktop_source_done) DesktopSource s = {};
                size_t n = strlen(de->d_name);

                if (n < 9 || !streq(de->d_name + n - 8, ".desktop"))
                        continue;
                if (asprintf(&path, "/usr/share/applications/%s", de->d_name) < 0) {
                        r = -ENOMEM;
                        break;
                }
                if (read_file_in_root(root, path, &text) < 0 || desktop_source_parse(text, &s, &prog) < 0)
                        continue;
                if (streq(path_basename(prog), path_basename(program))) {
                        *ret = s;
                        s = (DesktopSource){};
                        r = 0;
                }
        }
        closedir(d);
        return r;
}

/* The icon named ICON (a name or an absolute path) from the container: its bytes and extension. */
static int find_icon(
        const char *root, const char *icon, char **ret, size_t *ret_size, const char **ret_ext) {
        static const char *const dirs[] = {
                "/usr/share/icons/hicolor/256x256/apps",
                "/usr/share/icons/hicolor/128x128/apps",
                "/usr/share/icons/hicolor/64x64/apps",
                "/usr/share/icons/hicolor/48x48/apps",
                "/usr/share/icons/hicolor/scalable/apps",
                "/usr/share/pixmaps",
        };
        static const char *const exts[] = {"png", "svg"};

        if (strchr(icon, '/') || strstr(icon, ".."))
                return -ENOENT; /* absolute paths and odd names: the generic icon will do */
        for (size_t i = 0; i < ELEMENTSOF(dirs); i++)
                for (size_t k = 0; k < ELEMENTSOF(exts); k++) {
                        _cleanup_free_ char *p = NULL;
                        if (asprintf(&p, "%s/%s.%s", dirs[i], icon, exts[k]) < 0)
                                return -ENOMEM;
                        if (read_file_in_root_sized(root, p, ret, ret_size) >= 0) {
                                *ret_ext = exts[k];
                                return 0;
                        }
                }
        return -ENOENT;
}

/* As the user: mkdir -p with 0755, never following a symlink we did not expect. */
static int write_as_user(const char *path, const char *data, size_t size) {
        _cleanup_free_ char *dir = path_dirname(path);
        int r, status;

        if (!dir)
                return -ENOMEM;
        r = process_run((char *[]){(char *) "mkdir", (char *) "-p", (char *) "--", dir, NULL}, -1, &status);
        if (r < 0 || status != 0)
                return r < 0 ? r : -EIO;
        return write_file_atomic_at(AT_FDCWD, path, data, size, 0644, (uid_t) -1, (gid_t) -1);
}

static int install_as_user(
        const char *entry, const char *text, const char *icon, const char *icon_data, size_t icon_size) {
        int r, status;

        if (icon && (r = write_as_user(icon, icon_data, icon_size)) < 0)
                return log_error_errno(r, "Failed to write %s: %m", icon);
        r = write_as_user(entry, text, strlen(text));
        if (r < 0)
                return log_error_errno(r, "Failed to write %s: %m", entry);
        if (access("/usr/bin/desktop-file-validate", X_OK) == 0) {
                r = process_run(
                        (char *[]){(char *) "desktop-file-validate", (char *) entry, NULL}, -1, &status);
                if (r < 0 || status != 0) {
                        (void) unlink(entry);
                        return log_error_errno(
                                -EINVAL, "desktop-file-validate refused %s; not kept.", entry);
                }
        }
        return 0;
}

typedef struct InstallArgs {
        const char *entry, *text, *icon, *icon_data;
        size_t icon_size;
} InstallArgs;

static int install_cb(void *userdata) {
        const InstallArgs *a = userdata;
        return install_as_user(a->entry, a->text, a->icon, a->icon_data, a->icon_size);
}

int desktop_install(const char *root, const char *name, const char *launcher, const char *run, uid_t uid,
        gid_t gid, const char *home, char **ret_entry) {
        _cleanup_(desktop_source_done) DesktopSource src = {};
        _cleanup_free_ char *entry = NULL, *icon_base = NULL, *icon = NULL, *icon_data = NULL, *text = NULL;
        _cleanup_strv_free_ char **words = NULL;
        const char *ext = NULL;
        size_t icon_size = 0;
        InstallArgs install;
        bool have_src;
        int r;

        r = desktop_paths(home, name, &entry, &icon_base);
        if (r < 0)
                return log_oom();
        if (split_command_line(run, &words) < 0 || !words[0])
                return log_error_errno(-EINVAL, "run is not a command line: %s", run);
        have_src = find_source(root, words[0], &src) >= 0;
        if (have_src && src.icon && find_icon(root, src.icon, &icon_data, &icon_size, &ext) >= 0 &&
                asprintf(&icon, "%s.%s", icon_base, ext) < 0)
                return log_oom();
        r = desktop_entry_render(have_src ? &src : NULL, name, launcher, icon, &text);
        if (r < 0)
                return log_oom();

        install = (InstallArgs){entry, text, icon, icon_data, icon_size};
        /* the user's home is the user's to lay out: write as them, never as root */
        if (geteuid() != 0 || uid == 0)
                r = install_cb(&install);
        else
                r = run_as_user(uid, gid, NULL, install_cb, &install);
        if (r < 0)
                return r;
        if (ret_entry)
                *ret_entry = TAKE_PTR(entry);
        return 0;
}
