/** A community's settings as the coordinator edits them in the /cop modal. */
export interface CommunitySettings {
  name: string;
  domainDescription: string;
  channels: string[];
  coordinators: string[];
  /** Tags with their synonyms, from lines like "postgres: pg, postgresql". */
  vocabulary: Array<{ tag: string; synonyms: string[] }>;
  expertsPerQuestion: number;
  answerTargetHours: number;
  freshnessDays: number;
  /** The digest schedule as cron (derived from day + time, or typed by the coordinator). */
  digestCron: string;
  digestTz: string;
  digestToCoordinators: boolean;
  digestChannelId: string | null;
  thresholds: Record<string, number>;
  archived: boolean;
}

export const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;

/** "M H * * D" → weekday and HH:MM, or null when the cron is anything more elaborate. */
export function simpleWeekly(cron: string): { weekday: number; time: string } | null {
  const m = /^(\d{1,2}) (\d{1,2}) \* \* ([0-6])$/.exec(cron.trim());
  if (!m) return null;
  return { weekday: Number(m[3]), time: `${m[2].padStart(2, '0')}:${m[1].padStart(2, '0')}` };
}

/** The vocabulary as the modal shows it: one tag per line, synonyms after a colon. */
export function vocabularyText(vocabulary: CommunitySettings['vocabulary'], max = 3000): string {
  let out = '';
  for (const v of vocabulary) {
    const line = v.synonyms.length ? `${v.tag}: ${v.synonyms.join(', ')}` : v.tag;
    if (out.length + line.length + 1 > max) break;
    out += (out ? '\n' : '') + line;
  }
  return out;
}
