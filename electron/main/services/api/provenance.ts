/** What the API said about one paid image, besides the image itself. */
export interface ImageProvenance {
  requestId: string | null;
  credits: number | null;
  sourceUrl: string | null;
}
