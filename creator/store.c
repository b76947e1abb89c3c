/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <dirent.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/magic.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <systemd/sd-bus.h>
#include <unistd.h>

#include "config.h"

#include "apps.h"
#include "io-util.h"
#include "log.h"
#include "macro.h"
#include "names.h"
#include "path-util.h"
#include "process.h"
#include "store.h"
#include "uid-range.h"
#include "unit.h"

#ifndef XFS_SUPER_MAGIC
#define XFS_SUPER_MAGIC 0x58465342
#endif

#define UNIT_DIR "/etc/systemd/system"
/* in the store, hidden from machined's image list and from gc's scan of MACHINES_DIR */
#define STORE_CACHE_DIR MACHINES_DIR "/.app-container-cache"
/* a file system smaller than this holds one core and little else */
#define STORE_SIZE_MIN ((uint64_t) 2 << 30)
#define STORE_SIZE_DEFAULT_PERCENT 50

bool fs_shares_extents(const struct statfs *sfs) {
        /* the two Linux file systems whose cp --reflink shares extents and that take idmapped mounts */
        return (uint32_t) sfs->f_type == (uint32_t) XFS_SUPER_MAGIC ||
                (uint32_t) sfs->f_type == (uint32_t) BTRFS_SUPER_MAGIC;
}

int store_unit_text(StoreUnit which, const char *image, char **ret_name, char **ret_text) {
        _cleanup_free_ char *machines_unit = NULL, *name = NULL;
        int r;

        r = mount_unit_name_for(MACHINES_DIR, &machines_unit);
        if (r < 0)
                return r;
        r = mount_unit_name_for(which == STORE_UNIT_MACHINES ? MACHINES_DIR : CACHE_DIR, &name);
        if (r < 0)
                return r;
        if (which == STORE_UNIT_MACHINES)
                r = asprintf(ret_text,
                        STORE_UNIT_MARK
                        "# The app containers' file system: XFS in a sparse image file, so that the copies\n"
                        "# create, rebuild and ++aptupdate make (cp --reflink) share the blocks of their "
                        "base.\n"
                        "[Unit]\n"
                        "Description=app-container store on %s\n"
                        "Documentation=man:make-app-container(1)\n"
                        "Before=local-fs.target\n"
                        "\n"
                        "[Mount]\n"
                        "What=%s\n"
                        "Where=%s\n"
                        "Type=xfs\n"
                        /* discard: what the apps free goes back to the host's file system */
                        "Options=loop,discard\n"
                        "\n"
                        "[Install]\n"
                        "WantedBy=local-fs.target\n",
                        MACHINES_DIR, image, MACHINES_DIR);
        else
                r = asprintf(ret_text,
                        STORE_UNIT_MARK "# The cache of cores, layers and archives, in the store beside the "
                                        "app containers:\n"
                                        "# an app copied from its cached base shares that base's blocks.\n"
                                        "[Unit]\n"
                                        "Description=app-container cache in the store on %s\n"
                                        "Documentation=man:make-app-container(1)\n"
                                        "Requires=%s\n"
                                        "After=%s\n"
                                        "Before=local-fs.target\n"
                                        "\n"
                                        "[Mount]\n"
                                        "What=%s\n"
                                        "Where=%s\n"
                                        "Type=none\n"
                                        "Options=bind\n"
                                        "\n"
                                        "[Install]\n"
                                        "WantedBy=local-fs.target\n",
                        MACHINES_DIR, machines_unit, machines_unit, STORE_CACHE_DIR, CACHE_DIR);
        if (r < 0)
                return -ENOMEM;
        *ret_name = TAKE_PTR(name);
        return 0;
}

int store_size(const LimitValue *want, uint64_t free_bytes, uint64_t *ret) {
        uint64_t size = want->percent ? free_bytes / 100 * want->value : want->value;

        size &= ~(uint64_t) 4095;
        if (size < STORE_SIZE_MIN)
                return -ENOSPC;
        *ret = size;
        return 0;
}

static void closedirp(DIR **d) {
        if (*d)
                closedir(*d);
}

/* The entries of PATH, "." and ".." aside; 0 when it does not exist. */
static int dir_entries(const char *path, size_t *ret_n) {
        _cleanup_(closedirp) DIR *d = NULL;
        int fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        struct dirent *de;
        size_t n = 0;

        if (fd < 0) {
                *ret_n = 0;
                return errno == ENOENT ? 0 : negative_errno();
        }
        d = fdopendir(fd);
        if (!d)
                return safe_close(fd), -ENOMEM;
        while ((de = readdir(d)))
                if (!streq(de->d_name, ".") && !streq(de->d_name, ".."))
                        n++;
        *ret_n = n;
        return 0;
}

/* PATH, or the nearest directory above it that exists (what a mount there would sit on) */
static int nearest_existing(const char *path, char **ret) {
        _cleanup_free_ char *p = strdup(path);
        struct stat st;

        if (!p)
                return -ENOMEM;
        while (lstat(p, &st) < 0) {
                char *slash = strrchr(p, '/');

                if (errno != ENOENT || !slash)
                        return negative_errno();
                slash[slash == p ? 1 : 0] = 0;
        }
        *ret = TAKE_PTR(p);
        return 0;
}

/* Whether PATH (or the nearest directory above it that exists) is on a file system that shares extents */
static int path_shares_extents(const char *path, bool *ret) {
        _cleanup_free_ char *p = NULL;
        struct statfs sfs;
        int r = nearest_existing(path, &p);

        if (r < 0)
                return r;
        if (statfs(p, &sfs) < 0)
                return negative_errno();
        *ret = fs_shares_extents(&sfs);
        return 0;
}

/* A file of root's that says it is ours: a unit file a former run wrote (anything else is not ours to
 * replace) */
static int unit_file_state(const char *name, bool *ret_exists) {
        _cleanup_free_ char *path = path_join(UNIT_DIR, name), *text = NULL;
        int r;

        if (!path)
                return -ENOMEM;
        r = read_file_nofollow(path, &text);
        if (r == -ENOENT) {
                *ret_exists = false;
                return 0;
        }
        if (r < 0)
                return r;
        *ret_exists = true;
        return strneq(text, STORE_UNIT_MARK, strlen(STORE_UNIT_MARK)) ? 0 : -EEXIST;
}

static int run_mkfs(const char *image) {
        char *argv[] = {(char *) MKFS_XFS, (char *) "-q", (char *) "-m", (char *) "reflink=1", (char *) "-L",
                (char *) "app-machines", (char *) image, NULL};
        int r, status;

        r = process_run(argv, -1, &status);
        if (r < 0)
                return r;
        return status == 0 ? 0 : -EIO;
}

/* What a failed store leaves behind is undone: units disabled and removed, the image unlinked. */
typedef struct Undo {
        sd_bus *bus;
        char *units[3]; /* a strv: the two unit names and NULL */
        bool unit_written[2];
        bool image_made;
} Undo;

static void undo_run(Undo *u) {
        _cleanup_(sd_bus_error_free) sd_bus_error error = SD_BUS_ERROR_NULL;

        if (u->bus)
                for (int i = 1; i >= 0; i--)
                        if (u->unit_written[i]) {
                                (void) unit_stop(u->bus, u->units[i], &error);
                                sd_bus_error_free(&error);
                        }
        if (u->bus && (u->unit_written[0] || u->unit_written[1])) {
                (void) unit_files_enable(u->bus, u->units, false, &error);
                sd_bus_error_free(&error);
        }
        for (int i = 0; i < 2; i++)
                if (u->unit_written[i]) {
                        _cleanup_free_ char *p = path_join(UNIT_DIR, u->units[i]);
                        if (p)
                                (void) unlink(p);
                }
        if (u->bus && (u->unit_written[0] || u->unit_written[1]))
                (void) unit_daemon_reload(u->bus, &error);
        if (u->image_made)
                (void) unlink(STORE_IMAGE);
}

static int mount_and_start(Undo *u, char **texts) {
        _cleanup_(sd_bus_error_free) sd_bus_error error = SD_BUS_ERROR_NULL;
        _cleanup_free_ char *result = NULL;
        bool shares;
        int r;

        for (int i = 0; i < 2; i++) {
                _cleanup_free_ char *path = path_join(UNIT_DIR, u->units[i]);

                r = path ? write_file_atomic_at(
                                   AT_FDCWD, path, texts[i], strlen(texts[i]), 0644, (uid_t) -1, (gid_t) -1)
                         : -ENOMEM;
                if (r < 0)
                        return log_error_errno(r, "Failed to write %s/%s: %m", UNIT_DIR, u->units[i]);
                u->unit_written[i] = true;
        }
        r = unit_daemon_reload(u->bus, &error);
        if (r >= 0)
                r = unit_files_enable(u->bus, u->units, true, &error);
        if (r < 0)
                return log_error_errno(r, "Failed to enable %s and %s: %s", u->units[0], u->units[1],
                        error.message ?: strerror(-r));
        r = unit_start(u->bus, u->units[0], &result, &error);
        if (r < 0)
                return log_error_errno(r, "Failed to mount the store on %s (%s); see 'journalctl -u %s'.",
                        MACHINES_DIR, result ?: error.message ?: strerror(-r), u->units[0]);
        r = path_shares_extents(MACHINES_DIR, &shares);
        if (r >= 0 && !shares)
                r = -EBUSY;
        if (r < 0)
                return log_error_errno(
                        r, "%s is not the store after starting %s: %m", MACHINES_DIR, u->units[0]);
        /* machined's own default for MACHINES_DIR: the rootfses' paths are nobody else's business */
        if (chmod(MACHINES_DIR, 0700) < 0)
                return log_error_errno(negative_errno(), "Failed to chmod %s: %m", MACHINES_DIR);
        if (mkdir(STORE_CACHE_DIR, 0755) < 0 && errno != EEXIST)
                return log_error_errno(negative_errno(), "Failed to make %s: %m", STORE_CACHE_DIR);
        r = unit_start(u->bus, u->units[1], &result, &error);
        if (r < 0)
                return log_error_errno(r, "Failed to bind %s on %s (%s); see 'journalctl -u %s'.",
                        STORE_CACHE_DIR, CACHE_DIR, result ?: error.message ?: strerror(-r), u->units[1]);
        return 0;
}

typedef struct Units {
        char *name[2], *text[2];
} Units;

static void units_done(Units *x) {
        for (int i = 0; i < 2; i++) {
                free(x->name[i]);
                free(x->text[i]);
        }
}

/* statvfs() of PATH or of the nearest directory above it that exists */
static int statvfs_nearest(const char *path, struct statvfs *ret) {
        _cleanup_free_ char *p = NULL;
        int r = nearest_existing(path, &p);

        if (r < 0)
                return r;
        return statvfs(p, ret) < 0 ? negative_errno() : 0;
}

int command_store(const char *size_arg, bool dry_run) {
        _cleanup_(sd_bus_flush_close_unrefp) sd_bus *bus = NULL;
        _cleanup_(units_done) Units x = {};
        char **name = x.name, **text = x.text;
        _cleanup_close_ int dir_fd = -1, img_fd = -1;
        Undo u = {};
        struct statvfs vfs;
        bool exists[2], shares;
        size_t n_machines, n_cache;
        LimitValue want_ = {.value = STORE_SIZE_DEFAULT_PERCENT, .percent = true}, *want = &want_;
        uint64_t size;
        char human[16];
        int r;

        if (size_arg && limit_parse_size(size_arg, want) < 0)
                return log_error_errno(-EINVAL, "--size %s is no size.", size_arg);

        if (geteuid() != 0 && !dry_run)
                return log_error_errno(-EPERM, "make-app-container store needs root (sudo).");
        for (int i = 0; i < 2; i++) {
                r = store_unit_text((StoreUnit) i, STORE_IMAGE, &name[i], &text[i]);
                if (r < 0)
                        return log_error_errno(r, "Failed to write the store's unit files: %m");
                r = unit_file_state(name[i], &exists[i]);
                if (r == -EEXIST)
                        return log_error_errno(r, "%s/%s exists and is not the store's: not replacing it.",
                                UNIT_DIR, name[i]);
                if (r < 0)
                        return log_error_errno(r, "Failed to read %s/%s: %m", UNIT_DIR, name[i]);
        }
        r = path_shares_extents(MACHINES_DIR, &shares);
        if (r < 0)
                return log_error_errno(r, "Failed to look at the file system of %s: %m", MACHINES_DIR);
        if (shares) {
                printf("%s is on a file system that shares extents (%s): apps share the blocks of their "
                       "base without a store.\n",
                        MACHINES_DIR, exists[0] ? "the store" : "XFS or btrfs");
                return 0;
        }
        if (exists[0] || exists[1])
                return log_error_errno(-EEXIST,
                        "%s/%s is there but the store is not mounted: start it (systemctl start %s) or "
                        "remove the unit files.",
                        UNIT_DIR, name[exists[0] ? 0 : 1], name[exists[0] ? 0 : 1]);

        /* a mount hides what was there: start on empty directories, nothing is lost under the mount */
        r = dir_entries(MACHINES_DIR, &n_machines);
        if (r >= 0)
                r = dir_entries(CACHE_DIR, &n_cache);
        if (r < 0)
                return log_error_errno(r, "Failed to read %s and %s: %m", MACHINES_DIR, CACHE_DIR);
        if (n_machines > 0)
                return log_error_errno(-ENOTEMPTY,
                        "%s holds %zu entr%s: a store is made on an empty %s (remove the apps, or move them "
                        "elsewhere, first).",
                        MACHINES_DIR, n_machines, n_machines == 1 ? "y" : "ies", MACHINES_DIR);
        if (n_cache > 0)
                return log_error_errno(-ENOTEMPTY,
                        "%s holds %zu entr%s: a store starts with an empty cache (it is only a cache: "
                        "rm -rf %s/*, then run this again).",
                        CACHE_DIR, n_cache, n_cache == 1 ? "y" : "ies", CACHE_DIR);

        /* systemd would take a mount already there for the unit's and start nothing */
        for (int i = 0; i < 2; i++) {
                const char *where = i == 0 ? MACHINES_DIR : CACHE_DIR;

                r = path_is_mount_root_at(AT_FDCWD, where);
                if (r < 0 && r != -ENOENT)
                        return log_error_errno(r, "Failed to look at %s: %m", where);
                if (r > 0)
                        return log_error_errno(-EBUSY,
                                "%s is a mount point already (a file system or bind of its own): unmount it "
                                "first, or keep the apps there.",
                                where);
        }

        if (access(MKFS_XFS, X_OK) < 0)
                return log_error_errno(negative_errno(), "%s: %m; install the package xfsprogs.", MKFS_XFS);
        r = statvfs_nearest(STATE_DIR, &vfs);
        if (r < 0)
                return log_error_errno(r, "Failed to look at the file system of %s: %m", STATE_DIR);
        r = store_size(want, (uint64_t) vfs.f_bavail * vfs.f_frsize, &size);
        format_bytes((uint64_t) vfs.f_bavail * vfs.f_frsize, human);
        if (r < 0 && want->percent)
                return log_error_errno(r,
                        "The store would be smaller than 2 GiB (%" PRIu64 "%% of the %s free for %s).",
                        want->value, human, STATE_DIR);
        if (r < 0)
                return log_error_errno(r, "The store would be smaller than 2 GiB (--size %s).", size_arg);
        format_bytes(size, human);

        if (dry_run) {
                printf("would: mkdir %s (0755), create %s (sparse, %s), %s -q -m reflink=1 on it\n",
                        STATE_DIR, STORE_IMAGE, human, MKFS_XFS);
                for (int i = 0; i < 2; i++)
                        printf("would: write %s/%s:\n%s", UNIT_DIR, name[i], text[i]);
                printf("would: D-Bus Reload(), EnableUnitFiles([%s, %s]), StartUnit(%s), mkdir %s, "
                       "StartUnit(%s)\n",
                        name[0], name[1], name[0], STORE_CACHE_DIR, name[1]);
                return 0;
        }

        r = sd_bus_open_system(&bus);
        if (r < 0)
                return log_error_errno(r, "Failed to connect to the system bus: %m");
        u = (Undo){.bus = bus, .units = {name[0], name[1], NULL}};

        dir_fd = state_dir_open(true);
        if (dir_fd < 0)
                return log_error_errno(
                        dir_fd, "%s is not a directory of root's that only root can write: %m", STATE_DIR);
        img_fd =
                openat(dir_fd, STORE_IMAGE_NAME, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
        if (img_fd < 0)
                return log_error_errno(negative_errno(),
                        "Failed to create %s: %m (one left by an earlier run? remove it if no unit mounts "
                        "it)",
                        STORE_IMAGE);
        u.image_made = true;
        /* sparse: the host's disk is used only as the apps fill it */
        r = ftruncate(img_fd, (off_t) size) < 0 ? negative_errno() : 0;
        img_fd = safe_close(img_fd);
        if (r >= 0) {
                log_info("Making an XFS file system of %s in %s ...", human, STORE_IMAGE);
                r = run_mkfs(STORE_IMAGE);
        }
        if (r < 0) {
                undo_run(&u);
                return log_error_errno(r, "Failed to make the file system in %s: %m", STORE_IMAGE);
        }
        r = mount_and_start(&u, text);
        if (r < 0) {
                undo_run(&u);
                return r;
        }
        printf("Made the store: %s (XFS, up to %s, sparse) on %s, the cache on %s (%s, %s).\n"
               "Apps created from now on share the blocks of their cached base.\n",
                STORE_IMAGE, human, MACHINES_DIR, CACHE_DIR, name[0], name[1]);
        return 0;
}
