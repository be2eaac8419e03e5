// The kit every page is built from (see web/README.md, "Writing a page with the kit"):
// lists, URL-bound filters, forms, dialogs, record pages, the history tab and the one format.
export { default as DialogFooter } from '@/components/dialog-footer.vue';
export { auditChanges, auditSide, type HistoryChange, type HistoryField } from './audit';
export { dateStamp, fenToWan, formatDate, formatDateTime, formatMoney, formatMoneyShort, today, TIME_ZONE } from './format';
export { default as KitField } from './kit-field.vue';
export { default as KitFilterBar } from './kit-filter-bar.vue';
export { default as KitFormDialog } from './kit-form-dialog.vue';
export { default as KitFormSection } from './kit-form-section.vue';
export { default as KitForm } from './kit-form.vue';
export { default as KitHistoryTab } from './kit-history-tab.vue';
export { default as KitList } from './kit-list.vue';
export { default as KitRecordPage, type RecordTab } from './kit-record-page.vue';
export { filter, filterQuery, parseFilters, useUrlFilters, type FilterDef, type FilterDefs, type FilterValues, type UrlFilters } from './url-filters';
export { useKitForm, type KitForm as KitFormState, type KitFormOptions } from './use-form';
export { useKeysetList, type KeysetList, type KeysetListOptions, type KeysetPage, type PageRequest } from './use-keyset-list';
export { useLeaveGuard, type Confirm } from './use-leave-guard';
export { isSystemActor, useUserNames } from './user-names';
export { decisionRules } from './decision';
export { default as KitDecisionField } from './kit-decision-field.vue';
export { default as KitReasonField } from './kit-reason-field.vue';
export { default as KitBackLink } from './kit-back-link.vue';
export { default as KitFormPage } from './kit-form-page.vue';
export { useKitLoad } from './use-kit-load';
export { default as KitActiveTag } from './kit-active-tag.vue';
export { useRecord, type RecordOptions, type RecordPageState, type RecordState } from './use-record';
export { useStatusCounts, type StatusCounts } from './use-status-counts';
export { useSetActive, type SetActiveStep } from './use-set-active';
export { default as KitUnitSelect } from './kit-unit-select.vue';
