import type { Alert, AlertInput } from './alerts.js';
import { pct } from './trends.js';

/** The structural, membership and knowledge alerts of §4 (the flow and responsiveness ones are in alerts.ts). */
type Rule = (input: AlertInput) => Alert | null;
const mention = (u: string) => `<@${u}>`;
const names = (users: string[], max = 5) =>
  users.slice(0, max).map(mention).join(', ') + (users.length > max ? ` and ${users.length - max} more` : '');

export const concentrationRisk: Rule = ({ metrics, thresholds: t }) => {
  const s = metrics.structure;
  if (s.answers28d < t.concentrationMinAnswers) return null;
  const fewCarry = s.absenceFactor !== null && s.absenceFactor <= t.concentrationAbsence;
  const oneCarries = s.topAnswererShare28d !== null && s.topAnswererShare28d > t.concentrationShare;
  if (!fewCarry && !oneCarries) return null;
  return {
    id: 'concentration-risk',
    severity: 50,
    text: `🏋️ *Answers rest on ${s.absenceFactor} ${s.absenceFactor === 1 ? 'person' : 'people'}*: ${s.topAnswerer28d ? mention(s.topAnswerer28d) : 'one person'} gave ${pct(s.topAnswererShare28d)} of ${s.answers28d} answers in 28 days`,
    action: null,
    nextStep: 'Pair a regular with the top answerer on the next few questions',
  };
};

export const expertiseGap: Rule = ({ metrics }) => {
  const gaps = metrics.structure.gaps;
  if (gaps.length === 0) return null;
  return {
    id: 'expertise-gap',
    severity: 55,
    text: `🧩 *Expertise gap*: questions about ${gaps
      .slice(0, 5)
      .map((g) => `#${g}`)
      .join(', ')} and nobody answering or declared`,
    action: null,
    nextStep: `Find someone who knows #${gaps[0]} and invite them to declare it with /expertise`,
  };
};

export const expertOverload: Rule = ({ metrics, thresholds: t }) => {
  const s = metrics.structure;
  const routed = s.mostRouted !== null && s.maxRoutedToOne > t.overloadRouted;
  const share =
    s.topAnswererWeek !== null &&
    s.answersInWeek >= t.overloadMinAnswers &&
    (s.topAnswererWeekShare ?? 0) > t.overloadShare;
  if (!routed && !share) return null;
  const who = routed ? (s.mostRouted as string) : (s.topAnswererWeek as string);
  return {
    id: 'expert-overload',
    severity: 45,
    text: routed
      ? `🔥 *Expert overload*: ${mention(who)} was routed ${s.maxRoutedToOne} questions this week`
      : `🔥 *Expert overload*: ${mention(who)} gave ${pct(s.topAnswererWeekShare)} of this week's ${s.answersInWeek} answers`,
    action: null,
    nextStep: `Give ${mention(who)} a break: lower their weekly cap or add experts for their tags`,
  };
};

export const lapsingCore: Rule = ({ metrics }) => {
  const users = metrics.membership.lapsingCore;
  if (users.length === 0) return null;
  return {
    id: 'lapsing-core',
    severity: 40,
    text: `🌙 *Regulars gone quiet for 21 days*: ${names(users)}`,
    action: { type: 'nudge', users: users.slice(0, 20) },
    nextStep: `Check in with ${mention(users[0])}: a personal note brings regulars back`,
  };
};

export const newcomerNeglect: Rule = ({ metrics, thresholds: t }) => {
  const neglected = metrics.values.neglectedNewcomers;
  const rate = metrics.membership.activationRate;
  const lowActivation = rate !== null && rate < t.newcomerActivation;
  if (neglected.length === 0 && !lowActivation) return null;
  return {
    id: 'newcomer-neglect',
    severity: 75,
    text:
      neglected.length > 0
        ? `👋 *${neglected.length} newcomer${neglected.length === 1 ? '' : 's'} got no reply within 24h*: ${names(neglected)}`
        : `👋 *Only ${pct(rate)} of newcomers took part* within 14 days of joining (28-day window)`,
    action: neglected.length > 0 ? { type: 'nudge', users: neglected.slice(0, 20) } : null,
    nextStep: `Welcome ${neglected.length || 'the'} silent newcomer${neglected.length === 1 ? '' : 's'} personally`,
  };
};

export const membershipShrinking: Rule = ({ metrics, history }) => {
  const m = metrics.membership;
  const last = history.at(-1);
  if (!last || m.left <= m.joined || last.left <= last.joined) return null;
  return {
    id: 'membership-shrinking',
    severity: 35,
    text: `🚪 *More leaving than joining two weeks running* (this week +${m.joined} / −${m.left})`,
    action: null,
    nextStep: null,
  };
};

export const knowledgeNotCaptured: Rule = ({ metrics, history, thresholds: t }) => {
  const k = metrics.knowledge;
  const lastThree = history.slice(-3);
  const noReuse = lastThree.length === 3 && k.reuses === 0 && lastThree.every((s) => s.reuses === 0);
  if (k.acceptedWithoutEntry <= t.uncapturedAnswers && !noReuse) return null;
  return {
    id: 'knowledge-not-captured',
    severity: 30,
    text:
      k.acceptedWithoutEntry > t.uncapturedAnswers
        ? `📚 *${k.acceptedWithoutEntry} accepted answers not saved* to the knowledge base after 7 days`
        : '📚 *No knowledge reused for 4 weeks*: entries are not being found',
    action: null,
    nextStep: 'Ask answerers to turn their accepted threads into knowledge entries (⋯ → Save to knowledge base)',
  };
};

export const domainSilence: Rule = ({ metrics }) => {
  if (metrics.responsiveness.questionsAsked14d > 0) return null;
  return {
    id: 'domain-silence',
    severity: 25,
    text: '🤫 *No questions for 14 days*',
    action: null,
    nextStep: 'Seed a question from a recent real problem in the domain',
  };
};
