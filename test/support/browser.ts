/**
 * Real Chromium for browser tests (Debian's package, driven by playwright-core; no browser
 * download). Missing Chromium skips the browser tests loudly on a developer's machine and fails
 * them under CI=true.
 */
import { existsSync } from "node:fs";
import { type Browser, chromium } from "playwright-core";
import { describe, it } from "vitest";

export const CHROMIUM_PATH = process.env.FIELDWORK_CHROMIUM ?? "/usr/bin/chromium";

export const chromiumAvailable = (): boolean => existsSync(CHROMIUM_PATH);

export const launchBrowser = (): Promise<Browser> =>
  chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-dev-shm-usage",
    ],
  });

/** Declares a browser suite, or a loud skip / CI failure when Chromium is missing. */
export const describeInBrowser = (title: string, fn: () => void): void => {
  if (chromiumAvailable()) {
    describe(title, fn);
  } else if (process.env.CI === "true") {
    describe(title, () => {
      it("needs Chromium (CI=true)", () => {
        throw new Error(`Chromium not found at ${CHROMIUM_PATH}: CI must install Debian's chromium package.`);
      });
    });
  } else {
    process.stderr.write(
      `\n*** SKIPPING browser tests "${title}": no Chromium at ${CHROMIUM_PATH} (apt-get install chromium).\n\n`,
    );
    describe.skip(title, fn);
  }
};
