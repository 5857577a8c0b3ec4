import { queryOptions, useQuery } from '@tanstack/react-query';
import { ZAlertSlas, ZSettingView } from '@canteen/shared';
import { z } from 'zod';
import { apiRequest } from '@/lib/api-client';
import { ALERTS_KEY } from './get-alerts';

const ZSettingViews = z.array(ZSettingView);

/** The time limits per severity in force at a unit (settings key 'warnings.sla'), with where they come from. */
export async function getAlertSlas(orgUnitId: string, signal?: AbortSignal) {
  const views = await apiRequest('GET', '/settings', {
    query: { orgUnitId },
    schema: ZSettingViews,
    signal,
  });
  const view = views.find((v) => v.key === 'warnings.sla');
  if (!view) return null;
  return { ...view, value: ZAlertSlas.parse(view.value) };
}

export const getAlertSlasQueryOptions = (orgUnitId: string) =>
  queryOptions({
    queryKey: [ALERTS_KEY, 'slas', orgUnitId],
    queryFn: ({ signal }) => getAlertSlas(orgUnitId, signal),
  });

export function useAlertSlas(orgUnitId: string | undefined) {
  return useQuery({ ...getAlertSlasQueryOptions(orgUnitId ?? ''), enabled: !!orgUnitId });
}
