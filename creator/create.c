/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <dirent.h>
#include <fcntl.h>
#include <pwd.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <time.h>

#include "config.h"

#include "app-config.h"
#include "apps.h"
#include "cache.h"
#include "caller.h"
#include "configure.h"
#include "create.h"
#include "creator-argv.h"
#include "debootstrap.h"
#include "desktop.h"
#include "dry-run-actions.h"
#include "env-check.h"
#include "install-launcher.h"
#include "io-util.h"
#include "log.h"
#include "mirror.h"
#include "nested.h"
#include "path-util.h"
#include "process.h"
#include "recipe.h"
#include "script-dir.h"
#include "store.h"
#include "umount.h"
#include "user.h"
#include "validate.h"

#define N_STAGES 4
#define LOG_TAIL_LINES 25

void create_done(Create *c) {
        creator_args_done(&c->args);
        invoker_done(&c->invoker);
        user_spec_done(&c->user);
        free(c->mirror);
        free(c->arch);
        free(c->script_dir);
        free(c->appctl);
        free(c->launcher);
        free(c->conf_path);
        free(c->recipe_path);
        free(c->rebuild_target);
        strv_free(c->deb_hashes);
        strv_free(c->recorded_hashes);
        free(c->inputs_text);
        free(c->core_text);
        free(c->core_stamp);
        free(c->base);
        free(c->building);
        safe_close(c->lock_fd);
        safe_close(c->core_lock_fd);
        safe_close(c->log_fd);
        if (c->script_fd >= 0)
                safe_close(c->script_fd);
        for (size_t i = 0; i < c->n_debs; i++)
                safe_close(c->deb_fds[i]);
        free(c->deb_fds);
}

/* NAME, NAME.conf, NAME.recipe relative to c->script_fd: the base name, or the path in a dry run */
static const char *in_script_dir(const Create *c, const char *path) {
        return c->script_fd >= 0 ? path_basename(path) : path;
}

double elapsed(const Create *c) {
        struct timespec now;

        clock_gettime(CLOCK_MONOTONIC, &now);
        return (double) (now.tv_sec - c->start.tv_sec) + (double) (now.tv_nsec - c->start.tv_nsec) / 1e9;
}

void stage(const Create *c, int n, const char *what) {
        if (c->args.verbosity >= 0)
                fprintf(stderr, "[%d/%d] %s… (%.0fs)\n", n, N_STAGES, what, elapsed(c));
}

/* 0 if P does not exist, 1 if it is an empty directory, -ENOTEMPTY/-ENOTDIR otherwise. */
static int dir_is_free(const char *p) {
        DIR *d = opendir(p);
        struct dirent *de;
        int r = 1;

        if (!d)
                return errno == ENOENT ? 0 : negative_errno();
        while ((de = readdir(d)))
                if (!streq(de->d_name, ".") && !streq(de->d_name, "..")) {
                        r = -ENOTEMPTY;
                        break;
                }
        closedir(d);
        return r;
}

static int host_arch(char **ret) {
        _cleanup_free_ char *line = NULL;
        size_t size = 0;
        FILE *f = popen("dpkg --print-architecture 2>/dev/null", "re");
        ssize_t n;

        if (!f)
                return negative_errno();
        n = getline(&line, &size, f);
        (void) pclose(f); /* its status adds nothing: no line read means no answer */
        if (n <= 1)
                return -ENOENT;
        line[strcspn(line, "\n")] = 0;
        *ret = TAKE_PTR(line);
        return 0;
}

/* The .deb files are read as whoever asked (sudo's user): root hands apt only what they could
 * read themselves, and copies from these very fds what it hashed. */
static int open_debs(Create *c) {
        _cleanup_(caller_done) Caller caller = {};
        char *const *debs = c->args.debs;
        int r;

        /* with no sudo in between, root asks for itself: caller stays uid 0, gid 0 */
        if (c->invoker.uid != 0) {
                r = caller_identify(c->invoker.uid, &caller);
                if (r < 0)
                        return log_error_errno(r, "Failed to look up uid %u: %m", (unsigned) c->invoker.uid);
        }
        c->deb_fds = calloc(strv_length(debs) + 1, sizeof(int));
        if (!c->deb_fds)
                return log_oom();
        for (size_t i = 0; debs && debs[i]; i++) {
                int fd;

                for (size_t k = 0; k < i; k++)
                        if (streq(path_basename(debs[k]), path_basename(debs[i])))
                                return log_error_errno(
                                        -EINVAL, "two .deb files are named %s", path_basename(debs[i]));
                fd = open_as_caller(&caller, debs[i], 0);
                if (fd == -EBADF)
                        return log_error_errno(-EINVAL, "%s is not a regular file", debs[i]);
                if (fd < 0)
                        return log_error_errno(fd, "%s: %m", debs[i]);
                c->deb_fds[c->n_debs++] = fd;
        }
        return 0;
}

/* Everything that can be refused is refused here, before anything is changed. */
int preflight(Create *c) {
        CreatorArgs *a = &c->args;
        _cleanup_free_ char *error = NULL, *host_mirror = NULL, *parent = NULL;
        int r;

        if (!a->dry_run && geteuid() != 0)
                return log_error_errno(-EPERM, "must run as root (through sudo); --dry-run works without");

        r = dir_is_free(a->directory);
        if (r == -ENOTEMPTY || r == -ENOTDIR)
                return log_error_errno(r, "%s exists and is not an empty directory", a->directory);
        if (r < 0)
                return log_error_errno(r, "Failed to look at %s: %m", a->directory);
        c->dir_was_there = r > 0;

        if (a->arch)
                c->arch = strdup(a->arch);
        else if (host_arch(&c->arch) < 0)
                return log_error_errno(-ENOENT, "cannot tell the host's architecture (dpkg); pass --arch");
        if (!c->arch)
                return log_oom();

        r = mirror_detect("/", &host_mirror);
        if (r < 0)
                return log_error_errno(r, "Failed to find the host's apt mirror: %m");
        c->mirror = strdup(creator_args_mirror(a, host_mirror));
        if (!c->mirror)
                return log_oom();

        r = invoker_get(&c->invoker);
        if (r < 0)
                return log_error_errno(r, "Failed to find out who runs us: %m");
        r = user_spec_resolve(a->user, a->uid, a->gid, &c->invoker, &c->user, &error);
        if (r == -EINVAL)
                return log_error_errno(-EINVAL, "%s", strna(error));
        if (r < 0)
                return log_error_errno(r, "Failed to look up the user: %m");
        r = open_debs(c);
        if (r < 0)
                return r;

        if (a->script_dir)
                c->script_dir = strdup(a->script_dir);
        else
                c->script_dir = path_join(c->invoker.home, ".local/bin");
        if (!c->script_dir || !(c->launcher = path_join(c->script_dir, a->name)) ||
                asprintf(&c->conf_path, "%s.conf", c->launcher) < 0 ||
                recipe_path(c->conf_path, &c->recipe_path) < 0)
                return log_oom();

        /* root file systems live only there: the launcher starts nothing else (host/validate.h);
         * a dry run changes nothing and may show the plan for any DIR */
        parent = path_dirname(a->directory);
        if (!parent)
                return log_oom();
        if (!a->dry_run && !streq(parent, MACHINES_DIR))
                return log_error_errno(-EPERM,
                        "%s is not in %s, where make-app-container makes root file systems", a->directory,
                        MACHINES_DIR);

        if (!a->dry_run) {
                c->script_fd = script_dir_open(c->script_dir, &c->user, !c->rebuild_target);
                if (c->script_fd < 0)
                        return c->script_fd;
        }

        if (c->rebuild_target)
                goto inputs; /* the launcher and NAME.conf stay as they are */
        r = appctl_find(a->appctl, &c->appctl);
        if (r < 0)
                return log_error_errno(r, "launcher binary %s not found (pass --appctl PATH): %m",
                        a->appctl ?: APPCTL_PATH);
        r = launcher_check(c->appctl, c->script_fd, in_script_dir(c, c->launcher));
        if (r == -EEXIST)
                return log_error_errno(
                        r, "%s already exists; remove it or choose another --name", c->launcher);
        if (r < 0)
                return log_error_errno(r, "Failed to look at %s: %m", c->launcher);
        c->launcher_existed = r > 0;
        /* a conf without our launcher belongs to someone else; with it, this is a re-create */
        if (!c->launcher_existed &&
                faccessat(c->script_fd, in_script_dir(c, c->conf_path), F_OK, AT_SYMLINK_NOFOLLOW) == 0)
                return log_error_errno(
                        -EEXIST, "%s already exists; remove it or choose another --name", c->conf_path);

inputs:
        if (!a->dry_run && streq(bootstrapper(), "debootstrap") && access(DEBOOTSTRAP, X_OK) < 0)
                return log_error_errno(
                        negative_errno(), "%s: %m (apt-get install mmdebstrap or debootstrap)", DEBOOTSTRAP);

        r = debs_hash_fds(c->deb_fds, c->n_debs, &c->deb_hashes);
        if (r < 0)
                return log_error_errno(r, "Failed to hash the .deb files: %m");
        for (size_t i = 0; c->recorded_hashes && c->recorded_hashes[i] && i < c->n_debs; i++)
                if (!streq(c->deb_hashes[i], c->recorded_hashes[i]))
                        log_notice("%s changed since %s was built: the rebuild takes it as it is now.",
                                a->debs[i], a->name);
        /* the core's key now; the whole base's once the core (and so its stamp) is there */
        r = core_inputs_format(
                &(BaseInputs){
                        .suite = a->distro->suite,
                        .arch = c->arch,
                        .variant = a->variant,
                        .mirror = c->mirror,
                        .bootstrapper = bootstrapper(),
                },
                &c->core_text);
        if (r < 0)
                return log_oom();
        base_key(c->core_text, c->core_key);
        /* once, before the work: the grant is the user's choice, its cost must be said */
        if (a->dbus == DBUS_FULL)
                log_warning("dbus = full: the app gets your whole session bus, and through "
                            "org.freedesktop.systemd1 on it can run any command on the host. "
                            "--dbus filtered gives notifications, tray and portals only.");
        return 0;
}

void show_log(Create *c, const char *extra_log) {
        _cleanup_free_ char *tail = NULL;

        if (c->log_fd >= 0 && log_tail(c->log_fd, LOG_TAIL_LINES, &tail) == 0 && !isempty(tail))
                fprintf(stderr, "--- last lines of the output ---\n%s\n---\n", tail);
        if (extra_log) {
                _cleanup_close_ int fd = open(extra_log, O_RDONLY | O_CLOEXEC | O_NOCTTY);
                _cleanup_free_ char *t = NULL;
                if (fd >= 0 && log_tail(fd, LOG_TAIL_LINES, &t) == 0 && !isempty(t))
                        fprintf(stderr, "--- last lines of %s ---\n%s\n---\n", extra_log, t);
        }
}

int command_failed(Create *c, int r, const char *what) {
        if (r == -EINTR)
                return r;
        if (r == -EPROTO)
                return log_error_errno(r, "%s failed with exit status %d", what, c->actions.last_status);
        return log_error_errno(r, "Failed to run %s: %m", what);
}

/* Whether cp --reflink from BASE into DIR shares blocks: one file system, and one that can */
static bool copy_shares(const char *base, const char *dir) {
        struct statfs sfs;
        struct stat a, b;

        return stat(base, &a) >= 0 && stat(dir, &b) >= 0 && a.st_dev == b.st_dev && statfs(dir, &sfs) >= 0 &&
                fs_shares_extents(&sfs);
}

int stage_copy(Create *c) {
        CreatorArgs *a = &c->args;
        _cleanup_free_ char *from = NULL, *parent = path_dirname(a->directory);
        int r;

        if (a->no_cache)
                return 0;
        if (!parent || asprintf(&from, "%s/.", c->base) < 0)
                return log_oom();
        stage(c, 2,
                copy_shares(c->base, parent)
                        ? "copy: base to DIR (reflink: shares the base's blocks)"
                        : "copy: base to DIR (a full copy here; see 'make-app-container store')");
        r = action_mkdir_p(&c->actions, parent, 0755, (uid_t) -1, (gid_t) -1);
        if (r < 0)
                return log_error_errno(r, "Failed to create %s: %m", parent);
        r = action_mkdir_p(&c->actions, a->directory, 0755, (uid_t) -1, (gid_t) -1);
        if (r < 0)
                return log_error_errno(r, "Failed to create %s: %m", a->directory);
        c->dir_created = true;

        char *argv[] = {(char *) "cp", (char *) "-a", (char *) "--reflink=auto", (char *) "--", from,
                a->directory, NULL};
        r = action_run(&c->actions, argv);
        if (r < 0 && r != -EINTR)
                show_log(c, NULL);
        if (r < 0)
                return command_failed(c, r, "cp");
        return 0;
}

static int build_config(Create *c, AppConfig *conf);

static int recipe_text(Create *c, char **ret) {
        _cleanup_(app_config_done) AppConfig conf;

        app_config_init(&conf);
        if (build_config(c, &conf) < 0)
                return -ENOMEM;
        return recipe_format(
                &(Recipe){
                        .name = c->args.name,
                        .distro = c->args.distro->name,
                        .key = c->key,
                        .inputs_text = c->inputs_text,
                        .debs = c->args.debs,
                        .deb_hashes = c->deb_hashes,
                        .grants = &conf,
                        .locales = c->args.locales,
                },
                ret);
}

/* The rootfs's own record of what it was built from (recipe.h). */
static int write_recipe_in_rootfs(Create *c) {
        _cleanup_free_ char *text = NULL, *dir = NULL, *path = NULL;
        int r;

        if (!(dir = path_join(c->args.directory, "var/lib/app-container")) ||
                !(path = path_join(c->args.directory, RECIPE_IN_ROOTFS)) || recipe_text(c, &text) < 0)
                return -ENOMEM;
        r = action_mkdir_p(&c->actions, dir, 0755, 0, 0);
        if (r >= 0)
                r = action_write_file(&c->actions, path, text, 0644);
        return r;
}

int stage_configure(Create *c) {
        CreatorArgs *a = &c->args;
        struct stat st;
        /* under --dry-run DIR is not there: look up groups in the cached base if it exists */
        const char *lookup = a->dry_run && !(stat(c->base, &st) == 0) ? a->directory
                : a->dry_run                                          ? c->base
                                                                      : a->directory;
        int r;

        stage(c, 3, "configure: hostname, network, timers, user");
        r = configure_rootfs(&c->actions, a->directory, a->name);
        if (r < 0)
                return log_error_errno(r, "Failed to configure %s: %m", a->directory);
        r = configure_user(&c->actions, a->directory, lookup, &c->user);
        if (r < 0 && r != -EINTR)
                show_log(c, NULL);
        if (r < 0)
                return command_failed(c, r, "creating the user");
        /* --locale: what LANG the launcher passes finds its locale (else the app falls back to C.UTF-8) */
        for (size_t i = 0; a->locales && a->locales[i]; i++) {
                _cleanup_free_ char *input = NULL;

                if (locale_utf8_input(a->locales[i], &input) < 0)
                        return log_error_errno(-EINVAL, "'%s' is not a UTF-8 locale.", a->locales[i]);
                char *argv[] = {(char *) "localedef", (char *) "-i", input, (char *) "-f", (char *) "UTF-8",
                        a->locales[i], NULL};

                r = action_chroot(&c->actions, a->directory, argv);
                if (r < 0)
                        return command_failed(c, r, "localedef");
        }
        if (a->nested) {
                r = configure_nested(&c->actions, a->directory, c->user.name, c->user.uid, c->user.gid);
                if (r < 0)
                        return log_error_errno(r,
                                "Failed to set up newuidmap/newgidmap for --nested in %s: %m", a->directory);
        }
        r = write_recipe_in_rootfs(c);
        if (r < 0)
                return log_error_errno(r, "Failed to write the recipe into %s: %m", a->directory);
        return 0;
}

static int build_config(Create *c, AppConfig *conf) {
        CreatorArgs *a = &c->args;

        conf->directory = strdup(a->directory);
        conf->distro = strdup(a->distro->name);
        conf->user = strdup(c->user.name);
        conf->run = strdup(a->run);
        conf->window_manager = strdup(a->window_manager);
        conf->binds = strv_copy(a->binds);
        if (!conf->binds)
                conf->binds = calloc(1, sizeof(char *));
        conf->allow = strv_copy(a->allow);
        if (!conf->allow)
                conf->allow = calloc(1, sizeof(char *));
        if (!conf->directory || !conf->distro || !conf->user || !conf->run || !conf->window_manager ||
                !conf->binds || !conf->allow)
                return -ENOMEM;
        conf->uid = c->user.uid;
        conf->gid = c->user.gid;
#define COPY_GRANT(field) conf->field = a->field;
        FOREACH_GRANT_FLAG(COPY_GRANT)
#undef COPY_GRANT
#define COPY_LIMIT(field)                                                                                   \
        if (!(conf->field = strdup(strempty(a->field))))                                                    \
                return -ENOMEM;
        FOREACH_LIMIT(COPY_LIMIT)
#undef COPY_LIMIT
        conf->network = a->network;
        conf->privilege = a->privilege;
        /* none given: the key's default (NULL) */
        if (a->dbus_talk && !(conf->dbus_talk = strv_copy(a->dbus_talk)))
                return -ENOMEM;
        if (a->dbus_own && !(conf->dbus_own = strv_copy(a->dbus_own)))
                return -ENOMEM;
        return 0;
}

int write_recipe_beside(Create *c) {
        _cleanup_free_ char *text = NULL;
        int r;

        if (recipe_text(c, &text) < 0)
                return log_oom();
        if (c->args.dry_run)
                return action_write_file(&c->actions, c->recipe_path, text, 0644);
        r = script_dir_write_as_user(c->script_fd, in_script_dir(c, c->recipe_path), text, &c->user);
        if (r < 0)
                return log_error_errno(r, "Failed to write %s as %s: %m", c->recipe_path, c->user.name);
        c->recipe_made = true;
        return 0;
}

int stage_launcher(Create *c) {
        CreatorArgs *a = &c->args;
        _cleanup_(app_config_done) AppConfig conf;
        bool copied = false;
        int r;

        app_config_init(&conf);

        stage(c, 4, "launcher: link and NAME.conf");
        if (a->dry_run) {
                r = action_mkdir_p(&c->actions, c->script_dir, 0755, c->user.uid, c->user.gid);
                if (r < 0)
                        return log_error_errno(r, "Failed to create %s: %m", c->script_dir);
        }
        r = launcher_install(&c->actions, c->appctl, c->script_fd, c->launcher, &copied);
        if (r < 0)
                return log_error_errno(r, "Failed to install the launcher %s: %m", c->launcher);
        c->launcher_made = !c->launcher_existed;
        if (copied)
                log_info("%s is on another file system than %s: installed a copy", c->launcher, c->appctl);

        r = build_config(c, &conf);
        if (r < 0)
                return log_oom();
        if (a->dry_run) {
                _cleanup_free_ char *text = NULL;
                r = app_config_format(&conf, a->name, &text);
                if (r < 0)
                        return log_oom();
                r = action_write_file(&c->actions, c->conf_path, text, 0644);
                if (r < 0)
                        return log_error_errno(r, "Failed to show %s: %m", c->conf_path);
                fprintf(c->actions.out, "chown %u:%u %s\n", (unsigned) c->user.uid, (unsigned) c->user.gid,
                        c->conf_path);
                free(text);
                text = NULL;
                if (recipe_text(c, &text) < 0)
                        return log_oom();
                r = action_write_file(&c->actions, c->recipe_path, text, 0644);
                if (r < 0)
                        return log_error_errno(r, "Failed to show %s: %m", c->recipe_path);
                return 0;
        }
        {
                _cleanup_free_ char *text = NULL;
                if (app_config_format(&conf, a->name, &text) < 0)
                        return log_oom();
                /* it is the user's to edit, so the user writes it; the launcher re-checks it as root */
                r = script_dir_write_as_user(c->script_fd, in_script_dir(c, c->conf_path), text, &c->user);
                if (r < 0)
                        return log_error_errno(
                                r, "Failed to write %s as %s: %m", c->conf_path, c->user.name);
        }
        c->conf_made = !c->launcher_existed;
        return write_recipe_beside(c);
}

void cleanup_failed(Create *c) {
        const char *verb = c->args.keep_failed ? "Kept (--keep-failed)" : "Removed";
        const char *items[] = {
                c->recipe_made ? c->recipe_path : NULL,
                c->conf_made ? c->conf_path : NULL,
                c->launcher_made ? c->launcher : NULL,
                c->dir_created ? c->args.directory : NULL,
                c->building,
        };

        if (c->args.dry_run)
                return;
        for (size_t i = 0; i < ELEMENTSOF(items); i++) {
                int r = 0;

                if (!items[i])
                        continue;
                if (!c->args.keep_failed && i < 3)
                        r = RET_NERRNO(unlinkat(c->script_fd, in_script_dir(c, items[i]), 0));
                else if (!c->args.keep_failed) {
                        r = umount_below(items[i]);
                        if (r > 0)
                                log_notice("Unmounted %d file system(s) left below %s", r, items[i]);
                        r = remove_tree(items[i]);
                }
                if (r < 0)
                        log_error_errno(r, "Failed to remove %s: %m", items[i]);
                else
                        log_notice("%s %s", verb, items[i]);
        }
        /* an empty DIR that was there before stays there */
        if (c->dir_created && c->dir_was_there && !c->args.keep_failed)
                (void) mkdir(c->args.directory, 0755);
}

/* --desktop: the app is made by now; a failed entry is worth a warning, not the container */
void install_desktop_entry(Create *c) {
        _cleanup_free_ char *entry = NULL;
        const char *home = c->invoker.home;
        struct passwd *pw;

        if (c->user.uid != c->invoker.uid) {
                pw = getpwuid(c->user.uid);
                home = pw ? pw->pw_dir : NULL;
        }
        if (!home) {
                log_warning("No home for uid %u on this host: no desktop entry.", (unsigned) c->user.uid);
                return;
        }
        if (desktop_install(c->args.directory, c->args.name, c->launcher, c->args.run, c->user.uid,
                    c->user.gid, home, &entry) < 0)
                log_warning("No desktop entry; '%s ++desktop' tries again.", c->args.name);
        else
                log_info("Desktop entry: %s", entry);
}
