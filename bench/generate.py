"""Deterministic generator of Jekyll treatment posts like the sample, for benchmarks.

``python bench/generate.py DIR N`` writes an i18nflow project with N posts: front matter with
title/description, 25–40 blocks (paragraphs with inline markup and links, headings, lists, a
table in some, images, ``&nbsp;``/``<br>`` lines, Liquid and kramdown lines), about 5% of
paragraphs shared between posts, and about 30% of all strings repeated.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

TREATMENTS = [
    "microcurrent facial", "pressotherapy", "chemical peel", "LED light therapy", "hydrafacial",
    "lymphatic drainage", "microneedling", "radiofrequency lifting", "cryotherapy", "dermaplaning",
    "oxygen facial", "laser hair removal", "mesotherapy", "hot stone massage", "body wrap",
]
WORDS = (
    "skin tone texture collagen elastin circulation session treatment gentle deep layer cells "
    "results therapist clinic comfort hydration serum face body muscles lymph swelling fluid "
    "relaxing painless safe natural recovery course week minutes visible fresh younger calm "
    "sensitive pores glow protection routine specialist device current pressure light warm cool"
).split()
SHARED = [
    "Book a free consultation with our specialists before your first session.",
    "All treatments are performed by certified therapists in a calm, private room.",
    "Please arrive ten minutes early so we can review your medical history.",
    "Results vary from person to person and depend on your skin type and lifestyle.",
]
COMMON_HEADINGS = ["How does it work?", "Who is it for?", "What to expect", "Aftercare", "Prices"]
COMMON_ITEMS = ["No downtime", "Suitable for all skin types", "Visible results after one session"]


def sentence(rng: random.Random, words: int) -> str:
    chosen = [rng.choice(WORDS) for _ in range(words)]
    text = " ".join(chosen).capitalize() + "."
    roll = rng.random() if words >= 3 else 1.0
    if roll < 0.15:
        text = text.replace(chosen[1], f"**{chosen[1]}**", 1)
    elif roll < 0.25:
        text = text.replace(chosen[2], f"[{chosen[2]}](https://example.com/{chosen[2]})", 1)
    elif roll < 0.3:
        text = text.replace(chosen[1], f"*{chosen[1]}*", 1)
    return text


def paragraph(rng: random.Random) -> str:
    if rng.random() < 0.05:  # about 5% of paragraphs are shared between posts
        return rng.choice(SHARED)
    return " ".join(sentence(rng, rng.randint(6, 16)) for _ in range(rng.randint(2, 5)))


def post(index: int, rng: random.Random, common: float = 0.3) -> str:
    """One post; ``common`` is the chance a heading or list item comes from the shared pools."""
    name = f"{rng.choice(TREATMENTS)} {index}"
    lines = [
        "---",
        "layout: post",
        f"title: What is {name.title()}?",
        "description: >-",
        f"  {sentence(rng, 12)}",
        f"  {sentence(rng, 10)}",
        f"featured_image: /uploads/post-{index}.jpg",
        "---",
        "",
        f"# ![](/uploads/header-{index}.jpg)",
        "",
        "&nbsp;",
        "",
    ]
    blocks = rng.randint(25, 40)
    for block in range(blocks):
        roll = rng.random()
        if roll < 0.45:
            lines += [paragraph(rng), ""]
        elif roll < 0.6:
            heading = rng.choice(COMMON_HEADINGS) if rng.random() < common else sentence(rng, 4)[:-1] + "?"
            lines += [f"## {heading}", ""]
        elif roll < 0.75:
            items = [
                rng.choice(COMMON_ITEMS) if rng.random() < common else sentence(rng, 6) for _ in range(rng.randint(2, 5))
            ]
            lines += [f"- {item}" for item in items] + [""]
        elif roll < 0.8:
            lines += [f"![{sentence(rng, 5)[:-1]}](/uploads/img-{index}-{block}.jpg)", ""]
        elif roll < 0.84 and index % 3 == 0:
            lines += ["| Session | Duration | Price |", "|---|---|---|"]
            lines += [f"| {sentence(rng, 2)} | {rng.randint(20, 90)} min | {rng.randint(40, 200)} € |" for _ in range(3)]
            lines += [""]
        elif roll < 0.88:
            lines += [paragraph(rng), "{: .notice}", ""]
        elif roll < 0.92:
            lines += ["{% include booking-cta.html %}", ""]
        elif roll < 0.96:
            lines += ["<br><br>", ""]
        else:
            lines += [f"> {sentence(rng, 12)}", ""]
    return "\n".join(lines)


def write_project(
    root: Path,
    count: int,
    locales: tuple[str, ...] = ("es", "de", "fr", "it", "pt_BR"),
    seed: int = 1,
    engine: str = "none",
    common: float = 0.3,
) -> list[Path]:
    rng = random.Random(seed)
    folder = root / "content" / "posts"
    folder.mkdir(parents=True, exist_ok=True)
    locales_toml = f"locales = {list(locales)!r}".replace("'", '"')
    (root / "i18nflow.toml").write_text(f'{locales_toml}\n[engines]\ndefault = "{engine}"\n')
    paths = []
    for index in range(count):
        path = folder / f"2020-01-01-treatment-{index:05d}.md"
        path.write_text(post(index, rng, common), encoding="utf-8")
        paths.append(path)
    return paths


if __name__ == "__main__":
    write_project(Path(sys.argv[1]), int(sys.argv[2]))
