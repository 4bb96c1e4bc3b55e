/**
 * AcmCertificate diff (offline): which inputs changed, and whether the change
 * needs a new ARN because ACM would refuse it as a re-import.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { AcmCertificateInputs, AcmCertificateOutputs } from "../../sdk/schema-types";
import { readBundle } from "../material/bundle";
import { error, Problem, warning } from "../material/problem";
import { CheckedInputs } from "../validate/check-inputs";
import { isUnknown } from "../validate/unknown";
import { parseAcmArn, parseRoleArn } from "./arn";
import { changedInputs } from "../deploy/changed-inputs";
import { reimportRefusal, ReimportSide } from "./reimport-rules";
import { blueGreenMessage, blueGreenReplaces, CERTIFICATE_MATERIAL } from "./rotation";

const REPLACE_ON_CHANGE = ["region", "certificateArn"];

/**
 * The ARN the resource will hold, as ACM sees it: a pin, or for an unpinned
 * resource its own ARN — unless that ARN was adopted, which an unpinned
 * resource gives up for a fresh one. `certificateArn` set to the resource's own
 * ARN (or dropped again) therefore changes nothing.
 */
function targetArn(olds: AcmCertificateOutputs, certificateArn: unknown): unknown {
    if (certificateArn !== undefined) return certificateArn;
    const adopted = olds.adopted ?? olds.certificateArn !== undefined;
    return adopted ? "(a new ARN)" : olds.arn;
}

export function acmDiff(olds: AcmCertificateOutputs, news: Record<string, unknown>): pulumi.dynamic.DiffResult {
    const changed = changedInputs("certdeploy:index:AcmCertificate", olds as unknown as Record<string, unknown>, news);
    const sameTarget = targetArn(olds, news.certificateArn) === olds.arn;
    const replaces = changed.filter((k) => REPLACE_ON_CHANGE.includes(k) && !(k === "certificateArn" && sameTarget));
    // rotation "blue_green": every certificate change is a new ARN, created before the old one is deleted (DESIGN.md §11).
    const blueGreen = blueGreenReplaces(olds as unknown as Record<string, unknown>, news, changed);
    const refusal =
        blueGreen.length === 0 &&
        news.certificateArn === undefined &&
        changed.some((k) => CERTIFICATE_MATERIAL.includes(k))
            ? refusalFor(olds, news)
            : undefined;
    if (blueGreen.length > 0) {
        console.error(`warning: ${blueGreenMessage(olds.certificateId, olds.arn, blueGreen)}`);
        replaces.push(...blueGreen);
    } else if (refusal) {
        console.error(
            `warning: AcmCertificate "${olds.certificateId}": a new ARN is needed because ${refusal}; consumers will be switched to the new ARN before the old one is deleted`,
        );
        replaces.push("certificatePem");
    }
    if (changed.includes("assumeRole") && movesAccount(olds, news.assumeRole)) replaces.push("assumeRole");
    // A blue/green replacement never re-imports into the old ARN, so there is no rollback to be refused.
    if (blueGreen.length === 0) warnIfRollbackWouldBeRefused(olds, news, changed);
    // Create-before-delete: the new ARN exists and consumers are repointed before the old ARN is deleted. The ARN is
    // stable only when nothing forces a replacement.
    return {
        changes: changed.length > 0,
        replaces,
        stables: replaces.length === 0 ? ["arn"] : [],
        deleteBeforeReplace: false,
    };
}

/** A role in another account than the certificate's: ACM cannot reach it there, so the certificate moves (new ARN). */
function movesAccount(olds: AcmCertificateOutputs, assumeRole: unknown): boolean {
    const roleArn =
        typeof assumeRole === "object" && assumeRole !== null
            ? (assumeRole as { roleArn?: unknown }).roleArn
            : undefined;
    if (typeof roleArn !== "string" || isUnknown(roleArn)) return false;
    const role = parseRoleArn(roleArn);
    const certificate = olds.arn ? parseAcmArn(olds.arn) : undefined;
    return role !== undefined && certificate !== undefined && role.accountId !== certificate.accountId;
}

function side(certificatePem: unknown, privateKeyPem: unknown): ReimportSide | undefined {
    if (
        typeof certificatePem !== "string" ||
        typeof privateKeyPem !== "string" ||
        isUnknown(certificatePem) ||
        isUnknown(privateKeyPem)
    )
        return undefined;
    const { bundle } = readBundle({ certificatePem, privateKeyPem }, new Date());
    return bundle ? { leaf: bundle.leaf, key: bundle.key } : undefined;
}

function refusalFor(
    olds: { certificatePem?: unknown; privateKeyPem?: unknown },
    news: Record<string, unknown>,
): string | undefined {
    const live = side(olds.certificatePem, olds.privateKeyPem);
    const next = side(news.certificatePem, news.privateKeyPem);
    return live && next ? reimportRefusal(live, next) : undefined;
}

/** check: with a pinned ARN there is no replacement, so a refused re-import is an input error. */
export function pinnedReimportProblems(
    olds: Record<string, unknown>,
    checked: CheckedInputs<AcmCertificateInputs>,
): Problem[] {
    if (!checked.known.certificateArn || !checked.bundle || olds.certificateArn !== checked.known.certificateArn)
        return [];
    // The new side is the bundle check already read: each certificate is parsed once per check.
    const live = side(olds.certificatePem, olds.privateKeyPem);
    const refusal = live ? reimportRefusal(live, { leaf: checked.bundle.leaf, key: checked.bundle.key }) : undefined;
    return refusal
        ? [
              error(
                  "certificatePem",
                  `cannot be re-imported into the pinned ARN: ${refusal}. Unpin certificateArn to let certdeploy create a new ARN, or issue a certificate that keeps them`,
              ),
          ]
        : [];
}

/** ACM refuses to re-import an expired certificate or one lacking KU/EKU values the live one has: say so before the update. */
function warnIfRollbackWouldBeRefused(
    olds: AcmCertificateOutputs,
    news: Record<string, unknown>,
    changed: string[],
): void {
    if (!changed.includes("certificatePem")) return;
    const previous = side(olds.certificatePem, olds.privateKeyPem);
    const next = side(news.certificatePem, news.privateKeyPem);
    if (!previous || !next) return;
    const problems: Problem[] = [];
    if (previous.leaf.notAfter.getTime() <= Date.now())
        problems.push(
            warning(
                "certificatePem",
                "the previous certificate has expired, so ACM would refuse to roll back to it if this update fails verification",
            ),
        );
    const refusal = reimportRefusal(next, previous);
    if (refusal)
        problems.push(
            warning(
                "certificatePem",
                `a rollback of this update would be refused by ACM: ${refusal.replace("the new certificate", "the previous certificate")}`,
            ),
        );
    for (const p of problems) console.error(`warning: AcmCertificate "${olds.certificateId}": ${p.reason}`);
}
