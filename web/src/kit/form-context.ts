// How <KitForm> hands its form to the <KitField>s inside it.
import type { InjectionKey } from 'vue';
import type { KitForm } from './use-form';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const KIT_FORM: InjectionKey<KitForm<any, any>> = Symbol('kit-form');
