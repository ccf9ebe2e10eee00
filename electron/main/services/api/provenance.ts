/** What the API said about one paid image, besides the image itself. */
export interface ImageProvenance {
  requestId: string | null;
  credits: number | null;
  sourceUrl: string | null;
  /** The answer's `x-inference-id` header (the account ledger's reference_id); null when absent. */
  inferenceId?: string | null;
  /** The `X-Client-Request-Id` the request carried (the job's id); null when none was sent. */
  clientRequestId?: string | null;
}
