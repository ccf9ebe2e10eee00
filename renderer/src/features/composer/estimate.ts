import { TYPICAL_CREDITS_PER_IMAGE } from '../../../../electron/shared/constants';
import { creditsToUsd } from '../../components/money';

/** Every image is its own request, charged about what one create has cost so far. */
export function estimateUsd(images: number): number {
  return creditsToUsd(images * TYPICAL_CREDITS_PER_IMAGE);
}

export function generateLabel(images: number): string {
  return images > 1 ? `Generate ${images} images` : 'Generate';
}
