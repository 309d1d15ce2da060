import { describe, expect, it } from '@jest/globals';
import { canonicalTags, explicitTags, synonymOf, vocabularyTagsIn } from '../../../src/questions/tags.js';

// Words like these are everyday vocabulary in programming questions; a plain object answers them with
// Object.prototype's functions, which then travelled on as "tags" and broke the question's tagging.
const PROTOTYPE_WORDS = ['constructor', 'tostring', 'valueof', 'hasownproperty', '__proto__'];

describe('tags and synonyms', () => {
  it('maps only real synonyms, whatever the word', () => {
    const synonyms = { pg: 'postgres' };
    expect(synonymOf(synonyms, 'pg')).toBe('postgres');
    for (const word of PROTOTYPE_WORDS) expect(synonymOf(synonyms, word)).toBeUndefined();
    expect(canonicalTags(['#PG', 'constructor', 'toString', 'pg'], synonyms)).toEqual([
      'postgres',
      'constructor',
      'tostring',
    ]);
  });

  it('finds vocabulary tags in free text without mistaking prototype words for synonyms', () => {
    const vocabulary = { tags: ['postgres', 'constructor'], synonyms: { pg: 'postgres' } };
    const text = 'Why does my constructor call toString() and valueOf before pg connects? __proto__ is odd too';
    expect(vocabularyTagsIn(text, vocabulary)).toEqual(['constructor', 'postgres']);
    expect(vocabularyTagsIn('the constructor runs twice', { tags: [], synonyms: {} })).toEqual([]);
  });

  it('reads #tags the asker typed, not channel references', () => {
    expect(explicitTags('Is #constructor injection ok in <#C123|general>? #Spring-Boot')).toEqual([
      'constructor',
      'spring-boot',
    ]);
  });
});
