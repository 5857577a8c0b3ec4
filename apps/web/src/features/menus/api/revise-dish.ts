import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ZDish, type TReviseDish } from '@canteen/shared';
import { apiRequest } from '@/lib/api-client';
import { MENUS_KEY } from './menus-keys';

/** A change is a new version of the dish; plans keep the version they were made with. */
export function reviseDish({ id, body }: { id: string; body: TReviseDish }) {
  return apiRequest('PATCH', `/menus/dishes/${id}`, { body, schema: ZDish });
}

export function useReviseDish() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: reviseDish,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [MENUS_KEY, 'dishes'] }),
  });
}
