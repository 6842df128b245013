import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AxeResults, ImpactValue, RunOptions } from 'axe-core';
import type { Page } from 'playwright-core';

// axe-core's browser build, read from node_modules once: nothing is fetched over the network.
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core'), 'utf8');

/** WCAG 2.0, 2.1 and 2.2, levels A and AA. */
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];
const BLOCKING: readonly ImpactValue[] = ['serious', 'critical'];

/**
 * The one known exception, kept as narrow as a rule and a selector: a programme in the schedule grid is drawn
 * as wide (day) or tall (week) as it lasts, so a five-minute bulletin is a 10 px sliver. WCAG 2.5.8 exempts a
 * target whose size is essential to the information it conveys (a time-scaled grid, like a map), and the same
 * programme is a full-size row in the schedule's list view. Every other rule still runs on those blocks.
 */
const ESSENTIAL_SIZE = { rule: 'target-size', target: /^button\[data-programme="[^"]+"\]$/ };

/** One element that breaks one rule on one page. */
export interface TA11yFinding {
  where: string;
  rule: string;
  impact: ImpactValue;
  help: string;
  helpUrl: string;
  target: string;
  /** axe's account of the failure, e.g. the measured contrast ratio and colours. */
  summary: string;
}

/**
 * Runs axe over the page as it is now and returns its serious and critical WCAG A/AA violations.
 * The source goes in through page.evaluate rather than a <script> tag: the console's nonce CSP (rightly)
 * refuses an injected inline script, and a DevTools evaluation is not subject to it.
 */
export async function axeFindings(page: Page, where: string): Promise<TA11yFinding[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const options: RunOptions = {
    runOnly: { type: 'tag', values: WCAG_TAGS },
    resultTypes: ['violations'],
  };
  const results = await page.evaluate(
    (opts) =>
      (window as unknown as { axe: { run(context: Document, o: unknown): Promise<AxeResults> } }).axe.run(
        document,
        opts,
      ),
    options,
  );
  return results.violations.flatMap((violation) =>
    violation.nodes
      .map((node) => ({ node, impact: node.impact ?? violation.impact }))
      .filter(({ impact }) => impact && BLOCKING.includes(impact))
      .filter(
        ({ node }) =>
          violation.id !== ESSENTIAL_SIZE.rule || !ESSENTIAL_SIZE.target.test(node.target.join(' ')),
      )
      .map(({ node, impact }) => ({
        where,
        rule: violation.id,
        impact: impact ?? 'serious',
        help: violation.help,
        helpUrl: violation.helpUrl.replace(/\?.*$/, ''),
        target: node.target.join(' '),
        summary: (node.failureSummary ?? '')
          .replace(/^Fix (any|all) of the following:/, '')
          .replace(/\s+/g, ' ')
          .trim(),
      })),
  );
}

/**
 * A readable report: one block per broken element, with every page it was found on (the shell's elements
 * appear on every page, and are reported once).
 */
export function formatFindings(findings: readonly TA11yFinding[]): string {
  const groups = new Map<string, { first: TA11yFinding; pages: string[] }>();
  for (const finding of findings) {
    const key = `${finding.rule}|${finding.target}|${finding.summary}`;
    const group = groups.get(key) ?? { first: finding, pages: [] };
    group.pages.push(finding.where);
    groups.set(key, group);
  }
  const blocks = [...groups.values()].map(({ first, pages }) => {
    const shown = pages.slice(0, 6).join(', ') + (pages.length > 6 ? `, … (${pages.length} pages)` : '');
    return [
      `${first.impact} ${first.rule}: ${first.help} (${first.helpUrl})`,
      `  element: ${first.target}`,
      `  why:     ${first.summary}`,
      `  on:      ${shown}`,
    ].join('\n');
  });
  return `${findings.length} serious or critical accessibility violations:\n\n${blocks.join('\n\n')}`;
}
