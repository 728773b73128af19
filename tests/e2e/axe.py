"""axe-core, vendored and pinned (tests/e2e/vendor/README.md), run in the page under test: the WCAG 2.1 A
and AA rules. Injected from the file on disk, so it needs no network."""

from __future__ import annotations

import hashlib
from pathlib import Path

AXE_VERSION = "4.10.3"
AXE_SHA256 = "880970c081707360e64f34cea25ff91892f5bc95675b0776925b9709dd8a68bb"
AXE_PATH = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def vendored_axe_is_intact() -> bool:
    return hashlib.sha256(AXE_PATH.read_bytes()).hexdigest() == AXE_SHA256


def axe_violations(page) -> list[str]:
    """The WCAG 2.1 A/AA violations on the current page, one line per rule with up to three of its
    elements (selector and axe's summary of what is wrong)."""
    if not page.evaluate("() => typeof window.axe === 'object'"):  # not injected by context.add_init_script
        page.add_script_tag(path=str(AXE_PATH))
    violations = page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {
                runOnly: {type: 'tag', values: tags},
                resultTypes: ['violations'],
            });
            return result.violations.map(v => ({
                id: v.id,
                impact: v.impact,
                nodes: v.nodes.slice(0, 3).map(
                    n => n.target.join(' ') + ': ' + n.failureSummary.replace(/\\s+/g, ' ')
                ),
                count: v.nodes.length,
            }));
        }""",
        WCAG_21_AA,
    )
    return [f"{v['id']} ({v['impact']}, {v['count']}x): {' | '.join(v['nodes'])}" for v in violations]
