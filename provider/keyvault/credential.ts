/**
 * The @azure/identity credential that credentialMode names. No secret is ever an
 * input: client_secret reads AZURE_TENANT_ID/AZURE_CLIENT_ID/AZURE_CLIENT_SECRET,
 * workload_identity reads AZURE_FEDERATED_TOKEN_FILE, as the identity library documents.
 * Every mode signs in at the authority of the vault's cloud (cloud.ts), unless
 * AZURE_AUTHORITY_HOST says otherwise.
 */
import type { TokenCredential } from "@azure/identity";
import type { CredentialMode } from "../../sdk/schema-types";
import { CertdeployError } from "../deploy/errors";
import { authorityHostFor } from "./cloud";

type Identity = typeof import("@azure/identity");

const loadIdentity = (): Identity => require("@azure/identity") as Identity;

export interface CredentialTarget {
    /** The vault the token is for: its cloud decides the sign-in authority. */
    vaultUrl: string;
    clientId?: string;
    tenantId?: string;
}

export function credentialFor(mode: CredentialMode, target: CredentialTarget, resource: string): TokenCredential {
    const id = loadIdentity();
    const { clientId, tenantId } = target;
    const authorityHost = authorityHostFor(target.vaultUrl, process.env);
    const authority = authorityHost ? { authorityHost } : {};
    switch (mode) {
        case "default":
            return new id.DefaultAzureCredential({
                ...authority,
                ...(clientId ? { managedIdentityClientId: clientId, workloadIdentityClientId: clientId } : {}),
            });
        case "managed_identity":
            // The managed identity endpoint is the host's own; it issues tokens of the host's cloud and has no authority.
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
            return new id.ClientSecretCredential(tenant, client, secret, authority);
        }
        case "workload_identity":
            return new id.WorkloadIdentityCredential({
                ...authority,
                ...(clientId ? { clientId } : {}),
                ...(tenantId ? { tenantId } : {}),
            });
    }
}
