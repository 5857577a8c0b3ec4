import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ZDish, type TCreateDish } from '@canteen/shared';
import { apiRequest } from '@/lib/api-client';
import { MENUS_KEY } from './menus-keys';

export function createDish(body: TCreateDish) {
  return apiRequest('POST', '/menus/dishes', { body, schema: ZDish });
}

export function useCreateDish() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createDish,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [MENUS_KEY, 'dishes'] }),
  });
}
