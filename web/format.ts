// Numbers, durations and times as the page shows them: lag with thousands separators,
// durations in the largest sensible unit, times in the reader's own zone.

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function formatCount(value: number | null): string {
  return value === null ? '–' : integer.format(value);
}

/** 850 ms, 12.3 s, 4 min 5 s, 2 h 10 min, 3 d 4 h. */
export function formatDuration(ms: number | null): string {
  if (ms === null) return '–';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s < 10 ? s.toFixed(1) : Math.round(s)} s`;
  const total = Math.round(s);
  const [d, h, m, rest] = [
    Math.floor(total / 86400),
    Math.floor((total % 86400) / 3600),
    Math.floor((total % 3600) / 60),
    total % 60,
  ];
  if (d > 0) return `${d} d ${h} h`;
  if (h > 0) return `${h} h ${m} min`;
  return `${m} min ${rest} s`;
}

/** Lag in seconds as the overview's column shows it: whole seconds, '–' when unknown. */
export function formatLagSeconds(ms: number | null): string {
  return ms === null ? '–' : integer.format(Math.round(ms / 1000));
}

/** "12 s ago" from the server's clock (`now`), never negative. */
export function formatAge(at: number | null, now: number): string {
  if (at === null) return 'never';
  return `${formatDuration(Math.max(0, now - at))} ago`;
}

export function formatTime(at: number | null): string {
  if (at === null) return '–';
  return new Date(at).toLocaleTimeString(undefined, { hour12: false });
}

/** Day and time in the reader's zone ("30 Nov, 09:26:30"): incidents can last for days. */
export function formatDateTime(at: number | null): string {
  if (at === null) return '–';
  return new Date(at).toLocaleString(undefined, {
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
  });
}
