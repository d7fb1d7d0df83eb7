"""`make a11y`: check the HTML twins with axe-core in a real headless Chromium.

    python scripts/a11y.py [--axe PATH] [--width 1280 --width 390] [TWIN.html ...]

With no paths it renders the sample input (as at 23 November 2026) into a temporary folder
and checks the four web pages a run publishes: html/annual-partnership-report.html,
html/quarterly-governance-report.html, public/annual-partnership-report.html and
public/significant-partnerships.html. Each page is opened in Debian's Chromium through its
chromedriver (Selenium, never a downloaded browser or driver) at each width, 1280 and 390 px
by default (the narrow one as a phone: the page's viewport meta tag decides its layout width),
axe-core (axe.min.js, which `make a11y` installs from npm into .cache/axe/) is injected and
run on the whole document for WCAG 2.0, 2.1 and 2.2 A and AA. Every violation is printed, by
rule with its impact, help and a few of the elements it found; the exit status is 1 if there
was any, 0 if none.

tests/test_a11y.py imports `missing`, `sample_twins` and `check` from here.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
AXE_JS = ROOT / ".cache" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
SAMPLE_INPUT = ROOT / "input"
SAMPLE_AS_OF = "2026-11-23"
WIDTHS = (1280, 390)
PHONE_BELOW = 600  # px: a width under this is opened as a phone (touch, viewport meta honoured)
HEIGHT = 900
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
TWINS = (
    "html/annual-partnership-report.html",
    "html/quarterly-governance-report.html",
    "public/annual-partnership-report.html",
    "public/significant-partnerships.html",
)
NODES_SHOWN = 3


def _found(program: str, default: str) -> str | None:
    """`default` if it is there, else `program` on the PATH."""
    return default if Path(default).exists() else shutil.which(program)


def missing(axe: Path = AXE_JS) -> list[str]:
    """What the check needs and this machine lacks, each with how to get it; [] when ready."""
    lacking = []
    if _found("chromium", CHROMIUM) is None:
        lacking.append("Debian's chromium (apt-get install chromium)")
    if _found("chromedriver", CHROMEDRIVER) is None:
        lacking.append("Debian's chromedriver (apt-get install chromium-driver)")
    try:
        import selenium  # noqa: F401
    except ImportError:
        lacking.append("selenium in the virtualenv (pip install -e '.[a11y]', or make a11y)")
    if not axe.is_file():
        lacking.append(f"axe-core's {axe.relative_to(ROOT) if axe.is_relative_to(ROOT) else axe}"
                       " (npm install --prefix .cache/axe axe-core, or make a11y)")  # fmt: skip
    return lacking


def sample_twins(folder: Path) -> list[Path]:
    """The sample input's reports rendered into `folder`: the paths of its four web pages."""
    from pipeline.cli import main

    output = folder / "output"
    arguments = ["report", "--input", str(SAMPLE_INPUT), "--output", str(output)]
    status = main([*arguments, "--as-of", SAMPLE_AS_OF])
    if status != 0:
        raise SystemExit(f"the sample reports did not render (exit status {status})")
    (period,) = (path for path in output.iterdir() if path.is_dir())
    return [period / twin for twin in TWINS]


@dataclass
class Violation:
    rule: str
    impact: str
    help: str
    help_url: str
    targets: list[str] = field(default_factory=list)  # CSS selectors of the elements
    summaries: list[str] = field(default_factory=list)  # why each failed, first line
    count: int = 0  # elements affected


@dataclass
class PageResult:
    page: Path
    width: int
    violations: list[Violation]

    @property
    def label(self) -> str:
        return f"{self.page.parent.name}/{self.page.name} at {self.width} px"


@contextmanager
def chromium() -> Iterator[Any]:
    """Debian's headless Chromium through Debian's chromedriver: Selenium Manager is never
    asked to find or download a browser or driver."""
    os.environ.setdefault("SE_OFFLINE", "true")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = _found("chromium", CHROMIUM) or CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                     "--disable-dev-shm-usage", "--allow-file-access-from-files",
                     f"--window-size={WIDTHS[0]},{HEIGHT}"):  # fmt: skip
        options.add_argument(argument)
    service = Service(executable_path=_found("chromedriver", CHROMEDRIVER) or CHROMEDRIVER)
    driver = webdriver.Chrome(service=service, options=options)
    driver.set_script_timeout(120)
    try:
        yield driver
    finally:
        driver.quit()


def _set_width(driver: Any, width: int) -> None:
    """The page's viewport `width` CSS px wide; under PHONE_BELOW as a phone would show it."""
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": HEIGHT, "deviceScaleFactor": 1, "mobile": width < PHONE_BELOW},
    )


# The elements that stick out past the right edge of the screen, outermost first, leaving
# out those inside a box that scrolls sideways itself (a wide table may: WCAG 1.4.10).
OVERFLOWING = """
const width = document.documentElement.clientWidth;
const scrolls = el => { for (let p = el.parentElement; p; p = p.parentElement) {
  const x = getComputedStyle(p).overflowX; if (x === 'auto' || x === 'scroll') return true; }
  return false; };
const out = [];
for (const el of document.body.querySelectorAll('*')) {
  if (el.getBoundingClientRect().right > width + 1 && !scrolls(el)
      && !out.some(o => o.contains(el))) out.push(el);
}
const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
  + (el.className && typeof el.className === 'string'
     ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
return [document.documentElement.scrollWidth, out.length, out.slice(0, 3).map(name)];
"""


SHEET_IN_NAME = (
    'A table or figure is named with its "Sheet: X" note: name it by its caption\'s words'
)
NO_NAME = (
    "A table or figure with a caption has no name: a figcaption names its figure only as its"
    " first or last child, and aria-labelledby only by an id on the page"
)


def _names(driver: Any) -> tuple[list[str], list[str]]:
    """Tables and figures with a caption whose accessible name, as Chromium computes it (what
    a screen reader announces on entering one), holds a "Sheet: X" note, and those left with
    no name at all."""
    from selenium.webdriver.common.by import By

    with_sheet, unnamed = [], []
    for element in driver.find_elements(By.CSS_SELECTOR, "table, figure"):
        caption = element.find_elements(By.CSS_SELECTOR, ":scope > caption, figcaption")
        if not caption:
            continue
        name = element.accessible_name or ""
        label = element.get_attribute("id") or caption[0].text.split("\n")[0][:60]
        if "Sheet:" in name:
            with_sheet.append(f"{element.tag_name} {label!r}: named {name!r}")
        elif not name.strip():
            unnamed.append(f"{element.tag_name} {label!r}")
    return with_sheet, unnamed


def _own_violations(driver: Any, width: int) -> list[Violation]:
    """The pipeline's own checks, which axe-core leaves to people: the page lays out at the
    screen's width (a viewport meta tag); nothing but a box that scrolls runs off it; and each
    table's or figure's name is its caption's words, without the "Sheet: X" note that follows
    them (read once, as the caption's last words, not with every announcement of the name)."""
    found = []
    inner = driver.execute_script("return window.innerWidth")
    if inner != width:
        found.append(
            Violation(
                rule="viewport (own check)",
                impact="serious",
                help=f"The page lays out {inner} px wide on a {width} px screen: it needs "
                '<meta name="viewport" content="width=device-width, initial-scale=1">',
                help_url="https://www.w3.org/WAI/WCAG22/Understanding/reflow.html",
                count=1,
            )
        )
    scroll_width, count, targets = driver.execute_script(OVERFLOWING)
    if count:
        found.append(
            Violation(
                rule="reflow (own check)",
                impact="serious",
                help=f"The page scrolls sideways ({scroll_width} px wide on {inner} px): "
                "each element named runs past the edge, and no box of its own scrolls",
                help_url="https://www.w3.org/WAI/WCAG22/Understanding/reflow.html",
                targets=targets,
                summaries=[""] * len(targets),
                count=count,
            )
        )
    with_sheet, unnamed = _names(driver)
    for rule, elements, help_text in (
        ("sheet-in-name (own check)", with_sheet, SHEET_IN_NAME),
        ("caption-name (own check)", unnamed, NO_NAME),
    ):
        if elements:
            found.append(
                Violation(
                    rule=rule,
                    impact="moderate",
                    help=help_text,
                    help_url="https://www.w3.org/WAI/WCAG22/Understanding/info-and-relationships.html",
                    targets=elements[:NODES_SHOWN],
                    summaries=[""] * len(elements[:NODES_SHOWN]),
                    count=len(elements),
                )
            )
    return found


RUN_AXE = """
const done = arguments[arguments.length - 1];
axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations']})
  .then(results => done(JSON.stringify(results.violations)))
  .catch(error => done(JSON.stringify({error: String(error)})));
"""


def _first_reason(node: dict[str, Any]) -> str:
    """axe-core's reason an element failed, its first line ("Fix any of the following:"
    left out)."""
    lines = [line.strip() for line in (node.get("failureSummary") or "").splitlines()]
    reasons = [line for line in lines if line and not line.startswith("Fix ")]
    return reasons[0] if reasons else ""


def _violations(raw: list[dict[str, Any]]) -> list[Violation]:
    return [
        Violation(
            rule=rule["id"],
            impact=rule.get("impact") or "",
            help=rule.get("help", ""),
            help_url=rule.get("helpUrl", "").split("?")[0],
            targets=[" ".join(map(str, node["target"])) for node in rule["nodes"][:NODES_SHOWN]],
            summaries=[_first_reason(node) for node in rule["nodes"][:NODES_SHOWN]],
            count=len(rule["nodes"]),
        )
        for rule in raw
    ]


def check(
    pages: Iterable[Path], *, axe: Path = AXE_JS, widths: Iterable[int] = WIDTHS
) -> list[PageResult]:
    """axe-core's WCAG 2.2 AA violations on each page at each width."""
    source = axe.read_text(encoding="utf-8")
    results = []
    with chromium() as driver:
        for page in pages:
            for width in widths:
                _set_width(driver, width)
                driver.get(page.resolve().as_uri())
                own = _own_violations(driver, width)
                driver.execute_script(source)
                answer = json.loads(driver.execute_async_script(RUN_AXE, TAGS))
                if "error" in answer:  # a list of violations, or {"error": …}
                    raise RuntimeError(f"{page}: axe-core failed: {answer['error']}")
                results.append(PageResult(page, width, own + _violations(answer)))
    return results


def report(results: list[PageResult]) -> str:
    """The results as an officer would read them: each page and width, then its violations."""
    lines = []
    for result in results:
        if not result.violations:
            lines.append(f"{result.label}: no violations")
            continue
        total = sum(v.count for v in result.violations)
        lines.append(f"{result.label}: {len(result.violations)} rules violated, {total} elements")
        for v in result.violations:
            lines.append(f"  {v.rule} ({v.impact}, {v.count} elements): {v.help}")
            lines.append(f"    {v.help_url}")
            for target, summary in zip(v.targets, v.summaries, strict=True):
                lines.append(f"    - {target}" + (f": {summary}" if summary else ""))
            if v.targets and v.count > len(v.targets):
                lines.append(f"    - … and {v.count - len(v.targets)} more")
    counts: dict[str, int] = {}
    for result in results:
        for v in result.violations:
            counts[v.rule] = counts.get(v.rule, 0) + v.count
    if counts:
        lines.append(
            "Violations by rule: " + ", ".join(f"{r} {n}" for r, n in sorted(counts.items()))
        )
    else:
        lines.append(f"No WCAG 2.2 AA violations on {len(results)} page views.")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pages", nargs="*", type=Path, help="HTML files (default: the sample's)")
    parser.add_argument("--axe", type=Path, default=AXE_JS, help="axe.min.js")
    parser.add_argument("--width", type=int, action="append", help="px (default: 1280 and 390)")
    arguments = parser.parse_args(argv)
    lacking = missing(arguments.axe)
    if lacking:
        print("The accessibility check needs:\n" + "\n".join(f"  {item}" for item in lacking))
        return 2
    with tempfile.TemporaryDirectory(prefix="a11y-") as folder:
        pages = arguments.pages or sample_twins(Path(folder))
        results = check(pages, axe=arguments.axe, widths=arguments.width or WIDTHS)
    print(report(results))
    return 1 if any(result.violations for result in results) else 0


if __name__ == "__main__":
    sys.exit(main())
