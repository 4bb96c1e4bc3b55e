/**
 * `servingChecks` rules beyond schema.json (which checks types and the
 * `host:port` shape): a port in 1–65535, a host that is a DNS name or an IP
 * address, a `serverName` that is a DNS name (SNI cannot carry an IP, RFC 6066
 * §3), a timeout in 0–86,400 seconds, and no check twice. Offline, so preview
 * reports them.
 */
import type { ServingCheck } from "../../sdk/schema-types";
import { error, Problem } from "../material/problem";
import { isDnsName, parseServingEndpoint, sniFor } from "../deploy/serving-endpoint";

const PROPERTY = "servingChecks";
/** A day: longer than any consumer but Front Door takes (the runbook), and beyond it `certdeploy serving` is the tool. */
export const MAX_SERVING_TIMEOUT_SECONDS = 86_400;

export function checkServingChecks(checks: readonly ServingCheck[] | undefined): Problem[] {
    if (!checks) return [];
    const problems: Problem[] = [];
    const seen = new Map<string, number>();
    checks.forEach((check, i) => {
        const entry = `entry ${i}`;
        const endpoint = parseServingEndpoint(check.endpoint);
        if (!endpoint)
            problems.push(
                error(
                    PROPERTY,
                    `${entry} field endpoint must be host:port with a DNS name or IP address and a port 1-65535, e.g. api.example.com:443`,
                ),
            );
        if (check.serverName !== undefined && !isDnsName(check.serverName)) {
            problems.push(
                error(
                    PROPERTY,
                    `${entry} field serverName must be a DNS name (SNI cannot carry an IP address); leave it out to send none for an IP endpoint`,
                ),
            );
        }
        const timeout = check.timeoutSeconds;
        if (
            timeout !== undefined &&
            !(Number.isFinite(timeout) && timeout >= 0 && timeout <= MAX_SERVING_TIMEOUT_SECONDS)
        ) {
            problems.push(
                error(
                    PROPERTY,
                    `${entry} field timeoutSeconds must be between 0 and ${MAX_SERVING_TIMEOUT_SECONDS}; use \`certdeploy serving\` later for slower consumers`,
                ),
            );
        }
        if (!endpoint) return;
        const key = `${endpoint.host.toLowerCase()}:${endpoint.port} ${sniFor(check, endpoint)?.toLowerCase() ?? ""}`;
        const first = seen.get(key);
        if (first !== undefined)
            problems.push(
                error(PROPERTY, `${entry} repeats entry ${first} (same endpoint and server name); remove one`),
            );
        else seen.set(key, i);
    });
    return problems;
}
