/**
 * Serial number forms. ACM's DescribeCertificate returns lowercase colon-hex,
 * moto returns a decimal string, Node's X509Certificate uppercase hex
 * (DESIGN.md §6). Everything is compared in one canonical form: lowercase hex,
 * no colons, no leading zeros.
 */
export function canonicalSerial(serial: string): string {
    const s = serial.trim();
    let hex: string;
    if (s.includes(":") || /[a-fA-F]/.test(s) || /^0x/i.test(s)) {
        hex = s.replace(/^0x/i, "").replace(/:/g, "");
    } else if (/^[0-9]+$/.test(s)) {
        // Ambiguous digits-only: ACM never omits colons on multi-byte serials, so a
        // plain digit string longer than two characters is decimal (moto's form).
        hex = s.length <= 2 ? s : BigInt(s).toString(16);
    } else {
        hex = s;
    }
    const stripped = hex.toLowerCase().replace(/^0+/, "");
    return stripped === "" ? "0" : stripped;
}

/** ACM's display form: lowercase, colon-separated byte pairs. */
export function colonHexSerial(serial: string): string {
    let hex = canonicalSerial(serial);
    if (hex.length % 2 === 1) hex = `0${hex}`;
    return hex.match(/../g)?.join(":") ?? hex;
}

export const sameSerial = (a: string, b: string): boolean => canonicalSerial(a) === canonicalSerial(b);
