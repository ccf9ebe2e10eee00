import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';
import { resetRendererStores } from './store-registry';

/** The stores are module singletons; every test starts from their initial state. */
afterEach(() => {
  cleanup();
  resetRendererStores();
});
