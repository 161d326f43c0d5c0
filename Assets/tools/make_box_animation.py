"""Draws Assets/box-opening.gif: a gift box whose lid lifts and light pours out.

Box opening only, no spinning wheel (issue 3). Re-run after editing:
    python3 -m venv /tmp/v && /tmp/v/bin/pip install pillow && /tmp/v/bin/python Assets/tools/make_box_animation.py
"""
import math
import pathlib

from PIL import Image, ImageDraw

W, H = 320, 240
FRAMES = 16
BACKGROUND = (43, 45, 49)
BOX = (88, 101, 242)
BOX_DARK = (64, 74, 190)
RIBBON = (254, 231, 92)
LIGHT = (255, 244, 200)


def frame(index: int) -> Image.Image:
    image = Image.new("RGB", (W, H), BACKGROUND)
    draw = ImageDraw.Draw(image)
    progress = index / (FRAMES - 1)
    # Anticipation: the closed box shakes a little before it opens.
    shake = int(4 * math.sin(index * 2.2)) if index < 5 else 0
    cx, base = W // 2 + shake, 200
    # Light rays once the lid has lifted.
    opened = max(0.0, (progress - 0.35) / 0.65)
    if opened > 0:
        for ray in range(9):
            angle = math.radians(200 + ray * 17.5)
            length = 40 + 120 * opened
            x = cx + math.cos(angle) * length
            y = 120 + math.sin(angle) * length
            draw.polygon([(cx - 10, 122), (cx + 10, 122), (x, y)], fill=LIGHT)
        radius = int(10 + 30 * opened)
        draw.ellipse([cx - radius, 120 - radius, cx + radius, 120 + radius], fill=(255, 255, 255))
    # Box body with ribbon.
    draw.rectangle([cx - 60, 120, cx + 60, base], fill=BOX, outline=BOX_DARK, width=3)
    draw.rectangle([cx - 8, 120, cx + 8, base], fill=RIBBON)
    # Lid: rises and tilts back as the box opens.
    lift = int(70 * min(1.0, progress / 0.45) ** 1.5)
    tilt = int(18 * min(1.0, progress / 0.45))
    top = 100 - lift
    draw.polygon(
        [(cx - 68, top + tilt), (cx + 68, top - tilt), (cx + 68, top + 22 - tilt), (cx - 68, top + 22 + tilt)],
        fill=BOX_DARK,
    )
    draw.rectangle([cx - 8, top - 2, cx + 8, top + 22], fill=RIBBON)
    # Bow on the lid.
    draw.ellipse([cx - 26, top - 16, cx - 2, top + 2], outline=RIBBON, width=5)
    draw.ellipse([cx + 2, top - 16, cx + 26, top + 2], outline=RIBBON, width=5)
    return image


def main() -> None:
    frames = [frame(i) for i in range(FRAMES)]
    durations = [90] * (FRAMES - 1) + [900]
    out = pathlib.Path(__file__).resolve().parent.parent / "box-opening.gif"
    frames[0].save(out, save_all=True, append_images=frames[1:], duration=durations, loop=1, optimize=True)
    print(f"wrote {out} ({out.stat().st_size} bytes, {FRAMES} frames)")


if __name__ == "__main__":
    main()
