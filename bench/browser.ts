// The browser the page figures (P6–P8) are measured in: Debian's chromium, never a downloaded one,
// launched once per bench and closed on the way out (also after an error).
import { chromium, type Browser } from "@playwright/test";

const CHROMIUM = "/usr/bin/chromium";
const ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

let open: Browser | null = null;

export async function launchBrowser(): Promise<Browser> {
  if (open) return open;
  open = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  return open;
}

/** Closes the browser if one was launched; safe to call more than once. */
export async function closeBrowser(): Promise<void> {
  const b = open;
  open = null;
  if (b) await b.close().catch(() => undefined);
}
