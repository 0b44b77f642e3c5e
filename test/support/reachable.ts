import type { Page } from 'playwright-core';

/**
 * Controls (buttons, inputs, selects) under `root` that a user cannot reach: after scrolling
 * them into view they are still outside the window, or something else covers their middle
 * (a clipped panel, an overlapping preview). Hidden controls are not on screen and are skipped.
 * Returns a description of each one, empty when all are reachable.
 */
export async function unreachableControls(page: Page, root: string): Promise<string[]> {
  // A screen still loading its lists re-renders under the check (a control found a moment ago
  // is gone): then the whole screen is checked again, up to three times.
  for (let attempt = 1; ; attempt++) {
    try {
      return await scanControls(page, root);
    } catch (error) {
      if (attempt >= 3 || !/not attached|detached/i.test(String(error))) throw error;
    }
  }
}

async function scanControls(page: Page, root: string): Promise<string[]> {
  const controls = await page
    .locator(`${root} button, ${root} input:not([type=hidden]), ${root} select`)
    .all();
  const bad: string[] = [];
  for (const control of controls) {
    if (!(await control.isVisible())) continue;
    await control.scrollIntoViewIfNeeded();
    const problem = await control.evaluate((el) => {
      // A script can scroll a panel whose overflow is hidden; a user cannot. If reaching the
      // control took such a scroll (or scrolled the window, which the app never shows a
      // scrollbar for), it is out of reach: undo the scroll and say so.
      const clipped: Element[] = [];
      for (let a = el.parentElement; a; a = a.parentElement) {
        const style = getComputedStyle(a);
        const hidden = (o: string) => o === 'hidden' || o === 'clip';
        if (
          (hidden(style.overflowX) && a.scrollLeft > 0) ||
          (hidden(style.overflowY) && a.scrollTop > 0)
        )
          clipped.push(a);
      }
      if (window.scrollX !== 0 || window.scrollY !== 0 || clipped.length > 0) {
        const where = clipped[0]
          ? `${clipped[0].tagName.toLowerCase()}.${String(clipped[0].className)}`
          : 'the window';
        for (const a of clipped) a.scrollTo(0, 0);
        window.scrollTo(0, 0);
        return `only reachable by scrolling ${where}, which has no scrollbar`;
      }
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) return null;
      const slack = 1;
      if (
        r.left < -slack ||
        r.top < -slack ||
        r.right > window.innerWidth + slack ||
        r.bottom > window.innerHeight + slack
      )
        return `outside the window (${Math.round(r.left)},${Math.round(r.top)} to ${Math.round(r.right)},${Math.round(r.bottom)})`;
      const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      const label = el instanceof HTMLInputElement ? el.closest('label') : null;
      if (top && (el === top || el.contains(top) || label?.contains(top))) return null;
      return `covered by ${top ? `${top.tagName.toLowerCase()}.${String(top.className)}` : 'nothing'}`;
    });
    if (problem) {
      const name =
        (await control.getAttribute('data-testid')) ??
        (await control.getAttribute('aria-label')) ??
        ((await control.textContent()) ||
          (await control.evaluate((el) => el.outerHTML.slice(0, 80))));
      bad.push(`${name.trim()}: ${problem}`);
    }
  }
  return bad;
}
