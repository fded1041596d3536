/**
 * One run per key at a time. Requests arriving while a key's run is in flight coalesce into a
 * single follow-up that starts when it ends, so a burst of N requests costs two runs, not N. A
 * follow-up is a run like any other: requests arriving while it is in flight queue the next one,
 * and once a key is idle the next request starts afresh.
 *
 * Each request carries a flag; a follow-up runs with the OR of its requests' flags, so a request
 * that asks for more (a snapshot at resolve) is never absorbed by one that asked for less.
 */
export interface CoalescingRuns<T> {
  request(key: string, flag: boolean): Promise<T>;
  /** The run a request made now would share: the queued follow-up, else the one in flight. */
  inFlight(key: string): Promise<T> | undefined;
}

interface Slot<T> {
  task: Promise<T>;
  followUp?: { flag: boolean; task: Promise<T> };
}

export function createCoalescingRuns<T>(run: (key: string, flag: boolean) => Promise<T>): CoalescingRuns<T> {
  const slots = new Map<string, Slot<T>>();

  const start = (key: string, flag: boolean): Promise<T> => {
    const slot: Slot<T> = { task: run(key, flag) };
    slots.set(key, slot);
    void slot.task
      .catch(() => undefined)
      .then(() => {
        // With a follow-up queued, it takes the key over when it starts (below).
        if (slots.get(key) === slot && !slot.followUp) slots.delete(key);
      });
    return slot.task;
  };

  return {
    request(key, flag) {
      const slot = slots.get(key);
      if (!slot) return start(key, flag);
      if (slot.followUp) {
        slot.followUp.flag ||= flag;
        return slot.followUp.task;
      }
      const followUp: { flag: boolean; task: Promise<T> } = {
        flag,
        // Reads the flag when it starts, after every request made meanwhile has OR-ed its own in.
        task: slot.task.catch(() => undefined).then(() => start(key, followUp.flag)),
      };
      slot.followUp = followUp;
      return followUp.task;
    },
    inFlight(key) {
      const slot = slots.get(key);
      return slot ? (slot.followUp?.task ?? slot.task) : undefined;
    },
  };
}
