/**
 * The @azure/identity credential that credentialMode names. No secret is ever an
 * input: client_secret reads AZURE_TENANT_ID/AZURE_CLIENT_ID/AZURE_CLIENT_SECRET,
 * workload_identity reads AZURE_FEDERATED_TOKEN_FILE, as the identity library documents.
 */
import type { TokenCredential } from "@azure/identity";
import type { CredentialMode } from "../../sdk/schema-types";
import { CertdeployError } from "../deploy/errors";

type Identity = typeof import("@azure/identity");

const loadIdentity = (): Identity => require("@azure/identity") as Identity;

export function credentialFor(mode: CredentialMode, clientId: string | undefined, tenantId: string | undefined, resource: string): TokenCredential {
    const id = loadIdentity();
    switch (mode) {
        case "default":
            return new id.DefaultAzureCredential(clientId ? { managedIdentityClientId: clientId, workloadIdentityClientId: clientId } : {});
        case "managed_identity":
            return clientId ? new id.ManagedIdentityCredential({ clientId }) : new id.ManagedIdentityCredential();
        case "client_secret": {
            const tenant = tenantId ?? process.env.AZURE_TENANT_ID;
            const client = process.env.AZURE_CLIENT_ID;
            const secret = process.env.AZURE_CLIENT_SECRET;
            if (!tenant || !client || !secret) {
                throw new CertdeployError(
                    `${resource}: credentialMode client_secret needs AZURE_TENANT_ID (or tenantId), AZURE_CLIENT_ID and AZURE_CLIENT_SECRET in the environment of pulumi`,
                );
            }
            return new id.ClientSecretCredential(tenant, client, secret);
        }
        case "workload_identity":
            return new id.WorkloadIdentityCredential({ ...(clientId ? { clientId } : {}), ...(tenantId ? { tenantId } : {}) });
    }
}
