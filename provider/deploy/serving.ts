/**
 * Serving checks (DESIGN.md §10): is the deployed certificate what clients
 * see? A TLS handshake with SNI to each endpoint, comparing the served leaf's
 * SHA-256 fingerprint with the deployed one, polled until it matches or that
 * check's timeout passes; every check in parallel. It compares, it does not
 * authenticate: no trust decision is made on the served chain
 * (`rejectUnauthorized: false`), and nothing is sent after the handshake.
 *
 * ```
 * await runServingChecks([{ endpoint: "api.example.com:443", timeoutSeconds: 60 }], "ab:cd:…")
 * → [{ endpoint: "api.example.com:443", matched: true, servedFingerprintSha256: "ab:cd:…", checkedAt: "2026-12-01T12:00:00.000Z" }]
 * ```
 */
import * as tls from "node:tls";
import type { ServingCheck, ServingStatus } from "../../sdk/schema-types";
import { sha256Fingerprint } from "../material/certificate";
import { describeError } from "./errors";
import { parseServingEndpoint, sniFor } from "./serving-endpoint";

export type { ServingCheck, ServingStatus };

export const DEFAULT_SERVING_TIMEOUT_SECONDS = 300;
const DEFAULT_POLL_INTERVAL_MS = 5_000;
const DEFAULT_HANDSHAKE_TIMEOUT_MS = 10_000;

export interface ServingOptions {
    /** Pause between handshakes of one check. Default `CERTDEPLOY_SERVING_POLL_MS`, else 5 s. */
    pollIntervalMs?: number;
    /** Bound on one handshake (connect + TLS), also cut to what is left of the check's timeout. Default `CERTDEPLOY_SERVING_HANDSHAKE_MS`, else 10 s. */
    handshakeTimeoutMs?: number;
    /** Replaces every check's `timeoutSeconds` (the CLI's `--timeout`). */
    timeoutSeconds?: number;
}

/** Options from the environment, as verify's patience is (tests shorten the poll interval). */
export function servingOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): ServingOptions {
    return {
        pollIntervalMs: nonNegative(env.CERTDEPLOY_SERVING_POLL_MS, DEFAULT_POLL_INTERVAL_MS),
        handshakeTimeoutMs: nonNegative(env.CERTDEPLOY_SERVING_HANDSHAKE_MS, DEFAULT_HANDSHAKE_TIMEOUT_MS),
    };
}

/** Polls every check until its endpoint serves `expectedFingerprintSha256` or its timeout passes; answers in `checks` order. */
export function runServingChecks(
    checks: readonly ServingCheck[],
    expectedFingerprintSha256: string,
    options?: ServingOptions,
): Promise<ServingStatus[]> {
    const expected = normalise(expectedFingerprintSha256);
    return pollAll(checks, (served) => served === expected, options);
}

/**
 * Polls every check until its endpoint serves a leaf other than
 * `oldFingerprintSha256` (blue/green: the predecessor may be deleted once no
 * consumer serves it). `matched` then means "no longer serves the old leaf";
 * an endpoint that cannot be reached proves nothing, so it is not matched.
 */
export function waitUntilNotServed(
    checks: readonly ServingCheck[],
    oldFingerprintSha256: string,
    options?: ServingOptions,
): Promise<ServingStatus[]> {
    const old = normalise(oldFingerprintSha256);
    return pollAll(checks, (served) => served !== old, options);
}

/** The checks that did not match: required ones fail a deployment, the others warn. */
export function unmatched(
    checks: readonly ServingCheck[],
    statuses: readonly ServingStatus[],
): { required: ServingStatus[]; optional: ServingStatus[] } {
    const missed = statuses
        .map((status, i) => ({ status, required: checks[i]?.required === true }))
        .filter((s) => !s.status.matched);
    return {
        required: missed.filter((s) => s.required).map((s) => s.status),
        optional: missed.filter((s) => !s.required).map((s) => s.status),
    };
}

/** One line per unmatched check, for warnings and errors: what was served (or why nothing was) instead of `expected`. */
export function describeUnmatched(statuses: readonly ServingStatus[], expectedFingerprintSha256: string): string {
    return statuses
        .map((s) => {
            const saw =
                s.error !== undefined ? s.error : `it served SHA-256 ${s.servedFingerprintSha256.slice(0, 23)}…`;
            return `${s.endpoint} does not serve the deployed certificate (SHA-256 ${expectedFingerprintSha256.slice(0, 23)}…): ${saw}`;
        })
        .join("; ");
}

type Served = (fingerprint: string) => boolean;

function pollAll(
    checks: readonly ServingCheck[],
    satisfied: Served,
    options: ServingOptions = {},
): Promise<ServingStatus[]> {
    const env = servingOptionsFromEnv();
    const settings: Settings = {
        pollIntervalMs: options.pollIntervalMs ?? env.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS,
        handshakeTimeoutMs: options.handshakeTimeoutMs ?? env.handshakeTimeoutMs ?? DEFAULT_HANDSHAKE_TIMEOUT_MS,
        timeoutSeconds: options.timeoutSeconds,
    };
    return Promise.all(checks.map((check) => pollOne(check, satisfied, settings)));
}

interface Settings {
    pollIntervalMs: number;
    handshakeTimeoutMs: number;
    timeoutSeconds?: number;
}

/**
 * Handshakes until `satisfied` or the deadline. No handshake outlives the
 * deadline (each is cut to what is left), and no pause starts that would end
 * after it, so a blackholed endpoint answers within its timeout.
 */
async function pollOne(check: ServingCheck, satisfied: Served, settings: Settings): Promise<ServingStatus> {
    const timeoutMs = 1000 * (settings.timeoutSeconds ?? check.timeoutSeconds ?? DEFAULT_SERVING_TIMEOUT_SECONDS);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        const left = deadline - Date.now();
        const status = await handshakeOnce(
            check,
            left > 0 ? Math.min(settings.handshakeTimeoutMs, left) : settings.handshakeTimeoutMs,
        );
        if (status.servedFingerprintSha256 !== "" && satisfied(status.servedFingerprintSha256))
            return { ...status, matched: true };
        if (Date.now() + settings.pollIntervalMs >= deadline) return status;
        await delay(settings.pollIntervalMs);
    }
}

/** One handshake: the served leaf's fingerprint, or why there is none. The socket is destroyed whatever happens. */
function handshakeOnce(check: ServingCheck, limitMs: number): Promise<ServingStatus> {
    const checkedAt = new Date().toISOString();
    const failed = (error: string): ServingStatus => ({
        endpoint: check.endpoint,
        matched: false,
        servedFingerprintSha256: "",
        checkedAt,
        error,
    });
    const endpoint = parseServingEndpoint(check.endpoint);
    if (!endpoint) return Promise.resolve(failed(`${check.endpoint} is not host:port with a port 1-65535`));
    return new Promise((resolve) => {
        let settled = false;
        const settle = (status: ServingStatus): void => {
            if (settled) return;
            settled = true;
            clearTimeout(timer);
            socket.destroy();
            resolve(status);
        };
        const servername = sniFor(check, endpoint);
        // Comparison only: the served chain is never trusted or rejected, its leaf is fingerprinted.
        const socket = tls.connect({
            host: endpoint.host,
            port: endpoint.port,
            rejectUnauthorized: false,
            ...(servername !== undefined ? { servername } : {}),
        });
        const timer = setTimeout(
            () => settle(failed(`no TLS handshake with ${check.endpoint} within ${Math.round(limitMs)} ms`)),
            limitMs,
        );
        socket.once("secureConnect", () => {
            const leaf = socket.getPeerCertificate();
            const raw = leaf && Buffer.isBuffer(leaf.raw) ? leaf.raw : undefined;
            if (!raw || raw.length === 0)
                return settle(failed(`${check.endpoint} completed the handshake without a certificate`));
            settle({
                endpoint: check.endpoint,
                matched: false,
                servedFingerprintSha256: sha256Fingerprint(raw),
                checkedAt,
            });
        });
        socket.once("error", (e: NodeJS.ErrnoException) =>
            settle(failed(`TLS handshake with ${check.endpoint} failed: ${describeError(e)}`)),
        );
        socket.once("close", () =>
            settle(failed(`${check.endpoint} closed the connection before the TLS handshake finished`)),
        );
    });
}

const normalise = (fingerprint: string): string => fingerprint.toLowerCase();

function nonNegative(text: string | undefined, fallback: number): number {
    if (text === undefined || text.trim() === "") return fallback;
    const n = Number(text);
    return Number.isFinite(n) && n >= 0 ? n : fallback;
}

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
