// A notification's time as people say it ("3 分钟前"), and its date once it is a week old.
import { useI18n } from 'vue-i18n';
import { formatDateTime } from '@/kit';
import { relativeTime } from './notification-format';

export function useRelativeTime(): (at: string) => string {
  const { t } = useI18n();
  return (at: string) => {
    const { unit, count } = relativeTime(at);
    if (unit === 'date') return formatDateTime(at);
    return t(`notifications.relative.${unit}`, { n: count });
  };
}
