import { creditsToUsd } from '../../components/money';
import { useAccountStore } from '../../stores/account-store';
import { useAspectRatios, useComposerStore } from '../../stores/composer-store';
import { MODE_MODELS, useComposeMode } from '../references/references-store';

/** What one click sends: images (`count` for each ratio; an edit has one ratio, its source's) and about what they cost with this model. */
export function useEstimate(): { images: number; usd: number } {
  const mode = useComposeMode();
  const count = useComposerStore((state) => state.count);
  const ratios = useAspectRatios().length;
  const perImage = useAccountStore((state) => state.prices.creditsPerImage[MODE_MODELS[mode]]);
  const images = count * (mode === 'edit' ? 1 : ratios);
  return { images, usd: creditsToUsd(images * perImage) };
}

export function generateLabel(images: number): string {
  return images > 1 ? `Generate ${images} images` : 'Generate';
}
