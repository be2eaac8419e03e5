// Account helpers shared by the list and the account page: the grade's tag colour and the
// buying centre (采购关系) grouped by role, with the roles nobody covers yet.
import { BUYING_ROLES, type BuyingRole, type Contact, type Grade } from '@/api/types';

export type TagType = 'primary' | 'success' | 'warning' | 'info' | 'danger';

/** 重点 red, 次重点 orange, 潜力 green: the eye finds the key accounts first. */
const GRADE_TAGS: Readonly<Record<Grade, TagType>> = {
  key: 'danger',
  secondary: 'warning',
  potential: 'success',
};

export function gradeTagType(grade: Grade): TagType {
  return GRADE_TAGS[grade];
}

export interface BuyingCentreGroup {
  role: BuyingRole;
  /** The contacts shown under the role (active ones, plus inactive ones when asked for). */
  contacts: Contact[];
  /** Whether at least one active contact holds the role. */
  covered: boolean;
}

/**
 * The six buying-centre roles in their fixed order, each with its contacts. A role is covered
 * only by an active contact; inactive contacts are listed only when `includeInactive`.
 */
export function groupBuyingCentre(contacts: readonly Contact[], includeInactive = false): BuyingCentreGroup[] {
  return BUYING_ROLES.map((role) => {
    const holders = contacts.filter((contact) => contact.buying_role === role);
    return {
      role,
      contacts: holders.filter((contact) => includeInactive || contact.active),
      covered: holders.some((contact) => contact.active),
    };
  });
}

export function uncoveredRoles(groups: readonly BuyingCentreGroup[]): BuyingRole[] {
  return groups.filter((group) => !group.covered).map((group) => group.role);
}

/**
 * Who `self` may report to: another contact of the account that is not `self` nor anyone
 * reporting (directly or not) to `self`, which would make a loop. `self` null: a new contact.
 */
export function reportsToChoices(contacts: readonly Contact[], self: Contact | null): Contact[] {
  if (!self) return [...contacts];
  const below = new Set<number>([self.id]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const contact of contacts) {
      if (contact.reports_to_id !== null && below.has(contact.reports_to_id) && !below.has(contact.id)) {
        below.add(contact.id);
        grew = true;
      }
    }
  }
  return contacts.filter((contact) => !below.has(contact.id));
}
