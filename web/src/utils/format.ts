// Display formats: the kit's one format module (src/kit/format.ts), kept at this path for the
// pages that import it from here.
export { dateStamp, formatDate, formatDateTime, formatMoney, formatMoneyShort } from '@/kit/format';
