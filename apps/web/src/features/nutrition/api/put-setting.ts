import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ZSettingView, type SettingKey } from '@canteen/shared';
import { apiRequest } from '@/lib/api-client';
import { NUTRITION_KEY } from './assess-nutrition';
import { SETTINGS_KEY } from './get-settings';

/** `value: null` removes the unit's own value, so that it inherits again. */
export function putSetting({
  key,
  orgUnitId,
  value,
  reason,
}: {
  key: SettingKey;
  orgUnitId: string;
  value: unknown;
  reason: string;
}) {
  return apiRequest('PUT', `/settings/${key}`, {
    query: { orgUnitId },
    body: { value, reason },
    schema: ZSettingView,
  });
}

/** Settings reach below the unit (inheritance), so every cached unit's settings and targets go. */
export function usePutSetting() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: putSetting,
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: [SETTINGS_KEY] }),
        queryClient.invalidateQueries({ queryKey: [NUTRITION_KEY] }),
        queryClient.invalidateQueries({ queryKey: ['menus'] }),
      ]),
  });
}
