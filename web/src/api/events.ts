// Exhibitions and promotion events (展销会、推广会): a unit's managers plan one (its days, place,
// budget and the vehicles shown), the sales side invites their own customers' contacts — decision
// makers and evaluators first, as the planning document advises — records their answers and checks
// them in at the door on the event's days; the organiser closes it with the actual cost (结项) or
// cancels it. The results count the guests by buying role and the leads registered with the event
// as their source, down to the cost per unit won; the list exports as an .xlsx. The records are the generated types
// (schema.d.ts); docs/api-notes.md, "Exhibitions and promotion events".
import { filenameFromContentDisposition } from '@/utils/download';
import { getFile, http } from './client';
import type { components } from './schema';

type Schemas = components['schemas'];

export type EventRecord = Schemas['Event'];
export type EventList = Schemas['EventList'];
export type EventCreate = Schemas['EventCreate'];
export type EventUpdate = Schemas['EventUpdate'];
export type EventCandidate = Schemas['EventCandidateList']['items'][number];
export type EventInvitation = Schemas['EventInvitation'];
export type EventResults = Schemas['EventResults'];
export type EventKind = EventRecord['kind'];
export type EventStatus = EventRecord['status'];
export type InvitationResponse = EventInvitation['response'];
export type EventBuyingRole = EventInvitation['buying_role'];

export const EVENT_KINDS: readonly EventKind[] = ['exhibition', 'promotion'];
export const EVENT_STATUSES: readonly EventStatus[] = ['planned', 'held', 'cancelled'];
export const INVITATION_RESPONSES: readonly InvitationResponse[] = ['pending', 'accepted', 'declined'];

export interface EventFilter {
  /** One status or several, comma-separated. */
  status?: string;
  kind?: EventKind;
  unit_id?: number;
  /** Starting on or after / before these days. */
  from?: string;
  to?: string;
  /** Planned and not ended. */
  upcoming?: boolean;
  /** Planned but ended: to be closed with the actual cost (the to-do). */
  ended?: boolean;
  limit?: number;
  cursor?: string;
}

export interface CandidateFilter {
  /** Each a comma-separated list; none: every one. */
  grade?: string;
  industry?: string;
  buying_role?: string;
  q?: string;
  limit?: number;
}

export interface InvitationFilter {
  response?: InvitationResponse;
  attended?: boolean;
  /** The contact's or the account's name contains it (the check-in search). */
  q?: string;
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The query of an event filter (the list's and the export's): flags only when set, nothing empty. */
export function eventQuery(filter: EventFilter): Record<string, string | number | boolean | undefined> {
  return {
    status: filter.status || undefined,
    kind: filter.kind || undefined,
    unit_id: filter.unit_id,
    from: filter.from || undefined,
    to: filter.to || undefined,
    upcoming: filter.upcoming ? true : undefined,
    ended: filter.ended ? true : undefined,
  };
}

export function listEvents(filter: EventFilter, signal?: AbortSignal): Promise<EventList> {
  return http.get<EventList>('/events', { ...eventQuery(filter), limit: filter.limit, cursor: filter.cursor }, { signal });
}

/** The filtered events as an .xlsx (at most 10,000: 422 beyond); the server's file name when it gives one. */
export async function exportEvents(filter: EventFilter): Promise<{ blob: Blob; filename: string | null }> {
  const file = await getFile('/events/export', eventQuery(filter), { accept: XLSX_TYPE });
  return { blob: file.blob, filename: filenameFromContentDisposition(file.contentDisposition) };
}

export function getEvent(id: number, signal?: AbortSignal): Promise<EventRecord> {
  return http.get<EventRecord>(`/events/${id}`, undefined, { signal });
}

export function createEvent(body: EventCreate): Promise<EventRecord> {
  return http.post<EventRecord>('/events', body);
}

export function updateEvent(id: number, body: EventUpdate): Promise<EventRecord> {
  return http.put<EventRecord>(`/events/${id}`, body);
}

/** 结项: held, with the actual cost (409 event.not_started before its first day). */
export function holdEvent(id: number, body: { version: number; cost_fen: number }): Promise<EventRecord> {
  return http.post<EventRecord>(`/events/${id}/hold`, body);
}

export function cancelEvent(id: number, body: { version: number; reason: string }): Promise<EventRecord> {
  return http.post<EventRecord>(`/events/${id}/cancel`, body);
}

export function listCandidates(id: number, filter: CandidateFilter, signal?: AbortSignal): Promise<{ items: EventCandidate[] }> {
  return http.get<{ items: EventCandidate[] }>(`/events/${id}/candidates`, { ...filter }, { signal });
}

/** Invites 1–200 contacts; those invited already are skipped (not in the answer). */
export function inviteContacts(id: number, contactIds: readonly number[]): Promise<{ items: EventInvitation[] }> {
  return http.post<{ items: EventInvitation[] }>(`/events/${id}/invitations`, { contact_ids: [...contactIds] });
}

export function listInvitations(id: number, filter: InvitationFilter = {}, signal?: AbortSignal): Promise<{ items: EventInvitation[] }> {
  return http.get<{ items: EventInvitation[] }>(`/events/${id}/invitations`, { ...filter }, { signal });
}

export function respondInvitation(
  id: number,
  invitationId: number,
  body: { version: number; response: Exclude<InvitationResponse, 'pending'> },
): Promise<EventInvitation> {
  return http.post<EventInvitation>(`/events/${id}/invitations/${invitationId}/respond`, body);
}

/** Checks a guest in (on the event's days: 409 event.not_open else); twice answers the first. */
export function checkIn(id: number, invitationId: number): Promise<EventInvitation> {
  return http.post<EventInvitation>(`/events/${id}/invitations/${invitationId}/check-in`);
}

export function getEventResults(id: number, signal?: AbortSignal): Promise<EventResults> {
  return http.get<EventResults>(`/events/${id}/results`, undefined, { signal });
}
