// One date and time format for the opportunity, quote, tender and insight pages until the
// shared kit's replaces it: days 2026-12-03, times 2026-12-03 18:21 (Asia/Shanghai), in every
// locale.
const PARTS = new Intl.DateTimeFormat('en-US', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** An RFC 3339 time as "2026-12-03 18:21" (Asia/Shanghai); '' when there is none. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return iso;
  const parts = PARTS.formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}`;
}
