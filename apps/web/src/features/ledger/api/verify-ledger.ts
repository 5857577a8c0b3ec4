import { useMutation } from '@tanstack/react-query';
import { ZVerification, type TVerifyQuery } from '@canteen/shared';
import { apiRequest } from '@/lib/api-client';

/** Re-computes every hash chain in the unit and checks the signed daily digests. */
export function verifyLedger(body: TVerifyQuery) {
  return apiRequest('POST', '/ledger/verify', { body, schema: ZVerification });
}

export function useVerifyLedger() {
  return useMutation({ mutationFn: verifyLedger });
}
