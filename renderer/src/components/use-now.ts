import { useEffect, useState } from 'react';

/**
 * The current time, re-read every second while `ticking`. Each caller keeps its own interval: only
 * rows that show a running clock (active jobs, countdowns) tick, and they are few.
 */
export function useNow(ticking: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!ticking) return;
    const tick = () => setNow(Date.now());
    // Catch up at once: the last reading may be long stale when a row starts ticking again.
    const catchUp = window.setTimeout(tick, 0);
    const timer = window.setInterval(tick, 1000);
    return () => {
      window.clearTimeout(catchUp);
      window.clearInterval(timer);
    };
  }, [ticking]);
  return now;
}

/** "8 s", "2 min 05 s", "1 h 02 min". */
export function formatDuration(milliseconds: number): string {
  const seconds = Math.max(0, Math.floor(milliseconds / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${String(seconds % 60).padStart(2, '0')} s`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}
