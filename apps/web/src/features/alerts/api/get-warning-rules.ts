import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { ZWarningRule } from '@canteen/shared';
import { z } from 'zod';
import { apiRequest } from '@/lib/api-client';
import { ALERTS_KEY } from './get-alerts';

const ZRules = z.array(ZWarningRule);

/** The catalogue with each threshold as it holds at the unit, and the unit that set it. */
export function getWarningRules(orgUnitId: string, signal?: AbortSignal) {
  return apiRequest('GET', '/warnings/rules', { query: { orgUnitId }, schema: ZRules, signal });
}

export const getWarningRulesQueryOptions = (orgUnitId: string) =>
  queryOptions({
    queryKey: [ALERTS_KEY, 'rules', orgUnitId],
    queryFn: ({ signal }) => getWarningRules(orgUnitId, signal),
    staleTime: 5 * 60_000,
  });

export function useWarningRules(orgUnitId: string | undefined) {
  return useQuery({
    ...getWarningRulesQueryOptions(orgUnitId ?? ''),
    enabled: !!orgUnitId,
    placeholderData: keepPreviousData,
  });
}
