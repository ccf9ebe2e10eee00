import { MEDIA_SCHEME } from '../../shared/contract';
import { ItemId, MediaVariant } from '../../shared/domain';

/** The host every media URL uses: `reverie-media://library/<variant>/<id>`. */
const MEDIA_HOST = 'library';

export interface MediaRequest {
  variant: MediaVariant;
  id: ItemId;
}

/**
 * What a media URL asks for, or null for anything that is not exactly
 * `reverie-media://library/<variant>/<uuid>`. The renderer names images by id only; there is no
 * form of this URL that can carry a path, so a page cannot read arbitrary files through it.
 */
export function parseMediaUrl(value: string): MediaRequest | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (url.protocol !== `${MEDIA_SCHEME}:` || url.hostname !== MEDIA_HOST) return null;
  if (url.port || url.username || url.password || url.search || url.hash) return null;
  const parts = url.pathname.split('/');
  if (parts.length !== 3 || parts[0] !== '') return null;
  const variant = MediaVariant.safeParse(parts[1]);
  const id = ItemId.safeParse(parts[2]);
  return variant.success && id.success ? { variant: variant.data, id: id.data } : null;
}
