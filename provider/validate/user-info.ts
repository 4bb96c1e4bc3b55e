/**
 * URL inputs never carry credentials: a user name or password in a URL
 * (`https://:pass@vault.vault.azure.net`, `https://user:pass@acm.example`) would
 * be stored in plain text in state and shown in every message that names the
 * URL. Even a password-only user-info part (empty user name) is refused.
 */
export const hasUserInfo = (url: URL): boolean => url.username !== "" || url.password !== "";

export const USER_INFO_REFUSAL =
    "must not hold user info (a user name or password before @); inputs are stored in plain text — remove it and give credentials through the environment (credentialMode, the AWS default chain)";
