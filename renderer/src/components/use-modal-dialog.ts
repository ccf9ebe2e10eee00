import { useLayoutEffect, useRef, type RefObject } from 'react';

/**
 * Shows the <dialog> it is given as a native modal while the component is mounted (the browser
 * makes the rest of the page inert and keeps the dialog in the top layer), and focuses it. jsdom
 * has no showModal: there the dialog is only marked open. On unmount the dialog is closed and
 * `onClosed` runs with the element that had focus before it opened, to give focus back.
 */
export function useModalDialog(onClosed: (opener: HTMLElement | null) => void): RefObject<HTMLDialogElement | null> {
  const ref = useRef<HTMLDialogElement>(null);

  useLayoutEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (typeof dialog.showModal === 'function') {
      if (!dialog.open) dialog.showModal();
    } else {
      dialog.setAttribute('open', '');
    }
    dialog.focus();
    return () => {
      if (typeof dialog.close === 'function' && dialog.open) dialog.close();
      onClosed(opener);
    };
    // Opened once per mount: the callback given at mount is the one that runs at unmount.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return ref;
}
