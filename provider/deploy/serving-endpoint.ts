/**
 * A serving check's `endpoint` ("host:port") and the SNI name it sends.
 *
 * ```
 * parseServingEndpoint("api.example.com:443") → { host: "api.example.com", port: 443 }
 * parseServingEndpoint("[2001:db8::1]:8443")  → { host: "2001:db8::1", port: 8443 }
 * sniFor({ endpoint: "10.0.0.5:443" })        → undefined (SNI cannot carry an IP address)
 * ```
 */
import { isIP } from "node:net";
import type { ServingCheck } from "../../sdk/schema-types";

export interface ServingEndpoint {
    host: string;
    port: number;
}

const HOST_NAME =
    /^(?=.{1,253}$)[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?(?:\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*\.?$/;

/** A DNS name as a TLS server name may carry it (RFC 6066 §3: no IP literals). */
export const isDnsName = (name: string): boolean => HOST_NAME.test(name) && isIP(name) === 0;

/** The host and port of `host:port` / `[v6]:port`; undefined when either is malformed or the port is outside 1–65535. */
export function parseServingEndpoint(endpoint: string): ServingEndpoint | undefined {
    const bracketed = /^\[([^\]]+)\]:([0-9]{1,5})$/.exec(endpoint);
    const plain = /^([^:[\]]+):([0-9]{1,5})$/.exec(endpoint);
    const match = bracketed ?? plain;
    if (!match) return undefined;
    const [, host, portText] = match;
    const port = Number(portText);
    if (!Number.isInteger(port) || port < 1 || port > 65535) return undefined;
    if (bracketed && isIP(host) !== 6) return undefined;
    if (plain && isIP(host) === 0 && !isDnsName(host)) return undefined;
    return { host, port };
}

/** The SNI name a check sends: its `serverName`, else the endpoint's host unless that is an IP address. */
export function sniFor(
    check: Pick<ServingCheck, "endpoint" | "serverName">,
    endpoint: ServingEndpoint,
): string | undefined {
    if (check.serverName !== undefined) return check.serverName;
    return isIP(endpoint.host) === 0 ? endpoint.host.replace(/\.$/, "") : undefined;
}
