#!/usr/bin/env python3
# Contrast of the Playground's thinking text against its block, in libadwaita's
# light and dark styles: at least 4.5:1 (WCAG 2.x AA for body text).
#
# Reads the numbers that decide it from the project's own files: the block's
# background and the text's colour in src/ui/style.css, and whether the text
# view also carries .dim-label (which lowers the opacity to 55 %) in
# src/ui/playground/cs-thinking-view.ui. libadwaita's named colours are
# constants below, as libadwaita 1.2 defines them (defaults-light.css and
# defaults-dark.css in its resources); the thinking block sits on a turn row
# of a boxed list, whose background is card_bg_color over window_bg_color.
#
#   test-contrast.py SRCDIR

import os
import re
import sys

MINIMUM = 4.5

ADWAITA = {
    "light": {
        "window_bg_color": (0xfa, 0xfa, 0xfa, 1.0),
        "window_fg_color": (0, 0, 0, 0.8),
        "card_bg_color": (0xff, 0xff, 0xff, 1.0),
        "accent_bg_color": (0x35, 0x84, 0xe4, 1.0),
    },
    "dark": {
        "window_bg_color": (0x24, 0x24, 0x24, 1.0),
        "window_fg_color": (0xff, 0xff, 0xff, 1.0),
        "card_bg_color": (0xff, 0xff, 0xff, 0.08),
        "accent_bg_color": (0x35, 0x84, 0xe4, 1.0),
    },
}
DIM_LABEL_OPACITY = 0.55   # libadwaita 1.2's .dim-label

tests_run = 0
failures = 0


def tap(ok, description, diagnostics=()):
    global tests_run, failures
    tests_run += 1
    if not ok:
        failures += 1
    for line in diagnostics:
        print("# " + line)
    print("%s %d - %s" % ("ok" if ok else "not ok", tests_run, description), flush=True)


def over(top, bottom):
    """top (r, g, b, a) composited over an opaque bottom (r, g, b)."""
    r, g, b, a = top
    return tuple(a * c + (1 - a) * d for c, d in zip((r, g, b), bottom))


def luminance(rgb):
    def channel(c):
        c = c / 255.0
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def ratio(a, b):
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def css_rule(css, selector_part, prop):
    """The value of prop in the first rule whose selector list contains selector_part."""
    for m in re.finditer(r"([^{}]+)\{([^}]*)\}", re.sub(r"/\*.*?\*/", "", css, flags=re.S)):
        selectors = [s.strip() for s in m.group(1).split(",")]
        if any(s == selector_part for s in selectors):
            d = re.search(r"(?:^|;)\s*" + re.escape(prop) + r"\s*:\s*([^;]+);", m.group(2))
            if d:
                return d.group(1).strip()
    return None


def colour(value, palette):
    """A colour from the CSS: @name or alpha(@name, f)."""
    m = re.fullmatch(r"alpha\(\s*@(\w+)\s*,\s*([0-9.]+)\s*\)", value)
    if m:
        r, g, b, a = palette[m.group(1)]
        return (r, g, b, a * float(m.group(2)))
    m = re.fullmatch(r"@(\w+)", value)
    if m:
        return palette[m.group(1)]
    raise ValueError("cannot read the colour %r" % value)


def main():
    srcdir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "..")
    css = open(os.path.join(srcdir, "src", "ui", "style.css"), encoding="utf-8").read()
    ui = open(os.path.join(srcdir, "src", "ui", "playground", "cs-thinking-view.ui"),
              encoding="utf-8").read()

    print("TAP version 13")
    print("1..3")

    block_bg = css_rule(css, "thinkingview > box.thinking-block", "background-color")
    text_fg = css_rule(css, "thinkingview textview.thinking-text text", "color")
    tap(block_bg is not None and text_fg is not None,
        "style.css sets the thinking block's background and the thinking text's colour",
        ["block background: %r, text colour: %r" % (block_bg, text_fg)])
    if block_bg is None or text_fg is None:
        return 1

    # The thinking text view's own style classes in its template.
    view = re.search(r'<object class="GtkTextView" id="text_view">(.*?)</object>', ui, re.S)
    classes = re.findall(r'<class name="([^"]+)"/>', view.group(1)) if view else []
    opacity = DIM_LABEL_OPACITY if "dim-label" in classes else 1.0

    for style, palette in ADWAITA.items():
        page = palette["window_bg_color"][:3]
        row = over(palette["card_bg_color"], page)
        block = over(colour(block_bg, palette), row)
        r, g, b, a = colour(text_fg, palette)
        text = over((r, g, b, a * opacity), block)
        value = ratio(text, block)
        tap(value >= MINIMUM,
            "thinking text reaches %.1f:1 in the %s style" % (MINIMUM, style),
            ["%s: text rgb(%d, %d, %d) on rgb(%d, %d, %d) is %.2f:1 (text view classes %s)"
             % ((style,) + tuple(round(c) for c in text) + tuple(round(c) for c in block)
                + (value, classes))])
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
