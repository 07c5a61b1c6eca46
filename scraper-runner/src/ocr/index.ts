/**
 * The OCR stack of the runner: uploaded certificates, degrees and government IDs read with
 * tesseract.js (images, scanned PDF pages) and poppler (PDF text layers, rasterising).
 */
import type { Consumer, ConsumerDeps } from "../consumer.js";
import { certificateOcrConsumer } from "./certificate-ocr.js";

/** This stack's consumers. */
export function ocrConsumers(deps: ConsumerDeps): Consumer[] {
  return [certificateOcrConsumer(deps)];
}
