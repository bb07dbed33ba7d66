import { reportMessageSchema, reportPersonSchema } from "../../../shared/schemas";
import type { ReportOutcome } from "../domain/reports";
import { reply, type On } from "./handle";
import { STAFF_CHANNEL } from "./types";
import type { GatewayContext } from "./context";

/**
 * Members' reports. The reporter is acked with the receipt alone, once the report is stored; a new
 * review item then reaches every moderator and admin as flag:listed. Nothing goes to anyone else.
 */
export function registerReportHandlers(ctx: GatewayContext, on: On): void {
  const { io, services } = ctx;
  const answer = ({ receipt, listed }: ReportOutcome) => reply(receipt, () => (listed ? void io.to(STAFF_CHANNEL).emit("flag:listed", listed) : undefined));

  on("report:message", reportMessageSchema, async (input, actor) => answer(await services.reports.reportMessage(actor, input)));
  on("report:person", reportPersonSchema, async (input, actor) => answer(await services.reports.reportPerson(actor, input)));
}
