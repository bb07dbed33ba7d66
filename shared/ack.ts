import type { ErrorBody } from "./errors";

/** The single answer every client request gets through its acknowledgement callback. */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: ErrorBody };

export type AckCallback<T> = (result: Ack<T>) => void;
