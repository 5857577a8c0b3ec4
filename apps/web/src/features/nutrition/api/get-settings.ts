import { queryOptions, useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { ZSettingView } from '@canteen/shared';
import { apiRequest } from '@/lib/api-client';

export const SETTINGS_KEY = 'settings';

const ZSettingViews = z.array(ZSettingView);

/** Every declared setting at a unit: the value in force, where it comes from, the unit's own. */
export function getSettings(orgUnitId: string, signal?: AbortSignal) {
  return apiRequest('GET', '/settings', { query: { orgUnitId }, schema: ZSettingViews, signal });
}

export const getSettingsQueryOptions = (orgUnitId: string) =>
  queryOptions({
    queryKey: [SETTINGS_KEY, orgUnitId],
    queryFn: ({ signal }) => getSettings(orgUnitId, signal),
  });

export function useSettings(orgUnitId: string | undefined) {
  return useQuery({ ...getSettingsQueryOptions(orgUnitId ?? ''), enabled: !!orgUnitId });
}
