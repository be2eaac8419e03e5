// How the opportunity dialogs say a refused save (useKitForm's `message`, `notify`, `failed`):
// in the opportunity module's words, as a message at the top too (`notify`: also when all went
// beside the fields, or only what could not), and with `stale` called when what the page shows
// is out of date (version_conflict, opportunity.closed…) so that it reads the opportunity again.
import { useI18n } from 'vue-i18n';
import { needsReload, opportunityErrorMessage } from './opportunity-format';

export function useOpportunityErrors(options: { stale?: () => void; notify?: 'always' | 'form-level' | 'never' } = {}) {
  const { t, te } = useI18n();
  return {
    message: (error: unknown) => opportunityErrorMessage(error, { t, te }),
    notify: options.notify === 'always' ? () => t('opportunities.form.fixFields') : options.notify === 'form-level',
    failed(error: unknown) {
      if (needsReload(error)) options.stale?.();
    },
  };
}
