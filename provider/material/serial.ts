/**
 * Serial numbers, parsed by the notation of their source and never guessed
 * (DESIGN.md §7): X.509 and Node's X509Certificate give hex (`1000` is
 * 0x1000), ACM's DescribeCertificate gives colon hex (`10:00`), moto gives a
 * decimal string (`4096`). Everything is compared in one canonical form:
 * lowercase hex, no colons, no leading zeros.
 */
export type SerialNotation = "hex" | "colonHex" | "decimal";

const PATTERNS: Record<SerialNotation, RegExp> = {
    hex: /^(0x)?[0-9a-fA-F]+$/,
    colonHex: /^[0-9a-fA-F]{1,2}(:[0-9a-fA-F]{1,2})*$/,
    decimal: /^[0-9]+$/,
};

/** The canonical form of `serial` written in `notation`; throws when the text is not in that notation. */
export function parseSerial(serial: string, notation: SerialNotation): string {
    const s = serial.trim();
    if (!PATTERNS[notation].test(s)) throw new Error(`serial "${s.slice(0, 80)}" is not ${notation} notation`);
    let hex: string;
    if (notation === "decimal") hex = BigInt(s).toString(16);
    else if (notation === "colonHex")
        hex = s
            .split(":")
            .map((byte) => byte.padStart(2, "0"))
            .join("");
    else hex = s.replace(/^0x/i, "");
    const stripped = hex.toLowerCase().replace(/^0+/, "");
    return stripped === "" ? "0" : stripped;
}

/** ACM's display form of a canonical serial: lowercase, colon-separated byte pairs. */
export function colonHexSerial(canonical: string, notation: SerialNotation = "hex"): string {
    let hex = parseSerial(canonical, notation);
    if (hex.length % 2 === 1) hex = `0${hex}`;
    return hex.match(/../g)?.join(":") ?? hex;
}

/** True when two serials, each in its own notation, are the same number. */
export const sameSerial = (a: string, aNotation: SerialNotation, b: string, bNotation: SerialNotation): boolean =>
    parseSerial(a, aNotation) === parseSerial(b, bNotation);
