/* SPDX-License-Identifier: GPL-2.0-or-later */
/* race-swap DIR SECONDS A B [A B]...: exchanges the names of each pair A, B in DIR (renameat2
 * RENAME_EXCHANGE), pair after pair, as fast as it can for SECONDS or until killed, as a container's
 * root can in its own rootfs: test-apps.sh lets it swap directories with symlinks to a host
 * directory while root walks the tree (more pairs, more chances per walk). */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char *argv[]) {
        time_t end;
        int dir;

        if (argc < 5 || (argc - 3) % 2)
                return fprintf(stderr, "usage: race-swap DIR SECONDS A B [A B]...\n"), 2;
        dir = open(argv[1], O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dir < 0)
                return perror(argv[1]), 1;
        end = time(NULL) + atoi(argv[2]);
        while (time(NULL) < end)
                for (int i = 0; i < 1000; i++)
                        for (int p = 3; p < argc; p += 2)
                                if (renameat2(dir, argv[p], dir, argv[p + 1], RENAME_EXCHANGE) < 0)
                                        return perror("renameat2"), 1;
        return 0;
}
