/**
 * The scheduled event that starts a feed poll (CONVENTIONS "Scheduled events"), shared by the stack (the
 * schedule's input), the poller (its schema) and the replay samples. Side-effect free, so synth can import it.
 */
export const SCHEDULE_SOURCE = "wirewatch.schedule";
export const POLL_FEEDS_DETAIL_TYPE = "Poll feeds";
/** How often the poller runs; each feed is polled when it is due (its own --every, 5 minutes at least). */
export const POLL_FEEDS_RATE_MINUTES = 5;
