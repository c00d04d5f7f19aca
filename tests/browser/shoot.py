"""Screenshots of the dashboard over any store, for the README and for looking at a change.

    .venv/bin/python tests/browser/shoot.py --db detente.duckdb --out build/screenshots [--dyad AZE-RUS]

Starts the server in-process on a free port and drives Debian's chromium (no download)."""
from __future__ import annotations

import argparse
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from harness import ARGS, CHROMIUM, serve  # noqa: E402


def shoot(db: str, out: pathlib.Path, dyad: str | None, only: list[str] | None = None) -> list[str]:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    server = serve(db)
    base = next(server)
    errors, shots = [], []
    pages = {"dashboard": f"/#/dyad/{dyad}" if dyad else "/", "network": "/#/network", "events": "/#/events",
             "alerts": "/#/alerts", "search": "/#/search/ceasefire", "articles": "/#/articles"}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page(viewport={"width": 1440, "height": 900})
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            for name, path in pages.items():
                if only and name not in only:
                    continue
                page.goto(base + path)
                page.wait_for_selector("body[data-ready]")
                page.wait_for_timeout(300)
                page.screenshot(path=str(out / f"{name}.png"))
                shots.append(str(out / f"{name}.png"))
                page.evaluate("delete document.body.dataset.ready")
            if not only or "evidence" in only:
                page.goto(base + pages["dashboard"])
                page.wait_for_selector("#dyad-events tr.row")
                page.click("#dyad-events tr.row")
                page.wait_for_selector("#drawer.open #evidence-sentence")
                page.wait_for_timeout(400)
                page.screenshot(path=str(out / "evidence.png"))
                shots.append(str(out / "evidence.png"))
                page.click("#evidence-article")
                page.wait_for_selector('body[data-ready="article"]')
                page.screenshot(path=str(out / "article.png"))
                shots.append(str(out / "article.png"))
            browser.close()
    finally:
        next(server, None)  # stops the server
    if errors:
        print("console errors:", *errors, sep="\n  ", file=sys.stderr)
    return shots


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", required=True)
    ap.add_argument("--out", default="build/screenshots")
    ap.add_argument("--dyad", default=None, help="e.g. AZE-RUS (default: the busiest)")
    ap.add_argument("--only", nargs="*", help="page names: dashboard network events alerts search articles evidence")
    a = ap.parse_args()
    print("\n".join(shoot(a.db, pathlib.Path(a.out), a.dyad, a.only)))
