/**
 * The gRPC and protobuf runtimes, loaded from where @pulumi/pulumi resolves
 * them, so that the plugin uses the very copies the generated pulumirpc stubs
 * were built against (certdeploy itself depends only on @pulumi/pulumi).
 */
import * as path from "node:path";

type GrpcModule = typeof import("@grpc/grpc-js");
type StructModule = typeof import("google-protobuf/google/protobuf/struct_pb");
type EmptyModule = typeof import("google-protobuf/google/protobuf/empty_pb");
type AnyModule = typeof import("google-protobuf/google/protobuf/any_pb");

const pulumiDir = (): string => path.dirname(require.resolve("@pulumi/pulumi/package.json"));
const fromPulumi = <T>(id: string): T => require(require.resolve(id, { paths: [pulumiDir()] })) as T;

export const loadGrpc = (): GrpcModule => fromPulumi<GrpcModule>("@grpc/grpc-js");
export const loadStruct = (): StructModule => fromPulumi<StructModule>("google-protobuf/google/protobuf/struct_pb");
export const loadEmpty = (): EmptyModule => fromPulumi<EmptyModule>("google-protobuf/google/protobuf/empty_pb");
export const loadAny = (): AnyModule => fromPulumi<AnyModule>("google-protobuf/google/protobuf/any_pb");
