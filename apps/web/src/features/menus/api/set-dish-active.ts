import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ZDish, type TSetDishActive } from '@canteen/shared';
import { apiRequest } from '@/lib/api-client';
import { MENUS_KEY } from './menus-keys';

export function setDishActive({ id, body }: { id: string; body: TSetDishActive }) {
  return apiRequest('POST', `/menus/dishes/${id}/active`, { body, schema: ZDish });
}

export function useSetDishActive() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: setDishActive,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [MENUS_KEY, 'dishes'] }),
  });
}
