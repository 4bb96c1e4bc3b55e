export { startTokenEmulator } from "./token-emulator";
export type {
    AppIdentity,
    CredentialMode,
    EnvForOptions,
    IssuedTokenRecord,
    TokenEmulator,
    TokenEmulatorOptions,
} from "./token-emulator";
export type { AuthorityRequestRecord, CredentialFlow } from "./authority";
export { createTokenSigner, decodeAccessToken } from "./access-token";
export type { AccessTokenClaims, TokenSigner } from "./access-token";
