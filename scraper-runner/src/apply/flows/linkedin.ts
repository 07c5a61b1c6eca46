/** linkedin's apply flow (being written: answers `failed` until then). */
import type { ApplyFlow } from "./index.js";

export const linkedinFlow: ApplyFlow = {
  apply: async () => ({ kind: "failed", error: "linkedin apply flow not implemented yet" }),
  checkApplied: async () => false,
};
