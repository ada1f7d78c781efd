"""SiteOutput: the preview's files land below the site folder only, however the path is spelled
and whatever links sit inside that folder (it resolves each folder once, not each path)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from i18nflow.errors import I18nflowError
from i18nflow.fsutil import confined
from i18nflow.problems import Problems
from i18nflow.site.output import SiteOutput


@pytest.fixture
def out(tmp_path: Path) -> Iterator[Path]:
    root = tmp_path / "project"
    site = root / "build/site"
    site.mkdir(parents=True)
    with confined(root):
        yield site.resolve()


def _output(out: Path) -> SiteOutput:
    return SiteOutput(out, Problems(root=out.parent.parent))


def test_pages_are_written_below_the_site_folder_and_counted(out: Path) -> None:
    output = _output(out)
    output.write("es/post/index.html", b"<p>hola</p>")
    output.write("./es/../es/other/index.html", b"<p>otra</p>")
    output.write("es/post/index.html", b"<p>hola</p>")
    assert (out / "es/post/index.html").read_bytes() == b"<p>hola</p>"
    assert (out / "es/other/index.html").read_bytes() == b"<p>otra</p>"
    assert output.written == ["es/post/index.html", "./es/../es/other/index.html"]
    assert output.unchanged == 1


@pytest.mark.parametrize("relative", ["../escape.html", "es/../../escape.html", "/tmp/escape.html", ".."])
def test_a_name_that_climbs_out_is_refused(out: Path, relative: str) -> None:
    with pytest.raises(I18nflowError, match="outside the site folder"):
        _output(out).write(relative, b"x")
    assert not (out.parent / "escape.html").exists()


def test_a_linked_folder_that_leads_outside_is_refused(out: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (out / "es").symlink_to(outside)
    output = _output(out)
    for name in ("es/post/index.html", "es/index.html"):
        with pytest.raises(I18nflowError, match="outside the site folder"):
            output.write(name, b"x")
    assert list(outside.iterdir()) == []


def test_a_linked_page_that_leads_outside_is_refused(out: Path, tmp_path: Path) -> None:
    target = tmp_path / "victim.html"
    target.write_bytes(b"keep")
    (out / "es/post").mkdir(parents=True)
    (out / "es/post/index.html").symlink_to(target)
    with pytest.raises(I18nflowError, match="outside the site folder"):
        _output(out).write("es/post/index.html", b"x")
    assert target.read_bytes() == b"keep"


def test_a_link_that_stays_inside_is_followed(out: Path) -> None:
    (out / "real").mkdir()
    (out / "es").symlink_to(out / "real")
    _output(out).write("es/post/index.html", b"x")
    assert (out / "real/post/index.html").read_bytes() == b"x"
