// @peculiar/x509 needs the Reflect metadata polyfill loaded first (tsyringe).
import "reflect-metadata";
export * from "@peculiar/x509";
