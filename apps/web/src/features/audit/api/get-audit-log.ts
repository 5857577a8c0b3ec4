import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { ZAuditEntry, zPage, type TAuditQuery } from '@canteen/shared';
import { apiRequest } from '@/lib/api-client';

export const AUDIT_KEY = 'audit-log';

export type AuditLogQuery = Partial<TAuditQuery>;

const ZAuditPage = zPage(ZAuditEntry);

export function getAuditLog(query: AuditLogQuery, signal?: AbortSignal) {
  return apiRequest('GET', '/audit-log', { query, schema: ZAuditPage, signal });
}

export const getAuditLogQueryOptions = (query: AuditLogQuery) =>
  queryOptions({
    queryKey: [AUDIT_KEY, 'list', query],
    queryFn: ({ signal }) => getAuditLog(query, signal),
  });

export function useAuditLog(query: AuditLogQuery) {
  return useQuery({ ...getAuditLogQueryOptions(query), placeholderData: keepPreviousData });
}
