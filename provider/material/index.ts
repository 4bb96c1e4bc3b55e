export * from "./problem";
export * from "./pem";
export * from "./serial";
export * from "./certificate";
export * from "./key";
export * from "./chain";
export * from "./bundle";
