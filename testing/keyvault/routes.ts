/**
 * Request line -> Key Vault operation. Paths as in the REST reference
 * (https://learn.microsoft.com/rest/api/keyvault/certificates/operation-groups);
 * note the SDK reads the latest version as `GET /certificates/{name}/`
 * (empty version segment), which means the same as `/certificates/{name}`.
 */
import type { KeyVaultOperation } from "./faults";

export interface Route {
    operation: KeyVaultOperation;
    name?: string;
    /** Empty string or undefined: the latest version. */
    version?: string;
}

export function matchRoute(method: string, pathname: string): Route | undefined {
    const parts = pathname
        .split("/")
        .slice(1)
        .map((p) => decodeURIComponent(p));
    const collection = (parts[0] ?? "").toLowerCase();
    const name = parts[1];
    const rest = parts.slice(2);
    const tail = rest.length === 0 ? undefined : rest.length === 1 ? rest[0] : null; // null: too deep
    const m = method.toUpperCase();

    if (collection === "certificates") {
        if (name === undefined || name === "")
            return m === "GET" && rest.length === 0 ? { operation: "listCertificates" } : undefined;
        if (tail === null) return undefined;
        const lowerTail = tail?.toLowerCase();
        if (lowerTail === "import") return m === "POST" ? { operation: "import", name } : undefined;
        if (lowerTail === "versions") return m === "GET" ? { operation: "listVersions", name } : undefined;
        if (lowerTail === "policy") return m === "GET" ? { operation: "getPolicy", name } : undefined;
        const version = tail ?? "";
        if (m === "GET")
            return version === "" ? { operation: "getCertificate", name } : { operation: "getVersion", name, version };
        if (m === "PATCH") return { operation: "update", name, version };
        if (m === "DELETE" && tail === undefined) return { operation: "delete", name };
        return undefined;
    }
    if (collection === "deletedcertificates") {
        if (name === undefined || name === "")
            return m === "GET" && rest.length === 0 ? { operation: "listDeleted" } : undefined;
        if (tail === undefined) {
            if (m === "GET") return { operation: "getDeleted", name };
            if (m === "DELETE") return { operation: "purge", name };
            return undefined;
        }
        return m === "POST" && tail?.toLowerCase() === "recover" ? { operation: "recover", name } : undefined;
    }
    if (collection === "secrets" && name && tail !== null && m === "GET") {
        return { operation: "getSecret", name, version: tail ?? "" };
    }
    return undefined;
}
