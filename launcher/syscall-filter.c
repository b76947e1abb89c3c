/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The app's seccomp filter: everything is allowed except the calls below, mostly the ones flatpak
 * and bubblewrap refuse, for the same reasons (SECURITY.md has the full argument).
 *
 *   ioctl TIOCSTI, TIOCLINUX         EPERM  push keystrokes into (or read the screen of) a terminal
 *                                           the app shares with the user's host shell; compared on
 *                                           the low 32 bits, which are all the kernel looks at
 *                                           (CVE-2019-10063: high bits set slipped past flatpak)
 *   keyctl, add_key, request_key     EPERM  the kernel keyring is not namespaced: the user's host
 *                                           session keys (and kernel attack surface); ENOSYS with
 *                                           nested = true, which crun takes as "no keyrings here"
 *   unshare, clone of CLONE_NEWUSER  EPERM  a user namespace is root over new mount, net, ...
 *                                           namespaces: the door to most kernel bugs; allowed with
 *                                           userns = true (Chromium's and Electron's own sandbox)
 *                                           and nested = true (rootless podman)
 *   mount, umount, umount2,          EPERM  the app has no business changing its mounts (and could
 *   pivot_root, chroot                      in a user namespace of its own); allowed with userns =
 *                                           true and nested = true, whose apps mount and chroot in
 *                                           their user namespaces: outside one the app lacks
 *                                           CAP_SYS_ADMIN and CAP_SYS_CHROOT and the kernel
 *                                           refuses them all the same
 *   fsopen, fsconfig, fsmount,       ENOSYS the new mount API: ENOSYS rather than EPERM makes
 *   fspick, move_mount, open_tree,          libraries fall back to mount(), refused above
 *   mount_setattr
 *   clone3                           ENOSYS its flags are behind a pointer a filter cannot read, so
 *                                           CLONE_NEWUSER could not be refused; glibc falls back
 *                                           to clone() on ENOSYS, whose flags are checked
 *   bpf, perf_event_open,            EPERM  kernel attack surface (and, for perf, information about
 *   userfaultfd, kexec_load,                other processes) an app does not need
 *   kexec_file_load
 *   personality, but PER_LINUX,      EPERM  READ_IMPLIES_EXEC, ADDR_NO_RANDOMIZE and the rest weaken
 *   PER_LINUX32, UNAME26 (and those         the protections of what the app runs; the safe values
 *   two combined), 0xffffffff (query)       are Docker's, a superset of flatpak's
 *
 * Every architecture the process may call in is filtered alike: the native one plus its compat
 * ABIs (x86_64: i386 and x32, aarch64: arm), so that `int $0x80` cannot bypass the list; a call
 * in any other ABI kills the process (libseccomp's default for an architecture not in the filter). */
#include <endian.h>
#include <errno.h>
#include <linux/filter.h>
#include <linux/sched.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <stddef.h>
#include <sys/ioctl.h>
#include <sys/personality.h>
#include <sys/prctl.h>

#include "macro.h"
#include "syscall-filter.h"

#ifndef UNAME26
#define UNAME26 0x0020000
#endif

/* clone's flags are its first argument, but for s390 where they come second */
#if defined(__s390__) || defined(__s390x__)
#define CLONE_FLAGS_ARG 1
#else
#define CLONE_FLAGS_ARG 0
#endif

typedef struct Rule {
        int syscall;
        int error[_SYSCALL_FILTER_MAX]; /* by SyscallFilterMode: {app, userns, nested}; 0: allowed */
        bool with_arg; /* refused only when (argument ARG & MASK) == VALUE */
        unsigned arg;
        uint64_t mask, value;
} Rule;

#define REFUSE(name, err)                                                                                   \
        {                                                                                                   \
                .syscall = SCMP_SYS(name), .error = {(err), (err), (err) }                                  \
        }
#define REFUSE_IF(name, err, a, m, v)                                                                       \
        {                                                                                                   \
                .syscall = SCMP_SYS(name), .error = {(err), (err), (err)}, .with_arg = true, .arg = (a),    \
                .mask = (m), .value = (v)                                                                   \
        }
/* userns and nested apps mount and chroot in the user namespaces they make (Chromium's sandbox,
 * podman's storage, crun) */
#define REFUSE_UNLESS_USERNS(name)                                                                          \
        {                                                                                                   \
                .syscall = SCMP_SYS(name), .error = { EPERM, 0, 0 }                                         \
        }
/* ENOSYS for nested apps: crun then runs its containers without a keyring of their own; a userns
 * app has no use for keyrings and keeps EPERM */
#define REFUSE_KEYRING(name)                                                                                \
        {                                                                                                   \
                .syscall = SCMP_SYS(name), .error = { EPERM, EPERM, ENOSYS }                                \
        }
#define REFUSE_NEWUSER_UNLESS_USERNS(name, a)                                                               \
        {                                                                                                   \
                .syscall = SCMP_SYS(name), .error = {EPERM, 0, 0}, .with_arg = true, .arg = (a),            \
                .mask = CLONE_NEWUSER, .value = CLONE_NEWUSER                                               \
        }

static const Rule rules[] = {
        REFUSE_IF(ioctl, EPERM, 1, 0xffffffffu, TIOCSTI),
        REFUSE_IF(ioctl, EPERM, 1, 0xffffffffu, TIOCLINUX),
        REFUSE_KEYRING(keyctl),
        REFUSE_KEYRING(add_key),
        REFUSE_KEYRING(request_key),
        REFUSE_NEWUSER_UNLESS_USERNS(unshare, 0),
        REFUSE_NEWUSER_UNLESS_USERNS(clone, CLONE_FLAGS_ARG),
        REFUSE_UNLESS_USERNS(mount),
        REFUSE_UNLESS_USERNS(umount),
        REFUSE_UNLESS_USERNS(umount2),
        REFUSE_UNLESS_USERNS(pivot_root),
        REFUSE_UNLESS_USERNS(chroot),
        REFUSE(fsopen, ENOSYS),
        REFUSE(fsconfig, ENOSYS),
        REFUSE(fsmount, ENOSYS),
        REFUSE(fspick, ENOSYS),
        REFUSE(move_mount, ENOSYS),
        REFUSE(open_tree, ENOSYS),
        REFUSE(mount_setattr, ENOSYS),
        REFUSE(clone3, ENOSYS),
        REFUSE(bpf, EPERM),
        REFUSE(perf_event_open, EPERM),
        REFUSE(userfaultfd, EPERM),
        REFUSE(kexec_load, EPERM),
        REFUSE(kexec_file_load, EPERM),
};

/* the native architecture (0 here: seccomp_arch_native()), then the compat ABIs a process of the
 * native one can switch to; ends with 0 */
static const uint32_t filter_arches[] = {
        0,
#if defined(__x86_64__)
        SCMP_ARCH_X86,
        SCMP_ARCH_X32,
#elif defined(__aarch64__)
        SCMP_ARCH_ARM,
#endif
        0,
};

static void release(scmp_filter_ctx *ctx) {
        if (*ctx)
                seccomp_release(*ctx);
}

/* An architecture without a syscall (umount on x86_64) is skipped by libseccomp; -EDOM or
 * -EOPNOTSUPP mean the call exists in none of the filter's architectures. */
static int rule_add(scmp_filter_ctx ctx, const Rule *r, SyscallFilterMode mode) {
        int error = r->error[mode], k;

        if (error == 0)
                return 0;
        if (r->with_arg)
                k = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(error), r->syscall, 1,
                        SCMP_CMP64(r->arg, SCMP_CMP_MASKED_EQ, r->mask, r->value));
        else
                k = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(error), r->syscall, 0);
        return k == -EDOM || k == -EOPNOTSUPP ? 0 : k;
}

/* The number of seccomp_data.arch for an architecture of libseccomp: the same but for x32, which the
 * kernel reports as x86_64 (its calls carry __X32_SYSCALL_BIT in the number instead). */
static uint32_t audit_arch(uint32_t arch) {
#ifdef SCMP_ARCH_X32
        if (arch == SCMP_ARCH_X32)
                return SCMP_ARCH_X86_64;
#endif
        return arch;
}

#define LOAD(field) ((struct sock_filter) BPF_STMT(BPF_LD | BPF_W | BPF_ABS, (field)))
#define JUMP_IF(k, jt, jf) ((struct sock_filter) BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (k), (jt), (jf)))
#define RETURN(verdict) ((struct sock_filter) BPF_STMT(BPF_RET | BPF_K, (verdict)))
#if __BYTE_ORDER == __LITTLE_ENDIAN
#define ARG0_LOW offsetof(struct seccomp_data, args[0])
#else
#define ARG0_LOW (offsetof(struct seccomp_data, args[0]) + 4)
#endif

/* personality() but for the safe values, as a classic BPF filter of its own: libseccomp 2.5 cannot
 * compare one argument twice in a rule, and the kernel applies the strictest verdict of all the
 * filters a process has. The kernel reads the argument as an unsigned int: the low 32 bits. */
static int personality_filter_load(void) {
        static const uint32_t safe[] = {PER_LINUX, PER_LINUX32, UNAME26, UNAME26 | PER_LINUX32, 0xffffffffu};
        struct sock_filter prog[64];
        struct sock_fprog fprog = {.filter = prog};
        size_t matched[ELEMENTSOF(filter_arches)], n_matched = 0, n = 0;

        /* per architecture: arch and number are personality's: on to the check; else the next one */
        for (size_t i = 0; i < ELEMENTSOF(filter_arches); i++) {
                uint32_t arch = i == 0 ? seccomp_arch_native() : filter_arches[i];
                int nr = seccomp_syscall_resolve_name_arch(arch, "personality");

                if (arch == 0 || nr < 0)
                        continue;
                prog[n++] = LOAD(offsetof(struct seccomp_data, arch));
                prog[n++] = JUMP_IF(audit_arch(arch), 0, 2);
                prog[n++] = LOAD(offsetof(struct seccomp_data, nr));
                matched[n_matched++] = n;
                prog[n++] = JUMP_IF((uint32_t) nr, 0, 0); /* its jump is set below */
        }
        prog[n++] = RETURN(SECCOMP_RET_ALLOW);
        for (size_t i = 0; i < n_matched; i++)
                prog[matched[i]].jt = (uint8_t) (n - matched[i] - 1);
        prog[n++] = LOAD(ARG0_LOW);
        for (size_t i = 0; i < ELEMENTSOF(safe); i++)
                /* to the final ALLOW: past the remaining checks and the EPERM */
                prog[n++] = JUMP_IF(safe[i], (uint8_t) (ELEMENTSOF(safe) - i), 0);
        prog[n++] = RETURN(SECCOMP_RET_ERRNO | EPERM);
        prog[n++] = RETURN(SECCOMP_RET_ALLOW);
        fprog.len = (unsigned short) n;
        return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &fprog, 0, 0) < 0 ? negative_errno() : 0;
}

SyscallFilterMode syscall_filter_mode(bool userns, bool nested) {
        /* nested = true implies userns: rootless podman makes user namespaces too */
        if (nested)
                return SYSCALL_FILTER_NESTED;
        return userns ? SYSCALL_FILTER_USERNS : SYSCALL_FILTER_APP;
}

const char *syscall_filter_mode_to_string(SyscallFilterMode mode) {
        static const char *const table[_SYSCALL_FILTER_MAX] = {
                [SYSCALL_FILTER_APP] = "the app's",
                [SYSCALL_FILTER_USERNS] = "the app's, user namespaces allowed (userns = true)",
                [SYSCALL_FILTER_NESTED] =
                        "the app's, user namespaces allowed, keyrings ENOSYS (nested = true)",
        };

        return (unsigned) mode < _SYSCALL_FILTER_MAX ? table[mode] : NULL;
}

int syscall_filter_install(SyscallFilterMode mode) {
        _cleanup_(release) scmp_filter_ctx ctx = NULL;
        int r;

        if ((unsigned) mode >= _SYSCALL_FILTER_MAX)
                return -EINVAL;
        ctx = seccomp_init(SCMP_ACT_ALLOW);
        if (!ctx)
                return -ENOMEM;
        /* no_new_privs is privilege_drop()'s decision (off for nested, on for userns), not libseccomp's */
        r = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 0);
        for (size_t i = 1; r >= 0 && filter_arches[i] != 0; i++) {
                r = seccomp_arch_add(ctx, filter_arches[i]);
                if (r == -EEXIST)
                        r = 0;
        }
        for (size_t i = 0; r >= 0 && i < ELEMENTSOF(rules); i++)
                r = rule_add(ctx, &rules[i], mode);
        if (r >= 0)
                r = seccomp_load(ctx);
        if (r >= 0)
                r = personality_filter_load();
        return r;
}
