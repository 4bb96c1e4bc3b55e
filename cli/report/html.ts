/**
 * `certdeploy report --html FILE`: one self-contained page (inline CSS, no
 * script, no external request: its Content-Security-Policy forbids them) with
 * a card per certificate, grouped by board state. Opened from disk, mailed,
 * or kept as a CI artifact, it reads the same.
 *
 * Every text goes through `escapeHtml`; the fields shown are the report's
 * (never a secret: those arrive as "[secret]") and the redacted lastDeployment message.
 */
import { redact } from "../../provider/deploy/errors";
import { daysLeftText } from "../dates";
import type { Consumer } from "./consumers";
import type { CertificateRow } from "./stack-export";
import { BOARD_STATES, boardState, type BoardState } from "./status";

export interface HtmlReportInput {
    rows: readonly CertificateRow[];
    consumers: ReadonlyMap<string, readonly Consumer[]>;
    sources: readonly string[];
    generatedAt: Date;
    expiringWithinDays: number;
}

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c]);

const TARGET_LABELS = { acm: "AWS Certificate Manager", keyvault: "Azure Key Vault" } as const;

const groupTitle = (state: BoardState, days: number): string => {
    if (state === "failed") return "Last deployment failed or rolled back";
    if (state === "expiring") return `Expiring within ${days} days`;
    return "Healthy";
};

const RESULT_LABELS: Record<string, string> = {
    succeeded: "succeeded",
    rolled_back: "rolled back",
    rollback_failed: "rollback failed",
};

function field(label: string, value: string | undefined, className = ""): string {
    if (value === undefined || value === "") return "";
    return `<dt>${escapeHtml(label)}</dt><dd${className ? ` class="${className}"` : ""}>${value}</dd>`;
}

const code = (text: string): string => `<code>${escapeHtml(text)}</code>`;

function consumerList(consumers: readonly Consumer[]): string | undefined {
    if (consumers.length === 0) return undefined;
    const items = consumers.map(
        (c) =>
            `<li>${escapeHtml(c.name)} <span class="muted">${escapeHtml(c.type)} · ${escapeHtml(c.property)}</span></li>`,
    );
    return `<ul class="consumers">${items.join("")}</ul>`;
}

function lastResultText(row: CertificateRow): string {
    const result =
        row.lastDeployment === undefined ? "unknown" : (RESULT_LABELS[row.lastDeployment] ?? row.lastDeployment);
    return escapeHtml(row.attemptedAt === undefined ? result : `${result} · ${row.attemptedAt}`);
}

function expiryText(row: CertificateRow): { big: string; small: string } {
    if (row.daysToExpiry === undefined) return { big: "?", small: "expiry unknown" };
    if (row.daysToExpiry < 0) return { big: String(-row.daysToExpiry), small: "days since expiry" };
    return { big: String(row.daysToExpiry), small: row.daysToExpiry === 1 ? "day to expiry" : "days to expiry" };
}

function card(row: CertificateRow, state: BoardState, consumers: readonly Consumer[]): string {
    const expiry = expiryText(row);
    const expired = row.daysToExpiry !== undefined && row.daysToExpiry < 0;
    const badges = [
        expired ? `<span class="badge bad">expired</span>` : "",
        row.pendingDelete ? `<span class="badge">pending delete</span>` : "",
    ].join("");
    const attrs = [
        `data-urn="${escapeHtml(row.urn)}"`,
        `data-state="${state}"`,
        `data-target="${row.target}"`,
        `data-days="${row.daysToExpiry ?? ""}"`,
        `data-result="${escapeHtml(row.lastDeployment ?? "")}"`,
    ].join(" ");
    return [
        `<article class="card ${state}" ${attrs}>`,
        `<header><h3>${escapeHtml(row.name)}</h3>${badges}<p class="target">${TARGET_LABELS[row.target]} · ${escapeHtml(row.project)}/${escapeHtml(row.stack)}</p></header>`,
        `<p class="days${expired ? " bad" : ""}"><strong>${expiry.big}</strong> ${expiry.small}</p>`,
        "<dl>",
        field(
            "Expires",
            row.notAfter === undefined
                ? undefined
                : escapeHtml(
                      `${row.notAfter} (${row.daysToExpiry === undefined ? "?" : daysLeftText(row.daysToExpiry)})`,
                  ),
        ),
        field("Last deployment", lastResultText(row), `result ${escapeHtml(row.lastDeployment ?? "unknown")}`),
        field("Serial", row.serial === undefined ? undefined : code(row.serial)),
        field(
            row.target === "acm" ? "Region" : "Vault",
            row.location === undefined ? undefined : escapeHtml(row.location),
        ),
        field("Served as", row.servedAs.map(code).join("<br>")),
        field("Used by", consumerList(consumers)),
        "</dl>",
        row.lastMessage === undefined || row.lastDeployment === "succeeded"
            ? ""
            : `<p class="message">${escapeHtml(redact(row.lastMessage))}</p>`,
        "</article>",
    ].join("");
}

const STYLE = `
:root{color-scheme:light;--bad:#b42318;--warn:#b54708;--ok:#067647;--line:#d0d5dd;--muted:#667085}
*{box-sizing:border-box}body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#101828;background:#f9fafb}
header.page{padding:20px 28px;background:#fff;border-bottom:1px solid var(--line)}h1{margin:0 0 4px;font-size:20px}
.summary{display:flex;gap:12px;margin-top:12px;flex-wrap:wrap}.summary span{padding:4px 10px;border-radius:999px;border:1px solid var(--line);background:#fff}
.summary .failed{color:var(--bad)}.summary .expiring{color:var(--warn)}.summary .healthy{color:var(--ok)}
main{padding:8px 28px 28px}section h2{font-size:16px;margin:20px 0 10px}section.empty p{color:var(--muted)}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(380px,1fr));gap:14px}
.card{background:#fff;border:1px solid var(--line);border-left:6px solid var(--ok);border-radius:8px;padding:14px 16px;overflow-wrap:anywhere}
.card.failed{border-left-color:var(--bad)}.card.expiring{border-left-color:var(--warn)}
.card h3{display:inline;margin:0 8px 0 0;font-size:16px}.card .target{margin:2px 0 0;color:var(--muted)}
.badge{display:inline-block;font-size:12px;padding:1px 8px;border-radius:999px;background:#f2f4f7;margin-right:4px}.badge.bad{background:#fee4e2;color:var(--bad)}
.days{margin:10px 0}.days strong{font-size:28px;margin-right:4px}.days.bad strong{color:var(--bad)}
dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 12px;margin:0}dt{color:var(--muted)}dd{margin:0}
.result.rolled_back,.result.rollback_failed{color:var(--bad);font-weight:600}.result.succeeded{color:var(--ok)}
code{font:12px ui-monospace,SFMono-Regular,Menlo,monospace}.consumers{margin:0;padding-left:18px}.muted{color:var(--muted)}
.message{margin:10px 0 0;padding:8px 10px;background:#fef3f2;border-radius:6px;font-size:12px}
`;

export function renderHtmlReport(input: HtmlReportInput): string {
    const days = input.expiringWithinDays;
    const byState = new Map<BoardState, CertificateRow[]>(BOARD_STATES.map((s) => [s, []]));
    for (const row of input.rows) byState.get(boardState(row, days))?.push(row);
    const sections = BOARD_STATES.map((state) => {
        const rows = byState.get(state) ?? [];
        const cards = rows.map((r) => card(r, state, input.consumers.get(r.urn) ?? [])).join("\n");
        const body = rows.length === 0 ? "<p>None.</p>" : `<div class="cards">\n${cards}\n</div>`;
        return `<section id="${state}" class="${rows.length === 0 ? "empty" : ""}" data-count="${rows.length}"><h2>${escapeHtml(groupTitle(state, days))} (${rows.length})</h2>${body}</section>`;
    });
    const counts = BOARD_STATES.map(
        (s) => `<span class="${s}">${escapeHtml(groupTitle(s, days))}: ${byState.get(s)?.length ?? 0}</span>`,
    ).join("");
    return [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        `<title>certdeploy certificates · ${escapeHtml(input.generatedAt.toISOString())}</title>`,
        `<style>${STYLE}</style></head><body>`,
        `<header class="page"><h1>certdeploy certificates</h1>`,
        `<div class="muted">${input.rows.length} certificates from ${input.sources.map(escapeHtml).join(", ")} · generated ${escapeHtml(input.generatedAt.toISOString())}</div>`,
        `<div class="summary">${counts}</div></header>`,
        `<main>\n${sections.join("\n")}\n</main></body></html>\n`,
    ].join("\n");
}
