import { queryOptions, useQuery } from '@tanstack/react-query';
import { ZNutritionTargetsView } from '@canteen/shared';
import { apiRequest } from '@/lib/api-client';
import { NUTRITION_KEY } from './assess-nutrition';

/** The targets in force at a unit for each age band, and the unit each comes from. */
export function getNutritionTargets(orgUnitId: string, signal?: AbortSignal) {
  return apiRequest('GET', '/nutrition/targets', {
    query: { orgUnitId },
    schema: ZNutritionTargetsView,
    signal,
  });
}

export const getNutritionTargetsQueryOptions = (orgUnitId: string) =>
  queryOptions({
    queryKey: [NUTRITION_KEY, 'targets', orgUnitId],
    queryFn: ({ signal }) => getNutritionTargets(orgUnitId, signal),
  });

export function useNutritionTargets(orgUnitId: string | undefined) {
  return useQuery({ ...getNutritionTargetsQueryOptions(orgUnitId ?? ''), enabled: !!orgUnitId });
}
