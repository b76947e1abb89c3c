/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "config.h"

#include "cache.h"
#include "create.h"
#include "debootstrap.h"
#include "dry-run-actions.h"
#include "log.h"
#include "path-util.h"
#include "process.h"
#include "validate.h"

/* when the core was made (cache.h says why a layer's key names it) */
#define CORE_STAMP_IN_ROOTFS "var/lib/app-container/core-stamp"

/* The archive cache's own lock (not apt's fcntl lock, which a second apt run would fail on rather
 * than wait for): held around each run that writes there, taken last, after any entry's lock. */
static int archives_lock(Create *c, int *ret_fd) {
        _cleanup_free_ char *lock = NULL;
        int fd;

        *ret_fd = -1;
        if (c->args.dry_run || c->args.no_cache)
                return 0;
        if (asprintf(&lock, "%s/archives.lock", c->args.cache_dir) < 0)
                return log_oom();
        fd = cache_lock(lock, LOCK_EX, true);
        if (fd == -EWOULDBLOCK) {
                log_info("waiting for another make-app-container using the archive cache…");
                fd = cache_lock(lock, LOCK_EX, false);
        }
        if (fd < 0)
                return log_error_errno(fd, "Failed to lock %s: %m", lock);
        *ret_fd = fd;
        return 0;
}

/* The progress line (progress.h) for the next command, unless -v shows its output or -q nothing. */
static void progress_for(Create *c, const char *what) {
        if (c->actions.dry_run || c->actions.log_fd < 0 || c->args.verbosity < 0) {
                c->actions.progress = NULL;
                return;
        }
        progress_init(&c->progress, what);
        c->actions.progress = &c->progress;
        c->actions.progress_out = isatty(STDERR_FILENO) ? PROGRESS_TERMINAL : PROGRESS_LINES;
}

/* --packages and the .deb files, with apt inside ROOT (debootstrap.h says why), the .deb files it
 * fetches kept in the shared archive cache */
static int install_extras(Create *c, const char *root) {
        Actions *a = &c->actions;
        _cleanup_strv_free_ char **install = NULL;
        _cleanup_free_ char *resolv = path_join(root, "etc/resolv.conf"),
                            *policy = path_join(root, "usr/sbin/policy-rc.d"), *archives = NULL;
        _cleanup_close_ int lock = -1;
        char *update[] = {(char *) "apt-get", (char *) "update", NULL};
        char *clean[] = {(char *) "apt-get", (char *) "clean", NULL};
        char *lists[] = {(char *) "sh", (char *) "-c",
                (char *) "rm -rf /var/lib/apt/lists/* /tmp/*.deb /usr/sbin/policy-rc.d", NULL};
        int r;

        if (!resolv || !policy ||
                (!c->args.no_cache && cache_archives_path(c->args.cache_dir, &archives) < 0))
                return log_oom();
        for (size_t i = 0; c->args.debs && c->args.debs[i]; i++) {
                _cleanup_free_ char *dest = NULL;
                if (asprintf(&dest, "%s/tmp/%s", root, path_basename(c->args.debs[i])) < 0)
                        return log_oom();
                r = action_copy_fd(a, c->deb_fds[i], c->args.debs[i], dest, 0644);
                if (r < 0)
                        return log_error_errno(r, "Failed to copy %s into the base: %m", c->args.debs[i]);
        }
        /* debootstrap's copy may be stale, and apt needs the network for the dependencies */
        r = action_copy_file(a, "/etc/resolv.conf", resolv, 0644);
        if (r < 0)
                log_warning_errno(r, "Could not copy /etc/resolv.conf into the base: %m");
        /* maintainer scripts must not start services in a chroot */
        r = action_write_file(a, policy, "#!/bin/sh\nexit 101\n", 0755);
        if (r < 0)
                return log_error_errno(r, "Failed to write %s: %m", policy);

        r = action_chroot(a, root, update);
        if (r < 0)
                return command_failed(c, r, "apt-get update");
        r = apt_install_argv(c->args.packages, c->args.debs, &install);
        if (r < 0)
                return log_oom();
        r = archives_lock(c, &lock);
        if (r < 0)
                return r;
        /* only this run sees the shared archives: apt-get clean below empties the rootfs's own */
        a->archives = archives;
        progress_for(c, "apt");
        r = action_chroot(a, root, install);
        a->archives = NULL;
        a->progress = NULL;
        lock = safe_close(lock);
        if (r < 0)
                return command_failed(c, r, "apt-get install");
        r = action_chroot(a, root, clean);
        if (r < 0)
                return command_failed(c, r, "apt-get clean");
        r = action_chroot(a, root, lists);
        if (r < 0)
                return command_failed(c, r, "removing apt lists");
        return 0;
}

static int debootstrap_into(Create *c, const char *target, const char *archives) {
        _cleanup_strv_free_ char **argv = NULL;
        _cleanup_free_ char *dlog = NULL;
        _cleanup_close_ int lock = -1;
        const char *tool = bootstrapper();
        int r;

        if (streq(tool, "mmdebstrap"))
                r = mmdebstrap_argv(
                        c->args.distro, c->arch, c->args.variant, target, c->mirror, archives, &argv);
        else {
                dlog = path_join(target, "debootstrap/debootstrap.log");
                r = dlog ? debootstrap_argv(c->args.distro, c->arch, c->args.variant, target, c->mirror,
                                   archives, &argv)
                         : -ENOMEM;
        }
        if (r < 0)
                return log_oom();
        if (archives) {
                r = archives_lock(c, &lock);
                if (r < 0)
                        return r;
        }
        progress_for(c, tool);
        /* its /proc mount in TARGET must not outlive it in the host's mount table */
        r = action_run_private(&c->actions, argv);
        c->actions.progress = NULL;
        if (r < 0) {
                /* after an interrupt the output only explains the interrupt */
                if (r != -EINTR)
                        show_log(c, dlog);
                return command_failed(c, r, tool);
        }
        return 0;
}

static int write_core_stamp(Create *c, const char *target) {
        _cleanup_free_ char *dir = path_join(target, "var/lib/app-container"),
                            *path = path_join(target, CORE_STAMP_IN_ROOTFS), *stamp = NULL;
        struct timespec now;
        int r;

        clock_gettime(CLOCK_REALTIME, &now);
        if (!dir || !path || asprintf(&stamp, "%lld.%09ld\n", (long long) now.tv_sec, now.tv_nsec) < 0)
                return log_oom();
        r = action_mkdir_p(&c->actions, dir, 0755, 0, 0);
        if (r >= 0)
                r = action_write_file(&c->actions, path, stamp, 0644);
        if (r < 0)
                return log_error_errno(r, "Failed to write %s: %m", path);
        return 0;
}

static int build_core(Create *c, const char *tmp) {
        _cleanup_free_ char *archives = NULL;
        int r;

        if (cache_archives_path(c->args.cache_dir, &archives) < 0)
                return log_oom();
        char *clean[] = {(char *) "apt-get", (char *) "clean", NULL};
        r = debootstrap_into(c, tmp, archives);
        if (r < 0)
                return r;
        /* --cache-dir leaves a copy of each .deb in the core's own archives: they are in ARCHIVES */
        r = action_chroot(&c->actions, tmp, clean);
        if (r < 0)
                return command_failed(c, r, "apt-get clean");
        return write_core_stamp(c, tmp);
}

static int build_layer(Create *c, const char *tmp) {
        _cleanup_free_ char *core = NULL, *from = NULL;
        int r;

        if (cache_path(c->args.cache_dir, CACHE_CORE, c->core_key, "", &core) < 0 ||
                asprintf(&from, "%s/.", core) < 0)
                return log_oom();
        r = action_mkdir_p(&c->actions, tmp, 0755, (uid_t) -1, (gid_t) -1);
        if (r < 0)
                return log_error_errno(r, "Failed to create %s: %m", tmp);
        /* a copy: what apt changes in the layer never reaches the core */
        char *argv[] = {(char *) "cp", (char *) "-a", (char *) "--reflink=auto", (char *) "--", from,
                (char *) tmp, NULL};
        r = action_run(&c->actions, argv);
        if (r < 0 && r != -EINTR)
                show_log(c, NULL);
        if (r < 0)
                return command_failed(c, r, "cp");
        r = install_extras(c, tmp);
        if (r < 0 && r != -EINTR)
                show_log(c, NULL);
        return r;
}

static bool is_dir(const char *p) {
        struct stat st;

        return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* KIND KEY in the cache, built by BUILD into KEY.tmp and renamed into place unless it is there; the
 * entry stays locked (LOCK_SH, *ret_lock_fd) while this create uses it (cache.h has the protocol). */
static int cache_entry(Create *c, CacheKind kind, const char *key, const char *text,
        int (*build)(Create *c, const char *tmp), int *ret_lock_fd) {
        const char *what = kind == CACHE_CORE ? "core" : "layer";
        _cleanup_free_ char *dir = NULL, *tmp = NULL, *inputs = NULL, *lock = NULL, *msg = NULL;
        _cleanup_close_ int fd = -1;
        int r;

        if (cache_path(c->args.cache_dir, kind, key, "", &dir) < 0 ||
                cache_path(c->args.cache_dir, kind, key, ".tmp", &tmp) < 0 ||
                cache_path(c->args.cache_dir, kind, key, ".inputs", &inputs) < 0 ||
                cache_path(c->args.cache_dir, kind, key, ".lock", &lock) < 0)
                return log_oom();
        *ret_lock_fd = -1;

        for (;;) {
                if (!c->args.dry_run) {
                        fd = cache_lock(lock, LOCK_SH, false);
                        if (fd < 0)
                                return log_error_errno(fd, "Failed to lock %s: %m", lock);
                }
                if (is_dir(dir)) {
                        if (asprintf(&msg, "base: reusing the cached %s %.12s", what, key) < 0)
                                return log_oom();
                        stage(c, 1, msg);
                        *ret_lock_fd = TAKE_FD(fd);
                        return 0;
                }
                if (!c->args.dry_run) {
                        /* not a conversion: two creates holding LOCK_SH would wait for each other */
                        fd = safe_close(fd);
                        fd = cache_lock(lock, LOCK_EX, true);
                        if (fd == -EWOULDBLOCK) {
                                log_info("waiting for another make-app-container building the same %s…",
                                        what);
                                fd = cache_lock(lock, LOCK_EX, false);
                        }
                        if (fd < 0)
                                return log_error_errno(fd, "Failed to lock %s: %m", lock);
                        if (is_dir(dir)) { /* built meanwhile */
                                fd = safe_close(fd);
                                continue;
                        }
                }
                break;
        }

        if (kind == CACHE_CORE)
                r = asprintf(&msg, "base: %s of the core %.12s (a few minutes)", bootstrapper(), key);
        else
                r = asprintf(&msg, "base: apt-get install into a copy of the core, layer %.12s", key);
        if (r < 0)
                return log_oom();
        stage(c, 1, msg);
        if (c->args.verbosity > 0)
                fprintf(stderr, "%s inputs (key %s):\n%s", what, key, text);
        if (!c->args.dry_run && access(tmp, F_OK) == 0) {
                /* only a crashed run leaves it: we hold the lock */
                log_info("removing %s, left by an interrupted run", tmp);
                r = remove_tree(tmp);
                if (r < 0)
                        return log_error_errno(r, "Failed to remove %s: %m", tmp);
        }
        free(c->building);
        c->building = strdup(tmp);
        if (!c->building)
                return log_oom();
        r = build(c, tmp);
        if (r < 0)
                return r;
        r = action_write_file(&c->actions, inputs, text, 0644);
        if (r < 0)
                return log_error_errno(r, "Failed to write %s: %m", inputs);
        /* only a whole entry ever has the name that is used */
        if (c->args.dry_run)
                fprintf(c->actions.out, "mv %s %s\n", tmp, dir);
        else if (rename(tmp, dir) < 0)
                return log_error_errno(negative_errno(), "Failed to rename %s to %s: %m", tmp, dir);
        free(c->building);
        c->building = NULL;
        if (c->args.dry_run)
                return 0;
        /* LOCK_SH from now on: other creates may use it meanwhile, gc may not remove it */
        while (flock(fd, LOCK_SH) < 0)
                if (errno != EINTR || process_interrupted())
                        return log_error_errno(negative_errno(), "Failed to lock %s: %m", lock);
        if (!is_dir(dir)) /* gc took it in the instant the lock was converted */
                return log_error_errno(-ESTALE, "%s vanished while it was being locked; try again", dir);
        *ret_lock_fd = TAKE_FD(fd);
        return 0;
}

static int core_stamp_read(Create *c) {
        _cleanup_free_ char *core = NULL, *text = NULL;

        if (cache_path(c->args.cache_dir, CACHE_CORE, c->core_key, "", &core) < 0)
                return log_oom();
        /* root's cache; a dry run that planned the core reads nothing */
        if (read_file_in_root(core, CORE_STAMP_IN_ROOTFS, &text) < 0)
                c->core_stamp = strdup(c->args.dry_run ? "new" : "unknown");
        else {
                text[strcspn(text, "\n")] = 0;
                c->core_stamp = TAKE_PTR(text);
        }
        return c->core_stamp ? 0 : log_oom();
}

int stage_base(Create *c) {
        CreatorArgs *a = &c->args;
        _cleanup_free_ char *why = NULL;
        BaseInputs in = {
                .suite = a->distro->suite,
                .arch = c->arch,
                .variant = a->variant,
                .mirror = c->mirror,
                .bootstrapper = bootstrapper(),
                .packages = a->packages,
                .deb_hashes = c->deb_hashes,
                .core_key = c->core_key,
        };
        int r;

        if (a->no_cache) {
                stage(c, 1, "base: debootstrap straight into DIR (--no-cache)");
                in.core_key = NULL;
                if (base_inputs_format(&in, &c->inputs_text) < 0 || !(c->base = strdup(a->directory)))
                        return log_oom();
                base_key(c->inputs_text, c->key);
                r = action_mkdir_p(&c->actions, a->directory, 0755, (uid_t) -1, (gid_t) -1);
                if (r < 0)
                        return log_error_errno(r, "Failed to create %s: %m", a->directory);
                c->dir_created = true;
                r = debootstrap_into(c, a->directory, NULL);
                if (r >= 0 && base_has_layer(&in))
                        r = install_extras(c, a->directory);
                if (r < 0 && r != -EINTR)
                        show_log(c, NULL);
                return r;
        }

        if (!a->dry_run) {
                r = cache_dir_prepare(a->cache_dir, &why);
                if (r == -EPERM)
                        return log_error_errno(r, "Refusing the cache: %s", strna(why));
                if (r < 0)
                        return log_error_errno(r, "Failed to prepare the cache %s: %m", a->cache_dir);
        }
        r = cache_entry(c, CACHE_CORE, c->core_key, c->core_text, build_core, &c->core_lock_fd);
        if (r < 0)
                return r;
        r = core_stamp_read(c);
        if (r < 0)
                return r;
        in.core_stamp = c->core_stamp;
        if (base_inputs_format(&in, &c->inputs_text) < 0)
                return log_oom();
        base_key(c->inputs_text, c->key);
        if (!base_has_layer(&in))
                return cache_path(a->cache_dir, CACHE_CORE, c->core_key, "", &c->base) < 0 ? log_oom() : 0;
        r = cache_entry(c, CACHE_LAYER, c->key, c->inputs_text, build_layer, &c->lock_fd);
        if (r < 0)
                return r;
        return cache_path(a->cache_dir, CACHE_LAYER, c->key, "", &c->base) < 0 ? log_oom() : 0;
}
