"""HTML pages: the article text via trafilatura (boilerplate removed), metadata from the page."""
from __future__ import annotations

from detente.errors import InputError
from detente.values import iso_date, name_case


def extract(html: str, locator: str) -> tuple[dict, str]:
    import trafilatura

    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, include_tables=False)
    if doc is None:
        raise InputError(locator, "HTML page has no extractable article text")
    data = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    text = (data.get("text") or "").strip()
    if not text:
        raise InputError(locator, "HTML page has no extractable article text")
    meta = {
        "title": data.get("title"),
        "author": name_case(data.get("author")),
        "outlet": data.get("sitename"),
        "url": data.get("url"),
        "published": iso_date(data.get("date")),
        "language": data.get("language"),
    }
    return meta, text
