/**
 * AcmCertificate deploying into another account with `assumeRole`: moto serves
 * STS (and IAM, enforced after the setup calls), the ACM emulator records the
 * access key id each call was signed with. The assumed keys are read back from
 * moto's own record of the sessions it issued (/moto-api/data.json).
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { samePem } from "../../provider/material/compare";
import { AcmEmulator, startAcmEmulator } from "../../testing/acm";
import { MotoServer, startMoto } from "../conformance/moto";
import { hierarchy, Hierarchy } from "../../testing/pki";
import { acmCertificate, declare, type Args, certificateInputs } from "../programs/spec";
import { TestStack } from "./stack";

const ACCOUNT = "123456789012";
const ROLE = `arn:aws:iam::${ACCOUNT}:role/certdeploy-deployer`;
const UNTRUSTED_ROLE = `arn:aws:iam::${ACCOUNT}:role/billing-admin`;
const EXTERNAL_ID = "certdeploy-ext-7f3a";
/** IAM calls made before moto starts enforcing IAM (INITIAL_NO_AUTH_ACTION_COUNT). */
const SETUP_CALLS = 5;

interface AssumedRoleRecord {
    access_key_id: string;
    role_arn: string;
    external_id: string | null;
    session_name: string;
}

/** An IAM Query API call during moto's no-auth setup window (the scope names the service; no signature is checked yet). */
async function iam(moto: MotoServer, params: Record<string, string>): Promise<string> {
    const response = await fetch(`${moto.endpoint}/`, {
        method: "POST",
        headers: {
            "content-type": "application/x-www-form-urlencoded",
            authorization:
                "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20260101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=0",
        },
        body: new URLSearchParams({ Version: "2010-05-08", ...params }).toString(),
    });
    const text = await response.text();
    assert.equal(response.status, 200, `IAM ${params.Action}: ${text}`);
    return text;
}

const policy = (statement: Record<string, unknown>): string =>
    JSON.stringify({ Version: "2012-10-17", Statement: [statement] });

describe("AcmCertificate with assumeRole (STS served by moto)", () => {
    let moto: MotoServer;
    let acm: AcmEmulator;
    let v1: Hierarchy;
    let v2: Hierarchy;
    let deployer: { accessKeyId: string; secretAccessKey: string };

    before(async () => {
        [moto, acm, v1, v2] = await Promise.all([
            startMoto({ env: { INITIAL_NO_AUTH_ACTION_COUNT: String(SETUP_CALLS) } }),
            startAcmEmulator(),
            hierarchy("api.example.com"),
            hierarchy("api.example.com"),
        ]);
        // The runbook's setup: a deploying user allowed sts:AssumeRole on one role, whose trust policy names it with an external id.
        await iam(moto, { Action: "CreateUser", UserName: "deployer" });
        const key = await iam(moto, { Action: "CreateAccessKey", UserName: "deployer" });
        deployer = {
            accessKeyId: /<AccessKeyId>([^<]+)</.exec(key)![1],
            secretAccessKey: /<SecretAccessKey>([^<]+)</.exec(key)![1],
        };
        const trust = policy({
            Effect: "Allow",
            Principal: { AWS: `arn:aws:iam::${ACCOUNT}:user/deployer` },
            Action: "sts:AssumeRole",
            Condition: { StringEquals: { "sts:ExternalId": EXTERNAL_ID } },
        });
        await iam(moto, { Action: "CreateRole", RoleName: "certdeploy-deployer", AssumeRolePolicyDocument: trust });
        await iam(moto, { Action: "CreateRole", RoleName: "billing-admin", AssumeRolePolicyDocument: trust });
        await iam(moto, {
            Action: "PutUserPolicy",
            UserName: "deployer",
            PolicyName: "assume-certdeploy",
            PolicyDocument: policy({ Effect: "Allow", Action: "sts:AssumeRole", Resource: ROLE }),
        });
    });
    after(async () => {
        await Promise.all([moto.close(), acm.close()]);
    });

    const stackEnv = (): Record<string, string> => ({
        AWS_ACCESS_KEY_ID: deployer.accessKeyId,
        AWS_SECRET_ACCESS_KEY: deployer.secretAccessKey,
        // The SDK's service-specific endpoint variable: the STS client of fromTemporaryCredentials goes to moto.
        AWS_ENDPOINT_URL_STS: moto.endpoint,
    });
    const program = (h: Hierarchy, roleArn: string | undefined, extra: Args = {}) =>
        declare([
            acmCertificate("api", {
                region: "us-east-1",
                ...certificateInputs(h),
                endpoint: acm.endpoint,
                assumeRole:
                    roleArn === undefined
                        ? undefined
                        : { roleArn, externalId: EXTERNAL_ID, sessionName: "certdeploy-e2e" },
                ...extra,
            }),
        ]);
    async function assumedSessions(): Promise<AssumedRoleRecord[]> {
        const data = (await (await fetch(`${moto.endpoint}/moto-api/data.json`)).json()) as {
            sts?: { AssumedRole?: AssumedRoleRecord[] };
        };
        return data.sts?.AssumedRole ?? [];
    }

    it("create, rotate and delete sign every ACM call with the assumed role's credentials, never the caller's", async () => {
        const stack = new TestStack(stackEnv());
        try {
            acm.resetCalls();
            const created = await stack.up(program(v1, ROLE));
            assert.equal(created.ok, true, created.errors.join("\n"));
            const arn = String(stack.outputs("api").arn);
            const rotated = await stack.up(program(v2, ROLE));
            assert.equal(rotated.ok, true, rotated.errors.join("\n"));
            assert.ok(
                samePem(acm.certificates().get(arn)?.certificatePem, v2.leaf.certPem),
                "the new certificate is live in the role's account",
            );
            const destroyed = await stack.destroy();
            assert.equal(destroyed.ok, true, destroyed.errors.join("\n"));
            assert.equal(acm.certificates().has(arn), false);

            const sessions = await assumedSessions();
            const log = acm.calls().log;
            assert.ok(
                log.some((c) => c.operation === "ImportCertificate") &&
                    log.some((c) => c.operation === "DeleteCertificate"),
            );
            for (const call of log) {
                assert.notEqual(
                    call.accessKeyId,
                    deployer.accessKeyId,
                    `${call.operation} was signed with the caller's own key`,
                );
                const session = sessions.find((s) => s.access_key_id === call.accessKeyId);
                assert.ok(session, `${call.operation} was signed with ${call.accessKeyId}, which STS did not issue`);
                assert.deepEqual(
                    [session.role_arn, session.external_id, session.session_name],
                    [ROLE, EXTERNAL_ID, "certdeploy-e2e"],
                );
            }
        } finally {
            stack.cleanup();
        }
    });

    it("a denied AssumeRole names the role and the missing sts:AssumeRole permission, and makes no ACM call", async () => {
        const stack = new TestStack(stackEnv());
        try {
            acm.resetCalls();
            const result = await stack.up(program(v1, UNTRUSTED_ROLE));
            assert.equal(result.ok, false);
            const message = result.errors.join("\n");
            assert.match(message, /sts:AssumeRole on arn:aws:iam::123456789012:role\/billing-admin was denied/);
            assert.match(message, /needs the IAM permission sts:AssumeRole/);
            assert.match(message, /trust policy must allow that caller with this sts:ExternalId/);
            assert.doesNotMatch(
                message,
                new RegExp(deployer.secretAccessKey.replace(/[+/]/g, "\\$&")),
                "no secret in the error",
            );
            assert.deepEqual(acm.calls().log, [], "ACM was never called");
            assert.equal(stack.customResources().length, 0);
        } finally {
            stack.cleanup();
        }
    });

    it("profile: the named profile of the shared credentials file is the caller (alone, and as the one who assumes the role)", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "certdeploy-aws-"));
        const credentialsFile = path.join(dir, "credentials");
        fs.writeFileSync(
            credentialsFile,
            `[pipeline]\naws_access_key_id = ${deployer.accessKeyId}\naws_secret_access_key = ${deployer.secretAccessKey}\n`,
            { mode: 0o600 },
        );
        // The process-wide keys are someone else's (unknown to moto, which now enforces IAM): only the profile can succeed.
        const env = {
            AWS_ACCESS_KEY_ID: "AKIAOTHERIDENTITY000",
            AWS_SECRET_ACCESS_KEY: "not-the-deployer",
            AWS_SHARED_CREDENTIALS_FILE: credentialsFile,
            AWS_CONFIG_FILE: path.join(dir, "config"),
            AWS_ENDPOINT_URL_STS: moto.endpoint,
        };
        const alone = new TestStack(env, "profile-only");
        const assuming = new TestStack(env, "profile-assumes");
        try {
            acm.resetCalls();
            const created = await alone.up(program(v1, undefined, { profile: "pipeline" }));
            assert.equal(created.ok, true, created.errors.join("\n"));
            assert.ok(acm.calls().log.length > 0);
            assert.ok(
                acm.calls().log.every((c) => c.accessKeyId === deployer.accessKeyId),
                "signed with the profile's key",
            );
            assert.equal((await alone.destroy()).ok, true);

            acm.resetCalls();
            const sessionsBefore = (await assumedSessions()).length;
            const viaRole = await assuming.up(program(v1, ROLE, { profile: "pipeline" }));
            assert.equal(viaRole.ok, true, viaRole.errors.join("\n"));
            const fresh = (await assumedSessions()).slice(sessionsBefore);
            assert.ok(fresh.length > 0, "the profile's identity assumed the role");
            assert.ok(acm.calls().log.every((c) => fresh.some((s) => s.access_key_id === c.accessKeyId)));
            assert.equal((await assuming.destroy()).ok, true);
        } finally {
            alone.cleanup();
            assuming.cleanup();
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
