/**
 * The AWS client's proxy choice is the Azure SDK's: the same HTTPS_PROXY / ALL_PROXY / HTTP_PROXY order
 * and the same NO_PROXY matching, checked row by row against @azure/core-rest-pipeline's own proxyPolicy.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
    createPipelineRequest,
    proxyPolicy,
    type PipelineRequest,
    type PipelineResponse,
} from "@azure/core-rest-pipeline";
import { bypassesProxy, noProxyFromEnv, proxyAgentsFromEnv, proxyUrlFromEnv } from "../../provider/acm/proxy";

const PROXY = "http://proxy.corp.test:3128";

/** Whether the Azure SDK's proxy policy sends a request for `url` through the proxy, for this NO_PROXY list. */
async function azureProxies(url: string, noProxy: string[]): Promise<boolean> {
    const saved = process.env.HTTPS_PROXY;
    process.env.HTTPS_PROXY = PROXY;
    try {
        const policy = proxyPolicy(undefined, { customNoProxyList: noProxy });
        const request = createPipelineRequest({ url });
        let agentSet = false;
        await policy.sendRequest(request, (r: PipelineRequest) => {
            agentSet = r.agent !== undefined;
            return Promise.resolve({ request: r, status: 200, headers: r.headers } as PipelineResponse);
        });
        return agentSet;
    } finally {
        if (saved === undefined) delete process.env.HTTPS_PROXY;
        else process.env.HTTPS_PROXY = saved;
    }
}

describe("AWS proxy settings read as the Azure SDK reads them", () => {
    it("matches the Azure SDK's NO_PROXY decision for every row", async () => {
        const rows: [string, string][] = [
            ["acm.us-east-1.amazonaws.com", ""],
            ["acm.us-east-1.amazonaws.com", "amazonaws.com"],
            ["acm.us-east-1.amazonaws.com", ".amazonaws.com"],
            ["amazonaws.com", ".amazonaws.com"],
            ["acm.us-east-1.amazonaws.com", "acm.us-east-1.amazonaws.com"],
            ["ACM.us-east-1.amazonaws.com", "acm.us-east-1.amazonaws.com"],
            ["acm.us-east-1.amazonaws.com", "*"],
            ["acm.us-east-1.amazonaws.com", "*.amazonaws.com"],
            ["vpce-1.acm.us-east-1.vpce.amazonaws.com", "localhost, .vpce.amazonaws.com"],
            ["127.0.0.1", "localhost,127.0.0.1"],
            ["localhost", "localhost,127.0.0.1"],
            ["10.0.0.1", "10.0.0.0/8"],
        ];
        for (const [host, noProxy] of rows) {
            const list = noProxyFromEnv({ NO_PROXY: noProxy });
            const azureViaProxy = await azureProxies(`https://${host}/`, list);
            assert.equal(!bypassesProxy(host, list), azureViaProxy, `${host} with NO_PROXY=${JSON.stringify(noProxy)}`);
        }
    });

    it("takes HTTPS_PROXY, then ALL_PROXY, then HTTP_PROXY, upper case before lower", () => {
        assert.equal(proxyUrlFromEnv({})?.href, undefined);
        assert.equal(proxyUrlFromEnv({ HTTP_PROXY: "http://h:1" })?.host, "h:1");
        assert.equal(proxyUrlFromEnv({ HTTP_PROXY: "http://h:1", ALL_PROXY: "http://a:2" })?.host, "a:2");
        assert.equal(
            proxyUrlFromEnv({ HTTP_PROXY: "http://h:1", ALL_PROXY: "http://a:2", https_proxy: "http://s:3" })?.host,
            "s:3",
        );
        assert.equal(
            proxyUrlFromEnv({ https_proxy: "http://lower:3", HTTPS_PROXY: "http://upper:3" })?.host,
            "upper:3",
        );
        assert.deepEqual(noProxyFromEnv({ no_proxy: " a , .b,, " }), ["a", ".b"]);
    });

    it("leaves the SDK's own agents alone without a proxy, and never echoes a malformed proxy URL (it may hold a password)", () => {
        assert.deepEqual(proxyAgentsFromEnv({}), {});
        const agents = proxyAgentsFromEnv({ HTTPS_PROXY: PROXY });
        assert.ok(agents.httpsAgent && agents.httpAgent);
        assert.throws(
            () => proxyAgentsFromEnv({ HTTPS_PROXY: "proxy with s3cret" }),
            (e: Error) => !e.message.includes("s3cret") && /HTTPS_PROXY/.test(e.message),
        );
    });
});
