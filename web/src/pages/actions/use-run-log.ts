import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { RunDetail, RunLogLine } from '../../api/contracts.ts';
import { apiQueryKey } from '../../api/queries.ts';

/** Lines by their number, so the lines loaded with the run and the streamed ones never repeat. */
function merge(lines: RunLogLine[], more: RunLogLine[]): RunLogLine[] {
  const last = lines.at(-1)?.seq ?? 0;
  const fresh = more.filter((line) => line.seq > last);
  return fresh.length ? [...lines, ...fresh] : lines;
}

/**
 * A run's log, live: the lines the run came with, then the server-sent events of
 * `GET /api/v1/runs/{id}/logs` (the session cookie authenticates the same-origin stream). A `state`
 * event refreshes the run (its state, decision, links); `end` stores the final run and closes.
 * Nothing is streamed for a run that has ended.
 */
export function useRunLog(run: RunDetail, ended: boolean): { lines: RunLogLine[]; live: boolean } {
  const queryClient = useQueryClient();
  const [lines, setLines] = useState<RunLogLine[]>(run.log);
  const [live, setLive] = useState(false);
  const runPath = `/api/v1/runs/${encodeURIComponent(run.id)}`;

  useEffect(() => {
    setLines((current) => merge(current, run.log));
  }, [run.log]);

  useEffect(() => {
    if (ended || typeof EventSource === 'undefined') return;
    const source = new EventSource(`${runPath}/logs`);
    setLive(true);
    source.addEventListener('log', (event) => {
      const line = JSON.parse((event as MessageEvent<string>).data) as RunLogLine;
      setLines((current) => merge(current, [line]));
    });
    source.addEventListener('state', () => {
      void queryClient.invalidateQueries({ queryKey: apiQueryKey(runPath) });
    });
    source.addEventListener('end', (event) => {
      const final = JSON.parse((event as MessageEvent<string>).data) as Omit<RunDetail, 'log'>;
      queryClient.setQueryData<RunDetail>(apiQueryKey(runPath), (previous) =>
        previous ? { ...previous, ...final } : previous,
      );
      source.close();
      setLive(false);
    });
    return () => {
      source.close();
      setLive(false);
    };
  }, [ended, runPath, queryClient]);

  return { lines, live };
}
