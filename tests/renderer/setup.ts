import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';
import { useComposerStore } from '../../renderer/src/stores/composer-store';
import { useCostStore } from '../../renderer/src/stores/cost-store';
import { useExportStore } from '../../renderer/src/stores/export-store';
import { useHistoryStore } from '../../renderer/src/stores/history-store';
import { useKeyStore } from '../../renderer/src/stores/key-store';
import { useLibraryStore } from '../../renderer/src/stores/library-store';
import { useNoticesStore } from '../../renderer/src/stores/notices-store';
import { useQueueStore } from '../../renderer/src/stores/queue-store';
import { useSettingsStore } from '../../renderer/src/stores/settings-store';
import { useTemplatesStore } from '../../renderer/src/stores/templates-store';
import { useUiStore } from '../../renderer/src/stores/ui-store';

interface ResettableStore<T> {
  getInitialState: () => T;
  setState: (state: T, replace: true) => void;
}

function reset<T>(store: ResettableStore<T>): void {
  store.setState(store.getInitialState(), true);
}

/** The stores are module singletons; every test starts from their initial state. */
afterEach(() => {
  cleanup();
  reset(useComposerStore);
  reset(useKeyStore);
  reset(useLibraryStore);
  reset(useSettingsStore);
  reset(useUiStore);
  reset(useQueueStore);
  reset(useCostStore);
  reset(useHistoryStore);
  reset(useTemplatesStore);
  reset(useExportStore);
  reset(useNoticesStore);
});
