/**
 * Temp files for the CLI's file arguments, and the check that no key material
 * reached any output. Keys are generated at run time (test/fixtures/pki.ts);
 * the temp directory is removed by cleanup().
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export class TempFiles {
    readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), "certdeploy-cli-"));

    write(name: string, text: string): string {
        const file = path.join(this.dir, name);
        fs.writeFileSync(file, text, { mode: 0o600 });
        return file;
    }

    path(name: string): string {
        return path.join(this.dir, name);
    }

    cleanup(): void {
        fs.rmSync(this.dir, { recursive: true, force: true });
    }
}

/** The full base64 lines of a PEM body (short tail lines could match by chance): if any is printed, key material leaked. */
const bodyLines = (pem: string): string[] =>
    pem
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter((l) => l.length >= 32 && !l.startsWith("-----"));

export function assertNoKeyMaterial(
    output: string,
    keyPems: readonly string[],
    extraSecrets: readonly string[] = [],
): void {
    assert.doesNotMatch(output, /PRIVATE KEY/, "output names a PEM private key block");
    for (const pem of keyPems) {
        for (const line of bodyLines(pem))
            assert.ok(!output.includes(line.slice(0, 40)), "output holds a line of a private key");
    }
    for (const secret of extraSecrets) assert.ok(!output.includes(secret), "output holds a secret value");
}
