import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { ZAlertSummary, zPage, type TAlertQuery } from '@canteen/shared';
import { apiRequest } from '@/lib/api-client';

/** Every alert query starts with this key: a live notification or an action refreshes them all. */
export const ALERTS_KEY = 'alerts';

/** As the address holds it: `mine` is sent as the string the API parses. */
export type AlertListQuery = Partial<Omit<TAlertQuery, 'mine'>> & { mine?: boolean };

const ZAlertPage = zPage(ZAlertSummary);

export function getAlerts(query: AlertListQuery, signal?: AbortSignal) {
  const { mine, ...rest } = query;
  return apiRequest('GET', '/alerts', {
    query: { ...rest, mine: mine ? 'true' : undefined },
    schema: ZAlertPage,
    signal,
  });
}

export const getAlertsQueryOptions = (query: AlertListQuery) =>
  queryOptions({
    queryKey: [ALERTS_KEY, 'list', query],
    queryFn: ({ signal }) => getAlerts(query, signal),
  });

export function useAlerts(query: AlertListQuery) {
  return useQuery({ ...getAlertsQueryOptions(query), placeholderData: keepPreviousData });
}
