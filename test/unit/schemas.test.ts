import { messageBody, messageHistorySchema, messageSendSchema } from "../../shared/schemas";

describe("message body", () => {
  it("trims and normalises Windows line endings", () => {
    expect(messageBody.parse("  hi\r\nthere  ")).toBe("hi\nthere");
  });

  it("keeps newlines and tabs", () => {
    expect(messageBody.parse("a\n\tb")).toBe("a\n\tb");
  });

  it.each(["\u0000", "\u0007", "\u001b[31m", "\u007f", "\u0085"])("rejects control character %j", (c) => {
    expect(messageBody.safeParse(`x${c}y`).success).toBe(false);
  });

  it("counts code points, not UTF-16 units", () => {
    expect(messageBody.safeParse("👍".repeat(4000)).success).toBe(true);
    expect(messageBody.safeParse("👍".repeat(4001)).success).toBe(false);
  });
});

describe("payload schemas", () => {
  const roomId = "0b3f0b2e-4c1a-4d8e-9b1a-1f6a3c2d4e5f";

  it("reject unknown keys, so typos fail loudly", () => {
    expect(messageSendSchema.safeParse({ roomId, clientMsgId: roomId, body: "x", bodyy: "y" }).success).toBe(false);
  });

  it("reject non-integer and negative sequence numbers", () => {
    expect(messageHistorySchema.safeParse({ roomId, after: 1.5 }).success).toBe(false);
    expect(messageHistorySchema.safeParse({ roomId, before: -1 }).success).toBe(false);
  });
});
