import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { ZLedgerReport, type TPeriodQuery } from '@canteen/shared';
import { apiFileUrl, apiRequest } from '@/lib/api-client';
import { LEDGER_KEY } from './get-balances';

/** 台账: opening, movements by kind and closing per ingredient for a period. */
export function getLedgerReport(query: TPeriodQuery, signal?: AbortSignal) {
  return apiRequest('GET', '/ledger/report', {
    query: { ...query },
    schema: ZLedgerReport,
    signal,
  });
}

export const getLedgerReportQueryOptions = (query: TPeriodQuery) =>
  queryOptions({
    queryKey: [LEDGER_KEY, 'report', query],
    queryFn: ({ signal }) => getLedgerReport(query, signal),
  });

export function useLedgerReport(query: TPeriodQuery | null) {
  return useQuery({
    ...getLedgerReportQueryOptions(query ?? { canteenId: '', from: '', to: '' }),
    placeholderData: keepPreviousData,
    enabled: !!query,
  });
}

/** The same report as an .xlsx workbook, downloaded by the browser with its session cookie. */
export function ledgerReportXlsxUrl(query: TPeriodQuery): string {
  return apiFileUrl('/ledger/report.xlsx', { ...query });
}
