/**
 * JWT-shaped access tokens as Entra ID issues them (header.payload.signature),
 * with the claims Key Vault reads: aud, iss, tid, oid, appid, exp.
 * The signature is an HMAC under a per-emulator random key: enough for the
 * Key Vault emulator to tell our tokens from forged ones, never a real key.
 * Claims reference: https://learn.microsoft.com/entra/identity-platform/access-token-claims-reference
 */
import { createHmac, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";

export interface AccessTokenClaims {
    aud: string;
    iss: string;
    iat: number;
    nbf: number;
    exp: number;
    tid: string;
    oid: string;
    sub: string;
    appid: string;
    idtyp: "app";
    ver: "1.0";
    uti: string;
    /** Which emulator flow issued it; not an Entra claim. */
    xms_certdeploy_flow: string;
}

export interface TokenSigner {
    sign(claims: AccessTokenClaims): string;
    /** Claims when the token is ours and well-formed (expiry not checked here). */
    verify(token: string): AccessTokenClaims | undefined;
}

function base64url(value: Buffer | string): string {
    return Buffer.from(value).toString("base64url");
}

function isClaims(value: unknown): value is AccessTokenClaims {
    if (typeof value !== "object" || value === null) return false;
    const v = value as Record<string, unknown>;
    return (
        typeof v.aud === "string" &&
        typeof v.tid === "string" &&
        typeof v.oid === "string" &&
        typeof v.appid === "string" &&
        typeof v.exp === "number"
    );
}

/** Decode without checking the signature (a standalone Key Vault emulator trusts any JWT shape). */
export function decodeAccessToken(token: string): AccessTokenClaims | undefined {
    const parts = token.split(".");
    if (parts.length !== 3) return undefined;
    try {
        const payload: unknown = JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8"));
        return isClaims(payload) ? payload : undefined;
    } catch {
        return undefined;
    }
}

export function createTokenSigner(): TokenSigner {
    const key = randomBytes(32);
    const kid = randomUUID();
    const mac = (input: string): Buffer => createHmac("sha256", key).update(input).digest();
    return {
        sign(claims) {
            const header = base64url(JSON.stringify({ typ: "JWT", alg: "HS256", kid }));
            const payload = base64url(JSON.stringify(claims));
            return `${header}.${payload}.${mac(`${header}.${payload}`).toString("base64url")}`;
        },
        verify(token) {
            const parts = token.split(".");
            if (parts.length !== 3) return undefined;
            const expected = mac(`${parts[0]}.${parts[1]}`);
            const given = Buffer.from(parts[2], "base64url");
            if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
            return decodeAccessToken(token);
        },
    };
}
