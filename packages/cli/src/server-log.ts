/** Severity of a server log line, as log4j prints it. */
export type LogLevel = 'INFO' | 'WARN' | 'ERROR';

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** Local time as Kafka's log4j layout prints it: `2024-05-01 12:00:00,123`. */
export function logTimestamp(date: Date): string {
  const day = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
  return `${day} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())},${pad(date.getMilliseconds(), 3)}`;
}

/**
 * Formats one server log line in the shape of Kafka's server log (`[time] LEVEL [Component id=N] message
 * (logger)`), so that people and scripts used to reading a Kafka broker's output read ours the same way.
 */
export function logLine(level: LogLevel, component: string, message: string, now: Date = new Date()): string {
  return `[${logTimestamp(now)}] ${level} [${component}] ${message} (tributary.server.BrokerServer)\n`;
}
