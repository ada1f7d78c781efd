"""The HTML preview in a real browser: headless Chromium over the DevTools protocol.

The pages are served by ``http.server`` on 127.0.0.1 and driven through a minimal DevTools
client (stdlib sockets, no test dependency): the page loads without console errors, the
language switcher leads to the other translation, and script a translation tried to bring
never ran. Set ``I18NFLOW_UPDATE_SCREENSHOTS=1`` to refresh ``docs/screenshot-*.png``.
"""

from __future__ import annotations

import base64
import functools
import http.server
import json
import os
import re
import shutil
import socket
import struct
import subprocess
import textwrap
import threading
import time
import urllib.request
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import REPO, SEED
from i18nflow.config import load_config
from i18nflow.gettext.catalogs import MACHINE_COMMENT, merge, now_stamp
from i18nflow.gettext.po import format_po, read_po
from i18nflow.site.build import site_template

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium)")

SLUG = "microcurrent-facial"
ES = {
    "What is Microcurrent": "¿Qué es el Microcurrent Facial?",
    "Pressotherapy is a very popular": (
        "La presoterapia es una técnica muy popular y totalmente indolora que se utiliza en medicina y en "
        "cosmética estética para combatir la hinchazón y la celulitis."
    ),
    "Microcurrent Facial is a new": (
        "El Microcurrent Facial es una innovación nueva y clínicamente probada, pensada para que su rostro "
        "luzca mucho más joven y fresco gracias a impulsos de corriente de baja frecuencia (también llamados "
        "microcorrientes). Las microcorrientes mejoran notablemente el tono de la piel, restablecen el "
        "equilibrio hídrico, reducen la «papada» y tienen otros efectos estéticos considerables."
    ),
    "How is Microcurrent": "¿Cómo se realiza el Microcurrent Facial?",
    "During Microcurrent Facial": (
        "Durante el Microcurrent Facial, una especialista utiliza dos puntas manuales que envían una cantidad "
        "determinada de microcorrientes a la zona elegida. Imitan la corriente natural del cuerpo y estimulan "
        "el músculo que hay bajo la piel. Las microcorrientes desencadenan reacciones naturales a nivel "
        "celular, favorecen la producción de colágeno y elastina y mejoran mucho la circulación."
    ),
    "This treatment is performed": (
        "Este tratamiento se combina con prácticas de acupuntura. No se preocupe: ¡no se usan agujas! Se "
        "considera una mesoterapia sin agujas, ya que ayuda a que el sérum rejuvenecedor penetre en las capas "
        "más profundas de la piel. Solo colocamos las puntas sobre los puntos de acupuntura y enviamos "
        "impulsos débiles. ¡Es tan relajante que algunos pacientes incluso se duermen!"
    ),
    "What problems": "¿Qué problemas ayuda a combatir el Microcurrent Facial?",
    "During this procedure": (
        "Durante este procedimiento los músculos faciales se estimulan suavemente y recuperan su tono, lo que "
        "alisa las líneas finas. Eleva la mandíbula y las cejas. También reduce la hinchazón al mejorar el "
        "drenaje linfático. El tono de la piel se vuelve más claro y homogéneo al reducirse las pequeñas manchas."
    ),
    "How long should": "¿Durante cuánto tiempo conviene hacer el Microcurrent Facial?",
    "Microcurrent Facial is recommended": (
        "Se recomienda realizar el Microcurrent Facial de 2 a 4 veces por semana. El tratamiento consta de "
        "10 sesiones. Cada sesión dura 60 minutos."
    ),
}
DE_REVIEWED = {
    "What is Microcurrent": "Was ist Microcurrent Facial?",
    "Pressotherapy is a very popular": (
        "Pressotherapie ist eine sehr beliebte und völlig schmerzfreie Technik, die in Medizin und "
        "ästhetischer Kosmetik gegen Schwellungen und Cellulite eingesetzt wird."
    ),
    "Microcurrent Facial is a new": (
        "Microcurrent Facial ist eine neue, klinisch getestete Innovation, die Ihr Gesicht mit Hilfe "
        "niederfrequenter Stromimpulse (auch Mikroströme genannt) deutlich jünger und frischer aussehen "
        "lässt. Mikroströme verbessern den Hautton spürbar, stellen den Feuchtigkeitshaushalt wieder her, "
        "reduzieren das „Doppelkinn“ und haben weitere beachtliche ästhetische Effekte."
    ),
    "How is Microcurrent": "Wie wird Microcurrent Facial durchgeführt?",
    "During Microcurrent Facial": (
        "Beim Microcurrent Facial verwendet eine Fachkraft zwei Handsonden, die eine bestimmte Menge "
        "Mikrostrom in die vorgesehene Zone leiten. Sie ahmen den natürlichen Körperstrom nach und "
        "stimulieren den Muskel unter der Haut. Mikroströme lösen auf Zellebene natürliche Reaktionen aus, "
        "fördern die Bildung von Kollagen und Elastin und regen die Durchblutung an."
    ),
    "This treatment is performed": (
        "Diese Behandlung wird mit Methoden der Akupunktur kombiniert. Keine Sorge, es werden keine Nadeln "
        "verwendet! Sie gilt als nadelfreie Mesotherapie, da sie einem verjüngenden Serum hilft, in die "
        "tiefsten Hautschichten einzudringen. Wir setzen die Sonden auf die Akupunkturpunkte und senden "
        "schwache Impulse. Die Behandlung ist so entspannend, dass manche Patientinnen einschlafen!"
    ),
}
DE_MACHINE = {
    "What problems": "Welche Probleme Microcurrent Facial helfen zu bekämpfen?",
    "During this procedure": (
        "Während dieses Verfahrens werden die Gesichtsmuskeln leicht stimuliert, so dass sie in Ton gebracht "
        "werden, der die feinen Linien glättet. Es hebt Kiefer und Augenbrauen."
    ),
}
SITE_ES = {
    "Other languages": "Otros idiomas",
    "Published on %(date)s": "Publicado el %(date)s",
    "Back to all articles": """Volver a todos los artículos<meta http-equiv="refresh" content="0;url=/pwned/" a'b>""",
    "Passages not translated yet are shown in the original language (%(language)s).":
        "Los pasajes aún no traducidos se muestran en el idioma original (%(language)s).",
    "Not translated yet": "Aún sin traducir",
    "In translation": "En traducción",
    "Clinic Journal": "Diario de la clínica",
}
SITE_DE = {
    "Other languages": "Weitere Sprachen",
    "Published on %(date)s": "Veröffentlicht am %(date)s",
    "Back to all articles": "Zurück zu allen Artikeln",
    "This translation was produced by a machine and is awaiting review":
        "Diese Übersetzung wurde maschinell erstellt und wartet auf Prüfung",
    "Machine translation, awaiting review": "Maschinelle Übersetzung, noch nicht geprüft",
    "Passages not translated yet are shown in the original language (%(language)s).":
        "Noch nicht übersetzte Abschnitte werden in der Originalsprache angezeigt (%(language)s).",
    "Not translated yet": "Noch nicht übersetzt",
    "Clinic Journal": "Klinik-Journal",
}
INJECTION_POST = """\
---
title: Safety check
---

A plain paragraph with <em>emphasis</em>.

<div class="box">A box with <strong>bold</strong> text.</div>

A quoted paragraph with <em>care</em>.

A paragraph that stays put.

<script>window.__sourceScript = (window.__sourceScript || 0) + 1;</script>
"""
INJECTION_ES = {
    "A plain paragraph": 'Un párrafo <img src="x" onerror="window.__pwned = 1"> con <em>énfasis</em>.',
    "A box with": 'Una caja <strong onmouseover="window.__pwned = 2">negrita</strong><script>window.__pwned = 3</script>.',
    # issue 17: a stray quote hid these from the old tag regex
    "A quoted paragraph": """Un párrafo <img src=x onerror="document.title='PWNED'" x'> con <em>cuidado</em>.""",
    "A paragraph that stays": """Un párrafo quieto. <meta http-equiv="refresh" content="0;url=/pwned/" a'b>""",
}


# the project -----------------------------------------------------------------------


def png(width: int, height: int, name: str) -> bytes:
    """A soft gradient, its colours drawn from ``name``: a picture without shipping one."""
    start = [150 + (zlib.crc32(name.encode()) >> shift) % 100 for shift in (0, 8, 16)]
    end = [150 + (zlib.crc32(name[::-1].encode()) >> shift) % 100 for shift in (0, 8, 16)]
    rows = []
    for y in range(height):
        t = y / max(height - 1, 1)
        pixel = bytes(int(a + (b - a) * t) for a, b in zip(start, end, strict=True))
        rows.append(b"\x00" + pixel * width)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + chunk(b"IEND", b"")


def translate(root: Path, locale: str, domain: str, texts: dict[str, str], machine: bool = False) -> None:
    path = root / "locales" / locale / "LC_MESSAGES" / f"{domain}.po"
    catalog = read_po(path)
    for entry in catalog:
        for start, text in texts.items():
            if entry.msgid.startswith(start):
                entry.msgstr = text
                entry.flags = [flag for flag in entry.flags if flag != "fuzzy"] + (["fuzzy"] if machine else [])
                entry.tcomment = f"{MACHINE_COMMENT} apertium" if machine else ""
    path.write_text(format_po(catalog), encoding="utf-8")


def translate_site(root: Path, locale: str, texts: dict[str, str]) -> None:
    config = load_config(root)
    catalog = merge(site_template(config), None, locale, now_stamp()).catalog
    for entry in catalog:
        entry.msgstr = texts.get(entry.msgid, "")
    path = config.po_path(locale, "site")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(format_po(catalog), encoding="utf-8")


def cli(root: Path, *args: str, code: int = 0) -> str:
    import sys

    result = subprocess.run([sys.executable, "-m", "i18nflow", "-C", str(root), *args],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == code, result.stderr
    return result.stderr


@pytest.fixture(scope="module")
def site_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("browser") / "site"
    (root / "content/posts").mkdir(parents=True)
    shutil.copy(SEED, root / "content/posts" / SEED.name)
    (root / "content/posts/2021-01-01-safety-check.md").write_text(INJECTION_POST, encoding="utf-8")
    (root / "i18nflow.toml").write_text(textwrap.dedent("""\
        locales = ["es", "de", "ar"]
        [engines]
        default = "none"
        [site]
        title = "Clinic Journal"
        static = ["uploads"]
        """), encoding="utf-8")
    (root / "uploads").mkdir()
    for name in set(re.findall(r"/uploads/([\w.-]+)", SEED.read_text(encoding="utf-8"))):
        (root / "uploads" / name).write_bytes(png(960, 360, name))
    cli(root, "sync")
    translate(root, "es", SLUG, ES)
    translate(root, "de", SLUG, DE_REVIEWED)
    translate(root, "de", SLUG, DE_MACHINE, machine=True)
    translate(root, "es", "safety-check", INJECTION_ES)
    translate_site(root, "es", SITE_ES)
    translate_site(root, "de", SITE_DE)
    stderr = cli(root, "render", "--html", "--include-machine", code=1)  # the injections are refused
    refused = [line for line in stderr.splitlines() if ": error: " in line]
    assert len(refused) == len(INJECTION_ES) + 1, stderr  # and the site.po string
    return root / "build" / "site"


@pytest.fixture(scope="module")
def server(site_root: Path) -> Iterator[str]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base's name
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site_root)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


# a minimal DevTools client ------------------------------------------------------------


class WebSocket:
    """Just enough RFC 6455 for the DevTools protocol: masked text frames out, frames in."""

    def __init__(self, url: str):
        match = re.match(r"ws://([^/:]+):(\d+)(/.*)", url)
        assert match, url
        self.sock = socket.create_connection((match.group(1), int(match.group(2))), timeout=30)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall(
            f"GET {match.group(3)} HTTP/1.1\r\nHost: {match.group(1)}:{match.group(2)}\r\n"
            f"Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
            "Sec-WebSocket-Version: 13\r\n\r\n".encode()
        )
        response = b""
        while b"\r\n\r\n" not in response:
            response += self.sock.recv(1)
        assert b" 101 " in response.split(b"\r\n", 1)[0], response

    def send(self, text: str) -> None:
        data = text.encode()
        mask = os.urandom(4)
        size = len(data)
        if size < 126:
            header = struct.pack(">BB", 0x81, 0x80 | size)
        elif size < 65536:
            header = struct.pack(">BBH", 0x81, 0x80 | 126, size)
        else:
            header = struct.pack(">BBQ", 0x81, 0x80 | 127, size)
        self.sock.sendall(header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(data)))

    def _exact(self, count: int) -> bytes:
        data = b""
        while len(data) < count:
            chunk = self.sock.recv(count - len(data))
            if not chunk:
                raise ConnectionError("DevTools connection closed")
            data += chunk
        return data

    def receive(self) -> str:
        message = b""
        while True:
            first, second = self._exact(2)
            size = second & 0x7F
            if size == 126:
                size = struct.unpack(">H", self._exact(2))[0]
            elif size == 127:
                size = struct.unpack(">Q", self._exact(8))[0]
            message += self._exact(size)
            if first & 0x80:
                return message.decode()

    def close(self) -> None:
        self.sock.close()


class Browser:
    """One headless Chromium tab: navigate, evaluate, read console errors, take screenshots."""

    def __init__(self, profile: Path):
        assert CHROMIUM is not None
        self.process = subprocess.Popen(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--no-first-run", "--no-default-browser-check", f"--user-data-dir={profile}",
             "--remote-debugging-port=0", "--remote-allow-origins=*", "--hide-scrollbars", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        )
        port = self._devtools_port(profile)
        request = urllib.request.Request(f"http://127.0.0.1:{port}/json/new?about:blank", method="PUT")
        with urllib.request.urlopen(request, timeout=30) as response:
            target = json.load(response)
        self.ws = WebSocket(target["webSocketDebuggerUrl"])
        self.next_id = 0
        self.events: list[dict[str, Any]] = []
        for domain in ("Page", "Runtime", "Log"):
            self.call(f"{domain}.enable")

    def _devtools_port(self, profile: Path) -> int:
        """Chromium writes the port it chose into the profile folder."""
        deadline = time.monotonic() + 30
        marker = profile / "DevToolsActivePort"
        while time.monotonic() < deadline:
            if marker.is_file() and marker.read_text().strip():
                return int(marker.read_text().split()[0])
            if self.process.poll() is not None:
                raise RuntimeError(f"Chromium exited: {self.process.stderr.read() if self.process.stderr else ''}")
            time.sleep(0.05)
        raise TimeoutError("Chromium did not open its DevTools port")

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.receive())
            if message.get("id") == self.next_id:
                assert "error" not in message, message
                return message.get("result", {})
            self.events.append(message)

    def wait_for(self, method: str, timeout: float = 20) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        for index, event in enumerate(self.events):
            if event.get("method") == method:
                return self.events.pop(index)
        while time.monotonic() < deadline:
            message = json.loads(self.ws.receive())
            if message.get("method") == method:
                return message
            self.events.append(message)
        raise TimeoutError(method)

    def open(self, url: str) -> None:
        self.events.clear()
        self.call("Page.navigate", url=url)
        self.wait_for("Page.loadEventFired")

    def evaluate(self, expression: str) -> Any:
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        assert "exceptionDetails" not in result, result
        return result["result"].get("value")

    def click_and_wait(self, selector: str) -> None:
        self.events.clear()
        self.evaluate(f"document.querySelector({json.dumps(selector)}).click()")
        self.wait_for("Page.loadEventFired")

    def console_errors(self) -> list[str]:
        self.evaluate("1")  # drain what arrived before
        errors = []
        for event in self.events:
            method, params = event.get("method"), event.get("params", {})
            if method == "Runtime.exceptionThrown":
                details = params["exceptionDetails"]
                errors.append(details.get("exception", {}).get("description") or details.get("text", "exception"))
            elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
                errors.append(json.dumps(params.get("args")))
            elif method == "Log.entryAdded" and params["entry"].get("level") == "error":
                errors.append(f"{params['entry'].get('text')} {params['entry'].get('url', '')}")
        return errors

    def screenshot(self, path: Path, width: int = 900) -> None:
        self.call("Emulation.setDeviceMetricsOverride", width=width, height=800, deviceScaleFactor=1, mobile=False)
        height = min(int(self.evaluate("document.documentElement.scrollHeight")), 1800)
        self.call("Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1, mobile=False)
        data = self.call("Page.captureScreenshot", format="png")["data"]
        path.write_bytes(base64.b64decode(data))

    def close(self) -> None:
        self.ws.close()
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    chromium = Browser(tmp_path_factory.mktemp("chromium-profile"))
    try:
        yield chromium
    finally:
        chromium.close()


# tests -------------------------------------------------------------------------------


def test_translated_article_loads_without_console_errors_and_the_switcher_leads_to_german(
    browser: Browser, server: str, tmp_path: Path
) -> None:
    browser.open(f"{server}es/{SLUG}/")
    assert browser.console_errors() == []
    assert browser.evaluate("document.documentElement.lang") == "es"
    assert browser.evaluate("document.querySelector('h1').textContent") == "¿Qué es el Microcurrent Facial?"
    assert browser.evaluate("document.querySelector('.featured-image').naturalWidth") == 960
    shots = REPO / "docs" if os.environ.get("I18NFLOW_UPDATE_SCREENSHOTS") else tmp_path
    browser.screenshot(shots / "screenshot-es.png")

    browser.click_and_wait(".language-switcher a[hreflang=de]")
    assert browser.evaluate("location.pathname") == f"/de/{SLUG}/"
    assert browser.console_errors() == []
    assert browser.evaluate("document.documentElement.lang") == "de"
    assert browser.evaluate("document.querySelector('.banner-machine').textContent") == (
        "Diese Übersetzung wurde maschinell erstellt und wartet auf Prüfung"
    )
    assert browser.evaluate("document.querySelectorAll('.post-body .i18n-machine').length") == 2
    browser.screenshot(shots / "screenshot-de.png")

    browser.click_and_wait(".language-switcher a[hreflang=ar]")
    assert browser.evaluate("getComputedStyle(document.body).direction") == "rtl"
    assert browser.evaluate("document.querySelector('.language-switcher [aria-current]').textContent") == "العربية"


def test_script_from_a_translation_never_runs(browser: Browser, server: str) -> None:
    browser.open(f"{server}es/safety-check/")
    browser.evaluate(
        "for (const el of document.querySelectorAll('*')) el.dispatchEvent(new MouseEvent('mouseover', {bubbles: true}))"
    )
    assert browser.evaluate("typeof window.__pwned") == "undefined"
    foreign = "[...document.querySelectorAll('script')].filter(s => !s.textContent.includes('__sourceScript'))"
    assert browser.evaluate(f"{foreign}.length + document.querySelectorAll('[onerror], [onmouseover]').length") == 0
    assert browser.evaluate("document.querySelector('.box').textContent") == "A box with bold text."
    assert browser.console_errors() == []


def test_a_stray_quote_hides_nothing_and_no_page_navigates_away(browser: Browser, server: str) -> None:
    for path in ("es/safety-check/", f"es/{SLUG}/", "es/"):
        browser.open(f"{server}{path}")
        time.sleep(0.5)  # a refresh of 0 seconds would have left by now
        assert browser.evaluate("location.pathname") == f"/{path}"
        assert browser.evaluate("document.title") != "PWNED"
        assert browser.evaluate("document.querySelectorAll('meta[http-equiv=refresh], [onerror]').length") == 0
        policy = browser.evaluate("document.querySelector('meta[http-equiv=Content-Security-Policy]').content")
        assert "script-src" in policy and "unsafe-inline" not in policy
    browser.open(f"{server}es/safety-check/")
    assert browser.evaluate("document.querySelector('.post-body p:nth-of-type(2)').textContent") == (
        "A quoted paragraph with care."
    )
    back = "[...document.querySelectorAll('a')].some(a => a.textContent === 'Back to all articles')"
    assert browser.evaluate(back)  # the site.po string fell back to the template's text


def test_the_source_posts_own_script_runs_by_its_hash_in_every_language(browser: Browser, server: str) -> None:
    for locale in ("en", "es"):
        browser.open(f"{server}{locale}/safety-check/")
        assert browser.evaluate("window.__sourceScript") == 1
        policy = browser.evaluate("document.querySelector('meta[http-equiv=Content-Security-Policy]').content")
        assert "'sha256-" in policy
        assert browser.console_errors() == []


def test_language_chooser_and_index_links_resolve(browser: Browser, server: str) -> None:
    browser.open(server)
    names = browser.evaluate("[...document.querySelectorAll('.language-chooser a')].map(a => a.textContent)")
    assert names == ["English", "Español", "Deutsch", "العربية"]
    browser.click_and_wait(".language-chooser a[hreflang=es]")
    assert browser.evaluate("location.pathname") == "/es/"
    assert browser.evaluate("document.querySelector('.index-title').textContent") == "Diario de la clínica"
    browser.click_and_wait(f".post-list a[href$='{SLUG}/']")
    assert browser.evaluate("location.pathname") == f"/es/{SLUG}/"
    assert browser.console_errors() == []


FRAGMENTS = ["<", ">", "'", '"', "=", "/", " ", "\t", "\n", "img", "a", "svg", "onerror=x", "src", "<!--", "--",
             "-->", "<!-->", "<!--->", "x", "<img", "<a", "</", "</a", "&", "&lt;", "<?", "<!", "[CDATA[", "]]>",
             "`", "<p", "<!doctype", "<script", "</script>", "<title>", "<textarea>", "<style>"]  # fmt: skip


def test_the_html_inventory_sees_every_tag_chromium_sees(browser: Browser) -> None:
    """Differential test of source/htmltags.py against the browser: for strings assembled from
    the characters that confuse tag scanners, whenever Chromium's HTML parser makes an element
    or an attribute out of a string set between two paragraphs, the inventory is not empty, so
    the publishing rule compares it with the source's."""
    import random

    from i18nflow.source.htmltags import html_items

    rng = random.Random(17)
    samples = ["".join(rng.choice(FRAGMENTS) for _ in range(rng.randint(2, 9))) for _ in range(600)]
    browser.open("about:blank")
    seen = browser.evaluate(
        "(" + json.dumps(samples) + ").map(s => {"
        "  const body = new DOMParser().parseFromString('<!doctype html><body><p>a</p>' + s + '<p>b</p>', 'text/html').body;"
        "  const all = [...body.querySelectorAll('*')];"
        "  return all.length !== 2 || all.some(e => e.tagName !== 'P' || e.attributes.length > 0)"
        "      || body.childNodes.length !== 2 + [...body.childNodes].filter(n => n.nodeType === 3).length"
        "      || body.querySelectorAll('p')[1]?.textContent !== 'b'; })"
    )
    missed = [sample for sample, html in zip(samples, seen, strict=True) if html and not html_items(sample)]
    assert sum(seen) > 100  # the samples do exercise the parser
    assert missed == []
