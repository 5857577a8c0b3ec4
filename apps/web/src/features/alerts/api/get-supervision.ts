import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { ZSupervisionReport, type TSupervisionQuery } from '@canteen/shared';
import { apiFileUrl, apiRequest } from '@/lib/api-client';
import { ALERTS_KEY } from './get-alerts';

/** 靶向监管: how the units below handled the alerts they held in a period, worst first. */
export function getSupervision(query: TSupervisionQuery, signal?: AbortSignal) {
  return apiRequest('GET', '/warnings/supervision', {
    query,
    schema: ZSupervisionReport,
    signal,
  });
}

export const getSupervisionQueryOptions = (query: TSupervisionQuery) =>
  queryOptions({
    queryKey: [ALERTS_KEY, 'supervision', query],
    queryFn: ({ signal }) => getSupervision(query, signal),
  });

export function useSupervision(query: TSupervisionQuery) {
  return useQuery({ ...getSupervisionQueryOptions(query), placeholderData: keepPreviousData });
}

export const supervisionExportUrl = (query: TSupervisionQuery) =>
  apiFileUrl('/warnings/supervision.xlsx', query);
