/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A test fixture: a notification server on the session bus (DBUS_SESSION_BUS_ADDRESS) that owns
 * org.freedesktop.Notifications and appends "APP|SUMMARY|BODY" of each Notify call to the file
 * argv[1]. Prints "ready" once it owns the name. test-dbus.sh runs it as tester on the simulator's
 * session bus, the host side of dbus = filtered. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <systemd/sd-bus.h>

static const char *out_path;
static unsigned id;

static int notify(sd_bus_message *m, void *userdata, sd_bus_error *error) {
        const char *app, *icon, *summary, *body;
        uint32_t replaces;
        FILE *f;
        int r;

        r = sd_bus_message_read(m, "susss", &app, &replaces, &icon, &summary, &body);
        if (r < 0)
                return r;
        f = fopen(out_path, "ae");
        if (!f)
                return -errno;
        fprintf(f, "%s|%s|%s\n", app, summary, body);
        if (fclose(f) != 0)
                return -errno;
        return sd_bus_reply_method_return(m, "u", ++id);
}

static int capabilities(sd_bus_message *m, void *userdata, sd_bus_error *error) {
        return sd_bus_reply_method_return(m, "as", 1, "body");
}

static int server_information(sd_bus_message *m, void *userdata, sd_bus_error *error) {
        return sd_bus_reply_method_return(m, "ssss", "act-notify-service", "app-container", "1", "1.2");
}

static const sd_bus_vtable vtable[] = {
        SD_BUS_VTABLE_START(0),
        SD_BUS_METHOD("Notify", "susssasa{sv}i", "u", notify, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD("GetCapabilities", "", "as", capabilities, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD("GetServerInformation", "", "ssss", server_information, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_VTABLE_END,
};

int main(int argc, char *argv[]) {
        sd_bus *bus = NULL;
        int r;

        if (argc != 2) {
                fprintf(stderr, "usage: notify-service FILE\n");
                return 2;
        }
        out_path = argv[1];
        r = sd_bus_open_user(&bus);
        if (r >= 0)
                r = sd_bus_add_object_vtable(bus, NULL, "/org/freedesktop/Notifications",
                        "org.freedesktop.Notifications", vtable, NULL);
        if (r >= 0)
                r = sd_bus_request_name(bus, "org.freedesktop.Notifications", 0);
        if (r < 0) {
                fprintf(stderr, "notify-service: %s\n", strerror(-r));
                return 1;
        }
        printf("ready\n");
        fflush(stdout);
        for (;;) {
                r = sd_bus_process(bus, NULL);
                if (r < 0)
                        return 1;
                if (r > 0)
                        continue;
                if (sd_bus_wait(bus, UINT64_MAX) < 0)
                        return 1;
        }
}
