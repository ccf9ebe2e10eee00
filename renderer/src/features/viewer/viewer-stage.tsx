import { useEffect, useLayoutEffect, useRef, useState, type DragEvent, type PointerEvent } from 'react';
import type { LibraryItem } from '../../../../electron/shared/domain';
import { mediaUrl } from '../../ipc';
import { textDirection } from '../../components/text-direction';
import { actualSize, fitImage, panBy, setFitScale, useViewer, useViewerStore, zoomAt } from '../../stores/viewer-store';
import { dragNotice, prepareDrag, startNativeDrag } from '../share/drag';
import { hasImage, placeholderText } from './viewer-format';
import { itemLabel } from '../library/format';

interface Size {
  width: number;
  height: number;
}

/** Wheel deltas per e-fold of zoom: a trackpad pinch (ctrl+wheel) sends small deltas, a mouse wheel large ones. */
const WHEEL_SPEED = 0.002;
const PINCH_WHEEL_SPEED = 0.01;

function knownSize(item: LibraryItem): Size | null {
  return item.width !== null && item.height !== null ? { width: item.width, height: item.height } : null;
}

/**
 * The image at Fit or at a zoom, dragged to pan when zoomed; wheel and pinch zoom around the
 * pointer. Sizes and offsets reach the image as CSS custom properties set through the DOM (not
 * style attributes), so the page's CSP and the renderer's lint rule both hold. Mounted per item.
 */
export function ViewerStage({ item }: { item: LibraryItem }) {
  const zoom = useViewer((state) => state.zoom);
  const panX = useViewer((state) => state.panX);
  const panY = useViewer((state) => state.panY);
  const stageRef = useRef<HTMLDivElement>(null);
  const imageRef = useRef<HTMLImageElement>(null);
  const [natural, setNatural] = useState<Size | null>(() => knownSize(item));
  const [stage, setStage] = useState<Size>({ width: 0, height: 0 });
  const [failed, setFailed] = useState(false);
  const pointers = useRef(new Map<number, { x: number; y: number }>());
  const pinchDistance = useRef<number | null>(null);
  const showImage = hasImage(item) && !failed;

  useLayoutEffect(() => {
    const element = stageRef.current;
    if (!element) return;
    const measure = () => setStage({ width: element.clientWidth, height: element.clientHeight });
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    const measurable = natural !== null && natural.width > 0 && natural.height > 0 && stage.width > 0 && stage.height > 0;
    setFitScale(measurable ? Math.min(1, stage.width / natural.width, stage.height / natural.height) : 1);
  }, [natural, stage]);

  useLayoutEffect(() => {
    const image = imageRef.current;
    if (!image) return;
    if (zoom === null || natural === null) {
      for (const name of ['--viewer-width', '--viewer-height', '--viewer-x', '--viewer-y']) image.style.removeProperty(name);
      return;
    }
    image.style.setProperty('--viewer-width', `${natural.width * zoom}px`);
    image.style.setProperty('--viewer-height', `${natural.height * zoom}px`);
    image.style.setProperty('--viewer-x', `${panX}px`);
    image.style.setProperty('--viewer-y', `${panY}px`);
  }, [zoom, panX, panY, natural, showImage]);

  // React's wheel listeners are passive; zooming must keep the page from scrolling.
  useEffect(() => {
    const element = stageRef.current;
    if (!element || !showImage) return;
    const onWheel = (event: WheelEvent) => {
      event.preventDefault();
      const rect = element.getBoundingClientRect();
      const delta = event.deltaMode === WheelEvent.DOM_DELTA_LINE ? event.deltaY * 16 : event.deltaY;
      const speed = event.ctrlKey ? PINCH_WHEEL_SPEED : WHEEL_SPEED;
      zoomAt(Math.exp(-delta * speed), event.clientX - rect.left - rect.width / 2, event.clientY - rect.top - rect.height / 2);
    };
    element.addEventListener('wheel', onWheel, { passive: false });
    return () => element.removeEventListener('wheel', onWheel);
  }, [showImage]);

  const fromCentre = (x: number, y: number) => {
    const rect = stageRef.current?.getBoundingClientRect();
    return rect ? { x: x - rect.left - rect.width / 2, y: y - rect.top - rect.height / 2 } : { x: 0, y: 0 };
  };

  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    if (!showImage) return;
    // At Fit a mouse drag takes the image out of the window (below); only a zoomed image pans.
    if (zoom === null && event.pointerType === 'mouse') return;
    event.currentTarget.setPointerCapture?.(event.pointerId);
    pointers.current.set(event.pointerId, { x: event.clientX, y: event.clientY });
    pinchDistance.current = null;
  };

  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    const previous = pointers.current.get(event.pointerId);
    if (!previous) return;
    pointers.current.set(event.pointerId, { x: event.clientX, y: event.clientY });
    if (pointers.current.size === 1) {
      if (zoom === null || natural === null) return;
      const limitX = Math.max(0, (natural.width * zoom - stage.width) / 2);
      const limitY = Math.max(0, (natural.height * zoom - stage.height) / 2);
      panBy(event.clientX - previous.x, event.clientY - previous.y, limitX, limitY);
      return;
    }
    const [a, b] = [...pointers.current.values()];
    if (!a || !b) return;
    const distance = Math.hypot(a.x - b.x, a.y - b.y);
    if (pinchDistance.current !== null && pinchDistance.current > 0) {
      const middle = fromCentre((a.x + b.x) / 2, (a.y + b.y) / 2);
      zoomAt(distance / pinchDistance.current, middle.x, middle.y);
    }
    pinchDistance.current = distance;
  };

  const onPointerEnd = (event: PointerEvent<HTMLDivElement>) => {
    pointers.current.delete(event.pointerId);
    pinchDistance.current = null;
  };

  return (
    <div
      ref={stageRef}
      className="viewer-stage"
      data-zoomed={zoom !== null}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerEnd}
      onPointerCancel={onPointerEnd}
      onDoubleClick={() => (showImage ? (zoom === null ? actualSize() : fitImage()) : undefined)}
    >
      {showImage ? (
        <img
          ref={imageRef}
          className="viewer-image"
          src={mediaUrl(item.id, 'original')}
          alt={itemLabel(item)}
          dir={textDirection(itemLabel(item))}
          data-fit={zoom === null || natural === null}
          data-zoom={zoom === null ? 'fit' : String(Math.round(zoom * 100))}
          draggable={zoom === null}
          onPointerDown={(event: PointerEvent<HTMLImageElement>) => {
            // At Fit a press may become a drag: main makes the file ready while the pointer moves.
            if (zoom === null && event.button === 0) prepareDrag([item.id]);
          }}
          onDragStart={(event: DragEvent<HTMLImageElement>) => {
            if (zoom !== null) {
              event.preventDefault();
              return;
            }
            // The viewer's status line (shared with copying) says what came of the drag.
            void startNativeDrag(event, [item.id]).then((result) => {
              if (useViewerStore.getState().id !== item.id) return;
              if (!result.ok) useViewerStore.setState({ copyMessage: null, copyError: result.error });
              else {
                const notice = dragNotice(result.value);
                if (notice !== null) useViewerStore.setState({ copyMessage: notice, copyError: null });
              }
            });
          }}
          decoding="async"
          onLoad={(event) => {
            const { naturalWidth, naturalHeight } = event.currentTarget;
            if (naturalWidth > 0 && naturalHeight > 0) setNatural({ width: naturalWidth, height: naturalHeight });
          }}
          onError={() => setFailed(true)}
        />
      ) : (
        <div className="viewer-placeholder">
          <p>{failed ? 'The image file could not be loaded.' : placeholderText(item)}</p>
        </div>
      )}
    </div>
  );
}
