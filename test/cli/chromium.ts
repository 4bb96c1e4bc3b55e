/** Headless Chromium (Debian's `chromium` package) for tests that look at a page: its DOM after parsing, and a screenshot. */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { pathToFileURL } from "node:url";

const run = promisify(execFile);

const CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

export const chromiumPath = (): string | undefined => CANDIDATES.find((p) => fs.existsSync(p));

/** No network for the page: a self-contained report must render with every request refused. */
const FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-extensions",
    "--proxy-server=127.0.0.1:9",
    "--proxy-bypass-list=<-loopback>",
];

async function chromium(args: string[], timeoutMs: number): Promise<string> {
    const binary = chromiumPath();
    if (!binary) throw new Error("chromium is not installed (apt-get install -y chromium)");
    const { stdout } = await run(binary, [...FLAGS, ...args], {
        timeout: timeoutMs,
        maxBuffer: 32 * 1024 * 1024,
        killSignal: "SIGKILL",
    });
    return stdout;
}

/** The page's DOM as Chromium serialises it after loading `file`. */
export const dumpDom = (file: string, timeoutMs = 60_000): Promise<string> =>
    chromium(["--dump-dom", pathToFileURL(file).href], timeoutMs);

/** Saves a PNG of the page at `width`×`height` CSS pixels. */
export async function screenshot(
    file: string,
    png: string,
    width = 1280,
    height = 1400,
    timeoutMs = 60_000,
): Promise<void> {
    fs.mkdirSync(path.dirname(png), { recursive: true });
    await chromium(
        [`--screenshot=${png}`, `--window-size=${width},${height}`, "--hide-scrollbars", pathToFileURL(file).href],
        timeoutMs,
    );
    if (!fs.existsSync(png)) throw new Error(`chromium wrote no screenshot to ${png}`);
}
