import { queryOptions, useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { ZApiKey } from '@canteen/shared';
import { apiRequest } from '@/lib/api-client';

export const API_KEYS_KEY = 'supplier-api-keys';

const ZApiKeys = z.array(ZApiKey);

export function getApiKeys(signal?: AbortSignal) {
  return apiRequest('GET', '/supplier-api-keys', { schema: ZApiKeys, signal });
}

export const getApiKeysQueryOptions = () =>
  queryOptions({ queryKey: [API_KEYS_KEY, 'list'], queryFn: ({ signal }) => getApiKeys(signal) });

export function useApiKeys() {
  return useQuery(getApiKeysQueryOptions());
}
