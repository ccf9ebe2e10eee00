import { useEffect, useLayoutEffect, useRef, type KeyboardEvent, type PointerEvent, type ReactNode } from 'react';
import { textDirection } from '../../components/text-direction';
import { mediaUrl } from '../../ipc';
import { itemLabel } from '../library/format';
import { moveCompareSplit, panCompare, setComparePane, setCompareSplit, SPLIT_STEP, useCompareStore, zoomCompareAt, type CompareSide } from './compare-store';

/** Wheel deltas per e-fold of zoom: a trackpad pinch (ctrl+wheel) sends small deltas, a mouse wheel large ones. */
const WHEEL_SPEED = 0.002;
const PINCH_WHEEL_SPEED = 0.01;

/**
 * The shared zoom and pan reach every layer as CSS custom properties set through the CSSOM: the
 * production CSP (style-src 'self') refuses style attributes, and the renderer's lint rule too.
 */
function useTransform() {
  const zoom = useCompareStore((state) => state.zoom);
  const panX = useCompareStore((state) => state.panX);
  const panY = useCompareStore((state) => state.panY);
  return (node: HTMLElement | null) => {
    if (!node) return;
    node.style.setProperty('--compare-zoom', String(zoom));
    node.style.setProperty('--compare-x', `${panX}px`);
    node.style.setProperty('--compare-y', `${panY}px`);
  };
}

/** One image, fitted to its pane and moved by the shared zoom and pan. */
function Layer({ side }: { side: CompareSide }) {
  const transform = useTransform();
  const zoom = useCompareStore((state) => state.zoom);
  const label = itemLabel(side.item);
  return (
    <div className="compare-layer" ref={transform} data-zoom={Math.round(zoom * 100)}>
      <img className="compare-image" src={mediaUrl(side.item.id, 'original')} alt={label} dir={textDirection(label)} draggable={false} decoding="async" />
    </div>
  );
}

/**
 * A pane that zooms under the wheel (around the pointer) and pans under a drag; it reports its
 * size, which bounds the pan. Both views' panes go through here, so both images always move together.
 */
function Pane({ className, children }: { className: string; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  const drag = useRef<{ id: number; x: number; y: number } | null>(null);

  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    const measure = () => setComparePane(element.clientWidth, element.clientHeight);
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  // React's wheel listeners are passive; zooming must keep the page from scrolling.
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const onWheel = (event: WheelEvent) => {
      event.preventDefault();
      const rect = element.getBoundingClientRect();
      const delta = event.deltaMode === WheelEvent.DOM_DELTA_LINE ? event.deltaY * 16 : event.deltaY;
      const speed = event.ctrlKey ? PINCH_WHEEL_SPEED : WHEEL_SPEED;
      zoomCompareAt(Math.exp(-delta * speed), event.clientX - rect.left - rect.width / 2, event.clientY - rect.top - rect.height / 2);
    };
    element.addEventListener('wheel', onWheel, { passive: false });
    return () => element.removeEventListener('wheel', onWheel);
  }, []);

  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    if (event.button !== 0 || (event.target instanceof Element && event.target.closest('.compare-divider'))) return;
    event.currentTarget.setPointerCapture?.(event.pointerId);
    drag.current = { id: event.pointerId, x: event.clientX, y: event.clientY };
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    const previous = drag.current;
    if (previous === null || previous.id !== event.pointerId) return;
    drag.current = { id: event.pointerId, x: event.clientX, y: event.clientY };
    panCompare(event.clientX - previous.x, event.clientY - previous.y);
  };
  const onPointerEnd = () => {
    drag.current = null;
  };

  return (
    <div
      ref={ref}
      className={`compare-pane ${className}`}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerEnd}
      onPointerCancel={onPointerEnd}
    >
      {children}
    </div>
  );
}

export function SideBySide({ sides }: { sides: readonly [CompareSide, CompareSide] }) {
  return (
    <div className="compare-side-by-side">
      {sides.map((side, index) => (
        <figure key={index} className="compare-figure">
          <Pane className="compare-pane-half">
            <Layer side={side} />
          </Pane>
          <figcaption className="compare-caption">
            <span className="compare-role">{side.role}</span>
            <span className="compare-caption-prompt" dir="auto">
              {itemLabel(side.item)}
            </span>
          </figcaption>
        </figure>
      ))}
    </div>
  );
}

/** The divider of the overlay: a slider (Left/Right, Home/End, PageUp/PageDown) and a drag handle. */
function Divider({ sides }: { sides: readonly [CompareSide, CompareSide] }) {
  const split = useCompareStore((state) => state.split);
  const drag = useRef<number | null>(null);

  const follow = (event: PointerEvent<HTMLDivElement>) => {
    const pane = event.currentTarget.parentElement?.getBoundingClientRect();
    if (pane && pane.width > 0) setCompareSplit(((event.clientX - pane.left) / pane.width) * 100);
  };

  // The dialog's own keys move the slider too; these are the slider role's usual extras.
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const moves: Record<string, () => void> = {
      Home: () => setCompareSplit(0),
      End: () => setCompareSplit(100),
      PageDown: () => moveCompareSplit(-4 * SPLIT_STEP),
      PageUp: () => moveCompareSplit(4 * SPLIT_STEP),
    };
    const move = moves[event.key];
    if (!move) return;
    event.preventDefault();
    event.stopPropagation();
    move();
  };

  return (
    <div
      className="compare-divider"
      role="slider"
      tabIndex={0}
      aria-label="Divider position"
      aria-orientation="horizontal"
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={split}
      aria-valuetext={`${split}%: ${sides[0].role} on the left, ${sides[1].role} on the right`}
      aria-keyshortcuts="ArrowLeft ArrowRight Home End"
      ref={(node) => node?.style.setProperty('--compare-split', `${split}%`)}
      onKeyDown={onKeyDown}
      onPointerDown={(event) => {
        event.currentTarget.setPointerCapture?.(event.pointerId);
        drag.current = event.pointerId;
        follow(event);
      }}
      onPointerMove={(event) => (drag.current === event.pointerId ? follow(event) : undefined)}
      onPointerUp={() => (drag.current = null)}
      onPointerCancel={() => (drag.current = null)}
    >
      <span className="compare-divider-handle" aria-hidden="true" />
    </div>
  );
}

/** Both images in one pane: the first left of the divider, the second right of it, zoomed and panned as one. */
export function SliderOverlay({ sides }: { sides: readonly [CompareSide, CompareSide] }) {
  const split = useCompareStore((state) => state.split);
  return (
    <figure className="compare-figure compare-overlay">
      <Pane className="compare-pane-full">
        <Layer side={sides[0]} />
        <div className="compare-clip" ref={(node) => node?.style.setProperty('--compare-split', `${split}%`)}>
          <Layer side={sides[1]} />
        </div>
        <Divider sides={sides} />
      </Pane>
      <figcaption className="compare-caption compare-caption-split">
        <span>
          <span className="compare-role">Left: {sides[0].role}</span>
          <span className="compare-caption-prompt" dir="auto">
            {itemLabel(sides[0].item)}
          </span>
        </span>
        <span>
          <span className="compare-role">Right: {sides[1].role}</span>
          <span className="compare-caption-prompt" dir="auto">
            {itemLabel(sides[1].item)}
          </span>
        </span>
      </figcaption>
    </figure>
  );
}
