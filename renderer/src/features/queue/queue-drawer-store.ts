import { create } from 'zustand';

/** Whether the queue drawer is open: the header's activity indicator opens it, Escape or Close shuts it. */
export const useQueueDrawerStore = create<{ open: boolean }>()(() => ({ open: false }));

export const setQueueDrawerOpen = (open: boolean) => useQueueDrawerStore.setState({ open });
export const openQueueDrawer = () => setQueueDrawerOpen(true);
