/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Desktop entries: what is taken from the app's own file, and what the launcher's entry says. */
#include <stdlib.h>

#include "desktop.h"
#include "macro.h"
#include "tap.h"

static void test_parse(void) {
        const char *text = "# comment\n"
                           "[Desktop Entry]\n"
                           "Type=Application\n"
                           "Name=Firefox ESR\n"
                           "Name[de]=Firefox ESR (de)\n"
                           "Comment=Browse the Web\n"
                           "Exec=/usr/lib/firefox-esr/firefox-esr %u\n"
                           "Icon=firefox-esr\n"
                           "Categories=Network;WebBrowser;\n"
                           "MimeType=text/html;\n"
                           "[Desktop Action new-window]\n"
                           "Name=New Window\n"
                           "Exec=/usr/lib/firefox-esr/firefox-esr --new-window %u\n";
        _cleanup_(desktop_source_done) DesktopSource s = {};
        _cleanup_free_ char *program = NULL, *entry = NULL;

        ok(desktop_source_parse(text, &s, &program) == 0, "parse an app's entry");
        is_str(s.name, "Firefox ESR", "Name: the unlocalized one, not an action's");
        is_str(s.comment, "Browse the Web", "Comment");
        is_str(s.icon, "firefox-esr", "Icon");
        is_str(s.categories, "Network;WebBrowser;", "Categories");
        is_str(s.field_code, "%u", "Exec's field code");
        is_str(program, "/usr/lib/firefox-esr/firefox-esr", "Exec's program, of the main group");

        ok(desktop_entry_render(&s, "web", "/home/a b/.local/bin/web",
                   "/home/a b/.local/share/icons/app-container-web.png", &entry) == 0,
                "render");
        is_str(entry,
                "[Desktop Entry]\n"
                "Type=Application\n"
                "Name=Firefox ESR (web)\n"
                "Comment=Browse the Web, in the app container web\n"
                "Exec=\"/home/a b/.local/bin/web\" %u\n"
                "Icon=/home/a b/.local/share/icons/app-container-web.png\n"
                "Categories=Network;WebBrowser;\n"
                "MimeType=text/html;\n"
                "Terminal=false\n"
                "X-AppContainer-Name=web\n",
                "the entry runs the launcher, quoted, with the field code");
}

static void test_generic(void) {
        _cleanup_free_ char *entry = NULL;

        ok(desktop_entry_render(NULL, "tool", "/bin/tool", NULL, &entry) == 0, "render without a source");
        is_str(entry,
                "[Desktop Entry]\nType=Application\nName=tool\nComment=The app container "
                "tool\nExec=/bin/tool\n"
                "Icon=application-x-executable\nTerminal=false\nX-AppContainer-Name=tool\n",
                "a generic entry");
}

static void test_refused(void) {
        DesktopSource s = {};
        char *p = NULL;

        ok(desktop_source_parse("Name=x\nExec=y\n", &s, &p) == -EBADMSG,
                "no [Desktop Entry] group: refused");
        ok(desktop_source_parse("[Desktop Entry]\nExec=y\n", &s, &p) == -EBADMSG, "no Name: refused");
        ok(desktop_source_parse("[Desktop Entry]\nName=x\n", &s, &p) == -EBADMSG, "no Exec: refused");
        ok(desktop_source_parse("[Desktop Entry]\nName=x\nExec=\"unbalanced\n", &s, &p) == -EBADMSG,
                "an unbalanced Exec: refused");
}

int main(void) {
        test_parse();
        test_generic();
        test_refused();
        printf("1..%d\n", tap_n);
        return tap_failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
