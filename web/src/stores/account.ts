// The account open on the account page: the record, its contacts (the buying centre) and its
// analysis sheet with the saved versions, plus the names of the users they mention.
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { getAccount, getAnalysis, listContacts } from '@/api/accounts';
import type { Account, AnalysisHistory, AnalysisVersion, Contact } from '@/api/types';
import { useUserNames } from '@/kit/user-names';

export const useAccountStore = defineStore('account', () => {
  const account = ref<Account | null>(null);
  const contacts = ref<Contact[]>([]);
  const contactsLoaded = ref(false);
  const analysis = ref<AnalysisHistory | null>(null);

  const id = computed(() => account.value?.id ?? null);

  /** Opens an account: forgets everything about the previous one. */
  async function open(accountId: number): Promise<Account> {
    if (account.value?.id !== accountId) reset();
    const loaded = await getAccount(accountId);
    account.value = loaded;
    if (loaded.owner_user_id !== null) void ensureUserNames([loaded.owner_user_id]);
    return loaded;
  }

  async function loadContacts(): Promise<void> {
    const accountId = id.value;
    if (accountId === null) return;
    const items = await listContacts(accountId);
    if (id.value !== accountId) return; // another account was opened meanwhile
    contacts.value = items;
    contactsLoaded.value = true;
  }

  async function loadAnalysis(): Promise<void> {
    const accountId = id.value;
    if (accountId === null) return;
    const history = await getAnalysis(accountId);
    if (id.value !== accountId) return;
    analysis.value = history;
    void ensureUserNames(history.history.map((version) => version.created_by));
  }

  function setAccount(saved: Account): void {
    account.value = saved;
    if (saved.owner_user_id !== null) void ensureUserNames([saved.owner_user_id]);
  }

  function upsertContact(saved: Contact): void {
    const index = contacts.value.findIndex((contact) => contact.id === saved.id);
    if (index >= 0) contacts.value.splice(index, 1, saved);
    else contacts.value.push(saved);
  }

  /** A newly saved analysis version becomes the current one, on top of the history. */
  function addAnalysisVersion(version: AnalysisVersion): void {
    const history = analysis.value?.history ?? [];
    analysis.value = { current: version, history: [version, ...history] };
  }

  /** Names of users by id, through the kit's one cache (the system, user 0, is 系统, never fetched). */
  function ensureUserNames(ids: readonly (number | null)[]): Promise<void> {
    return useUserNames().ensure(ids);
  }

  function userName(userId: number | null | undefined): string {
    if (userId === null || userId === undefined) return '';
    return useUserNames().name(userId);
  }

  function reset(): void {
    account.value = null;
    contacts.value = [];
    contactsLoaded.value = false;
    analysis.value = null;
  }

  return {
    account,
    contacts,
    contactsLoaded,
    analysis,
    open,
    loadContacts,
    loadAnalysis,
    setAccount,
    upsertContact,
    addAnalysisVersion,
    ensureUserNames,
    userName,
    reset,
  };
});
