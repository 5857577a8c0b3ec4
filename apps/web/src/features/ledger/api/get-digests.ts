import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { ZLedgerDigest, zPage, type TDigestQuery } from '@canteen/shared';
import { apiRequest } from '@/lib/api-client';
import { LEDGER_KEY } from './get-balances';

export type DigestListQuery = Partial<TDigestQuery>;

const ZDigestPage = zPage(ZLedgerDigest);

/** The signed daily digests (one per county and day), newest first. */
export function getDigests(query: DigestListQuery, signal?: AbortSignal) {
  return apiRequest('GET', '/ledger/digests', { query, schema: ZDigestPage, signal });
}

export const getDigestsQueryOptions = (query: DigestListQuery) =>
  queryOptions({
    queryKey: [LEDGER_KEY, 'digests', query],
    queryFn: ({ signal }) => getDigests(query, signal),
  });

export function useDigests(query: DigestListQuery) {
  return useQuery({ ...getDigestsQueryOptions(query), placeholderData: keepPreviousData });
}
