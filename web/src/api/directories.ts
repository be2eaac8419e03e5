// Directories HQ maintains in both languages (`/directories/{industries|vehicle_types|source_channels}`).
import { http } from './client';
import type { DirectoryEntry, DirectoryEntryCreate, DirectoryEntryPatch, DirectoryList, DirectoryName } from './types';

export async function listDirectory(name: DirectoryName, includeInactive = false): Promise<DirectoryEntry[]> {
  const list = await http.get<DirectoryList>(`/directories/${name}`, {
    include_inactive: includeInactive ? true : undefined,
  });
  return list.items;
}

export function createDirectoryEntry(name: DirectoryName, body: DirectoryEntryCreate): Promise<DirectoryEntry> {
  return http.post<DirectoryEntry>(`/directories/${name}`, body);
}

export function updateDirectoryEntry(
  name: DirectoryName,
  code: string,
  body: DirectoryEntryPatch,
): Promise<DirectoryEntry> {
  return http.patch<DirectoryEntry>(`/directories/${name}/${encodeURIComponent(code)}`, body);
}
