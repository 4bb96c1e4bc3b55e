/** assumeRole and profile are validated offline by check, and a role in another account moves the certificate (diff). */
import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { acmProvider } from "../../provider";
import { defaultSessionName } from "../../provider/acm/credentials";
import { hierarchy, Hierarchy } from "../../testing/pki";

const ROLE = "arn:aws:iam::210987654321:role/deploy/certdeploy";

describe("AcmCertificate assumeRole and profile inputs", () => {
    let h: Hierarchy;
    before(async () => {
        h = await hierarchy("api.example.com");
    });

    const inputs = (extra: Record<string, unknown>) => ({
        region: "us-east-1",
        certificatePem: h.leaf.certPem,
        privateKeyPem: h.leaf.keyPem,
        certificateId: "p/s/api",
        ...extra,
    });
    async function failures(extra: Record<string, unknown>): Promise<{ property: string; reason: string }[]> {
        const result = await acmProvider.check!({}, inputs(extra));
        return (result.failures ?? []).map((f) => ({ property: f.property, reason: f.reason }));
    }

    it("accepts a role with external id and session name, and a profile", async () => {
        assert.deepEqual(
            await failures({
                assumeRole: { roleArn: ROLE, externalId: "ext-123", sessionName: "ci.run@42" },
                profile: "prod-deployer",
            }),
            [],
        );
        assert.deepEqual(
            await failures({
                region: "us-gov-west-1",
                assumeRole: { roleArn: "arn:aws-us-gov:iam::210987654321:role/certdeploy" },
            }),
            [],
        );
    });

    it("refuses malformed fields by name, never echoing the value", async () => {
        const rows: [Record<string, unknown>, RegExp][] = [
            [
                { assumeRole: { roleArn: "arn:aws:iam::21098765:role/x" } },
                /^assumeRole field roleArn has the wrong format; expected an IAM role ARN/,
            ],
            [
                { assumeRole: { roleArn: "arn:aws:iam::210987654321:user/x" } },
                /^assumeRole field roleArn has the wrong format/,
            ],
            [{ assumeRole: {} }, /^assumeRole field roleArn is required$/],
            [{ assumeRole: { roleArn: ROLE, externalId: "x" } }, /^assumeRole field externalId has the wrong format/],
            [
                { assumeRole: { roleArn: ROLE, sessionName: "has space" } },
                /^assumeRole field sessionName has the wrong format/,
            ],
            [{ assumeRole: { roleArn: ROLE, accessKeyId: "AKIA" } }, /^assumeRole has no field accessKeyId/],
            [{ profile: "two words" }, /wrong format; expected a profile name/],
        ];
        for (const [extra, reason] of rows) {
            const found = await failures(extra);
            assert.equal(found.length, 1, JSON.stringify(found));
            assert.equal(found[0].property, "profile" in extra ? "profile" : "assumeRole");
            assert.match(found[0].reason, reason);
            assert.ok(!found[0].reason.includes("two words") && !found[0].reason.includes("has space"));
        }
    });

    it("refuses a role of another partition than the region's, and a pinned ARN outside the role's account", async () => {
        const partition = await failures({ region: "cn-north-1", assumeRole: { roleArn: ROLE } });
        assert.match(partition[0].reason, /field roleArn is in partition aws but region cn-north-1 belongs to aws-cn/);
        const pinned = await failures({
            assumeRole: { roleArn: ROLE },
            certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/abc",
        });
        assert.match(
            pinned[0].reason,
            /field roleArn is in account 210987654321 but certificateArn is in account 123456789012/,
        );
    });

    it("diff: a role change in the same account updates in place; a role in another account replaces (new ARN there)", async () => {
        const olds = {
            ...inputs({ assumeRole: { roleArn: ROLE } }),
            arn: "arn:aws:acm:us-east-1:210987654321:certificate/abc",
            stateVersion: 1,
        };
        const same = await acmProvider.diff!(
            "arn",
            olds,
            inputs({ assumeRole: { roleArn: "arn:aws:iam::210987654321:role/other" } }),
        );
        assert.equal(same.changes, true);
        assert.deepEqual(same.replaces, []);
        const unchanged = await acmProvider.diff!("arn", olds, inputs({ assumeRole: { roleArn: ROLE } }));
        assert.equal(unchanged.changes, false, "an equal object is no change");
        const moved = await acmProvider.diff!(
            "arn",
            olds,
            inputs({ assumeRole: { roleArn: "arn:aws:iam::999999999999:role/certdeploy" } }),
        );
        assert.deepEqual(moved.replaces, ["assumeRole"]);
    });

    it("names the STS session after the certificateId, within STS's characters and 64 characters", () => {
        assert.equal(defaultSessionName("shop/prod/api"), "certdeploy-shop-prod-api");
        assert.equal(defaultSessionName(undefined), "certdeploy");
        const long = defaultSessionName(`p/${"x".repeat(100)}`);
        assert.ok(long.length <= 64 && /^[\w+=,.@-]+$/.test(long));
    });
});
