/** The two deployment targets, as the CLI names them. */
export const TARGETS = ["acm", "keyvault"] as const;
export type Target = (typeof TARGETS)[number];
