#!/usr/bin/python3
# Accessible names, read the way a screen reader reads them: over AT-SPI.
#
# Starts the real app on its own sandbox cluster, waits until it is connected,
# shows every page through the sidebar (the AT-SPI Selection of the "Areas"
# list) and walks the whole accessible tree of the window. It fails, listing
# each offender with its role, name and path, on any focusable object or text
# object whose name is empty, a class name ("GtkTextView", "GtkImage",
# "AdwGizmo"…) or an icon name ("open-menu-symbolic"). Not checked: scrolled
# windows, and what GTK 4.8 builds inside a drop-down's popup and a column
# view's rows, which the app cannot name (see GTK_OWN_ROWS below).
#
#   test-a11y-names.py APP SANDBOX
#
# Needs an X display and a D-Bus session bus (build-aux/test gives both). It
# starts its own accessibility bus (at-spi-bus-launcher), so the restricted
# session bus need not activate anything. It must run with /usr/bin/python3:
# pyatspi comes from Debian's python3-pyatspi. When AT-SPI cannot start it
# fails; it never skips.

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

PAGES = [
    # (sidebar row, the page's accessible object)
    ("Connections", "CsConnectionsPage"),
    ("Cluster Settings", "CsSettingsPage"),
    ("Connectors", "CsConnectorsPage"),
    ("Models", "CsModelsPage"),
    ("Playground", "CsPlaygroundPage"),
]

# Roles a user operates or reads as text: they need a name even when GTK does
# not mark them focusable (a menu button's outer object, a read-only text view).
NAMED_ROLES = {
    "push button", "toggle button", "check box", "radio button", "combo box",
    "entry", "password text", "spin button", "slider", "switch", "link",
    "text", "paragraph", "menu item", "check menu item", "radio menu item",
    "page tab", "tree item",
}

# Containers that take the focus only to pass it on, and are announced by
# what they hold: a scrolled window.
UNNAMED_CONTAINERS = {"scroll pane", "viewport"}

# What GTK 4.8 builds itself and gives the app no handle on: the popup list
# of a GtkDropDown (its rows are named when the popup opens; the drop-down
# itself is checked), and the row and list widgets of a GtkColumnView (the
# table itself and the controls in its cells are checked).
GTK_OWN_ROWS = {"table row", "list"}

CLASS_NAME = re.compile(r"^(Gtk|Adw|Cs|Gdk)[A-Z][A-Za-z0-9]*$")
ICON_NAME = re.compile(r"^[a-z0-9-]+-symbolic$")

# Seconds, longer under the sanitizers (CS_TEST_TIME_SCALE, as in the C tests).
TIME_SCALE = max(1.0, float(os.environ.get("CS_TEST_TIME_SCALE", "1") or 1))
DEADLINE_START = 30.0 * TIME_SCALE   # for AT-SPI to see the app and for it to connect
DEADLINE_PAGE = 10.0 * TIME_SCALE    # for a page to be shown
# How long one AT-SPI call may wait for the app's reply. libatspi's default,
# 0.8 s, is shorter than the first show of the Connectors page takes under
# AddressSanitizer while another test loads the other core (CI saw
# selectChild fail so); this test checks names, not speed.
ATSPI_CALL_TIMEOUT_MS = int(5000 * TIME_SCALE)


def fail(message):
    print("Bail out! " + message, flush=True)
    sys.exit(1)


try:
    import pyatspi
except ImportError as e:
    fail("pyatspi is missing (%s): install python3-pyatspi and run this with /usr/bin/python3" % e)


def name_problem(name):
    name = (name or "").strip()
    if not name:
        return "no name"
    if CLASS_NAME.match(name):
        return "a class name as its name"
    if ICON_NAME.match(name):
        return "an icon name as its name"
    return None


def describe(obj):
    try:
        return "%s %r" % (obj.getRoleName(), obj.name)
    except Exception:
        return "(gone)"


def walk(obj, path, out, skip, in_table=False):
    """Every accessible object below obj, with the path that leads to it,
    leaving out the subtrees of the objects named in skip. Each entry says
    whether GTK made the object for a column view."""
    try:
        count = obj.childCount
        role = obj.getRoleName()
    except Exception:
        return
    out.append((obj, path, in_table and role in GTK_OWN_ROWS))
    if role == "combo box":
        return
    in_table = in_table or role == "tree table"
    for i in range(count):
        try:
            child = obj.getChildAtIndex(i)
        except Exception:
            child = None
        if child is None or child.name in skip:
            continue
        # The path names each ancestor that has a meaningful name, and the
        # index among its siblings of every step, so that two unnamed
        # siblings can be told apart.
        step = "%s[%d]" % (child.getRoleName(), i)
        if child.name and not name_problem(child.name):
            step += " %r" % child.name
        elif child.name and CLASS_NAME.match(child.name) and child.getRoleName() in ("filler", "panel"):
            step += " <%s>" % child.name
        walk(child, path + [step], out, skip, in_table)


def mnemonic_twice(name):
    """GTK 4.8 names a button with a mnemonic label after both its label
    property and its label child: "_Save Save". Noted, not failed: the app
    cannot change it short of giving up the mnemonics."""
    parts = (name or "").split(" ")
    half = len(parts) // 2
    return (len(parts) % 2 == 0 and half > 0 and "_" in " ".join(parts[:half])
            and " ".join(parts[:half]).replace("_", "") == " ".join(parts[half:]))


def offenders(root, root_path, checked, skip, notes=None):
    """The objects below root (but not below those named in skip) that need a
    name and have none; adds the path of every object it checked to checked."""
    found = []
    objects = []
    walk(root, root_path, objects, skip)
    for obj, path, gtk_own in objects:
        if gtk_own:
            continue
        try:
            role = obj.getRoleName()
            states = obj.getState()
        except Exception:
            continue
        focusable = states.contains(pyatspi.STATE_FOCUSABLE)
        if role in UNNAMED_CONTAINERS or (not focusable and role not in NAMED_ROLES):
            continue
        # A stack's hidden pages are in the tree too (GTK 4.8 presents every
        # child that is not hidden itself): their controls are checked as well.
        checked.add(" > ".join(path))
        if notes is not None and mnemonic_twice(obj.name):
            notes.add("%s %r" % (role, obj.name))
        problem = name_problem(obj.name)
        if problem:
            found.append((role, obj.name, problem, " > ".join(path)))
    return found


def find_app(name):
    desktop = pyatspi.Registry.getDesktop(0)
    for i in range(desktop.childCount):
        try:
            app = desktop.getChildAtIndex(i)
        except Exception:
            continue
        if app is not None and app.name == name:
            return app
    return None


def find(root, pred):
    return pyatspi.findDescendant(root, lambda x: x is not None and pred(x))


def wait_for(what, deadline, poll):
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        result = poll()
        if result:
            return result
        time.sleep(0.2)
    fail("timed out after %.0f s waiting for %s" % (deadline, what))


def main():
    if len(sys.argv) != 3:
        fail("usage: test-a11y-names.py APP SANDBOX")
    app_bin, sandbox_bin = sys.argv[1], sys.argv[2]
    if not os.environ.get("DISPLAY"):
        fail("no X display: run under xvfb-run (build-aux/test does)")
    if not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        fail("no D-Bus session bus: run under dbus-run-session (build-aux/test does)")
    launcher = "/usr/libexec/at-spi-bus-launcher"
    if not os.access(launcher, os.X_OK):
        fail("%s is missing: install at-spi2-core" % launcher)

    print("TAP version 13", flush=True)
    print("1..1", flush=True)
    pyatspi.setTimeout(ATSPI_CALL_TIMEOUT_MS, int(DEADLINE_START * 1000))

    home = tempfile.mkdtemp(prefix="cs-a11y-")
    env = dict(os.environ)
    for var in ("GTK_A11Y", "NO_AT_BRIDGE"):
        env.pop(var, None)
    env.update({
        "HOME": home,
        "XDG_CONFIG_HOME": os.path.join(home, "config"),
        "XDG_DATA_HOME": os.path.join(home, "data"),
        "XDG_CACHE_HOME": os.path.join(home, "cache"),
        "XDG_STATE_HOME": os.path.join(home, "state"),
        "CS_SANDBOX_BIN": sandbox_bin,
        "LC_ALL": "C.UTF-8",
    })

    # Each in a process group of its own, so that what they start (the
    # launcher's dbus-daemon and registry, the app's sandbox) ends with them;
    # their output goes to a file, so that none of them holds the test's
    # output open after the test ends.
    log = open(os.path.join(home, "output.log"), "w+")
    bus = subprocess.Popen([launcher, "--launch-immediately"], env=env,
                           stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                           start_new_session=True)
    app_proc = None
    try:
        # The launcher owns org.a11y.Bus once it is ready.
        def bus_ready():
            r = subprocess.run(["gdbus", "call", "--session", "-d", "org.freedesktop.DBus",
                                "-o", "/org/freedesktop/DBus", "-m",
                                "org.freedesktop.DBus.NameHasOwner", "org.a11y.Bus"],
                               capture_output=True, text=True)
            if bus.poll() is not None:
                fail("at-spi-bus-launcher exited with status %d" % bus.returncode)
            return "true" in r.stdout
        wait_for("the accessibility bus (org.a11y.Bus)", 10.0, bus_ready)

        started = time.monotonic()
        app_proc = subprocess.Popen([app_bin], env=env, stdin=subprocess.DEVNULL,
                                    stdout=log, stderr=log, start_new_session=True)
        program = os.path.basename(app_bin)

        # Once seen in CI: the app could not open the display the suite had
        # used a moment before. Say whether the X server answers, and start
        # the app once more when it does (the second failure fails the test).
        try:
            app_proc.wait(timeout=2.0)
        except subprocess.TimeoutExpired:
            pass
        if app_proc.poll() is not None:
            log.seek(0)
            if "cannot open display" in log.read():
                probe = subprocess.run(["xdpyinfo"], capture_output=True, text=True)
                print("# the app could not open %s; xdpyinfo says: %s" %
                      (os.environ.get("DISPLAY"),
                       "the server answers" if probe.returncode == 0
                       else (probe.stderr.strip() or "no answer")), flush=True)
                time.sleep(1.0)
                app_proc = subprocess.Popen([app_bin], env=env, stdin=subprocess.DEVNULL,
                                            stdout=log, stderr=log, start_new_session=True)

        def app_seen():
            if app_proc.poll() is not None:
                fail("the app exited with status %d before it was seen over AT-SPI" % app_proc.returncode)
            return find_app(program)
        app = wait_for("the app %r on the accessibility bus" % program, DEADLINE_START, app_seen)
        window = wait_for("the main window", DEADLINE_START,
                          lambda: find(app, lambda x: x.getRoleName() == "frame"
                                       and x.name == "Connector Studio"))
        wait_for("the app to connect to its sandbox (a \"Connected to …\" status)", DEADLINE_START,
                 lambda: find(window, lambda x: x.getRoleName() == "label"
                              and (x.name or "").startswith("Connected to")))

        areas = wait_for("the sidebar list \"Areas\"", DEADLINE_PAGE,
                         lambda: find(window, lambda x: x.getRoleName() == "list"
                                      and x.name == "Areas"))
        rows = [areas.getChildAtIndex(i).name for i in range(areas.childCount)]
        selection = areas.querySelection()

        # Each visit walks the window with the page just shown, leaving out
        # the other pages (each is walked on its own visit, once it has
        # filled in what it loads on show). An offender is reported once.
        found = {}
        checked = set()
        notes = set()
        for row_name, page_name in PAGES:
            if row_name not in rows:
                fail("the sidebar has no row %r (it has %s)" % (row_name, rows))
            selection.selectChild(rows.index(row_name))
            wait_for("the page %r to be shown" % row_name, DEADLINE_PAGE,
                     lambda: find(window, lambda x: x.getRoleName() == "label"
                                  and x.name == row_name
                                  and x.parent is not None
                                  and x.parent.parent is not None
                                  and x.parent.parent.name == "AdwWindowTitle"))
            if find(window, lambda x: x.name == page_name) is None:
                fail("the page %r has no accessible object %r" % (row_name, page_name))
            time.sleep(0.3)   # let the page fill in what it loads on show
            for role, name, problem, path in offenders(window, ["frame 'Connector Studio'"], checked,
                                                       {p for _, p in PAGES if p != page_name}, notes):
                found.setdefault(path, (role, name, problem, row_name))

        elapsed = time.monotonic() - started
        if notes:
            print("# Note (GTK 4.8, not a failure): %d buttons are named with their mnemonic "
                  "label twice: %s" % (len(notes), ", ".join(sorted(notes))))
        # A walk that saw next to nothing proves nothing.
        if len(checked) < 100:
            fail("the walk checked only %d controls: the accessible tree looks incomplete"
                 % len(checked))
        if found:
            print("# %d focusable or text objects have no proper accessible name:" % len(found))
            for path, (role, name, problem, shown) in found.items():
                print("#   %s %r (%s), seen with the %s page shown\n#       at %s"
                      % (role, name, problem, shown, path))
            print("# Give each one a name: <accessibility><property name=\"label\" "
                  "translatable=\"yes\">…</property></accessibility> in its .ui, or "
                  "gtk_accessible_update_property (…, GTK_ACCESSIBLE_PROPERTY_LABEL, …).")
            print("not ok 1 - every control on every page has an accessible name (%.1f s)" % elapsed)
            return 1
        print("ok 1 - all %d controls on %d pages have an accessible name (%.1f s)"
              % (len(checked), len(PAGES), elapsed))
        return 0
    finally:
        for proc in (app_proc, bus):
            if proc is None:
                continue
            try:
                os.killpg(proc.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        log.seek(0)
        output = log.read()
        log.close()
        if output.strip():
            sys.stderr.write("The app's and the accessibility bus's output:\n" + output)
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
