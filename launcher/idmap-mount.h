/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

/* The user's folders and files in a container that runs in a user namespace (nspawn
 * --private-users=pick: container uid X is host uid SHIFT+X).
 *
 * Protocol, after the container is ready and before anything of the user's runs in it:
 *  1. idmap_userns_open(): a throwaway user namespace whose uid_map is "UID SHIFT+UID 1" and
 *     gid_map "GID SHIFT+GID 1": made by a child that clone()s into a new user namespace; root
 *     writes its maps (CAP_SETUID/CAP_SETGID over the parent namespace, so setgroups needs no
 *     "deny") and keeps /proc/CHILD/ns/user open; the child is killed, the namespace lives on in
 *     the fd.
 *  2. idmap_mount(), per source (a staging path of bind-stage.h, or a file in root's state
 *     directory: never a path the user controls):
 *     a. open_tree(OPEN_TREE_CLONE): a detached copy of that mount (host root: CAP_SYS_ADMIN);
 *     b. mount_setattr(MOUNT_ATTR_IDMAP | NOSUID | NODEV [| RDONLY]) with the fd of 1.: on the
 *        copy the user's host uid reads and writes as the container's uid UID; every other host
 *        id (root's above all) has no mapping, shows as the overflow id, and cannot be written:
 *        container root (host SHIFT) can neither create a file owned by host root nor chown to it;
 *     c. a forked child setns() into the leader's mount namespace (still host root, no user
 *        namespace entered: the fs ids stay host ids), resolves the destination beneath the
 *        leader's root without following symlinks, makes missing components as the owner of the
 *        directory they go in (setfsuid/setfsgid to that owner: no capability over it), and
 *        move_mount()s the copy onto it.
 * Not nspawn's --bind=SRC:DST:idmap: that maps the whole 65536 range, so the container's root
 * (host SHIFT) would write host uid 0 files (a setuid-root binary in ~/Downloads). */

#define USERNS_RANGE 65536u /* the ids of a container made with --private-users=pick */

/* A container's user namespace: its uid 0 is host uid SHIFT, its ids 0..RANGE-1 host
 * SHIFT..SHIFT+RANGE-1 (RANGE 65536 for pick, more for a range of uid-range.h). */
typedef struct UserNsMap {
        uid_t shift;
        uint32_t range;
} UserNsMap;

/* The map of the container whose leader is PID (checked alive through PIDFD after the read), read
 * once per start and passed to what follows. -ENOMEDIUM: the leader runs in the host's user
 * namespace (a container started by an appctl without user namespaces). */
int leader_uid_map(pid_t pid, int pidfd, UserNsMap *ret);

/* 1 if the file system of PATH allows idmapped mounts (nspawn's --private-users-ownership=map
 * needs them for the rootfs), 0 if not. */
int idmap_supported(const char *path);

/* Step 1: the fd of a user namespace mapping UID and GID alone, to SHIFT+UID and SHIFT+GID.
 * -ERANGE if either is not below RANGE. */
int idmap_userns_open(uid_t uid, gid_t gid, const UserNsMap *map, int *ret_fd);

/* The fd of a user namespace mapping 0..RANGE-1 to SHIFT..: an idmapped mount through it shows a
 * rootfs as the container sees it through nspawn's --private-users-ownership=map. */
int idmap_userns_open_range(const UserNsMap *map, int *ret_fd);

/* A device node of the host (PATH, /dev/...) made at the same path in the container of LEADER, mode
 * 0600, owned by the container's UID and GID (host SHIFT+UID): the container's uids see a node bound
 * from the host as nobody's. Access stays gated by the unit's DeviceAllow=. */
int device_node_make(
        pid_t leader, int leader_pidfd, const UserNsMap *map, const char *path, uid_t uid, gid_t gid);

/* Step 2: SOURCE (root's path) mounted idmapped with USERNS_FD at DESTINATION (absolute, inside
 * the container of LEADER, entered through LEADER_PIDFD). USERNS_FD -1: not idmapped, for a socket
 * of root's (an X server's): the kernel refuses to write, and so to connect, through an idmapped
 * mount to an inode whose owner the mapping cannot name. */
int idmap_mount(pid_t leader, int leader_pidfd, const UserNsMap *map, int userns_fd, const char *source,
        const char *destination, bool read_only);
