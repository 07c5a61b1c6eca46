/** indeed's apply flow (being written: answers `failed` until then). */
import type { ApplyFlow } from "./index.js";

export const indeedFlow: ApplyFlow = {
  apply: async () => ({ kind: "failed", error: "indeed apply flow not implemented yet" }),
  checkApplied: async () => false,
};
