"""The page a paired phone opens: one HTML document with its style and script inline, nothing fetched
from elsewhere, its Danish texts from the catalogue, and a Content-Security-Policy that lets exactly that
script and that style run (by their SHA-256) and the page talk to this laptop only.

The files are ``assets/phone/page.html``, ``page.css`` and ``page.js``.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from dataclasses import dataclass
from functools import cache

from inventar.i18n import _, language
from inventar.paths import asset_path

PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")


@dataclass(frozen=True)
class Page:
    html: bytes
    csp: str  # the Content-Security-Policy header that goes with it


@cache
def _asset(name: str) -> str:
    return asset_path("phone", name).read_text(encoding="utf-8")


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def script_texts() -> dict[str, str]:
    """What the script shows, in the current language (``{n}``, ``{p}``, ``{s}`` are filled in on the phone)."""
    return {
        "no_category": _("Kategori ikke valgt endnu"),
        "no_room": _("Rum ikke valgt"),
        "no_label": _("ingen etiket"),
        "count": _("{n} fotos på computeren"),
        "count_one": _("1 foto på computeren"),
        "new_item": _("Computeren er gået videre til en ny genstand. Fotoene til den forrige er gemt."),
        "connected": _("Forbundet til computeren"),
        "offline": _("Ingen forbindelse til computeren – prøver igen …"),
        "other_device": _("Koden bruges allerede af en anden telefon. Tryk »Ny kode« på computeren for at "
                          "forbinde denne."),
        "expired": _("Forbindelsen er slut: koden er udløbet, eller computeren har lavet en ny. Tryk »Ny kode« "
                     "på computeren og scan den igen."),
        "photo": _("Foto"),
        "queued": _("Venter …"),
        "preparing": _("Gør klar …"),
        "sending": _("Sender … {p} %"),
        "saving": _("Gemmes på computeren …"),
        "done": _("Gemt på computeren"),
        "failed": _("Ikke sendt"),
        "retry": _("Prøv igen"),
        "resend": _("Send til den nye genstand"),
        "moved": _("Computeren er gået videre til en ny genstand – fotoet blev ikke gemt"),
        "retrying": _("Ikke modtaget – prøver igen om {s} s"),
        "retrying_offline": _("Ingen forbindelse – prøver igen om {s} s"),
        "mismatch": _("Computeren gemte ikke det samme foto – prøv igen"),
    }


def _json_for_html(value: object) -> str:
    """JSON that cannot end the ``<script>`` element it sits in."""
    return (json.dumps(value, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("&", "\\u0026"))


def render_page(base: str, max_bytes: int) -> Page:
    """The page for the pairing whose URLs start with ``base`` (``/p/<token>``); larger files are not sent."""
    style, script = _asset("page.css"), _asset("page.js")
    values = {
        "lang": language(),
        "title": html.escape(_("Fotos til Inventar")),
        "item_label": html.escape(_("Fotoene lander i:")),
        "waiting": html.escape(_("Henter genstanden …")),
        "photos_label": html.escape(_("Sendte fotos")),
        "hint": html.escape(_("Tag fotos af genstanden. De lander i den genstand, computeren viser lige nu, "
                              "og får et flueben, når computeren har gemt dem.")),
        "take": html.escape(_("Tag foto")),
        "pick": html.escape(_("Vælg fra galleriet")),
        "config": _json_for_html({"base": base, "max_bytes": max_bytes,
                                  "texts": {**script_texts(),
                                            "too_big": _("Fotoet er for stort (højst {mb} MB)", mb=max_bytes // 2**20)}}),
        "style": style,
        "script": script,
    }
    page = PLACEHOLDER.sub(lambda match: values[match.group(1)], _asset("page.html"))
    csp = "; ".join((
        "default-src 'none'",
        f"script-src {_sha256(script)}",
        f"style-src {_sha256(style)}",
        "img-src blob: 'self'",  # the phone's own photo, or the laptop's thumbnail of it
        "connect-src 'self'",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
    ))
    return Page(page.encode("utf-8"), csp)
