export * from "./ack";
export * from "./dto";
export * from "./errors";
export type * from "./events";
export type * from "./account-export";
