// Turns any thrown error into a sentence for the user: the problem+json `code` through the
// locales (errors.code.<code>), else the server's `detail`, else a generic text.
import { ApiError } from '@/api/client';

export interface Translator {
  t: (key: string, named?: Record<string, unknown>) => string;
  te: (key: string) => boolean;
}

export function errorMessage(error: unknown, { t, te }: Translator): string {
  if (error instanceof ApiError) {
    const code = error.code;
    if (code && te(`errors.code.${code}`)) return t(`errors.code.${code}`);
    const detail = error.problem?.detail;
    if (detail) return detail;
    if (error.status === 0) return t('errors.network');
    return t('errors.http', { status: error.status });
  }
  return t('errors.unknown');
}
