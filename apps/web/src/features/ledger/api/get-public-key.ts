import { queryOptions, useQuery } from '@tanstack/react-query';
import { ZLedgerPublicKey } from '@canteen/shared';
import { apiRequest } from '@/lib/api-client';
import { LEDGER_KEY } from './get-balances';

/** The Ed25519 key that signs the daily digests, for anyone checking an exported digest. */
export function getPublicKey(signal?: AbortSignal) {
  return apiRequest('GET', '/ledger/public-key', { schema: ZLedgerPublicKey, signal });
}

export const getPublicKeyQueryOptions = () =>
  queryOptions({
    queryKey: [LEDGER_KEY, 'public-key'],
    queryFn: ({ signal }) => getPublicKey(signal),
    staleTime: Infinity,
  });

export function usePublicKey() {
  return useQuery(getPublicKeyQueryOptions());
}
