import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import {
  ZNotificationStreamEvent,
  ZUnreadCount,
  type TNotificationStreamEvent,
} from '@canteen/shared';
import { z } from 'zod';
import { NOTIFICATIONS_KEY } from './get-notifications';
import { getUnreadCountQueryOptions } from './get-unread-count';

const STREAM_URL = '/api/notifications/stream';
const FIRST_RETRY_MS = 1_000;
const MAX_RETRY_MS = 30_000;

const ZStreamEnd = z.object({ reason: z.string() });

function parse<S extends z.ZodType>(schema: S, text: string): z.infer<S> | null {
  try {
    const result = schema.safeParse(JSON.parse(text));
    return result.success ? result.data : null;
  } catch {
    return null;
  }
}

/**
 * The signed-in user's live notifications (Server-Sent Events). The browser's own reconnection
 * gives up on an HTTP error, so the stream is reopened here with an exponential back-off (1 s
 * doubling to 30 s, with jitter). Each notification refreshes the centre and calls `onNotification`;
 * after a reconnection everything is refetched, since events sent meanwhile were missed.
 * Answers whether the stream is open now.
 */
export function useNotificationStream({
  enabled,
  onNotification,
}: {
  enabled: boolean;
  onNotification: (event: TNotificationStreamEvent) => void;
}): boolean {
  const queryClient = useQueryClient();
  const [connected, setConnected] = useState(false);
  const callback = useRef(onNotification);
  useEffect(() => {
    callback.current = onNotification;
  }, [onNotification]);

  useEffect(() => {
    if (!enabled || typeof EventSource === 'undefined') return;
    let source: EventSource | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let failures = 0;
    let opened = false;
    let stopped = false;

    const retry = () => {
      setConnected(false);
      source?.close();
      source = null;
      if (stopped) return;
      const delay = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** failures);
      failures++;
      timer = setTimeout(connect, delay / 2 + Math.random() * (delay / 2));
    };

    function connect() {
      const stream = new EventSource(STREAM_URL, { withCredentials: true });
      source = stream;
      stream.addEventListener('ready', (event: MessageEvent<string>) => {
        failures = 0;
        setConnected(true);
        const unread = parse(ZUnreadCount, event.data);
        if (unread) queryClient.setQueryData(getUnreadCountQueryOptions().queryKey, unread);
        if (opened) void queryClient.invalidateQueries();
        opened = true;
      });
      stream.addEventListener('notification', (event: MessageEvent<string>) => {
        const notification = parse(ZNotificationStreamEvent, event.data);
        if (!notification) return;
        void queryClient.invalidateQueries({ queryKey: [NOTIFICATIONS_KEY] });
        callback.current(notification);
      });
      stream.addEventListener('end', (event: MessageEvent<string>) => {
        const reason = parse(ZStreamEnd, event.data)?.reason;
        // Too many tabs: the server closed the oldest; reconnecting would only close another.
        if (reason === 'too-many') {
          stopped = true;
          setConnected(false);
          stream.close();
          return;
        }
        retry();
      });
      stream.onerror = retry;
    }

    connect();
    return () => {
      stopped = true;
      clearTimeout(timer);
      source?.close();
      setConnected(false);
    };
  }, [enabled, queryClient]);

  return connected;
}
