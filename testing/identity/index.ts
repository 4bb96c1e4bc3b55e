export { startTokenEmulator } from "./tokenEmulator";
export type { AppIdentity, CredentialMode, EnvForOptions, IssuedTokenRecord, TokenEmulator, TokenEmulatorOptions } from "./tokenEmulator";
export type { AuthorityRequestRecord, CredentialFlow } from "./authority";
export { createTokenSigner, decodeAccessToken } from "./accessToken";
export type { AccessTokenClaims, TokenSigner } from "./accessToken";
