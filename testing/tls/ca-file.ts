/**
 * The CA certificate on disk, for NODE_EXTRA_CA_CERTS (read once at process
 * start, so it must be a file). Only the public certificate is written; the
 * directory is private to this run and removed by `remove()`.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import * as path from "node:path";

export interface CaFile {
    readonly path: string;
    remove(): Promise<void>;
}

export async function writeCaFile(certificatePem: string): Promise<CaFile> {
    const dir = await mkdtemp(path.join(tmpdir(), "certdeploy-ca-"));
    const file = path.join(dir, "ca.pem");
    await writeFile(file, certificatePem, { mode: 0o644 });
    return { path: file, remove: () => rm(dir, { recursive: true, force: true }) };
}
