/**
 * Browser contexts for one test, closed after it: a tab left open would keep
 * reconnecting and animating through every later test, and slow them all.
 */
import { type Browser, type BrowserContext, type BrowserContextOptions, expect, type Page } from "@playwright/test";

const open: BrowserContext[] = [];

/** A page in a context of its own (one simulated user). */
export async function newTab(browser: Browser, options?: BrowserContextOptions): Promise<Page> {
  const context = await browser.newContext(options);
  open.push(context);
  return context.newPage();
}

/** Closes every context this test opened. */
export async function closeTabs(): Promise<void> {
  await Promise.all(open.splice(0).map((context) => context.close()));
}

/** `count` tabs on `url`, each in its own context, once each has joined (shows its worker id). */
export async function openTabs(browser: Browser, url: string, count: number): Promise<Page[]> {
  const pages = await Promise.all(Array.from({ length: count }, async () => newTab(browser)));
  await Promise.all(pages.map((page) => page.goto(url)));
  for (const page of pages) await expect(page.getByTestId("worker-id")).toHaveText(/^\d+$/);
  return pages;
}
