import mongoose from "mongoose";
import { createGuard } from "../../server/src/storage/mongo/errors";
import { StoreBusyError, StoreConflictError, StoreUnavailableError } from "../../server/src/storage/ports";

const networkError = () => new mongoose.mongo.MongoNetworkError("connection reset");

describe("the MongoDB call guard", () => {
  let t = 0;
  const now = () => t;
  beforeEach(() => {
    t = 1_000_000;
  });

  it("turns driver failures into the port's errors", async () => {
    const guard = createGuard({ cooldownMs: 1000, now });
    await expect(guard(() => Promise.reject(networkError()))).rejects.toBeInstanceOf(StoreUnavailableError);
    t += 5000;
    const duplicate = new mongoose.mongo.MongoServerError({ message: "E11000", code: 11000 });
    await expect(guard(() => Promise.reject(duplicate))).rejects.toBeInstanceOf(StoreConflictError);
  });

  it("fails at once during the cool-down after an outage, without calling the database", async () => {
    const guard = createGuard({ cooldownMs: 1000, now });
    await expect(guard(() => Promise.reject(networkError()))).rejects.toBeInstanceOf(StoreUnavailableError);
    const call = jest.fn(async () => "answer");
    t += 999;
    await expect(guard(call)).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(call).not.toHaveBeenCalled();
    t += 1;
    await expect(guard(call)).resolves.toBe("answer");
    expect(call).toHaveBeenCalledTimes(1);
  });

  it("does not cool down after errors that are not outages", async () => {
    const guard = createGuard({ cooldownMs: 1000, now });
    await expect(guard(() => Promise.reject(new Error("bug")))).rejects.toThrow("bug");
    await expect(guard(async () => "answer")).resolves.toBe("answer");
  });

  it("does not cool down after a room too busy to get a seq: other rooms' writes go on", async () => {
    const guard = createGuard({ cooldownMs: 1000, now });
    await expect(guard(() => Promise.reject(new StoreBusyError("too busy")))).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(guard(async () => "answer")).resolves.toBe("answer");
  });
});
