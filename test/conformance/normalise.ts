/** Canonical serial: lowercase hex without colons or leading zeros, from ACM's colon-hex or moto's decimal. */
export function normaliseSerial(serial: string): string {
    const trimmed = serial.trim();
    // Colons or hex letters mean hex; bare digits are moto's decimal form (a one-byte ACM serial would be "0a"-style).
    const value = /[:a-fA-F]/.test(trimmed) ? BigInt(`0x${trimmed.replace(/:/g, "")}`) : BigInt(trimmed);
    return value.toString(16);
}

const ARN = /arn:aws:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f-]{36}/g;
const ISSUANCE_TIMES = new Set(["ImportedAt", "CreatedAt", "IssuedAt"]);

/**
 * One target's observations made comparable: each certificate ARN becomes `<arn:N>` by first appearance,
 * issuance timestamps become "<timestamp>" (checked to be recent), other dates ISO strings.
 */
export function normaliseRun(observations: unknown): unknown {
    const names = new Map<string, string>();
    const nameOf = (arn: string): string => {
        let name = names.get(arn);
        if (name === undefined) {
            name = `<arn:${names.size + 1}>`;
            names.set(arn, name);
        }
        return name;
    };
    const walk = (value: unknown, key: string): unknown => {
        if (value instanceof Date) {
            if (!ISSUANCE_TIMES.has(key)) return value.toISOString();
            if (Math.abs(value.getTime() - Date.now()) > 10 * 60_000)
                throw new Error(`${key} ${value.toISOString()} is not recent`);
            return "<timestamp>";
        }
        if (typeof value === "string") return value.replace(ARN, nameOf);
        if (Array.isArray(value)) return value.map((item) => walk(item, key));
        if (typeof value === "object" && value !== null) {
            return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, k)]));
        }
        return value;
    };
    return walk(observations, "");
}

export interface PathDifference {
    path: string;
    emulator: unknown;
    moto: unknown;
}

/** Leaf paths where two JSON-like values differ, e.g. `output.Certificate.Serial` or `output.Tags[1].Value`. */
export function differences(emulator: unknown, moto: unknown, path = ""): PathDifference[] {
    const isObject = (v: unknown): v is Record<string, unknown> =>
        typeof v === "object" && v !== null && !Array.isArray(v);
    if (Array.isArray(emulator) && Array.isArray(moto) && emulator.length === moto.length) {
        return emulator.flatMap((item, index) => differences(item, moto[index], `${path}[${index}]`));
    }
    if (isObject(emulator) && isObject(moto)) {
        const keys = [...new Set([...Object.keys(emulator), ...Object.keys(moto)])].sort();
        return keys.flatMap((key) => differences(emulator[key], moto[key], path === "" ? key : `${path}.${key}`));
    }
    return JSON.stringify(emulator) === JSON.stringify(moto) ? [] : [{ path, emulator, moto }];
}

/** `*` in a pattern stands for one array index or one key: `output.CertificateSummaryList[*].KeyUsages`. */
export function pathMatches(pattern: string, path: string): boolean {
    const escaped = pattern
        .replace(/[.+?^${}()|\\]/g, "\\$&")
        .replace(/\[/g, "\\[")
        .replace(/\]/g, "\\]")
        .replace(/\*/g, "[^.\\]]+");
    return new RegExp(`^${escaped}$`).test(path);
}
